"""Worked answers for notebook 05, who is more at risk."""

from __future__ import annotations

from ..answers import Answer, exercise
from ..data import Dataset, Modifier
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, hours_to_wake
from .compute import compare_modifier, modifier_rows, route_summary
from .effect import ILLUSTRATIVE_A50, ILLUSTRATIVE_HILL, illustrative_effect

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
    b1, g1 = one.last_wake
    b7, g7 = week.last_wake
    return Answer(
        f"In the same study, diazepam's half-life was {row.baseline_h:g} h in its comparison "
        f"group ({row.comparison_group}) and **{row.group_text} h** in "
        f"{row.modifier.group} (×{row.ratio:.2f}); the older group's value is {row.status}. "
        "Diazepam is counted with its active metabolite nordiazepam, at nordiazepam's "
        "typical half-life in both groups (the study measured diazepam only).\n\n"
        f"At the first wake-up the difference is small: **{b1:.3f}** against **{g1:.3f}** of "
        f"a dose, because even the younger group's half-life is long compared with "
        f"{DELTA_H:g} h of sleep. After {WEEK} nights it is **{b7:.2f}** against **{g7:.2f}** "
        f"(×{g7 / b7:.2f}): the longer the half-life, the more each night's dose adds to what "
        "is left, and the longer the build-up goes on. The source attributes the longer "
        "half-life in older age to a larger volume of distribution rather than a lower "
        "clearance; the model only needs the half-life.",
        {
            "baseline_h": row.baseline_h,
            "older_h": row.group_h,
            "baseline_night1": b1,
            "older_night1": g1,
            "baseline_week": b7,
            "older_week": g7,
        },
    )


