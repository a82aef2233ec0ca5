"""Notebook 04's curves, computed once for its figures: each drug's compounds after one dose
and over nightly use, and a metabolite for several conversion fractions. Frozen results; the
figures only draw them. Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..data import Dataset
from ..model import FloatArray
from ..timeline import DEFAULT_NIGHTS, Timeline
from .compute import (
    fraction_label,
    hours_until_remaining,
    metabolite_at_wake,
    peak_time,
    share_at_wake,
    system_with_fractions,
)

__all__ = [
    "CompoundCurves",
    "FractionScaling",
    "fraction_scaling",
    "nightly_curves",
    "single_dose_curves",
]


@dataclass(frozen=True)
class CompoundCurves:
    """One drug's compounds over ``times_h``: ``amounts[i]`` is compound ``names[i]`` as a
    fraction of one dose of the parent. After one dose, ``peaks`` holds each metabolite's
    (name, hours, height); over nights, ``wake_h`` is the last wake-up and
    ``share_at_wake`` the metabolites' share of the sum there."""

    drug: str
    prodrug: bool
    names: tuple[str, ...]
    half_lives_h: tuple[float, ...]
    link_labels: tuple[str, ...]
    times_h: FloatArray
    amounts: FloatArray
    peaks: tuple[tuple[str, float, float], ...] = ()
    nights: int = 0
    wake_h: float = math.nan
    share_at_wake: float = math.nan


def _describe(dataset: Dataset, drug: str) -> dict[str, Any]:
    names = system_with_fractions(dataset, drug).names
    return {
        "drug": dataset.compound(drug).name,
        "prodrug": dataset.compound(drug).prodrug,
        "names": names,
        "half_lives_h": tuple(dataset.compound(n).half_life.typical_h for n in names),
        "link_labels": tuple(fraction_label(lk) for lk in dataset.metabolite_tree(drug)),
    }


def single_dose_curves(
    dataset: Dataset, drugs: Sequence[str], points: int = 1200
) -> tuple[CompoundCurves, ...]:
    """Each drug after one instant dose, on one time axis that ends when 97 % of the latest
    sum is gone; each metabolite's peak time and height."""
    systems = [system_with_fractions(dataset, drug) for drug in drugs]
    end = 1.05 * max(hours_until_remaining(system) for system in systems)
    times = np.linspace(0.0, end, points)
    out = []
    for drug, system in zip(drugs, systems, strict=True):
        peaks = []
        for i, name in enumerate(system.names[1:], start=1):
            when = peak_time(system, name)
            peaks.append((name, when, float(system.amounts([0.0], [when])[i, 0])))
        out.append(
            CompoundCurves(
                **_describe(dataset, drug),
                times_h=times,
                amounts=system.amounts([0.0], times),
                peaks=tuple(peaks),
            )
        )
    return tuple(out)


def nightly_curves(
    dataset: Dataset, drugs: Sequence[str], nights: int = DEFAULT_NIGHTS, step_h: float = 0.1
) -> tuple[CompoundCurves, ...]:
    """Each drug over ``nights`` nightly instant doses, with the metabolites' share of the sum
    at the last wake-up."""
    timeline = Timeline(nights=nights)
    times = timeline.grid(step_h)
    out = []
    for drug in drugs:
        system = system_with_fractions(dataset, drug)
        prodrug = dataset.compound(drug).prodrug
        out.append(
            CompoundCurves(
                **_describe(dataset, drug),
                times_h=times,
                amounts=system.amounts(timeline.dose_times_h, times),
                nights=nights,
                wake_h=timeline.wake_after_night(nights),
                share_at_wake=share_at_wake(system, nights, has_parent=not prodrug),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class FractionScaling:
    """A metabolite over ``nights`` nights for several fractions of its parent forming it
    (``curves[i]`` for ``fractions[i]``), and its amount at the last wake-up for each."""

    drug: str
    metabolite: str
    parent: str
    data_fraction: float
    assumed: bool
    label: str
    nights: int
    wake_h: float
    times_h: FloatArray
    fractions: tuple[float, ...]
    curves: tuple[FloatArray, ...]
    at_wake: tuple[float, ...]


def fraction_scaling(
    dataset: Dataset,
    drug: str,
    metabolite: str,
    factors: Sequence[float] = (0.5, 1.0, 1.5, 2.0),
    nights: int = DEFAULT_NIGHTS,
    step_h: float = 0.1,
) -> FractionScaling:
    """``metabolite`` for the data's fraction times each of ``factors`` (fractions above 1
    are left out): the curve over the nights and the amount at the last wake-up."""
    name = dataset.compound(metabolite).name
    link = next(lk for lk in dataset.metabolite_tree(drug) if lk.metabolite == name)
    key = (link.parent, link.metabolite)
    fractions = sorted({f * link.fraction for f in factors if 0 < f * link.fraction <= 1})
    timeline = Timeline(nights=nights)
    times = timeline.grid(step_h)
    curves, at_wake = [], []
    for fraction in fractions:
        system = system_with_fractions(dataset, drug, {key: fraction})
        curves.append(system.amounts(timeline.dose_times_h, times)[system.index(name)])
        at_wake.append(metabolite_at_wake(dataset, drug, name, {key: fraction}, nights))
    return FractionScaling(
        drug=dataset.compound(drug).name,
        metabolite=name,
        parent=link.parent,
        data_fraction=link.fraction,
        assumed=link.is_assumption,
        label=fraction_label(link),
        nights=nights,
        wake_h=timeline.wake_after_night(nights),
        times_h=times,
        fractions=tuple(fractions),
        curves=tuple(curves),
        at_wake=tuple(at_wake),
    )
