"""Figures for notebook 07: predicted against observed on log–log axes, and next-morning
studies by result against the model's placement. Both take computed results, never the
dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np

from ..figure import PALETTE, STYLE, TeachingFigure, new_figure
from ..labels import LABEL_TEXT
from .compute import Placement, Prediction, RankAgreement

__all__ = ["NEXT_DAY_CAVEATS", "next_day_figure", "validation_figure"]

_QUANTITY_STYLE = {
    "accumulation_ratio": ("o", "accumulation ratio"),
    "nights_to_90pct_steady": ("s", "days to steady state"),
    "washout_half_life_h": ("^", "half-life (h)"),
    "fraction_of_peak_at_hour": ("D", "fraction of peak"),
}
#: Written on the next-morning figure: what its points do not mean.
NEXT_DAY_CAVEATS = (
    "“Not detected” ≠ safe: a study that found no impairment did not show that there is none.",
    "Placements are not comparable potencies: each is a fraction of that drug's own dose, "
    "times the study's dose relative to that drug's usual dose.",
)
_RESULTS = ("false", "mixed", "true")
_RESULT_LABELS = ("not impaired", "mixed", "impaired")


def validation_figure(predictions: Sequence[Prediction]) -> TeachingFigure:
    """Each observation against the model's value by the same definition (log–log), with
    the identity line and the ×2 and ÷2 lines; markers by quantity, each point labelled."""
    if not predictions:
        raise ValueError("no predictions to draw")
    observed = np.array([p.observation.observed for p in predictions])
    predicted = np.array([p.predicted for p in predictions])
    low = float(min(observed.min(), predicted.min())) / 1.6
    high = float(max(observed.max(), predicted.max())) * 1.6
    line = np.array([low, high])
    fig = new_figure(8.5, 7.0)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        ax.plot(line, line, color="#333333", lw=1.6, label="predicted = observed")
        ax.plot(line, 2 * line, color="#777777", lw=1.2, ls="--", label="×2 and ÷2")
        ax.plot(line, line / 2, color="#777777", lw=1.2, ls="--")
        for k, (quantity, (marker, label)) in enumerate(_QUANTITY_STYLE.items()):
            chosen = [i for i, p in enumerate(predictions) if p.observation.quantity == quantity]
            if not chosen:
                continue
            ax.plot(
                observed[chosen], predicted[chosen], ls="none", marker=marker, ms=9,
                color=PALETTE[k], label=label, zorder=3,
            )  # fmt: skip
        for p in predictions:
            ax.annotate(
                p.observation.obs_id, (p.observation.observed, p.predicted),
                xytext=(5, 4), textcoords="offset points", fontsize=9, color="#333333",
            )  # fmt: skip
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_aspect("equal")
        ax.set_xlabel("Observed in people (published)")
        ax.set_ylabel("Predicted by the model (same definition)")
        ax.set_title("Does the model hold up? Nothing fitted to these points", loc="left")
        ax.grid(True, which="both", alpha=0.25)
        ax.legend(loc="upper left", frameon=True, framealpha=0.9)
    within = int(np.sum((predicted / observed <= 2) & (predicted / observed >= 0.5)))
    fig.alt_text = (
        f"Log–log scatter of {len(predictions)} published observations (x) against the "
        f"model's predictions by the same definition (y), with the identity line and dashed "
        f"lines at twice and half: {within} of {len(predictions)} lie between the dashed "
        f"lines. {LABEL_TEXT}."
    )
    return fig


def next_day_figure(
    placements: Sequence[Placement], agreement: RankAgreement | None = None
) -> TeachingFigure:
    """Next-morning studies by result (not impaired, mixed, impaired) against the model's
    placement (log axis), one colour per drug; studies without hours are counted, not drawn.
    The figure states that "not detected" is not safe and that placements are not
    comparable potencies."""
    drawn = [p for p in placements if p.placement is not None]
    if not drawn:
        raise ValueError("no study gives the hours after the dose")
    drugs = sorted({p.study.drug for p in drawn})
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(drugs)}
    fig = new_figure(11.0, 6.4)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        for column, result in enumerate(_RESULTS):
            group = [p for p in drawn if p.study.impaired == result]
            offsets = np.linspace(-0.25, 0.25, len(group)) if len(group) > 1 else np.zeros(1)
            for offset, p in zip(offsets, group, strict=False):
                ax.plot(
                    [column + offset], [p.placement or 0.0], ls="none", marker="o", ms=10,
                    color=colour[p.study.drug], markeredgecolor="white", zorder=3,
                )  # fmt: skip
        for d in drugs:
            ax.plot([], [], ls="none", marker="o", ms=10, color=colour[d], label=d)
        ax.set_xticks(range(len(_RESULTS)), _RESULT_LABELS)
        ax.set_xlim(-0.6, len(_RESULTS) - 0.4)
        ax.set_yscale("log")
        ax.set_ylabel("Placement: fraction of the dose left at the test\n× dose relative to usual")
        ax.set_xlabel("Result of the study (next-morning or middle-of-the-night test)")
        title = "Next-morning studies on the model's time axis"
        if agreement is not None:
            title += (
                f": AUC {agreement.auc:.2f} (n = {agreement.n}: {agreement.n_impaired} "
                f"impaired, {agreement.n_not_impaired} not)"
            )
        ax.set_title(title, loc="left")
        ax.grid(True, axis="y", which="both", alpha=0.25)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        left_out = len(placements) - len(drawn)
        note = "\n".join(NEXT_DAY_CAVEATS)
        if left_out:
            note += f"\n{left_out} studies without the hours after the dose are not drawn."
        # a figure-level x label: the constrained layout keeps room for it below the axes
        fig.supxlabel(note, x=0.01, ha="left", fontsize=10, color="#333333")
    fig.alt_text = (
        f"Strip chart of {len(drawn)} next-morning studies by result against the model's "
        f"placement (log axis), coloured by drug ({', '.join(drugs)}). {NEXT_DAY_CAVEATS[0]} "
        f"{NEXT_DAY_CAVEATS[1]} {LABEL_TEXT}."
    )
    return fig
