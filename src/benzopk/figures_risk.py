"""Figures for "who is more at risk": typical against modified half-life over nights with an
ILLUSTRATIVE concentration–effect curve (one figure, updated in place), and the bar chart of
modified/typical half-life ratios coloured by clearance route.

Every figure carries "Teaching model — NOT FOR DOSING" in the image (:func:`new_figure`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from .plots import LABEL_TEXT, PALETTE, SLEEP_COLOUR, STYLE, TeachingFigure, new_figure
from .risk import (
    ILLUSTRATIVE_A50,
    ILLUSTRATIVE_HILL,
    ILLUSTRATIVE_THRESHOLD,
    ModifiedHalfLife,
    ModifierComparison,
    amount_for_effect,
    illustrative_effect,
    short_group,
)

__all__ = ["ROUTE_COLOURS", "ModifierPlot", "modifier_figure", "ratio_figure"]

TYPICAL_COLOUR = PALETTE[0]
MODIFIED_COLOUR = PALETTE[1]
OUTSIDE_COLOUR = "#8B0000"
GUIDE_COLOUR = "#555555"
ROUTE_COLOURS = {"oxidation": PALETTE[4], "glucuronidation": PALETTE[2]}
AMOUNT_FLOOR = 0.01
AMOUNT_CEILING = 10.0


def _amount_text(value: float) -> str:
    return f"{value:.2f}" if value >= 0.01 else f"{value:.1e}"


class ModifierPlot:
    """Left: one nightly instant dose under the typical and the modified half-life. Right:
    the ILLUSTRATIVE Hill curve with both last wake-up amounts placed on it.

    One figure, created once; :meth:`update` sets the data of the existing artists (lines,
    wake-up markers, dose markers, sleep windows, effect markers, texts).
    """

    def __init__(self, width: float = 13.5, height: float = 6.2) -> None:
        with matplotlib.rc_context(STYLE):
            self.fig = new_figure(width, height)
            self.ax, self.effect_ax = self.fig.subplots(
                1, 2, gridspec_kw={"width_ratios": [2.1, 1.0]}
            )
            self._init_time_axes(self.ax)
            self._init_effect_axes(self.effect_ax)
        self.generation = 0

    def _init_time_axes(self, ax: Axes) -> None:
        ax.set_xlabel("Days since the first bedtime dose")
        ax.set_ylabel("Fraction of one dose in the body")
        ax.grid(True, alpha=0.3)
        self._sleep = PolyCollection(
            [], facecolors=SLEEP_COLOUR, edgecolors="none", alpha=0.45, zorder=0
        )
        ax.add_collection(self._sleep)
        (self.typical_line,) = ax.plot([], [], color=TYPICAL_COLOUR, zorder=3)
        (self.modified_line,) = ax.plot([], [], color=MODIFIED_COLOUR, ls="--", zorder=3)
        (self.typical_wake,) = ax.plot(
            [], [], ls="none", marker="o", ms=8, color=TYPICAL_COLOUR, zorder=4
        )
        (self.modified_wake,) = ax.plot(
            [], [], ls="none", marker="s", ms=8, color=MODIFIED_COLOUR, zorder=4
        )
        (self.doses,) = ax.plot(
            [], [], ls="none", marker="^", ms=11, color=GUIDE_COLOUR, zorder=5, clip_on=False
        )
        self.title: Text = ax.set_title("", loc="left", fontsize=13)
        self.range_note: Text = ax.text(
            0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=11.5,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.9,
                  "edgecolor": "#BBBBBB"},
            zorder=6,
        )  # fmt: skip
        ax.legend(
            handles=[
                Line2D([], [], color=TYPICAL_COLOUR, marker="o", label="typical adult t½"),
                Line2D(
                    [], [], color=MODIFIED_COLOUR, ls="--", marker="s", label="t½ in the group"
                ),
                Line2D(
                    [], [], ls="none", marker="^", color=GUIDE_COLOUR,
                    label="instant dose at bedtime",
                ),
                Patch(facecolor=SLEEP_COLOUR, alpha=0.45, label="asleep (bedtime → wake)"),
            ],
            loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False, fontsize=11,
        )  # fmt: skip

    def _init_effect_axes(self, ax: Axes) -> None:
        amounts = np.geomspace(1e-3, 100.0, 400)
        ax.plot(amounts, illustrative_effect(amounts), color="#333333", lw=2.0, zorder=2)
        ax.set_xscale("log")
        ax.set_ylim(0.0, 1.0)
        threshold_amount = amount_for_effect(ILLUSTRATIVE_THRESHOLD)
        ax.axhline(ILLUSTRATIVE_THRESHOLD, ls=":", lw=1.8, color=OUTSIDE_COLOUR, zorder=1)
        ax.axvspan(threshold_amount, 1000.0, color=OUTSIDE_COLOUR, alpha=0.06, lw=0, zorder=0)
        ax.text(
            0.02, ILLUSTRATIVE_THRESHOLD + 0.015, "illustrative threshold",
            transform=ax.get_yaxis_transform(), fontsize=10.5, color=OUTSIDE_COLOUR, va="bottom",
        )  # fmt: skip
        ax.text(
            0.03, 0.74, "ILLUSTRATIVE,\nnot measured",
            transform=ax.transAxes, ha="left", va="top", fontsize=12, fontweight="bold",
            color=OUTSIDE_COLOUR,
        )  # fmt: skip
        ax.text(
            0.03, 0.60,
            f"effect = Aⁿ/(Aⁿ + A50ⁿ)\nA50 = {ILLUSTRATIVE_A50:g}, n = {ILLUSTRATIVE_HILL:g};"
            "\nthe same invented\ncurve for every drug",
            transform=ax.transAxes, ha="left", va="top", fontsize=10.5, color="#333333",
        )  # fmt: skip
        ax.set_xlabel("Amount at the last wake-up\n(fraction of one dose, log axis)")
        ax.set_ylabel("Effect (fraction of maximum)")
        ax.set_title("Concentration–effect (illustrative)", loc="left", fontsize=13)
        ax.grid(True, alpha=0.3)
        (self.typical_effect,) = ax.plot(
            [], [], marker="o", ms=10, ls="none", color=TYPICAL_COLOUR, zorder=4
        )
        (self.modified_effect,) = ax.plot(
            [], [], marker="s", ms=10, ls="none", color=MODIFIED_COLOUR, zorder=4
        )
        (self.typical_guide,) = ax.plot([], [], ls="-", lw=1.2, color=TYPICAL_COLOUR, zorder=3)
        (self.modified_guide,) = ax.plot([], [], ls="--", lw=1.2, color=MODIFIED_COLOUR, zorder=3)
        self.effect_note: Text = ax.text(
            0.03, 0.97, "", transform=ax.transAxes, ha="left", va="top", fontsize=10.5,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.9,
                  "edgecolor": "#BBBBBB"},
            zorder=6,
        )  # fmt: skip

    def update(self, comparison: ModifierComparison) -> None:
        """Show ``comparison``: set the data of the existing artists."""
        with matplotlib.rc_context(STYLE):
            self._update(comparison)
        self.generation += 1

    def _update(self, c: ModifierComparison) -> None:
        row = c.row
        days = c.times_h / 24.0
        self.typical_line.set_data(days, c.typical)
        self.modified_line.set_data(days, c.modified)
        self.typical_wake.set_data(c.wake_times_h / 24.0, c.typical_at_wake)
        self.modified_wake.set_data(c.wake_times_h / 24.0, c.modified_at_wake)
        top = 1.4 * max(float(np.max(c.modified)), float(np.max(c.typical)), 1.0)
        self.doses.set_data(c.dose_times_h / 24.0, np.zeros_like(c.dose_times_h))
        self._sleep.set_verts(
            [
                np.array([[a, 0.0], [b, 0.0], [b, top], [a, top]])
                for a, b in zip(c.sleep_starts_h / 24.0, c.sleep_ends_h / 24.0, strict=True)
            ]
        )
        self.ax.set_xlim(0.0, float(days[-1]))
        self.ax.set_ylim(0.0, top)  # room above the curves for the range note
        self.title.set_text(
            textwrap.shorten(
                f"{row.drug}: typical adult vs {row.kind}, {short_group(row.modifier.group)}",
                80,
            )
            + f"\n{c.nights} night(s), one instant dose each bedtime {c.bedtime}, "
            f"wake {c.wake}"
        )
        derived = "\n(inferred from clearance, volume assumed unchanged)" if row.derived else ""
        self.range_note.set_text(
            f"typical adult t½ {row.typical_h:g} h · in the group {row.modified_text} h "
            f"(×{row.ratio:.2f})\n{row.status}{derived}"
        )
        self.range_note.set_color(OUTSIDE_COLOUR if row.outside_range else "#333333")
        self.range_note.set_fontweight("bold" if row.outside_range else "normal")

        typical, modified = c.last_wake
        e_typical, e_modified = (float(v) for v in illustrative_effect([typical, modified]))
        low = min(AMOUNT_FLOOR, 0.5 * min(typical, modified))
        high = max(AMOUNT_CEILING, 2.0 * max(typical, modified))
        self.effect_ax.set_xlim(low, high)
        self.typical_effect.set_data([typical], [e_typical])
        self.modified_effect.set_data([modified], [e_modified])
        self.typical_guide.set_data([typical, typical], [0.0, e_typical])
        self.modified_guide.set_data([modified, modified], [0.0, e_modified])
        self.effect_note.set_text(
            f"wake-up, night {c.nights}: amount → effect\n"
            f"typical {_amount_text(typical)} → {e_typical:.2f}\n"
            f"group {_amount_text(modified)} → {e_modified:.2f}"
        )
        wakes_t = ", ".join(_amount_text(v) for v in c.typical_at_wake[:4])
        wakes_m = ", ".join(_amount_text(v) for v in c.modified_at_wake[:4])
        more = " …" if c.nights > 4 else ""
        self.fig.alt_text = (
            f"Left: line chart of one nightly instant dose of {row.drug} over {c.nights} "
            f"night(s), under the typical adult half-life ({row.typical_h:g} h) and the "
            f"half-life in the group '{row.modifier.group}' ({row.modified_text} h, "
            f"{row.status}); amount at each wake-up, typical: {wakes_t}{more}; in the group: "
            f"{wakes_m}{more}. Right: an illustrative, not measured, concentration–effect "
            f"curve with an illustrative threshold; the last wake-up amounts sit at effects "
            f"{e_typical:.2f} (typical) and {e_modified:.2f} (group). {LABEL_TEXT}."
        )

    def png(self) -> bytes:
        """Render the figure with Agg to PNG bytes."""
        return self.fig.png_bytes()


def modifier_figure(comparison: ModifierComparison) -> TeachingFigure:
    """A labelled figure of ``comparison`` (see :class:`ModifierPlot`)."""
    plot = ModifierPlot()
    plot.update(comparison)
    return plot.fig


def _draw_ratio_panel(ax: Axes, rows: Sequence[ModifiedHalfLife], title: str) -> None:
    # top to bottom: oxidation then glucuronidation, each by decreasing ratio (barh draws
    # its first bar at the bottom, hence the reversal)
    ordered = sorted(rows, key=lambda r: (r.route != "oxidation", -r.ratio))[::-1]
    y = np.arange(len(ordered))
    ratios = np.array([r.ratio for r in ordered])
    colours = [ROUTE_COLOURS[r.route] for r in ordered]
    bars = ax.barh(y, ratios, height=0.7, color=colours, edgecolor="#333333", linewidth=0.6)
    for bar, row in zip(bars, ordered, strict=True):
        if row.derived:
            bar.set_hatch("//")
    tops = np.array([r.adult_max_h / r.typical_h for r in ordered])
    ax.plot(tops, y, ls="none", marker="|", ms=22, mew=2.6, color="#000000", zorder=4)
    ax.axvline(1.0, color=GUIDE_COLOUR, lw=1.4, ls="-", zorder=1)
    for yi, row in enumerate(ordered):
        text = f"×{row.ratio:.2f}" + ("  outside adult range" if row.outside_range else "")
        ax.text(
            max(row.ratio, row.adult_max_h / row.typical_h) + 0.08, yi, text, va="center",
            fontsize=10.5, color=OUTSIDE_COLOUR if row.outside_range else "#333333",
            fontweight="bold" if row.outside_range else "normal",
        )  # fmt: skip
    ax.set_yticks(y, [r.label for r in ordered])
    ax.set_ylim(-0.6, len(ordered) - 0.4)
    ax.set_title(title, loc="left", fontsize=13)
    ax.grid(True, axis="x", alpha=0.3)


def ratio_figure(rows: Sequence[ModifiedHalfLife]) -> TeachingFigure:
    """Bars of the modified/typical half-life ratio per modifier row, coloured by clearance
    route; top panel older age and liver impairment, bottom panel other medicines and sex."""
    age_liver = [r for r in rows if r.modifier.kind in ("older age", "liver impairment")]
    other = [r for r in rows if r not in age_liver]
    panels = [(p, t) for p, t in (
        (age_liver, "Older age and liver disease"),
        (other, "Other medicines (CYP inhibitors) and sex"),
    ) if p]  # fmt: skip
    counts = [len(p) for p, _ in panels] or [1]
    fig = new_figure(13.0, 0.42 * sum(counts) + 2.6 + 0.6 * len(counts))
    with matplotlib.rc_context({**STYLE, "ytick.labelsize": 11}):
        axes = fig.subplots(
            len(counts), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": counts}
        )[:, 0]
        for ax, (panel, title) in zip(axes, panels, strict=False):
            _draw_ratio_panel(ax, panel, title)
        highest = max((max(r.ratio, r.adult_max_h / r.typical_h) for r in rows), default=1.0)
        axes[-1].set_xlim(0.0, highest + 1.9)
        axes[-1].set_xlabel("Half-life in the group ÷ typical adult half-life (1 = unchanged)")
        axes[0].legend(
            handles=[
                Patch(facecolor=ROUTE_COLOURS["oxidation"], edgecolor="#333333",
                      label="oxidation (CYP enzymes)"),
                Patch(facecolor=ROUTE_COLOURS["glucuronidation"], edgecolor="#333333",
                      label="glucuronidation"),
                Patch(facecolor="white", edgecolor="#333333", hatch="//",
                      label="inferred from clearance ratio"),
                Line2D([], [], ls="none", marker="|", ms=14, mew=2.4, color="#000000",
                       label="longest published adult t½"),
            ],
            loc="lower right", fontsize=10.5, framealpha=0.95,
        )  # fmt: skip
    listing = "; ".join(
        f"{r.label} ×{r.ratio:.2f}{' (outside adult range)' if r.outside_range else ''}"
        for r in rows
    )
    fig.alt_text = (
        "Horizontal bar chart of the half-life in a group divided by the typical adult "
        "half-life, one bar per modifier row, coloured by clearance route (oxidation or "
        f"glucuronidation), with a tick at the longest published adult half-life: {listing}. "
        f"{LABEL_TEXT}."
    )
    return fig
