"""Notebook 07's answers, recomputed independently of benzopk.

The CSVs are read with the ``csv`` module. Each drug's linked system is written out as
explicit sums of exponentials (the Bateman terms of every path from the dose to a compound);
every definition of ``observations.csv`` is then a closed form over those terms (geometric
series over the doses, the area over an interval as ∫₀^{mτ} of one dose) or an explicit
search over days; the rank agreement is an explicit loop over pairs; the virtual people are
drawn again with numpy from the same seed and their amounts summed night by night, and the
share is also checked against its exact value (the amount rises with the metabolite's
half-life, so the share is a normal tail). No benzopk function computes an expected value.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from scipy.optimize import brentq

from benzopk.answers import answer, exercises_for

DATA = Path(__file__).resolve().parents[2] / "data"
LN2 = math.log(2.0)
LEVEL = 0.5
PEOPLE = 2000
SEED = 7
DELTA = 8.5  # 22:30 → 07:00
TAU = 24.0
NIGHTS = 14

Terms = list[tuple[float, float]]  # (coefficient, rate): Σ c·e^(−r t) after one unit dose


def table(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


DRUGS = {r["name"]: r for r in table("drugs.csv")}
COMPOUNDS = {**DRUGS, **{r["name"]: r for r in table("metabolites.csv")}}
LINKS: dict[str, list[tuple[str, float]]] = {}
for _link in table("metabolite_links.csv"):
    LINKS.setdefault(_link["parent"], []).append(
        (_link["metabolite"], float(_link["fraction_converted"]))
    )


def paths(drug: str, half_lives: dict[str, float]) -> list[tuple[str, float, tuple[float, ...]]]:
    """(compound, input × Π f·k(source), rates from the dosed compound to it) per path."""
    out: list[tuple[str, float, tuple[float, ...]]] = []

    def walk(compound: str, gain: float, rates: tuple[float, ...]) -> None:
        rate = LN2 / half_lives[compound]
        here = (*rates, rate)
        out.append((compound, gain, here))
        for child, fraction in LINKS.get(compound, []):
            walk(child, gain * fraction * rate, here)

    if DRUGS[drug]["prodrug"] == "true":
        for child, fraction in LINKS[drug]:
            walk(child, fraction, ())
    else:
        walk(drug, 1.0, ())
    return out


def terms(
    drug: str, compound: str | None = None, override: dict[str, float] | None = None
) -> Terms:
    """One compound (None: every active compound together) after one unit dose of ``drug``."""
    half_lives = {name: float(row["half_life_h"]) for name, row in COMPOUNDS.items()}
    half_lives.update(override or {})
    out: Terms = []
    for name, gain, rates in paths(drug, half_lives):
        if compound is not None and name != compound:
            continue
        for j, r_j in enumerate(rates):
            denominator = math.prod(r_m - r_j for m, r_m in enumerate(rates) if m != j)
            out.append((gain / denominator, r_j))
    return out


def amount(ts: Terms, t: float) -> float:
    return sum(c * math.exp(-r * t) for c, r in ts)


def level(ts: Terms, doses: int, t: float, tau: float) -> float:
    """``t`` hours after the last of ``doses`` doses every ``tau`` h (geometric series)."""
    return sum(c * math.exp(-r * t) * -math.expm1(-r * tau * doses) / -math.expm1(-r * tau)
               for c, r in ts)  # fmt: skip


def steady(ts: Terms, t: float, tau: float) -> float:
    return sum(c * math.exp(-r * t) / -math.expm1(-r * tau) for c, r in ts)


def area(ts: Terms, doses: int, tau: float) -> float:
    """Area over the interval after dose ``doses``: ∫₀^(doses·τ) of one dose."""
    return sum(c * -math.expm1(-r * doses * tau) / r for c, r in ts)


def predicted(row: dict[str, str], half_life_h: float | None = None) -> float:
    """The model's value of an ``observations.csv`` row, by its definition code."""
    compound = row["compound"]
    chosen = half_life_h or (float(row["group_half_life_h"]) if row["group_half_life_h"] else None)
    override = {compound: chosen} if chosen else {}
    ts = terms(row["drug"], compound, override)
    code = row["definition_code"]
    if code == "own_half_life":
        return override.get(compound, float(COMPOUNDS[compound]["half_life_h"]))
    if code == "terminal_half_life":
        return LN2 / min(r for _, r in ts)
    tau = float(row["interval_h"])
    per_day = round(24 / tau)
    doses = int(row["nights"]) * per_day
    t = float(row["hours_after_dose"]) if row["hours_after_dose"] else tau
    if code == "level_ratio":
        return level(ts, doses, t, tau) / level(ts, 1, t, tau)
    if code == "steady_level_ratio":
        return steady(ts, t, tau) / level(ts, 1, t, tau)
    if code in ("dose_auc_ratio", "not_detected"):
        return area(ts, doses, tau) / area(ts, 1, tau)
    if code == "day_auc_ratio":
        last = sum(area(ts, m, tau) for m in range(doses - per_day + 1, doses + 1))
        return last / sum(area(ts, m, tau) for m in range(1, per_day + 1))
    if code == "days_to_plateau":
        goal = 0.9 * steady(ts, t, tau)
        days = 1
        while level(ts, days * per_day, t, tau) < goal:
            days += 1
        return float(days)
    raise AssertionError(f"no independent rule for {code}")


