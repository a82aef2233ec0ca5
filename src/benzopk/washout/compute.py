"""Washout: how long a drug and its active metabolites take to leave after nightly use stops.

Time origin here is the **last** bedtime dose (t = 0 h); amounts are fractions of one dose
of the parent (metabolites molar-equivalent), instant doses every 24 h, typical half-lives
unless a position in the published range is given. Teaching model — NOT FOR DOSING: no
taper schedules, no switching advice; stopping after regular use can cause withdrawal
effects, which this model does not represent.

Definition used everywhere in this module
-----------------------------------------
For each compound, and for the total (drug + its active metabolites), let the
**reference** ``R`` be the highest amount at or after the last dose,
``R = max_{t ≥ 0} A(t)``. For the drug itself (instant dose) and for the total this is
the amount just after the last dose, because they only fall afterwards; a metabolite may
keep rising for a while, and then ``R`` is its peak. The **washout time** is the last time
at which the amount is still at least ``remaining × R`` (default 3 %):

.. math::

    T = \\sup\\{t \\ge 0 : A(t) \\ge 0.03\\,R\\},

so from ``T`` on the amount stays below 3 % of ``R`` (97 % eliminated in this sense).
``T`` is in hours after the last dose, not after the peak.

For one compound alone after instant doses the amount after the last dose is
``A(0)·e^{−kt}``, so ``T = ln(1/0.03)/k`` (≈ 5.06 half-lives), whatever the number of
nights: that closed form is used for the drug itself. Metabolites and the total are sums
of exponentials with no closed-form root; they are evaluated on a grid (vectorised), the
peak refined on a finer grid and the crossing by bisection on the closed-form amounts.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike

from ..crossing import last_crossing
from ..data import Dataset
from ..formulas import hours_to_fraction_eliminated, state_after_regular_doses
from ..linked import half_life_at_position, system_for_drug
from ..model import MAX_HORIZON_H, FloatArray, LinearSystem
from ..timeline import DEFAULT_NIGHTS, DOSE_INTERVAL_H, nightly_dose_times

__all__ = [
    "REMAINING_FRACTION",
    "TOTAL",
    "WASHOUT_COLUMNS",
    "CompoundWashout",
    "DrugWashout",
    "amounts_after_last_dose",
    "drug_washout",
    "drug_washouts",
    "grid_washout",
    "hours_alone",
    "state_after_last_dose",
    "washout_rows",
]

#: Fraction of the reference amount that counts as "washed out" (97 % eliminated).
REMAINING_FRACTION = 0.03
#: Name of the row that sums the drug and its active metabolites.
TOTAL = "total"
#: Grid points used to locate the peak and the crossing before refining them.
GRID_POINTS = 4001

WASHOUT_COLUMNS = (
    "drug",
    "class",
    "half_life_h",
    "drug_hours",
    "metabolites",
    "total_hours_n",
    "total_hours_steady",
    "total_days_steady",
)


@dataclass(frozen=True)
class CompoundWashout:
    """Washout of one compound (or of the total) after the last dose.

    Attributes
    ----------
    name
        Compound name, or ``"total"`` for the drug plus its active metabolites.
    reference
        Highest amount at or after the last dose (fraction of one dose of the parent).
    peak_h
        Hours after the last dose at which ``reference`` is reached (0 if only falling).
    hours
        Hours after the last dose from which the amount stays below
        ``remaining × reference`` (see the module docstring).
    """

    name: str
    reference: float
    peak_h: float
    hours: float

    @property
    def days(self) -> float:
        """``hours`` in days."""
        return self.hours / 24.0


@dataclass(frozen=True)
class DrugWashout:
    """Washout of a drug, each active metabolite and their total after nightly use.

    ``nights`` is the number of nightly doses taken, or ``None`` for steady state.
    ``compounds`` lists the drug first, then its metabolites; ``total`` sums them.
    """

    drug: str
    nights: int | None
    remaining: float
    system: LinearSystem
    state: FloatArray
    compounds: tuple[CompoundWashout, ...]
    total: CompoundWashout

    @property
    def by_name(self) -> dict[str, CompoundWashout]:
        """Every entry, including ``"total"``, by name."""
        return {c.name: c for c in (*self.compounds, self.total)}

    def amounts(self, hours_after: ArrayLike) -> dict[str, FloatArray]:
        """Amount of each compound and of the total at ``hours_after`` the last dose."""
        values = amounts_after_last_dose(self.system, self.state, hours_after)
        out = {name: values[i] for i, name in enumerate(self.system.names)}
        out[TOTAL] = values.sum(axis=0)
        return out


def state_after_last_dose(
    system: LinearSystem, nights: int | None = DEFAULT_NIGHTS, interval_h: float = DOSE_INTERVAL_H
) -> FloatArray:
    """Amount in each compartment just after the last of ``nights`` doses (fractions).

    ``nights=None`` gives steady state in closed form: the state ``s`` just after a dose
    repeats when ``s = Φ(τ)s + e₀``, so ``s = (I − Φ(τ))⁻¹ e₀``, where ``Φ(τ)`` holds the
    closed-form responses over one dosing interval ``τ`` (hours).
    """
    if nights is None:
        if not math.isfinite(interval_h) or interval_h <= 0:
            raise ValueError(f"interval_h must be > 0 hours, got {interval_h!r}")
        return state_after_regular_doses(system.transition_matrix(interval_h), system.inputs, None)
    doses = nightly_dose_times(nights, interval_h)
    return system.amounts(doses, doses[-1:])[:, 0]


def amounts_after_last_dose(
    system: LinearSystem, state: ArrayLike, hours_after: ArrayLike
) -> FloatArray:
    """Amounts (shape compartments × points) ``hours_after`` the last dose, no more doses.

    ``A_to(t) = Σ_start Φ_{to←start}(t) · state_start``: the engine's own superposition
    (:meth:`~benzopk.model.LinearSystem.amounts`), with the state as one "dose" at t = 0
    that enters every compartment in its share.
    """
    start_state = np.asarray(state, dtype=float)
    t = np.asarray(hours_after, dtype=float).ravel()
    n = len(system.compartments)
    if start_state.shape != (n,):
        raise ValueError(f"state must have one amount per compartment ({n})")
    if not np.all(np.isfinite(t)) or np.any(t < 0) or (t.size and t.max() > MAX_HORIZON_H):
        raise ValueError(f"hours after the last dose must be in 0–{MAX_HORIZON_H:g}")
    total = float(start_state.sum())
    if total <= 0:
        return np.zeros((n, t.size))
    carried = replace(system, dose_inputs=tuple(float(x) for x in start_state / total))
    return carried.amounts([0.0], t, [total])


def grid_washout(
    system: LinearSystem,
    state: FloatArray,
    remaining: float = REMAINING_FRACTION,
    points: int = GRID_POINTS,
) -> list[tuple[float, float, float]]:
    """``(reference, peak_h, hours)`` for every compartment and, last, the total — on a grid.

    The grid spans a horizon that doubles until every curve ends below its threshold; the
    peak is refined on a finer grid around the coarse maximum and the crossing by bisection
    between the last grid point at or above the threshold and the next.
    """
    if not 0 < remaining < 1:
        raise ValueError("remaining must be between 0 and 1")
    rates = [c.rate_per_h for c in system.compartments]
    if min(rates) <= 0:
        raise ValueError("every compartment needs an elimination rate > 0")
    horizon = min(MAX_HORIZON_H, 1.5 * sum(math.log(1 / remaining) / r for r in rates))
    while True:
        grid = np.linspace(0.0, horizon, points)
        values = amounts_after_last_dose(system, state, grid)
        curves = np.vstack([values, values.sum(axis=0)])
        reference = curves.max(axis=1)
        above = curves >= remaining * reference[:, None]
        last = points - 1 - np.argmax(above[:, ::-1], axis=1)
        if np.all(last < points - 1):
            break
        if horizon >= MAX_HORIZON_H:
            raise ValueError("the amounts do not fall below the threshold within the horizon")
        horizon = min(MAX_HORIZON_H, 2 * horizon)

    # Refine each peak on a fine grid between the coarse maximum's neighbours.
    top = np.argmax(curves, axis=1)
    lo = grid[np.maximum(top - 1, 0)]
    hi = grid[np.minimum(top + 1, points - 1)]
    fine = lo[:, None] + (hi - lo)[:, None] * np.linspace(0.0, 1.0, points)[None, :]
    fine_values = np.empty_like(fine)
    n = len(system.compartments)
    for i, row in enumerate(fine):  # one pass per curve (a few), vectorised over time
        values = amounts_after_last_dose(system, state, row)
        fine_values[i] = values[i] if i < n else values.sum(axis=0)
    best = np.argmax(fine_values, axis=1)
    rows = np.arange(curves.shape[0])
    reference = np.maximum(reference, fine_values[rows, best])
    peak = np.where(fine_values[rows, best] >= curves[rows, top], fine[rows, best], grid[top])

    def rows_at(hours: FloatArray) -> FloatArray:
        values = amounts_after_last_dose(system, state, hours)
        return np.vstack([values, values.sum(axis=0)])

    hours = last_crossing(rows_at, remaining * reference, horizon, MAX_HORIZON_H, points)
    return [(float(reference[i]), float(peak[i]), float(hours[i])) for i in range(curves.shape[0])]


def drug_washout(
    dataset: Dataset,
    drug: str,
    nights: int | None = DEFAULT_NIGHTS,
    remaining: float = REMAINING_FRACTION,
    position: float = 0.0,
) -> DrugWashout:
    """Washout of ``drug``, each active metabolite and their total after nightly use.

    Parameters
    ----------
    dataset
        The cited data (:func:`benzopk.load_dataset`).
    drug
        A drug (not a metabolite).
    nights
        Number of nightly instant doses taken (1–3650), or ``None`` for steady state.
    remaining
        Fraction of the reference amount that counts as washed out (default 0.03).
    position
        Position in the published half-life ranges (−1 shortest, 0 typical, +1 longest).

    Returns
    -------
    DrugWashout
        Hours after the last dose, per compound and for the total; the drug itself by the
        closed form ``ln(1/remaining)/k``, the metabolites and the total on a grid.
    """
    system = system_for_drug(dataset, drug, "instant", position)
    state = state_after_last_dose(system, nights)
    results = grid_washout(system, state, remaining)
    parent = dataset.compound(drug)
    closed = hours_to_fraction_eliminated(half_life_at_position(parent, position), 1 - remaining)
    compounds = []
    for i, name in enumerate(system.names):
        reference, peak, hours = results[i]
        if i == 0 and not parent.prodrug:  # a prodrug's system holds only what it forms
            hours, peak, reference = closed, 0.0, float(state[0])
        compounds.append(CompoundWashout(name, reference, peak, hours))
    reference, peak, hours = results[-1]
    if len(compounds) == 1:
        reference, peak, hours = compounds[0].reference, 0.0, compounds[0].hours
    total = CompoundWashout(TOTAL, reference, peak, hours)
    return DrugWashout(parent.name, nights, remaining, system, state, tuple(compounds), total)


def washout_rows(
    dataset: Dataset, nights: int = DEFAULT_NIGHTS, drugs: Iterable[str] | None = None
) -> list[dict[str, str | float]]:
    """One row per drug (columns :data:`WASHOUT_COLUMNS`), typical half-lives.

    ``drug_hours``: the drug alone (closed form); ``metabolites``: each active metabolite
    with its own washout hours after ``nights`` doses; ``total_hours_n``: drug + metabolites
    after ``nights`` doses; ``total_hours_steady`` / ``total_days_steady``: the same at
    steady state. Sorted by ``total_hours_steady``, longest first, then by name.
    """
    names = sorted(dataset.drugs) if drugs is None else [dataset.compound(d).name for d in drugs]
    rows: list[dict[str, str | float]] = []
    for name in dict.fromkeys(names):
        after_n = drug_washout(dataset, name, nights)
        steady = drug_washout(dataset, name, None)
        prodrug = dataset.compound(name).prodrug
        formed = after_n.compounds if prodrug else after_n.compounds[1:]
        metabolites = "; ".join(f"{c.name} {c.hours:.0f} h" for c in formed)
        rows.append(
            {
                "drug": after_n.drug,
                "class": dataset.compound(name).drug_class,
                "half_life_h": dataset.compound(name).half_life.typical_h,
                # a prodrug does not circulate after an oral dose: nothing of it to wash out
                "drug_hours": 0.0 if prodrug else after_n.compounds[0].hours,
                "metabolites": metabolites,
                "total_hours_n": after_n.total.hours,
                "total_hours_steady": steady.total.hours,
                "total_days_steady": steady.total.days,
            }
        )
    rows.sort(key=lambda row: (-float(row["total_hours_steady"]), str(row["drug"])))
    return rows


def drug_washouts(
    dataset: Dataset,
    drugs: Iterable[str],
    nights: int | None = DEFAULT_NIGHTS,
    remaining: float = REMAINING_FRACTION,
    position: float = 0.0,
) -> list[DrugWashout]:
    """:func:`drug_washout` of each drug, in order."""
    return [drug_washout(dataset, d, nights, remaining, position) for d in drugs]


def hours_alone(
    dataset: Dataset, names: Iterable[str], remaining: float = REMAINING_FRACTION
) -> dict[str, float]:
    """Hours after the last dose until ``remaining`` of each compound is left, each on its
    own (closed form ``ln(1/remaining)/k``, whatever the number of nights)."""
    return {
        dataset.compound(n).name: hours_to_fraction_eliminated(
            dataset.compound(n).half_life.typical_h, 1 - remaining
        )
        for n in names
    }
