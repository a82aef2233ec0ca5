"""One-compartment, first-order pharmacokinetics in closed form.

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

the divided difference of :math:`e^{-rt}` over the rates on the path. It is evaluated here
without cancellation (shifted, and by a Taylor series where rates nearly coincide, which
also covers the ``ka = k`` limit :math:`k t e^{-kt}`). Any dosing schedule follows by
superposition, carried exactly from dose to dose as a state vector: cost O(points + doses),
no ODE solver, and no ``exp(+k t)`` term that could overflow.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LN2",
    "MAX_HALF_LIFE_H",
    "MAX_HORIZON_H",
    "MIN_HALF_LIFE_H",
    "Compartment",
    "LinearSystem",
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
    "tmax_from_rates",
]

FloatArray = NDArray[np.float64]

LN2 = math.log(2.0)
#: Half-lives accepted by the model (hours). Wider than any published value in data/.
MIN_HALF_LIFE_H = 0.01
MAX_HALF_LIFE_H = 10_000.0
#: Longest simulated horizon (hours): about 11.4 years, room for 10 years of nightly use.
MAX_HORIZON_H = 100_000.0

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
# A tree of compartments under any dosing schedule
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compartment:
    """One first-order compartment.

    Attributes
    ----------
    name
        Label, e.g. ``"gut"``, ``"diazepam"``, ``"nordiazepam"``.
    rate_per_h
        First-order rate constant out of this compartment (1/h); 0 for a sink.
    source
        Index of the compartment whose outflow feeds this one; ``None`` for the one that
        receives the doses (index 0).
    fraction_from_source
        Fraction (0–1] of the source's outflow that enters this compartment.
    """

    name: str
    rate_per_h: float
    source: int | None = None
    fraction_from_source: float = 1.0


@dataclass(frozen=True)
class LinearSystem:
    """Compartments in topological order, and where each dose goes.

    By default every dose enters compartment 0 whole. ``dose_inputs`` gives instead the
    fraction of each dose that enters each compartment: a bioavailability below 1 (less
    reaches the body), or a prodrug whose dose enters as the metabolites it forms (then
    several compartments may have no source). Amounts are fractions of one dose (of the
    parent, in molar-equivalent terms for metabolites); time in hours.
    """

    compartments: tuple[Compartment, ...]
    dose_inputs: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not self.compartments:
            raise ValueError("a system needs at least one compartment")
        if self.dose_inputs is not None:
            inputs = self.dose_inputs
            if len(inputs) != len(self.compartments):
                raise ValueError("dose_inputs needs one fraction per compartment")
            if (
                not all(math.isfinite(x) and 0 <= x <= 1 for x in inputs)
                or not 0 < sum(inputs) <= 1 + 1e-12
            ):
                raise ValueError("dose_inputs must be fractions in [0, 1] adding up to (0, 1]")
        for index, comp in enumerate(self.compartments):
            if not math.isfinite(comp.rate_per_h) or comp.rate_per_h < 0:
                raise ValueError(f"compartment {comp.name!r}: rate must be finite and >= 0")
            if comp.source is None and (index == 0 or self.dose_inputs is not None):
                continue
            if index == 0:
                raise ValueError("compartment 0 receives the doses and has no source")
            if comp.source is None or not 0 <= comp.source < index:
                raise ValueError(
                    f"compartment {comp.name!r}: source must be an earlier compartment"
                )
            if not 0 < comp.fraction_from_source <= 1:
                raise ValueError(
                    f"compartment {comp.name!r}: fraction_from_source must be in (0, 1]"
                )
        for index in range(len(self.compartments)):
            out = sum(c.fraction_from_source for c in self.compartments if c.source == index)
            if out > 1 + 1e-12:
                raise ValueError(
                    f"compartment {self.compartments[index].name!r}: fractions to its "
                    f"products add up to {out:g} > 1"
                )

    @property
    def inputs(self) -> FloatArray:
        """Fraction of each dose entering each compartment."""
        if self.dose_inputs is None:
            vector = np.zeros(len(self.compartments))
            vector[0] = 1.0
            return vector
        return np.array(self.dose_inputs, dtype=float)

    def transition_matrix(self, elapsed_h: float) -> FloatArray:
        """``Φ(t)``: entry (to, start) is the amount in ``to`` a time ``t`` after a unit
        amount was in ``start`` (closed form; lower triangular)."""
        n = len(self.compartments)
        phi = np.zeros((n, n))
        for to, start in self._pairs():
            phi[to, start] = float(self.transfer(to, start, [elapsed_h])[0])
        return phi

    def _pairs(self) -> list[tuple[int, int]]:
        n = len(self.compartments)
        return [
            (to, start)
            for to in range(n)
            for start in range(to + 1)
            if self._path(start, to) is not None
        ]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.compartments)

    def index(self, name: str) -> int:
        """Position of the compartment called ``name``."""
        return self.names.index(name)

    def _path(self, start: int, end: int) -> list[int] | None:
        """Compartments from ``start`` down to ``end``, or None if ``end`` is not below."""
        path = [end]
        while path[-1] != start:
            source = self.compartments[path[-1]].source
            if source is None:
                return None
            path.append(source)
        return path[::-1]

    def transfer(self, to: int, start: int, elapsed_h: ArrayLike) -> FloatArray:
        """Amount in compartment ``to`` after a unit input into ``start`` (closed form)."""
        path = self._path(start, to)
        t = np.asarray(elapsed_h, dtype=float)
        if path is None:
            return np.zeros_like(t)
        gain = 1.0
        for source, child in itertools.pairwise(path):
            gain *= (
                self.compartments[child].fraction_from_source * self.compartments[source].rate_per_h
            )
        rates = [self.compartments[i].rate_per_h for i in path]
        return gain * path_response(rates, t)

    def with_sinks(self) -> LinearSystem:
        """This system plus, for each compartment, a sink (rate 0) collecting what it
        eliminates to outside the system. Sinks are named ``"<name> eliminated"``.

        The amounts in all compartments and sinks add up to the doses given: mass balance,
        which tests use to check the closed form.
        """
        comps = list(self.compartments)
        for index, comp in enumerate(self.compartments):
            if comp.rate_per_h == 0:
                continue
            onward = sum(c.fraction_from_source for c in self.compartments if c.source == index)
            share = 1.0 - onward
            if share > 1e-15:
                comps.append(Compartment(f"{comp.name} eliminated", 0.0, index, share))
        inputs = None
        if self.dose_inputs is not None:
            inputs = (*self.dose_inputs, *([0.0] * (len(comps) - len(self.compartments))))
        return LinearSystem(tuple(comps), inputs)

    def amounts(
        self,
        dose_times_h: ArrayLike,
        grid_h: ArrayLike,
        dose_amounts: ArrayLike | None = None,
    ) -> FloatArray:
        """Amount in every compartment at each grid time, by exact superposition.

        Parameters
        ----------
        dose_times_h
            Times of the doses (h), sorted, ≥ 0.
        grid_h
            Times to evaluate (h), any order, within ``MAX_HORIZON_H``.
        dose_amounts
            Size of each dose in doses (default 1.0 each).

        Returns
        -------
        ndarray, shape (n_compartments, n_points)
            Fractions of one dose. A dose at time ``t_d`` counts at ``t >= t_d``.

        Notes
        -----
        The state just after each dose is carried forward with the transition matrix
        ``Φ(Δ)`` (the closed-form responses), then each grid point is ``Φ(t − t_last) ·
        state``: O(points + doses) time and memory, no points × doses matrix.
        """
        doses = _check_times(dose_times_h, "dose times")
        if doses.size == 0:
            raise ValueError("at least one dose time is needed")
        if np.any(np.diff(doses) < 0):
            raise ValueError("dose times must be sorted in increasing order")
        if doses[0] < 0:
            raise ValueError(f"dose times must be >= 0 h, got {doses[0]:g}")
        grid = _check_times(grid_h, "grid times")
        if dose_amounts is None:
            sizes = np.ones_like(doses)
        else:
            sizes = np.asarray(dose_amounts, dtype=float).ravel()
            if sizes.shape != doses.shape:
                raise ValueError("dose_amounts must have one value per dose time")
            if not np.all(np.isfinite(sizes)) or np.any(sizes < 0):
                raise ValueError("dose amounts must be finite and >= 0")

        n = len(self.compartments)
        pairs = self._pairs()
        state = self._states_after_doses(doses, sizes, pairs)

        last = np.searchsorted(doses, grid, side="right") - 1
        before_first = last < 0
        last = np.where(before_first, 0, last)
        elapsed = np.where(before_first, 0.0, grid - doses[last])
        out = np.zeros((n, grid.size))
        weights: dict[int, FloatArray] = {}
        for to, start in pairs:
            if start not in weights:
                weights[start] = state[last, start]
            weight = weights[start]
            if not np.any(weight):
                continue
            response = self.transfer(to, start, elapsed)
            response *= weight
            out[to] += response
        out[:, before_first] = 0.0
        return out

    def _states_after_doses(
        self,
        doses: FloatArray,
        sizes: FloatArray,
        pairs: list[tuple[int, int]],
    ) -> FloatArray:
        """State vector just after each dose (shape n_doses × n), by the exact recurrence
        ``s_j = Φ(t_j − t_{j−1}) s_{j−1} + size_j b`` (``b``: :attr:`inputs`)."""
        n = len(self.compartments)
        inputs = self.inputs
        gaps = np.diff(doses)
        states = np.zeros((doses.size, n))
        if doses.size == 1:
            states[0] = sizes[0] * inputs
            return states
        uniform = bool(np.all(gaps == gaps[0]))
        if uniform:
            phi = self.transition_matrix(float(gaps[0]))
            phis: FloatArray | None = None
        else:
            phis = np.zeros((gaps.size, n, n))
            for to, start in pairs:
                phis[:, to, start] = self.transfer(to, start, gaps)
        current = sizes[0] * inputs
        states[0] = current
        for j in range(1, doses.size):
            matrix = phi if phis is None else phis[j - 1]
            current = matrix @ current + sizes[j] * inputs
            states[j] = current
        return states


def _check_times(values: ArrayLike, what: str) -> FloatArray:
    array = np.asarray(values, dtype=float).ravel()
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} must be finite numbers of hours")
    if array.size and np.max(np.abs(array)) > MAX_HORIZON_H:
        raise ValueError(
            f"{what} must lie within ±{MAX_HORIZON_H:g} h (about 11 years), "
            f"got {np.max(np.abs(array)):g} h"
        )
    return array


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
