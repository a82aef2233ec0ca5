"""Figures for active metabolites: parent and metabolite curves, elimination times, and how
the metabolite scales with the assumed conversion fraction.

Figures take computed results (:mod:`benzopk.metabolites.curves`), never the dataset.
Every figure is made with :func:`benzopk.figure.new_figure` (it draws "Teaching model — NOT
FOR DOSING" into the image) and states each conversion fraction, and whether it is an
assumption, in the panel itself. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes

from ..figure import PALETTE, STYLE, TeachingFigure, new_figure
from ..labels import LABEL_TEXT
from .compute import ActivitySummary
from .curves import CompoundCurves, FractionScaling

__all__ = [
    "elimination_times_figure",
    "fraction_scaling_figure",
    "nights_metabolites_figure",
    "single_dose_figure",
]

_PANEL_STYLE = {**STYLE, "font.size": 11, "axes.titlesize": 12, "legend.fontsize": 10,
                "xtick.labelsize": 10, "ytick.labelsize": 10, "lines.linewidth": 2.0}  # fmt: skip
_TOTAL_COLOUR = "#555555"


def _panel_title(curves: CompoundCurves) -> str:
    wrapped = [textwrap.fill(text, 74) for text in curves.link_labels]
    return f"{curves.drug}\n" + "\n".join(wrapped)


def _draw_compounds(ax: Axes, curves: CompoundCurves) -> None:
    """The parent solid (a prodrug has none: all dashed), metabolites dashed, sum dotted."""
    days = curves.times_h / 24.0
    for i, (name, t_half) in enumerate(zip(curves.names, curves.half_lives_h, strict=True)):
        ax.plot(
            days,
            curves.amounts[i],
            color=PALETTE[i % len(PALETTE)],
            ls="-" if i == 0 and not curves.prodrug else "--",
            label=f"{name} (t½ {t_half:.3g} h)",
        )
    total = curves.amounts.sum(axis=0)
    ax.plot(days, total, color=_TOTAL_COLOUR, ls=":", lw=2.2, label="parent + metabolites")


def _grid_of_axes(
    count: int, columns: int, width: float, row_height: float
) -> tuple[TeachingFigure, list[Axes]]:
    rows = max(1, math.ceil(count / columns))
    fig = new_figure(width, row_height * rows + 0.8)
    axes = fig.subplots(rows, columns, squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:count])


def single_dose_figure(panels: Sequence[CompoundCurves], columns: int = 2) -> TeachingFigure:
    """One panel per drug (:func:`~benzopk.metabolites.curves.single_dose_curves`): parent
    (solid), metabolites (dashed) and their sum (dotted) after one instant dose, until 97 %
    of the sum is gone; each metabolite's peak marked."""
    fig, axes = _grid_of_axes(len(panels), columns, 13.0, 4.3)
    described = []
    with matplotlib.rc_context(_PANEL_STYLE):
        for ax, curves in zip(axes, panels, strict=True):
            _draw_compounds(ax, curves)
            for i, (name, when, height) in enumerate(curves.peaks, start=1):
                ax.plot([when / 24.0], [height], marker="o", ms=8, color=PALETTE[i], ls="none")
                ax.annotate(
                    f"peak {when:.0f} h",
                    (when / 24.0, height),
                    xytext=(6, 6),
                    textcoords="offset points",
                    fontsize=10,
                    color=PALETTE[i],
                )
                described.append(f"{name} from {curves.drug} peaks {when:.0f} h after the dose")
            ax.set_ylim(0, 1.05)
            ax.set_xlim(0, float(curves.times_h[-1]) / 24.0)
            ax.set_title(_panel_title(curves), loc="left", fontsize=11)
            ax.grid(True, alpha=0.3)
            ax.legend(loc="upper right", frameon=True, framealpha=0.9)
        fig.supxlabel("Days after one instant dose")
        fig.supylabel("Fraction of one dose of the parent")
    fig.alt_text = (
        "Line charts, one per drug, of the parent (solid), its active metabolites (dashed) "
        "and their sum (dotted) after a single dose, with each panel stating the assumed "
        f"conversion fraction. {'; '.join(described)}. {LABEL_TEXT}."
    )
    return fig


