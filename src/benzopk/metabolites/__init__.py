"""Notebook 04: Active metabolites.

Files: compute (peaks, shares, elimination times with the assumed fractions), figures, answers.
Computation imports only the core (data, model, timeline, linked); figures and text take
computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    DEFAULT_REMAINING,
    DEFAULT_STEP_H,
    ActivitySummary,
    MetabolitePeak,
    activity_summaries,
    activity_summary,
    drugs_with_metabolites,
    fraction_label,
    hours_until_remaining,
    links_below,
    metabolite_at_wake,
    metabolite_peak,
    metabolite_peaks,
    path_fraction,
    path_links,
    peak_time,
    share_at_wake,
    summarise,
    system_with_fractions,
    wake_time_after_night,
    without_prodrugs,
)
from .curves import (
    CompoundCurves,
    FractionScaling,
    fraction_scaling,
    nightly_curves,
    single_dose_curves,
)
from .text import (
    activity_table,
    links_table,
    peaks_table,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "elimination_times_figure": "figures",
    "fraction_scaling_figure": "figures",
    "nights_metabolites_figure": "figures",
    "single_dose_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "DEFAULT_REMAINING",
    "DEFAULT_STEP_H",
    "ActivitySummary",
    "CompoundCurves",
    "FractionScaling",
    "MetabolitePeak",
    "activity_summaries",
    "activity_summary",
    "activity_table",
    "drugs_with_metabolites",
    "elimination_times_figure",
    "fraction_label",
    "fraction_scaling",
    "fraction_scaling_figure",
    "hours_until_remaining",
    "links_below",
    "links_table",
    "metabolite_at_wake",
    "metabolite_peak",
    "metabolite_peaks",
    "nightly_curves",
    "nights_metabolites_figure",
    "path_fraction",
    "path_links",
    "peak_time",
    "peaks_table",
    "share_at_wake",
    "single_dose_curves",
    "single_dose_figure",
    "summarise",
    "system_with_fractions",
    "wake_time_after_night",
    "without_prodrugs",
]
