"""How half-lives spread between people, and how a group shifts them.

A half-life varies between people as a **log-normal**: ``ln t½ ~ N(ln median, σ²)``. A
:class:`Spread` holds the median (hours), ``σ`` (the standard deviation of ``ln t½``) and its
basis in words. Where it comes from, in this order:

1. **A published SD or CV** of the half-life between people (none in ``data/`` yet; pass it
   to :func:`compound_spread`, or a future ``sd_h`` / ``cv`` attribute of the half-life is
   used): a log-normal with that arithmetic mean and SD, ``σ² = ln(1 + CV²)``, median
   ``mean / √(1 + CV²)`` (:meth:`Spread.from_sd`, :meth:`Spread.from_cv`).
2. **A range of values seen in people** (``range_kind == "individual"``), under a STATED
   ASSUMPTION: the range spans the 5th–95th percentiles of a log-normal centred on the
   typical value, ``σ = ln(max/min) / (2·1.645)`` (:meth:`Spread.from_individual_range`).
   The span max/min is kept; where the typical value is not the range's geometric mean the
   percentiles sit shifted from the published bounds (the basis says so). People outside
   a published range exist: the log-normal has tails, and 10 % of people fall outside.
3. **Otherwise** (a range of study means, which is not the spread between people, or no
   range): the typical value for everybody, ``σ = 0``.

A group from ``modifiers.csv`` (sex, older age) multiplies the median of the compound its
row is about by the row's fold change (the group's published half-life ÷ the same study's
comparison group, or the published fold change); ``σ`` is kept (ASSUMPTION: the group
varies as much as adults in general). A row whose study found the half-life unchanged
changes only exposure: its ``exposure_ratio`` multiplies every amount.

Teaching model — NOT FOR DOSING. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist

from ..data import Compound, Dataset, Modifier

__all__ = [
    "GROUP_KINDS",
    "PERCENTILE_Z",
    "TYPICAL_ADULT",
    "GroupShift",
    "Spread",
    "compound_spread",
    "group_shift",
    "population_groups",
]

#: z of the 95th percentile (1.645): a range taken as the 5th–95th percentiles spans 2·z·σ.
PERCENTILE_Z = NormalDist().inv_cdf(0.95)
#: The modifier kinds that describe people (not a liver disease or another medicine).
GROUP_KINDS = ("sex", "older age")
TYPICAL_ADULT = "typical adult"


@dataclass(frozen=True)
class Spread:
    """A log-normal half-life between people: median (h), σ of ``ln t½``, basis in words.

    ``kind`` says where σ comes from: ``"published SD"``, ``"published CV"``,
    ``"individual range"`` (the 5th–95th assumption) or ``"fixed"`` (σ = 0, with
    ``reason``); ``fold`` is a group's shift of the median (1 for none).
    """

    median_h: float
    sigma: float
    basis: str
    kind: str = "fixed"
    reason: str = ""
    fold: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.median_h) and self.median_h > 0):
            raise ValueError(f"median half-life must be > 0 hours, got {self.median_h!r}")
        if not (math.isfinite(self.sigma) and self.sigma >= 0):
            raise ValueError(f"sigma must be >= 0, got {self.sigma!r}")

    @property
    def varies(self) -> bool:
        """True where people differ (σ > 0)."""
        return self.sigma > 0

    @property
    def short(self) -> str:
        """The spread in a few words, for a figure."""
        group = f", median ×{self.fold:.2f} for the group" if self.fold != 1.0 else ""
        if not self.varies:
            return f"fixed at {self.median_h:.3g} h ({self.reason}){group}"
        source = {
            "individual range": "published range between people taken as its 5th–95th "
            "percentiles (an assumption)",
        }.get(self.kind, f"from a {self.kind}")
        return f"log-normal, median {self.median_h:.3g} h, σ = {self.sigma:.2f}: {source}{group}"

    def percentile(self, fraction: float) -> float:
        """Half-life (h) below which ``fraction`` of people fall."""
        if not 0 < fraction < 1:
            raise ValueError("fraction must be between 0 and 1")
        return self.median_h * math.exp(self.sigma * NormalDist().inv_cdf(fraction))

    @classmethod
    def from_individual_range(cls, typical_h: float, min_h: float, max_h: float) -> Spread:
        """The ASSUMPTION above: ``min``–``max`` are the 5th–95th percentiles' span."""
        if not 0 < min_h <= max_h:
            raise ValueError(f"range must satisfy 0 < min <= max, got {min_h!r}–{max_h!r}")
        sigma = math.log(max_h / min_h) / (2 * PERCENTILE_Z)
        low, high = (typical_h * math.exp(s * PERCENTILE_Z * sigma) for s in (-1, 1))
        basis = (
            f"range {min_h:g}–{max_h:g} h (values seen in people) taken as the 5th–95th "
            f"percentiles of a log-normal centred on the typical {typical_h:g} h "
            f"(σ = {sigma:.2f}; 5th–95th {low:.3g}–{high:.3g} h) — an assumption"
        )
        return cls(typical_h, sigma, basis, "individual range")

    @classmethod
    def from_cv(cls, mean_h: float, cv: float, what: str = "") -> Spread:
        """A log-normal with arithmetic mean ``mean_h`` and coefficient of variation ``cv``."""
        if not (math.isfinite(cv) and cv >= 0):
            raise ValueError(f"CV must be >= 0, got {cv!r}")
        sigma = math.sqrt(math.log1p(cv * cv))
        median = mean_h / math.sqrt(1 + cv * cv)
        basis = (
            f"{what or 'published CV'}: mean {mean_h:g} h, CV {100 * cv:.0f} % → log-normal "
            f"median {median:.3g} h, σ = {sigma:.2f}"
        )
        return cls(median, sigma, basis, "published SD" if what else "published CV")

    @classmethod
    def from_sd(cls, mean_h: float, sd_h: float) -> Spread:
        """A log-normal with arithmetic mean ``mean_h`` and standard deviation ``sd_h``."""
        if not (math.isfinite(mean_h) and mean_h > 0 and math.isfinite(sd_h) and sd_h >= 0):
            raise ValueError(f"need mean > 0 and SD >= 0 hours, got {mean_h!r} ± {sd_h!r}")
        return cls.from_cv(mean_h, sd_h / mean_h, f"published mean ± SD {mean_h:g} ± {sd_h:g} h")

    def shifted(self, fold: float, why: str) -> Spread:
        """The same spread with the median × ``fold`` (a group), the reason appended."""
        if fold == 1.0:
            return self
        return replace(
            self,
            median_h=self.median_h * fold,
            fold=self.fold * fold,
            basis=f"{self.basis}; median ×{fold:.2f} for the group ({why}); spread kept "
            "as in adults (an assumption)",
        )


