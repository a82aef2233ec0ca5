"""Worked answers for notebook 01, next-day sedation."""

from __future__ import annotations

import numpy as np

from ..answers import Answer, exercise
from ..data import Dataset
from ..formulas import (
    fraction_at_wake_night1,
    fraction_at_wake_night_n,
    nights_to_fraction_of_steady,
)
from ..linked import half_life_at_position, simulate_drug
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE, hours_to_wake, nightly_dose_times

DELTA_H = hours_to_wake(DEFAULT_BEDTIME, DEFAULT_WAKE)


@exercise("01", 1, "Temazepam and triazolam at wake-up after one night")
def temazepam_vs_triazolam(data: Dataset) -> Answer:
    tem = data.compound("temazepam").half_life.typical_h
    tri = data.compound("triazolam").half_life.typical_h
    a, b = fraction_at_wake_night1(tem, DELTA_H), fraction_at_wake_night1(tri, DELTA_H)
    return Answer(
        f"After {DELTA_H:g} h of sleep, temazepam (t½ {tem:g} h) leaves **{a:.3f}** of its "
        f"dose and triazolam (t½ {tri:g} h) **{b:.3f}**: about **{a / b:.1f} times** as much. "
        "The half-life alone explains it: the fraction left is e^(−kΔ) with k = ln2/t½, "
        "so a longer half-life means a larger fraction at wake-up.",
        {"temazepam": a, "triazolam": b, "ratio": a / b},
    )


@exercise("01", 2, "Desalkylflurazepam after a week")
def desalkylflurazepam_buildup(data: Dataset) -> Answer:
    t_half = data.compound("desalkylflurazepam").half_life.typical_h
    nights = nights_to_fraction_of_steady(t_half, 0.9)
    return Answer(
        f"Desalkylflurazepam is formed from every flurazepam dose and leaves slowly "
        f"(t½ {t_half:g} h, against {data.compound('flurazepam').half_life.typical_h:g} h for "
        f"flurazepam itself), so each night's share adds to what is left. Taken on its own it "
        f"needs **{nights} nights** to reach 90 % of its steady state "
        "(about 3.3 half-lives).",
        {"nights_to_90pct": float(nights)},
    )


@exercise("01", 3, "How much the half-life range matters after 7 nights")
def range_after_week(data: Dataset) -> Answer:
    dia = data.compound("diazepam")
    tri = data.compound("triazolam")
    low = fraction_at_wake_night_n(half_life_at_position(dia, -1), DELTA_H, 7)
    high = fraction_at_wake_night_n(half_life_at_position(dia, 1), DELTA_H, 7)
    typical = fraction_at_wake_night_n(tri.half_life.typical_h, DELTA_H, 7)
    hl = tri.half_life
    return Answer(
        "At wake-up after the 7th night (each drug on its own, instant dose):\n\n"
        f"- diazepam: **{low:.3f}** (shortest t½ seen in a person, {dia.half_life.min_h:g} h) "
        f"→ **{high:.3f}** (longest, {dia.half_life.max_h:g} h), a change of "
        f"{high - low:.3f} of a dose. Its range is the spread between people, so the slider "
        "moves it.\n"
        f"- triazolam: stays at **{typical:.3f}** (typical t½ {hl.typical_h:g} h). Its published "
        f"range, {hl.min_h:g}–{hl.max_h:g} h, is a range of *study means*, not the spread "
        "between people, so the slider leaves it at its typical value and the readout says so "
        "(the figure draws that range dotted).\n\n"
        "The long-acting drug changes more in absolute terms because its amount accumulates "
        "over the nights, and accumulation grows with the half-life.",
        {"diazepam_shortest": low, "diazepam_longest": high, "triazolam_typical": typical},
    )


@exercise("01", 4, "Oral absorption versus an instant dose")
def oral_vs_instant(data: Dataset) -> Answer:
    doses = nightly_dose_times(1)
    grid = np.linspace(0.0, 24.0, 24 * 60 + 1)
    wake = np.array([DELTA_H])
    values: dict[str, float] = {}
    lines = []
    for name in ("diazepam", "triazolam"):
        oral = simulate_drug(data, name, doses, grid, "oral").amounts[name]
        peak_time = float(grid[int(np.argmax(oral))])
        at_wake = {
            mode: float(simulate_drug(data, name, doses, wake, mode).amounts[name][0])
            for mode in ("instant", "oral")
        }
        values[f"{name}_peak_h"] = peak_time
        values[f"{name}_wake_instant"] = at_wake["instant"]
        values[f"{name}_wake_oral"] = at_wake["oral"]
        lines.append(
            f"- {name}: oral peak at {peak_time:.2f} h after the dose; at wake-up "
            f"{at_wake['instant']:.3f} (instant) vs {at_wake['oral']:.3f} (oral)"
        )
    return Answer(
        "Absorption only delays the start: the peak comes at the published time to peak, and "
        "by wake-up most of the dose has been absorbed, so what is left depends mainly on "
        "elimination.\n\n" + "\n".join(lines),
        values,
    )


@exercise("01", 5, "Why the largest fraction is not the largest impairment")
def not_an_impairment_ranking(data: Dataset) -> Answer:
    return Answer(
        "Any two of: (1) the fractions are of each drug's *own* dose, and the drugs differ in "
        "potency, so equal fractions are not equal effects; (2) after a single dose, drugs "
        "like diazepam also stop acting by redistribution out of the brain, which a "
        "one-compartment model leaves out; (3) tolerance to sedation develops with nightly "
        "use; (4) the effect depends on where the amount sits on the concentration–effect "
        "curve, and on other sedatives such as alcohol, none of which is modelled."
    )
