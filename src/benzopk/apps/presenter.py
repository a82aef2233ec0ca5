"""The presenter app: the course's widgets on one page for a lecture room (``make app``).

:class:`Presenter` composes the existing widgets — it does not reimplement them:

- **Comparison** — :class:`~benzopk.nextday.widget.ComparisonWidget` (drugs over nights, sleep
  windows shaded);
- **Morning after** — :func:`~benzopk.nextday.figures.morning_after_figure` in an
  ``ipywidgets.Image``, redrawn when the comparison's bedtime, wake time or drug selection
  change (observed on the comparison's own controls);
- **Who is more at risk** — :class:`~benzopk.risk.widget.RiskWidget` (the modifier
  selector of notebook 05);
- **People, not averages** — :class:`~benzopk.population.widget.PopulationWidget` (the
  share of simulated people above an illustrative level at wake-up, notebook 07).

A banner with "Teaching model — NOT FOR DOSING" and the relative-units sentence sits above
the tabs, so it is always visible; every figure also carries the label in its image. Fonts,
controls and figures are enlarged by CSS scoped to the root box's class
(:data:`ROOT_CLASS`), and the figures are rendered at ``scale`` × 100 dpi so they stay
sharp at full width on a projector. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..data import Dataset, load_dataset
from ..labels import LABEL_TEXT
from ..nextday.compute import DEFAULT_COMPARISON_DRUGS
from ..nextday.figures import morning_after_figure
from ..nextday.morning import drug_wakes
from ..nextday.widget import ComparisonWidget
from ..population.widget import PopulationWidget
from ..risk.widget import RiskWidget

__all__ = ["BANNER_HTML", "ROOT_CLASS", "TAB_TITLES", "Presenter"]

ROOT_CLASS = "benzopk-presenter"
TAB_TITLES = ("Comparison", "Morning after", "Who is more at risk", "People, not averages")

BANNER_HTML = (
    f"<div class='benzopk-banner'><b>{html.escape(LABEL_TEXT)}.</b> Every amount shown is "
    "<i>relative</i>: the <b>fraction of one dose in the body</b> (an instant dose puts 1.0 in "
    "the body). There are no doses, no concentrations and no advice on treatment here; "
    "decisions about medicines belong with a prescriber.</div>"
)

# Readable from the back of a room: everything below is scoped to the root box's class.
PRESENTER_CSS = f"""<style>
.{ROOT_CLASS} {{
  --jp-widgets-font-size: 20px;
  --jp-widgets-inline-height: 40px;
  --jp-widgets-inline-label-width: 150px;
  --jp-widgets-inline-width: 520px;
  --jp-widgets-inline-width-short: 260px;
  --jp-widgets-slider-handle-size: 22px;
  --jp-widgets-slider-track-thickness: 6px;
  --jp-widgets-horizontal-tab-width: 330px;
  --jp-widgets-horizontal-tab-height: 48px;
  font-size: 20px;
  line-height: 1.4;
  width: 100%;
}}
.{ROOT_CLASS} .widget-label,
.{ROOT_CLASS} .widget-readout,
.{ROOT_CLASS} .widget-html-content,
.{ROOT_CLASS} .widget-inline-hbox,
.{ROOT_CLASS} select,
.{ROOT_CLASS} option,
.{ROOT_CLASS} button {{
  font-size: 20px;
}}
.{ROOT_CLASS} .widget-html-content small {{ font-size: 17px; }}
.{ROOT_CLASS} .widget-select-multiple {{ width: 720px !important; }}
.{ROOT_CLASS} .widget-toggle-button {{ width: auto; min-width: 150px; padding: 0 14px; }}
.{ROOT_CLASS} .widget-hslider {{ width: 680px !important; }}
.{ROOT_CLASS} .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab {{
  font-size: 22px;
  font-weight: bold;
}}
.{ROOT_CLASS} .widget-vbox {{ width: 100%; }}
.{ROOT_CLASS} img.widget-image {{
  width: 100% !important;
  max-width: 100% !important;
  height: auto;
}}
.{ROOT_CLASS} .benzopk-banner {{
  font-size: 22px;
  color: #222222;
  background: #FFF3F3;
  border: 3px solid #8B0000;
  border-radius: 6px;
  padding: 10px 16px;
  margin-bottom: 10px;
}}
.{ROOT_CLASS} .benzopk-banner b:first-child {{ color: #8B0000; }}
</style>"""


class Presenter:
    """The comparison, morning-after and modifier widgets, with the banner, for a projector.

    Parameters
    ----------
    dataset
        The dataset (default: the cited data shipped with the package).
    drugs, nights
        Passed to :class:`~benzopk.widgets.ComparisonWidget`.
    risk_drug
        The drug first shown by :class:`~benzopk.risk_widget.RiskWidget`.
    scale
        Figures are rendered at ``scale`` × 100 dpi and shown at the page's full width.

    Attributes
    ----------
    comparison, risk
        The library's widgets, as they are.
    morning_image
        The ``ipywidgets.Image`` of the morning-after chart.
    compounds
        Which compounds the morning-after chart shows: all, or those chosen in Comparison.
    tabs, box
        The ``Tab`` and the root ``VBox`` (CSS class :data:`ROOT_CLASS`) to display.
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        drugs: tuple[str, ...] = DEFAULT_COMPARISON_DRUGS,
        nights: int = 3,
        risk_drug: str = "triazolam",
        scale: float = 1.5,
    ) -> None:
        if not 0.5 <= scale <= 4.0:
            raise ValueError(f"scale must be between 0.5 and 4, got {scale}")
        self.dataset = dataset if dataset is not None else load_dataset()
        self.dpi = 100.0 * scale
        self.comparison = ComparisonWidget(dataset=self.dataset, drugs=drugs, nights=nights)
        self.risk = RiskWidget(dataset=self.dataset, drug=risk_drug, nights=nights)
        self.population = PopulationWidget(dataset=self.dataset)
        if scale != 1.0:
            self.comparison.plot.set_dpi(self.dpi)
            self.comparison.refresh()
            self.risk.plot.fig.set_dpi(self.dpi)
            self.risk.refresh()
            self.population.plot.set_dpi(self.dpi)
            self.population.refresh()

        self.compounds = widgets.ToggleButtons(
            options=[
                ("all drugs and metabolites", "all"),
                ("drugs chosen under Comparison", "selected"),
            ],
            value="all",
            description="Show",
        )
        self.morning_note = widgets.HTML()
        self.morning_image = widgets.Image(format="png", layout=widgets.Layout(width="100%"))
        self.morning_renders = 0
        morning_box = widgets.VBox(
            [
                widgets.HTML(
                    "<b>Fraction of one nightly dose left at wake-up</b>, after the first "
                    "night and once nightly use has reached steady state (typical half-life, "
                    "instant dose each bedtime). Bedtime, wake time and the drug choice come "
                    "from the Comparison tab. Fractions of different drugs are not "
                    "equipotent: this is not a ranking of next-day impairment."
                ),
                self.compounds,
                self.morning_note,
                self.morning_image,
            ]
        )

        self.banner = widgets.HTML(BANNER_HTML)
        self.tabs = widgets.Tab(
            children=[self.comparison.box, morning_box, self.risk.box, self.population.box],
            titles=TAB_TITLES,
        )
        self.box = widgets.VBox(
            [widgets.HTML(PRESENTER_CSS), self.banner, self.tabs],
            layout=widgets.Layout(width="100%"),
        )
        self.box.add_class(ROOT_CLASS)

        for control in (
            self.comparison.bedtime,
            self.comparison.wake,
            self.comparison.drug_select,
        ):
            control.observe(self._on_comparison_change, names="value")
        self.compounds.observe(self._on_comparison_change, names="value")
        self.refresh_morning_after()

    def _on_comparison_change(self, change: dict[str, Any]) -> None:
        if change["owner"] is self.comparison.drug_select and self.compounds.value == "all":
            return  # the chart of every compound does not depend on the selection
        self.refresh_morning_after()

    def refresh_morning_after(self) -> None:
        """Redraw the morning-after chart for the comparison's bedtime and wake time."""
        bedtime, wake = self.comparison.bedtime.value, self.comparison.wake.value
        drugs: tuple[str, ...] | None = None
        if self.compounds.value == "selected":
            drugs = tuple(self.comparison.drug_select.value)
            if not drugs:
                self.morning_note.value = "<i>Select at least one drug under Comparison.</i>"
                return
        if bedtime == wake:
            self.morning_note.value = "<i>Wake time must differ from bedtime.</i>"
            return
        wakes = drug_wakes(
            self.dataset,
            bedtime=bedtime,
            wake=wake,
            nights=int(self.comparison.nights.value),
            drugs=drugs,
        )
        fig = morning_after_figure(wakes)
        self.morning_image.value = fig.png_bytes(dpi=self.dpi)
        self.morning_renders += 1
        self.morning_note.value = (
            f"<small>Bedtime {html.escape(bedtime)}, wake-up {html.escape(wake)}. "
            f"{html.escape(fig.alt_text)}</small>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = f"Presenter ({LABEL_TEXT})"
        return bundle