def miss(row: dict[str, str]) -> float:
    p, o = predicted(row), float(row["observed"])
    return max(p / o, o / p)


def older_men_half_life() -> tuple[float, float]:
    (row,) = [r for r in table("modifiers.csv")
              if r["drug"] == "flurazepam" and r["group"].startswith("elderly men")]  # fmt: skip
    return float(row["half_life_h"]), float(row["control_half_life_h"])


def auc(rows: list[tuple[float, str]]) -> tuple[float, int, int]:
    """Explicit loop over (impaired, not impaired) pairs; ties count one half."""
    yes = [p for p, result in rows if result == "true"]
    no = [p for p, result in rows if result == "false"]
    score = 0.0
    for a in yes:
        for b in no:
            score += 1.0 if a > b else 0.5 if a == b else 0.0
    return score / (len(yes) * len(no)), len(yes), len(no)


def placements() -> list[tuple[str, float, str]]:
    out = []
    for row in table("next_day_studies.csv"):
        if not row["hours_after_dose"] or row["impaired"] == "mixed":
            continue
        ts = terms(row["drug"])
        left = amount(ts, float(row["hours_after_dose"])) / amount(ts, 0.0)
        out.append((row["drug"], left * float(row["relative_dose"]), row["impaired"]))
    return out


# --- the registry -----------------------------------------------------------------------


def test_notebook_07_has_five_exercises() -> None:
    listed = exercises_for("07")
    assert [e.number for e in listed] == [1, 2, 3, 4, 5]
    assert all(e.notebook == "07" and e.title for e in listed)


# --- 7.1 the large misses ---------------------------------------------------------------


def test_7_1_large_misses(dataset) -> None:
    result = answer("07", 1, dataset)
    rows = table("observations.csv")
    large = sorted((r for r in rows if miss(r) > 1.5), key=lambda r: -miss(r))
    near = sorted((r for r in rows if 1.25 < miss(r) <= 1.5), key=lambda r: -miss(r))
    assert result.values["n_observations"] == len(rows)
    assert result.values["n_large_misses"] == len(large)
    expected: dict[str, float] = {}
    for r in large + near:
        expected[f"{r['id']}_ratio"] = predicted(r) / float(r["observed"])
        expected[f"{r['id']}_miss"] = miss(r)
    got = {k: v for k, v in result.values.items() if k.startswith("obs")}
    assert got == pytest.approx(expected, rel=1e-9)
    # the order of the text: the large misses first, largest first, then the near ones
    positions = [result.text.index(f"**{r['id']}**") for r in large + near]
    assert positions == sorted(positions)
    for r in large:
        assert f"**{predicted(r) / float(r['observed']):.2f}**" in result.text


def test_7_1_the_by_hand_rules_reproduce_known_values() -> None:
    """A sanity check of the independent rules themselves (closed forms, by hand)."""
    rows = {r["id"]: r for r in table("observations.csv")}
    q = 2 ** (-24 / 8.6)
    assert predicted(rows["obs06"]) == pytest.approx((1 - q**7) / (1 - q), rel=1e-12)
    assert predicted(rows["obs08"]) == 2.0  # 1 − q^N ≥ 0.9 first at N = 2
    assert miss(rows["obs08"]) == 1.5  # exactly ×1.5: not "more than"
    assert predicted(rows["obs16"]) == float(DRUGS["diazepam"]["half_life_h"])


