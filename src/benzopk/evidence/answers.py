"""Worked answers for notebook 07, does the model hold up (exercises 7.1–7.3; 7.4 and 7.5,
people not averages, are in :mod:`benzopk.population.answers`).

Every number comes from :mod:`benzopk.evidence.compute`; nothing is fitted to an
observation, and no answer says anything about doses. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..answers import Answer, exercise
from ..data import Dataset
from .compute import (
    MISS_FACTOR,
    Prediction,
    large_misses,
    miss_factor,
    next_day_placement,
    observation,
    predict,
    predictions,
    rank_agreement,
    without_drug,
)

#: Misses between this factor and :data:`MISS_FACTOR` are listed as near misses.
NEAR_FACTOR = 1.25
#: Why each row misses, in words (rows without an entry point to the notebook's section 2).
REASONS = {
    "obs01": "the typical desalkylflurazepam half-life (74 h) is the same study's mean for "
    "young men, but the observed ratio pools 18 people aged 19–85, among them older men "
    "with a mean of 160 h: the group is slower than the typical value (exercise 7.2); the "
    "abstract does not define its 'cumulation ratio' either",
    "obs03": "the label's 'plateau after 7 to 10 days' (8.5 is its midpoint) is read by eye; "
    "the model counts days to 90 % of the steady state, and the group is not described",
    "obs08": "a count of whole days (3 against 2) read off the predose levels by eye, "
    "against the model's 90 % criterion; one day is a large ratio of a small number",
    "obs15": "young adults are faster than the typical diazepam half-life, which comes from "
    "other studies and other ages: the same typical value is used for every group",
    "obs16": "one typical diazepam half-life stands for every age, but in older people "
    "diazepam spreads into a larger volume of distribution (t½ = ln 2 · V / CL), so its "
    "half-life is longer: the group is older and slower than the typical value",
    "obs17": "as obs15, for the metabolite nordiazepam: the young group is faster than the "
    "typical value",
    "obs18": "as obs16, for the metabolite nordiazepam: the older group is slower than the "
    "typical value",
}


def _line(p: Prediction) -> str:
    obs = p.observation
    why = REASONS.get(obs.obs_id, "see the discussion in section 2")
    return (
        f"- **{obs.obs_id}** ({obs.drug}, {obs.compound}, {obs.group}): observed "
        f"{obs.observed:.3g}, predicted {p.predicted:.3g}, predicted ÷ observed "
        f"**{p.ratio:.2f}** (misses by ×{miss_factor(p):.2f}) — {why}."
    )


@exercise("07", 1, "The observations the model misses by more than ×1.5")
def large_misses_answer(data: Dataset) -> Answer:
    every = predictions(data)
    large = large_misses(every, MISS_FACTOR)
    near = [p for p in large_misses(every, NEAR_FACTOR) if p not in large]
    values: dict[str, float] = {"n_observations": len(every), "n_large_misses": len(large)}
    for p in [*large, *near]:
        values[f"{p.observation.obs_id}_ratio"] = p.ratio
        values[f"{p.observation.obs_id}_miss"] = miss_factor(p)
    lines = "\n".join(_line(p) for p in large) or "- none"
    near_lines = "\n".join(_line(p) for p in near) or "- none"
    return Answer(
        f"Of {len(every)} observations, **{len(large)}** miss by more than ×{MISS_FACTOR:g} "
        f"either way (predicted ÷ observed above {MISS_FACTOR:g} or below "
        f"{1 / MISS_FACTOR:.3g}):\n\n{lines}\n\nNear misses, between ×{NEAR_FACTOR:g} and "
        f"×{MISS_FACTOR:g} (a miss of exactly ×{MISS_FACTOR:g} is not counted above):\n\n"
        f"{near_lines}\n\nNothing was fitted: every prediction uses the typical half-lives "
        "of the data (or the half-life the same study measured in its group). The large "
        "misses are groups whose half-lives differ from the typical value, and definitions "
        "that the model can only approximate — not errors of arithmetic. Where a group is "
        "older or slower than the typical adult, the model underestimates what stays in the "
        "body.",
        values,
    )


@exercise("07", 2, "Greenblatt 1981: the typical half-life or the older men's")
def greenblatt_accumulation(data: Dataset) -> Answer:
    obs = observation(data, "obs01")
    older = next(
        m
        for m in data.modifiers_for(obs.drug)
        if m.compound_name == obs.compound and m.group.startswith("elderly men")
    )
    assert older.half_life_h is not None and older.control_half_life_h is not None
    typical_h = data.compound(obs.compound).half_life.typical_h
    typical = predict(data, obs)
    slower = predict(data, obs, half_life_h=older.half_life_h)
    return Answer(
        f"The study reports a desalkylflurazepam accumulation ratio of **{obs.observed:g}** "
        f"over {obs.nights} nightly doses, pooled over {obs.group}. With the typical "
        f"half-life of the data ({typical_h:g} h, the same study's mean for young men) the "
        f"model predicts **{typical.predicted:.2f}** (predicted ÷ observed "
        f"{typical.ratio:.2f}); with the older men's mean from the same study "
        f"({older.half_life_h:g} h against {older.control_half_life_h:g} h in young men) it "
        f"predicts **{slower.predicted:.2f}** ({slower.ratio:.2f}). The observation lies "
        f"{'between' if typical.predicted < obs.observed < slower.predicted else 'outside'} "
        "the two. A pooled group of young and old men and women has no single half-life: "
        "the typical value describes its fastest subgroup, the older men's value its "
        "slowest. Choosing the half-life that would reproduce the observed ratio would be "
        "fitting the model to the very number it is checked against, so the check would "
        "no longer check anything; the honest result is the two predictions side by side.",
        {
            "observed": obs.observed,
            "typical_half_life_h": typical_h,
            "older_men_half_life_h": older.half_life_h,
            "predicted_typical": typical.predicted,
            "predicted_older_men": slower.predicted,
            "ratio_typical": typical.ratio,
            "ratio_older_men": slower.ratio,
        },
    )


@exercise("07", 3, "The rank agreement, with and without zaleplon")
def agreement_without_zaleplon(data: Dataset) -> Answer:
    placements = next_day_placement(data)
    every = rank_agreement(placements)
    rest = rank_agreement(without_drug(placements, "zaleplon"))
    zaleplon = len(placements) - len(without_drug(placements, "zaleplon"))
    against = rank_agreement(
        [p for p in placements if p.study.drug == "zaleplon" or p.study.impaired == "true"]
    )
    half_life = data.compound("zaleplon").half_life.typical_h
    return Answer(
        f"With every study that gives the hours and a clear result: **AUC {every.auc:.2f}** "
        f"over **n = {every.n}** studies ({every.n_impaired} impaired, "
        f"{every.n_not_impaired} not; {every.n_excluded} left out). Without the "
        f"{zaleplon} zaleplon rows ({every.n_not_impaired - rest.n_not_impaired} of them "
        f"not impaired, {every.n_impaired - rest.n_impaired} impaired): **AUC "
        f"{rest.auc:.2f}** over "
        f"**n = {rest.n}** ({rest.n_impaired} impaired, {rest.n_not_impaired} not). "
        f"Zaleplon's typical half-life is {half_life:g} h, so its placements are among the "
        "lowest, and in "
        f"{100 * against.auc:.0f} % of the {against.n_impaired * against.n_not_impaired} pairs of "
        "a zaleplon row and an impaired study the impaired study is placed higher: one "
        f"drug carries much of the agreement, and only {rest.n_not_impaired} not-impaired "
        "studies are left to compare. The agreement compares studies of different drugs, tests, "
        "people and eras; potency and tolerance do not enter a placement; several rows "
        "share a study or pool others. It describes how these rows line up, not what a "
        "fraction of a dose does, and a study that detected no impairment never shows that "
        "a drug is safe.",
        {
            "auc": every.auc,
            "n": every.n,
            "n_impaired": every.n_impaired,
            "n_not_impaired": every.n_not_impaired,
            "n_excluded": every.n_excluded,
            "auc_without_zaleplon": rest.auc,
            "n_without_zaleplon": rest.n,
            "n_not_impaired_without_zaleplon": rest.n_not_impaired,
            "zaleplon_rows": zaleplon,
            "auc_zaleplon_against_impaired": against.auc,
        },
    )
