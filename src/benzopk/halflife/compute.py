"""Half-life basics: halving, k = ln2/t½ = CL/V, "about five half-lives", a hypothetical drug.

Unit everywhere: **fraction of one dose in the body** (an instant dose puts 1.0 in the body);
time in hours. Volumes and clearances are *relative* (volume of a reference hypothetical
drug = 1; clearance in those volumes per hour): no real volumes, no concentrations.
Teaching model — NOT FOR DOSING.

With first-order elimination, clearance ``CL`` removes the drug from a volume ``V`` at the
rate ``CL/V`` per hour, so

.. math::

    A(t) = e^{-k t}, \\qquad k = \\frac{CL}{V} = \\frac{\\ln 2}{t_{1/2}},
    \\qquad t_{1/2} = \\frac{\\ln 2 \\cdot V}{CL}.

After ``n`` half-lives ``2^{-n}`` is left; ``fraction`` is eliminated after
``ln(1/(1 − fraction))/ln 2`` half-lives (97 %: about 5.06).

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..data import Compound, Dataset
from ..formulas import LN2, elimination_rate, instant_dose_amount
from ..model import FloatArray
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, hours_to_wake

__all__ = [
    "HYPOTHETICAL_MAX_H",
    "HYPOTHETICAL_MIN_H",
    "HypotheticalDrug",
    "SingleDose",
    "VolumeClearanceDrug",
    "compounds_by_half_life",
    "elimination_rows",
    "fraction_left_after_half_lives",
    "half_life_for_fraction_left",
    "half_life_from_two_points",
    "half_life_from_volume_clearance",
    "half_lives_to_eliminate",
    "hypothetical_drug",
    "nearest_compounds",
    "rate_from_volume_clearance",
    "single_dose",
    "volume_clearance_examples",
]

#: Bounds of the hypothetical drug's half-life (hours) in the notebook's slider.
HYPOTHETICAL_MIN_H = 0.5
HYPOTHETICAL_MAX_H = 120.0


def _positive(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{what} must be a finite number > 0, got {value!r}")
    return number


def _fraction(value: float, what: str = "fraction") -> float:
    number = float(value)
    if not 0 < number < 1:
        raise ValueError(f"{what} must be between 0 and 1 (exclusive), got {value!r}")
    return number


# ---------------------------------------------------------------------------------------
# Volume and clearance
# ---------------------------------------------------------------------------------------


def rate_from_volume_clearance(volume: float, clearance_per_h: float) -> float:
    """Elimination rate ``k = CL / V`` (1/h).

    Parameters
    ----------
    volume
        Volume the drug is spread over (relative units, > 0).
    clearance_per_h
        Volume cleared of drug per hour, in the same relative units (> 0).
    """
    return _positive(clearance_per_h, "clearance") / _positive(volume, "volume")


def half_life_from_volume_clearance(volume: float, clearance_per_h: float) -> float:
    """Half-life ``t½ = ln2 · V / CL`` (hours), volume and clearance in the same relative units."""
    return LN2 / rate_from_volume_clearance(volume, clearance_per_h)


@dataclass(frozen=True)
class VolumeClearanceDrug:
    """A hypothetical drug described by its relative volume and clearance."""

    label: str
    volume: float
    clearance_per_h: float

    @property
    def rate_per_h(self) -> float:
        """``k = CL/V`` (1/h)."""
        return rate_from_volume_clearance(self.volume, self.clearance_per_h)

    @property
    def half_life_h(self) -> float:
        """``t½ = ln2 · V / CL`` (hours)."""
        return half_life_from_volume_clearance(self.volume, self.clearance_per_h)


def volume_clearance_examples(
    reference_clearance_per_h: float = 0.1,
) -> tuple[VolumeClearanceDrug, VolumeClearanceDrug, VolumeClearanceDrug]:
    """Three hypothetical drugs: A (volume 1, clearance ``reference_clearance_per_h``),
    B (twice A's volume, same clearance) and C (same volume, half the clearance).

    B and C both have twice A's half-life; their curves of fraction left are identical.
    """
    cl = _positive(reference_clearance_per_h, "clearance")
    return (
        VolumeClearanceDrug("drug A (reference)", 1.0, cl),
        VolumeClearanceDrug("drug B: twice the volume, same clearance", 2.0, cl),
        VolumeClearanceDrug("drug C: same volume, half the clearance", 1.0, cl / 2.0),
    )


# ---------------------------------------------------------------------------------------
# Counting half-lives
# ---------------------------------------------------------------------------------------


def fraction_left_after_half_lives(half_lives: ArrayLike) -> FloatArray:
    """Fraction of an instant dose left after ``half_lives`` half-lives: ``2^{−n}``."""
    return np.asarray(np.exp2(-np.asarray(half_lives, dtype=float)), dtype=float)


def half_lives_to_eliminate(fraction: float = 0.97) -> float:
    """Half-lives until ``fraction`` of an instant dose is eliminated: ``ln(1/(1−f))/ln2``.

    97 % → about 5.06; 99 % → about 6.64. The same for every drug.
    """
    return -math.log1p(-_fraction(fraction)) / LN2


def elimination_rows(max_half_lives: int = 6) -> list[dict[str, float | int]]:
    """One row per whole number of half-lives n = 1 … ``max_half_lives``: the fraction left
    ``2^{−n}`` and the fraction eliminated ``1 − 2^{−n}``."""
    if isinstance(max_half_lives, bool) or not 1 <= int(max_half_lives) <= 20:
        raise ValueError(f"max_half_lives must be from 1 to 20, got {max_half_lives!r}")
    n = np.arange(1, int(max_half_lives) + 1)
    left = fraction_left_after_half_lives(n)
    eliminated = -np.expm1(-LN2 * n.astype(float))
    return [
        {"half_lives": int(i), "fraction_left": float(a), "fraction_eliminated": float(e)}
        for i, a, e in zip(n, left, eliminated, strict=True)
    ]


# ---------------------------------------------------------------------------------------
# Reading a half-life
# ---------------------------------------------------------------------------------------


def half_life_from_two_points(t1_h: float, a1: float, t2_h: float, a2: float) -> float:
    """Half-life (h) of an exponential through two points: ``(t2 − t1)·ln2 / ln(a1/a2)``.

    What a ruler on a log plot measures: the drop ``ln(a1/a2)`` over ``t2 − t1`` hours.
    """
    a1, a2 = _positive(a1, "amount a1"), _positive(a2, "amount a2")
    if not t2_h > t1_h:
        raise ValueError("t2 must be later than t1")
    if not a2 < a1:
        raise ValueError("the amount must fall between the two points")
    return (float(t2_h) - float(t1_h)) * LN2 / math.log(a1 / a2)


def half_life_for_fraction_left(fraction: float, hours: float) -> float:
    """Half-life (h) that leaves ``fraction`` of an instant dose after ``hours``:
    ``hours · ln2 / ln(1/fraction)``."""
    return _positive(hours, "hours") * LN2 / -math.log(_fraction(fraction))


def nearest_compounds(dataset: Dataset, half_life_h: float, count: int = 2) -> list[Compound]:
    """The ``count`` drugs or metabolites whose typical half-life is nearest ``half_life_h``
    by ratio (``|ln(t½/target)|``), nearest first. Prodrugs are left out: their own
    half-life does not describe an oral dose."""
    target = _positive(half_life_h, "half-life")
    ranked = sorted(
        (c for c in dataset.compounds.values() if not c.prodrug),
        key=lambda c: (abs(math.log(c.half_life.typical_h / target)), c.name),
    )
    return ranked[: max(0, int(count))]


# ---------------------------------------------------------------------------------------
# The hypothetical drug of the widget
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HypotheticalDrug:
    """One instant dose of a hypothetical drug at bedtime (t = 0), over ``times_h``.

    Attributes
    ----------
    half_life_h
        The chosen half-life (hours).
    times_h, fraction
        Hours after the dose and the fraction of the dose left then.
    sleep_starts_h, sleep_ends_h
        Each night's bedtime → wake window within the horizon (hours after the dose).
    fraction_at_wake
        Fraction left at each wake-up in the horizon (the first one is the next morning).
    hours_to_97pct
        Hours until 97 % of the dose is eliminated (may lie beyond the horizon).
    """

    half_life_h: float
    times_h: FloatArray
    fraction: FloatArray
    sleep_starts_h: FloatArray
    sleep_ends_h: FloatArray
    fraction_at_wake: FloatArray
    hours_to_97pct: float

    @property
    def first_wake_fraction(self) -> float:
        """Fraction left at the first wake-up."""
        return float(self.fraction_at_wake[0])


def hypothetical_drug(
    half_life_h: float,
    horizon_h: float = 72.0,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    step_h: float = 0.1,
) -> HypotheticalDrug:
    """A single bedtime dose of a hypothetical drug with half-life ``half_life_h`` (hours),
    evaluated every ``step_h`` hours up to ``horizon_h`` (closed form ``e^{−kt}``)."""
    elimination_rate(half_life_h)  # validates the half-life (finite, in the model's range)
    horizon = _positive(horizon_h, "horizon")
    step = _positive(step_h, "step")
    sleep_h = hours_to_wake(bedtime, wake)
    if sleep_h > horizon:
        raise ValueError(f"the horizon {horizon:g} h ends before the first wake-up")
    times = np.linspace(0.0, horizon, round(horizon / step) + 1)
    starts = np.arange(0.0, horizon, 24.0)
    ends = np.minimum(starts + sleep_h, horizon)
    wakes = starts + sleep_h
    wakes = wakes[wakes <= horizon]
    return HypotheticalDrug(
        half_life_h=float(half_life_h),
        times_h=times,
        fraction=instant_dose_amount(half_life_h, times),
        sleep_starts_h=starts,
        sleep_ends_h=ends,
        fraction_at_wake=instant_dose_amount(half_life_h, wakes),
        hours_to_97pct=half_lives_to_eliminate(0.97) * float(half_life_h),
    )


def compounds_by_half_life(dataset: Dataset) -> list[str]:
    """Every drug and active metabolite, shortest typical half-life first (stable)."""
    return sorted(dataset.compounds, key=lambda name: dataset.compound(name).half_life.typical_h)


@dataclass(frozen=True)
class SingleDose:
    """One instant dose of a compound at its typical half-life, over ``times_h``."""

    name: str
    half_life_h: float
    times_h: FloatArray
    amount: FloatArray

    @property
    def horizon_h(self) -> float:
        return float(self.times_h[-1])


def single_dose(dataset: Dataset, name: str, horizon_half_lives: float = 6.0) -> SingleDose:
    """One instant dose of ``name`` (typical published half-life), over ``horizon_half_lives``
    half-lives rounded up to whole 6-hour steps (closed form ``e^{−kt}``)."""
    compound = dataset.compound(name)
    t_half = compound.half_life.typical_h
    horizon = 6.0 * math.ceil(_positive(horizon_half_lives, "horizon") * t_half / 6.0)
    times = np.linspace(0.0, horizon, 601)
    return SingleDose(compound.name, t_half, times, instant_dose_amount(t_half, times))
