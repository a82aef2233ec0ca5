"""Scenarios over the dataset: bedtime doses, a drug with its metabolites, the morning-after table.

Time origin: the first bedtime dose is at t = 0 h. Amounts are fractions of one dose of the
parent. Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .data import Compound, Dataset
from .model import (
    Compartment,
    FloatArray,
    LinearSystem,
    absorption_rate_from_tmax,
    accumulation_ratio,
    elimination_rate,
    fraction_at_wake_night1,
    fraction_at_wake_night_n,
    fraction_at_wake_steady,
    hours_to_fraction_eliminated,
    nights_to_fraction_of_steady,
)

__all__ = [
    "DEFAULT_BEDTIME",
    "DEFAULT_NIGHTS",
    "DEFAULT_WAKE",
    "MAX_NIGHTS",
    "TABLE_COLUMNS",
    "Absorption",
    "DrugCurves",
    "MissingTmaxError",
    "active_compounds",
    "half_life_at_position",
    "hours_to_wake",
    "morning_after_rows",
    "nightly_dose_times",
    "parse_clock",
    "simulate_drug",
    "system_for_drug",
]

Absorption = Literal["instant", "oral"]

DEFAULT_BEDTIME = "22:30"
DEFAULT_WAKE = "07:00"
DEFAULT_NIGHTS = 14
MAX_NIGHTS = 3650
DOSE_INTERVAL_H = 24.0

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

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(text: str) -> float:
    """``"H:MM"`` or ``"HH:MM"`` on the 24-hour clock → hours after midnight (e.g. 22.5)."""
    match = _CLOCK.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a 24-hour clock time H:MM or HH:MM (e.g. 22:30)")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r} is out of range: hours 0–23, minutes 00–59")
    return hours + minutes / 60.0


def hours_to_wake(bedtime: str, wake: str) -> float:
    """Hours from bedtime to wake; a wake time at or before bedtime is the next morning."""
    try:
        start = parse_clock(bedtime)
    except ValueError as error:
        raise ValueError(f"bedtime {error}") from None
    try:
        end = parse_clock(wake)
    except ValueError as error:
        raise ValueError(f"wake time {error}") from None
    if start == end:
        raise ValueError(f"wake time {wake!r} equals bedtime {bedtime!r}; they must differ")
    return (end - start) % 24.0


def check_nights(nights: int) -> int:
    """Validate a number of nights (1–3650)."""
    if isinstance(nights, bool) or not isinstance(nights, int | np.integer):
        raise ValueError(f"nights must be a whole number from 1 to {MAX_NIGHTS}, got {nights!r}")
    if not 1 <= nights <= MAX_NIGHTS:
        raise ValueError(f"nights must be from 1 to {MAX_NIGHTS}, got {nights}")
    return int(nights)


def nightly_dose_times(nights: int, interval_h: float = DOSE_INTERVAL_H) -> FloatArray:
    """Dose times (h) of one dose each bedtime, the first at t = 0."""
    return np.arange(check_nights(nights), dtype=float) * interval_h


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


class MissingTmaxError(ValueError):
    """The drug has no published time to peak, so no oral-absorption curve."""


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
