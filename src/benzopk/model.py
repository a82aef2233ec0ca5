"""The engine: a tree of first-order compartments under any dosing schedule, in closed form.

Unit: **fraction of one dose in the body**; time in hours. Teaching model — NOT FOR DOSING.
The closed forms it builds on are in :mod:`benzopk.formulas`. A schedule is exact
superposition by array operations only: the states just after the doses by a parallel scan
over ``s_j = Φ(t_j − t_{j−1}) s_{j−1} + size_j·b``, then each grid point ``Φ(t − t_last)·s``,
once per distinct elapsed time on a regular lattice (1-minute grid, nightly doses). Cost
O(points + doses), no ODE solver, no ``exp(+k t)``. Imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .formulas import path_response

__all__ = [
    "MAX_HORIZON_H",
    "Compartment",
    "LinearSystem",
]

FloatArray = NDArray[np.float64]

#: Longest simulated horizon (hours): about 11.4 years, room for 10 years of nightly use.
MAX_HORIZON_H = 100_000.0
#: The lattice evaluation moves no elapsed time by more than this (h); it writes at most
#: ``_MAX_RUNS`` runs of equal dose intervals as blocks, else gathers each point's phase.
_LATTICE_TOL_H = 1e-9
_MAX_RUNS = 8


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
        """Amount in every compartment at each grid time, by exact superposition:
        :meth:`_states_after_doses`, then :meth:`_amounts_on_lattice` where it applies, else
        :meth:`_amounts_direct`. No points × doses matrix, no Python loop over doses.

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
        """
        doses, _ = _check_times(dose_times_h, "dose times")
        if doses.size == 0:
            raise ValueError("at least one dose time is needed")
        if np.any(np.diff(doses) < 0):
            raise ValueError("dose times must be sorted in increasing order")
        if doses[0] < 0:
            raise ValueError(f"dose times must be >= 0 h, got {doses[0]:g}")
        grid, latest = _check_times(grid_h, "grid times")
        if dose_amounts is None:
            sizes = np.ones_like(doses)
        else:
            sizes = np.asarray(dose_amounts, dtype=float).ravel()
            if sizes.shape != doses.shape:
                raise ValueError("dose_amounts must have one value per dose time")
            if not np.all(np.isfinite(sizes)) or np.any(sizes < 0):
                raise ValueError("dose amounts must be finite and >= 0")
        # Doses after the last grid time change nothing: leave them out of the scan.
        needed = int(np.searchsorted(doses, latest, side="right")) if grid.size else 0
        if needed == 0:
            return np.zeros((len(self.compartments), grid.size))
        doses, sizes = doses[:needed], sizes[:needed]
        states = self._states_after_doses(doses, sizes)
        out = self._amounts_on_lattice(doses, states, grid)
        return self._amounts_direct(doses, states, grid) if out is None else out

    def _states_after_doses(self, doses: FloatArray, sizes: FloatArray) -> FloatArray:
        """States just after each dose (n_doses × n) of ``s_j = Φ(t_j − t_{j−1}) s_{j−1} +
        size_j b`` (``b``: :attr:`inputs`), by an associative (Hillis–Steele) scan: after
        the step with offset ``d`` entry ``j`` holds ``(A_j, s_j)`` composed over its last
        ``2d`` doses (``A_j``: product of their ``Φ``; one power of ``Φ`` if gaps are equal).
        """
        n = len(self.compartments)
        states = sizes[:, None] * self.inputs
        gaps = np.diff(doses)
        if gaps.size == 0:
            return states
        uniform = bool(np.all(gaps == gaps[0]))
        # phis[j] = Φ(gap into dose j); equal gaps: one matrix stands for all of them
        phis = np.zeros((1 if uniform else doses.size, n, n))
        at = gaps[:1] if uniform else np.append(0.0, gaps)
        for to, start in self._pairs():
            phis[:, to, start] = self.transfer(to, start, at)
        offset = 1
        while offset < doses.size:
            if uniform:
                states[offset:] += states[:-offset] @ phis[0].T
                phis[0] = phis[0] @ phis[0]
            else:
                states[offset:] += np.matmul(phis[offset:], states[:-offset, :, None])[..., 0]
                phis[offset:] = np.matmul(phis[offset:], phis[:-offset])
            offset *= 2
        return states

    def _amounts_direct(
        self, doses: FloatArray, states: FloatArray, grid: FloatArray
    ) -> FloatArray:
        """:meth:`amounts` point by point: the closed form at each elapsed time."""
        last = np.searchsorted(doses, grid, side="right") - 1
        before_first = last < 0
        last = np.where(before_first, 0, last)
        elapsed = np.where(before_first, 0.0, grid - doses[last])
        out = np.zeros((len(self.compartments), grid.size))
        weights = states.T[:, last]  # (n, points): each point's state after its last dose
        for to, start in self._pairs():
            if np.any(weights[start]):
                response = self.transfer(to, start, elapsed)
                response *= weights[start]
                out[to] += response
        out[:, before_first] = 0.0
        return out

    def _amounts_on_lattice(
        self, doses: FloatArray, states: FloatArray, grid: FloatArray
    ) -> FloatArray | None:
        """:meth:`amounts` on a uniform grid with the doses on its lattice, else None.

        Every elapsed time is then ``base + p·step`` for a whole ``p`` (checked at every
        point, to ``_LATTICE_TOL_H``): the responses are evaluated once per ``p``, and each
        run of equal dose intervals is one product ``states × table`` into the output.
        """
        n, n_points = len(self.compartments), grid.size
        first_time = float(grid[0])
        step = (float(grid[-1]) - first_time) / max(n_points - 1, 1)
        if not step >= 1e-6 or _lattice_deviation(grid, first_time, step) > _LATTICE_TOL_H / 3:
            return None
        first = np.searchsorted(grid, doses, side="left")  # dose j is last from point first_j
        lengths = np.diff(first, append=n_points)
        used = np.flatnonzero(lengths)
        start, lengths = first[used], lengths[used]
        offset = grid[start] - doses[used]  # elapsed at the first point of each interval
        base = float(offset.min())
        phase = (offset - base) / step
        shift = np.rint(phase)
        if float(np.max(np.abs(phase - shift))) * step > _LATTICE_TOL_H / 3:
            return None
        shift = shift.astype(np.intp)
        size = int(np.max(shift + lengths))
        if size > 2 * n_points + 1024:
            return None
        table_h = base + step * np.arange(size)
        table = np.zeros((n, n, size))  # table[to, start, p]: response at base + p·step
        for to, source in self._pairs():
            table[to, source] = self.transfer(to, source, table_h)
        weights = states[used]
        out = np.empty((n, n_points))
        out[:, : start[0]] = 0.0
        change = np.flatnonzero((np.diff(shift) != 0) | (np.diff(lengths) != 0)) + 1
        bounds = [0, *change.tolist(), used.size]
        if len(bounds) - 1 <= _MAX_RUNS:
            for a, b in itertools.pairwise(bounds):
                count, p = int(lengths[a]), int(shift[a])
                block = out[:, start[a] : start[a] + (b - a) * count].reshape(n, b - a, count)
                for to in range(n):  # sources come first; einsum, not threaded BLAS (k ≤ n)
                    rows = table[to, : to + 1, p : p + count]
                    np.einsum("js,sp->jp", weights[a:b, : to + 1], rows, out=block[to])
            return out
        # An irregular schedule: gather each point's phase and weights from its interval.
        interval = np.repeat(np.arange(used.size), lengths)
        phases = np.arange(start[0], n_points) - np.repeat(start - shift, lengths)
        body = out[:, start[0] :]
        body[...] = 0.0
        for source in range(n):
            weight = weights[interval, source]
            if np.any(weight) and np.any(table[:, source]):
                body += table[:, source, phases] * weight
        return out


def _lattice_deviation(grid: FloatArray, first_time: float, step: float) -> float:
    """``max |grid_i − (first_time + i·step)|``, a block at a time (in cache)."""
    block = 1 << 15
    ramp = np.arange(min(block, grid.size), dtype=float) * step
    worst = 0.0
    for begin in range(0, grid.size, block):
        part = np.subtract(grid[begin : begin + block], ramp[: grid.size - begin])
        part -= first_time + begin * step
        worst = max(worst, float(part.max()), -float(part.min()))
    return worst


def _check_times(values: ArrayLike, what: str) -> tuple[FloatArray, float]:
    """The times as a flat array of hours, and the latest of them (0 if none)."""
    array = np.asarray(values, dtype=float).ravel()
    low, high = (float(array.min()), float(array.max())) if array.size else (0.0, 0.0)
    if not math.isfinite(low + high):  # NaN propagates through min and max
        raise ValueError(f"{what} must be finite numbers of hours")
    if max(-low, high) > MAX_HORIZON_H:
        reach = max(-low, high)
        raise ValueError(
            f"{what} must lie within ±{MAX_HORIZON_H:g} h (about 11 years), got {reach:g} h"
        )
    return array, high
