"""Active metabolites: how long a drug's activity lasts once its metabolites are counted.

A parent with elimination rate ``k_p`` passes a fraction ``f`` of what it eliminates to a
metabolite with rate ``k_m`` (``data/metabolite_links.csv``, column ``fraction_converted``).
After one instant dose the metabolite holds

.. math::

    A_m(t) = f \\frac{k_p}{k_m - k_p} \\left(e^{-k_p t} - e^{-k_m t}\\right),

which peaks at ``ln(k_p/k_m)/(k_p − k_m)`` hours and is proportional to ``f``. Everything
here evaluates :class:`~benzopk.model.LinearSystem` in closed form on fine, vectorised time
grids (no ODE solver). Amounts are fractions of one dose of the parent, in molar-equivalent
terms: adding parent and metabolite counts molecules, not effects. Time in hours.
Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..crossing import last_crossing
from ..data import Dataset, Link
from ..formulas import LN2
from ..linked import system_for_drug
from ..model import MAX_HORIZON_H, FloatArray, LinearSystem
from ..timeline import (
    DEFAULT_BEDTIME,
    DEFAULT_NIGHTS,
    DEFAULT_WAKE,
    Timeline,
)

__all__ = [
    "DEFAULT_REMAINING",
    "DEFAULT_STEP_H",
    "ActivitySummary",
    "MetabolitePeak",
    "activity_summaries",
    "activity_summary",
    "drugs_with_metabolites",
    "fraction_label",
    "hours_until_remaining",
    "links_below",
    "metabolite_at_wake",
    "metabolite_peak",
    "metabolite_peaks",
    "path_fraction",
    "path_links",
    "peak_time",
    "share_at_wake",
    "summarise",
    "system_with_fractions",
    "wake_time_after_night",
    "without_prodrugs",
]

#: "Gone" means this fraction of the dose (parent + metabolites) is left: 97 % eliminated.
DEFAULT_REMAINING = 0.03
#: Grid step (h) for peaks and elimination times: one minute.
DEFAULT_STEP_H = 1.0 / 60.0


# ---------------------------------------------------------------------------------------
# The links of a drug's tree, and how they are labelled
# ---------------------------------------------------------------------------------------


def drugs_with_metabolites(dataset: Dataset) -> tuple[str, ...]:
    """Drugs (in data order) that form at least one active metabolite."""
    return tuple(name for name in dataset.drugs if dataset.links_from(name))


def fraction_label(link: Link) -> str:
    """One line saying the fraction and whether it is published, e.g.
    ``"assumed: 50 % of flurazepam forms desalkylflurazepam (not published)"``."""
    share = f"{100 * link.fraction:.3g} % of {link.parent} forms {link.metabolite}"
    if link.is_assumption:
        return f"assumed: {share} (not published)"
    return f"published: {share}"


def path_links(dataset: Dataset, drug: str, metabolite: str) -> list[Link]:
    """The links from ``drug`` down to ``metabolite``, parent first."""
    tree = {link.metabolite: link for link in dataset.metabolite_tree(drug)}
    name = dataset.compound(metabolite).name
    if name not in tree:
        raise ValueError(f"{drug} does not form {metabolite} in the data")
    path = [tree[name]]
    while path[-1].parent in tree:
        path.append(tree[path[-1].parent])
    return path[::-1]


def path_fraction(dataset: Dataset, drug: str, metabolite: str) -> float:
    """Fraction of a dose of ``drug`` that becomes ``metabolite``: the product of the
    link fractions along the way (all of it eventually passes through, as t → ∞)."""
    return math.prod(link.fraction for link in path_links(dataset, drug, metabolite))


def system_with_fractions(
    dataset: Dataset, drug: str, fractions: Mapping[tuple[str, str], float] | None = None
) -> LinearSystem:
    """``drug``'s compartment tree (instant dose, typical half-lives) with some link
    fractions replaced: ``fractions[(parent, metabolite)] = new fraction`` (0–1]."""
    system = system_for_drug(dataset, drug)
    wanted = dict(fractions or {})
    names = system.names
    parent = dataset.compound(drug).name
    inputs = list(system.inputs)
    compartments = []
    for index, comp in enumerate(system.compartments):
        # A prodrug's links are where its dose enters: the fraction is the dose input.
        source = parent if comp.source is None else names[comp.source]
        key = (source, comp.name)
        if key in wanted:
            value = float(wanted.pop(key))
            if comp.source is None:
                inputs[index] = value
            else:
                comp = replace(comp, fraction_from_source=value)
        compartments.append(comp)
    if wanted:
        missing = ", ".join(f"{p} → {m}" for p, m in wanted)
        raise ValueError(f"{drug}: no link {missing} in its metabolite tree")
    if system.dose_inputs is None and inputs == list(system.inputs):
        return LinearSystem(tuple(compartments))
    return LinearSystem(tuple(compartments), tuple(inputs))


# ---------------------------------------------------------------------------------------
# Single dose: peaks and elimination times on a fine grid
# ---------------------------------------------------------------------------------------


def _horizon_h(system: LinearSystem) -> float:
    """A first horizon (h): five longest half-lives per compartment (doubled if needed)."""
    rates = [c.rate_per_h for c in system.compartments if c.rate_per_h > 0]
    return min(MAX_HORIZON_H, 5.0 * len(rates) * LN2 / min(rates))


def _grid(horizon_h: float, step_h: float) -> FloatArray:
    if not 0 < step_h <= 1.0:
        raise ValueError(f"step_h must be in (0, 1] hours, got {step_h!r}")
    return np.arange(0.0, horizon_h + step_h / 2, step_h)


def peak_time(system: LinearSystem, name: str, step_h: float = DEFAULT_STEP_H) -> float:
    """Hours after one instant dose at which compartment ``name`` peaks.

    Arg-max on a grid of ``step_h`` hours, refined by the vertex of the parabola through
    the three points around it.
    """
    index = system.index(name)
    grid = _grid(_horizon_h(system), step_h)
    amount = system.amounts([0.0], grid)[index]
    top = int(np.argmax(amount))
    if top == 0:
        return 0.0
    if top == grid.size - 1:
        raise ValueError(f"{name}: no peak within {grid[-1]:g} h")
    y0, y1, y2 = amount[top - 1], amount[top], amount[top + 1]
    curvature = y0 - 2.0 * y1 + y2
    offset = 0.5 * (y0 - y2) / curvature if curvature < 0 else 0.0
    return float(grid[top] + offset * step_h)


def hours_until_remaining(
    system: LinearSystem,
    names: Sequence[str] | None = None,
    remaining: float = DEFAULT_REMAINING,
) -> float:
    """Hours after one instant dose from which the summed amount of ``names`` (default:
    every compartment, parent + metabolites) stays at or below ``remaining`` — the one
    threshold search (:func:`benzopk.crossing.last_crossing`) on the closed form."""
    if not 0 < remaining < 1:
        raise ValueError("remaining must be between 0 and 1")
    rows = [system.index(n) for n in names] if names else list(range(len(system.names)))

    def summed(hours: FloatArray) -> FloatArray:
        return np.atleast_2d(system.amounts([0.0], hours)[rows].sum(axis=0))

    return float(last_crossing(summed, [remaining], _horizon_h(system), MAX_HORIZON_H)[0])


@dataclass(frozen=True)
class MetabolitePeak:
    """When one metabolite peaks after a single instant dose of ``drug``."""

    drug: str
    metabolite: str
    fraction_of_dose: float  # product of the link fractions on the way
    labels: tuple[str, ...]  # fraction_label of each link on the way
    peak_h: float
    peak_amount: float  # fraction of one dose of the parent


def metabolite_peak(
    dataset: Dataset,
    drug: str,
    metabolite: str,
    step_h: float = DEFAULT_STEP_H,
) -> MetabolitePeak:
    """Peak time and height of ``metabolite`` after one instant dose of ``drug``.

    A prodrug's dose enters directly as the metabolites it forms, so they have no formation
    peak: asking for one is an error.
    """
    if dataset.compound(drug).prodrug:
        raise ValueError(
            f"{drug} is a prodrug: its dose enters as what it forms, so there is no formation peak"
        )
    system = system_with_fractions(dataset, drug)
    name = dataset.compound(metabolite).name
    when = peak_time(system, name, step_h)
    height = float(system.amounts([0.0], [when])[system.index(name), 0])
    path = path_links(dataset, drug, name)
    return MetabolitePeak(
        drug=system.names[0],
        metabolite=name,
        fraction_of_dose=math.prod(link.fraction for link in path),
        labels=tuple(fraction_label(link) for link in path),
        peak_h=when,
        peak_amount=height,
    )


# ---------------------------------------------------------------------------------------
# Nightly use: who holds the amount at wake-up
# ---------------------------------------------------------------------------------------


def wake_time_after_night(
    nights: int, bedtime: str = DEFAULT_BEDTIME, wake: str = DEFAULT_WAKE
) -> float:
    """Hours since the first bedtime dose of the wake-up after night ``nights``."""
    return Timeline(bedtime, wake, nights).wake_after_night(nights)


def _amounts_at_wake(
    system: LinearSystem, nights: int, bedtime: str, wake: str
) -> dict[str, float]:
    timeline = Timeline(bedtime, wake, nights)
    values = system.amounts(timeline.dose_times_h, [timeline.wake_after_night(nights)])[:, 0]
    return {name: float(v) for name, v in zip(system.names, values, strict=True)}


def share_at_wake(
    system: LinearSystem,
    nights: int = DEFAULT_NIGHTS,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    has_parent: bool = True,
) -> float:
    """Metabolites' share (0–1) of parent + metabolites at wake-up after night ``nights``
    (one instant dose each bedtime; compartment 0 is the parent). ``has_parent=False``: a
    prodrug's system, whose dose enters as metabolites, so the share is 1."""
    if not has_parent:
        return 1.0
    values = list(_amounts_at_wake(system, nights, bedtime, wake).values())
    return float(sum(values[1:]) / sum(values))


