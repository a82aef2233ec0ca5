"""Nightly and intermittent use: weekly schedules, build-up, and the amount at each wake-up.

Time origin: the first night of a schedule is a Monday, its bedtime at t = 0 h. A weekly
schedule names the nights of the week with a bedtime dose (0 = Monday night … 6 = Sunday
night); it repeats for a number of weeks. Every night is a sleep window (bedtime → wake),
and every morning has a wake-up, with or without a dose the night before. Amounts are
fractions of one dose of the parent (instant dose, typical half-lives unless stated).
Teaching model — NOT FOR DOSING: schedules here illustrate the model, they are not regimens.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..data import Dataset
from ..formulas import elimination_rate
from ..linked import simulate_drug
from ..model import FloatArray
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, DOSE_INTERVAL_H, Timeline

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
    "steady_state_approach",
    "wake_rows",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_WEEKS = 52
#: Half-lives of nightly use until 90 % of steady state: log2(10) ≈ 3.32.
HALF_LIVES_TO_90PCT = math.log2(10.0)


@dataclass(frozen=True)
class Schedule:
    """A weekly pattern of bedtime doses.

    Attributes
    ----------
    name
        Label for figures and tables, e.g. ``"nightly"``.
    nights_of_week
        Nights with a bedtime dose, 0 = Monday night … 6 = Sunday night (sorted, unique).
    """

    name: str
    nights_of_week: tuple[int, ...]

    def __post_init__(self) -> None:
        nights = self.nights_of_week
        if not nights:
            raise ValueError(f"schedule {self.name!r}: choose at least one night of the week")
        if any(isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 6 for n in nights):
            raise ValueError(f"schedule {self.name!r}: nights of the week are whole numbers 0–6")
        if tuple(sorted(set(nights))) != nights:
            raise ValueError(f"schedule {self.name!r}: nights of the week must be sorted, unique")

    @property
    def nights_per_week(self) -> int:
        return len(self.nights_of_week)

    @property
    def description(self) -> str:
        """E.g. ``"Mon, Wed, Fri bedtimes"``."""
        if self.nights_per_week == 7:
            return "every bedtime"
        return ", ".join(WEEKDAYS[n] for n in self.nights_of_week) + " bedtimes"


NIGHTLY = Schedule("nightly", (0, 1, 2, 3, 4, 5, 6))
MON_WED_FRI = Schedule("3 nights a week", (0, 2, 4))


def _check_weeks(weeks: int) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer):
        raise ValueError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, got {weeks!r}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be from 1 to {MAX_WEEKS}, got {weeks}")
    return int(weeks)


def schedule_dose_times(schedule: Schedule, weeks: int) -> FloatArray:
    """Bedtime dose times (h, sorted) of ``schedule`` repeated for ``weeks`` weeks.

    Night ``d`` of week ``w`` is at ``(7w + d) · 24`` h; the first Monday bedtime is 0 h.
    """
    weeks = _check_weeks(weeks)
    nights = np.arange(weeks)[:, None] * 7 + np.asarray(schedule.nights_of_week)[None, :]
    times: FloatArray = nights.ravel().astype(float) * DOSE_INTERVAL_H
    return times


def morning_labels(weeks: int) -> list[str]:
    """Weekday of each wake-up: the morning after night ``i`` (Tue, Wed, …, Mon)."""
    return [WEEKDAYS[(i + 1) % 7] for i in range(7 * _check_weeks(weeks))]


def fraction_of_steady_state(
    half_life_h: float, nights: ArrayLike, interval_h: float = DOSE_INTERVAL_H
) -> FloatArray:
    """Amount after the N-th of regular doses, as a fraction of its steady-state value.

    ``1 − e^{−k τ N}`` (dimensionless), the same at any fixed time after the dose (e.g. at
    wake-up); it reaches 0.9 after ``log2(10) ≈ 3.32`` half-lives, whatever the half-life.
    """
    n = np.asarray(nights, dtype=float)
    if np.any(n < 0) or not np.all(np.isfinite(n)):
        raise ValueError("nights must be finite and >= 0")
    return -np.expm1(-elimination_rate(half_life_h) * interval_h * n)


@dataclass(frozen=True)
class SteadyStateApproach:
    """Fraction of steady state reached after each night, for several compounds.

    ``fractions[name]`` is ``1 − e^{−kτN}`` at ``nights`` (1, 2, …); ``half_lives[name]``
    is the compound's typical half-life (h).
    """

    nights: FloatArray
    half_lives: dict[str, float]
    fractions: dict[str, FloatArray]
    interval_h: float = DOSE_INTERVAL_H

    def in_half_lives(self, name: str) -> FloatArray:
        """Time since the first dose at each night, in half-lives of ``name``: ``Nτ/t½``."""
        return self.nights * self.interval_h / self.half_lives[name]


def steady_state_approach(
    dataset: Dataset, names: Sequence[str], nights: int = 21
) -> SteadyStateApproach:
    """Each compound on its own (typical half-life), one instant dose every 24 h."""
    if not 1 <= nights <= 365:
        raise ValueError(f"nights must be from 1 to 365, got {nights}")
    n = np.arange(1, nights + 1, dtype=float)
    half_lives = {dataset.compound(x).name: dataset.compound(x).half_life.typical_h for x in names}
    fractions = {name: fraction_of_steady_state(hl, n) for name, hl in half_lives.items()}
    return SteadyStateApproach(n, half_lives, fractions)


@dataclass(frozen=True)
class ScheduleRun:
    """A drug (with its active metabolites) under a weekly schedule.

    Times in hours since the first Monday bedtime; ``amounts[name]`` on ``times_h`` and
    ``wake_amounts[name]`` at every morning's wake-up (``wake_times_h``, one per night,
    dose or not), as fractions of one dose of the parent.
    """

    drug: str
    schedule: Schedule
    weeks: int
    dose_times_h: FloatArray
    times_h: FloatArray
    sleep_starts_h: FloatArray
    wake_times_h: FloatArray
    amounts: dict[str, FloatArray]
    wake_amounts: dict[str, FloatArray]

    @property
    def names(self) -> list[str]:
        return list(self.amounts)

    def wake_amount(self, name: str, morning: int) -> float:
        """Amount of ``name`` at wake-up on ``morning`` (0 = after the first night;
        negative counts from the end, −1 = the last morning)."""
        return float(self.wake_amounts[name][morning])


def run_schedule(
    dataset: Dataset,
    drug: str,
    schedule: Schedule,
    weeks: int = 4,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    step_minutes: float = 10.0,
) -> ScheduleRun:
    """Simulate ``drug`` and its metabolites under ``schedule`` (instant doses, typical
    half-lives) by exact superposition (:meth:`benzopk.model.LinearSystem.amounts`)."""
    weeks = _check_weeks(weeks)
    if not 0.5 <= step_minutes <= 60:
        raise ValueError("step_minutes must be between 0.5 and 60")
    timeline = Timeline(bedtime, wake, 7 * weeks)
    doses = schedule_dose_times(schedule, weeks)
    sleep_starts, wake_times = timeline.sleep_windows_h
    times = timeline.grid(step_minutes / 60.0)
    curves = simulate_drug(dataset, drug, doses, np.concatenate([times, wake_times]))
    split = times.size
    return ScheduleRun(
        drug=curves.drug,
        schedule=schedule,
        weeks=weeks,
        dose_times_h=doses,
        times_h=times,
        sleep_starts_h=sleep_starts,
        wake_times_h=wake_times,
        amounts={name: values[:split] for name, values in curves.amounts.items()},
        wake_amounts={name: values[split:] for name, values in curves.amounts.items()},
    )


def wake_rows(
    runs: Sequence[ScheduleRun], week: int | None = None
) -> list[dict[str, str | float | int]]:
    """One row per wake-up of ``week`` (1-based; default the last): the morning's weekday and,
    for each run and compound, the amount at wake-up (fraction of one dose of the parent).

    Columns are ``"morning"`` and ``"<compound>, <schedule>"``; every run must cover the
    same weeks with the same wake time.
    """
    if not runs:
        raise ValueError("no schedule runs")
    weeks = runs[0].weeks
    if any(r.weeks != weeks or not np.array_equal(r.wake_times_h, runs[0].wake_times_h)
           for r in runs):  # fmt: skip
        raise ValueError("the runs must cover the same weeks with the same wake time")
    week = weeks if week is None else week
    if not 1 <= week <= weeks:
        raise ValueError(f"week must be from 1 to {weeks}, got {week}")
    labels = morning_labels(weeks)
    rows: list[dict[str, str | float | int]] = []
    for morning in range(7 * (week - 1), 7 * week):
        row: dict[str, str | float | int] = {"morning": labels[morning]}
        for run in runs:
            for name in run.names:
                row[f"{name}, {run.schedule.name}"] = run.wake_amount(name, morning)
        rows.append(row)
    return rows


def round_rows(
    rows: Sequence[dict[str, str | float | int]], digits: int = 3
) -> list[dict[str, str | float | int]]:
    """Copies of ``rows`` with floats rounded to ``digits`` significant digits (for display)."""

    def fix(value: str | float | int) -> str | float | int:
        if isinstance(value, float) and value != 0 and math.isfinite(value):
            return float(f"{value:.{digits}g}")
        return value

    return [{key: fix(value) for key, value in row.items()} for row in rows]


#: The per-drug morning-after columns notebook 03 shows (the build-up over the nights).
BUILD_UP_COLUMNS = (
    "name",
    "active_compounds",
    "longest_half_life_h",
    "fraction_at_wake_night1",
    "fraction_at_wake_night_n",
    "fraction_at_wake_steady",
    "accumulation_ratio",
    "nights_to_90pct_steady",
)


def run_schedules(
    dataset: Dataset,
    drugs: Sequence[str],
    schedules: Sequence[Schedule] = (NIGHTLY, MON_WED_FRI),
    weeks: int = 4,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    step_minutes: float = 10.0,
) -> list[ScheduleRun]:
    """:func:`run_schedule` for every schedule and drug, schedule by schedule."""
    return [
        run_schedule(dataset, drug, schedule, weeks, bedtime, wake, step_minutes)
        for schedule in schedules
        for drug in drugs
    ]
