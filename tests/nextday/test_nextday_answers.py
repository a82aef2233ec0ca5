"""Notebook 01 (next-day sedation): every worked answer recomputed independently, from the
CSV values through the textbook closed forms (numpy/scipy, not benzopk's model)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

import benzopk as bp
from benzopk.answers import answer, exercises_for

DELTA = 8.5  # 22:30 → 07:00
DATA = Path(__file__).resolve().parents[2] / "data"


def compound(name: str) -> dict[str, str]:
    for file in ("drugs.csv", "metabolites.csv"):
        with (DATA / file).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["name"] == name:
                    return row
    raise KeyError(name)


def wake(t_half: float, nights: int) -> float:
    """Σ_{j<N} 2^(−(Δ + 24j)/t½), summed explicitly."""
    return sum(2 ** (-(DELTA + 24 * j) / t_half) for j in range(nights))


def test_notebook_01_has_five_exercises() -> None:
    assert [e.number for e in exercises_for("01")] == [1, 2, 3, 4, 5]


def test_1_1_temazepam_and_triazolam(dataset: bp.Dataset) -> None:
    values = answer("01", 1, dataset).values
    tem = float(compound("temazepam")["half_life_h"])
    tri = float(compound("triazolam")["half_life_h"])
    assert values["temazepam"] == pytest.approx(2 ** (-DELTA / tem), rel=1e-12)
    assert values["triazolam"] == pytest.approx(2 ** (-DELTA / tri), rel=1e-12)
    assert values["ratio"] == pytest.approx(2 ** (-DELTA / tem) / 2 ** (-DELTA / tri))


def test_1_2_desalkylflurazepam(dataset: bp.Dataset) -> None:
    t_half = float(compound("desalkylflurazepam")["half_life_h"])
    steady = sum(2 ** (-(DELTA + 24 * j) / t_half) for j in range(5000))
    nights = next(n for n in range(1, 1000) if wake(t_half, n) >= 0.9 * steady)
    assert answer("01", 2, dataset).values["nights_to_90pct"] == nights


def test_1_3_only_an_individual_range_moves(dataset: bp.Dataset) -> None:
    values = answer("01", 3, dataset).values
    dia, tri = compound("diazepam"), compound("triazolam")
    assert dia["half_life_range_kind"] == "individual"
    assert tri["half_life_range_kind"] == "study_means"
    assert values["diazepam_shortest"] == pytest.approx(wake(float(dia["half_life_min_h"]), 7))
    assert values["diazepam_longest"] == pytest.approx(wake(float(dia["half_life_max_h"]), 7))
    assert values["triazolam_typical"] == pytest.approx(wake(float(tri["half_life_h"]), 7))


def test_1_4_oral_absorption(dataset: bp.Dataset) -> None:
    values = answer("01", 4, dataset).values
    for name in ("diazepam", "triazolam"):
        row = compound(name)
        t_half, tmax = float(row["half_life_h"]), float(row["tmax_h"])
        k = math.log(2) / t_half
        # ka from tmax = ln(ka/k)/(ka − k), the root with ka > k
        ka = brentq(lambda a, k=k, tmax=tmax: math.log(a / k) / (a - k) - tmax, k * 1.0001, 1e4)

        def bateman(t: float, k: float = k, ka: float = ka) -> float:
            return ka / (ka - k) * (math.exp(-k * t) - math.exp(-ka * t))

        grid = np.linspace(0.0, 24.0, 24 * 60 + 1)
        peak = float(grid[int(np.argmax([bateman(t) for t in grid]))])
        assert values[f"{name}_peak_h"] == pytest.approx(peak, abs=1 / 60 + 1e-9)
        assert values[f"{name}_wake_instant"] == pytest.approx(math.exp(-k * DELTA), rel=1e-12)
        assert values[f"{name}_wake_oral"] == pytest.approx(bateman(DELTA), rel=1e-9)
        assert values[f"{name}_wake_oral"] > values[f"{name}_wake_instant"]  # still absorbing


def test_1_5_names_the_model_limits(dataset: bp.Dataset) -> None:
    text = answer("01", 5, dataset).text
    for words in ("potency", "redistribution", "tolerance", "concentration–effect"):
        assert words in text
