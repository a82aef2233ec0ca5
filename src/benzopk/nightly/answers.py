"""Worked answers for notebook 03, nightly and intermittent use."""

from __future__ import annotations

from ..answers import Answer, exercise
from ..data import Dataset
from ..formulas import accumulation_ratio, nights_to_fraction_of_steady
from ..timeline import DOSE_INTERVAL_H
from .compute import HALF_LIVES_TO_90PCT, MON_WED_FRI, NIGHTLY, morning_labels, run_schedule

#: The short-acting and the long-acting drug of the notebook's schedule comparison.
SHORT, LONG = "temazepam", "diazepam"
WEEKS = 4
#: Morning index (0 = after the first night) of the last Saturday and the last Monday.
LAST_SATURDAY = 7 * (WEEKS - 1) + 4
LAST_MONDAY = 7 * WEEKS - 1


@exercise("03", 1, "Accumulation ratio with one dose every 24 h")
def accumulation(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    for name in ("triazolam", "temazepam", "diazepam", "nordiazepam"):
        t_half = data.compound(name).half_life.typical_h
        ratio = accumulation_ratio(t_half, DOSE_INTERVAL_H)
        values[name] = ratio
        lines.append(f"- {name} (t½ {t_half:g} h): **{ratio:.2f}**")
    values["half_life_for_ratio_2"] = DOSE_INTERVAL_H
    return Answer(
        "Steady-state amount over the first night's amount, at the same clock time "
        "(1/(1 − e<sup>−k·τ</sup>), τ = 24 h, each compound on its own):\n\n"
        + "\n".join(lines)
        + f"\n\nThe ratio is 2 when e<sup>−k·τ</sup> = ½, that is when the half-life equals "
        f"the dosing interval (**{DOSE_INTERVAL_H:g} h**): half of each dose is still there "
        "when the next one comes. Shorter half-lives give ratios between 1 and 2 (close to 1 "
        "when much shorter), longer ones ratios above 2.",
        values,
    )


@exercise("03", 2, "Nights to 90 % of steady state")
def time_to_steady_state(data: Dataset) -> Answer:
    values: dict[str, float] = {"half_lives_exact": HALF_LIVES_TO_90PCT}
    lines = []
    for name in ("temazepam", "nordiazepam"):
        t_half = data.compound(name).half_life.typical_h
        nights = nights_to_fraction_of_steady(t_half, 0.9, DOSE_INTERVAL_H)
        in_half_lives = nights * DOSE_INTERVAL_H / t_half
        values[f"{name}_nights"] = float(nights)
        values[f"{name}_half_lives"] = in_half_lives
        lines.append(
            f"- {name} (t½ {t_half:g} h): **{nights} nights**, i.e. {in_half_lives:.2f} "
            "half-lives after the first dose"
        )
    return Answer(
        "Nightly use, each compound on its own:\n\n"
        + "\n".join(lines)
        + "\n\nThe fraction of steady state after N nights is 1 − e<sup>−k·τ·N</sup> "
        "= 1 − 2<sup>−(N·τ/t½)</sup>: it depends on time only through the number of "
        "half-lives elapsed, so 90 % is always reached after log<sub>2</sub>10 = "
        f"**{HALF_LIVES_TO_90PCT:.2f} half-lives**. Counted in whole nights it comes out a "
        "little later, because the count is rounded up to the next dose.",
        values,
    )


@exercise("03", 3, "Wake-up after night 1 and night 14")
def night_1_vs_night_14(data: Dataset) -> Answer:
    values: dict[str, float] = {}
    lines = []
    link = next(x for x in data.links_from(LONG) if x.metabolite == "nordiazepam")
    basis = "an assumption marked in the data" if link.is_assumption else "published"
    for drug in (SHORT, LONG):
        run = run_schedule(data, drug, NIGHTLY, WEEKS)
        for name in run.names:
            first, fourteenth = run.wake_amount(name, 0), run.wake_amount(name, 13)
            values[f"{name}_night1"], values[f"{name}_night14"] = first, fourteenth
            values[f"{name}_ratio"] = fourteenth / first
            lines.append(
                f"- {name}: **{first:.3f}** after night 1, **{fourteenth:.3f}** after night 14 "
                f"({fourteenth / first:.1f} times)"
            )
    return Answer(
        "Amount at wake-up with one dose every bedtime (fractions of one dose of the "
        "parent):\n\n" + "\n".join(lines) + "\n\nTemazepam changes little: most of each dose "
        "is gone before the next. Diazepam builds up, and nordiazepam most of all: after the "
        "first night there is little of it, because it first has to be formed from diazepam, "
        "and it leaves slowly, so every night adds to it. (The share of diazepam that becomes "
        f"nordiazepam, a fraction {link.fraction:g} here, is {basis}.)",
        values,
    )


@exercise("03", 4, "Three nights a week against nightly use")
def intermittent_vs_nightly(data: Dataset) -> Answer:
    days = morning_labels(WEEKS)
    values: dict[str, float] = {}
    lines = []
    for drug in (SHORT, LONG):
        nightly = run_schedule(data, drug, NIGHTLY, WEEKS)
        some = run_schedule(data, drug, MON_WED_FRI, WEEKS)
        for name in nightly.names:
            for label, morning in (("saturday", LAST_SATURDAY), ("monday", LAST_MONDAY)):
                a, b = some.wake_amount(name, morning), nightly.wake_amount(name, morning)
                values[f"{name}_{label}_3x"], values[f"{name}_{label}_nightly"] = a, b
            lines.append(
                f"- {name}: {days[LAST_SATURDAY]} **{values[f'{name}_saturday_3x']:.3f}** "
                f"(nightly {values[f'{name}_saturday_nightly']:.3f}); "
                f"{days[LAST_MONDAY]} **{values[f'{name}_monday_3x']:.3f}** "
                f"(nightly {values[f'{name}_monday_nightly']:.3f})"
            )
    return Answer(
        f"Amount at wake-up in week {WEEKS}, 3 nights a week (Mon, Wed, Fri bedtimes) with "
        "nightly use in brackets:\n\n"
        + "\n".join(lines)
        + "\n\nTemazepam after a dose night is a little below its nightly level, and after "
        "two nights without a dose it is nearly gone. Nordiazepam carries over: on the "
        "intermittent schedule it hardly falls between dose nights, and it stays well above "
        "zero after the weekend. Fewer doses lower its level, but it does not come and go "
        "with the dose nights.",
        values,
    )


@exercise("03", 5, "What the model cannot say about schedules")
def what_the_model_cannot_say(data: Dataset) -> Answer:
    return Answer(
        "Any two of: (1) the model gives amounts, not effects — it has no tolerance, so it "
        "cannot say how sedation changes over weeks of nightly or intermittent use; (2) it "
        "has no dependence or withdrawal at all; "
        "(3) its fractions are of each drug's own dose and the drugs differ in potency; "
        "(4) it uses typical half-lives, and one person's may lie outside the published "
        "range. How often and for how long a medicine is taken is a decision for a "
        "prescriber with the patient, not something to read off these curves."
    )
