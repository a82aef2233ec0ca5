"""The "who is more at risk" widget: a drug, one of its modifiers, a nights slider; one
figure (the group's half-life against its baseline — the same study's comparison group, or the
typical adult for a fold-change row — and the illustrative effect curve) updated in place.

Controls are bounded: the drug list holds only drugs with modifier rows, the modifier list
only that drug's rows, nights 1–14. Each change recomputes (closed form), sets the data of
the existing artists of the one :class:`~benzopk.figures_risk.ModifierPlot`, renders it
with Agg and puts the PNG into an ``ipywidgets.Image``. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..data import Dataset, Modifier, load_dataset
from ..display import live_with_picture
from ..figure import LABEL_TEXT
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, MAX_SLIDER_NIGHTS, check_nights
from .compute import ModifierComparison, compare_modifier, drugs_with_modifiers
from .figures import ModifierPlot
from .groups import short_group

__all__ = ["RiskWidget", "risk_widget"]


def _modifier_options(dataset: Dataset, drug: str) -> list[tuple[str, int]]:
    return [
        (f"{m.kind.replace('cyp3a4', 'CYP3A4')}: {short_group(m.group)}", i)
        for i, m in enumerate(dataset.modifiers_for(drug))
    ]


class RiskWidget:
    """One modifier row of a drug against its baseline (see module docstring).

    Attributes
    ----------
    drug, modifier, nights
        The controls (``Dropdown``, ``Dropdown`` of the drug's modifier rows, ``IntSlider``).
    plot
        The one :class:`ModifierPlot` whose artists are updated.
    comparison
        The :class:`~benzopk.risk.ModifierComparison` currently shown.
    box
        The ipywidgets layout to display.
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        drug: str = "triazolam",
        nights: int = 3,
    ) -> None:
        self.dataset = dataset if dataset is not None else load_dataset()
        drugs = drugs_with_modifiers(self.dataset)
        if not drugs:
            raise ValueError("the dataset has no modifier rows")
        chosen = drug if drug in drugs else drugs[0]
        self.drug = widgets.Dropdown(options=list(drugs), value=chosen, description="Drug")
        options = _modifier_options(self.dataset, chosen)
        self.modifier = widgets.Dropdown(
            options=options,
            value=options[0][1],
            description="Group",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="520px"),
        )
        self.nights = widgets.IntSlider(
            value=check_nights(nights, MAX_SLIDER_NIGHTS),
            min=1,
            max=MAX_SLIDER_NIGHTS,
            description="Nights",
            continuous_update=True,
        )
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.plot = ModifierPlot()
        self.comparison: ModifierComparison | None = None
        self._switching = False
        controls = widgets.VBox(
            [
                widgets.HTML(f"<b style='color:#8B0000'>{LABEL_TEXT}</b>"),
                self.drug,
                self.modifier,
                self.nights,
                widgets.HTML(
                    f"<small>One instant dose each bedtime ({DEFAULT_BEDTIME}), wake-up "
                    f"{DEFAULT_WAKE}; the drug with its active metabolites (those the study did "
                    "not measure at their typical half-life). The baseline is the same study's "
                    "comparison group; for a published fold change, the typical adult "
                    "half-life. The effect curve is illustrative, not measured.</small>"
                ),
                self.status,
            ]
        )
        self.box = widgets.VBox([controls, self.image])
        self.drug.observe(self._on_drug, names="value")
        self.modifier.observe(self._on_change, names="value")
        self.nights.observe(self._on_change, names="value")
        self.refresh()

    @property
    def selected(self) -> Modifier:
        """The modifier row the controls describe."""
        return self.dataset.modifiers_for(self.drug.value)[int(self.modifier.value)]

    def _on_drug(self, change: dict[str, Any]) -> None:
        options = _modifier_options(self.dataset, self.drug.value)
        self._switching = True  # one refresh for the new drug, not one per option change
        try:
            self.modifier.options = options
            self.modifier.value = options[0][1]
        finally:
            self._switching = False
        self.refresh()

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._switching:
            self.refresh()

    def refresh(self) -> None:
        """Recompute, update the figure's artists in place and redraw it into the image."""
        self.comparison = compare_modifier(self.dataset, self.selected, int(self.nights.value))
        self.plot.update(self.comparison)
        self.image.value = self.plot.png()
        row = self.comparison.row
        baseline, group = self.comparison.last_wake
        source = self.dataset.sources[row.modifier.source.source_id]
        status = html.escape(row.status)
        if row.outside_range:
            status = f"<b style='color:#8B0000'>{status}</b>"
        self.status.value = (
            f"<small>Baseline: {html.escape(row.baseline_label)}, t½ {row.baseline_h:g} h; "
            f"{html.escape(row.modifier.group)}: t½ {row.group_text} h "
            f"(×{row.ratio:.2f}). The group's t½ is {status}.<br>"
            f"Exposure: {html.escape(row.exposure_text)}.<br>"
            f"At wake-up after night {self.comparison.nights}: baseline "
            f"<b>{baseline:.3f}</b>, group <b>{group:.3f}</b> "
            f"(×{self.comparison.wake_ratio:.2f} with half-life and exposure; "
            f"×{self.comparison.half_life_wake_ratio:.2f} from the half-life alone), in units "
            "of one dose reaching the body at baseline, the drug's active metabolites "
            "included.<br>"
            f"Basis: {html.escape(row.modifier.basis)}; source: "
            f"{html.escape(source.citation)} ({html.escape(row.modifier.source.section)})."
            "</small>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return live_with_picture(self, self.box, self.plot.png(), self.plot.fig.alt_text, kwargs)


def risk_widget(drug: str = "triazolam", nights: int = 3) -> RiskWidget:
    """Make the "who is more at risk" widget (display it as a cell's last expression)."""
    return RiskWidget(drug=drug, nights=nights)
