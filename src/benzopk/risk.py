"""Who is more at risk: how older age, liver disease, other medicines and sex change a
half-life, and what that does to the amount left at wake-up.

Each row of ``data/modifiers.csv`` gives a half-life in a group of people with the same
study's comparison group (young adults, controls, placebo), or a published fold change. Every
comparison here stays WITHIN ONE STUDY: the baseline of a row is the study's comparison group
where the study gives it; only a fold-change row is applied to the drug's typical adult
half-life (``data/drugs.csv``), which then is the baseline. This module gives the ratio (group
÷ baseline, = :attr:`~benzopk.data.Modifier.fold_change`), whether the group's half-life lies
outside the drug's published adult range (the reference; shown as such, never clipped), and
the amount of one nightly instant dose left at each wake-up under both half-lives. It also
holds an ILLUSTRATIVE concentration–effect curve (Hill/Emax, relative units, not measured)
and Markdown for the cited clinical-context claims.

Amounts are fractions of one dose; times in hours since the first bedtime dose. Teaching
model — NOT FOR DOSING. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import html
import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .data import Dataset, Modifier
from .model import Compartment, FloatArray, LinearSystem, elimination_rate
from .scenarios import (
    DEFAULT_BEDTIME,
    DEFAULT_WAKE,
    DOSE_INTERVAL_H,
    hours_to_wake,
    nightly_dose_times,
)

__all__ = [
    "GLUCURONIDATED",
    "ILLUSTRATIVE_A50",
    "ILLUSTRATIVE_HILL",
    "ILLUSTRATIVE_THRESHOLD",
    "MAX_RISK_NIGHTS",
    "ModifiedHalfLife",
    "ModifierComparison",
    "Route",
    "amount_for_effect",
    "claim_markdown",
    "clearance_route",
    "compare_modifier",
    "comparison_group",
    "drugs_with_modifiers",
    "illustrative_effect",
    "modified_half_life",
    "modifier_notes_markdown",
    "modifier_rows",
    "modifier_table_markdown",
    "range_status",
    "route_summary",
    "short_group",
]

Route = Literal["glucuronidation", "oxidation"]

#: Drugs cleared mainly by glucuronidation (conjugation), with no active metabolites in the
#: data. Claim ``glucuronidation_spared`` (Hoyumpa, hoyumpa_smj): ageing and liver disease
#: prolong the elimination of oxidatively metabolised benzodiazepines, whereas oxazepam's
#: disposition and lorazepam's clearance, cleared by glucuronidation, are largely unaffected.
#: Temazepam is also conjugated directly (its modifier rows: clearance unaltered in
#: cirrhosis, no age relation). Every other drug here is cleared by oxidation (CYP enzymes).
GLUCURONIDATED: frozenset[str] = frozenset({"lorazepam", "oxazepam", "temazepam"})

#: The illustrative Hill curve: effect = A^n / (A^n + A50^n). Invented, relative units (A is
#: the fraction of one dose in the body); NOT measured for any drug.
ILLUSTRATIVE_A50 = 0.5
ILLUSTRATIVE_HILL = 2.0
#: An illustrative effect level (fraction of the maximum effect), marked on the curve.
ILLUSTRATIVE_THRESHOLD = 0.25

MAX_RISK_NIGHTS = 21
STEP_H = 1.0 / 6.0  # 10-minute grid


def clearance_route(drug: str) -> Route:
    """``"glucuronidation"`` for lorazepam, oxazepam and temazepam, else ``"oxidation"``
    (see :data:`GLUCURONIDATED` and the claim it cites)."""
    return "glucuronidation" if drug.strip().lower() in GLUCURONIDATED else "oxidation"


def short_group(group: str) -> str:
    """The group without its parenthesis or comparison ("with cimetidine (…)" → "with
    cimetidine"; "women vs men" → "women")."""
    return group.split(" (")[0].split(" vs ")[0].strip()


def range_status(half_life_h: float, min_h: float, max_h: float) -> str:
    """Whether ``half_life_h`` lies in the published adult range, in words with the range."""
    span = f"{min_h:g}–{max_h:g} h"
    if half_life_h > max_h:
        return f"outside the published adult range ({span}): longer"
    if half_life_h < min_h:
        return f"outside the published adult range ({span}): shorter"
    return f"within the published adult range ({span})"


def comparison_group(modifier: Modifier) -> str:
    """Whom the study compared the group with, in words, from the group text and notes
    ("older adults (>70 years) vs young adults (20-40 years)" → "young adults (20-40 years)";
    a liver row → "age-matched controls" where the notes say "in age-matched controls",
    else "controls without liver disease"; an inhibitor row →
    "placebo" or "no inhibitor (control phase)")."""
    if " vs " in modifier.group:
        return modifier.group.split(" vs ", 1)[1].strip()
    notes = modifier.notes.lower()
    if modifier.kind == "older age":
        return "young adults"
    if modifier.kind == "liver impairment":
        for phrase in ("age- and sex-matched controls", "age-matched controls"):
            if f"in {phrase}" in notes:  # the study's own wording of its control group
                return phrase
        return "controls without liver disease"
    if modifier.kind == "cyp3a4 inhibitor":
        return "placebo" if "placebo" in notes else "no inhibitor (control phase)"
    return "the study's comparison group"


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

    @property
    def drug(self) -> str:
        return self.modifier.drug

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
    def route(self) -> Route:
        return clearance_route(self.modifier.drug)

    @property
    def outside_range(self) -> bool:
        """True where the group's half-life lies outside the published adult range."""
        return not self.adult_min_h <= self.group_h <= self.adult_max_h

    @property
    def status(self) -> str:
        """The group's half-life against the published adult range, in words."""
        return range_status(self.group_h, self.adult_min_h, self.adult_max_h)

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
        return f"{self.drug} — {self.kind}: {short_group(self.modifier.group)}"


def modified_half_life(dataset: Dataset, modifier: Modifier) -> ModifiedHalfLife:
    """``modifier`` against its baseline (the study's comparison group, or the typical adult
    half-life for a fold-change row), with the drug's published adult range."""
    half_life = dataset.compound(modifier.drug).half_life
    group_h = modifier.half_life_for(half_life.typical_h)
    if modifier.half_life_h is not None and modifier.control_half_life_h is not None:
        baseline_h = modifier.control_half_life_h
    else:
        baseline_h = half_life.typical_h
    return ModifiedHalfLife(modifier, baseline_h, group_h, half_life.min_h, half_life.max_h)


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
    for route in ("oxidation", "glucuronidation"):
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
    """One nightly instant dose of a drug under the baseline half-life of a modifier row
    (:attr:`ModifiedHalfLife.baseline_h`) and the group's half-life.

    ``baseline`` and ``group`` are fractions of one dose at ``times_h``; ``*_at_wake`` at
    each wake-up (one per night).
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


def _one_compartment(name: str, half_life_h: float) -> LinearSystem:
    return LinearSystem((Compartment(name, elimination_rate(half_life_h)),))


def compare_modifier(
    dataset: Dataset,
    modifier: Modifier,
    nights: int = 3,
    bedtime: str = DEFAULT_BEDTIME,
    wake: str = DEFAULT_WAKE,
    step_h: float = STEP_H,
) -> ModifierComparison:
    """The drug alone (its active metabolites are left out: the modifier rows describe the
    parent's half-life), one instant dose each bedtime for ``nights`` nights (1–21), over
    ``nights`` × 24 h, under the row's baseline half-life (the study's comparison group, or
    the typical adult for a fold-change row) and the group's half-life."""
    if (
        isinstance(nights, bool)
        or not isinstance(nights, int | np.integer)
        or not 1 <= nights <= MAX_RISK_NIGHTS
    ):
        raise ValueError(f"nights must be a whole number from 1 to {MAX_RISK_NIGHTS}")
    nights = int(nights)
    if not math.isfinite(step_h) or not 0 < step_h <= 1:
        raise ValueError("step_h must be in (0, 1] hours")
    row = modified_half_life(dataset, modifier)
    delta = hours_to_wake(bedtime, wake)
    doses = nightly_dose_times(nights)
    wakes = doses + delta
    horizon = nights * DOSE_INTERVAL_H
    times = np.union1d(np.linspace(0.0, horizon, round(horizon / step_h) + 1), wakes)
    checkpoints = np.concatenate([times, wakes])
    baseline = _one_compartment(row.drug, row.baseline_h).amounts(doses, checkpoints)[0]
    group = _one_compartment(row.drug, row.group_h).amounts(doses, checkpoints)[0]
    n = times.size
    return ModifierComparison(
        row,
        nights,
        bedtime,
        wake,
        times,
        doses,
        wakes,
        baseline[:n],
        group[:n],
        baseline[n:],
        group[n:],
    )


# ---------------------------------------------------------------------------------------
# The illustrative concentration–effect curve
# ---------------------------------------------------------------------------------------


def illustrative_effect(
    amount: ArrayLike, a50: float = ILLUSTRATIVE_A50, hill: float = ILLUSTRATIVE_HILL
) -> FloatArray:
    """Hill (Emax) curve ``A^n / (A^n + A50^n)``: fraction of the maximum effect (0–1).

    ILLUSTRATIVE, not measured: ``amount`` in fractions of one dose, ``a50`` the amount
    giving half the maximum effect, ``hill`` the steepness ``n`` (1 = plain Emax).
    """
    if not a50 > 0 or not hill > 0:
        raise ValueError("a50 and hill must be > 0")
    a = np.asarray(amount, dtype=float)
    if np.any(a < 0):
        raise ValueError("amounts must be >= 0")
    # A^n/(A^n + A50^n) = 1/(1 + (A50/A)^n), written to avoid overflow for large A.
    with np.errstate(divide="ignore"):
        ratio = np.where(a > 0, (a50 / np.where(a > 0, a, 1.0)) ** hill, np.inf)
    return np.asarray(1.0 / (1.0 + ratio), dtype=float)


def amount_for_effect(
    effect: float, a50: float = ILLUSTRATIVE_A50, hill: float = ILLUSTRATIVE_HILL
) -> float:
    """Inverse of :func:`illustrative_effect`: ``A50 · (E/(1−E))^(1/n)``, for 0 < E < 1."""
    if not 0 < effect < 1:
        raise ValueError("effect must be between 0 and 1")
    if not a50 > 0 or not hill > 0:
        raise ValueError("a50 and hill must be > 0")
    return float(a50 * (effect / (1.0 - effect)) ** (1.0 / hill))


# ---------------------------------------------------------------------------------------
# Markdown (data text HTML-escaped: notebooks and the site render Markdown as HTML)
# ---------------------------------------------------------------------------------------


def claim_markdown(dataset: Dataset, claim_id: str) -> str:
    """A cited claim as a Markdown quote: the statement, then its source and section."""
    claim = dataset.claim(claim_id)
    source = dataset.sources[claim.source.source_id]
    link = f" <{html.escape(source.url)}>" if source.url else ""
    return (
        f"> {html.escape(claim.statement)}\n>\n"
        f"> — *{html.escape(source.citation)}* ({html.escape(claim.source.section)}).{link}\n"
    )


def modifier_table_markdown(rows: Sequence[ModifiedHalfLife]) -> str:
    """Markdown table: each row's group and baseline half-life, the baseline used, the ratio
    (group ÷ baseline), the group against the published adult range, basis and source."""
    lines = [
        "| drug | route | condition | group | t½ in the group (h) | baseline t½ (h) "
        "| baseline | ratio (group ÷ baseline) | group t½ against the published adult range "
        "| basis | source |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        m = r.modifier
        cells = [
            r.drug,
            r.route,
            m.kind,
            m.group,
            r.group_text,
            f"{r.baseline_h:g}",
            r.baseline_label,
            f"×{r.ratio:.2f}",
            f"**{r.status}**" if r.outside_range else r.status,
            m.basis,
            f"{m.source.source_id} ({m.source.section})",
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    bold = text.startswith("**") and text.endswith("**")
    body = text[2:-2] if bold else text
    escaped = html.escape(body).replace("|", "\\|")
    return f"**{escaped}**" if bold else escaped


def modifier_notes_markdown(rows: Sequence[ModifiedHalfLife]) -> str:
    """Markdown list of each row's notes (the study's comparison and wording)."""
    return (
        "\n".join(
            f"- **{html.escape(r.label)}** ({html.escape(r.modifier.source.source_id)}): "
            f"{html.escape(r.modifier.notes)}"
            for r in rows
        )
        + "\n"
    )
