"""Figures for "who is more at risk": a group's half-life against its baseline over nights
(the same study's comparison group, or the typical adult for a fold-change row) with an
ILLUSTRATIVE concentration–effect curve (one figure, updated in place), and the bar chart of
the group ÷ baseline ratios (within one study) coloured by clearance route.

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

from ..figure import LABEL_TEXT, PALETTE, SLEEP_COLOUR, STYLE, TeachingFigure, new_figure
from .compute import ModifiedHalfLife, ModifierComparison
from .effect import (
    ILLUSTRATIVE_A50,
    ILLUSTRATIVE_HILL,
    ILLUSTRATIVE_THRESHOLD,
    amount_for_effect,
    illustrative_effect,
)
from .groups import short_group

__all__ = ["ROUTE_COLOURS", "ModifierPlot", "modifier_figure", "ratio_figure"]

BASELINE_COLOUR = PALETTE[0]
GROUP_COLOUR = PALETTE[1]
OUTSIDE_COLOUR = "#8B0000"
GUIDE_COLOUR = "#555555"
ROUTE_COLOURS = {
    "oxidation": PALETTE[4],
    "nitroreduction": PALETTE[5],
    "glucuronidation": PALETTE[2],
    "decarboxylation": PALETTE[3],
    "": "#BBBBBB",
}
ROUTE_LABELS = {
    "oxidation": "oxidation (CYP enzymes)",
    "nitroreduction": "nitroreduction",
    "glucuronidation": "glucuronidation",
    "decarboxylation": "prodrug (decarboxylation)",
    "": "route not recorded",
}
AMOUNT_FLOOR = 0.01
AMOUNT_CEILING = 10.0


def _amount_text(value: float) -> str:
    return f"{value:.2f}" if value >= 0.01 else f"{value:.1e}"


class ModifierPlot:
    """Left: one nightly instant dose under the baseline half-life (the study's comparison
    group, or the typical adult for a fold-change row; the legend and the note say which) and
    the group's half-life. Right: the ILLUSTRATIVE Hill curve with both last wake-up amounts
    placed on it.

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
        ax.set_ylabel("Amount in the body\n(1 = one dose reaching the body at baseline)")
        ax.grid(True, alpha=0.3)
        self._sleep = PolyCollection(
            [], facecolors=SLEEP_COLOUR, edgecolors="none", alpha=0.45, zorder=0
        )
        ax.add_collection(self._sleep)
        (self.baseline_line,) = ax.plot([], [], color=BASELINE_COLOUR, zorder=3)
        (self.group_line,) = ax.plot([], [], color=GROUP_COLOUR, ls="--", zorder=3)
        (self.baseline_wake,) = ax.plot(
            [], [], ls="none", marker="o", ms=8, color=BASELINE_COLOUR, zorder=4
        )
        (self.group_wake,) = ax.plot(
            [], [], ls="none", marker="s", ms=8, color=GROUP_COLOUR, zorder=4
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
        self.legend = ax.legend(
            handles=[
                Line2D([], [], color=BASELINE_COLOUR, marker="o", label="baseline t½"),
                Line2D([], [], color=GROUP_COLOUR, ls="--", marker="s",
                       label="in the group (t½ and exposure)"),
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
        (self.baseline_effect,) = ax.plot(
            [], [], marker="o", ms=10, ls="none", color=BASELINE_COLOUR, zorder=4
        )
        (self.group_effect,) = ax.plot(
            [], [], marker="s", ms=10, ls="none", color=GROUP_COLOUR, zorder=4
        )
        (self.baseline_guide,) = ax.plot([], [], ls="-", lw=1.2, color=BASELINE_COLOUR, zorder=3)
        (self.group_guide,) = ax.plot([], [], ls="--", lw=1.2, color=GROUP_COLOUR, zorder=3)
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
        self.baseline_line.set_data(days, c.baseline)
        self.group_line.set_data(days, c.group)
        self.baseline_wake.set_data(c.wake_times_h / 24.0, c.baseline_at_wake)
        self.group_wake.set_data(c.wake_times_h / 24.0, c.group_at_wake)
        top = 1.45 * max(float(np.max(c.group)), float(np.max(c.baseline)), 1.0)
        self.doses.set_data(c.dose_times_h / 24.0, np.zeros_like(c.dose_times_h))
        self._sleep.set_verts(
            [
                np.array([[a, 0.0], [b, 0.0], [b, top], [a, top]])
                for a, b in zip(c.sleep_starts_h / 24.0, c.sleep_ends_h / 24.0, strict=True)
            ]
        )
        self.ax.set_xlim(0.0, float(days[-1]))
        self.ax.set_ylim(0.0, top)  # room above the curves for the range note
        baseline_name = "study's comparison group" if row.within_study else "typical adult"
        self.legend.get_texts()[0].set_text(f"baseline t½: {baseline_name}")
        self.title.set_text(
            textwrap.shorten(
                f"{row.drug}, {row.kind}: {short_group(row.modifier.group)} vs "
                f"{row.comparison_group}",
                90,
            )
            + f"\n{c.nights} night(s), one instant dose each bedtime {c.bedtime}, "
            f"wake {c.wake}"
        )
        derived = "\n(inferred from clearance, volume assumed unchanged)" if row.derived else ""
        which = "" if row.compound == row.drug else f" of {row.compound}"
        self.range_note.set_text(
            f"baseline t½{which} {row.baseline_h:g} h: "
            f"{textwrap.shorten(row.baseline_label, 50)}\n"
            f"in the group {row.group_text} h (×{row.ratio:.2f})\n"
            f"group t½ {textwrap.shorten(row.status, 70)}{derived}\n"
            f"{textwrap.fill(row.exposure_text, 62)}\n"
            f"last wake-up: ×{c.wake_ratio:.2f} (half-life alone ×{c.half_life_wake_ratio:.2f})"
        )
        self.range_note.set_color(OUTSIDE_COLOUR if row.outside_range else "#333333")
        self.range_note.set_fontweight("bold" if row.outside_range else "normal")

        baseline, group = c.last_wake
        e_baseline, e_group = (float(v) for v in illustrative_effect([baseline, group]))
        low = min(AMOUNT_FLOOR, 0.5 * min(baseline, group))
        high = max(AMOUNT_CEILING, 2.0 * max(baseline, group))
        self.effect_ax.set_xlim(low, high)
        self.baseline_effect.set_data([baseline], [e_baseline])
        self.group_effect.set_data([group], [e_group])
        self.baseline_guide.set_data([baseline, baseline], [0.0, e_baseline])
        self.group_guide.set_data([group, group], [0.0, e_group])
        self.effect_note.set_text(
            f"wake-up, night {c.nights}: amount → effect\n"
            f"baseline {_amount_text(baseline)} → {e_baseline:.2f}\n"
            f"group {_amount_text(group)} → {e_group:.2f}"
        )
        wakes_b = ", ".join(_amount_text(v) for v in c.baseline_at_wake[:4])
        wakes_g = ", ".join(_amount_text(v) for v in c.group_at_wake[:4])
        more = " …" if c.nights > 4 else ""
        self.fig.alt_text = (
            f"Left: line chart of one nightly instant dose of {row.drug} over {c.nights} "
            f"night(s), under the baseline half-life ({row.baseline_h:g} h, "
            f"{row.baseline_label}) and the half-life in the group '{row.modifier.group}' "
            f"({row.group_text} h, ×{row.ratio:.2f}; {row.status}); amount at each wake-up, "
            f"baseline: {wakes_b}{more}; in the group: {wakes_g}{more}. Right: an "
            "illustrative, not measured, concentration–effect curve with an illustrative "
            f"threshold; the last wake-up amounts sit at effects {e_baseline:.2f} (baseline) "
            f"and {e_group:.2f} (group). {LABEL_TEXT}."
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
    ordered = sorted(rows, key=lambda r: (r.route == "glucuronidation", r.route, -r.ratio))[::-1]
    y = np.arange(len(ordered))
    ratios = np.array([r.ratio for r in ordered])
    colours = [ROUTE_COLOURS.get(r.route, "#BBBBBB") for r in ordered]
    bars = ax.barh(y, ratios, height=0.7, color=colours, edgecolor="#333333", linewidth=0.6)
    for bar, row in zip(bars, ordered, strict=True):
        if row.derived:
            bar.set_hatch("//")
        if not row.within_study:
            bar.set_linestyle((0, (3, 2)))  # dashed outline: typical adult × fold change
            bar.set_linewidth(1.4)
    tops = np.array([_range_top(r) for r in ordered])
    ax.plot(tops, y, ls="none", marker="|", ms=22, mew=2.6, color="#000000", zorder=4)
    ax.axvline(1.0, color=GUIDE_COLOUR, lw=1.4, ls="-", zorder=1)
    for yi, row in enumerate(ordered):
        where = "adult range" if row.range_kind == "individual" else "range of study means"
        text = f"×{row.ratio:.2f}" + (f"  outside {where}" if row.outside_range else "")
        ax.text(
            max(row.ratio, _range_top(row)) + 0.08, yi, text, va="center",
            fontsize=10.5, color=OUTSIDE_COLOUR if row.outside_range else "#333333",
            fontweight="bold" if row.outside_range else "normal",
        )  # fmt: skip
    ax.set_yticks(y, [r.label for r in ordered])
    ax.set_ylim(-0.6, len(ordered) - 0.4)
    ax.set_title(title, loc="left", fontsize=13)
    ax.grid(True, axis="x", alpha=0.3)


def _range_top(row: ModifiedHalfLife) -> float:
    """The longest published adult half-life on the ratio axis of ``row`` (÷ its baseline):
    a bar past it means the group's half-life lies above the adult range."""
    return row.adult_max_h / row.baseline_h


def ratio_figure(rows: Sequence[ModifiedHalfLife]) -> TeachingFigure:
    """Bars of the group ÷ baseline half-life ratio per modifier row (within one study: the
    study's comparison group, or the published fold change), coloured by clearance route;
    top panel older age and liver impairment, bottom panel other medicines and sex."""
    age_liver = [r for r in rows if r.modifier.kind in ("older age", "liver impairment")]
    other = [r for r in rows if r not in age_liver]
    panels = [(p, t) for p, t in (
        (age_liver, "Older age and liver disease"),
        (other, "Other medicines (CYP inhibitors) and sex"),
    ) if p]  # fmt: skip
    counts = [len(p) for p, _ in panels] or [1]
    fig = new_figure(13.5, 0.42 * sum(counts) + 2.9 + 0.6 * len(counts))
    with matplotlib.rc_context({**STYLE, "ytick.labelsize": 11}):
        axes = fig.subplots(
            len(counts), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": counts}
        )[:, 0]
        for ax, (panel, title) in zip(axes, panels, strict=False):
            _draw_ratio_panel(ax, panel, title)
        highest = max((max(r.ratio, _range_top(r)) for r in rows), default=1.0)
        axes[-1].set_xlim(0.0, highest + 2.6)
        axes[-1].set_xlabel(
            "Half-life in the group ÷ baseline, within one study (1 = unchanged)\n"
            "baseline: the study's comparison group; for a published fold change, the typical "
            "adult"
        )
        axes[-1].legend(
            handles=[
                *(Patch(facecolor=ROUTE_COLOURS.get(route, "#BBBBBB"), edgecolor="#333333",
                        label=ROUTE_LABELS.get(route, route))
                  for route in dict.fromkeys(sorted(r.route for r in rows))),
                Patch(facecolor="white", edgecolor="#333333",
                      label="group ÷ study's comparison group"),
                Patch(facecolor="white", edgecolor="#333333", linestyle=(0, (3, 2)),
                      linewidth=1.4,
                      label="typical adult × published fold change (or unchanged)"),
                Patch(facecolor="white", edgecolor="#333333", hatch="//",
                      label="inferred from clearance ratio"),
                Line2D([], [], ls="none", marker="|", ms=14, mew=2.4, color="#000000",
                       label="longest published adult t½ ÷ baseline"),
            ],
            loc="lower right", fontsize=10.5, framealpha=0.95,
        )  # fmt: skip
    listing = "; ".join(
        f"{r.label} ×{r.ratio:.2f} against {r.baseline_label}"
        f"{' (outside adult range)' if r.outside_range else ''}"
        for r in rows
    )
    routes = ", ".join(sorted({r.route or "not recorded" for r in rows}))
    fig.alt_text = (
        "Horizontal bar chart of the half-life in a group divided by its baseline, within one "
        "study (the study's comparison group, or the typical adult half-life times a published "
        "fold change), one bar per modifier row, coloured by clearance route "
        f"({routes}), with a tick at the longest published adult half-life divided by the "
        f"baseline: {listing}. {LABEL_TEXT}."
    )
    return fig
