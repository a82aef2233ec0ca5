"""Worked answers for notebook 04, active metabolites."""

from __future__ import annotations

from ..answers import Answer, exercise
from ..data import Dataset
from ..timeline import DEFAULT_NIGHTS
from .compute import (
    activity_summary,
    fraction_label,
    metabolite_at_wake,
    metabolite_peak,
    path_links,
    share_at_wake,
    summarise,
    system_with_fractions,
)

NIGHTS = DEFAULT_NIGHTS


@exercise("04", 1, "Diazepam: the parent's half-life against diazepam + nordiazepam")
def diazepam_and_nordiazepam(data: Dataset) -> Answer:
    s = activity_summary(data, "diazepam")
    peak = metabolite_peak(data, "diazepam", "nordiazepam")
    return Answer(
        f"Diazepam alone (t½ {s.parent_half_life_h:g} h) is 97 % gone **{s.hours_parent:.0f} h** "
        f"({s.hours_parent / 24:.1f} days) after one dose, "
        f"{s.hours_parent / s.parent_half_life_h:.2f} half-lives. Diazepam "
        f"and nordiazepam together take **{s.hours_total:.0f} h** ({s.hours_total / 24:.1f} "
        f"days), **{s.ratio:.1f} times** as long. Nordiazepam peaks **{peak.peak_h:.0f} h** "
        f"after the dose, when {peak.peak_amount:.2f} of the dose is nordiazepam.\n\n"
        "The parent's time uses only its own half-life. The peak time depends only on the "
        "two half-lives, ln(kp/km)/(kp − km), not on the conversion fraction. The peak's "
        "height and the combined time do depend on the fraction, which is an assumption here "
        f"({'; '.join(peak.labels)}): a smaller fraction would give a lower, equally timed "
        "nordiazepam peak and a shorter combined time.",
        {
            "hours_parent": s.hours_parent,
            "hours_total": s.hours_total,
            "ratio": s.ratio,
            "peak_h": peak.peak_h,
            "peak_amount": peak.peak_amount,
        },
    )


@exercise("04", 2, "Clorazepate: a prodrug whose activity is nordiazepam")
def clorazepate_share(data: Dataset) -> Answer:
    s = activity_summary(data, "clorazepate", nights=NIGHTS)
    nor = data.compound("nordiazepam").half_life.typical_h
    at_wake = metabolite_at_wake(data, "clorazepate", "nordiazepam", nights=NIGHTS)
    from_diazepam = metabolite_at_wake(data, "diazepam", "nordiazepam", nights=NIGHTS)
    link = path_links(data, "clorazepate", "nordiazepam")[0]
    return Answer(
        "Clorazepate is a prodrug: by mouth it is decarboxylated to nordiazepam before it "
        "reaches the blood, so essentially no clorazepate circulates. Its own half-life in "
        f"the data ({s.parent_half_life_h:g} h) was measured after an injection and plays no "
        "part after an oral dose; the model lets each dose enter as nordiazepam "
        f"({fraction_label(link)}).\n\n"
        f"So the whole activity is nordiazepam (t½ {nor:g} h): 97 % of it is gone only "
        f"**{s.hours_total:.0f} h** ({s.hours_total / 24:.1f} days) after one dose, and at "
        f"wake-up after night {NIGHTS} it is **{at_wake:.2f}** of one clorazepate dose "
        f"({100 * s.share_at_wake:.0f} % of what is in the body). After the same nights of "
        f"diazepam, nordiazepam alone is {from_diazepam:.2f} of one diazepam dose, and "
        "diazepam itself comes on top. Judging clorazepate by its own short half-life would "
        "call it short-acting; it is not.",
        {
            "hours_total": s.hours_total,
            "share_at_wake": s.share_at_wake,
            "nordiazepam_at_wake": at_wake,
            "nordiazepam_from_diazepam": from_diazepam,
        },
    )


@exercise("04", 3, "Flurazepam: if the assumed fraction were half as large")
def flurazepam_half_fraction(data: Dataset) -> Answer:
    (link,) = path_links(data, "flurazepam", "desalkylflurazepam")
    key = (link.parent, link.metabolite)
    half = link.fraction / 2
    # A LinearSystem with the other fraction, not a rescaled number.
    system_half = system_with_fractions(data, "flurazepam", {key: half})
    system_data = system_with_fractions(data, "flurazepam")
    wake_data = metabolite_at_wake(data, "flurazepam", "desalkylflurazepam", nights=NIGHTS)
    wake_half = metabolite_at_wake(
        data, "flurazepam", "desalkylflurazepam", {key: half}, nights=NIGHTS
    )
    share_data = share_at_wake(system_data, NIGHTS)
    share_half = share_at_wake(system_half, NIGHTS)
    total_data = summarise(system_data, NIGHTS).hours_total
    total_half = summarise(system_half, NIGHTS).hours_total
    return Answer(
        f"In the data: {fraction_label(link)}. With half of it ({100 * half:g} %), "
        f"desalkylflurazepam at wake-up after night {NIGHTS} falls from **{wake_data:.3f}** to "
        f"**{wake_half:.3f}** of one dose — a ratio of **{wake_half / wake_data:.3f}**, exactly "
        "one half: the metabolite's amount is proportional to the fraction, because the model "
        "is linear and the parent does not depend on it.\n\n"
        f"The other results are not halved. The metabolite's share at wake-up goes from "
        f"{100 * share_data:.1f} % to **{100 * share_half:.1f} %** (the parent is unchanged), "
        f"and the time until 97 % of flurazepam + desalkylflurazepam is gone from "
        f"{total_data:.0f} h to **{total_half:.0f} h** — still dominated by the metabolite's "
        "half-life.",
        {
            "wake_data": wake_data,
            "wake_half": wake_half,
            "ratio": wake_half / wake_data,
            "share_data": share_data,
            "share_half": share_half,
            "hours_total_data": total_data,
            "hours_total_half": total_half,
        },
    )


@exercise("04", 4, "Quazepam: a chain of two metabolites")
def quazepam_chain(data: Dataset) -> Answer:
    oxo = metabolite_peak(data, "quazepam", "2-oxoquazepam")
    des = metabolite_peak(data, "quazepam", "desalkylflurazepam")
    from_quazepam = metabolite_at_wake(data, "quazepam", "desalkylflurazepam", nights=NIGHTS)
    from_flurazepam = metabolite_at_wake(data, "flurazepam", "desalkylflurazepam", nights=NIGHTS)
    return Answer(
        f"After one dose of quazepam, 2-oxoquazepam peaks at **{oxo.peak_h:.0f} h** and "
        f"desalkylflurazepam — formed from 2-oxoquazepam — later, at **{des.peak_h:.0f} h** "
        f"({des.peak_h / 24:.1f} days). Along the chain, {des.fraction_of_dose:g} of the dose "
        f"becomes desalkylflurazepam ({'; '.join(des.labels)}).\n\n"
        f"At wake-up after night {NIGHTS}, desalkylflurazepam is **{from_quazepam:.3f}** of one "
        f"quazepam dose and **{from_flurazepam:.3f}** of one flurazepam dose. It comes later "
        "from quazepam because it must pass through two slow steps first. Both numbers rest "
        "on assumed fractions, and fractions of different drugs' doses are not equal effects.",
        {
            "oxo_peak_h": oxo.peak_h,
            "desalkyl_peak_h": des.peak_h,
            "fraction_of_dose": des.fraction_of_dose,
            "desalkyl_from_quazepam": from_quazepam,
            "desalkyl_from_flurazepam": from_flurazepam,
        },
    )