def metabolite_at_wake(
    dataset: Dataset,
    drug: str,
    metabolite: str,
    fractions: Mapping[tuple[str, str], float] | None = None,
    nights: int = DEFAULT_NIGHTS,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
) -> float:
    """Amount of ``metabolite`` at wake-up after night ``nights`` (fraction of one dose of
    the parent), with link fractions optionally replaced (see :func:`system_with_fractions`)."""
    system = system_with_fractions(dataset, drug, fractions)
    return _amounts_at_wake(system, nights, bedtime, wake)[dataset.compound(metabolite).name]


@dataclass(frozen=True)
class ActivitySummary:
    """How long a drug's activity lasts with and without its metabolites."""

    drug: str
    parent_half_life_h: float
    metabolites: tuple[str, ...]
    nights: int
    share_at_wake: float  # metabolites / (parent + metabolites), wake-up after `nights`
    hours_parent: float  # single dose: until `remaining` of the parent alone is left
    hours_total: float  # single dose: until `remaining` of parent + metabolites is left
    remaining: float
    prodrug: bool = False  # the dose enters as metabolites: no parent circulates

    @property
    def ratio(self) -> float:
        """How many times longer parent + metabolites take than the parent alone (infinite
        for a prodrug, whose parent does not circulate)."""
        return math.inf if self.prodrug else self.hours_total / self.hours_parent


