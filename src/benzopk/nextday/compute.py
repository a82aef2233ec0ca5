"""Curves for comparing drugs over nights: what the nights figure and the widget show.

Pure computation (no matplotlib, no ipywidgets): each selected drug and its active
metabolites over a grid of times, the band of the published half-life range, the amount at
each wake-up, and the sleep windows. Amounts are fractions of one dose of the parent;
time in hours since the first bedtime dose. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..data import Dataset
from ..formulas import NoAbsorptionRateError
from ..linked import Absorption, MissingTmaxError, half_life_at_position, simulate_drug
from ..model import FloatArray
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, MAX_PLOT_NIGHTS, Timeline

__all__ = [
    "DEFAULT_COMPARISON_DRUGS",
    "ComparisonCurves",
    "ComparisonSettings",
    "CompoundCurve",
    "compare",
]


#: The drugs a comparison shows unless told otherwise: short-acting, intermediate, and two
#: long-acting (diazepam with nordiazepam; flurazepam through desalkylflurazepam).
DEFAULT_COMPARISON_DRUGS = ("triazolam", "temazepam", "diazepam", "flurazepam")


@dataclass(frozen=True)
class ComparisonSettings:
    """What to compare; every field bounded so a widget cannot reach an invalid state."""

    drugs: tuple[str, ...] = DEFAULT_COMPARISON_DRUGS
    bedtime: str = DEFAULT_BEDTIME
    wake: str = DEFAULT_WAKE
    nights: int = 3
    absorption: Absorption = "instant"
    position: float = 0.0
    step_minutes: float = 5.0


@dataclass(frozen=True)
class CompoundCurve:
    """One line of the figure: a compound of a drug, or the sum of a drug's active compounds.

    ``band_low``/``band_high`` bound the line as the half-lives move through their ranges:
    for ``range_kind == "individual"`` the between-person spread (drawn as a band); for
    ``"study_means"`` the range of study means (drawn as dotted lines: not the spread between
    people); for ``""`` there is no range and the bounds equal the line.
    """

    drug: str
    name: str
    is_metabolite: bool
    half_life_h: float
    amount: FloatArray
    band_low: FloatArray
    band_high: FloatArray
    amount_at_wake: FloatArray
    range_kind: str = ""
    is_total: bool = False
    prodrug: bool = False
    assumed: bool = False  # rests on an assumed (unpublished) link fraction

    @property
    def short_label(self) -> str:
        """Legend label without the half-life (which changes as a slider moves); ``*`` marks
        a curve that rests on an assumed link fraction."""
        mark = " *" if self.assumed else ""
        if self.is_total:
            return f"{self.drug} + active metabolites (sum){mark}"
        if self.prodrug:
            return f"{self.name} (formed from {self.drug}, a prodrug){mark}"
        if self.is_metabolite:
            return f"{self.name} (metabolite of {self.drug}){mark}"
        return self.name

    @property
    def label(self) -> str:
        """Legend label with the half-life shown (the sum has none of its own)."""
        if self.is_total:
            return self.short_label
        return f"{self.short_label}, t½ {self.half_life_h:.3g} h"


@dataclass(frozen=True)
class ComparisonCurves:
    """Everything the nights figure draws."""

    settings: ComparisonSettings
    times_h: FloatArray
    wake_times_h: FloatArray
    sleep_starts_h: FloatArray
    sleep_ends_h: FloatArray
    curves: tuple[CompoundCurve, ...]
    skipped: tuple[str, ...] = field(default=())
    fixed: tuple[str, ...] = field(default=())

    @property
    def schedule_title(self) -> str:
        """The title without the half-life position (a widget shows that in its slider)."""
        s = self.settings
        dose = "instant dose" if s.absorption == "instant" else "oral absorption"
        return f"{s.nights} night(s), bedtime {s.bedtime}, wake {s.wake}: {dose}"

    @property
    def title(self) -> str:
        s = self.settings
        where = (
            "typical half-lives"
            if s.position == 0
            else f"half-lives at {s.position:+.2f} of the way to the "
            + ("longest" if s.position > 0 else "shortest")
            + " value seen in a person"
        )
        return f"{self.schedule_title}, {where}"

    @property
    def note(self) -> str:
        return "; ".join(self.skipped)

    @property
    def assumption_note(self) -> str:
        """Says what ``*`` in the legend means, where a curve carries it."""
        if not any(c.assumed for c in self.curves):
            return ""
        return "* rests on an assumed (unpublished) parent → metabolite fraction"

    @property
    def fixed_note(self) -> str:
        """Which compounds the half-life slider leaves at their typical value, and why."""
        if not self.fixed:
            return ""
        return (
            "The half-life slider moves only compounds with a published between-person "
            f"(individual) range; at their typical value: {', '.join(self.fixed)}."
        )


def _range_kind(dataset: Dataset, name: str) -> str:
    return dataset.compound(name).half_life.range_kind


def compare(dataset: Dataset, settings: ComparisonSettings) -> ComparisonCurves:
    """Compute the curves for ``settings`` (one dose each bedtime, first at t = 0).

    Each drug is shown as its active compounds and, where it has more than one, their sum
    (in units of one dose of the parent).
    """
    if not settings.drugs:
        raise ValueError("choose at least one drug to compare")
    timeline = Timeline(settings.bedtime, settings.wake, settings.nights, MAX_PLOT_NIGHTS)
    if not 0.5 <= settings.step_minutes <= 60:
        raise ValueError("step_minutes must be between 0.5 and 60")
    doses, wake_times = timeline.dose_times_h, timeline.wake_times_h
    times = timeline.grid(settings.step_minutes / 60.0)
    grid = np.concatenate([times, wake_times])
    curves: list[CompoundCurve] = []
    skipped: list[str] = []
    fixed: dict[str, str] = {}

    def run(drug: str, scale: dict[str, float] | None = None) -> dict[str, FloatArray]:
        return simulate_drug(
            dataset, drug, doses, grid, settings.absorption, settings.position, scale
        ).amounts

    for drug in dict.fromkeys(d.strip().lower() for d in settings.drugs):
        parent = dataset.compound(drug)
        assumed = any(link.is_assumption for link in dataset.metabolite_tree(parent.name))
        try:
            main = run(drug)
        except NoAbsorptionRateError as error:
            skipped.append(f"{drug}: not shown with oral absorption ({error})")
            continue
        except MissingTmaxError:
            skipped.append(f"{drug}: no published time to peak, not shown with oral absorption")
            continue
        current = {
            name: half_life_at_position(dataset.compound(name), settings.position) for name in main
        }
        for name in main:
            hl = dataset.compound(name).half_life
            if not hl.individual_range:
                why = "range of study means" if hl.range_kind else "no range published"
                fixed[name] = f"{name} ({why})"
        for name, values in main.items():
            compound = dataset.compound(name)
            hl = compound.half_life
            # This compound's own half-life at both ends of its range, everything else as
            # shown. Amounts fall monotonically with a compound's own elimination rate, so
            # the bounds always contain the curve.
            low_end, high_end = (hl.min_h, hl.max_h) if hl.range_published else (None, None)
            if low_end is None or high_end is None:
                edges = [values, values]
            else:
                edges = [
                    run(drug, {name: end / current[name]})[name] for end in (low_end, high_end)
                ]
            curves.append(
                CompoundCurve(
                    drug=parent.name,
                    name=name,
                    is_metabolite=compound.is_metabolite,
                    half_life_h=current[name],
                    amount=values[: times.size],
                    band_low=np.minimum(*edges)[: times.size],
                    band_high=np.maximum(*edges)[: times.size],
                    amount_at_wake=values[times.size :],
                    range_kind=hl.range_kind,
                    prodrug=parent.prodrug,
                    assumed=compound.is_metabolite and assumed,
                )
            )
        if len(main) > 1:
            total = _total_curve(dataset, parent.name, main, current, run, times.size)
            curves.append(replace(total, assumed=assumed))
    return ComparisonCurves(
        settings=settings,
        times_h=times,
        wake_times_h=wake_times,
        sleep_starts_h=doses,
        sleep_ends_h=wake_times,
        curves=tuple(curves),
        skipped=tuple(skipped),
        fixed=tuple(fixed.values()),
    )


def _total_curve(
    dataset: Dataset,
    drug: str,
    main: dict[str, FloatArray],
    current: dict[str, float],
    run: Callable[[str, dict[str, float] | None], dict[str, FloatArray]],
    points: int,
) -> CompoundCurve:
    """The sum of a drug's active compounds; its band spans every combination of the
    shortest and longest individual values of the compounds that have such a range (the
    sum need not move one way with each half-life, so all corners are taken)."""
    total = np.sum(list(main.values()), axis=0)
    varying = [n for n in main if dataset.compound(n).half_life.individual_range]
    low = high = total
    for corner in itertools.product((0, 1), repeat=len(varying)):
        scale = {}
        for name, end in zip(varying, corner, strict=True):
            hl = dataset.compound(name).half_life
            scale[name] = (hl.max_h if end else hl.min_h) / current[name]
        values = np.sum(list(run(drug, scale).values()), axis=0)
        low, high = np.minimum(low, values), np.maximum(high, values)
    compound = dataset.compound(drug)
    return CompoundCurve(
        drug=drug,
        name=f"{drug} (sum)",
        is_metabolite=False,
        half_life_h=compound.half_life.typical_h,
        amount=total[:points],
        band_low=low[:points],
        band_high=high[:points],
        amount_at_wake=total[points:],
        range_kind="individual" if varying else "",
        is_total=True,
        prodrug=compound.prodrug,
    )


def default_drugs(dataset: Dataset, wanted: Sequence[str]) -> tuple[str, ...]:
    """Those of ``wanted`` that the dataset has (keeps notebooks working if one is dropped)."""
    return tuple(name for name in wanted if name in dataset.drugs)
