"""Notebook 01: Why can a long-acting drug still sedate the next morning?.

Files: compute (drugs over nights, with their active metabolites), morning (what is left at
wake-up, per drug), figures, widget (compare drugs), answers. Computation imports only the core
(data, model, timeline, linked); figures and text take computed results, never the dataset.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    DEFAULT_COMPARISON_DRUGS,
    ComparisonCurves,
    ComparisonSettings,
    CompoundCurve,
    compare,
)
from .morning import (
    DRUG_TABLE_COLUMNS,
    ELIMINATED_FRACTION,
    STEADY_FRACTION,
    TABLE_COLUMNS,
    DrugWake,
    assumption_note,
    drug_rows,
    drug_wake,
    drug_wakes,
    hours_until_total_below,
    morning_after_rows,
)
from .text import (
    morning_table,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "ComparisonWidget": "widget",
    "MORNING_AFTER_CAPTION": "figures",
    "NightsPlot": "figures",
    "compare_drugs": "widget",
    "morning_after_figure": "figures",
    "nights_figure": "figures",
    "small_multiples_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "DEFAULT_COMPARISON_DRUGS",
    "DRUG_TABLE_COLUMNS",
    "ELIMINATED_FRACTION",
    "MORNING_AFTER_CAPTION",
    "STEADY_FRACTION",
    "TABLE_COLUMNS",
    "ComparisonCurves",
    "ComparisonSettings",
    "ComparisonWidget",
    "CompoundCurve",
    "DrugWake",
    "NightsPlot",
    "assumption_note",
    "compare",
    "compare_drugs",
    "drug_rows",
    "drug_wake",
    "drug_wakes",
    "hours_until_total_below",
    "morning_after_figure",
    "morning_after_rows",
    "morning_table",
    "nights_figure",
    "small_multiples_figure",
]
