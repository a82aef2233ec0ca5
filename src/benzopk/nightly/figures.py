"""Figures for nightly and intermittent use, each labelled "Teaching model — NOT FOR DOSING".

Computations come from :mod:`benzopk.nightly`; this module only draws. Colours are the
Okabe–Ito palette of :mod:`benzopk.plots`; a drug is a solid line, its active metabolites
dashed in the same colour.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..figure import PALETTE, SLEEP_COLOUR, STYLE, TeachingFigure, new_figure
from ..labels import LABEL_TEXT
from .compute import HALF_LIVES_TO_90PCT, ScheduleRun, SteadyStateApproach

__all__ = ["schedules_figure", "steady_state_figure"]


def steady_state_figure(approach: SteadyStateApproach) -> TeachingFigure:
    """Two panels: fraction of steady state after each night, against nights (left) and
    against half-lives elapsed (right), where every compound falls on ``1 − 2^{−x}``."""
    fig = new_figure(13.0, 5.4)
    with matplotlib.rc_context(STYLE):
        left, right = fig.subplots(1, 2)
        x = np.linspace(0.0, 7.0, 400)
        right.plot(x, -np.expm1(-np.log(2.0) * x), color="#999999", lw=5, alpha=0.5,
                   label="1 − 2^(−half-lives)", zorder=1)  # fmt: skip
        for i, (name, half_life) in enumerate(approach.half_lives.items()):
            colour = PALETTE[i % len(PALETTE)]
            label = f"{name} (t½ {half_life:.3g} h)"
            fraction = approach.fractions[name]
            left.plot(approach.nights, fraction, "o-", color=colour, ms=5, lw=1.8, label=label)
            right.plot(approach.in_half_lives(name), fraction, "o", color=colour, ms=6)
        for ax in (left, right):
            ax.axhline(0.9, color="#333333", ls=":", lw=1.5)
            ax.set_ylim(0, 1.05)
            ax.set_ylabel("Fraction of steady state at wake-up")
            ax.grid(True, alpha=0.3)
        left.text(approach.nights[-1], 0.885, "90 %", ha="right", va="top", fontsize=11)
        right.axvline(HALF_LIVES_TO_90PCT, color="#333333", ls=":", lw=1.5)
        note = f"90 % after\n{HALF_LIVES_TO_90PCT:.2f} half-lives"
        right.text(HALF_LIVES_TO_90PCT + 0.1, 0.55, note, fontsize=11, va="top")
        left.set_xlim(0, approach.nights[-1] + 0.5)
        left.xaxis.set_major_locator(MaxNLocator(integer=True))
        left.set_xlabel("Nights of nightly use (one dose each bedtime)")
        left.set_title("Against nights: long half-lives climb slowly", loc="left")
        right.set_xlim(0, 7)
        right.set_xlabel("Time since the first dose, in half-lives (N · 24 h / t½)")
        right.set_title("Against half-lives: one curve for all", loc="left")
        left.legend(loc="lower right", frameon=True, framealpha=0.9)
        right.legend(loc="lower right", frameon=True, framealpha=0.9)
    names = ", ".join(approach.half_lives)
    fig.alt_text = (
        f"Two line charts of the fraction of steady state reached at wake-up after each of "
        f"{approach.nights.size} nights of nightly use, for {names}. Left, against nights: "
        "the longer the half-life, the slower the climb. Right, against half-lives elapsed: "
        f"all compounds lie on one curve, crossing 90 % at {HALF_LIVES_TO_90PCT:.2f} "
        f"half-lives. {LABEL_TEXT}."
    )
    return fig


def _draw_run(ax: Axes, run: ScheduleRun, colour: str, top: float) -> None:
    days = run.times_h / 24.0
    for start, end in zip(run.sleep_starts_h / 24.0, run.wake_times_h / 24.0, strict=True):
        ax.axvspan(start, end, color=SLEEP_COLOUR, alpha=0.45, lw=0, zorder=0)
    for name in run.names:
        dashed = name != run.drug
        ax.plot(days, run.amounts[name], color=colour, ls="--" if dashed else "-", lw=2.0,
                zorder=3)  # fmt: skip
        ax.plot(run.wake_times_h / 24.0, run.wake_amounts[name], ls="none", marker="o", ms=5,
                color=colour, markerfacecolor="white" if dashed else colour, zorder=4)  # fmt: skip
    ax.plot(run.dose_times_h / 24.0, np.full(run.dose_times_h.size, 0.965 * top), ls="none",
            marker="v", ms=7, color="#333333", zorder=5, clip_on=False)  # fmt: skip
    ax.set_ylim(0, top)
    ax.set_xlim(0, 7 * run.weeks)
    ax.set_xticks(np.arange(0, 7 * run.weeks + 1, 7))
    ax.set_xticks(np.arange(0, 7 * run.weeks + 1), minor=True)
    ax.grid(True, alpha=0.3)
    ax.set_title(f"{run.drug}: {run.schedule.name} ({run.schedule.description})", loc="left",
                 fontsize=12)  # fmt: skip


def schedules_figure(runs: Sequence[ScheduleRun]) -> TeachingFigure:
    """A grid of panels: one column per drug, one row per schedule, same y axis within a
    column; sleep windows shaded, bedtime doses as triangles, wake-ups as dots."""
    drugs = list(dict.fromkeys(run.drug for run in runs))
    schedules = list(dict.fromkeys(run.schedule for run in runs))
    if not runs:
        raise ValueError("no schedule runs to draw")
    fig = new_figure(6.6 * len(drugs), 3.3 * len(schedules) + 1.6)
    with matplotlib.rc_context(STYLE):
        axes = fig.subplots(len(schedules), len(drugs), squeeze=False, sharex=True)
        handles: list[Line2D | Patch] = []
        for column, drug in enumerate(drugs):
            colour = PALETTE[column % len(PALETTE)]
            mine = [run for run in runs if run.drug == drug]
            top = 1.12 * max(float(np.max(v)) for run in mine for v in run.amounts.values())
            for run in mine:
                _draw_run(axes[schedules.index(run.schedule), column], run, colour, top)
            for name in mine[0].names:
                role = "metabolite of " + drug if name != drug else "drug"
                handles.append(Line2D([], [], color=colour, ls="--" if name != drug else "-",
                                      label=f"{name} ({role})"))  # fmt: skip
        for ax in axes[:, 0]:
            ax.set_ylabel("Fraction of one dose")
        for ax in axes[-1, :]:
            ax.set_xlabel("Days since the first Monday bedtime (ticks: Mondays)")
        handles += [
            Patch(facecolor=SLEEP_COLOUR, alpha=0.45, label="asleep (bedtime → wake)"),
            Line2D([], [], ls="none", marker="v", color="#333333", label="dose at bedtime"),
            Line2D([], [], ls="none", marker="o", color="#555555", label="wake-up"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 4),
                   frameon=False)  # fmt: skip
    parts = []
    for run in runs:
        for name in run.names:
            parts.append(
                f"{name}, {run.schedule.name}: last wake-up {run.wake_amount(name, -1):.2f}, "
                f"highest wake-up {float(np.max(run.wake_amounts[name])):.2f}"
            )
    fig.alt_text = (
        f"Grid of line charts over {runs[0].weeks} weeks, one column per drug "
        f"({', '.join(drugs)}) and one row per schedule "
        f"({', '.join(s.name for s in schedules)}): fraction of one dose in the body, sleep "
        f"windows shaded, bedtime doses marked, a dot at each wake-up. {'; '.join(parts)}. "
        f"{LABEL_TEXT}."
    )
    return fig
