"""The closed-form formulas the course teaches: first-order elimination and absorption.

Unit everywhere: **fraction of one dose in the body** (an instant dose puts 1.0 in the
body); time in hours. Teaching model — NOT FOR DOSING.

A drug and its active metabolites form a small tree of first-order compartments: an
optional gut (oral absorption, rate ``ka``), the parent (rate ``k = ln2/t½``) and the
metabolites it forms, each receiving a stated fraction of its source's outflow. For such a
linear system the amount in compartment *n* after a unit input into compartment *m* is the
classical Bateman solution

.. math::

    A_{n \\leftarrow m}(t) = \\Big(\\prod_{e \\in m \\to n} f_e r_e\\Big)
        \\sum_j \\frac{e^{-r_j t}}{\\prod_{l \\ne j}(r_l - r_j)},

the divided difference of :math:`e^{-rt}` over the rates on the path
(:func:`path_response`). It is evaluated here without cancellation (shifted, and by a
Taylor series where rates nearly coincide, which also covers the ``ka = k`` limit
:math:`k t e^{-kt}`), with no ``exp(+k t)`` term that could overflow. For one compound dosed
every ``τ`` hours the sums over doses are geometric series: the wake-up, steady-state and
accumulation formulas at the end of this module.

:mod:`benzopk.model` (the :class:`~benzopk.model.LinearSystem` engine) builds on these
functions; this module does not import it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LN2",
    "MAX_HALF_LIFE_H",
    "MIN_HALF_LIFE_H",
    "NoAbsorptionRateError",
    "absorption_rate_from_tmax",
    "accumulation_ratio",
    "bateman_amount",
    "elimination_rate",
    "fraction_at_wake_night1",
    "fraction_at_wake_night_n",
    "fraction_at_wake_steady",
    "hours_to_fraction_eliminated",
    "instant_dose_amount",
    "nights_to_fraction_of_steady",
    "path_response",
    "state_after_regular_doses",
    "tmax_from_rates",
]

FloatArray = NDArray[np.float64]

LN2 = math.log(2.0)
#: Half-lives accepted by the model (hours). Wider than any published value in data/.
MIN_HALF_LIFE_H = 0.01
MAX_HALF_LIFE_H = 10_000.0

# Below this spread (rate difference × time) a divided difference is summed as a Taylor
# series; above it the recursive formula loses at most about 3·eps/spread ≈ 1e-14 relative
# to cancellation (nodes sorted, so the divisor is the widest difference).
_TAYLOR_SPREAD = 0.1
_TAYLOR_TERMS = 28


class NoAbsorptionRateError(ValueError):
    """No absorption rate ``ka > k`` reproduces the requested time to peak."""


def _check_half_life(half_life_h: float, what: str = "half-life") -> float:
    value = float(half_life_h)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{what} must be a finite number of hours > 0, got {half_life_h!r}")
    if not MIN_HALF_LIFE_H <= value <= MAX_HALF_LIFE_H:
        raise ValueError(
            f"{what} {value:g} h is outside the model's range "
            f"{MIN_HALF_LIFE_H:g}–{MAX_HALF_LIFE_H:g} h"
        )
    return value


def elimination_rate(half_life_h: float) -> float:
    """First-order elimination rate constant ``k = ln2 / t½`` (1/h)."""
    return LN2 / _check_half_life(half_life_h)


# ---------------------------------------------------------------------------------------
# Absorption rate from a published time to peak
# ---------------------------------------------------------------------------------------


def tmax_from_rates(ka_per_h: float, k_per_h: float) -> float:
    """Time to peak (h) of the one-compartment oral (Bateman) curve: ``ln(ka/k)/(ka−k)``.

    Returns ``1/k`` in the limit ``ka = k``.
    """
    if ka_per_h <= 0 or k_per_h <= 0:
        raise ValueError("rates must be > 0")
    ratio = ka_per_h / k_per_h
    if abs(ratio - 1.0) < 1e-12:
        return 1.0 / k_per_h
    return math.log(ratio) / (ka_per_h - k_per_h)


def absorption_rate_from_tmax(half_life_h: float, tmax_h: float) -> float:
    """Absorption rate ``ka`` (1/h) with ``ka > k`` whose Bateman curve peaks at ``tmax_h``.

    Solves ``tmax = ln(ka/k)/(ka−k)``. With ``u = ln(ka/k)`` this is ``u/(e^u − 1) = k·tmax``,
    whose left side falls from 1 (u → 0) to 0, so a root with ``ka > k`` exists exactly when
    ``tmax < 1/k``; it is found by bisection to machine precision.

    Raises
    ------
    NoAbsorptionRateError
        When ``tmax_h >= 1/k``: no first-order absorption faster than elimination peaks
        that late, and any curve returned would be wrong.
    """
    k = elimination_rate(half_life_h)
    tmax = float(tmax_h)
    if not math.isfinite(tmax) or tmax <= 0:
        raise ValueError(f"tmax must be a finite number of hours > 0, got {tmax_h!r}")
    tau = k * tmax
    if tau >= 1.0:
        raise NoAbsorptionRateError(
            f"no absorption rate ka > k gives tmax {tmax:g} h with half-life {half_life_h:g} h: "
            f"tmax must be shorter than 1/k = {1.0 / k:.4g} h"
        )

    def g(u: float) -> float:
        return u / math.expm1(u)

    lo, hi = 0.0, 1.0
    while g(hi) > tau:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if g(mid) > tau:
            lo = mid
        else:
            hi = mid
    return k * math.exp(0.5 * (lo + hi))


# ---------------------------------------------------------------------------------------
# Divided differences of the exponential: the response along a chain of compartments
# ---------------------------------------------------------------------------------------


def _taylor_degree(spread: float) -> int:
    """Highest degree the Taylor series of :func:`_taylor_q` needs for nodes in
    ``[0, spread]`` (``spread`` ≤ 1): its terms are at most ``s^k/(k! m!)`` and the result
    at least ``e^{−s}/m!``, so the tail after degree K is below ``2 e^s s^{K+1}/(K+1)!``
    relative; stop once that is under 2^−64 (at most ``_TAYLOR_TERMS``)."""
    bound = 2.0 * math.exp(spread)
    for degree in range(_TAYLOR_TERMS):
        bound *= spread / (degree + 1)
        if bound <= 2.0**-64:
            return degree
    return _TAYLOR_TERMS


def _taylor_q(w: list[FloatArray]) -> FloatArray:
    """``(−1)^m [w_0..w_m] e^{−w}`` for small non-negative nodes ``w`` (Taylor series)."""
    m = len(w) - 1
    size = w[0].shape
    # h[k] = complete homogeneous symmetric polynomial of degree k in the nodes.
    # Updated in place (one scratch array) to keep large grids cheap; a node that is exactly
    # zero (the first one always is) adds nothing and is skipped, and the first non-zero node
    # sets h[k] = node^k directly.
    top = _taylor_degree(max(float(np.max(node)) for node in w))
    h = [np.ones(size)]
    scratch = np.empty(size)
    for node in w:
        if not np.any(node):
            continue
        if len(h) == 1:
            for degree in range(1, top + 1):
                h.append(node * h[degree - 1])
            continue
        for degree in range(1, top + 1):
            np.multiply(node, h[degree - 1], out=scratch)
            h[degree] += scratch
    if len(h) == 1:  # every node is zero
        h += [np.zeros(size) for _ in range(top)]
    total = h[0] / math.factorial(m)
    for degree in range(1, top + 1):
        np.divide(h[degree], math.factorial(degree + m), out=scratch)
        if degree % 2:
            total -= scratch
        else:
            total += scratch
    return total


def _divided_q(z: list[FloatArray]) -> FloatArray:
    """``(−1)^n [z_0..z_n] e^{−z}`` for ascending nodes ``z`` (arrays of equal shape, ≥ 0).

    Positive: equals ``e^{−ξ}/n!`` for some ξ between the nodes.
    """
    # A module-level recursion with an explicit memo (not a closure that refers to itself,
    # a reference cycle that would keep the nodes and intermediate arrays until the next
    # garbage collection).
    return _divided_q_entry(z, 0, len(z) - 1, {})


def _divided_q_entry(
    z: list[FloatArray], i: int, j: int, memo: dict[tuple[int, int], FloatArray]
) -> FloatArray:
    """``(−1)^(j−i) [z_i..z_j] e^{−z}``, memoised in ``memo``."""
    key = (i, j)
    if key in memo:
        return memo[key]
    if i == j:
        result = np.exp(-z[i])
    elif j == i + 1:
        d = z[j] - z[i]
        safe = np.where(d > 0, d, 1.0)
        ratio = np.where(d > 0, -np.expm1(-d) / safe, 1.0)
        result = np.exp(-z[i]) * ratio
    else:
        spread = z[j] - z[i]
        result = np.empty_like(spread)
        small = spread <= _TAYLOR_SPREAD
        large = ~small
        if np.any(large):
            left = _divided_q_entry(z, i, j - 1, memo)[large]
            numerator = left - _divided_q_entry(z, i + 1, j, memo)[large]
            result[large] = numerator / spread[large]
        if np.any(small):
            base = z[i][small]
            w = [z[p][small] - base for p in range(i, j + 1)]
            result[small] = np.exp(-base) * _taylor_q(w)
    memo[key] = result
    return result


def path_response(rates_per_h: Sequence[float], elapsed_h: ArrayLike) -> FloatArray:
    """Divided difference ``Σ_j e^{−r_j t} / Π_{l≠j}(r_l − r_j)`` of ``e^{−rt}`` (hours^n).

    Times the product of ``f·r`` along the path, it is the amount in the last compartment of
    a chain with first-order rates ``rates_per_h`` after a unit input into the first one
    ``elapsed_h`` hours earlier. Rates may coincide (then the confluent limit, e.g.
    ``t·e^{−kt}``) and may be 0 (a sink that accumulates what was eliminated). Zero for
    negative elapsed times.
    """
    rates = np.asarray(rates_per_h, dtype=float)
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError("rates_per_h must be a non-empty sequence")
    if not np.all(np.isfinite(rates)) or np.any(rates < 0):
        raise ValueError("rates must be finite and >= 0")
    t = np.asarray(elapsed_h, dtype=float)
    positive = np.where(t > 0, t, 0.0)
    order = np.sort(rates)
    lowest = order[0]
    n = order.size - 1
    value = np.exp(-lowest * positive)
    if n == 1:
        # Two rates: e^{−r0 t}·(1 − e^{−d t})/d, or t·e^{−r0 t} when they coincide — the
        # same divided difference without the general recursion's temporaries.
        spread = float(order[1] - lowest)
        if spread > 0:
            value *= -np.expm1(-spread * positive) / spread
        else:
            value *= positive
    elif n > 1:
        z = [(r - lowest) * positive for r in order]
        value = value * positive**n * _divided_q(z)
    return np.where(t >= 0, value, 0.0)


def instant_dose_amount(half_life_h: float, elapsed_h: ArrayLike) -> FloatArray:
    """Fraction of an instant dose still in the body: ``e^{−k t}`` (0 before the dose)."""
    return path_response([elimination_rate(half_life_h)], elapsed_h)


def bateman_amount(half_life_h: float, ka_per_h: float, elapsed_h: ArrayLike) -> FloatArray:
    """Fraction of an oral dose in the body: ``ka/(ka−k)·(e^{−kt} − e^{−ka t})``.

    Uses the limit ``k·t·e^{−kt}`` where ``ka ≈ k``.
    """
    if not math.isfinite(ka_per_h) or ka_per_h <= 0:
        raise ValueError(f"ka must be a finite rate > 0 per hour, got {ka_per_h!r}")
    k = elimination_rate(half_life_h)
    return ka_per_h * path_response([ka_per_h, k], elapsed_h)


# ---------------------------------------------------------------------------------------
# Closed-form metrics for one compound, instant doses every `interval_h` hours
# ---------------------------------------------------------------------------------------


def fraction_at_wake_night1(half_life_h: float, hours_to_wake: float) -> float:
    """Fraction of the first night's dose left at wake-up: ``e^{−kΔ}``."""
    return math.exp(-elimination_rate(half_life_h) * hours_to_wake)


