"""Notebook 07: Does the model hold up?

The model's predictions beside published measurements in people (accumulation, days to
steady state, washout half-lives; each by the study's own definition, nothing fitted), and
next-morning impairment studies placed on the model's time axis. Files: compute, text,
figures, answers. Computation imports only the core (data, studies, model, linked); figures
and text take computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    MISS_FACTOR,
    STEADY_FRACTION,
    VALIDATION_COLUMNS,
    VALIDATION_LABEL,
    Placement,
    Prediction,
    RankAgreement,
    fraction_left,
    large_misses,
    miss_factor,
    next_day_placement,
    observation,
    predict,
    predictions,
    rank_agreement,
    system_for_observation,
    validation_rows,
    without_drug,
)
from .text import (
    DIGITS,
    agreement_text,
    misses_table,
    next_day_table,
    validation_table,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "NEXT_DAY_CAVEATS": "figures",
    "next_day_figure": "figures",
    "validation_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "DIGITS",
    "MISS_FACTOR",
    "NEXT_DAY_CAVEATS",
    "STEADY_FRACTION",
    "VALIDATION_COLUMNS",
    "VALIDATION_LABEL",
    "Placement",
    "Prediction",
    "RankAgreement",
    "agreement_text",
    "fraction_left",
    "large_misses",
    "miss_factor",
    "misses_table",
    "next_day_figure",
    "next_day_placement",
    "next_day_table",
    "observation",
    "predict",
    "predictions",
    "rank_agreement",
    "system_for_observation",
    "validation_figure",
    "validation_rows",
    "validation_table",
    "without_drug",
]