@exercise("05", 2, "The same change on the flat and on the steep part of the curve")
def steep_and_flat(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    cases = (
        ("triazolam", _row(data, "triazolam", "cyp3a4 inhibitor", "with a single itraconazole")),
        ("diazepam", _row(data, "diazepam", "older age")),
    )
    for name, modifier in cases:
        comparison = compare_modifier(data, modifier, 1)
        baseline, group = comparison.last_wake
        e_baseline, e_group = (float(v) for v in illustrative_effect([baseline, group]))
        values[f"{name}_baseline"], values[f"{name}_group"] = baseline, group
        values[f"{name}_effect_baseline"], values[f"{name}_effect_group"] = e_baseline, e_group
        lines.append(
            f"- {name}, {modifier.group}, against the {comparison.row.baseline_label}: amount "
            f"{baseline:.3f} → {group:.3f} (×{group / baseline:.2f}; "
            f"{comparison.row.exposure_text}); illustrative effect "
            f"{e_baseline:.2f} → {e_group:.2f} (+{e_group - e_baseline:.2f})"
        )
    return Answer(
        "At the first wake-up, on the illustrative curve (A50 = "
        f"{ILLUSTRATIVE_A50:g}, n = {ILLUSTRATIVE_HILL:g}; invented, not measured):\n\n"
        + "\n".join(lines)
        + "\n\nTriazolam's baseline residual sits low on the curve; the longer half-life and "
        "the larger share of each dose that escapes first-pass metabolism move it up onto "
        "the steep part, past the illustrative threshold, so the effect rises "
        "steeply. Diazepam's residual is already high, on the upper, flatter part, so a "
        "larger amount changes the illustrative effect less. A change in amount matters most "
        "where the concentration–effect curve is steep — and where that is for a real drug "
        "and person is not known from this model.",
        values,
    )


@exercise("05", 3, "Which groups leave the published adult range?")
def outside_the_range(data: Dataset) -> Answer:
    rows = modifier_rows(data)
    outside = [r for r in rows if r.outside_range]
    listing = "\n".join(f"- {r.label}: {r.group_text} h, {r.status}" for r in outside)
    people = sum(r.range_kind == "individual" for r in outside)
    return Answer(
        f"**{len(outside)} of {len(rows)}** modifier rows give a half-life in the group outside "
        f"the compound's published adult range: {people} outside a range of values seen in "
        f"people, {len(outside) - people} outside a range of adult *study means*, which is "
        "usually narrower than the spread between people (one study's mean can lie beyond "
        f"it without any person doing so):\n\n{listing}\n\nThe published adult ranges come "
        "from studies of adults without these conditions, so a group with a lower clearance "
        "(or a larger volume) can lie beyond them. The range is a reference, not a baseline: "
        "a study's own comparison group can itself lie anywhere in it (or outside it), which "
        "is why the ratios compare each group with its own study. The figure shows such values "
        "as they are, not clipped to the range.",
        {
            "outside": float(len(outside)),
            "outside_people": float(people),
            "rows": float(len(rows)),
        },
    )


@exercise("05", 4, "Oxidation against glucuronidation in older age and liver disease")
def routes(data: Dataset) -> Answer:
    rows = modifier_rows(data, ("older age", "liver impairment"))
    summary = route_summary(rows)
    ox, gl = summary["oxidation"], summary["glucuronidation"]
    lorazepam = next(r for r in rows if r.drug == "lorazepam")
    temazepam = next(
        r for r in rows if r.drug == "temazepam" and r.modifier.kind == "liver impairment"
    )
    return Answer(
        "Older age and liver disease, each group against its own study's comparison group "
        "(or the published fold change): the median ratio is "
        f"**{ox['median']:.2f}** for the {ox['rows']:.0f} rows of oxidatively cleared drugs "
        f"and **{gl['median']:.2f}** for the {gl['rows']:.0f} rows of glucuronidated ones. "
        "This is the pattern of the cited review (claim glucuronidation_spared): ageing and "
        "liver disease prolong the elimination of oxidatively metabolised drugs, while "
        "clearance by glucuronidation is largely spared. Temazepam in cirrhosis even has a "
        f"shorter half-life than its study's controls (×{temazepam.ratio:.2f}, not a "
        "significant difference; clearance unaltered).\n\n"
        f"The longest glucuronidated bar, lorazepam in cirrhosis (×{lorazepam.ratio:.2f}: "
        f"{lorazepam.group_text} h against {lorazepam.baseline_h:g} h in the same study), "
        "fits the same rule once half-life is split into its parts: t½ = ln2·V/CL. The source "
        "reports an unchanged clearance and a larger volume of distribution (less binding to "
        "plasma proteins): the volume grew, the clearance did not fall.",
        {
            "oxidation_median": ox["median"],
            "glucuronidation_median": gl["median"],
            "oxidation_rows": ox["rows"],
            "glucuronidation_rows": gl["rows"],
            "lorazepam_liver_ratio": lorazepam.ratio,
            "temazepam_liver_ratio": temazepam.ratio,
        },
    )


@exercise("05", 5, "Zolpidem: women, older age and cirrhosis")
def zolpidem(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    for kind in ("sex", "older age", "liver impairment"):
        comparison = compare_modifier(data, _row(data, "zolpidem", kind), 1)
        row = comparison.row
        baseline, group = comparison.last_wake
        key = kind.replace(" ", "_")
        values[key], values[f"{key}_baseline"] = group, baseline
        values[f"{key}_half_life_only"] = float(comparison.half_life_only_at_wake[-1])
        lines.append(
            f"- {row.kind}, {row.modifier.group}: t½ {row.group_text} h against "
            f"{row.baseline_h:g} h ({row.baseline_label}); {row.exposure_text} → "
            f"**{group:.3f}** against {baseline:.3f} at wake-up (×{comparison.wake_ratio:.2f}; "
            f"from the half-life alone ×{comparison.half_life_wake_ratio:.2f})"
        )
    return Answer(
        f"What is left at the first wake-up, {DELTA_H:g} h after the bedtime dose, in each "
        "group and in its baseline, counting both what reaches the body and how fast it "
        "leaves (1 = one dose reaching the body at baseline):\n\n"
        + "\n".join(lines)
        + "\n\nThe difference between women and men was measured as exposure (apparent "
        "oral clearance, CL/F), not as a longer half-life: women's exposure is higher at "
        "every hour, by the same factor. A short-acting drug is also the most sensitive to a "
        "longer half-life in relative terms: the fraction left after a fixed night is "
        "2^(−Δ/t½), so a small residual can grow several-fold. This is the pattern behind the "
        "2013 FDA action on zolpidem; it says nothing about impairment in one person.",
        values,
    )