# --- 7.2 Greenblatt 1981 ----------------------------------------------------------------


def test_7_2_two_predictions_side_by_side(dataset) -> None:
    result = answer("07", 2, dataset)
    (row,) = [r for r in table("observations.csv") if r["id"] == "obs01"]
    older, young = older_men_half_life()
    typical_h = float(COMPOUNDS["desalkylflurazepam"]["half_life_h"])
    expected = {
        "observed": float(row["observed"]),
        "typical_half_life_h": typical_h,
        "older_men_half_life_h": older,
        "predicted_typical": predicted(row),
        "predicted_older_men": predicted(row, older),
    }
    expected["ratio_typical"] = expected["predicted_typical"] / expected["observed"]
    expected["ratio_older_men"] = expected["predicted_older_men"] / expected["observed"]
    assert result.values == pytest.approx(expected, rel=1e-9)
    # one compound after 15 nightly doses is close to the geometric series of its own rate
    q = 2 ** (-24 / older)
    assert expected["predicted_older_men"] == pytest.approx((1 - q**15) / (1 - q), rel=0.01)
    assert young == typical_h
    for key in ("predicted_typical", "predicted_older_men"):
        assert f"**{expected[key]:.2f}**" in result.text
    assert ("between" in result.text) == (
        expected["predicted_typical"] < expected["observed"] < expected["predicted_older_men"]
    )


# --- 7.3 the rank agreement -------------------------------------------------------------


def test_7_3_rank_agreement_with_and_without_zaleplon(dataset) -> None:
    result = answer("07", 3, dataset)
    studies = table("next_day_studies.csv")
    placed = placements()
    every, yes, no = auc([(p, r) for _, p, r in placed])
    rest, rest_yes, rest_no = auc([(p, r) for d, p, r in placed if d != "zaleplon"])
    against, _, _ = auc([(p, r) for d, p, r in placed if d == "zaleplon" or r == "true"])
    expected = {
        "auc": every,
        "n": yes + no,
        "n_impaired": yes,
        "n_not_impaired": no,
        "n_excluded": len(studies) - len(placed),
        "auc_without_zaleplon": rest,
        "n_without_zaleplon": rest_yes + rest_no,
        "n_not_impaired_without_zaleplon": rest_no,
        "zaleplon_rows": sum(r["drug"] == "zaleplon" for r in studies),
        "auc_zaleplon_against_impaired": against,
    }
    assert result.values == pytest.approx(expected, rel=1e-12)
    assert f"**AUC {every:.2f}**" in result.text and f"**n = {yes + no}**" in result.text
    assert f"**AUC {rest:.2f}**" in result.text and f"**n = {rest_yes + rest_no}**" in result.text


# --- 7.4 virtual people -----------------------------------------------------------------


def flurazepam_people(median_h: float) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Night-1 and night-14 totals of every virtual person, the same seed, by hand; and the
    typical person's (every half-life at its median)."""
    row = COMPOUNDS["desalkylflurazepam"]
    sigma = math.log(float(row["half_life_max_h"]) / float(row["half_life_min_h"])) / (
        2 * NormalDist().inv_cdf(0.95)
    )
    assert (
        row["half_life_range_kind"] == "individual" and not DRUGS["flurazepam"]["half_life_min_h"]
    )
    parent_h = float(DRUGS["flurazepam"]["half_life_h"])
    z = np.random.default_rng(SEED).standard_normal((PEOPLE, 2))  # (flurazepam, metabolite)
    metabolite_h = median_h * np.exp(sigma * z[:, 1])  # flurazepam's own: no range, σ = 0
    ((_, f),) = LINKS["flurazepam"]

    def total(km: np.ndarray, nights: int) -> np.ndarray:
        kp = LN2 / parent_h
        out = np.zeros_like(km)
        for j in range(nights):  # explicit superposition over the nights
            t = DELTA + TAU * j
            out += math.exp(-kp * t) + f * kp / (km - kp) * (np.exp(-kp * t) - np.exp(-km * t))
        return out

    km = LN2 / metabolite_h
    middle = np.array([LN2 / median_h])
    return (total(km, 1), total(km, NIGHTS), float(total(middle, 1)[0]),
            float(total(middle, NIGHTS)[0]))  # fmt: skip


