"""The drug-comparison widget: one figure, updated in place as controls change.

Controls are bounded (a select list of the dataset's drugs, clock times from a list, a
nights slider, a slider for the position in the published half-life range), so no
combination reaches an invalid state. Each change recomputes the curves, sets the data of
the existing lines of the one :class:`~benzopk.plots.NightsPlot` figure, renders it with
Agg and puts the PNG into an ``ipywidgets.Image``: no new figure per change.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..data import Dataset, load_dataset
from ..display import live_with_picture
from ..figure import LABEL_TEXT
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, MAX_SLIDER_NIGHTS, check_nights
from .compute import (
    DEFAULT_COMPARISON_DRUGS,
    ComparisonCurves,
    ComparisonSettings,
    compare,
    default_drugs,
)
from .figures import NightsPlot

__all__ = ["ComparisonWidget", "compare_drugs"]

#: The widget's time step: about one point per pixel of its figure over 14 nights, so a
#: slider move recomputes and redraws no more than the eye can see (the amounts at wake-up
#: are computed at the wake times themselves, whatever the step).
WIDGET_STEP_MINUTES = 10.0


def _clock_options(first_hour: int, hours: int) -> list[str]:
    times = []
    for step in range(hours * 2 + 1):
        minutes = (first_hour * 60 + step * 30) % (24 * 60)
        times.append(f"{minutes // 60:02d}:{minutes % 60:02d}")
    return times


BEDTIMES = _clock_options(19, 8)  # 19:00 … 03:00
WAKE_TIMES = _clock_options(4, 8)  # 04:00 … 12:00


class ComparisonWidget:
    """Compare drugs side by side over nights (see module docstring).

    Attributes
    ----------
    plot
        The one :class:`NightsPlot` whose lines are updated.
    curves
        The :class:`ComparisonCurves` currently shown.
    box
        The ipywidgets layout to display.
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        drugs: tuple[str, ...] = DEFAULT_COMPARISON_DRUGS,
        nights: int = 3,
    ) -> None:
        self.dataset = dataset if dataset is not None else load_dataset()
        options = []
        for name in sorted(self.dataset.drugs):
            products = [link.metabolite for link in self.dataset.metabolite_tree(name)]
            label = f"{name} (+ {', '.join(products)})" if products else name
            options.append((label, name))
        chosen = default_drugs(self.dataset, drugs) or (options[0][1],)
        self.drug_select = widgets.SelectMultiple(
            options=options,
            value=chosen,
            rows=10,
            description="Drugs",
            layout=widgets.Layout(width="340px"),
        )
        self.bedtime = widgets.Dropdown(
            options=BEDTIMES, value=DEFAULT_BEDTIME, description="Bedtime"
        )
        self.wake = widgets.Dropdown(options=WAKE_TIMES, value=DEFAULT_WAKE, description="Wake")
        self.nights = widgets.IntSlider(
            value=check_nights(nights, MAX_SLIDER_NIGHTS),
            min=1,
            max=MAX_SLIDER_NIGHTS,
            description="Nights",
            continuous_update=True,
        )
        self.absorption = widgets.ToggleButtons(
            options=[("instant dose", "instant"), ("oral absorption", "oral")],
            value="instant",
            description="Dose",
        )
        self.scale = widgets.ToggleButtons(
            options=[("linear", "linear"), ("log", "log")], value="linear", description="Axis"
        )
        self.position = widgets.FloatSlider(
            value=0.0,
            min=-1.0,
            max=1.0,
            step=0.05,
            readout_format="+.2f",
            description="Half-life",
            continuous_update=True,
            layout=widgets.Layout(width="420px"),
        )
        position_help = widgets.HTML(
            "<small>−1 = shortest value seen in a person · 0 = typical · +1 = longest. "
            "Moves only compounds with a published between-person (individual) range; a "
            "range of study means is drawn dotted and stays put.</small>"
        )
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.plot = NightsPlot(interactive=True)
        self.curves: ComparisonCurves | None = None
        controls = widgets.VBox(
            [
                widgets.HTML(f"<b style='color:#8B0000'>{LABEL_TEXT}</b>"),
                self.drug_select,
                self.bedtime,
                self.wake,
                self.nights,
                self.absorption,
                self.scale,
                self.position,
                position_help,
                self.status,
            ]
        )
        self.box = widgets.VBox([controls, self.image])
        for control in (
            self.drug_select,
            self.bedtime,
            self.wake,
            self.nights,
            self.absorption,
            self.scale,
            self.position,
        ):
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def settings(self) -> ComparisonSettings:
        """The settings the controls describe."""
        return ComparisonSettings(
            drugs=tuple(self.drug_select.value),
            bedtime=self.bedtime.value,
            wake=self.wake.value,
            nights=int(self.nights.value),
            absorption=self.absorption.value,
            position=float(self.position.value),
            step_minutes=WIDGET_STEP_MINUTES,
        )

    def _on_change(self, change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute, update the figure's artists in place and redraw it into the image."""
        settings = self.settings
        if not settings.drugs:
            self.status.value = "<i>Select at least one drug.</i>"
            return
        if settings.bedtime == settings.wake:
            self.status.value = "<i>Wake time must differ from bedtime.</i>"
            return
        self.curves = compare(self.dataset, settings)
        self.plot.update(self.curves, log_scale=self.scale.value == "log")
        self.image.value = self.plot.png()
        half_lives = ", ".join(
            f"{c.name} {c.half_life_h:.3g} h" for c in self.curves.curves if not c.is_total
        )
        notes = [f"<small>Half-lives shown: {html.escape(half_lives)}</small>"]
        notes += [f"<small>{html.escape(line)}</small>" for line in self.curves.skipped]
        if self.curves.fixed_note:
            notes.append(f"<small>{html.escape(self.curves.fixed_note)}</small>")
        self.status.value = "<br>".join(notes)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return live_with_picture(self, self.box, self.plot.png(), self.plot.fig.alt_text, kwargs)


def compare_drugs(
    drugs: tuple[str, ...] = DEFAULT_COMPARISON_DRUGS,
    nights: int = 3,
    dataset: Dataset | None = None,
) -> ComparisonWidget:
    """Make the comparison widget (display it as a cell's last expression)."""
    return ComparisonWidget(dataset=dataset, drugs=drugs, nights=nights)
