"""Figures for active metabolites: parent and metabolite curves, elimination times, and how
the metabolite scales with the assumed conversion fraction.

Every figure is made with :func:`benzopk.plots.new_figure` (it draws "Teaching model — NOT
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

from ..data import Dataset
from ..figure import PALETTE, STYLE, TeachingFigure, new_figure
from ..labels import LABEL_TEXT
from ..model import LinearSystem
from ..timeline import DEFAULT_NIGHTS, Timeline
from .compute import (
    ActivitySummary,
    fraction_label,
    hours_until_remaining,
    metabolite_at_wake,
    peak_time,
    share_at_wake,
    system_with_fractions,
)

__all__ = [
    "elimination_times_figure",
    "fraction_scaling_figure",
    "nights_metabolites_figure",
    "single_dose_figure",
]

_PANEL_STYLE = {**STYLE, "font.size": 11, "axes.titlesize": 12, "legend.fontsize": 10,
                "xtick.labelsize": 10, "ytick.labelsize": 10, "lines.linewidth": 2.0}  # fmt: skip
_TOTAL_COLOUR = "#555555"


def _labels(dataset: Dataset, drug: str) -> list[str]:
    return [fraction_label(link) for link in dataset.metabolite_tree(drug)]


def _panel_title(dataset: Dataset, drug: str) -> str:
    wrapped = [textwrap.fill(text, 74) for text in _labels(dataset, drug)]
    return f"{drug}\n" + "\n".join(wrapped)


def _draw_compounds(
    ax: Axes,
    system: LinearSystem,
    days: np.ndarray,
    values: np.ndarray,
    dataset: Dataset,
    prodrug: bool = False,
) -> None:
    """The parent solid (a prodrug has none in the system: all dashed), metabolites dashed."""
    for i, name in enumerate(system.names):
        t_half = dataset.compound(name).half_life.typical_h
        ax.plot(
            days,
            values[i],
            color=PALETTE[i % len(PALETTE)],
            ls="-" if i == 0 and not prodrug else "--",
            label=f"{name} (t½ {t_half:.3g} h)",
        )
    ax.plot(
        days, values.sum(axis=0), color=_TOTAL_COLOUR, ls=":", lw=2.2, label="parent + metabolites"
    )


def _grid_of_axes(
    count: int, columns: int, width: float, row_height: float
) -> tuple[TeachingFigure, list[Axes]]:
    rows = max(1, math.ceil(count / columns))
    fig = new_figure(width, row_height * rows + 0.8)
    axes = fig.subplots(rows, columns, squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:count])


def single_dose_figure(
    dataset: Dataset, drugs: Sequence[str], columns: int = 2, points: int = 1200
) -> TeachingFigure:
    """One panel per drug: parent (solid), metabolites (dashed) and their sum (dotted) after
    one instant dose, until 97 % of the sum is gone; each metabolite's peak marked."""
    fig, axes = _grid_of_axes(len(drugs), columns, 13.0, 4.3)
    systems = [system_with_fractions(dataset, drug) for drug in drugs]
    # One time axis for every panel, to the latest time at which 97 % of a sum is gone.
    end = 1.05 * max(hours_until_remaining(system) for system in systems)
    times = np.linspace(0.0, end, points)
    described = []
    with matplotlib.rc_context(_PANEL_STYLE):
        for ax, drug, system in zip(axes, drugs, systems, strict=True):
            values = system.amounts([0.0], times)
            _draw_compounds(ax, system, times / 24.0, values, dataset)
            for i, name in enumerate(system.names[1:], start=1):
                when = peak_time(system, name)
                height = float(system.amounts([0.0], [when])[i, 0])
                ax.plot([when / 24.0], [height], marker="o", ms=8, color=PALETTE[i], ls="none")
                ax.annotate(
                    f"peak {when:.0f} h",
                    (when / 24.0, height),
                    xytext=(6, 6),
                    textcoords="offset points",
                    fontsize=10,
                    color=PALETTE[i],
                )
                described.append(f"{name} from {drug} peaks {when:.0f} h after the dose")
            ax.set_ylim(0, 1.05)
            ax.set_xlim(0, end / 24.0)
            ax.set_title(_panel_title(dataset, drug), loc="left", fontsize=11)
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