def fraction_at_wake_night_n(
    half_life_h: float, hours_to_wake: float, nights: int, interval_h: float = 24.0
) -> float:
    """Amount at wake-up after the N-th nightly dose: ``e^{−kΔ}(1−e^{−τkN})/(1−e^{−τk})``."""
    if nights < 1:
        raise ValueError(f"nights must be >= 1, got {nights}")
    k = elimination_rate(half_life_h)
    return (
        math.exp(-k * hours_to_wake)
        * -math.expm1(-interval_h * k * nights)
        / -math.expm1(-interval_h * k)
    )


def fraction_at_wake_steady(
    half_life_h: float, hours_to_wake: float, interval_h: float = 24.0
) -> float:
    """Amount at wake-up at steady state: ``e^{−kΔ}/(1−e^{−τk})``."""
    k = elimination_rate(half_life_h)
    return math.exp(-k * hours_to_wake) / -math.expm1(-interval_h * k)


def accumulation_ratio(half_life_h: float, interval_h: float = 24.0) -> float:
    """Steady-state over single-dose amount at the same time after a dose: ``1/(1−e^{−τk})``."""
    return 1.0 / -math.expm1(-interval_h * elimination_rate(half_life_h))


def nights_to_fraction_of_steady(
    half_life_h: float, fraction: float = 0.9, interval_h: float = 24.0
) -> int:
    """Nightly doses until the amount reaches ``fraction`` of steady state (at least 1).

    ``1 − e^{−τkN} ≥ fraction`` gives ``N = ceil(ln(1/(1−fraction))/(τk))``; for 90 % this
    is ``ceil(ln10/(24k))``, about 3.3 half-lives.
    """
    if not 0 < fraction < 1:
        raise ValueError("fraction must be between 0 and 1")
    k = elimination_rate(half_life_h)
    return max(1, math.ceil(-math.log1p(-fraction) / (interval_h * k)))


def hours_to_fraction_eliminated(half_life_h: float, fraction: float = 0.97) -> float:
    """Hours after a dose until ``fraction`` of it is eliminated: ``ln(1/(1−fraction))/k``.

    For 97 % this is ``ln(1/0.03)/k`` ≈ 5.06 half-lives.
    """
    if not 0 < fraction < 1:
        raise ValueError("fraction must be between 0 and 1")
    return -math.log1p(-fraction) / elimination_rate(half_life_h)


def state_after_regular_doses(phi: FloatArray, inputs: FloatArray, doses: int | None) -> FloatArray:
    """Amounts just after dose ``doses`` of a regular schedule: the geometric sum
    ``(I−Φ)⁻¹(I−Φᴺ)·b`` (``Φ``: the transition matrix over one dosing interval, ``b``: what
    one dose puts into each compartment); at steady state (``doses=None``), ``(I−Φ)⁻¹·b``."""
    eye = np.eye(phi.shape[0])
    rest = inputs if doses is None else inputs - np.linalg.matrix_power(phi, doses) @ inputs
    return np.asarray(np.linalg.solve(eye - phi, rest), dtype=float)
