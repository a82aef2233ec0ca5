"""Notebook 01's figures: the nights comparison (updated in place for the widget), the
morning-after chart per drug and the small multiples of the summary page. They take computed
results, never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib
import matplotlib.image
import numpy as np
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from ..figure import (
    LABEL_TEXT,
    LOG_FLOOR,
    PALETTE,
    SLEEP_COLOUR,
    STYLE,
    TeachingFigure,
    band_vertices,
    new_figure,
    sleep_vertices,
)
from .compute import ComparisonCurves, CompoundCurve
from .morning import DrugWake

__all__ = [
    "MORNING_AFTER_CAPTION",
    "NightsPlot",
    "morning_after_figure",
    "nights_figure",
    "small_multiples_figure",
]


class NightsPlot:
    """Fraction of a dose in the body over several nights, updated in place.

    One figure, created once. :meth:`update` sets the data of existing artists (lines, wake
    markers, range bands, sleep windows); artists are pooled, so changing the selection
    never creates a new figure.

    With ``interactive=True`` (the widget) the figure is rendered by blitting: the parts that
    do not change while a slider moves (axes, ticks, sleep windows, legend, label) are drawn
    once and cached; an update that keeps them redraws only the lines, markers, bands and
    title on top of the cached background.
    """

    def __init__(self, width: float = 11.0, height: float = 5.6, interactive: bool = False) -> None:
        self.interactive = interactive
        with matplotlib.rc_context(STYLE):
            self.fig = new_figure(width, height)
            self.ax: Axes = self.fig.add_subplot()
            self.ax.set_xlabel("Days since the first bedtime dose")
            self.ax.set_ylabel("Fraction of one dose in the body")
            self.ax.grid(True, alpha=0.3)
            self._sleep = PolyCollection(
                [], facecolors=SLEEP_COLOUR, edgecolors="none", alpha=0.45, zorder=0
            )
            self.ax.add_collection(self._sleep)
            self._title = self.ax.set_title("", loc="left", fontsize=13)
        self._lines: list[Line2D] = []
        self._markers: list[Line2D] = []
        self._bands: list[PolyCollection] = []
        self._mean_bounds: list[tuple[Line2D, Line2D]] = []
        # Below the legend, beside the axes: notes never cover the curves.
        self.note: Text = self.ax.text(
            1.02,
            0.0,
            "",
            transform=self.ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=10,
            color="#333333",
        )
        self.generation = 0
        self.full_redraws = 0
        self._canvas: FigureCanvasAgg | None = None
        self._background: Any = None
        self._structure: tuple[Any, ...] | None = None
        if interactive:
            self._canvas = FigureCanvasAgg(self.fig)

    def set_dpi(self, dpi: float) -> None:
        """Render at ``dpi`` from now on (e.g. larger for a projector); the figure keeps its
        size in inches, so fonts and lines scale with the pixels."""
        self.fig.set_dpi(dpi)
        self._background = None

    def _ensure(self, count: int) -> None:
        while len(self._lines) < count:
            (line,) = self.ax.plot([], [], lw=2.4, zorder=3, animated=self.interactive)
            (marker,) = self.ax.plot(
                [], [], ls="none", marker="o", ms=7, zorder=4, animated=self.interactive
            )
            band = PolyCollection([], alpha=0.18, edgecolors="none", zorder=2)
            band.set_animated(self.interactive)
            self.ax.add_collection(band)
            bounds = tuple(
                self.ax.plot([], [], lw=1.2, ls=":", zorder=2, animated=self.interactive)[0]
                for _ in range(2)
            )
            self._lines.append(line)
            self._markers.append(marker)
            self._bands.append(band)
            self._mean_bounds.append((bounds[0], bounds[1]))

    @property
    def lines(self) -> list[Line2D]:
        """The visible curve lines, in drawing order."""
        return [line for line in self._lines if line.get_visible()]

    def update(self, curves: ComparisonCurves, log_scale: bool = False) -> None:
        """Show ``curves``: set line data, bands, wake markers and sleep windows in place."""
        with matplotlib.rc_context(STYLE):
            self._update(curves, log_scale)

    def _update(self, curves: ComparisonCurves, log_scale: bool) -> None:
        items: Sequence[CompoundCurve] = curves.curves
        self._ensure(len(items))
        days = curves.times_h / 24.0
        colours: dict[str, str] = {}
        multi = {item.drug for item in items if item.is_total}
        for i, item in enumerate(items):
            colour = colours.setdefault(item.drug, PALETTE[len(colours) % len(PALETTE)])
            line, marker, band = self._lines[i], self._markers[i], self._bands[i]
            part = item.drug in multi and not item.is_total
            line.set_data(days, item.amount)
            line.set_color(colour)
            line.set_linestyle("--" if item.is_metabolite else "-")
            line.set_linewidth(1.5 if part else 3.0 if item.is_total else 2.4)
            line.set_label(item.short_label if self.interactive else item.label)
            line.set_visible(True)
            marker.set_data(curves.wake_times_h / 24.0, item.amount_at_wake)
            marker.set_color(colour)
            marker.set_markerfacecolor("white" if item.is_metabolite else colour)
            marker.set_visible(not part)
            band.set_verts(band_vertices(days, item.band_low, item.band_high))
            band.set_facecolor(colour)
            band.set_visible(item.range_kind == "individual")
            for bound, values in zip(
                self._mean_bounds[i], (item.band_low, item.band_high), strict=True
            ):
                bound.set_data(days, values)
                bound.set_color(colour)
                bound.set_visible(item.range_kind == "study_means")
        for i in range(len(items), len(self._lines)):
            for artist in (self._lines[i], self._markers[i], self._bands[i], *self._mean_bounds[i]):
                artist.set_visible(False)
        # The widget's title leaves out the slider's position, so it stays in the cached
        # background (text is the slowest thing to draw); a static figure says it all.
        title = curves.schedule_title if self.interactive else curves.title
        self._title.set_text(textwrap.fill(title, 75))
        self.fig.alt_text = _nights_alt_text(curves, log_scale)
        self.generation += 1

        top = max((float(np.max(c.band_high)) for c in items), default=1.0)
        kinds = {c.range_kind for c in items}
        top = max(top, 1e-6) * 1.08
        if log_scale:
            top = max(top, LOG_FLOOR * 10)
        structure = (
            tuple((c.drug, c.name) for c in items),
            curves.settings.nights,
            curves.settings.bedtime,
            curves.settings.wake,
            curves.settings.absorption,
            log_scale,
            curves.note,
            curves.fixed_note,
            curves.assumption_note,
        )
        current_top = self.ax.get_ylim()[1]
        if structure == self._structure and 0.8 * current_top <= top <= current_top:
            return  # the cached background still holds: only the animated artists change
        self._structure = structure
        self._background = None
        bottom = LOG_FLOOR if log_scale else 0.0
        self.ax.set_yscale("log" if log_scale else "linear")
        self.ax.set_ylim(bottom, top)
        self.ax.set_xlim(float(days[0]), float(days[-1]))
        self._sleep.set_verts(
            sleep_vertices(curves.sleep_starts_h / 24.0, curves.sleep_ends_h / 24.0, bottom, top)
        )
        handles: list[Line2D | Patch] = [line for line in self._lines if line.get_visible()]
        handles.append(Patch(facecolor=SLEEP_COLOUR, alpha=0.45, label="asleep (bedtime → wake)"))
        if "individual" in kinds:
            handles.append(
                Patch(facecolor="#888888", alpha=0.25, label="range between people (individual)")
            )
        if "study_means" in kinds:
            handles.append(
                Line2D([], [], ls=":", color="#555555",
                       label="range of study means (not between people)")
            )  # fmt: skip
        handles.append(Line2D([], [], ls="none", marker="o", color="#555555", label="wake-up"))
        legend = self.ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False
        )
        legend.set_animated(False)
        notes = (curves.note, curves.fixed_note, curves.assumption_note)
        self.note.set_text("\n".join(textwrap.fill(t, 58) for t in notes if t))

    def _animated(self) -> list[Any]:
        bounds = [line for pair in self._mean_bounds for line in pair]
        visible = [
            a for a in (*self._bands, *bounds, *self._lines, *self._markers) if a.get_visible()
        ]
        return visible

    def png(self) -> bytes:
        """Render the figure with Agg to PNG bytes (blitting in interactive mode)."""
        if self._canvas is None:
            return self.fig.png_bytes()
        with matplotlib.rc_context(STYLE):
            if self._background is None:
                self._canvas.draw()  # type: ignore[no-untyped-call]  # all but the animated
                self._background = self._canvas.copy_from_bbox(  # type: ignore[no-untyped-call]
                    self.fig.bbox
                )
                self.full_redraws += 1
            else:
                self._canvas.restore_region(self._background)  # type: ignore[no-untyped-call]
            for artist in self._animated():
                self.fig.draw_artist(artist)
        rgba = np.asarray(self._canvas.buffer_rgba())  # type: ignore[no-untyped-call]
        return fast_png(rgba)


def fast_png(rgba: np.ndarray) -> bytes:
    """A PNG of an RGBA buffer for a live widget: 256 colours (flat plot colours survive;
    the file is about a third the size, so it encodes, travels and decodes faster) and the
    fastest zlib level."""
    image = PIL.Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
    paletted = image.quantize(256, method=PIL.Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    paletted.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _nights_alt_text(curves: ComparisonCurves, log_scale: bool) -> str:
    parts = []
    for item in curves.curves:
        wake = ", ".join(f"{v:.2f}" for v in item.amount_at_wake[:3])
        more = " …" if item.amount_at_wake.size > 3 else ""
        parts.append(f"{item.name}: {wake}{more}")
    axis = "logarithmic" if log_scale else "linear"
    return (
        f"Line chart ({axis} axis) of the fraction of one dose in the body over "
        f"{curves.settings.nights} night(s), sleep windows shaded, between-person half-life "
        "ranges as bands, ranges of study means as dotted lines. Amount at each wake-up — "
        f"{'; '.join(parts)}. {LABEL_TEXT}."
    )


def nights_figure(curves: ComparisonCurves, log_scale: bool = False) -> TeachingFigure:
    """A labelled figure of ``curves`` (see :class:`NightsPlot`)."""
    plot = NightsPlot()
    plot.update(curves, log_scale)
    return plot.fig


MORNING_AFTER_CAPTION = (
    "Each drug is its parent plus its active metabolites (a prodrug: only what it forms), "
    "summed in units of one dose of the parent (molar); metabolites are not equipotent "
    "with the parent. Typical half-lives, a dose at each bedtime."
)


def morning_after_figure(
    wakes: Sequence[DrugWake], nights_label: str = "steady state"
) -> TeachingFigure:
    """Horizontal bars per drug: what is left at wake-up after night 1 and at steady state,
    stacked by active compound (parent solid, metabolites hatched).

    ``wakes`` as from :func:`benzopk.drugwake.drug_wakes` (sorted, highest first). A drug
    whose value rests on an assumed link fraction is marked with an asterisk.
    """
    ordered = list(wakes)[::-1]
    height = max(4.0, 0.40 * len(ordered) + 2.4)
    fig = new_figure(11.0, height)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        y = np.arange(len(ordered))
        for offset, colour, attribute in (
            (0.2, PALETTE[1], "steady"),
            (-0.2, PALETTE[0], "night1"),
        ):
            for i, wake in enumerate(ordered):
                left = 0.0
                for j, amount in enumerate(getattr(wake, attribute)):
                    is_parent = j == 0 and not wake.prodrug
                    ax.barh(
                        y[i] + offset, amount, left=left, height=0.4, color=colour,
                        alpha=1.0 if is_parent else 0.55, hatch=None if is_parent else "///",
                        edgecolor="white", linewidth=0.6,
                    )  # fmt: skip
                    left += amount
        names = [
            w.name + (" (prodrug)" if w.prodrug else "") + (" *" if w.rests_on_assumption else "")
            for w in ordered
        ]
        ax.set_yticks(y, names)
        ax.set_xlabel(
            "At wake-up: fraction of one nightly dose of the parent (sum of active compounds)"
        )
        ax.set_title("The morning after: what is left at wake-up", loc="left")
        ax.grid(True, axis="x", alpha=0.3)
        handles = [
            Patch(facecolor=PALETTE[1], label=f"at wake-up, {nights_label}"),
            Patch(facecolor=PALETTE[0], label="at wake-up after night 1"),
            Patch(facecolor="#999999", alpha=0.55, hatch="///", edgecolor="white",
                  label="active metabolites (hatched part)"),
        ]  # fmt: skip
        ax.legend(handles=handles, loc="lower right")
        if ordered:
            top = max(w.fraction_at_wake_steady for w in ordered)
            ax.set_xlim(0, max(1.0, math.ceil(top * 10) / 10 + 0.1))
        note = MORNING_AFTER_CAPTION
        if any(w.rests_on_assumption for w in ordered):
            note += " * rests on an assumed (unpublished) link fraction."
        fig.supxlabel(textwrap.fill(note, 140), fontsize=9, color="#333333")

    def named(w: DrugWake) -> str:
        parts = " + ".join(w.compounds)
        return f"{w.name} ({parts}) {w.fraction_at_wake_steady:.2f}"

    top3 = ", ".join(named(w) for w in wakes[:3])
    low3 = ", ".join(named(w) for w in wakes[-3:])
    fig.alt_text = (
        f"Bar chart of what is left at wake-up after night 1 and at {nights_label}, for "
        f"{len(wakes)} drugs, each the sum of its active compounds in units of one dose of the "
        f"parent, sorted. Highest at {nights_label}: {top3}. Lowest: {low3}. {LABEL_TEXT}."
    )
    return fig


def small_multiples_figure(
    all_curves: Sequence[ComparisonCurves], columns: int = 4
) -> TeachingFigure:
    """One small panel per drug, same time axis, for the summary page: the sum of the drug's
    active compounds as a thick line, its compounds thin (metabolites dashed)."""
    count = len(all_curves)
    rows = max(1, math.ceil(count / columns))
    fig = new_figure(3.3 * columns, 2.5 * rows + 0.8)
    with matplotlib.rc_context({**STYLE, "font.size": 9, "axes.titlesize": 9.5,
                                "xtick.labelsize": 8, "ytick.labelsize": 8,
                                "lines.linewidth": 1.4}):  # fmt: skip
        axes = fig.subplots(rows, columns, sharex=True, squeeze=False)
        for ax in axes.flat[count:]:
            ax.set_visible(False)
        for ax, curves in zip(axes.flat, all_curves, strict=False):
            days = curves.times_h / 24.0
            for start, end in zip(curves.sleep_starts_h, curves.sleep_ends_h, strict=True):
                ax.axvspan(start / 24.0, end / 24.0, color=SLEEP_COLOUR, alpha=0.45, lw=0)
            compounds = [c for c in curves.curves if not c.is_total]
            for item in curves.curves:
                colour = PALETTE[1] if item.is_metabolite else PALETTE[0]
                if item.is_total:
                    ax.plot(days, item.amount, color="#000000", lw=2.2)
                else:
                    ax.plot(days, item.amount, color=colour, ls="--" if item.is_metabolite else "-")
            drug = curves.curves[0].drug if curves.curves else ""
            formed = [c.name for c in compounds if c.name != drug]
            title = drug + (" (prodrug)" if compounds and compounds[0].prodrug else "")
            if formed:
                title += "\n" + textwrap.shorten("with " + ", ".join(formed), 40)
            ax.set_title(title, loc="left")
            ax.set_ylim(bottom=0)
            ax.grid(True, alpha=0.3)
        fig.supxlabel(
            "Days since the first bedtime dose (one dose each bedtime). Thick black: sum of "
            "the active compounds (units of one dose of the parent); dashed: metabolites."
        )
        fig.supylabel("Fraction of one dose in the body")
    nights = all_curves[0].settings.nights if all_curves else 0
    fig.alt_text = (
        f"Small multiples: one panel per drug over {nights} nights of nightly use, the drug as "
        "a solid line, its active metabolites dashed and their sum thick black, sleep windows "
        "shaded. Short-acting drugs return near zero each day; long-acting drugs and drugs "
        f"with long-lived metabolites build up. {LABEL_TEXT}."
    )
    return fig
