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
    STEADY_FRACTION,
    VALIDATION_COLUMNS,
    VALIDATION_LABEL,
    Placement,
    Prediction,
    RankAgreement,
    fraction_left,
    next_day_placement,
    predict,
    predictions,
    rank_agreement,
    system_for_observation,
    validation_rows,
)
from .text import next_day_table, validation_table

#: Figures (matplotlib), imported on first use.
_LAZY = {
    "next_day_figure": "figures",
    "validation_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "STEADY_FRACTION",
    "VALIDATION_COLUMNS",
    "VALIDATION_LABEL",
    "Placement",
    "Prediction",
    "RankAgreement",
    "fraction_left",
    "next_day_figure",
    "next_day_placement",
    "next_day_table",
    "predict",
    "predictions",
    "rank_agreement",
    "system_for_observation",
    "validation_figure",
    "validation_rows",
    "validation_table",
]
