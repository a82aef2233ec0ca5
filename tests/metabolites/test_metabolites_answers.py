"""Notebook 04 (active metabolites): every worked answer recomputed independently.

The reference values come straight from the dataset's half-lives and link fractions through
the textbook closed forms (Bateman functions written out with numpy, roots with scipy's
brentq, nightly doses summed explicitly), not through benzopk.metabolites or LinearSystem.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

import benzopk as bp
from benzopk.answers import answer, exercises_for

NIGHTS = 14
WAKE_H = 8.5  # 22:30 → 07:00
REMAINING = 0.03
TOL_H = 2e-3  # hours: the answers use a one-minute grid with interpolation


def k(data: bp.Dataset, name: str) -> float:
    return math.log(2) / data.compound(name).half_life.typical_h


def fraction(data: bp.Dataset, parent: str, metabolite: str) -> float:
    (link,) = [lk for lk in data.links if lk.parent == parent and lk.metabolite == metabolite]
    return link.fraction


def two(k1: float, k2: float, f: float):
    """Parent and metabolite after one unit dose into the parent."""

    def parent(t: np.ndarray | float) -> np.ndarray | float:
        return np.exp(-k1 * np.asarray(t))

    def metabolite(t: np.ndarray | float) -> np.ndarray | float:
        t = np.asarray(t)
        return f * k1 / (k2 - k1) * (np.exp(-k1 * t) - np.exp(-k2 * t))

    return parent, metabolite


def nightly(curve, t: float, nights: int = NIGHTS) -> float:
    """Sum of single-dose responses for doses at 0, 24, … h (those before t)."""
    lags = t - 24.0 * np.arange(nights)
    return float(np.sum(curve(lags[lags >= 0])))


def time_to(total, level: float = REMAINING, hi: float = 5000.0) -> float:
    return float(brentq(lambda t: float(total(t)) - level, 1e-6, hi, xtol=1e-10))


@pytest.fixture(scope="module")
def data() -> bp.Dataset:
    return bp.load_dataset()


def test_notebook_04_has_four_exercises() -> None:
    assert [e.number for e in exercises_for("04")] == [1, 2, 3, 4]


def test_4_1_diazepam(data: bp.Dataset) -> None:
    k1, k2 = k(data, "diazepam"), k(data, "nordiazepam")
    parent, met = two(k1, k2, fraction(data, "diazepam", "nordiazepam"))
    values = answer("04", 1, data).values
    hours_parent = math.log(1 / REMAINING) / k1
    hours_total = time_to(lambda t: parent(t) + met(t))
    peak = math.log(k1 / k2) / (k1 - k2)
    assert values["hours_parent"] == pytest.approx(hours_parent, abs=TOL_H)
    assert values["hours_total"] == pytest.approx(hours_total, abs=TOL_H)
    assert values["ratio"] == pytest.approx(hours_total / hours_parent, rel=1e-5)
    assert values["peak_h"] == pytest.approx(peak, abs=TOL_H)
    assert values["peak_amount"] == pytest.approx(float(met(peak)), rel=1e-8)


def test_4_2_clorazepate(data: bp.Dataset) -> None:
    """A prodrug: each dose enters as nordiazepam (link fraction); no parent circulates."""
    assert data.compound("clorazepate").prodrug
    f = fraction(data, "clorazepate", "nordiazepam")
    k2 = k(data, "nordiazepam")

    def nordiazepam(t: np.ndarray | float) -> np.ndarray | float:
        return f * np.exp(-k2 * np.asarray(t))

    values = answer("04", 2, data).values
    wake = 24.0 * (NIGHTS - 1) + WAKE_H
    assert values["share_at_wake"] == 1.0
    assert values["nordiazepam_at_wake"] == pytest.approx(nightly(nordiazepam, wake), rel=1e-9)
    assert values["hours_total"] == pytest.approx(time_to(nordiazepam), abs=TOL_H)
    k1 = k(data, "diazepam")
    _, met = two(k1, k2, fraction(data, "diazepam", "nordiazepam"))
    assert values["nordiazepam_from_diazepam"] == pytest.approx(nightly(met, wake), rel=1e-9)


def test_4_3_flurazepam_half_fraction(data: bp.Dataset) -> None:
    k1, k2 = k(data, "flurazepam"), k(data, "desalkylflurazepam")
    f = fraction(data, "flurazepam", "desalkylflurazepam")
    values = answer("04", 3, data).values
    wake = 24.0 * (NIGHTS - 1) + WAKE_H
    for key, frac in (("data", f), ("half", f / 2)):
        parent, met = two(k1, k2, frac)
        p, m = nightly(parent, wake), nightly(met, wake)
        assert values[f"wake_{key}"] == pytest.approx(m, rel=1e-9)
        assert values[f"share_{key}"] == pytest.approx(m / (p + m), rel=1e-9)
        assert values[f"hours_total_{key}"] == pytest.approx(
            time_to(lambda t, parent=parent, met=met: parent(t) + met(t)), abs=TOL_H
        )
    assert values["ratio"] == pytest.approx(0.5, rel=1e-12)


def test_4_4_quazepam_chain(data: bp.Dataset) -> None:
    k1, k2, k3 = k(data, "quazepam"), k(data, "2-oxoquazepam"), k(data, "desalkylflurazepam")
    f1 = fraction(data, "quazepam", "2-oxoquazepam")
    f2 = fraction(data, "2-oxoquazepam", "desalkylflurazepam")
    rates = (k1, k2, k3)

    def oxo(t: np.ndarray | float) -> np.ndarray:
        t = np.asarray(t)
        return f1 * k1 / (k2 - k1) * (np.exp(-k1 * t) - np.exp(-k2 * t))

    def desalkyl(t: np.ndarray | float) -> np.ndarray:
        t = np.asarray(t)
        total = np.zeros_like(t, dtype=float)
        for j, r in enumerate(rates):
            others = [q for i, q in enumerate(rates) if i != j]
            total = total + np.exp(-r * t) / np.prod([q - r for q in others])
        return f1 * f2 * k1 * k2 * total

    values = answer("04", 4, data).values
    assert values["oxo_peak_h"] == pytest.approx(math.log(k1 / k2) / (k1 - k2), abs=TOL_H)
    # d/dt desalkyl = f2·k2·oxo − k3·desalkyl vanishes at its peak.
    peak = brentq(lambda t: f2 * k2 * float(oxo(t)) - k3 * float(desalkyl(t)), 10.0, 1000.0)
    assert values["desalkyl_peak_h"] == pytest.approx(peak, abs=TOL_H)
    assert values["fraction_of_dose"] == pytest.approx(f1 * f2)
    wake = 24.0 * (NIGHTS - 1) + WAKE_H
    assert values["desalkyl_from_quazepam"] == pytest.approx(nightly(desalkyl, wake), rel=1e-8)
    _, met = two(k(data, "flurazepam"), k3, fraction(data, "flurazepam", "desalkylflurazepam"))
    assert values["desalkyl_from_flurazepam"] == pytest.approx(nightly(met, wake), rel=1e-9)


def test_answers_state_the_fractions_as_assumptions(data: bp.Dataset) -> None:
    for number in (1, 2, 3, 4):
        text = answer("04", number, data).text
        assert "assumed" in text or "assumption" in text