def nights_metabolites_figure(
    dataset: Dataset,
    drugs: Sequence[str],
    nights: int = DEFAULT_NIGHTS,
    columns: int = 2,
    step_h: float = 0.1,
) -> TeachingFigure:
    """One panel per drug over ``nights`` nightly doses: parent, metabolites and their sum,
    the wake-up after the last night marked with the metabolites' share of the sum."""
    fig, axes = _grid_of_axes(len(drugs), columns, 13.0, 4.3)
    timeline = Timeline(nights=nights)
    wake, doses, times = (
        timeline.wake_after_night(nights),
        timeline.dose_times_h,
        timeline.grid(step_h),
    )
    described = []
    with matplotlib.rc_context(_PANEL_STYLE):
        for ax, drug in zip(axes, drugs, strict=True):
            system = system_with_fractions(dataset, drug)
            values = system.amounts(doses, times)
            prodrug = dataset.compound(drug).prodrug
            _draw_compounds(ax, system, times / 24.0, values, dataset, prodrug)
            share = share_at_wake(system, nights, has_parent=not prodrug)
            ax.axvline(wake / 24.0, color="#333333", lw=1.2, ls="-.")
            ax.text(
                0.02,
                0.97,
                f"wake-up after night {nights}:\nmetabolites {100 * share:.0f} % of the sum",
                transform=ax.transAxes,
                ha="left",
                va="top",
                fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "#999999", "alpha": 0.9},
            )
            top = float(np.max(values.sum(axis=0)))
            ax.set_ylim(0, top * 1.65)  # room above the curves for the legend and the note
            ax.set_xlim(0, times[-1] / 24.0)
            ax.set_title(_panel_title(dataset, drug), loc="left", fontsize=11)
            ax.grid(True, alpha=0.3)
            ax.legend(loc="upper right", frameon=True, framealpha=0.9)
            described.append(f"{drug}: metabolites {100 * share:.0f} %")
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


def fraction_scaling_figure(
    dataset: Dataset,
    drug: str,
    metabolite: str,
    factors: Sequence[float] = (0.5, 1.0, 1.5, 2.0),
    nights: int = DEFAULT_NIGHTS,
    step_h: float = 0.1,
) -> TeachingFigure:
    """Left: ``metabolite`` over ``nights`` nights for the data's fraction times each of
    ``factors`` (fractions above 1 are left out). Right: its amount at the last wake-up
    against the fraction — a straight line through zero."""
    name = dataset.compound(metabolite).name
    link = next(lk for lk in dataset.metabolite_tree(drug) if lk.metabolite == name)
    key = (link.parent, link.metabolite)
    fractions = sorted({f * link.fraction for f in factors if 0 < f * link.fraction <= 1})
    timeline = Timeline(nights=nights)
    wake, doses, times = (
        timeline.wake_after_night(nights),
        timeline.dose_times_h,
        timeline.grid(step_h),
    )
    fig = new_figure(13.0, 5.8)
    with matplotlib.rc_context(_PANEL_STYLE):
        left, right = fig.subplots(1, 2, width_ratios=(1.6, 1.0))
        at_wake = []
        for i, fraction in enumerate(fractions):
            system = system_with_fractions(dataset, drug, {key: fraction})
            values = system.amounts(doses, times)[system.index(name)]
            is_data = math.isclose(fraction, link.fraction)
            label = f"{100 * fraction:.3g} %" + (" (value in the data, assumed)" if is_data else "")
            left.plot(
                times / 24.0,
                values,
                color=PALETTE[i % len(PALETTE)],
                lw=3.0 if is_data else 1.8,
                label=label,
            )
            at_wake.append(metabolite_at_wake(dataset, drug, name, {key: fraction}, nights))
        left.axvline(wake / 24.0, color="#333333", lw=1.2, ls="-.")
        left.set_xlabel(f"Days since the first bedtime dose ({nights} nightly doses)")
        left.set_ylabel(f"{name}, fraction of one dose of {drug}")
        left.set_title(f"{name} for different fractions of {link.parent} forming it", loc="left")
        left.legend(title="fraction converted", loc="upper left", ncol=2)
        left.set_ylim(0, 1.5 * max(at_wake))
        left.grid(True, alpha=0.3)

        grid = np.linspace(0.0, 1.0, 101)
        slope = at_wake[-1] / fractions[-1]
        right.plot(grid, slope * grid, color="#777777", lw=1.5, label="straight line through 0")
        right.plot(fractions, at_wake, "o", ms=9, color=PALETTE[1], label="computed")
        right.axvline(link.fraction, color=PALETTE[0], ls="--", lw=1.5)
        right.text(
            link.fraction,
            0.02,
            " value in the data\n (an assumption)"
            if link.is_assumption
            else " value in the data\n (published)",
            transform=right.get_xaxis_transform(),
            fontsize=10,
            color=PALETTE[0],
        )
        right.set_xlim(0, 1)
        right.set_ylim(bottom=0)
        right.set_xlabel(f"fraction of {link.parent} forming {name}")
        right.set_ylabel(f"{name} at wake-up after night {nights}")
        right.set_title(textwrap.fill(fraction_label(link), 44), loc="left", fontsize=11)
        right.legend(loc="upper left")
        right.grid(True, alpha=0.3)
    listed = ", ".join(
        f"{100 * f:.3g} % → {a:.2f}" for f, a in zip(fractions, at_wake, strict=True)
    )
    fig.alt_text = (
        f"Line chart of {name} over {nights} nights of {drug} for several conversion "
        f"fractions, and its amount at the last wake-up against the fraction: {listed}, on a "
        f"straight line through zero. {fraction_label(link)}. {LABEL_TEXT}."
    )
    return fig
