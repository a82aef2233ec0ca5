"""A drug is its parent plus its active metabolites: the linked system of one drug.

One function builds a drug's system (:func:`system_for_drug`): the parent (unless it is a
prodrug), every compound reachable through ``metabolite_links.csv`` (chains of any depth),
each receiving its link fraction of what forms it; an optional gut compartment for oral
absorption; a bioavailability factor. Amounts are fractions of one dose of the parent.
Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .data import Compound, Dataset
from .formulas import absorption_rate_from_tmax, elimination_rate
from .model import Compartment, FloatArray, LinearSystem

__all__ = [
    "Absorption",
    "DrugCurves",
    "MissingTmaxError",
    "active_compounds",
    "half_life_at_position",
    "simulate_drug",
    "system_for_drug",
    "with_metabolites",
]

Absorption = Literal["instant", "oral"]


class MissingTmaxError(ValueError):
    """The drug has no published time to peak, so no oral-absorption curve."""


def half_life_at_position(compound: Compound, position: float) -> float:
    """Half-life (h) at a position in the between-person (``individual``) range.

    ``position`` −1 is the shortest value seen in a person, 0 the typical one and +1 the
    longest; in between, geometric interpolation, so the result never leaves the range. A
    compound without an individual range (none published, or only a range of study means)
    stays at its typical value.
    """
    if not math.isfinite(position) or not -1.0 <= position <= 1.0:
        raise ValueError(f"position in the published range must be in [-1, 1], got {position!r}")
    hl = compound.half_life
    end = hl.person_max_h if position >= 0 else hl.person_min_h
    return float(hl.typical_h * (end / hl.typical_h) ** abs(position))


def active_compounds(dataset: Dataset, drug: str) -> tuple[str, ...]:
    """A drug's active compounds: the parent (unless it is a prodrug) and every compound it
    forms through ``metabolite_links.csv``, parents before the compounds they form."""
    parent = dataset.compound(drug)
    if parent.is_metabolite:
        raise ValueError(f"{parent.name!r} is a metabolite; choose its parent drug")
    formed = [link.metabolite for link in dataset.metabolite_tree(parent.name)]
    names = formed if parent.prodrug else [parent.name, *formed]
    return tuple(dict.fromkeys(names))


def system_for_drug(
    dataset: Dataset,
    drug: str,
    absorption: Absorption = "instant",
    position: float = 0.0,
    half_life_scale: dict[str, float] | None = None,
    bioavailability: float = 1.0,
) -> LinearSystem:
    """The linked system of ``drug``: the parent and its active metabolites (chains of any
    depth), each metabolite receiving its link fraction of what forms it.

    A prodrug's dose enters as what it forms: each metabolite it forms directly receives its
    link fraction of the dose at the dose time (the parent is not a compartment).
    ``absorption="oral"`` adds a gut compartment whose rate ``ka`` is solved from the drug's
    *typical* half-life and published tmax, then kept fixed while the half-life varies.
    ``half_life_scale`` multiplies named compounds' half-lives (after ``position``).
    ``bioavailability`` is the fraction of each dose that reaches the body (default 1).
    """
    parent = dataset.compound(drug)
    if parent.is_metabolite:
        raise ValueError(f"{parent.name!r} is a metabolite; choose its parent drug")
    if not math.isfinite(bioavailability) or not 0 < bioavailability <= 1:
        raise ValueError(f"bioavailability must be in (0, 1], got {bioavailability!r}")
    scale = half_life_scale or {}

    def rate(compound: Compound) -> float:
        half_life = half_life_at_position(compound, position) * scale.get(compound.name, 1.0)
        return elimination_rate(half_life)

    comps: list[Compartment] = []
    inputs: list[float] = []
    if absorption not in ("instant", "oral"):
        raise ValueError(f"absorption must be 'instant' or 'oral', got {absorption!r}")
    if absorption == "oral":
        if parent.tmax_h is None:
            raise MissingTmaxError(
                f"{parent.name}: no published time to peak in the data, so no oral absorption"
            )
        ka = absorption_rate_from_tmax(parent.half_life.typical_h, parent.tmax_h)
        comps.append(Compartment("gut", ka))
        inputs.append(bioavailability)
    position_of: dict[str, int] = {}
    if not parent.prodrug:
        source = 0 if comps else None
        comps.append(Compartment(parent.name, rate(parent), source, 1.0))
        inputs.append(0.0 if source is not None else bioavailability)
        position_of[parent.name] = len(comps) - 1
    for link in dataset.metabolite_tree(parent.name):
        metabolite = dataset.metabolites[link.metabolite]
        if link.parent == parent.name and parent.prodrug:
            comps.append(Compartment(metabolite.name, rate(metabolite)))
            inputs.append(bioavailability * link.fraction)
        else:
            comps.append(
                Compartment(
                    metabolite.name, rate(metabolite), position_of[link.parent], link.fraction
                )
            )
            inputs.append(0.0)
        position_of[metabolite.name] = len(comps) - 1
    if inputs == [1.0] + [0.0] * (len(inputs) - 1):
        return LinearSystem(tuple(comps))
    return LinearSystem(tuple(comps), tuple(inputs))


@dataclass(frozen=True)
class DrugCurves:
    """Amount over time of a drug and each of its active metabolites.

    ``amounts[name]`` is a fraction of one dose of the parent at each ``times_h``.
    """

    drug: str
    times_h: FloatArray
    amounts: dict[str, FloatArray]

    @property
    def names(self) -> list[str]:
        return list(self.amounts)


def simulate_drug(
    dataset: Dataset,
    drug: str,
    dose_times_h: Sequence[float] | FloatArray,
    times_h: FloatArray,
    absorption: Absorption = "instant",
    position: float = 0.0,
    half_life_scale: dict[str, float] | None = None,
) -> DrugCurves:
    """Amounts of ``drug`` and its metabolites at ``times_h`` for the given dose times."""
    system = system_for_drug(dataset, drug, absorption, position, half_life_scale)
    values = system.amounts(dose_times_h, times_h)
    amounts = {name: values[i] for i, name in enumerate(system.names) if name != "gut"}
    return DrugCurves(dataset.compound(drug).name, np.asarray(times_h, dtype=float), amounts)


def with_metabolites(dataset: Dataset, drugs: Iterable[str]) -> list[str]:
    """Each drug (a prodrug too) followed by every active metabolite it forms, each name once,
    in order: the compounds whose values a notebook about ``drugs`` shows."""
    names: dict[str, None] = {}
    for drug in drugs:
        name = dataset.compound(drug).name
        names[name] = None
        names.update(dict.fromkeys(link.metabolite for link in dataset.metabolite_tree(name)))
    return list(names)
