"""Who is more at risk: how older age, liver disease, other medicines and sex change a
compound's half-life and what reaches the body, each row compared WITHIN ITS OWN STUDY
(the study's comparison group; a fold-change row against the typical adult half-life), and
what that does to the amount of the drug and its active metabolites left at wake-up.

Amounts are relative to what reaches the body in the comparison group; times in hours since
the first bedtime dose. Teaching model — NOT FOR DOSING. This module imports neither
matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..data import Dataset, Modifier
from ..linked import system_for_drug
from ..model import FloatArray
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, MAX_SLIDER_NIGHTS, Timeline
from .groups import comparison_group, range_status, short_group

__all__ = [
    "ModifiedHalfLife",
    "ModifierComparison",
    "Route",
    "clearance_route",
    "compare_modifier",
    "drugs_by_route",
    "drugs_with_modifiers",
    "modified_half_life",
    "modifier",
    "modifier_rows",
    "route_summary",
]

#: How a drug is mainly cleared, from the cited ``metabolism_route`` column of drugs.csv
#: ("" where the data do not record it).
Route = str


STEP_H = 1.0 / 6.0  # 10-minute grid


def clearance_route(dataset: Dataset, drug: str) -> Route:
    """How ``drug`` is mainly cleared (oxidation, nitroreduction, glucuronidation or
    decarboxylation), from its cited ``metabolism_route`` in ``data/drugs.csv``."""
    return dataset.compound(drug).metabolism_route


BaselineKind = Literal["comparison group", "typical adult"]


@dataclass(frozen=True)
class ModifiedHalfLife:
    """One modifier row: the group's half-life against its baseline (hours).

    ``baseline_h`` is the same study's comparison group where the study gives it
    (``control_half_life_h``), else the drug's typical adult half-life (a fold-change row:
    ``group_h`` = typical × fold change). ``adult_min_h``–``adult_max_h`` is the drug's
    published adult range, the reference for the group's half-life.
    """

    modifier: Modifier
    baseline_h: float
    group_h: float
    adult_min_h: float
    adult_max_h: float
    route: Route = ""
    range_kind: str = "individual"

    @property
    def drug(self) -> str:
        return self.modifier.drug

    @property
    def compound(self) -> str:
        """The compound whose half-life the row is about (the drug or its metabolite)."""
        return self.modifier.compound_name

    @property
    def exposure_ratio(self) -> float:
        """How much more of a dose reaches the body in the group (1: none recorded)."""
        return self.modifier.exposure_ratio

    @property
    def exposure_text(self) -> str:
        """The exposure change in words, as it was measured."""
        m = self.modifier
        if m.exposure_basis == "published bioavailability":
            return (
                f"oral bioavailability {m.bioavailability_control:g} → "
                f"{m.bioavailability_group:g} (×{self.exposure_ratio:.2f}, published)"
            )
        if m.exposure_basis == "derived from AUC and half-life ratios":
            return (
                f"×{self.exposure_ratio:.2f} reaching the body (derived: AUC ratio "
                f"{m.auc_ratio:g} ÷ half-life ratio {self.ratio:.2f}, volume assumed unchanged)"
            )
        if m.exposure_basis == "published AUC ratio":
            return (
                f"exposure (AUC) ×{self.exposure_ratio:.2f}, from apparent oral clearance "
                "(CL/F): bioavailability and clearance not separated"
            )
        return "no exposure change recorded"

    @property
    def within_study(self) -> bool:
        """True where both half-lives come from the study (group and its comparison group)."""
        return self.modifier.half_life_h is not None and (
            self.modifier.control_half_life_h is not None
        )

    @property
    def baseline_kind(self) -> BaselineKind:
        """``"comparison group"`` (the study's own) or ``"typical adult"`` (data/drugs.csv)."""
        return "comparison group" if self.within_study else "typical adult"

    @property
    def comparison_group(self) -> str:
        """Whom the study compared the group with (see :func:`comparison_group`)."""
        return comparison_group(self.modifier)

    @property
    def baseline_label(self) -> str:
        """What the baseline is: "study's comparison group (young adults, 20-40 years)",
        or for a fold-change row "typical adult × published fold change"."""
        if self.within_study:
            # "young adults (20-40 years)" → "young adults, 20-40 years" (no nested brackets)
            who = re.sub(r" \((.*)\)$", r", \1", self.comparison_group)
            return f"study's comparison group ({who})"
        if self.modifier.basis == "half-life unchanged":
            return "typical adult (the study found the half-life unchanged)"
        if self.modifier.multiplier is None:
            return "typical adult (the study gives no comparison group)"
        if self.derived:
            return "typical adult × fold change inferred from clearance"
        return "typical adult × published fold change"

    @property
    def group_text(self) -> str:
        """The group's half-life as text: a published value as given, one derived from a
        fold change to 3 significant digits."""
        if self.modifier.half_life_h is not None:
            return f"{self.group_h:g}"
        return f"{self.group_h:.3g}"

    @property
    def ratio(self) -> float:
        """Group over baseline half-life (= the modifier's fold change where it has one)."""
        fold = self.modifier.fold_change
        return fold if fold is not None else self.group_h / self.baseline_h

    @property
    def outside_range(self) -> bool:
        """True where the group's half-life lies outside the published adult range."""
        return bool(self.range_kind) and not self.adult_min_h <= self.group_h <= self.adult_max_h

    @property
    def status(self) -> str:
        """The group's half-life against the published adult range, in words."""
        return range_status(self.group_h, self.adult_min_h, self.adult_max_h, self.range_kind)

    @property
    def derived(self) -> bool:
        """True where the half-life is inferred from a clearance/AUC ratio (volume assumed
        unchanged), not measured."""
        return self.modifier.basis == "from AUC/clearance ratio"

    @property
    def kind(self) -> str:
        """The condition, for display ("CYP3A4 inhibitor", "older age", …)."""
        return self.modifier.kind.replace("cyp3a4", "CYP3A4")

    @property
    def label(self) -> str:
        """Short label: "triazolam — CYP3A4 inhibitor: with itraconazole"."""
        which = "" if self.compound == self.drug else f" ({self.compound})"
        route = ", intravenous" if self.modifier.route == "intravenous" else ""
        return f"{self.drug}{which} — {self.kind}: {short_group(self.modifier.group)}{route}"


def modified_half_life(dataset: Dataset, modifier: Modifier) -> ModifiedHalfLife:
    """``modifier`` against its baseline (the study's comparison group, or the typical adult
    half-life for a fold-change row), with the compound's published adult range."""
    half_life = dataset.compound(modifier.compound_name).half_life
    group_h = modifier.half_life_for(half_life.typical_h)
    if modifier.half_life_h is not None and modifier.control_half_life_h is not None:
        baseline_h = modifier.control_half_life_h
    else:
        baseline_h = half_life.typical_h
    return ModifiedHalfLife(
        modifier, baseline_h, group_h, half_life.min_h, half_life.max_h,
        clearance_route(dataset, modifier.drug), half_life.range_kind,
    )  # fmt: skip


def modifier_rows(dataset: Dataset, kinds: Iterable[str] | None = None) -> list[ModifiedHalfLife]:
    """Every modifier row (optionally only some ``kinds``), in the order of the file."""
    wanted = None if kinds is None else set(kinds)
    return [
        modified_half_life(dataset, m)
        for m in dataset.modifiers
        if wanted is None or m.kind in wanted
    ]


def drugs_with_modifiers(dataset: Dataset) -> tuple[str, ...]:
    """Drugs that have at least one modifier row, sorted."""
    return tuple(sorted({m.drug for m in dataset.modifiers}))


def route_summary(
    rows: Sequence[ModifiedHalfLife],
) -> dict[Route, dict[str, float]]:
    """Per clearance route: number of rows, median, lowest and highest ratio (group ÷
    baseline, within one study)."""
    out: dict[Route, dict[str, float]] = {}
    for route in dict.fromkeys(r.route for r in rows if r.route):
        ratios = [r.ratio for r in rows if r.route == route]
        if ratios:
            out[route] = {
                "rows": float(len(ratios)),
                "median": float(statistics.median(ratios)),
                "min": min(ratios),
                "max": max(ratios),
            }
    return out


# ---------------------------------------------------------------------------------------
# Baseline against group half-life over nights
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModifierComparison:
    """One nightly instant dose of a drug (with its active metabolites) under the baseline
    of a modifier row and in the group.

    ``baseline``: the compound's baseline half-life (:attr:`ModifiedHalfLife.baseline_h`),
    everything reaching the body as in the comparison group. ``group``: the group's
    half-life AND its exposure change (a first-pass interaction lets more of each dose reach
    the body; it is not turned into a half-life). ``half_life_only``: the group's half-life
    alone, to show what each effect contributes. Amounts are relative to what reaches the
    body in the comparison group (1 = one dose there), at ``times_h``; ``*_at_wake`` at
    each wake-up (one per night). The drug's other active compounds keep their typical
    half-lives in both.
    """

    row: ModifiedHalfLife
    nights: int
    bedtime: str
    wake: str
    times_h: FloatArray
    dose_times_h: FloatArray
    wake_times_h: FloatArray
    baseline: FloatArray
    group: FloatArray
    baseline_at_wake: FloatArray
    group_at_wake: FloatArray
    half_life_only_at_wake: FloatArray

    @property
    def sleep_starts_h(self) -> FloatArray:
        return self.dose_times_h

    @property
    def sleep_ends_h(self) -> FloatArray:
        return self.wake_times_h

    @property
    def last_wake(self) -> tuple[float, float]:
        """(baseline, group) amount at the last wake-up."""
        return float(self.baseline_at_wake[-1]), float(self.group_at_wake[-1])

    @property
    def wake_ratio(self) -> float:
        """Group over baseline at the last wake-up: half-life and exposure together."""
        baseline, group = self.last_wake
        return group / baseline

    @property
    def half_life_wake_ratio(self) -> float:
        """Group over baseline at the last wake-up from the half-life change alone."""
        return float(self.half_life_only_at_wake[-1] / self.baseline_at_wake[-1])


def compare_modifier(
    dataset: Dataset,
    modifier: Modifier,
    nights: int = 3,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    step_h: float = STEP_H,
) -> ModifierComparison:
    """The drug's linked system (parent and active metabolites), one instant dose each
    bedtime for ``nights`` nights (1–21), over ``nights`` × 24 h: the row's compound at its
    baseline half-life (the study's comparison group, or the typical adult for a
    fold-change row) and at the group's half-life, the group also with its exposure change
    (:attr:`ModifiedHalfLife.exposure_ratio`)."""
    timeline = Timeline(bedtime, wake, nights, MAX_SLIDER_NIGHTS)
    nights = timeline.nights
    if not math.isfinite(step_h) or not 0 < step_h <= 1:
        raise ValueError("step_h must be in (0, 1] hours")
    row = modified_half_life(dataset, modifier)
    doses, wakes = timeline.dose_times_h, timeline.wake_times_h
    times = np.union1d(timeline.grid(step_h), wakes)
    checkpoints = np.concatenate([times, wakes])
    typical = dataset.compound(row.compound).half_life.typical_h

    def total(half_life_h: float) -> FloatArray:
        scale = {row.compound: half_life_h / typical}
        system = system_for_drug(dataset, row.drug, half_life_scale=scale)
        return np.asarray(system.amounts(doses, checkpoints).sum(axis=0), dtype=float)

    baseline = total(row.baseline_h)
    half_life_only = total(row.group_h)
    group = half_life_only * row.exposure_ratio
    n = times.size
    return ModifierComparison(
        row, nights, bedtime, wake, times, doses, wakes,
        baseline[:n], group[:n], baseline[n:], group[n:], half_life_only[n:],
    )  # fmt: skip


def modifier(dataset: Dataset, drug: str, group: str) -> Modifier:
    """The first modifier row of ``drug`` whose group starts with ``group``."""
    rows = dataset.modifiers_for(drug)
    for row in rows:
        if row.group.startswith(group):
            return row
    groups = "; ".join(r.group for r in rows)
    raise ValueError(f"no {drug} row whose group starts with {group!r}; groups: {groups}")


def drugs_by_route(dataset: Dataset) -> dict[Route, tuple[str, ...]]:
    """Every drug under its cited clearance route ("not recorded" where none is)."""
    out: dict[Route, list[str]] = {}
    for name in dataset.drugs:
        out.setdefault(clearance_route(dataset, name) or "not recorded", []).append(name)
    return {route: tuple(names) for route, names in out.items()}
