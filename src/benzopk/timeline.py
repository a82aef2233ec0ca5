"""The nightly clock: bedtime and wake on a 24-hour clock, nights, dose and wake-up times,
sleep windows and time grids — one implementation, one validator, the limits stated once.

Time origin: the first bedtime dose is at t = 0 h. Clock arithmetic is done in whole minutes,
so 23:59 → 00:01 is exactly 2 minutes. Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DEFAULT_BEDTIME",
    "DEFAULT_NIGHTS",
    "DEFAULT_WAKE",
    "DOSE_INTERVAL_H",
    "MAX_NIGHTS",
    "MAX_PLOT_NIGHTS",
    "MAX_SLIDER_NIGHTS",
    "ClockError",
    "NightsError",
    "Timeline",
    "check_nights",
    "clock_minutes",
    "hours_to_wake",
    "nightly_dose_times",
    "parse_clock",
]

FloatArray = NDArray[np.float64]

#: The defaults every notebook, figure, table and widget starts from.
DEFAULT_BEDTIME = "22:30"
DEFAULT_WAKE = "07:00"
DEFAULT_NIGHTS = 14
DOSE_INTERVAL_H = 24.0
#: The limits on a number of nights: any computation or table, a figure (what can be read
#: on one time axis), and a slider (what redraws at once).
MAX_NIGHTS = 3650
MAX_PLOT_NIGHTS = 60
MAX_SLIDER_NIGHTS = 21

MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class ClockError(ValueError):
    """A clock time that is not H:MM or HH:MM on the 24-hour clock, or wake = bedtime."""


class NightsError(ValueError):
    """A number of nights that is not a whole number within its limit."""


def clock_minutes(text: str) -> int:
    """``"H:MM"`` or ``"HH:MM"`` on the 24-hour clock → whole minutes after midnight."""
    match = _CLOCK.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ClockError(f"{text!r} is not a 24-hour clock time H:MM or HH:MM (e.g. 22:30)")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ClockError(f"{text!r} is out of range: hours 0–23, minutes 00–59")
    return 60 * hours + minutes


def parse_clock(text: str) -> float:
    """``"H:MM"`` or ``"HH:MM"`` → hours after midnight (e.g. 22.5)."""
    return clock_minutes(text) / 60.0


def hours_to_wake(bedtime: str, wake: str) -> float:
    """Hours from bedtime to wake; a wake time at or before bedtime is the next morning.
    Computed in whole minutes: 23:59 → 00:01 is exactly 2/60 h."""
    try:
        start = clock_minutes(bedtime)
    except ClockError as error:
        raise ClockError(f"bedtime {error}") from None
    try:
        end = clock_minutes(wake)
    except ClockError as error:
        raise ClockError(f"wake time {error}") from None
    if start == end:
        raise ClockError(f"wake time {wake!r} equals bedtime {bedtime!r}; they must differ")
    return ((end - start) % MINUTES_PER_DAY) / 60.0


def check_nights(nights: int, limit: int = MAX_NIGHTS) -> int:
    """A whole number of nights from 1 to ``limit`` (one of the limits above)."""
    if isinstance(nights, bool) or not isinstance(nights, int | np.integer):
        raise NightsError(f"nights must be a whole number from 1 to {limit}, got {nights!r}")
    if not 1 <= nights <= limit:
        raise NightsError(f"nights must be from 1 to {limit}, got {nights}")
    return int(nights)


def nightly_dose_times(nights: int, interval_h: float = DOSE_INTERVAL_H) -> FloatArray:
    """Dose times (h) of one dose each bedtime, the first at t = 0."""
    return np.arange(check_nights(nights), dtype=float) * interval_h


@dataclass(frozen=True)
class Timeline:
    """One dose each bedtime for ``nights`` nights, wake-up each morning.

    Validated on creation (clock times, nights within ``limit``); everything else follows:
    dose times, wake-up times, sleep windows and a time grid, in hours since the first dose.
    """

    bedtime: str = DEFAULT_BEDTIME
    wake: str = DEFAULT_WAKE
    nights: int = DEFAULT_NIGHTS
    limit: int = MAX_NIGHTS

    def __post_init__(self) -> None:
        hours_to_wake(self.bedtime, self.wake)
        check_nights(self.nights, self.limit)

    @property
    def hours_to_wake(self) -> float:
        """Hours from bedtime to wake-up."""
        return hours_to_wake(self.bedtime, self.wake)

    @property
    def dose_times_h(self) -> FloatArray:
        return nightly_dose_times(self.nights)

    @property
    def wake_times_h(self) -> FloatArray:
        """The wake-up after each night."""
        return self.dose_times_h + self.hours_to_wake

    @property
    def horizon_h(self) -> float:
        """The end of the last day: ``nights`` × 24 h."""
        return self.nights * DOSE_INTERVAL_H

    @property
    def sleep_windows_h(self) -> tuple[FloatArray, FloatArray]:
        """(starts, ends) of each night's sleep: bedtime → wake-up."""
        return self.dose_times_h, self.wake_times_h

    def wake_after_night(self, night: int) -> float:
        """Hours since the first dose at the wake-up after night ``night`` (1 = first)."""
        check_nights(night, self.limit)
        return (night - 1) * DOSE_INTERVAL_H + self.hours_to_wake

    def grid(self, step_h: float) -> FloatArray:
        """Times 0 … ``horizon_h`` every ``step_h`` hours (both ends included)."""
        if not 0 < step_h <= DOSE_INTERVAL_H:
            raise ValueError(f"step must be in (0, 24] hours, got {step_h!r}")
        return np.linspace(0.0, self.horizon_h, round(self.horizon_h / step_h) + 1)
