"""Figures for half-life basics: linear and log panels of one drug, volume and clearance,
and the hypothetical drug of the half-life widget (one figure, updated in place).

Every figure carries "Teaching model — NOT FOR DOSING" in the image (:func:`new_figure`).
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, NullLocator

from ..figure import LABEL_TEXT, PALETTE, SLEEP_COLOUR, STYLE, TeachingFigure, new_figure
from ..formulas import instant_dose_amount
from .compute import (
    HypotheticalDrug,
    SingleDose,
    half_lives_to_eliminate,
    volume_clearance_examples,
)

__all__ = ["HypotheticalDrugPlot", "half_life_panels_figure", "volume_clearance_figure"]

GUIDE_COLOUR = "#555555"


def _halving_ticks(smallest: float) -> tuple[list[float], list[str]]:
    """Ticks 1, 1/2, 1/4, … down to ``smallest``: one step per half-life on a log axis."""
    count = max(1, math.ceil(-math.log2(smallest)))
    values = [2.0**-n for n in range(count + 1)]
    labels = ["1"] + [f"1/{2**n}" for n in range(1, count + 1)]
    return values, labels


def _mark_half_lives(ax: Axes, half_life_h: float, marks: int, log_scale: bool) -> None:
    """Dotted guides from each multiple of t½ on the time axis to the curve and across to
    the fraction 2^−n."""
    bottom = 2.0 ** -(marks + 2) if log_scale else 0.0
    for n in range(1, marks + 1):
        t, a = n * half_life_h, 2.0**-n
        ax.plot([t, t], [bottom, a], ls=":", lw=1.6, color=GUIDE_COLOUR, zorder=2)
        ax.plot([0, t], [a, a], ls=":", lw=1.6, color=GUIDE_COLOUR, zorder=2)
        ax.plot([t], [a], marker="o", ms=7, color=PALETTE[1], zorder=4)
        label = "t½" if n == 1 else f"{n} t½"
        ax.annotate(
            label,
            (t, a),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=12,
            color=PALETTE[1],
            fontweight="bold",
        )


def half_life_panels_figure(dose: SingleDose, marks: int = 3) -> TeachingFigure:
    """One instant dose (:func:`~benzopk.halflife.compute.single_dose`) on a linear and a log
    axis, with t½, 2 t½, … ``marks`` marked."""
    name, t_half, times, amount = dose.name, dose.half_life_h, dose.times_h, dose.amount
    horizon = dose.horizon_h
    fig = new_figure(12.0, 5.2)
    with matplotlib.rc_context(STYLE):
        linear, log = fig.subplots(1, 2)
        for ax, log_scale in ((linear, False), (log, True)):
            ax.plot(times, amount, color=PALETTE[0], zorder=3, label=name)
            _mark_half_lives(ax, t_half, marks, log_scale)
            ax.set_xlim(0.0, horizon)
            ax.set_xlabel(f"Hours after an instant dose of {name}")
            ax.grid(True, alpha=0.3)
        linear.set_ylim(0.0, 1.05)
        linear.set_ylabel("Fraction of the dose in the body")
        linear.set_title("Linear axis: the curve halves every t½", loc="left", fontsize=13)
        smallest = float(amount[-1])
        values, labels = _halving_ticks(smallest)
        log.set_yscale("log")
        log.set_ylim(min(values[-1], smallest) * 0.8, 1.3)
        log.yaxis.set_major_locator(FixedLocator(values))
        log.yaxis.set_minor_locator(NullLocator())
        log.set_yticklabels(labels)
        log.set_title("Log axis: a straight line, one step per t½", loc="left", fontsize=13)
        linear.text(
            0.98,
            0.95,
            f"typical published t½ = {t_half:g} h",
            transform=linear.transAxes,
            ha="right",
            va="top",
            fontsize=12,
        )
    fig.alt_text = (
        f"Two panels showing the fraction of one instant dose of {name} in the body "
        f"over {horizon:g} hours, with its typical published half-life of {t_half:g} h marked: "
        f"on a linear axis the curve falls to 1/2 at {t_half:g} h, 1/4 at {2 * t_half:g} h and "
        f"1/8 at {3 * t_half:g} h; on a logarithmic axis the same curve is a straight line "
        f"dropping one halving step per half-life. {LABEL_TEXT}."
    )
    return fig


def volume_clearance_figure(horizon_h: float = 48.0) -> TeachingFigure:
    """Hypothetical drugs A, B, C of :func:`~benzopk.halflife.volume_clearance_examples`:
    left, B (twice the volume) against A; right, C (half the clearance) against A."""
    drug_a, drug_b, drug_c = volume_clearance_examples()
    times = np.linspace(0.0, horizon_h, 481)
    fig = new_figure(12.0, 5.0)
    with matplotlib.rc_context(STYLE):
        axes = fig.subplots(1, 2, sharey=True)
        panels = (
            (axes[0], drug_b, PALETTE[1], "Same clearance, twice the volume"),
            (axes[1], drug_c, PALETTE[2], "Same volume, half the clearance"),
        )
        for ax, other, colour, title in panels:
            for drug, col, style in ((drug_a, PALETTE[0], "-"), (other, colour, "--")):
                label = (
                    f"{drug.label}\nV = {drug.volume:g}, CL = {drug.clearance_per_h:g}/h "
                    f"→ t½ = {drug.half_life_h:.1f} h"
                )
                ax.plot(
                    times,
                    instant_dose_amount(drug.half_life_h, times),
                    color=col,
                    ls=style,
                    label=label,
                )
                ax.plot([drug.half_life_h], [0.5], marker="o", ms=7, color=col, zorder=4)
            ax.axhline(0.5, ls=":", lw=1.4, color=GUIDE_COLOUR)
            ax.set_title(title, loc="left", fontsize=13)
            ax.set_xlim(0.0, horizon_h)
            ax.set_ylim(0.0, 1.05)
            ax.set_xlabel("Hours after an instant dose")
            ax.grid(True, alpha=0.3)
            ax.legend(loc="upper right", fontsize=10.5)
        axes[0].set_ylabel("Fraction of the dose in the body")
        fig.supxlabel(
            "HYPOTHETICAL drugs, relative units: V = volume (drug A's = 1), CL = volumes "
            "cleared per hour; t½ = ln2 · V / CL",
            fontsize=11.5,
        )
    fig.alt_text = (
        "Two panels of the fraction of one instant dose in the body for hypothetical drugs in "
        "relative units. Left: drug A (volume 1, "
        f"clearance {drug_a.clearance_per_h:g} per hour, half-life {drug_a.half_life_h:.1f} h) "
        f"against drug B with twice the volume and the same clearance (half-life "
        f"{drug_b.half_life_h:.1f} h). Right: drug A against drug C with the same volume and "
        f"half the clearance (half-life {drug_c.half_life_h:.1f} h). B and C fall identically, "
        f"at half A's rate. {LABEL_TEXT}."
    )
    return fig


def _fraction_text(value: float) -> str:
    """ "0.48 of the dose (48 %)", or "7.6e-06 of the dose (< 1 %)" for small values."""
    if value >= 0.01:
        return f"{value:.2f} of the dose ({100 * value:.0f} %)"
    return f"{value:.1e} of the dose (< 1 %)"


class HypotheticalDrugPlot:
    """Fraction left after one bedtime dose of a hypothetical drug, updated in place.

    One figure, created once: :meth:`update` sets the line, wake-up markers, sleep windows,
    the 97 % marker and the title; nothing is added per update.
    """

    def __init__(self, width: float = 11.0, height: float = 5.2) -> None:
        with matplotlib.rc_context(STYLE):
            self.fig = new_figure(width, height)
            self.ax: Axes = self.fig.add_subplot()
            self.ax.set_xlabel("Hours after the bedtime dose")
            self.ax.set_ylabel("Fraction of the dose in the body")
            self.ax.set_ylim(0.0, 1.05)
            self.ax.grid(True, alpha=0.3)
            self._sleep = PolyCollection(
                [], facecolors=SLEEP_COLOUR, edgecolors="none", alpha=0.45, zorder=0
            )
            self.ax.add_collection(self._sleep)
            (self.line,) = self.ax.plot([], [], color=PALETTE[0], zorder=3)
            (self.wake_markers,) = self.ax.plot(
                [], [], ls="none", marker="o", ms=8, color=PALETTE[1], zorder=4
            )
            self.eliminated_line: Line2D = self.ax.axvline(
                0.0, ls="--", lw=1.6, color=GUIDE_COLOUR, zorder=2
            )
            self.note: Text = self.ax.text(
                1.02, 0.7, "", transform=self.ax.transAxes, ha="left", va="top", fontsize=12
            )
            self.ax.legend(
                handles=[
                    Line2D([], [], color=PALETTE[0], label="hypothetical drug, one dose"),
                    Patch(facecolor=SLEEP_COLOUR, alpha=0.45, label="asleep (bedtime → wake)"),
                    Line2D(
                        [], [], ls="none", marker="o", color=PALETTE[1], label="fraction at wake-up"
                    ),
                    Line2D([], [], ls="--", color=GUIDE_COLOUR, label="97 % eliminated"),
                ],
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                frameon=False,
                fontsize=11,
            )
        self.generation = 0

    def update(self, drug: HypotheticalDrug) -> None:
        """Show ``drug``: set the data of the existing artists."""
        with matplotlib.rc_context(STYLE):
            horizon = float(drug.times_h[-1])
            wakes = drug.sleep_ends_h[: drug.fraction_at_wake.size]
            self.line.set_data(drug.times_h, drug.fraction)
            self.wake_markers.set_data(wakes, drug.fraction_at_wake)
            self._sleep.set_verts(
                [
                    np.array([[a, 0.0], [b, 0.0], [b, 1.05], [a, 1.05]])
                    for a, b in zip(drug.sleep_starts_h, drug.sleep_ends_h, strict=True)
                ]
            )
            self.ax.set_xlim(0.0, horizon)
            self.ax.set_xticks(np.arange(0.0, horizon + 1e-9, 12.0))
            inside = drug.hours_to_97pct <= horizon
            self.eliminated_line.set_xdata([drug.hours_to_97pct] * 2)
            self.eliminated_line.set_visible(inside)
            where = "" if inside else "\n(beyond this plot)"
            self.note.set_text(
                f"97 % eliminated after\n{drug.hours_to_97pct:.1f} h "
                f"= {half_lives_to_eliminate(0.97):.2f} t½{where}"
            )
            self.ax.set_title(
                f"Hypothetical drug, t½ = {drug.half_life_h:g} h: "
                f"{_fraction_text(drug.first_wake_fraction)} left at the first wake-up",
                loc="left",
                fontsize=13.5,
            )
            wake_list = ", ".join(f"{v:.2f}" for v in drug.fraction_at_wake)
            self.fig.alt_text = (
                f"Line chart of the fraction of one bedtime dose of a hypothetical drug with "
                f"half-life {drug.half_life_h:g} h over {horizon:g} hours, sleep windows "
                f"shaded; fraction left at each wake-up: {wake_list}; 97 % eliminated after "
                f"{drug.hours_to_97pct:.1f} h. {LABEL_TEXT}."
            )
        self.generation += 1

    def png(self) -> bytes:
        """Render the figure with Agg to PNG bytes."""
        return self.fig.png_bytes()
