"""Washout after the last dose: closed forms, an independent two-compartment solution, the
three-compartment chain against direct superposition, the table and the figure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

import benzopk as bp
from benzopk.figure import LABEL_GID
from benzopk.formulas import elimination_rate
from benzopk.model import Compartment, LinearSystem
from benzopk.timeline import nightly_dose_times
from benzopk.washout.compute import (
    REMAINING_FRACTION,
    TOTAL,
    WASHOUT_COLUMNS,
    drug_washout,
    grid_washout,
    state_after_last_dose,
    washout_rows,
)
from benzopk.washout.figures import washout_figure

TAU = 24.0


def two_compartment(kp: float, km: float, f: float, nights: int | None):
    """Parent + metabolite after the last of ``nights`` instant doses, by hand.

    Returns P(s), M(s) as functions of hours after the last dose, and (P0, M0).
    """

    def geometric(k: float, first: int, count: int | None) -> float:
        # Σ_{j=first}^{first+count-1} e^{−kjτ}; count None = to infinity
        q = math.exp(-k * TAU)
        head = q**first
        return head / (1 - q) if count is None else head * (1 - q**count) / (1 - q)

    p0 = geometric(kp, 0, nights)
    c = f * kp / (km - kp)
    later = None if nights is None else nights - 1
    m0 = c * (geometric(kp, 1, later) - geometric(km, 1, later))

    def parent(s: float) -> float:
        return p0 * math.exp(-kp * s)

    def metabolite(s: float) -> float:
        return m0 * math.exp(-km * s) + c * p0 * (math.exp(-kp * s) - math.exp(-km * s))

    return parent, metabolite, (p0, m0)


def peak_and_crossing(curve, slope_scale: float) -> tuple[float, float, float]:
    """(peak time, peak value, time after which curve < 3 % of the peak) by root finding."""
    h = 1e-6

    def slope(s: float) -> float:
        return (curve(s + h) - curve(max(s - h, 0.0))) / (2 * h)

    peak = 0.0 if slope(h) <= 0 else brentq(slope, h, 50 / slope_scale, xtol=1e-12)
    reference = curve(peak)
    crossing = brentq(
        lambda s: curve(s) - REMAINING_FRACTION * reference, peak, 200 / slope_scale, xtol=1e-10
    )
    return peak, reference, crossing


@pytest.mark.parametrize("drug", ["diazepam", "flurazepam", "clobazam"])
@pytest.mark.parametrize("nights", [1, 3, 14, None])
def test_two_compartment_washout_matches_root_finding(dataset, drug: str, nights) -> None:
    (link,) = dataset.metabolite_tree(drug)
    kp = math.log(2) / dataset.compound(drug).half_life.typical_h
    km = math.log(2) / dataset.compound(link.metabolite).half_life.typical_h
    parent, metabolite, (p0, m0) = two_compartment(kp, km, link.fraction, nights)
    result = drug_washout(dataset, drug, nights).by_name

    np.testing.assert_allclose(result[drug].reference, p0, rtol=1e-12)
    assert result[drug].hours == pytest.approx(math.log(1 / 0.03) / kp, rel=1e-12)

    peak, reference, crossing = peak_and_crossing(metabolite, km)
    assert result[link.metabolite].reference == pytest.approx(reference, rel=1e-9)
    assert result[link.metabolite].peak_h == pytest.approx(peak, abs=1e-3)
    assert result[link.metabolite].hours == pytest.approx(crossing, rel=1e-8)

    def total(s: float) -> float:
        return parent(s) + metabolite(s)

    peak, reference, crossing = peak_and_crossing(total, km)
    assert peak == 0.0 and result[TOTAL].peak_h == 0.0  # the total only falls
    assert result[TOTAL].reference == pytest.approx(p0 + m0, rel=1e-12)
    assert result[TOTAL].hours == pytest.approx(crossing, rel=1e-8)


def test_single_compound_is_the_closed_form_and_the_grid_agrees(dataset) -> None:
    for name in ("triazolam", "clonazepam", "zaleplon"):
        t_half = dataset.compound(name).half_life.typical_h
        k = math.log(2) / t_half
        for nights in (1, 14, None):
            result = drug_washout(dataset, name, nights)
            assert len(result.compounds) == 1
            assert result.total.hours == pytest.approx(math.log(1 / 0.03) / k, rel=1e-14)
            assert result.total.hours / t_half == pytest.approx(math.log2(1 / 0.03), rel=1e-14)
            # the grid method, which is not used for it, finds the same time
            (grid_parent, grid_total) = grid_washout(result.system, result.state)
            assert grid_parent[2] == pytest.approx(result.total.hours, rel=1e-9)
            assert grid_total[2] == pytest.approx(result.total.hours, rel=1e-9)
            expected_state = (
                1 / -math.expm1(-k * TAU)
                if nights is None
                else -math.expm1(-k * TAU * nights) / -math.expm1(-k * TAU)
            )
            assert result.total.reference == pytest.approx(expected_state, rel=1e-12)


def test_amount_after_washout_time_is_three_percent(dataset) -> None:
    """At T the amount equals 3 % of the reference; after T it stays below (direct
    superposition from every dose, not the state-based path)."""
    for drug in ("triazolam", "diazepam", "quazepam", "flurazepam"):
        result = drug_washout(dataset, drug, 14)
        doses = nightly_dose_times(14)
        last = doses[-1]
        horizon = max(c.hours for c in result.by_name.values()) * 1.5
        grid = last + np.linspace(0, horizon, 20001)
        direct = result.system.amounts(doses, grid)
        curves = {name: direct[i] for i, name in enumerate(result.system.names)}
        curves[TOTAL] = direct.sum(axis=0)
        for name, entry in result.by_name.items():
            assert entry.reference == pytest.approx(curves[name].max(), rel=1e-6)
            at = result.system.amounts(doses, [last + entry.hours])
            value = at.sum() if name == TOTAL else at[result.system.index(name), 0]
            assert value == pytest.approx(REMAINING_FRACTION * entry.reference, rel=1e-8)
            after = curves[name][grid > last + entry.hours + 1e-6]
            assert np.all(after < REMAINING_FRACTION * entry.reference)


def test_steady_state_equals_many_nights() -> None:
    system = LinearSystem(
        (
            Compartment("a", elimination_rate(39.0)),
            Compartment("b", elimination_rate(40.0), 0, 1.0),
            Compartment("c", elimination_rate(68.6), 1, 0.5),
        )
    )
    steady = state_after_last_dose(system, None)
    many = state_after_last_dose(system, 3000)
    np.testing.assert_allclose(steady, many, rtol=1e-12)
    # the steady state repeats itself over one interval, plus a dose
    after = system.amounts([0.0, TAU], [TAU], dose_amounts=[0.0, 1.0])[:, 0]
    carried = np.array(
        [sum(system.transfer(to, s, [TAU])[0] * steady[s] for s in range(3)) for to in range(3)]
    )
    np.testing.assert_allclose(carried + after, steady, rtol=1e-12)


@pytest.mark.parametrize("nights", [1, 14, None])
def test_a_prodrug_washes_out_as_what_it_forms(dataset, nights) -> None:
    """Clorazepate's doses enter as nordiazepam: one compartment, closed form."""
    k = math.log(2) / dataset.compound("nordiazepam").half_life.typical_h
    result = drug_washout(dataset, "clorazepate", nights)
    assert [c.name for c in result.compounds] == ["nordiazepam"]
    n = 10**6 if nights is None else nights
    reference = (1 - math.exp(-k * TAU * n)) / (1 - math.exp(-k * TAU))
    assert result.total.reference == pytest.approx(reference, rel=1e-9)
    assert result.total.hours == pytest.approx(math.log(1 / 0.03) / k, rel=1e-8)