def compound_spread(
    compound: Compound, sd_h: float | None = None, cv: float | None = None
) -> Spread:
    """The between-person spread of ``compound``'s half-life (see the module docstring).

    ``sd_h`` / ``cv``: a published SD (hours) or CV between people, around the typical value
    taken as the arithmetic mean. Without them, a ``sd_h`` or ``cv`` attribute of the
    compound's half-life is used where the data provide one; then an individual range; then
    the typical value (σ = 0).
    """
    hl = compound.half_life
    sd_h = sd_h if sd_h is not None else getattr(hl, "sd_h", None)
    cv = cv if cv is not None else getattr(hl, "cv", None)
    if sd_h is not None:
        return Spread.from_sd(hl.typical_h, float(sd_h))
    if cv is not None:
        return Spread.from_cv(hl.typical_h, float(cv))
    if hl.individual_range and hl.max_h > hl.min_h:
        return Spread.from_individual_range(hl.typical_h, hl.min_h, hl.max_h)
    if hl.range_kind == "study_means":
        reason = "a range of study means, not between people"
        why = (
            f"range {hl.min_h:g}–{hl.max_h:g} h is a range of study means, not the spread "
            "between people"
        )
    else:
        reason = why = "no between-person range or SD published"
    basis = f"{why}: everybody at the typical {hl.typical_h:g} h"
    return Spread(hl.typical_h, 0.0, basis, "fixed", reason)


@dataclass(frozen=True)
class GroupShift:
    """What a group changes: one compound's median half-life (× ``fold``) and exposure.

    ``label`` names the group (``"typical adult"`` for none); ``note`` says what changed and
    on which basis, as the study reported it.
    """

    label: str
    kind: str
    compound: str
    fold: float
    exposure_ratio: float
    note: str


def group_shift(modifier: Modifier | None) -> GroupShift:
    """The shift of one ``modifiers.csv`` row (None: the typical adult, no shift)."""
    if modifier is None:
        return GroupShift(TYPICAL_ADULT, "", "", 1.0, 1.0, "no group shift")
    if modifier.kind not in GROUP_KINDS:
        raise ValueError(
            f"{modifier.label!r}: a population group is one of {', '.join(GROUP_KINDS)}"
        )
    fold = modifier.fold_change
    if fold is None:  # a published group value without the study's own comparison group
        raise ValueError(f"{modifier.label!r} gives no half-life change within its study")
    name = modifier.compound_name
    if modifier.basis == "half-life unchanged":
        change = f"{name} half-life unchanged in the study"
    elif modifier.half_life_h is not None and modifier.control_half_life_h is not None:
        change = (
            f"{name} t½ ×{fold:.2f} ({modifier.half_life_h:g} h ÷ {modifier.control_half_life_h:g}"
            " h in the study's comparison group)"
        )
    else:
        change = f"{name} t½ ×{fold:.2f} ({modifier.basis})"
    exposure = modifier.exposure_ratio
    if exposure != 1.0:
        change += f"; exposure ×{exposure:.2f} ({modifier.exposure_basis}), applied to the amounts"
    change += "; the study's ratios applied to the typical adult"
    return GroupShift(modifier.group, modifier.kind, name, fold, exposure, change)


def population_groups(dataset: Dataset, drug: str) -> list[Modifier]:
    """The rows of ``modifiers.csv`` for ``drug`` that describe people (sex, older age)
    and give a half-life change within their study (or an unchanged half-life)."""
    return [
        m
        for m in dataset.modifiers_for(drug)
        if m.kind in GROUP_KINDS and m.fold_change is not None
    ]
