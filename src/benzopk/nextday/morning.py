"""The morning after, per drug: a drug is its parent plus its active metabolites.

For each drug, the amount of all its active compounds at wake-up — after night 1, after
night N and at steady state — in units of one dose of the parent (molar-equivalent sums;
metabolites are not equipotent with their parent). A prodrug's dose enters as what it
forms. Instant dose at bedtime every 24 h, typical half-lives, bioavailability 1 (the
amount absorbed), so that drugs can be compared.

Closed forms over the linked system's transition matrix ``Φ(t)`` (see
:meth:`benzopk.model.LinearSystem.transition_matrix`), with ``b`` the dose input vector,
``τ`` = 24 h and ``Δ`` the hours from bedtime to wake:

.. math::

    w_1 = Φ(Δ) b, \\quad
    w_N = Φ(Δ) (I − Φ(τ))^{-1} (I − Φ(τ)^N) b, \\quad
    w_∞ = Φ(Δ) (I − Φ(τ))^{-1} b.

No loop over nights. Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..crossing import first_whole_number, last_crossing
from ..data import Dataset
from ..formulas import (
    accumulation_ratio,
    fraction_at_wake_night1,
    fraction_at_wake_night_n,
    fraction_at_wake_steady,
    hours_to_fraction_eliminated,
    nights_to_fraction_of_steady,
    state_after_regular_doses,
)
from ..linked import active_compounds, system_for_drug
from ..model import MAX_HORIZON_H, FloatArray, LinearSystem
from ..timeline import (
    DEFAULT_BEDTIME,
    DEFAULT_NIGHTS,
    DEFAULT_WAKE,
    DOSE_INTERVAL_H,
    check_nights,
    hours_to_wake,
)

__all__ = [
    "DRUG_TABLE_COLUMNS",
    "ELIMINATED_FRACTION",
    "STEADY_FRACTION",
    "TABLE_COLUMNS",
    "DrugWake",
    "assumption_note",
    "drug_rows",
    "drug_wake",
    "drug_wakes",
    "hours_until_total_below",
    "morning_after_rows",
]

STEADY_FRACTION = 0.9
ELIMINATED_FRACTION = 0.97

DRUG_TABLE_COLUMNS = (
    "name",
    "class",
    "active_compounds",
    "half_life_h",
    "longest_half_life_h",
    "fraction_at_wake_night1",
    "fraction_at_wake_night_n",
    "fraction_at_wake_steady",
    "accumulation_ratio",
    "nights_to_90pct_steady",
    "hours_to_97pct_eliminated",
)


@dataclass(frozen=True)
class DrugWake:
    """What is left at wake-up of one drug and its active metabolites.

    ``night1``, ``night_n`` and ``steady`` hold one amount per active compound (in the
    order of ``compounds``), each a fraction of one dose of the parent.
    """

    name: str
    drug_class: str
    prodrug: bool
    compounds: tuple[str, ...]
    half_life_h: float
    longest_half_life_h: float
    nights: int
    night1: tuple[float, ...]
    night_n: tuple[float, ...]
    steady: tuple[float, ...]
    nights_to_90pct_steady: int
    hours_to_97pct_eliminated: float
    assumed_links: tuple[str, ...]

    @property
    def fraction_at_wake_night1(self) -> float:
        return float(sum(self.night1))

    @property
    def fraction_at_wake_night_n(self) -> float:
        return float(sum(self.night_n))

    @property
    def fraction_at_wake_steady(self) -> float:
        return float(sum(self.steady))

    @property
    def accumulation_ratio(self) -> float:
        """Steady state over night 1, at wake-up."""
        return self.fraction_at_wake_steady / self.fraction_at_wake_night1

    @property
    def rests_on_assumption(self) -> bool:
        """True where a value uses an assumed (not published) link fraction."""
        return bool(self.assumed_links)

    def row(self) -> dict[str, str | float | int]:
        """One row of ``benzopk table`` (columns :data:`DRUG_TABLE_COLUMNS`)."""
        return {
            "name": self.name,
            "class": self.drug_class,
            "active_compounds": ";".join(self.compounds),
            "half_life_h": self.half_life_h,
            "longest_half_life_h": self.longest_half_life_h,
            "fraction_at_wake_night1": self.fraction_at_wake_night1,
            "fraction_at_wake_night_n": self.fraction_at_wake_night_n,
            "fraction_at_wake_steady": self.fraction_at_wake_steady,
            "accumulation_ratio": self.accumulation_ratio,
            "nights_to_90pct_steady": self.nights_to_90pct_steady,
            "hours_to_97pct_eliminated": self.hours_to_97pct_eliminated,
        }


def _wake_after_nights(
    phi: FloatArray, to_wake: FloatArray, inputs: FloatArray, nights: int
) -> FloatArray:
    """Per-compartment amounts at wake-up after ``nights`` doses: ``Φ(Δ)(I−Φ)⁻¹(I−Φᴺ)b``."""
    return np.asarray(to_wake @ state_after_regular_doses(phi, inputs, nights), dtype=float)


def nights_to_steady(
    phi: FloatArray, to_wake: FloatArray, inputs: FloatArray, fraction: float = STEADY_FRACTION
) -> int:
    """Smallest N whose wake-up total reaches ``fraction`` of steady state.

    The shortfall ``1ᵀΦ(Δ)(I−Φ)⁻¹ΦᴺΦb`` is a sum of non-negative terms from night N on, so it
    falls with N: :func:`~benzopk.crossing.first_whole_number` over N (matrix powers, no
    loop per night).
    """
    n = phi.shape[0]
    resolvent = to_wake @ np.linalg.inv(np.eye(n) - phi)
    steady = float(np.sum(resolvent @ inputs))
    allowed = (1.0 - fraction) * steady * (1 + 1e-12)

    def reached(nights: int) -> bool:
        rest = np.linalg.matrix_power(phi, nights) @ inputs
        return float(np.sum(resolvent @ rest)) <= allowed

    return first_whole_number(reached)


def hours_until_total_below(system: LinearSystem, remaining: float) -> float:
    """Hours after one dose after which the summed amount of every compartment stays at or
    below ``remaining`` (a fraction of the dose): the one threshold search
    (:func:`benzopk.crossing.last_crossing`) on the closed form."""
    if not 0 < remaining < 1:
        raise ValueError("remaining must be between 0 and 1")
    inputs = system.inputs

    def total(hours: FloatArray) -> FloatArray:
        return np.atleast_2d(system.amounts([0.0], hours, [1.0]).sum(axis=0))

    rates = [c.rate_per_h for c in system.compartments if c.rate_per_h > 0]
    first = float(np.log(1.0 / remaining) / min(rates)) * len(rates)
    if float(inputs.sum()) <= remaining:
        return 0.0
    return float(last_crossing(total, [remaining], first, MAX_HORIZON_H)[0])


def drug_wake(
    dataset: Dataset,
    drug: str,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    nights: int = DEFAULT_NIGHTS,
) -> DrugWake:
    """The morning-after numbers of ``drug`` with its active metabolites (see module)."""
    delta = hours_to_wake(bedtime, wake)
    nights = check_nights(nights)
    compound = dataset.compound(drug)
    system = system_for_drug(dataset, compound.name)
    names = active_compounds(dataset, compound.name)
    if tuple(system.names) != names:  # the system holds exactly the active compounds
        raise AssertionError(f"{compound.name}: system {system.names} != {names}")
    phi = system.transition_matrix(DOSE_INTERVAL_H)
    to_wake = system.transition_matrix(delta)
    inputs = system.inputs
    n = phi.shape[0]
    night1 = to_wake @ inputs
    night_n = _wake_after_nights(phi, to_wake, inputs, nights)
    steady = to_wake @ np.linalg.solve(np.eye(n) - phi, inputs)
    assumed = tuple(
        f"{link.parent} → {link.metabolite} ({link.fraction:g}, assumption)"
        for link in dataset.metabolite_tree(compound.name)
        if link.is_assumption
    )
    return DrugWake(
        name=compound.name,
        drug_class=compound.drug_class,
        prodrug=compound.prodrug,
        compounds=names,
        half_life_h=compound.half_life.typical_h,
        longest_half_life_h=max(dataset.compound(c).half_life.typical_h for c in names),
        nights=nights,
        night1=tuple(float(x) for x in night1),
        night_n=tuple(float(x) for x in night_n),
        steady=tuple(float(x) for x in steady),
        nights_to_90pct_steady=nights_to_steady(phi, to_wake, inputs),
        hours_to_97pct_eliminated=hours_until_total_below(system, 1.0 - ELIMINATED_FRACTION),
        assumed_links=assumed,
    )


def drug_wakes(
    dataset: Dataset,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    nights: int = DEFAULT_NIGHTS,
    drugs: Iterable[str] | None = None,
) -> list[DrugWake]:
    """:func:`drug_wake` for every drug (or ``drugs``), sorted by the steady-state amount at
    wake-up, highest first, ties by name."""
    hours_to_wake(bedtime, wake)
    check_nights(nights)
    if drugs is None:
        names = sorted(dataset.drugs)
    else:
        names = list(dict.fromkeys(dataset.compound(d).name for d in drugs))
        if not names:
            raise ValueError("choose at least one drug")
        for name in names:
            if dataset.compound(name).is_metabolite:
                raise ValueError(
                    f"{name!r} is an active metabolite; the per-drug table takes drugs "
                    "(use --compounds for every compound on its own)"
                )
    results = [drug_wake(dataset, name, bedtime, wake, nights) for name in names]
    results.sort(key=lambda r: (-r.fraction_at_wake_steady, r.name))
    return results


def assumption_note(wakes: Iterable[DrugWake]) -> str:
    """One line naming the drugs whose values rest on an assumed link fraction (or "")."""
    marked = [w for w in wakes if w.rests_on_assumption]
    if not marked:
        return ""
    links = sorted({link for w in marked for link in w.assumed_links})
    return (
        "* Rests on an assumed (unpublished) link fraction: "
        + ", ".join(w.name for w in marked)
        + " ("
        + "; ".join(links)
        + ")."
    )


def drug_rows(
    dataset: Dataset,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    nights: int = DEFAULT_NIGHTS,
    drugs: Iterable[str] | None = None,
) -> list[dict[str, str | float | int]]:
    """The rows of ``benzopk table``: one per drug, columns :data:`DRUG_TABLE_COLUMNS`."""
    return [r.row() for r in drug_wakes(dataset, bedtime, wake, nights, drugs)]


# Every compound on its own (``benzopk table --compounds``)

TABLE_COLUMNS = (
    "name",
    "class",
    "half_life_h",
    "fraction_at_wake_night1",
    "fraction_at_wake_night_n",
    "fraction_at_wake_steady",
    "accumulation_ratio",
    "nights_to_90pct_steady",
    "hours_to_97pct_eliminated",
)


def morning_after_rows(
    dataset: Dataset,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    nights: int = DEFAULT_NIGHTS,
    drugs: Iterable[str] | None = None,
) -> list[dict[str, str | float | int]]:
    """One row per drug and per active metabolite, each as its own compound.

    Instant doses every 24 h at bedtime, typical half-life; columns :data:`TABLE_COLUMNS`;
    sorted by ``fraction_at_wake_steady``, highest first. Selecting a drug includes the
    metabolites it forms.
    """
    delta = hours_to_wake(bedtime, wake)
    nights = check_nights(nights)
    if drugs is None:
        names = sorted(dataset.compounds)
    else:
        chosen = [dataset.compound(d).name for d in drugs]
        if not chosen:
            raise ValueError("choose at least one drug")
        names = []
        for name in chosen:
            extra = [link.metabolite for link in dataset.metabolite_tree(name)]
            for item in [name, *extra]:
                if item not in names:
                    names.append(item)
    rows: list[dict[str, str | float | int]] = []
    for name in names:
        compound = dataset.compound(name)
        t_half = compound.half_life.typical_h
        rows.append(
            {
                "name": compound.name,
                "class": compound.drug_class,
                "half_life_h": t_half,
                "fraction_at_wake_night1": fraction_at_wake_night1(t_half, delta),
                "fraction_at_wake_night_n": fraction_at_wake_night_n(t_half, delta, nights),
                "fraction_at_wake_steady": fraction_at_wake_steady(t_half, delta),
                "accumulation_ratio": accumulation_ratio(t_half),
                "nights_to_90pct_steady": nights_to_fraction_of_steady(t_half, 0.9),
                "hours_to_97pct_eliminated": hours_to_fraction_eliminated(t_half, 0.97),
            }
        )
    rows.sort(key=lambda row: (-float(row["fraction_at_wake_steady"]), str(row["name"])))
    return rows
