"""Worked answers for notebook 05, who is more at risk."""

from __future__ import annotations

from ..data import Dataset, Modifier
from ..risk import (
    ILLUSTRATIVE_A50,
    ILLUSTRATIVE_HILL,
    compare_modifier,
    illustrative_effect,
    modifier_rows,
    route_summary,
)
from ..scenarios import DEFAULT_BEDTIME, DEFAULT_WAKE, hours_to_wake
from . import Answer, exercise

DELTA_H = hours_to_wake(DEFAULT_BEDTIME, DEFAULT_WAKE)
WEEK = 7


def _row(data: Dataset, drug: str, kind: str, group_starts: str = "") -> Modifier:
    """The first modifier row of ``drug`` of ``kind`` whose group starts with ``group_starts``."""
    for m in data.modifiers_for(drug):
        if m.kind == kind and m.group.startswith(group_starts):
            return m
    raise ValueError(f"no {kind!r} row for {drug} starting {group_starts!r}")


@exercise("05", 1, "Diazepam in older age, over a week")
def diazepam_older_age(data: Dataset) -> Answer:
    one = compare_modifier(data, _row(data, "diazepam", "older age"), 1)
    week = compare_modifier(data, _row(data, "diazepam", "older age"), WEEK)
    row = week.row
    t1, m1 = one.last_wake
    t7, m7 = week.last_wake
    return Answer(
        f"Diazepam's typical adult half-life is {row.typical_h:g} h; in "
        f"{row.modifier.group} it is **{row.modified_text} h** (×{row.ratio:.2f}), "
        f"{row.status}. At the first wake-up the difference is small: **{t1:.3f}** against "
        f"**{m1:.3f}** of a dose, because even the typical half-life is long compared with "
        f"{DELTA_H:g} h of sleep. After {WEEK} nights it is **{t7:.2f}** against **{m7:.2f}** "
        f"(×{m7 / t7:.2f}): the longer the half-life, the more each night's dose adds to what "
        "is left, and the longer the build-up goes on. The source attributes the longer "
        "half-life in older age to a larger volume of distribution rather than a lower "
        "clearance; the model only needs the half-life.",
        {
            "typical_h": row.typical_h,
            "older_h": row.modified_h,
            "typical_night1": t1,
            "older_night1": m1,
            "typical_week": t7,
            "older_week": m7,
        },
    )


@exercise("05", 2, "The same change on the flat and on the steep part of the curve")
def steep_and_flat(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    cases = (
        ("triazolam", _row(data, "triazolam", "cyp3a4 inhibitor", "with itraconazole")),
        ("diazepam", _row(data, "diazepam", "older age")),
    )
    for name, modifier in cases:
        typical, modified = compare_modifier(data, modifier, 1).last_wake
        e_typical, e_modified = (float(v) for v in illustrative_effect([typical, modified]))
        values[f"{name}_typical"], values[f"{name}_modified"] = typical, modified
        values[f"{name}_effect_typical"], values[f"{name}_effect_modified"] = (
            e_typical,
            e_modified,
        )
        lines.append(
            f"- {name} ({modifier.group}): amount {typical:.3f} → {modified:.3f} "
            f"(×{modified / typical:.2f}); illustrative effect {e_typical:.2f} → "
            f"{e_modified:.2f} (+{e_modified - e_typical:.2f})"
        )
    return Answer(
        "At the first wake-up, on the illustrative curve (A50 = "
        f"{ILLUSTRATIVE_A50:g}, n = {ILLUSTRATIVE_HILL:g}; invented, not measured):\n\n"
        + "\n".join(lines)
        + "\n\nTriazolam's typical residual sits low on the curve; the longer half-life moves "
        "it up onto the steep part, past the illustrative threshold, so the effect rises "
        "steeply. Diazepam's residual is already high, near the flat top, so a larger "
        "amount changes the illustrative effect little. A change in amount matters most "
        "where the concentration–effect curve is steep — and where that is for a real drug "
        "and person is not known from this model.",
        values,
    )


@exercise("05", 3, "Which groups leave the published adult range?")
def outside_the_range(data: Dataset) -> Answer:
    rows = modifier_rows(data)
    outside = [r for r in rows if r.outside_range]
    listing = "\n".join(f"- {r.label}: {r.modified_text} h, {r.status}" for r in outside)
    return Answer(
        f"**{len(outside)} of {len(rows)}** modifier rows give a half-life outside the drug's "
        f"published adult range:\n\n{listing}\n\nThe published adult ranges come from studies "
        "of adults without these conditions, so a group with a lower clearance (or a larger "
        "volume) can lie beyond them. The figure shows such values as they are, not clipped "
        "to the range.",
        {"outside": float(len(outside)), "rows": float(len(rows))},
    )


@exercise("05", 4, "Oxidation against glucuronidation in older age and liver disease")
def routes(data: Dataset) -> Answer:
    rows = modifier_rows(data, ("older age", "liver impairment"))
    summary = route_summary(rows)
    ox, gl = summary["oxidation"], summary["glucuronidation"]
    lorazepam = next(r for r in rows if r.drug == "lorazepam")
    return Answer(
        f"Older age and liver disease: the median ratio (half-life in the group ÷ typical) is "
        f"**{ox['median']:.2f}** for the {ox['rows']:.0f} rows of oxidatively cleared drugs "
        f"and **{gl['median']:.2f}** for the {gl['rows']:.0f} rows of glucuronidated ones. "
        "This is the pattern of the cited review (claim glucuronidation_spared): ageing and "
        "liver disease prolong the elimination of oxidatively metabolised drugs, while "
        "clearance by glucuronidation is largely spared.\n\n"
        f"The exception in the chart, lorazepam in cirrhosis (×{lorazepam.ratio:.2f}), "
        "fits the same rule once half-life is split into its parts: t½ = ln2·V/CL. The source "
        "reports an unchanged clearance and a larger volume of distribution (less binding to "
        "plasma proteins). The ratio also compares with the typical value in the data, not "
        "with the study's own control group.",
        {
            "oxidation_median": ox["median"],
            "glucuronidation_median": gl["median"],
            "oxidation_rows": ox["rows"],
            "glucuronidation_rows": gl["rows"],
            "lorazepam_liver_ratio": lorazepam.ratio,
        },
    )


@exercise("05", 5, "Zolpidem: women, older age and cirrhosis")
def zolpidem(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    typical = None
    for kind in ("sex", "older age", "liver impairment"):
        comparison = compare_modifier(data, _row(data, "zolpidem", kind), 1)
        row = comparison.row
        typical, modified = comparison.last_wake
        values[kind.replace(" ", "_")] = modified
        derived = " (inferred from a clearance ratio, volume assumed unchanged)"
        lines.append(
            f"- {row.kind}, {row.modifier.group}: t½ {row.modified_text} h"
            f"{derived if row.derived else ''} → **{modified:.3f}** at wake-up "
            f"(×{modified / typical:.2f})"
        )
    assert typical is not None
    values["typical"] = typical
    return Answer(
        f"Typical adult zolpidem (t½ {data.compound('zolpidem').half_life.typical_h:g} h) "
        f"leaves **{typical:.3f}** of a dose at wake-up after {DELTA_H:g} h:\n\n"
        + "\n".join(lines)
        + "\n\nA short-acting drug is the most sensitive to a longer half-life in relative "
        "terms: the fraction left after a fixed night is 2^(−Δ/t½), so a small residual can "
        "grow several-fold. This is the pattern behind the 2013 FDA action (women eliminate "
        "zolpidem more slowly); it says nothing about impairment in one person.",
        values,
    )