def test_rows_cover_every_drug_sorted(dataset) -> None:
    rows = washout_rows(dataset, 14)
    assert sorted(r["drug"] for r in rows) == sorted(dataset.drugs)
    assert all(set(r) == set(WASHOUT_COLUMNS) for r in rows)
    steady = [float(r["total_hours_steady"]) for r in rows]
    assert steady == sorted(steady, reverse=True)
    for row in rows:
        k = math.log(2) / float(row["half_life_h"])
        if dataset.compound(str(row["drug"])).prodrug:  # no parent after an oral dose
            assert row["drug_hours"] == 0.0 and row["metabolites"]
            continue
        assert float(row["drug_hours"]) == pytest.approx(math.log(1 / 0.03) / k, rel=1e-12)
        assert float(row["total_hours_steady"]) >= float(row["drug_hours"]) - 1e-9
        has_metabolites = bool(dataset.metabolite_tree(str(row["drug"])))
        assert bool(row["metabolites"]) == has_metabolites


def test_washout_rejects_bad_input(dataset) -> None:
    with pytest.raises(ValueError, match="metabolite"):
        drug_washout(dataset, "nordiazepam")
    with pytest.raises(ValueError, match="nights"):
        drug_washout(dataset, "diazepam", 0)
    with pytest.raises(ValueError, match="remaining"):
        drug_washout(dataset, "diazepam", 14, remaining=1.5)


def test_figure_is_labelled_with_alt_text(dataset) -> None:
    washouts = [drug_washout(dataset, d, 14) for d in ("triazolam", "diazepam")]
    for log_scale in (False, True):
        fig = washout_figure(washouts, log_scale=log_scale)
        assert any(t.get_gid() == LABEL_GID for t in fig.texts)
        assert "3 %" in fig.alt_text and bp.LABEL_TEXT in fig.alt_text
        assert f"{washouts[1].total.days:.1f} days" in fig.alt_text
        (ax,) = fig.axes
        assert ax.get_yscale() == ("log" if log_scale else "linear")
        assert fig.png_bytes()[:4] == b"\x89PNG"
