"""Figure: the washout of a few drugs after nightly use stops, with the 3 % line.

Each drug's total (the drug plus its active metabolites) is drawn relative to its amount at
the last dose, against days after the last dose, so every curve starts at 1 and the 3 %
line is the same for all. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.ticker import PercentFormatter

from ..figure import PALETTE, STYLE, TeachingFigure, new_figure
from ..labels import LABEL_TEXT
from .compute import TOTAL, DrugWashout

__all__ = ["washout_figure"]


def _label(item: DrugWashout) -> str:
    names = [c.name for c in item.compounds]
    what = names[0] + (f" + {', '.join(names[1:])}" if len(names) > 1 else "")
    return f"{what}: {item.total.days:.1f} days"


def washout_figure(
    washouts: Sequence[DrugWashout], log_scale: bool = False, points: int = 1500
) -> TeachingFigure:
    """Total amount of each drug (with its active metabolites) after the last dose.

    y: the total relative to its amount at the last dose (1 = all that was there); x: days
    after the last dose; a dot where each curve falls below the 3 % line for good.
    """
    if not washouts:
        raise ValueError("choose at least one drug")
    remaining = washouts[0].remaining
    horizon_h = max(w.total.hours for w in washouts) * 1.15
    hours = np.linspace(0.0, horizon_h, points)
    fig = new_figure(11.0, 5.6)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        for i, item in enumerate(washouts):
            colour = PALETTE[i % len(PALETTE)]
            relative = item.amounts(hours)[TOTAL] / item.total.reference
            ax.plot(hours / 24.0, relative, color=colour, label=_label(item))
            ax.plot(
                [item.total.days], [remaining], ls="none", marker="o", ms=8, color=colour, zorder=4
            )
        ax.axhline(
            remaining, color="#555555", ls="--", lw=1.6, label="3 % of the amount at the last dose"
        )
        if log_scale:
            ax.set_yscale("log")
            ax.set_ylim(remaining / 3, 1.3)
        else:
            ax.set_ylim(0, 1.05)
        ax.set_xlim(0, horizon_h / 24.0)
        ax.set_xlabel("Days after the last nightly dose")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
        ax.set_ylabel("Amount, % of that at the last dose\n(drug + active metabolites)")
        nights = washouts[0].nights
        after = "steady state" if nights is None else f"{nights} nightly doses"
        ax.set_title(f"Washout after {after} (instant doses, typical half-lives)", loc="left")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper right", frameon=True, framealpha=0.9)
    axis = "logarithmic" if log_scale else "linear"
    parts = "; ".join(_label(w) for w in washouts)
    fig.alt_text = (
        f"Line chart ({axis} axis) of the total amount of each drug with its active "
        f"metabolites after {after}, relative to the amount at the last dose, against days "
        f"after the last dose, with a dashed line at 3 %. Days until the total stays below "
        f"3 %: {parts}. {LABEL_TEXT}."
    )
    return fig
