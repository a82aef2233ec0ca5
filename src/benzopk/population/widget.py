"""The "people, not averages" widget: a drug, a group, a level and a number of nights; one
figure (the amount at wake-up across virtual people after night 1 and night N) updated in
place.

Controls are bounded: every drug in the data; the groups are that drug's sex and older-age
rows of ``modifiers.csv`` plus the typical adult; the level 0.05–2 of one dose; nights
1–21 (``timeline.MAX_SLIDER_NIGHTS``). The seed is fixed and shown, so the same settings
always show the same virtual people. A level change re-counts the same people (no new
simulation); the figure's artists are set in place and only what changed is redrawn.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..data import Dataset, Modifier, load_dataset
from ..display import live_with_picture
from ..figure import LABEL_TEXT
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, MAX_SLIDER_NIGHTS, check_nights
from .compute import (
    DEFAULT_LEVEL,
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    PopulationResult,
    simulate_population,
)
from .figures import PopulationPlot
from .spread import TYPICAL_ADULT, population_groups
from .text import CAVEATS, level_note, share_line

__all__ = ["PopulationWidget", "population_widget"]

LEVEL_RANGE = (0.05, 2.0)
TYPICAL = -1  # the group option that stands for no group


def _group_options(dataset: Dataset, drug: str) -> list[tuple[str, int]]:
    groups = population_groups(dataset, drug)
    rows = enumerate(dataset.modifiers_for(drug))  # the index into modifiers_for(drug)
    return [(TYPICAL_ADULT, TYPICAL)] + [
        (f"{row.kind}: {row.group}", index) for index, row in rows if row in groups
    ]


class PopulationWidget:
    """Virtual people taking one drug (see the module docstring).

    Attributes
    ----------
    drug, group, level, nights
        The controls (``Dropdown``, ``Dropdown``, ``FloatSlider``, ``IntSlider``).
    plot
        The one :class:`PopulationPlot` whose artists are updated.
    result
        The :class:`~benzopk.population.PopulationResult` currently shown.
    box
        The ipywidgets layout to display.
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        drug: str = "flurazepam",
        level: float = DEFAULT_LEVEL,
        nights: int = 14,
        people: int = DEFAULT_PEOPLE,
        seed: int = DEFAULT_SEED,
    ) -> None:
        self.dataset = dataset if dataset is not None else load_dataset()
        self.people, self.seed = people, seed
        drugs = sorted(self.dataset.drugs)
        chosen = self.dataset.compound(drug).name
        if not LEVEL_RANGE[0] <= level <= LEVEL_RANGE[1]:
            raise ValueError(f"level must be in {LEVEL_RANGE[0]:g}–{LEVEL_RANGE[1]:g} of one dose")
        self.drug = widgets.Dropdown(options=drugs, value=chosen, description="Drug")
        options = _group_options(self.dataset, chosen)
        self.group = widgets.Dropdown(
            options=options,
            value=TYPICAL,
            description="Group",
            layout=widgets.Layout(width="520px"),
        )
        self.level = widgets.FloatSlider(
            value=level, min=LEVEL_RANGE[0], max=LEVEL_RANGE[1], step=0.05,
            description="Level", readout_format=".2f", continuous_update=True,
        )  # fmt: skip
        self.nights = widgets.IntSlider(
            value=check_nights(nights, MAX_SLIDER_NIGHTS),
            min=1,
            max=MAX_SLIDER_NIGHTS,
            description="Nights",
            continuous_update=True,
        )
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.plot = PopulationPlot(interactive=True)
        self.result: PopulationResult | None = None
        self._switching = False
        controls = widgets.VBox(
            [
                widgets.HTML(f"<b style='color:#8B0000'>{LABEL_TEXT}</b>"),
                self.drug,
                self.group,
                self.level,
                self.nights,
                widgets.HTML(
                    f"<small>{people} virtual people, fixed seed <b>{seed}</b> (the same "
                    f"people every time). One instant dose each bedtime ({DEFAULT_BEDTIME}), "
                    f"wake-up {DEFAULT_WAKE}; the drug with its active metabolites. Level: "
                    "a fraction of one dose of the chosen drug.</small>"
                ),
                self.status,
            ]
        )
        self.box = widgets.VBox([controls, self.image])
        self.drug.observe(self._on_drug, names="value")
        self.group.observe(self._on_change, names="value")
        self.nights.observe(self._on_change, names="value")
        self.level.observe(self._on_level, names="value")
        self.refresh()

    @property
    def selected(self) -> Modifier | None:
        """The group row the controls describe (None: the typical adult)."""
        index = int(self.group.value)
        return None if index == TYPICAL else self.dataset.modifiers_for(self.drug.value)[index]

    def _on_drug(self, change: dict[str, Any]) -> None:
        self._switching = True  # one refresh for the new drug, not one per option change
        try:
            self.group.options = _group_options(self.dataset, self.drug.value)
            self.group.value = TYPICAL
        finally:
            self._switching = False
        self.refresh()

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._switching:
            self.refresh()

    def _on_level(self, change: dict[str, Any]) -> None:
        if self.result is None:
            self.refresh()
        else:  # the same people, counted against another level
            self.show(self.result.with_level(float(self.level.value)))

    def refresh(self) -> None:
        """Simulate the people for the current controls and show them."""
        self.show(
            simulate_population(
                self.dataset,
                self.drug.value,
                group=self.selected,
                level=float(self.level.value),
                nights=int(self.nights.value),
                people=self.people,
                seed=self.seed,
            )
        )

    def show(self, result: PopulationResult) -> None:
        """Update the figure's artists in place, redraw it into the image, and the readout."""
        self.result = result
        self.plot.update(result)
        self.image.value = self.plot.png()
        r = result
        varying = ", ".join(r.varying) or "none: everybody at the typical half-lives"
        fixed = ", ".join(r.fixed)
        lines = [
            f"<b>{html.escape(share_line(r.share_night1))}</b>",
            f"<b>{html.escape(share_line(r.share_night_n))}</b>" if r.nights > 1 else "",
            f"Typical person (every t½ at its median): {r.typical_night1:.3f} after night 1"
            + (f", {r.typical_night_n:.3f} after night {r.nights}" if r.nights > 1 else "")
            + ".",
            f"Half-lives that vary between people: <b>{html.escape(varying)}</b>"
            + (f"; fixed at their typical value: {html.escape(fixed)}" if fixed else "")
            + ".",
            *(html.escape(f"{n}: {s.basis}.") for n, s in zip(r.compounds, r.spreads, strict=True)),
            f"Group: {html.escape(r.group.label)} — {html.escape(r.group.note)}.",
            f"<i>{html.escape(level_note(r.drug, r.level))}</i>",
            *(html.escape(c) for c in CAVEATS),
        ]
        self.status.value = "<small>" + "<br>".join(x for x in lines if x) + "</small>"

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return live_with_picture(self, self.box, self.plot.png(), self.plot.fig.alt_text, kwargs)


def population_widget(
    drug: str = "flurazepam", level: float = DEFAULT_LEVEL, nights: int = 14
) -> PopulationWidget:
    """Make the "people, not averages" widget (display it as a cell's last expression)."""
    return PopulationWidget(drug=drug, level=level, nights=nights)