def nights_metabolites_figure(panels: Sequence[CompoundCurves], columns: int = 2) -> TeachingFigure:
    """One panel per drug over its nights (:func:`~benzopk.metabolites.curves.nightly_curves`):
    parent, metabolites and their sum, the last wake-up marked with the metabolites' share."""
    fig, axes = _grid_of_axes(len(panels), columns, 13.0, 4.3)
    nights = panels[0].nights if panels else 0
    described = []
    with matplotlib.rc_context(_PANEL_STYLE):
        for ax, curves in zip(axes, panels, strict=True):
            _draw_compounds(ax, curves)
            share = curves.share_at_wake
            ax.axvline(curves.wake_h / 24.0, color="#333333", lw=1.2, ls="-.")
            ax.text(
                0.02,
                0.97,
                f"wake-up after night {curves.nights}:\nmetabolites {100 * share:.0f} % of the sum",
                transform=ax.transAxes,
                ha="left",
                va="top",
                fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "#999999", "alpha": 0.9},
            )
            top = float(np.max(curves.amounts.sum(axis=0)))
            ax.set_ylim(0, top * 1.65)  # room above the curves for the legend and the note
            ax.set_xlim(0, float(curves.times_h[-1]) / 24.0)
            ax.set_title(_panel_title(curves), loc="left", fontsize=11)
            ax.grid(True, alpha=0.3)
            ax.legend(loc="upper right", frameon=True, framealpha=0.9)
            described.append(f"{curves.drug}: metabolites {100 * share:.0f} %")
        fig.supxlabel(
            f"Days since the first bedtime dose (one instant dose each of {nights} nights)"
        )
        fig.supylabel("Fraction of one dose of the parent")
    fig.alt_text = (
        f"Line charts, one per drug, over {nights} nights of nightly use: parent (solid), "
        "active metabolites (dashed) and their sum (dotted), each panel stating the assumed "
        f"conversion fraction. Metabolites' share of the sum at wake-up after night {nights}: "
        f"{'; '.join(described)}. {LABEL_TEXT}."
    )
    return fig


def elimination_times_figure(summaries: Sequence[ActivitySummary]) -> TeachingFigure:
    """Horizontal bars: days after one dose until 97 % of the parent alone, and of parent +
    metabolites together, is gone."""
    ordered = list(summaries)[::-1]
    fig = new_figure(12.0, max(4.0, 0.8 * len(ordered) + 1.8))
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        y = np.arange(len(ordered))
        parent = np.array([s.hours_parent for s in ordered]) / 24.0
        total = np.array([s.hours_total for s in ordered]) / 24.0
        gone = f"{100 * (1 - ordered[0].remaining):.3g} %" if ordered else "97 %"
        ax.barh(y + 0.2, parent, height=0.4, color=PALETTE[0], label="parent alone")
        ax.barh(y - 0.2, total, height=0.4, color=PALETTE[1], label="parent + metabolites")
        for yi, p, t, s in zip(y, parent, total, ordered, strict=True):
            if s.prodrug:  # nothing of the parent circulates after an oral dose
                ax.text(0.1, yi + 0.2, "prodrug: none in the blood", va="center", fontsize=11)
                ax.text(t + 0.1, yi - 0.2, f"{t:.1f}", va="center", fontsize=11)
                continue
            ax.text(p + 0.1, yi + 0.2, f"{p:.1f}", va="center", fontsize=11)
            ax.text(t + 0.1, yi - 0.2, f"{t:.1f} (×{t / p:.1f})", va="center", fontsize=11)
        ax.set_yticks(
            y,
            [
                f"{s.drug} (prodrug)"
                if s.prodrug
                else f"{s.drug} (t½ {s.parent_half_life_h:.3g} h)"
                for s in ordered
            ],
        )
        ax.set_xlabel(f"Days after one instant dose until {gone} is gone")
        ax.set_title(
            f"How long until {gone} is gone: the parent alone vs parent + metabolites\n"
            "(metabolite fractions are assumptions, see the table)",
            loc="left",
            fontsize=13,
        )
        ax.set_xlim(0, float(np.max(total)) * 1.25 if len(ordered) else 1.0)
        ax.grid(True, axis="x", alpha=0.3)
        fig.legend(loc="outside lower center", ncol=2, frameon=False)
    listed = "; ".join(
        f"{s.drug} (prodrug: no parent in the blood) {s.hours_total / 24:.1f} days"
        if s.prodrug
        else f"{s.drug} {s.hours_parent / 24:.1f} vs {s.hours_total / 24:.1f} days"
        for s in summaries
    )
    fig.alt_text = (
        f"Bar chart of the days after one dose until 97 % of the parent alone, and of parent "
        f"plus metabolites, is gone: {listed}. {LABEL_TEXT}."
    )
    return fig