def exact_share(median_h: float, nights: int) -> float:
    """P(t½ > t*) with the total at t* equal to the level (the total rises with t½)."""
    row = COMPOUNDS["desalkylflurazepam"]
    sigma = math.log(float(row["half_life_max_h"]) / float(row["half_life_min_h"])) / (
        2 * NormalDist().inv_cdf(0.95)
    )
    parent_h = float(DRUGS["flurazepam"]["half_life_h"])
    ((_, f),) = LINKS["flurazepam"]
    ts_parent = [(1.0, LN2 / parent_h)]

    def gap(log_h: float) -> float:
        kp, km = LN2 / parent_h, LN2 / math.exp(log_h)
        ts = [*ts_parent, (f * kp / (km - kp), kp), (-f * kp / (km - kp), km)]
        return level(ts, nights, DELTA, TAU) - LEVEL

    star = brentq(gap, math.log(parent_h * 1.5), math.log(1e6), xtol=1e-13)
    return 1 - NormalDist().cdf((star - math.log(median_h)) / sigma)


def test_7_4_flurazepam_typical_and_older_men(dataset) -> None:
    result = answer("07", 4, dataset)
    older, young = older_men_half_life()
    typical_h = float(COMPOUNDS["desalkylflurazepam"]["half_life_h"])
    expected: dict[str, float] = {"older_men_median_h": typical_h * older / young}
    for key, median in (("typical", typical_h), ("older_men", typical_h * older / young)):
        night1, night14, person1, person14 = flurazepam_people(median)
        share1, share14 = float(np.mean(night1 > LEVEL)), float(np.mean(night14 > LEVEL))
        expected[f"{key}_night1"] = share1
        expected[f"{key}_night14"] = share14
        expected[f"{key}_se_night1"] = math.sqrt(share1 * (1 - share1) / PEOPLE)
        person = "typical_person" if key == "typical" else "older_men_person"
        expected[f"{person}_night1"] = person1
        expected[f"{person}_night14"] = person14
        for share, nights in ((share1, 1), (share14, NIGHTS)):
            exact = exact_share(median, nights)
            allowed = max(4 * math.sqrt(exact * (1 - exact) / PEOPLE), 2 / PEOPLE)
            assert abs(share - exact) <= allowed, (key, nights, share, exact)
    assert result.values == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert f"**{round(expected['typical_night1'] * PEOPLE)} of {PEOPLE}" in result.text
    assert f"**{round(expected['older_men_night1'] * PEOPLE)} of {PEOPLE}" in result.text
    assert "risk" not in result.text.lower() and "No level is safe" in result.text


# --- 7.5 not comparable between drugs ---------------------------------------------------


def active(drug: str) -> list[str]:
    return sorted({name for name, _, _ in paths(drug, {c: 1.0 for c in COMPOUNDS})})


def varies(name: str) -> bool:
    row = COMPOUNDS[name]
    return row["half_life_range_kind"] == "individual" and float(row["half_life_max_h"]) > float(
        row["half_life_min_h"]
    )


def test_7_5_shares_between_drugs(dataset) -> None:
    result = answer("07", 5, dataset)
    fixed = sorted(d for d in DRUGS if not any(varies(c) for c in active(d)))
    totals = [level(terms(d), NIGHTS, DELTA, TAU) for d in fixed]
    links = table("metabolite_links.csv")
    (flurazepam,) = [r for r in links if r["parent"] == "flurazepam"]
    expected = {
        "n_drugs": len(DRUGS),
        "n_fixed": len(fixed),
        "n_fixed_at_100_percent": sum(t > LEVEL for t in totals),
        "n_fixed_at_0_percent": sum(t <= LEVEL for t in totals),
        "n_assumed_links": sum(r["fraction_basis"] == "assumption" for r in links),
        "n_links": len(links),
        "flurazepam_link_fraction": float(flurazepam["fraction_converted"]),
    }
    assert result.values == expected
    assert ", ".join(fixed) in result.text
    assert "risk" not in result.text.lower() and "No level is safe" in result.text
