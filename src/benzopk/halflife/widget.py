"""The hypothetical-drug widget: one bounded half-life slider, one figure updated in place.

Each change recomputes one bedtime dose of a hypothetical drug (closed form), sets the data
of the existing artists of the one :class:`~benzopk.figures_halflife.HypotheticalDrugPlot`,
renders it with Agg and puts the PNG into an ``ipywidgets.Image``. Teaching model — NOT FOR
DOSING.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..display import live_with_picture
from ..figure import LABEL_TEXT
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE
from .compute import HYPOTHETICAL_MAX_H, HYPOTHETICAL_MIN_H, HypotheticalDrug, hypothetical_drug
from .figures import HypotheticalDrugPlot

__all__ = ["HalfLifeWidget", "hypothetical_drug_widget"]


class HalfLifeWidget:
    """Set the half-life of a hypothetical drug and see what is left at wake-up.

    Attributes
    ----------
    half_life
        The ``FloatSlider`` (hours, bounded by ``HYPOTHETICAL_MIN_H`` … ``HYPOTHETICAL_MAX_H``).
    plot
        The one :class:`HypotheticalDrugPlot` whose artists are updated.
    drug
        The :class:`~benzopk.halflife.HypotheticalDrug` currently shown.
    box
        The ipywidgets layout to display.
    """

    def __init__(self, half_life_h: float = 8.0, horizon_h: float = 72.0) -> None:
        self.horizon_h = float(horizon_h)
        value = float(half_life_h)
        if not HYPOTHETICAL_MIN_H <= value <= HYPOTHETICAL_MAX_H:  # also rejects NaN
            raise ValueError(
                f"half-life {half_life_h!r} h is outside the slider's range "
                f"{HYPOTHETICAL_MIN_H:g}–{HYPOTHETICAL_MAX_H:g} h"
            )
        self.half_life = widgets.FloatSlider(
            value=value,
            min=HYPOTHETICAL_MIN_H,
            max=HYPOTHETICAL_MAX_H,
            step=0.25,
            readout_format=".2f",
            description="t½ (h)",
            continuous_update=True,
            layout=widgets.Layout(width="520px"),
        )
        help_text = widgets.HTML(
            "<small>Half-life of a <b>hypothetical</b> drug, one instant dose at bedtime "
            f"({DEFAULT_BEDTIME}), wake-up at {DEFAULT_WAKE}.</small>"
        )
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.plot = HypotheticalDrugPlot()
        self.drug: HypotheticalDrug = hypothetical_drug(value, self.horizon_h)
        controls = widgets.VBox(
            [widgets.HTML(f"<b style='color:#8B0000'>{LABEL_TEXT}</b>"), self.half_life, help_text]
        )
        self.box = widgets.VBox([controls, self.image])
        self.half_life.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute, update the figure's artists in place and redraw it into the image."""
        self.drug = hypothetical_drug(float(self.half_life.value), self.horizon_h)
        self.plot.update(self.drug)
        self.image.value = self.plot.png()

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return live_with_picture(self, self.box, self.plot.png(), self.plot.fig.alt_text, kwargs)


def hypothetical_drug_widget(half_life_h: float = 8.0) -> HalfLifeWidget:
    """Make the hypothetical-drug widget (display it as a cell's last expression)."""
    return HalfLifeWidget(half_life_h=half_life_h)
