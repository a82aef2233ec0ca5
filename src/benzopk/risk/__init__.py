"""Notebook 05: Who is more at risk: age, liver disease, other medicines, sex.

Files: compute (each modifier within its study: half-life and exposure), figures, widget,
answers. Computation imports only the core (data, model, timeline, linked); figures and text
take computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    ModifiedHalfLife,
    ModifierComparison,
    Route,
    clearance_route,
    compare_modifier,
    drugs_by_route,
    drugs_with_modifiers,
    modified_half_life,
    modifier,
    modifier_rows,
    route_summary,
)
from .effect import (
    ILLUSTRATIVE_A50,
    ILLUSTRATIVE_HILL,
    ILLUSTRATIVE_THRESHOLD,
    amount_for_effect,
    illustrative_effect,
)
from .groups import (
    comparison_group,
    range_status,
    short_group,
)
from .text import (
    modifier_notes,
    modifier_table,
    route_list,
    route_notes,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "ModifierPlot": "figures",
    "ROUTE_COLOURS": "figures",
    "RiskWidget": "widget",
    "modifier_figure": "figures",
    "ratio_figure": "figures",
    "risk_widget": "widget",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "ILLUSTRATIVE_A50",
    "ILLUSTRATIVE_HILL",
    "ILLUSTRATIVE_THRESHOLD",
    "ROUTE_COLOURS",
    "ModifiedHalfLife",
    "ModifierComparison",
    "ModifierPlot",
    "RiskWidget",
    "Route",
    "amount_for_effect",
    "clearance_route",
    "compare_modifier",
    "comparison_group",
    "drugs_by_route",
    "drugs_with_modifiers",
    "illustrative_effect",
    "modified_half_life",
    "modifier",
    "modifier_figure",
    "modifier_notes",
    "modifier_rows",
    "modifier_table",
    "range_status",
    "ratio_figure",
    "risk_widget",
    "route_list",
    "route_notes",
    "route_summary",
    "short_group",
]
