"""Notebook 02: Half-life basics.

Files: compute (halving, volume and clearance, the hypothetical drug), figures, widget (a
hypothetical drug on a slider), answers. Computation imports only the core (data, model,
timeline, linked); figures and text take computed results, never the dataset. Teaching model —
NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    HYPOTHETICAL_MAX_H,
    HYPOTHETICAL_MIN_H,
    HypotheticalDrug,
    SingleDose,
    VolumeClearanceDrug,
    compounds_by_half_life,
    elimination_rows,
    fraction_left_after_half_lives,
    half_life_for_fraction_left,
    half_life_from_two_points,
    half_life_from_volume_clearance,
    half_lives_to_eliminate,
    hypothetical_drug,
    nearest_compounds,
    rate_from_volume_clearance,
    single_dose,
    volume_clearance_examples,
)
from .text import (
    elimination_table,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "HalfLifeWidget": "widget",
    "HypotheticalDrugPlot": "figures",
    "half_life_panels_figure": "figures",
    "hypothetical_drug_widget": "widget",
    "volume_clearance_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "HYPOTHETICAL_MAX_H",
    "HYPOTHETICAL_MIN_H",
    "HalfLifeWidget",
    "HypotheticalDrug",
    "HypotheticalDrugPlot",
    "SingleDose",
    "VolumeClearanceDrug",
    "compounds_by_half_life",
    "elimination_rows",
    "elimination_table",
    "fraction_left_after_half_lives",
    "half_life_for_fraction_left",
    "half_life_from_two_points",
    "half_life_from_volume_clearance",
    "half_life_panels_figure",
    "half_lives_to_eliminate",
    "hypothetical_drug",
    "hypothetical_drug_widget",
    "nearest_compounds",
    "rate_from_volume_clearance",
    "single_dose",
    "volume_clearance_examples",
    "volume_clearance_figure",
]
