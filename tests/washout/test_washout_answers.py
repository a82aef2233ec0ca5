"""Notebook 06's answers, recomputed independently: the closed form ln(1/0.03)/k for one
compound, and for a drug with its metabolite the two-compartment solution written out by hand
(geometric sums over the doses) with roots found by scipy's brentq."""

from __future__ import annotations

import math

import pytest
from scipy.optimize import brentq

from benzopk.answers import answer, exercises_for

TAU = 24.0
LEFT = 0.03
NIGHTS = 14


def single_hours(half_life_h: float) -> float:
    return math.log(1 / LEFT) * half_life_h / math.log(2)


def pair(dataset, drug: str, nights: int | None, which: str = "typical"):
    """Parent and metabolite curves after the last dose; returns (P, M, P0 + M0)."""
    (link,) = dataset.metabolite_tree(drug)

    def rate(name: str) -> float:
        hl = dataset.compound(name).half_life
        value = {"typical": hl.typical_h, "shortest": hl.min_h, "longest": hl.max_h}[which]
        return math.log(2) / value

    kp, km, f = rate(drug), rate(link.metabolite), link.fraction

    def total_of(k: float, first: int) -> float:
        q = math.exp(-k * TAU)
        if nights is None:
            return q**first / (1 - q)
        count = nights - first
        return q**first * (1 - q**count) / (1 - q)

    c = f * kp / (km - kp)
    p0 = total_of(kp, 0)
    m0 = c * (total_of(kp, 1) - total_of(km, 1))

    def parent(s: float) -> float:
        return p0 * math.exp(-kp * s)

    def metabolite(s: float) -> float:
        return m0 * math.exp(-km * s) + c * p0 * (math.exp(-kp * s) - math.exp(-km * s))

    return parent, metabolite, p0 + m0


def washout(curve, far: float = 5000.0) -> tuple[float, float, float]:
    """(peak time, peak, hours until below 3 % of the peak for good)."""
    h = 1e-6

    def slope(s: float) -> float:
        return (curve(s + h) - curve(max(s - h, 0.0))) / (2 * h)

    peak = brentq(slope, h, far, xtol=1e-12) if slope(h) > 0 else 0.0
    reference = curve(peak)
    return peak, reference, brentq(lambda s: curve(s) - LEFT * reference, peak, far, xtol=1e-10)


def total_days(dataset, drug: str, nights: int | None, which: str = "typical") -> float:
    parent, metabolite, _ = pair(dataset, drug, nights, which)
    return washout(lambda s: parent(s) + metabolite(s))[2] / 24


def test_notebook_06_has_five_exercises() -> None:
    assert [e.number for e in exercises_for("06")] == [1, 2, 3, 4, 5]


def test_6_1_five_half_lives(dataset) -> None:
    result = answer("06", 1, dataset)
    assert result.values["half_lives"] == pytest.approx(math.log(1 / LEFT) / math.log(2))
    for name in ("triazolam", "clonazepam"):
        expected = single_hours(dataset.compound(name).half_life.typical_h)
        assert result.values[f"{name}_hours"] == pytest.approx(expected, rel=1e-12)
        assert result.values[f"{name}_hours_night1"] == pytest.approx(expected, rel=1e-12)
        assert f"{expected:.1f} h" in result.text
    assert f"{result.values['half_lives']:.2f} half-lives" in result.text


def test_6_2_diazepam_nordiazepam(dataset) -> None:
    result = answer("06", 2, dataset)
    _, metabolite, _ = pair(dataset, "diazepam", NIGHTS)
    peak, _, nord_hours = washout(metabolite)
    expected = {
        "diazepam_days": single_hours(dataset.compound("diazepam").half_life.typical_h) / 24,
        "nordiazepam_days": nord_hours / 24,
        "nordiazepam_peak_h": peak,
        "total_days": total_days(dataset, "diazepam", NIGHTS),
    }
    assert result.values == pytest.approx(expected, rel=1e-6)
    for key in ("diazepam_days", "nordiazepam_days", "total_days"):
        assert f"**{expected[key]:.1f} days**" in result.text


def test_6_3_flurazepam(dataset) -> None:
    result = answer("06", 3, dataset)
    _, metabolite, reference = pair(dataset, "flurazepam", NIGHTS)
    _, metabolite_peak, metabolite_hours = washout(metabolite)
    expected = {
        "flurazepam_hours": single_hours(dataset.compound("flurazepam").half_life.typical_h),
        "triazolam_hours": single_hours(dataset.compound("triazolam").half_life.typical_h),
        "total_days": total_days(dataset, "flurazepam", NIGHTS),
        "desalkylflurazepam_days": metabolite_hours / 24,
        "total_reference": reference,
        "desalkylflurazepam_reference": metabolite_peak,
    }
    assert result.values == pytest.approx(expected, rel=1e-6)
    assert f"**{expected['total_days']:.1f} days**" in result.text


def test_6_4_number_of_nights(dataset) -> None:
    result = answer("06", 4, dataset)
    expected: dict[str, float] = {}
    for key, nights in (("1", 1), ("14", NIGHTS), ("steady", None)):
        expected[f"reference_{key}"] = pair(dataset, "diazepam", nights)[2]
        expected[f"days_{key}"] = total_days(dataset, "diazepam", nights)
    days = [expected["days_1"], expected["days_14"], expected["days_steady"]]
    expected["spread_days"] = max(days) - min(days)
    assert result.values == pytest.approx(expected, rel=1e-6, abs=1e-7)
    assert expected["reference_1"] == pytest.approx(1.0)
    for value in days:
        assert f"**{value:.1f} days**" in result.text


def test_6_5_half_life_range(dataset) -> None:
    result = answer("06", 5, dataset)
    expected = {
        f"diazepam_{which}_days": total_days(dataset, "diazepam", None, which)
        for which in ("shortest", "typical", "longest")
    }
    assert result.values == pytest.approx(expected, rel=1e-6)
    assert expected["diazepam_shortest_days"] < expected["diazepam_longest_days"]
