"""Notebook 03: Nightly use: accumulation and steady state.

Files: compute (schedules, approach to steady state), figures, answers. Computation imports
only the core (data, model, timeline, linked); figures and text take computed results, never
the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .compute import (
    BUILD_UP_COLUMNS,
    HALF_LIVES_TO_90PCT,
    MAX_WEEKS,
    MON_WED_FRI,
    NIGHTLY,
    WEEKDAYS,
    Schedule,
    ScheduleRun,
    SteadyStateApproach,
    fraction_of_steady_state,
    morning_labels,
    round_rows,
    run_schedule,
    run_schedules,
    schedule_dose_times,
    steady_state_approach,
    wake_rows,
)
from .text import (
    wake_table,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "schedules_figure": "figures",
    "steady_state_figure": "figures",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "BUILD_UP_COLUMNS",
    "HALF_LIVES_TO_90PCT",
    "MAX_WEEKS",
    "MON_WED_FRI",
    "NIGHTLY",
    "WEEKDAYS",
    "Schedule",
    "ScheduleRun",
    "SteadyStateApproach",
    "fraction_of_steady_state",
    "morning_labels",
    "round_rows",
    "run_schedule",
    "run_schedules",
    "schedule_dose_times",
    "schedules_figure",
    "steady_state_approach",
    "steady_state_figure",
    "wake_rows",
    "wake_table",
]
