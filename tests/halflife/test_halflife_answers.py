"""Notebook 02's worked answers, recomputed independently with closed forms from the data."""

from __future__ import annotations

import math

import numpy as np
import pytest

import benzopk as bp
from benzopk.answers import answer, exercises_for

SLEEP_H = 8.5  # 22:30 → 07:00, the notebook's default night


def typical(dataset: bp.Dataset, name: str) -> float:
    return dataset.compound(name).half_life.typical_h


def test_notebook_02_has_five_registered_exercises() -> None:
    assert [e.number for e in exercises_for("02")] == [1, 2, 3, 4, 5]


def test_2_1_reading_temazepam(dataset: bp.Dataset) -> None:
    t_half = typical(dataset, "temazepam")
    result = answer("02", 1, dataset)
    assert result.values["half_life_h"] == pytest.approx(t_half)
    # 1 → 1/8 is three halvings: solve 2^(−t/t½) = 1/8 on a fine grid, independently.
    grid = np.linspace(0, 10 * t_half, 2_000_001)
    crossing = grid[np.argmin(np.abs(0.5 ** (grid / t_half) - 0.125))]
    assert result.values["hours_to_one_eighth"] == pytest.approx(crossing, abs=1e-4)
    assert result.values["half_life_from_points_h"] == pytest.approx(t_half, rel=1e-12)
    assert result.values["k_per_h"] == pytest.approx(math.log(2) / t_half)
    assert result.values["percent_per_hour"] == pytest.approx(100 * (1 - 2 ** (-1 / t_half)))
    assert f"{t_half:g} h" in result.text and f"{3 * t_half:g} h" in result.text


def test_2_2_volume_and_clearance(dataset: bp.Dataset) -> None:
    values = answer("02", 2, dataset).values
    t_a = math.log(2) * 1.0 / 0.1  # drug A: volume 1, clearance 0.1 volumes per hour
    assert values["t_half_a"] == pytest.approx(t_a)
    assert values["t_half_d"] == pytest.approx(4 * t_a)
    assert values["t_half_e"] == pytest.approx(t_a)
    assert values["d_left_after_t_half_a"] == pytest.approx(2**-0.25)


def test_2_3_five_half_lives(dataset: bp.Dataset) -> None:
    result = answer("02", 3, dataset)
    values = result.values
    assert values["half_lives_97"] == pytest.approx(math.log(1 / 0.03) / math.log(2))
    assert values["half_lives_97"] == pytest.approx(5.0589, abs=1e-4)
    assert values["half_lives_99"] == pytest.approx(math.log2(100))
    for name in ("triazolam", "nordiazepam"):
        t_half = typical(dataset, name)
        hours = values[f"{name}_hours_97"]
        assert hours == pytest.approx(t_half * math.log2(1 / 0.03))
        assert 2 ** (-hours / t_half) == pytest.approx(0.03)
        assert f"{hours:.1f} h" in result.text


def test_2_4_slider_targets(dataset: bp.Dataset) -> None:
    result = answer("02", 4, dataset)
    half = result.values["half_life_half_at_wake"]
    quarter = result.values["half_life_quarter_at_wake"]
    assert half == pytest.approx(SLEEP_H)
    assert quarter == pytest.approx(SLEEP_H / 2)
    assert math.exp(-math.log(2) / half * SLEEP_H) == pytest.approx(0.5)
    assert math.exp(-math.log(2) / quarter * SLEEP_H) == pytest.approx(0.25)
    # The named compounds are the nearest by ratio, recomputed over the whole dataset.
    for target in (half, quarter):
        ratios = {
            name: abs(math.log(typical(dataset, name) / target)) for name in dataset.compounds
        }
        nearest = min(ratios, key=lambda n: (ratios[n], n))
        assert f"{nearest} (typical t½ {typical(dataset, nearest):g} h" in result.text


def test_2_5_is_a_text_answer(dataset: bp.Dataset) -> None:
    result = answer("02", 5, dataset)
    assert "redistribution" in result.text and result.values == {}


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_answers_name_no_mass_units(dataset: bp.Dataset, number: int) -> None:
    text = answer("02", number, dataset).text
    for unit in (" mg", "mg/", "ng/", "µg", "mL"):
        assert unit not in text
