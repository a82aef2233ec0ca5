"""People, not averages: a virtual population for any drug, and how many people are still
above a level at wake-up.

Each virtual person draws a half-life for every active compound of the drug from its
log-normal :class:`~benzopk.population.spread.Spread` (independently between compounds, an
assumption: no source gives their correlation), reproducibly from a seed (a numpy
``Generator``). For everybody at once the amount of the drug's active compounds at wake-up
after night 1 and night N follows from the closed forms over the linked system's transition
matrix ``Φ(t)`` (parent + metabolites; a prodrug's dose enters as what it forms), one
instant dose at each bedtime, ``Δ`` hours from bedtime to wake, ``τ`` = 24 h:

.. math::

    w_N = Φ(Δ)\\,(I − Φ(τ))^{-1}(I − Φ(τ)^N)\\, b .

``Φ`` is built per person as a stack of small lower-triangular matrices: entry (to, start)
is the product of ``f·k`` along the path times the divided difference of ``e^{−kt}`` over
the path's rates (the Bateman sum), evaluated for every person with array operations by the
core's cancellation-free divided difference (``formulas._divided_q``: rates sorted per
person, a Taylor series where a person's rates nearly coincide, so two equal rates give the
confluent limit ``t·e^{−kt}`` rather than 0/0). Then one batched solve and one batched
matrix power: no Python loop over people or nights.

The **share** of people above ``level`` (a fraction of one dose of THAT drug, illustrative:
not an impairment or safety threshold, not comparable between drugs) comes with its
binomial standard error ``√(p(1−p)/n)``. For one compound with an instant dose the amount at
wake-up is increasing in t½, so the share has a closed form
(:func:`benzopk.population.closed_form.closed_form_share`), which the tests hold it to.

Teaching model — NOT FOR DOSING. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..data import Dataset, Modifier
from ..formulas import LN2, _divided_q
from ..linked import active_compounds, system_for_drug
from ..model import FloatArray, LinearSystem
from ..timeline import (
    DEFAULT_BEDTIME,
    DEFAULT_NIGHTS,
    DEFAULT_WAKE,
    DOSE_INTERVAL_H,
    MAX_NIGHTS,
    Timeline,
)
from .spread import GroupShift, Spread, compound_spread, group_shift

__all__ = [
    "DEFAULT_LEVEL",
    "DEFAULT_PEOPLE",
    "DEFAULT_SEED",
    "PopulationResult",
    "Share",
    "draw_half_lives",
    "share_table",
    "simulate_population",
    "transition_matrices",
    "wake_amounts",
]

DEFAULT_PEOPLE = 2000
DEFAULT_SEED = 7
DEFAULT_LEVEL = 0.5


@dataclass(frozen=True)
class Share:
    """How many of ``people`` are above ``level`` at wake-up after ``night``."""

    night: int
    level: float
    above: int
    people: int

    @property
    def fraction(self) -> float:
        return self.above / self.people

    @property
    def standard_error(self) -> float:
        """Binomial standard error of :attr:`fraction`."""
        p = self.fraction
        return math.sqrt(p * (1 - p) / self.people)


@dataclass(frozen=True)
class PopulationResult:
    """The amount at wake-up of a drug's active compounds, person by person.

    ``night1`` and ``night_n`` hold one total per person (a fraction of one dose of the
    parent reaching the body in the typical adult, × the group's exposure ratio);
    ``half_lives_h`` one row per person, one column per compound of ``compounds``.
    ``typical_night1`` / ``typical_night_n``: a person with every half-life at its median.
    """

    drug: str
    compounds: tuple[str, ...]
    spreads: tuple[Spread, ...]
    group: GroupShift
    people: int
    seed: int
    bedtime: str
    wake: str
    nights: int
    level: float
    half_lives_h: FloatArray
    night1: FloatArray
    night_n: FloatArray
    typical_night1: float
    typical_night_n: float
    assumed_links: tuple[str, ...] = ()

    @property
    def varying(self) -> tuple[str, ...]:
        """The compounds whose half-life differs between people (σ > 0)."""
        return tuple(c for c, s in zip(self.compounds, self.spreads, strict=True) if s.varies)

    @property
    def fixed(self) -> tuple[str, ...]:
        """The compounds everybody shares at their typical value (σ = 0)."""
        return tuple(c for c, s in zip(self.compounds, self.spreads, strict=True) if not s.varies)

    def share(self, night: int) -> Share:
        """People above :attr:`level` after night 1 or after night :attr:`nights`."""
        if night not in (1, self.nights):
            raise ValueError(f"computed for nights 1 and {self.nights}, not {night}")
        amounts = self.night1 if night == 1 else self.night_n
        return Share(night, self.level, int(np.count_nonzero(amounts > self.level)), self.people)

    @property
    def share_night1(self) -> Share:
        return self.share(1)

    @property
    def share_night_n(self) -> Share:
        return self.share(self.nights)

    def with_level(self, level: float) -> PopulationResult:
        """The same people at another level (no new simulation)."""
        return replace(self, level=_check_level(level))


def _check_level(level: float) -> float:
    value = float(level)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"level must be a fraction of one dose > 0, got {level!r}")
    return value


def _paths(system: LinearSystem) -> list[tuple[int, int, list[int], float]]:
    """(to, start, compartments along the path, product of the link fractions) per pair."""
    out = []
    for to in range(len(system.compartments)):
        path, fraction = [to], 1.0
        while True:
            out.append((to, path[-1], path[::-1], fraction))
            comp = system.compartments[path[-1]]
            if comp.source is None:
                break
            fraction *= comp.fraction_from_source
            path.append(comp.source)
    return out


def _responses(rates: FloatArray, elapsed_h: float) -> FloatArray:
    """Divided difference of ``e^{−kt}`` over each row's rates at ``t = elapsed_h``
    (one value per row), cancellation-free where a row's rates nearly coincide."""
    order = np.sort(rates, axis=1)
    lowest = order[:, 0]
    value = np.exp(-lowest * elapsed_h)
    m = order.shape[1] - 1
    if m == 0:
        return value
    nodes = [(order[:, i] - lowest) * elapsed_h for i in range(m + 1)]
    return np.asarray(value * elapsed_h**m * _divided_q(nodes), dtype=float)


def transition_matrices(system: LinearSystem, rates: FloatArray, elapsed_h: float) -> FloatArray:
    """``Φ(t)`` for each row of ``rates`` (people × compartments): shape (people, n, n)."""
    people, n = rates.shape
    phi = np.zeros((people, n, n))
    for to, start, path, fraction in _paths(system):
        gain = fraction * np.prod(rates[:, path[:-1]], axis=1)
        phi[:, to, start] = gain * _responses(rates[:, path], elapsed_h)
    return phi


def wake_amounts(
    system: LinearSystem,
    half_lives_h: FloatArray,
    hours_to_wake: float,
    nights: Sequence[int],
    interval_h: float = DOSE_INTERVAL_H,
) -> FloatArray:
    """Amount of each compartment at wake-up after each of ``nights`` (closed form, all
    people at once): shape (len(nights), people, compartments)."""
    rates = LN2 / np.asarray(half_lives_h, dtype=float)
    people, n = rates.shape
    phi = transition_matrices(system, rates, interval_h)
    to_wake = transition_matrices(system, rates, hours_to_wake)
    b = np.broadcast_to(system.inputs, (people, n))[..., None]
    eye = np.eye(n)
    out = np.empty((len(nights), people, n))
    for i, night in enumerate(nights):  # a few nights; each is one batched closed form
        taken = b - np.linalg.matrix_power(phi, night) @ b  # (I − Φᴺ) b
        out[i] = (to_wake @ np.linalg.solve(eye - phi, taken))[..., 0]
    return out


def draw_half_lives(spreads: Sequence[Spread], people: int, seed: int) -> FloatArray:
    """People × compounds half-lives: ``median · exp(σ·z)``, ``z`` standard normal from
    ``numpy.random.default_rng(seed)`` (drawn for every compound, so adding a spread to
    one compound leaves the others' draws unchanged)."""
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise ValueError(f"people must be a whole number >= 1, got {people!r}")
    z = np.random.default_rng(seed).standard_normal((people, len(spreads)))
    medians = np.array([s.median_h for s in spreads])
    sigmas = np.array([s.sigma for s in spreads])
    return np.asarray(medians * np.exp(sigmas * z), dtype=float)


@dataclass(frozen=True)
class _People:
    """Drawn half-lives of one drug's active compounds, and what the results need."""

    name: str
    system: LinearSystem
    compounds: tuple[str, ...]
    spreads: tuple[Spread, ...]
    shift: GroupShift
    half_lives_h: FloatArray
    assumed_links: tuple[str, ...]

    def totals(
        self, half_lives_h: FloatArray, hours_to_wake: float, nights: Sequence[int]
    ) -> FloatArray:
        """Total active amount at wake-up, shape (len(nights), people), × exposure."""
        each = wake_amounts(self.system, half_lives_h, hours_to_wake, nights)
        return np.asarray(each.sum(axis=2) * self.shift.exposure_ratio, dtype=float)

    @property
    def typical_h(self) -> FloatArray:
        """One person with every half-life at its median."""
        return np.array([[s.median_h for s in self.spreads]])


def _draw_people(
    dataset: Dataset,
    drug: str,
    group: Modifier | None,
    people: int,
    seed: int,
    spreads: Mapping[str, Spread] | None,
) -> _People:
    name = dataset.compound(drug).name
    shift = group_shift(group)
    if group is not None and group.drug != name:
        raise ValueError(f"{group.label!r} is not a row of {name!r}")
    compounds = active_compounds(dataset, name)
    given = spreads or {}
    chosen = []
    for compound in compounds:
        spread = given.get(compound) or compound_spread(dataset.compound(compound))
        if compound == shift.compound:
            spread = spread.shifted(shift.fold, f"{shift.kind}: {shift.label}")
        chosen.append(spread)
    assumed = tuple(
        f"{link.parent} → {link.metabolite} ({link.fraction:g}, assumption)"
        for link in dataset.metabolite_tree(name)
        if link.is_assumption
    )
    half_lives = draw_half_lives(chosen, people, seed)
    system = system_for_drug(dataset, name)
    return _People(name, system, compounds, tuple(chosen), shift, half_lives, assumed)


def simulate_population(
    dataset: Dataset,
    drug: str,
    group: Modifier | None = None,
    level: float = DEFAULT_LEVEL,
    nights: int = DEFAULT_NIGHTS,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    people: int = DEFAULT_PEOPLE,
    seed: int = DEFAULT_SEED,
    spreads: Mapping[str, Spread] | None = None,
) -> PopulationResult:
    """``people`` virtual people taking ``drug`` at each bedtime (see the module docstring).

    ``group``: a sex or older-age row of ``modifiers.csv`` (None: the typical adult).
    ``spreads``: a :class:`Spread` per compound name, replacing the one from the data (e.g.
    from a published SD). The same ``seed`` gives the same people.
    """
    timeline = Timeline(bedtime, wake, nights, MAX_NIGHTS)
    level = _check_level(level)
    drawn = _draw_people(dataset, drug, group, people, seed, spreads)
    wanted = (1, timeline.nights)
    each = drawn.totals(drawn.half_lives_h, timeline.hours_to_wake, wanted)
    middle = drawn.totals(drawn.typical_h, timeline.hours_to_wake, wanted)[:, 0]
    return PopulationResult(
        drug=drawn.name,
        compounds=drawn.compounds,
        spreads=drawn.spreads,
        group=drawn.shift,
        people=people,
        seed=seed,
        bedtime=bedtime,
        wake=wake,
        nights=timeline.nights,
        level=level,
        half_lives_h=drawn.half_lives_h,
        night1=each[0],
        night_n=each[1],
        typical_night1=float(middle[0]),
        typical_night_n=float(middle[1]),
        assumed_links=drawn.assumed_links,
    )


def share_table(
    dataset: Dataset,
    level: float = DEFAULT_LEVEL,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    nights: Sequence[int] = (1, DEFAULT_NIGHTS),
    seed: int = DEFAULT_SEED,
    people: int = DEFAULT_PEOPLE,
    drugs: Sequence[str] | None = None,
) -> list[dict[str, str | float | int]]:
    """One row per drug (typical adults): the share of ``people`` above ``level`` (a fraction
    of THAT drug's own dose) at wake-up after each of ``nights``, its binomial SE, the
    typical person's amount, which half-lives vary and the spread's basis.

    Sorted by the share after the last of ``nights`` (highest first), then by the typical
    person's amount. Columns ``share_night{N}``, ``se_night{N}``, ``typical_night{N}``.
    """
    level = _check_level(level)
    wanted = [Timeline(bedtime, wake, n, MAX_NIGHTS).nights for n in nights]
    if not wanted:
        raise ValueError("choose at least one night")
    delta = Timeline(bedtime, wake, 1).hours_to_wake
    names = sorted(dataset.drugs) if drugs is None else [dataset.compound(d).name for d in drugs]
    rows: list[dict[str, str | float | int]] = []
    for name in names:
        drawn = _draw_people(dataset, name, None, people, seed, None)
        totals = drawn.totals(drawn.half_lives_h, delta, wanted)
        typical = drawn.totals(drawn.typical_h, delta, wanted)[:, 0]
        varying = [c for c, s in zip(drawn.compounds, drawn.spreads, strict=True) if s.varies]
        row: dict[str, str | float | int] = {
            "drug": name,
            "active_compounds": "; ".join(drawn.compounds),
            "half_lives_that_vary": "; ".join(varying) or "none",
            "spread_basis": " | ".join(
                f"{c}: {s.basis}" for c, s in zip(drawn.compounds, drawn.spreads, strict=True)
            ),
            "level": level,
            "people": people,
            "seed": seed,
        }
        for night, amounts, middle in zip(wanted, totals, typical, strict=True):
            share = Share(night, level, int(np.count_nonzero(amounts > level)), people)
            row[f"share_night{night}"] = share.fraction
            row[f"se_night{night}"] = share.standard_error
            row[f"typical_night{night}"] = float(middle)
        rows.append(row)
    last = wanted[-1]
    rows.sort(
        key=lambda r: (
            -float(r[f"share_night{last}"]),
            -float(r[f"typical_night{last}"]),
            str(r["drug"]),
        )
    )
    return rows
