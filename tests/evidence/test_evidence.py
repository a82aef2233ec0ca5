"""Notebook 07's computation, recomputed by hand: each definition in closed form (single
compounds by geometric series, parent → metabolite by summed Bateman terms), the placements
of the next-morning studies, the rank agreement, the tables and the figures.

No test here asserts that a prediction lands near its observation: the point of the
notebook is to show how far it lands, whatever that is.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import benzopk as bp
from benzopk.evidence import (
    VALIDATION_COLUMNS,
    Placement,
    fraction_left,
    next_day_placement,
    next_day_table,
    predict,
    predictions,
    rank_agreement,
    validation_rows,
    validation_table,
)
from benzopk.evidence.figures import NEXT_DAY_CAVEATS, next_day_figure, validation_figure
from benzopk.figure import LABEL_GID
from benzopk.studies import NextDayStudy, Observation


def _obs(dataset: bp.Dataset, obs_id: str) -> Observation:
    return next(o for o in dataset.observations if o.obs_id == obs_id)


def _k(half_life: float) -> float:
    return math.log(2) / half_life


def _bateman(kp: float, km: float, t: float) -> float:
    """Metabolite after one unit dose of the parent (formation fraction 1)."""
    return kp / (km - kp) * (math.exp(-kp * t) - math.exp(-km * t))


def test_every_row_has_a_prediction_and_ratio_is_predicted_over_observed(dataset) -> None:
    rows = validation_rows(dataset)
    assert len(rows) == len(dataset.observations)
    for row in rows:
        assert tuple(row) == VALIDATION_COLUMNS
        assert row["ratio"] == row["predicted"] / row["observed"]
        assert row["predicted"] > 0 and math.isfinite(row["predicted"])


def test_nothing_is_fitted_to_the_observed_value(dataset) -> None:
    for obs in dataset.observations:
        moved = dataclasses.replace(obs, observed=obs.observed * 7.0)
        assert predict(dataset, moved).predicted == predict(dataset, obs).predicted


def test_group_half_life_is_used_exactly_where_the_row_gives_one(dataset) -> None:
    for prediction in predictions(dataset):
        obs = prediction.observation
        expected = "typical" if obs.group_half_life_h is None else "group"
        assert prediction.half_life_used == expected


def test_single_compound_ratios_are_geometric_series(dataset) -> None:
    """Temazepam (group half-life 8.6 h, 7 nightly doses): every ratio definition of one
    compound is (1 − qᴺ)/(1 − q), q = e^(−kτ); at steady state 1/(1 − q)."""
    obs = _obs(dataset, "obs06")
    q = math.exp(-_k(8.6) * 24.0)
    series = (1 - q**7) / (1 - q)
    assert predict(dataset, obs).predicted == pytest.approx(series, rel=1e-12)
    for code in ("level_ratio", "not_detected"):
        other = dataclasses.replace(obs, definition_code=code)
        assert predict(dataset, other).predicted == pytest.approx(series, rel=1e-12)
    steady = dataclasses.replace(obs, definition_code="steady_level_ratio", hours_after_dose=9.0)
    assert predict(dataset, steady).predicted == pytest.approx(1 / (1 - q), rel=1e-12)
    # triazolam's "not detected", typical half-life
    tq = math.exp(-_k(dataset.compound("triazolam").half_life.typical_h) * 24.0)
    triazolam = _obs(dataset, "obs11")
    assert predict(dataset, triazolam).predicted == pytest.approx((1 - tq**7) / (1 - tq))


def test_day_ratio_of_three_doses_a_day_by_hand(dataset) -> None:
    """Clonazepam every 8 h for 7 days: the area over day 7 ÷ day 1. For one compound the
    area over the interval after dose j is proportional to Σ_{i<j} qⁱ."""
    obs = _obs(dataset, "obs12")
    q = math.exp(-_k(40.0) * 8.0)

    def after(j: int) -> float:
        return sum(q**i for i in range(j))

    expected = sum(after(j) for j in (19, 20, 21)) / sum(after(j) for j in (1, 2, 3))
    assert predict(dataset, obs).predicted == pytest.approx(expected, rel=1e-10)


def test_metabolite_trough_ratio_by_summed_bateman_terms(dataset) -> None:
    """Desalkylflurazepam 24 h after the 15th nightly flurazepam dose ÷ 24 h after the 1st:
    superposition of one Bateman curve per dose (the formation fraction cancels)."""
    kp = _k(dataset.compound("flurazepam").half_life.typical_h)
    km = _k(dataset.compound("desalkylflurazepam").half_life.typical_h)
    trough = sum(_bateman(kp, km, 24.0 * (j + 1)) for j in range(15))
    expected = trough / _bateman(kp, km, 24.0)
    assert predict(dataset, _obs(dataset, "obs01")).predicted == pytest.approx(expected, rel=1e-9)
    plateau = sum(_bateman(kp, km, 24.0 * (j + 1)) for j in range(20000))
    steady = predict(dataset, _obs(dataset, "obs02")).predicted
    assert steady == pytest.approx(plateau / _bateman(kp, km, 24.0), rel=1e-9)


def test_days_to_plateau_by_hand(dataset) -> None:
    """The first day whose trough reaches 90 % of the steady-state trough: one compound
    ⌈ln 10/(kτ)⌉; the metabolite by summing Bateman terms day by day."""
    temazepam = predict(dataset, _obs(dataset, "obs08")).predicted
    assert temazepam == math.ceil(math.log(10) / (_k(8.6) * 24.0))
    kp = _k(dataset.compound("flurazepam").half_life.typical_h)
    km = _k(dataset.compound("desalkylflurazepam").half_life.typical_h)
    troughs = np.cumsum([_bateman(kp, km, 24.0 * (j + 1)) for j in range(5000)])
    first = int(np.argmax(troughs >= 0.9 * troughs[-1])) + 1
    assert predict(dataset, _obs(dataset, "obs03")).predicted == first


def test_half_lives_of_the_washout(dataset) -> None:
    assert predict(dataset, _obs(dataset, "obs07")).predicted == pytest.approx(8.6, rel=1e-12)
    diazepam = dataset.compound("diazepam").half_life.typical_h
    nordiazepam = dataset.compound("nordiazepam").half_life.typical_h
    assert predict(dataset, _obs(dataset, "obs15")).predicted == pytest.approx(diazepam)
    own = _obs(dataset, "obs17")
    assert predict(dataset, own).predicted == pytest.approx(nordiazepam)
    # the terminal phase of a metabolite is the slower of it and what forms it
    terminal = dataclasses.replace(own, definition_code="terminal_half_life")
    expected = max(diazepam, nordiazepam)
    assert predict(dataset, terminal).predicted == pytest.approx(expected)
    slow_parent = dataclasses.replace(terminal, group_half_life_h=20.0)
    assert predict(dataset, slow_parent).predicted == pytest.approx(diazepam)


def test_fraction_of_peak_by_hand(dataset) -> None:
    """One compound: e^(−k·t) (its peak is the dose); a metabolite: the Bateman curve over
    its value at t* = ln(kp/km)/(kp − km)."""
    base = dataclasses.replace(
        _obs(dataset, "obs07"), quantity="fraction_of_peak_at_hour",
        definition_code="fraction_of_peak", hours_after_dose=10.0,
    )  # fmt: skip
    assert predict(dataset, base).predicted == pytest.approx(math.exp(-_k(8.6) * 10.0))
    kp = _k(dataset.compound("flurazepam").half_life.typical_h)
    km = _k(dataset.compound("desalkylflurazepam").half_life.typical_h)
    peak_time = math.log(kp / km) / (kp - km)
    metabolite = dataclasses.replace(
        base, drug="flurazepam", compound="desalkylflurazepam", group_half_life_h=None,
        hours_after_dose=48.0,
    )  # fmt: skip
    expected = _bateman(kp, km, 48.0) / _bateman(kp, km, peak_time)
    assert predict(dataset, metabolite).predicted == pytest.approx(expected, rel=1e-9)


def test_placements_by_hand(dataset) -> None:
    """One compound: 2^(−t/t½) × relative dose; a drug with a metabolite: parent plus
    metabolite, each as a fraction of the dose."""
    placements = next_day_placement(dataset)
    assert len(placements) == len(dataset.next_day_studies)
    for p in placements:
        hours = p.study.hours_after_dose
        if hours is None:
            assert p.fraction_left is None and p.placement is None
            continue
        if p.study.drug in ("zopiclone", "zolpidem", "zaleplon", "eszopiclone"):
            t_half = dataset.compound(p.study.drug).half_life.typical_h
            assert p.fraction_left == pytest.approx(2 ** (-hours / t_half), rel=1e-12)
        assert p.placement == pytest.approx(p.fraction_left * p.study.relative_dose)
    kp = _k(dataset.compound("diazepam").half_life.typical_h)
    km = _k(dataset.compound("nordiazepam").half_life.typical_h)
    expected = math.exp(-kp * 10.0) + _bateman(kp, km, 10.0)  # formation fraction 1
    assert fraction_left(dataset, "diazepam", 10.0) == pytest.approx(expected, rel=1e-12)


def _placement(impaired: str, value: float | None) -> Placement:
    study = NextDayStudy(
        "zolpidem", 1.0, "synthetic", None if value is None else 8.0, "test", impaired,
        None, "", None, bp.data.SourceRef("doc", "s"),
    )  # fmt: skip
    return Placement(study, value, value)


def test_rank_agreement_counts_pairs_and_ties() -> None:
    placements = [
        _placement("true", 0.4), _placement("true", 0.2), _placement("false", 0.2),
        _placement("false", 0.1), _placement("false", 0.05), _placement("mixed", 0.3),
        _placement("true", None),
    ]  # fmt: skip
    agreement = rank_agreement(placements)
    # pairs: 0.4 beats all 3; 0.2 ties one and beats two → (3 + 2 + 0.5) / 6
    assert agreement.auc == pytest.approx(5.5 / 6)
    assert agreement.rank_biserial == pytest.approx(2 * 5.5 / 6 - 1)
    assert (agreement.n_impaired, agreement.n_not_impaired, agreement.n_excluded) == (2, 3, 2)
    assert agreement.n == 5
    reversed_ = rank_agreement([_placement("true", 0.1), _placement("false", 0.9)])
    assert reversed_.auc == 0.0 and reversed_.rank_biserial == -1.0
    with pytest.raises(ValueError, match="impaired and not-impaired"):
        rank_agreement([_placement("true", 0.1)])


def test_rank_agreement_of_the_real_studies_has_its_n(dataset) -> None:
    placements = next_day_placement(dataset)
    agreement = rank_agreement(placements)
    drawn = [p for p in placements if p.placement is not None and p.study.impaired != "mixed"]
    assert agreement.n == len(drawn) >= 10
    assert agreement.n + agreement.n_excluded == len(placements)
    assert 0.0 <= agreement.auc <= 1.0


def test_tables_round_to_three_digits_and_show_missing_hours(dataset) -> None:
    text = validation_table(validation_rows(dataset))
    lines = text.strip().splitlines()
    assert lines[0] == "| " + " | ".join(VALIDATION_COLUMNS) + " |"
    assert len(lines) == 2 + len(dataset.observations)
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        for value in cells[6:9]:
            assert len(value.replace(".", "").lstrip("0").split("e")[0]) <= 3, value
    table = next_day_table(next_day_placement(dataset))
    assert "| drug | relative dose | hours after dose |" in table
    assert "—" in table and "NOT FOR DOSING" not in table


def test_figures_are_labelled_and_say_what_they_do_not_mean(dataset) -> None:
    fig = validation_figure(predictions(dataset))
    assert any(t.get_gid() == LABEL_GID for t in fig.texts)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert bp.LABEL_TEXT in fig.alt_text
    placements = next_day_placement(dataset)
    day = next_day_figure(placements, rank_agreement(placements))
    assert any(t.get_gid() == LABEL_GID for t in day.texts)
    drawn = " ".join(t.get_text() for t in day.findobj(lambda a: hasattr(a, "get_text")))
    for caveat in NEXT_DAY_CAVEATS:
        assert caveat in drawn and caveat in day.alt_text
    assert "not detected" in drawn.lower() and "not comparable potencies" in drawn
    with pytest.raises(ValueError):
        validation_figure([])
