"""The library functions notebook 07 added: large misses, the what-if half-life, one drug
left out of the rank agreement, and the Markdown built from computed results."""

from __future__ import annotations

import dataclasses

import pytest

import benzopk as bp
from benzopk.evidence import (
    agreement_text,
    large_misses,
    miss_factor,
    misses_table,
    next_day_placement,
    next_day_table,
    observation,
    predict,
    predictions,
    rank_agreement,
    without_drug,
)
from benzopk.population import groups_markdown, population_groups, simulate_population


def test_miss_factor_is_symmetric_and_large_misses_are_sorted(dataset: bp.Dataset) -> None:
    every = predictions(dataset)
    for p in every:
        assert miss_factor(p) == pytest.approx(max(p.ratio, 1 / p.ratio), rel=1e-12)
        assert miss_factor(p) >= 1
    chosen = large_misses(every, 1.25)
    factors = [miss_factor(p) for p in chosen]
    assert factors == sorted(factors, reverse=True) and all(f > 1.25 for f in factors)
    assert {p.observation.obs_id for p in large_misses(every, 1.0)} <= {
        p.observation.obs_id for p in every
    }
    assert large_misses(every, 1e9) == []
    with pytest.raises(ValueError):
        large_misses(every, 0.5)


def test_a_given_half_life_replaces_the_typical_or_group_value(dataset: bp.Dataset) -> None:
    obs = observation(dataset, "obs07")  # a terminal half-life: the value itself comes back
    assert predict(dataset, obs, half_life_h=20.0).predicted == pytest.approx(20.0, rel=1e-12)
    assert predict(dataset, obs, half_life_h=20.0).half_life_used == "given"
    assert predict(dataset, obs).half_life_used == "group"
    moved = dataclasses.replace(obs, observed=obs.observed * 3)
    assert predict(dataset, moved, 20.0).predicted == predict(dataset, obs, 20.0).predicted
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError):
            predict(dataset, obs, half_life_h=bad)
    with pytest.raises(ValueError):
        observation(dataset, "obs99")


def test_one_drug_left_out_and_the_agreement_in_words(dataset: bp.Dataset) -> None:
    placements = next_day_placement(dataset)
    rest = without_drug(placements, "zaleplon")
    assert rest and all(p.study.drug != "zaleplon" for p in rest)
    assert len(rest) < len(placements)
    agreement = rank_agreement(placements)
    text = agreement_text(agreement)
    assert f"AUC {agreement.auc:.2f}" in text and f"n = {agreement.n} studies" in text
    assert "not a test" in text
    table = next_day_table(placements, agreement)
    assert table.startswith(text) and table._repr_markdown_() == str(table)
    assert next_day_table(placements).startswith("| drug |")


def test_misses_table_and_its_empty_case(dataset: bp.Dataset) -> None:
    chosen = large_misses(predictions(dataset), 1.5)
    table = misses_table(chosen)
    assert table.count("\n") == len(chosen) + 2
    for p in chosen:
        assert f"| {p.observation.obs_id} |" in table
    assert "No observation" in misses_table([])


def test_groups_markdown_sets_results_side_by_side(dataset: bp.Dataset) -> None:
    older = next(g for g in population_groups(dataset, "flurazepam") if "elderly men" in g.group)
    typical = simulate_population(dataset, "flurazepam", people=200, nights=3)
    group = simulate_population(dataset, "flurazepam", older, people=200, nights=3)
    text = groups_markdown(typical, group)
    assert "typical adult" in text and older.group in text
    assert f"{typical.share_night1.above} of 200" in text
    assert "No level is safe" in text and "risk" not in text.lower()
    with pytest.raises(ValueError):
        groups_markdown()