def summarise(
    system: LinearSystem,
    nights: int = DEFAULT_NIGHTS,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    remaining: float = DEFAULT_REMAINING,
) -> ActivitySummary:
    """:class:`ActivitySummary` of an instant-dose ``system`` (compartment 0 = parent)."""
    parent = system.compartments[0]
    return ActivitySummary(
        drug=parent.name,
        parent_half_life_h=LN2 / parent.rate_per_h,
        metabolites=system.names[1:],
        nights=nights,
        share_at_wake=share_at_wake(system, nights, bedtime, wake),
        hours_parent=hours_until_remaining(system, [parent.name], remaining),
        hours_total=hours_until_remaining(system, None, remaining),
        remaining=remaining,
    )


def activity_summary(
    dataset: Dataset,
    drug: str,
    fractions: Mapping[tuple[str, str], float] | None = None,
    nights: int = DEFAULT_NIGHTS,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    remaining: float = DEFAULT_REMAINING,
) -> ActivitySummary:
    """:func:`summarise` for ``drug`` (typical half-lives, optionally other fractions).

    For a prodrug no parent circulates: the parent's time is 0 and the metabolites' share 1.
    """
    system = system_with_fractions(dataset, drug, fractions)
    compound = dataset.compound(drug)
    if not compound.prodrug:
        return summarise(system, nights, bedtime, wake, remaining)
    return ActivitySummary(
        drug=compound.name,
        parent_half_life_h=compound.half_life.typical_h,
        metabolites=system.names,
        nights=nights,
        share_at_wake=1.0,
        hours_parent=0.0,
        hours_total=hours_until_remaining(system, None, remaining),
        remaining=remaining,
        prodrug=True,
    )


def without_prodrugs(dataset: Dataset, drugs: Iterable[str]) -> tuple[str, ...]:
    """The drugs, in order, that are not prodrugs (they have a parent curve to draw)."""
    return tuple(d for d in drugs if not dataset.compound(d).prodrug)


def metabolite_peaks(
    dataset: Dataset, drugs: Iterable[str], step_h: float = DEFAULT_STEP_H
) -> list[MetabolitePeak]:
    """:func:`metabolite_peak` of every metabolite of every drug (no prodrugs)."""
    return [
        metabolite_peak(dataset, drug, link.metabolite, step_h)
        for drug in drugs
        for link in dataset.metabolite_tree(drug)
    ]


def activity_summaries(
    dataset: Dataset, drugs: Iterable[str], nights: int = DEFAULT_NIGHTS
) -> list[ActivitySummary]:
    """:func:`activity_summary` of each drug, in order (typical half-lives, data fractions)."""
    return [activity_summary(dataset, drug, nights=nights) for drug in drugs]


def links_below(dataset: Dataset, drugs: Iterable[str]) -> tuple[tuple[str, Link], ...]:
    """Every (drug, link) below each of ``drugs``, parents before the compounds they form."""
    return tuple((drug, link) for drug in drugs for link in dataset.metabolite_tree(drug))
