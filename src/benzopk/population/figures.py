"""Notebook 07's figure: the amount at wake-up across virtual people after night 1 and
night N — a histogram per night (share of people per bin) with the level, the share above
it, the typical person, and the assumptions and caveats drawn into the image. One figure,
updated in place for the widget. Takes computed results, never the dataset.

Every figure carries "Teaching model — NOT FOR DOSING" in the image (:func:`new_figure`).
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib
import numpy as np
import PIL.Image
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, StepPatch
from matplotlib.text import Text

from ..figure import LABEL_TEXT, PALETTE, STYLE, TeachingFigure, new_figure
from .compute import PopulationResult, Share
from .text import FIGURE_CAVEATS, level_note

__all__ = ["PopulationPlot", "amount_range", "histogram_edges", "population_figure"]

NIGHT_COLOURS = (PALETTE[0], PALETTE[1])
LEVEL_COLOUR = "#8B0000"
TYPICAL_COLOUR = "#333333"
BINS = 40
NOTE_WIDTH = 50


def amount_range(values: np.ndarray, level: float) -> tuple[float, float]:
    """The amounts and the level, padded: the span an amount axis needs."""
    low = min(level, float(np.min(values)))
    high = max(level, float(np.max(values)))
    pad = max(0.08 * (high - low), 0.02 * high)
    return max(0.0, low - pad), high + pad


def histogram_edges(low: float, high: float, level: float, bins: int = BINS) -> np.ndarray:
    """Evenly spaced bin edges from ``low`` to ``high``, with the level itself an edge
    where it lies inside (so every bin lies wholly above or below it)."""
    edges = np.linspace(low, high, bins + 1)
    return np.unique(np.append(edges, level)) if low < level < high else edges


class PopulationPlot:
    """Two panels (after night 1, after night N: each its own amount axis) of the amount at
    wake-up across people, and a panel of notes; :meth:`update` sets the data of the
    existing artists (histograms, level and typical-person lines, texts), never a new figure.

    With ``interactive=True`` (the widget) the layout is computed at the first rendering
    and then kept, and :meth:`png` encodes the canvas directly (256 colours, fast zlib).
    """

    def __init__(self, width: float = 13.0, height: float = 7.8, interactive: bool = False) -> None:
        self.interactive = interactive
        with matplotlib.rc_context(STYLE):
            self.fig = new_figure(width, height)
            grid = self.fig.add_gridspec(2, 2, width_ratios=[2.3, 1.0])
            self.axes: tuple[Axes, Axes] = (
                self.fig.add_subplot(grid[0, 0]),
                self.fig.add_subplot(grid[1, 0]),
            )
            self.note_ax = self.fig.add_subplot(grid[:, 1])
            self.note_ax.set_axis_off()
            empty, edges = np.zeros(1), np.array([0.0, 1.0])
            self.all_people: list[StepPatch] = []
            self.above: list[StepPatch] = []
            self.level_lines: list[Line2D] = []
            self.typical_lines: list[Line2D] = []
            self.share_texts: list[Text] = []
            self.titles: list[Text] = []
            for ax, colour in zip(self.axes, NIGHT_COLOURS, strict=True):
                ax.grid(True, alpha=0.3)
                ax.set_ylabel("People (% per bin)")
                self.above.append(ax.stairs(empty, edges, fill=True, color=colour, alpha=0.35))
                self.all_people.append(ax.stairs(empty, edges, color=colour, lw=2.0))
                self.level_lines.append(ax.axvline(1.0, color=LEVEL_COLOUR, ls="--", lw=2.2))
                self.typical_lines.append(ax.axvline(1.0, color=TYPICAL_COLOUR, ls=":", lw=1.8))
                self.share_texts.append(
                    ax.set_title("", loc="right", fontsize=12, fontweight="bold", color=colour)
                )
                self.titles.append(ax.set_title("", loc="left", fontsize=12.5))
            self.axes[1].set_xlabel("Amount at wake-up (fraction of one dose of the drug)")
            self.axes[1].legend(
                handles=[
                    Patch(facecolor="none", edgecolor="#555555", lw=2, label="all virtual people"),
                    Patch(facecolor="#555555", alpha=0.35, label="above the level"),
                    Line2D([], [], color=LEVEL_COLOUR, ls="--", label="level (illustrative)"),
                    Line2D([], [], color=TYPICAL_COLOUR, ls=":",
                           label="typical person (every t½ at its median)"),
                ],
                loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=10.5,
                frameon=False,
            )  # fmt: skip
            self.notes: Text = self.note_ax.text(
                0.0, 1.0, "", transform=self.note_ax.transAxes, ha="left", va="top",
                fontsize=9.5, color="#222222", linespacing=1.3,
            )  # fmt: skip
            self.level_text: Text = self.fig.supxlabel("", fontsize=10.5, color=LEVEL_COLOUR)
        self.generation = 0
        self.full_redraws = 0
        self._canvas = FigureCanvasAgg(self.fig) if interactive else None
        self._laid_out = False
        self._background: Any = None
        self._structure: tuple[Any, ...] | None = None
        for artist in self._animated():
            artist.set_animated(interactive)

    def _animated(self) -> list[Artist]:
        """What a level or a slider changes: redrawn over a cached background."""
        return [
            *self.above, *self.all_people, *self.level_lines, *self.typical_lines,
            *self.share_texts, self.level_text,
        ]  # fmt: skip

    def update(self, result: PopulationResult) -> None:
        """Show ``result``: set the data and texts of the existing artists."""
        with matplotlib.rc_context(STYLE):
            self._update(result)
        self.generation += 1

    def _update(self, r: PopulationResult) -> None:
        level = r.level
        heading = (
            textwrap.shorten(f"{r.drug} — {r.group.label}", 60)
            + f"\nAfter night 1 · {r.people} people · {r.bedtime} → {r.wake} · seed {r.seed}"
        )
        notes = _notes(r)
        # The same people (only the level moved): keep the axes while the level stays in
        # view, so the cached background holds and only the level's artists are redrawn.
        same = self._structure is not None and self._structure[:3] == (heading, notes, r.nights)
        panels = (
            (r.night1, r.share_night1, r.typical_night1),
            (r.night_n, r.share_night_n, r.typical_night_n),
        )
        for i, (amounts, share, typical) in enumerate(panels):
            ax = self.axes[i]
            low, high = amount_range(np.append(amounts, typical), level)
            shown = ax.get_xlim()
            if (
                same
                and shown[0] <= low
                and high <= shown[1]
                and high - low >= 0.35 * (shown[1] - shown[0])
            ):
                low, high = shown
            edges = histogram_edges(low, high, level)
            counts, _ = np.histogram(amounts, edges)
            percent = 100.0 * counts / r.people
            self.all_people[i].set_data(percent, edges)
            self.above[i].set_data(np.where(edges[:-1] >= level, percent, 0.0), edges)
            self.level_lines[i].set_xdata([level, level])
            self.typical_lines[i].set_xdata([typical, typical])
            self.share_texts[i].set_text(_share_text(share))
            self.titles[i].set_text(f"After night {share.night}")
            ax.set_xlim(low, high)
            needed, top = max(5.0, 1.3 * float(percent.max())), ax.get_ylim()[1]
            if not (same and 0.7 * top <= needed <= top):
                ax.set_ylim(0.0, needed)
        self.titles[0].set_text(heading)
        self.notes.set_text(notes)
        self.level_text.set_text(textwrap.fill(level_note(r.drug, level), 140))
        self.fig.alt_text = _alt_text(r)
        limits = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.axes)
        structure = (heading, notes, r.nights, limits)
        if structure != self._structure:
            self._structure = structure
            self._background = None  # the axes or the texts changed: draw everything

    def set_dpi(self, dpi: float) -> None:
        """Render at ``dpi`` from now on (the figure keeps its size in inches)."""
        self.fig.set_dpi(dpi)
        self._background = None

    def png(self) -> bytes:
        """Render the figure with Agg to PNG bytes; in interactive mode only what changed is
        drawn over the cached background when the axes and notes stay the same."""
        if self._canvas is None:
            return self.fig.png_bytes()
        canvas = self._canvas
        with matplotlib.rc_context(STYLE):
            if self._background is None:
                canvas.draw()  # type: ignore[no-untyped-call]  # all but the animated
                if not self._laid_out:  # keep the first layout: later draws skip the solver
                    self.fig.set_layout_engine("none")
                    self._laid_out = True
                self._background = canvas.copy_from_bbox(self.fig.bbox)  # type: ignore[no-untyped-call]
                self.full_redraws += 1
            else:
                canvas.restore_region(self._background)  # type: ignore[no-untyped-call]
            for artist in self._animated():
                self.fig.draw_artist(artist)
        rgba = np.asarray(canvas.buffer_rgba())  # type: ignore[no-untyped-call]
        image = PIL.Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
        buffer = io.BytesIO()
        image.quantize(256, method=PIL.Image.Quantize.FASTOCTREE).save(
            buffer, format="PNG", compress_level=1
        )
        return buffer.getvalue()


def _share_text(share: Share) -> str:
    return (
        f"{100 * share.fraction:.1f} % above the level\n"
        f"± {100 * share.standard_error:.1f} % (binomial SE)"
    )


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, NOTE_WIDTH, subsequent_indent=indent)


def _notes(r: PopulationResult) -> str:
    varying = ", ".join(r.varying) or "none (everybody at the typical half-lives)"
    parts = [_wrap(f"Half-lives that vary between people: {varying}.")]
    parts += [
        _wrap(f"• {name}: {spread.short}.", "  ")
        for name, spread in zip(r.compounds, r.spreads, strict=True)
    ]
    group = f"{r.group.label} — {r.group.note}" if r.group.kind else "typical adult, no shift"
    parts.append(_wrap(f"Group: {group}."))
    if r.assumed_links:
        parts.append(_wrap("Assumed link fractions: " + "; ".join(r.assumed_links) + "."))
    parts.append("")
    parts += [_wrap(f"• {c}", "  ") for c in FIGURE_CAVEATS]
    return "\n".join(parts)


def _alt_text(r: PopulationResult) -> str:
    one, last = r.share_night1, r.share_night_n
    return (
        f"Two histograms of the amount of {r.drug} and its active metabolites at wake-up "
        f"({r.wake}) across {r.people} virtual people ({r.group.label}), after night 1 and "
        f"after night {r.nights}, with an illustrative level at {r.level:g} of one dose: "
        f"{100 * one.fraction:.1f} % of people above it after night 1 and "
        f"{100 * last.fraction:.1f} % after night {r.nights}; typical person "
        f"{r.typical_night1:.3g} and {r.typical_night_n:.3g}. Half-lives that vary: "
        f"{', '.join(r.varying) or 'none'}. {LABEL_TEXT}."
    )


def population_figure(result: PopulationResult) -> TeachingFigure:
    """A labelled figure of ``result`` (see :class:`PopulationPlot`)."""
    plot = PopulationPlot()
    plot.update(result)
    return plot.fig
