"""Analytic properties of the closed-form model."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext

import numpy as np
import pytest

from benzopk.formulas import (
    LN2,
    NoAbsorptionRateError,
    absorption_rate_from_tmax,
    accumulation_ratio,
    bateman_amount,
    elimination_rate,
    fraction_at_wake_night1,
    fraction_at_wake_night_n,
    fraction_at_wake_steady,
    hours_to_fraction_eliminated,
    instant_dose_amount,
    nights_to_fraction_of_steady,
    path_response,
    tmax_from_rates,
)
from benzopk.model import Compartment, LinearSystem


def single(half_life: float) -> LinearSystem:
    return LinearSystem((Compartment("drug", elimination_rate(half_life)),))


def test_half_life_halves_the_amount() -> None:
    for half_life in (0.5, 2.87, 44.2, 300.0):
        values = instant_dose_amount(half_life, [0, half_life, 2 * half_life, 5 * half_life])
        np.testing.assert_allclose(values, [1, 0.5, 0.25, 1 / 32], rtol=1e-13)


def test_amount_is_zero_before_the_dose_and_one_at_it() -> None:
    values = single(8.8).amounts([10.0], [0.0, 9.999, 10.0])[0]
    assert values[0] == 0 and values[1] == 0
    assert values[2] == pytest.approx(1.0, abs=1e-15)


def test_superposition_equals_sum_of_single_doses() -> None:
    half_life = 13.4
    doses = np.array([0.0, 24.0, 30.0, 72.0, 73.5])
    grid = np.linspace(0, 120, 961)
    together = single(half_life).amounts(doses, grid)[0]
    separate = sum(instant_dose_amount(half_life, grid - d) for d in doses)
    np.testing.assert_allclose(together, separate, rtol=1e-12, atol=1e-15)


def test_superposition_is_linear_in_dose_sizes() -> None:
    system = single(20.0)
    doses = [0.0, 24.0, 48.0]
    grid = np.linspace(0, 96, 97)
    scaled = system.amounts(doses, grid, [2.0, 0.5, 3.0])[0]
    parts = [system.amounts([d], grid)[0] * s for d, s in zip(doses, [2.0, 0.5, 3.0], strict=True)]
    np.testing.assert_allclose(scaled, sum(parts), rtol=1e-12, atol=1e-15)


def test_nightly_metrics_match_simulation() -> None:
    half_life, delta, nights = 30.0, 8.5, 14
    doses = np.arange(nights) * 24.0
    wake = doses + delta
    simulated = single(half_life).amounts(doses, wake)[0]
    assert simulated[0] == pytest.approx(fraction_at_wake_night1(half_life, delta), rel=1e-13)
    assert simulated[-1] == pytest.approx(
        fraction_at_wake_night_n(half_life, delta, nights), rel=1e-12
    )
    long_run = single(half_life).amounts(np.arange(400) * 24.0, [399 * 24.0 + delta])[0][0]
    assert long_run == pytest.approx(fraction_at_wake_steady(half_life, delta), rel=1e-12)


def test_accumulation_ratio_and_steady_state_closed_forms() -> None:
    k = LN2 / 24.0  # one half-life per dosing interval: ratio 1/(1 - 1/2) = 2
    assert accumulation_ratio(24.0) == pytest.approx(2.0, rel=1e-14)
    assert fraction_at_wake_steady(24.0, 12.0) == pytest.approx(2 * math.exp(-k * 12), rel=1e-14)
    assert hours_to_fraction_eliminated(10.0, 0.97) == pytest.approx(10 * math.log(1 / 0.03) / LN2)
    # 90 % of steady state: ceil(ln10 / (24 k)) = ceil(3.32 half-lives)
    assert nights_to_fraction_of_steady(24.0, 0.9) == 4
    assert nights_to_fraction_of_steady(1.0, 0.9) == 1
    assert nights_to_fraction_of_steady(100.0, 0.9) == math.ceil(math.log(10) / (24 * LN2 / 100))


def test_amount_reaches_90pct_of_steady_state_on_the_stated_night() -> None:
    half_life = 53.0
    n = nights_to_fraction_of_steady(half_life, 0.9)
    ratio = lambda nights: 1 - math.exp(-24 * LN2 / half_life * nights)  # noqa: E731
    assert ratio(n) >= 0.9 > ratio(n - 1)


def test_bateman_peak_is_at_the_published_tmax() -> None:
    for half_life, tmax in ((2.87, 1.5), (44.2, 1.0), (8.8, 1.5), (2.5, 1.6)):
        ka = absorption_rate_from_tmax(half_life, tmax)
        k = elimination_rate(half_life)
        assert ka > k
        assert tmax_from_rates(ka, k) == pytest.approx(tmax, rel=1e-12)
        t = np.linspace(0, 5 * tmax, 200_001)
        curve = bateman_amount(half_life, ka, t)
        assert t[np.argmax(curve)] == pytest.approx(tmax, abs=5 * tmax / 200_000)


def test_bateman_closed_form_and_the_ka_equal_k_limit() -> None:
    half_life, ka = 10.0, 0.9
    k = elimination_rate(half_life)
    t = np.array([0.0, 0.5, 3.0, 40.0])
    expected = ka / (ka - k) * (np.exp(-k * t) - np.exp(-ka * t))
    np.testing.assert_allclose(bateman_amount(half_life, ka, t), expected, rtol=1e-12)
    limit = k * t * np.exp(-k * t)
    np.testing.assert_allclose(bateman_amount(half_life, k, t), limit, rtol=1e-13)
    near = bateman_amount(half_life, k * (1 + 1e-9), t)
    np.testing.assert_allclose(near, limit, rtol=1e-7)


def test_no_absorption_rate_when_tmax_is_too_late() -> None:
    with pytest.raises(NoAbsorptionRateError, match="tmax must be shorter than 1/k"):
        absorption_rate_from_tmax(1.0, 1.0 / elimination_rate(1.0))
    with pytest.raises(NoAbsorptionRateError):
        absorption_rate_from_tmax(2.0, 5.0)


def test_metabolite_chain_closed_form() -> None:
    k1, k2, f = elimination_rate(2.3), elimination_rate(68.6), 0.5
    system = LinearSystem((Compartment("p", k1), Compartment("m", k2, 0, f)))
    t = np.array([0.0, 1.0, 10.0, 100.0, 500.0])
    parent, metabolite = system.amounts([0.0], t)
    np.testing.assert_allclose(parent, np.exp(-k1 * t), rtol=1e-13)
    expected = f * k1 / (k2 - k1) * (np.exp(-k1 * t) - np.exp(-k2 * t))
    np.testing.assert_allclose(metabolite, expected, rtol=1e-12, atol=1e-300)


def test_mass_balance_with_metabolites_and_absorption() -> None:
    """Body + eliminated = dosed, with sinks computed by the same closed form."""
    k = elimination_rate(39.0)
    system = LinearSystem(
        (
            Compartment("gut", absorption_rate_from_tmax(39.0, 2.5)),
            Compartment("quazepam", k, 0, 1.0),
            Compartment("2-oxoquazepam", elimination_rate(40.0), 1, 1.0),
            Compartment("desalkylflurazepam", elimination_rate(68.6), 2, 0.5),
        )
    ).with_sinks()
    doses = np.arange(14) * 24.0
    grid = np.linspace(0, 40 * 24, 4001)
    amounts = system.amounts(doses, grid)
    dosed = np.searchsorted(doses, grid, side="right")
    np.testing.assert_allclose(amounts.sum(axis=0), dosed, atol=1e-10)
    eliminated = amounts[4:].sum(axis=0)
    assert np.all(np.diff(eliminated) >= -1e-12)


def test_equal_rates_give_the_confluent_limit() -> None:
    k = 0.1
    t = np.array([0.0, 1.0, 7.0, 30.0])
    np.testing.assert_allclose(path_response([k, k], t), t * np.exp(-k * t), rtol=1e-13)
    np.testing.assert_allclose(path_response([k, k, k], t), t**2 / 2 * np.exp(-k * t), rtol=1e-12)


def test_no_overflow_over_ten_years() -> None:
    system = LinearSystem(
        (Compartment("fast", elimination_rate(0.1)), Compartment("m", elimination_rate(500), 0, 1))
    )
    doses = np.arange(3650) * 24.0
    grid = np.linspace(0, 3650 * 24.0, 50_001)
    with np.errstate(over="raise", invalid="raise"):
        amounts = system.amounts(doses, grid)
    assert np.all(np.isfinite(amounts)) and np.all(amounts >= 0)
    # the metabolite approaches its steady state; the fast parent is gone between doses
    assert amounts[1].max() < accumulation_ratio(500.0) + 1


def test_decay_is_monotonic_between_doses() -> None:
    system = single(12.0)
    grid = np.linspace(0.0, 23.99, 500)
    values = system.amounts([0.0], grid)[0]
    assert np.all(np.diff(values) < 0)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_bad_half_life_raises_value_error(bad: float) -> None:
    with pytest.raises(ValueError, match="half-life"):
        elimination_rate(bad)


def test_bad_schedules_raise_value_error() -> None:
    system = single(10.0)
    with pytest.raises(ValueError, match="sorted"):
        system.amounts([24.0, 0.0], [1.0])
    with pytest.raises(ValueError, match=">= 0"):
        system.amounts([-1.0], [1.0])
    with pytest.raises(ValueError, match="at least one dose"):
        system.amounts([], [1.0])
    with pytest.raises(ValueError, match="within"):
        system.amounts([0.0], [1e7])


def _exact_divided_difference(rates: list[float], t: float) -> Decimal:
    """Σ_j e^{−r_j t}/Π_{l≠j}(r_l − r_j) in 90-digit decimal arithmetic (distinct rates)."""
    getcontext().prec = 90
    r = [Decimal(x) for x in rates]
    total = Decimal(0)
    for j, rj in enumerate(r):
        denominator = Decimal(1)
        for k, rk in enumerate(r):
            if k != j:
                denominator *= rk - rj
        total += (-rj * Decimal(t)).exp() / denominator
    return total


def test_chain_response_matches_high_precision_reference() -> None:
    """Nearly coincident rates (relative gaps 1e-7 … 2) down a chain of 2–4 compartments:
    the cancellation-free evaluation agrees with 90-digit arithmetic to ~1e-12."""
    rng = np.random.default_rng(2026)
    worst = 0.0
    for _ in range(400):
        n = int(rng.integers(2, 5))
        base = 10 ** rng.uniform(-3, 0.5)
        gaps = rng.choice([1e-7, 1e-5, 1e-3, 0.05, 0.5, 2.0], size=n) * rng.uniform(0.1, 1, n)
        rates = [float(x) for x in base * (1 + gaps * np.arange(n))]
        t = float(10 ** rng.uniform(-2, 3.5))
        exact = _exact_divided_difference(rates, t)
        if abs(exact) < Decimal("1e-250"):
            continue  # below the float range that matters (and near subnormals)
        got = float(path_response(rates, [t])[0])
        worst = max(worst, float(abs((Decimal(got) - exact) / exact)))
    assert worst < 1e-12
