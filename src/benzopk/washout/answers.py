"""Worked answers for notebook 06, stopping and washout."""

from __future__ import annotations

import math

from ..answers import Answer, exercise
from ..data import Dataset
from ..formulas import LN2
from ..timeline import DEFAULT_NIGHTS
from .compute import REMAINING_FRACTION, drug_washout

NIGHTS = DEFAULT_NIGHTS
PERCENT = f"{100 * REMAINING_FRACTION:g} %"


@exercise("06", 1, "Five half-lives, whatever the number of nights")
def half_lives_to_washout(data: Dataset) -> Answer:
    half_lives = math.log(1 / REMAINING_FRACTION) / LN2
    values: dict[str, float] = {"half_lives": half_lives}
    lines = []
    for name in ("triazolam", "clonazepam"):
        t_half = data.compound(name).half_life.typical_h
        after_one = drug_washout(data, name, 1).compounds[0].hours
        after_n = drug_washout(data, name, NIGHTS).compounds[0].hours
        values[f"{name}_hours"] = after_n
        values[f"{name}_hours_night1"] = after_one
        lines.append(
            f"- {name} (t½ {t_half:g} h): **{after_n:.1f} h** ({after_n / 24:.1f} days) after "
            f"{NIGHTS} nights, and {after_one:.1f} h after a single night"
        )
    return Answer(
        f"After the last dose the amount falls as A(0)·e<sup>−k·t</sup>, so it is below "
        f"{PERCENT} of A(0) once e<sup>−k·t</sup> < {REMAINING_FRACTION:g}: t = ln(1/"
        f"{REMAINING_FRACTION:g})/k = **{half_lives:.2f} half-lives**.\n\n"
        + "\n".join(lines)
        + "\n\nThe number of nights changes how much is there at the last dose, not how long "
        "it takes to fall to a given *fraction* of it: each half-life halves whatever is present.",
        values,
    )


@exercise("06", 2, "Diazepam, nordiazepam and their total")
def diazepam_with_metabolite(data: Dataset) -> Answer:
    result = drug_washout(data, "diazepam", NIGHTS).by_name
    drug, metabolite, total = result["diazepam"], result["nordiazepam"], result["total"]
    return Answer(
        f"After {NIGHTS} nights: diazepam alone falls below {PERCENT} after **{drug.days:.1f} "
        f"days**; nordiazepam (t½ {data.compound('nordiazepam').half_life.typical_h:g} h) keeps "
        f"rising for {metabolite.peak_h:.1f} h after the last dose, because it is still being "
        f"formed from the diazepam that is left, and falls below {PERCENT} of that peak only "
        f"after **{metabolite.days:.1f} days**. The total (diazepam + nordiazepam) needs "
        f"**{total.days:.1f} days**, {total.hours / drug.hours:.1f} times as long as diazepam "
        "alone. Long-acting drugs linger for days because every half-life removes only half of "
        "what is left, and a slowly eliminated metabolite is still being formed after the last "
        "dose.",
        {
            "diazepam_days": drug.days,
            "nordiazepam_days": metabolite.days,
            "nordiazepam_peak_h": metabolite.peak_h,
            "total_days": total.days,
        },
    )


@exercise("06", 3, "Flurazepam: a short half-life that is not a short washout")
def flurazepam_total(data: Dataset) -> Answer:
    fl = drug_washout(data, "flurazepam", NIGHTS).by_name
    tri = drug_washout(data, "triazolam", NIGHTS).total
    drug, metabolite, total = fl["flurazepam"], fl["desalkylflurazepam"], fl["total"]
    return Answer(
        f"Flurazepam itself (t½ {data.compound('flurazepam').half_life.typical_h:g} h) is below "
        f"{PERCENT} after **{drug.hours:.1f} h** (triazolam, t½ "
        f"{data.compound('triazolam').half_life.typical_h:g} h: **{tri.hours:.1f} h**). "
        f"But with its metabolite desalkylflurazepam the total needs **{total.days:.1f} days**. "
        f"The metabolite on its own needs {metabolite.days:.1f} days, "
        f"{'longer' if metabolite.hours > total.hours else 'not longer'} than the total: each "
        "is measured against its own highest amount after the last dose, and the total's "
        f"starting amount ({total.reference:.2f} times one nightly dose) includes flurazepam, "
        f"which leaves within hours, so {PERCENT} of the total can be reached while the "
        f"metabolite is still above {PERCENT} of its own peak ({metabolite.reference:.2f} "
        "times one dose).",
        {
            "flurazepam_hours": drug.hours,
            "triazolam_hours": tri.hours,
            "total_days": total.days,
            "desalkylflurazepam_days": metabolite.days,
            "total_reference": total.reference,
            "desalkylflurazepam_reference": metabolite.reference,
        },
    )


@exercise("06", 4, "One night, two weeks or steady state")
def nights_matter_little(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    for label, nights in (("1 night", 1), (f"{NIGHTS} nights", NIGHTS), ("steady state", None)):
        total = drug_washout(data, "diazepam", nights).total
        key = "steady" if nights is None else str(nights)
        values[f"reference_{key}"] = total.reference
        values[f"days_{key}"] = total.days
        lines.append(
            f"- {label}: {total.reference:.2f} of one dose in the body at the last dose, below "
            f"{PERCENT} of "
            f"that after **{total.days:.1f} days**"
        )
    spread = max(values[k] for k in values if k.startswith("days")) - min(
        values[k] for k in values if k.startswith("days")
    )
    single = "longer" if values["days_1"] > values["days_steady"] else "shorter"
    return Answer(
        "Diazepam + nordiazepam:\n\n"
        + "\n".join(lines)
        + "\n\nThe amount present at the last dose grows with regular use (accumulation), but "
        f"the time to fall to a *fraction* of it differs by only {spread:.1f} days between the "
        f"three. After a single night it is {single} than at steady state: then most of the "
        "body's amount is diazepam that is still to become nordiazepam, while at steady state "
        f"nordiazepam is already built up. In absolute terms, {PERCENT} of a larger amount is "
        "more, so after regular use more is left on any given day than after a single dose.",
        values | {"spread_days": spread},
    )


@exercise("06", 5, "The published half-life ranges")
def range_of_washout(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    for position, key in ((-1.0, "shortest"), (0.0, "typical"), (1.0, "longest")):
        result = drug_washout(data, "diazepam", None, position=position)
        values[f"diazepam_{key}_days"] = result.total.days
    nordiazepam = data.compound("nordiazepam").half_life
    diazepam = data.compound("diazepam").half_life
    return Answer(
        f"At steady state, diazepam + nordiazepam falls below {PERCENT} after "
        f"**{values['diazepam_shortest_days']:.1f} days** with the shortest published "
        f"half-lives, {values['diazepam_typical_days']:.1f} days with the typical ones and "
        f"**{values['diazepam_longest_days']:.1f} days** with the longest (nordiazepam "
        f"{nordiazepam.min_h:g}–{nordiazepam.max_h:g} h, diazepam "
        f"{diazepam.min_h:g}–{diazepam.max_h:g} h). Washout grows with the half-lives (for one "
        "compound it is proportional: about five half-lives), and people can lie outside the "
        "published ranges.",
        values,
    )