def fraction_scaling_figure(result: FractionScaling) -> TeachingFigure:
    """Left: the metabolite over the nights for each fraction
    (:func:`~benzopk.metabolites.curves.fraction_scaling`). Right: its amount at the last
    wake-up against the fraction — a straight line through zero."""
    r = result
    fig = new_figure(13.0, 5.8)
    with matplotlib.rc_context(_PANEL_STYLE):
        left, right = fig.subplots(1, 2, width_ratios=(1.6, 1.0))
        for i, (fraction, values) in enumerate(zip(r.fractions, r.curves, strict=True)):
            is_data = math.isclose(fraction, r.data_fraction)
            label = f"{100 * fraction:.3g} %" + (" (value in the data, assumed)" if is_data else "")
            left.plot(
                r.times_h / 24.0,
                values,
                color=PALETTE[i % len(PALETTE)],
                lw=3.0 if is_data else 1.8,
                label=label,
            )
        left.axvline(r.wake_h / 24.0, color="#333333", lw=1.2, ls="-.")
        left.set_xlabel(f"Days since the first bedtime dose ({r.nights} nightly doses)")
        left.set_ylabel(f"{r.metabolite}, fraction of one dose of {r.drug}")
        left.set_title(
            f"{r.metabolite} for different fractions of {r.parent} forming it", loc="left"
        )
        left.legend(title="fraction converted", loc="upper left", ncol=2)
        left.set_ylim(0, 1.5 * max(r.at_wake))
        left.grid(True, alpha=0.3)

        grid = np.linspace(0.0, 1.0, 101)
        slope = r.at_wake[-1] / r.fractions[-1]
        right.plot(grid, slope * grid, color="#777777", lw=1.5, label="straight line through 0")
        right.plot(r.fractions, r.at_wake, "o", ms=9, color=PALETTE[1], label="computed")
        right.axvline(r.data_fraction, color=PALETTE[0], ls="--", lw=1.5)
        right.text(
            r.data_fraction,
            0.02,
            " value in the data\n (an assumption)"
            if r.assumed
            else " value in the data\n (published)",
            transform=right.get_xaxis_transform(),
            fontsize=10,
            color=PALETTE[0],
        )
        right.set_xlim(0, 1)
        right.set_ylim(bottom=0)
        right.set_xlabel(f"fraction of {r.parent} forming {r.metabolite}")
        right.set_ylabel(f"{r.metabolite} at wake-up after night {r.nights}")
        right.set_title(textwrap.fill(r.label, 44), loc="left", fontsize=11)
        right.legend(loc="upper left")
        right.grid(True, alpha=0.3)
    listed = ", ".join(
        f"{100 * f:.3g} % → {a:.2f}" for f, a in zip(r.fractions, r.at_wake, strict=True)
    )
    fig.alt_text = (
        f"Line chart of {r.metabolite} over {r.nights} nights of {r.drug} for several "
        f"conversion fractions, and its amount at the last wake-up against the fraction: "
        f"{listed}, on a straight line through zero. {r.label}. {LABEL_TEXT}."
    )
    return fig
