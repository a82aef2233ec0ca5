"""Curves for comparing drugs over nights: what the nights figure and the widget show.

Pure computation (no matplotlib, no ipywidgets): each selected drug and its active
metabolites over a grid of times, the band of the published half-life range, the amount at
each wake-up, and the sleep windows. Amounts are fractions of one dose of the parent;
time in hours since the first bedtime dose. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .data import Dataset
from .model import FloatArray, NoAbsorptionRateError
from .scenarios import (
    DEFAULT_BEDTIME,
    DEFAULT_WAKE,
    DOSE_INTERVAL_H,
    Absorption,
    check_nights,
    half_life_at_position,
    hours_to_wake,
    nightly_dose_times,
    simulate_drug,
)

__all__ = ["ComparisonCurves", "ComparisonSettings", "CompoundCurve", "compare"]

MAX_COMPARISON_NIGHTS = 60


@dataclass(frozen=True)
class ComparisonSettings:
    """What to compare; every field bounded so a widget cannot reach an invalid state."""

    drugs: tuple[str, ...] = ("triazolam", "temazepam", "diazepam")
    bedtime: str = DEFAULT_BEDTIME
    wake: str = DEFAULT_WAKE
    nights: int = 3
    absorption: Absorption = "instant"
    position: float = 0.0
    step_minutes: float = 5.0


@dataclass(frozen=True)
class CompoundCurve:
    """One line of the figure: a drug, or an active metabolite shown with its parent."""

    drug: str
    name: str
    is_metabolite: bool
    half_life_h: float
    amount: FloatArray
    band_low: FloatArray
    band_high: FloatArray
    amount_at_wake: FloatArray

    @property
    def short_label(self) -> str:
        """Legend label without the half-life (which changes as a slider moves)."""
        return f"{self.name} (metabolite of {self.drug})" if self.is_metabolite else self.name

    @property
    def label(self) -> str:
        role = f"metabolite of {self.drug}, " if self.is_metabolite else ""
        return f"{self.name} ({role}t½ {self.half_life_h:.3g} h)"


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

    @property
    def title(self) -> str:
        s = self.settings
        dose = "instant dose" if s.absorption == "instant" else "oral absorption"
        where = (
            "typical half-lives"
            if s.position == 0
            else f"half-lives at {s.position:+.2f} of the way to the "
            + ("longest" if s.position > 0 else "shortest")
            + " published"
        )
        return f"{s.nights} night(s), bedtime {s.bedtime}, wake {s.wake}: {dose}, {where}"

    @property
    def note(self) -> str:
        return "; ".join(self.skipped)


def compare(dataset: Dataset, settings: ComparisonSettings) -> ComparisonCurves:
    """Compute the curves for ``settings`` (one dose each bedtime, first at t = 0)."""
    if not settings.drugs:
        raise ValueError("choose at least one drug to compare")
    nights = check_nights(settings.nights)
    if nights > MAX_COMPARISON_NIGHTS:
        raise ValueError(f"the comparison shows at most {MAX_COMPARISON_NIGHTS} nights")
    if not 0.5 <= settings.step_minutes <= 60:
        raise ValueError("step_minutes must be between 0.5 and 60")
    delta = hours_to_wake(settings.bedtime, settings.wake)
    doses = nightly_dose_times(nights)
    horizon = nights * DOSE_INTERVAL_H
    step_h = settings.step_minutes / 60.0
    times = np.arange(0.0, horizon + step_h / 2, step_h)
    wake_times = doses + delta
    grid = np.concatenate([times, wake_times])
    curves: list[CompoundCurve] = []
    skipped: list[str] = []
    for drug in dict.fromkeys(d.strip().lower() for d in settings.drugs):
        try:
            main = simulate_drug(dataset, drug, doses, grid, settings.absorption, settings.position)
        except NoAbsorptionRateError as error:
            skipped.append(f"{drug}: not shown with oral absorption ({error})")
            continue
        except ValueError as error:
            if settings.absorption == "oral" and "time to peak" in str(error):
                skipped.append(f"{drug}: no published time to peak, not shown with oral absorption")
                continue
            raise
        for name, values in main.amounts.items():
            compound = dataset.compound(name)
            current = half_life_at_position(compound, settings.position)
            # The band: this compound's own half-life across its published range, everything
            # else as shown. Amounts fall monotonically with a compound's own elimination
            # rate, so the band always contains the curve.
            edges = [
                simulate_drug(
                    dataset,
                    drug,
                    doses,
                    grid,
                    settings.absorption,
                    settings.position,
                    half_life_scale={name: end / current},
                ).amounts[name]
                for end in (compound.half_life.min_h, compound.half_life.max_h)
            ]
            curves.append(
                CompoundCurve(
                    drug=main.drug,
                    name=name,
                    is_metabolite=compound.is_metabolite,
                    half_life_h=current,
                    amount=values[: times.size],
                    band_low=np.minimum(*edges)[: times.size],
                    band_high=np.maximum(*edges)[: times.size],
                    amount_at_wake=values[times.size :],
                )
            )
    return ComparisonCurves(
        settings=settings,
        times_h=times,
        wake_times_h=wake_times,
        sleep_starts_h=doses,
        sleep_ends_h=wake_times,
        curves=tuple(curves),
        skipped=tuple(skipped),
    )


def default_drugs(dataset: Dataset, wanted: Sequence[str]) -> tuple[str, ...]:
    """Those of ``wanted`` that the dataset has (keeps notebooks working if one is dropped)."""
    return tuple(name for name in wanted if name in dataset.drugs)
