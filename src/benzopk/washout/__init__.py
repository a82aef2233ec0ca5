"""Notebook 06: Stopping and washout.

Files: compute (time until 97 % is gone after nightly use), figures, answers. Computation
imports only the core (data, model, timeline, linked); figures and text take computed results,
never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    REMAINING_FRACTION,
    TOTAL,
    WASHOUT_COLUMNS,
    CompoundWashout,
    DrugWashout,
    amounts_after_last_dose,
    drug_washout,
    drug_washouts,
    grid_washout,
    hours_alone,
    state_after_last_dose,
    washout_rows,
)
from .text import (
    alone_table,
    compounds_table,
    washout_table,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "washout_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "REMAINING_FRACTION",
    "TOTAL",
    "WASHOUT_COLUMNS",
    "CompoundWashout",
    "DrugWashout",
    "alone_table",
    "amounts_after_last_dose",
    "compounds_table",
    "drug_washout",
    "drug_washouts",
    "grid_washout",
    "hours_alone",
    "state_after_last_dose",
    "washout_figure",
    "washout_rows",
    "washout_table",
]
