"""Worked answers for notebook 02, half-life basics."""

from __future__ import annotations

from ..answers import Answer, exercise
from ..data import Compound, Dataset
from ..formulas import elimination_rate, hours_to_fraction_eliminated, instant_dose_amount
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, hours_to_wake
from .compute import (
    half_life_for_fraction_left,
    half_life_from_two_points,
    half_life_from_volume_clearance,
    half_lives_to_eliminate,
    nearest_compounds,
    volume_clearance_examples,
)

DELTA_H = hours_to_wake(DEFAULT_BEDTIME, DEFAULT_WAKE)
FIGURE_DRUG = "temazepam"


def _with_source(compound: Compound) -> str:
    return (
        f"{compound.name} (typical t½ {compound.half_life.typical_h:g} h; "
        f"{compound.half_life.source.source_id})"
    )


@exercise("02", 1, "Reading temazepam's half-life off the figure")
def read_half_life(data: Dataset) -> Answer:
    t_half = data.compound(FIGURE_DRUG).half_life.typical_h
    to_eighth = 3.0 * t_half
    k = elimination_rate(t_half)
    per_hour = 1.0 - float(instant_dose_amount(t_half, 1.0))
    a24, a48 = (float(v) for v in instant_dose_amount(t_half, [24.0, 48.0]))
    from_points = half_life_from_two_points(24.0, a24, 48.0, a48)
    return Answer(
        f"The curve reaches 1/2 at {t_half:g} h, 1/4 at {2 * t_half:g} h and 1/8 at "
        f"**{to_eighth:g} h**: three halvings, so three half-lives, and "
        f"t½ = {to_eighth:g} / 3 = **{t_half:g} h**. On the log panel any two points do: "
        f"the curve is at {a24:.4f} at 24 h and {a48:.4f} at 48 h, and "
        f"24 · ln2 / ln({a24:.4f}/{a48:.4f}) = {from_points:.2f} h. Then "
        f"k = ln2 / t½ = **{k:.4f} per hour**, and in one hour **{100 * per_hour:.1f} %** "
        "of what is present is eliminated (1 − e<sup>−k</sup>, a little less than k, "
        "because the amount shrinks during the hour).",
        {
            "half_life_h": t_half,
            "hours_to_one_eighth": to_eighth,
            "half_life_from_points_h": from_points,
            "k_per_h": k,
            "percent_per_hour": 100 * per_hour,
        },
    )


@exercise("02", 2, "Volume and clearance of hypothetical drugs")
def volume_and_clearance(data: Dataset) -> Answer:
    drug_a = volume_clearance_examples()[0]
    v, cl = drug_a.volume, drug_a.clearance_per_h
    t_a = drug_a.half_life_h
    t_d = half_life_from_volume_clearance(2 * v, cl / 2)
    t_e = half_life_from_volume_clearance(2 * v, 2 * cl)
    d_left = float(instant_dose_amount(t_d, t_a))
    return Answer(
        f"t½ = ln2 · V / CL. Drug A: {t_a:.2f} h. Drug D (twice the volume, half the "
        f"clearance): both changes lengthen it, t½ = **{t_d:.2f} h**, {t_d / t_a:g} times A's. "
        f"Drug E (twice both): the ratio V/CL is unchanged, so t½ = **{t_e:.2f} h**, the same "
        f"as A — a larger volume can be offset by a larger clearance. After A's half-life "
        f"({t_a:.2f} h), **{d_left:.3f}** of a dose of D is left "
        f"(2<sup>−{t_a / t_d:g}</sup>): a quarter of D's half-life has passed.",
        {"t_half_a": t_a, "t_half_d": t_d, "t_half_e": t_e, "d_left_after_t_half_a": d_left},
    )


@exercise("02", 3, "About five half-lives, made exact")
def five_half_lives(data: Dataset) -> Answer:
    n97, n99 = half_lives_to_eliminate(0.97), half_lives_to_eliminate(0.99)
    values: dict[str, float] = {"half_lives_97": n97, "half_lives_99": n99}
    lines: list[str] = []
    hours_list: list[float] = []
    for name in ("triazolam", "nordiazepam"):
        compound = data.compound(name)
        hours = hours_to_fraction_eliminated(compound.half_life.typical_h, 0.97)
        values[f"{name}_hours_97"] = hours
        hours_list.append(hours)
        lines.append(
            f"- {_with_source(compound)}: 97 % eliminated after **{hours:.1f} h** "
            f"({hours / 24:.1f} days)"
        )
    return Answer(
        f"97 % is eliminated after ln(1/0.03) / ln2 = **{n97:.2f} half-lives** and 99 % after "
        f"ln(100) / ln2 = **{n99:.2f}** — the same for every drug, because each half-life "
        "halves what is left. In hours it depends entirely on the half-life (each compound "
        "on its own, one instant dose):\n\n"
        + "\n".join(lines)
        + '\n\n"About five half-lives" is therefore a rule in half-lives, not in hours: '
        f"here it spans {min(hours_list) / 24:.1f} to {max(hours_list) / 24:.1f} days.",
        values,
    )


@exercise("02", 4, "Setting the hypothetical drug's half-life")
def slider_targets(data: Dataset) -> Answer:
    half_at_wake = half_life_for_fraction_left(0.5, DELTA_H)
    quarter_at_wake = half_life_for_fraction_left(0.25, DELTA_H)
    near_half = ", ".join(_with_source(c) for c in nearest_compounds(data, half_at_wake))
    near_quarter = ", ".join(_with_source(c) for c in nearest_compounds(data, quarter_at_wake))
    return Answer(
        f"From bedtime ({DEFAULT_BEDTIME}) to wake-up ({DEFAULT_WAKE}) is {DELTA_H:g} h. Half "
        f"the dose is left at wake-up when that is exactly one half-life: "
        f"**t½ = {half_at_wake:g} h**. A quarter is left after two half-lives: "
        f"**t½ = {quarter_at_wake:g} h** (t½ = Δ · ln2 / ln(1/fraction)). Nearest in the data "
        f"by ratio — for one half: {near_half}; for one quarter: {near_quarter}. These are "
        "fractions of each drug's own dose, not comparable effects.",
        {"half_life_half_at_wake": half_at_wake, "half_life_quarter_at_wake": quarter_at_wake},
    )


@exercise("02", 5, "What one volume and one clearance leave out")
def one_compartment_limits(data: Dataset) -> Answer:
    return Answer(
        "The model treats the body as one well-mixed volume with one clearance, so on a log "
        "axis every curve is a single straight line. A drug that first moves from the blood "
        "and brain into fat and muscle (redistribution) has a measured blood curve that falls "
        "faster in the first hours than its terminal half-life says, and then bends into a "
        "shallower line: two slopes on a log axis. A half-life read off those first hours "
        "would be shorter than the terminal half-life in the data. The drug has left the "
        "blood and brain, not the body, and the model counts only the amount in the whole "
        "body with the terminal half-life: this is why it overstates a single dose's "
        "hangover for such drugs (see the banner)."
    )
