"""Property tests (hypothesis) over the model's input space."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from benzopk.formulas import (
    absorption_rate_from_tmax,
    elimination_rate,
    fraction_at_wake_night_n,
    tmax_from_rates,
)
from benzopk.model import Compartment, LinearSystem

half_lives = st.floats(0.1, 500.0)
fractions = st.floats(0.05, 1.0)


@st.composite
def schedules(draw: st.DrawFn) -> np.ndarray:
    """Regular (nightly) or irregular dose times, 1–3650 doses."""
    if draw(st.booleans()):
        count = draw(st.integers(1, 3650))
        return np.arange(count) * 24.0
    gaps = draw(st.lists(st.floats(0.0, 200.0), min_size=0, max_size=60))
    return np.concatenate([[0.0], np.cumsum(gaps)])


def grid_for(doses: np.ndarray, step: float) -> np.ndarray:
    end = float(doses[-1]) + 240.0
    count = min(int(end / step) + 1, 20_000)
    return np.linspace(0.0, end, count)


@settings(max_examples=60, deadline=None)
@given(half_lives, half_lives, fractions, schedules(), st.floats(0.05, 48.0))
def test_amounts_finite_nonnegative_and_mass_balanced(
    parent_half_life: float, metabolite_half_life: float, fraction: float, doses, step: float
) -> None:
    system = LinearSystem(
        (
            Compartment("parent", elimination_rate(parent_half_life)),
            Compartment("metabolite", elimination_rate(metabolite_half_life), 0, fraction),
        )
    ).with_sinks()
    grid = grid_for(doses, step)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        amounts = system.amounts(doses, grid)
    assert np.all(np.isfinite(amounts))
    assert np.all(amounts >= -1e-12)
    dosed = np.searchsorted(doses, grid, side="right")
    np.testing.assert_allclose(amounts.sum(axis=0), dosed, atol=1e-9 * max(1, doses.size))


@settings(max_examples=60, deadline=None)
@given(half_lives, schedules())
def test_instant_model_never_rises_between_doses(half_life: float, doses) -> None:
    system = LinearSystem((Compartment("drug", elimination_rate(half_life)),))
    grid = grid_for(doses, 0.5)
    values = system.amounts(doses, grid)[0]
    segment = np.searchsorted(doses, grid, side="right")
    same = segment[1:] == segment[:-1]
    steps = np.diff(values)[same]
    assert np.all(steps <= 0)
    positive = values[1:][same] > 1e-300
    assert np.all(steps[positive] < 0)


@settings(max_examples=80, deadline=None)
@given(half_lives, st.floats(0.5, 23.5), st.integers(1, 3650))
def test_doubling_the_half_life_never_lowers_the_wake_residual(
    half_life: float, delta: float, nights: int
) -> None:
    shorter = fraction_at_wake_night_n(half_life, delta, nights)
    longer = fraction_at_wake_night_n(2 * half_life, delta, nights)
    assert longer >= shorter
    assert math.isfinite(longer) and longer >= 0


@settings(max_examples=80, deadline=None)
@given(half_lives, st.floats(0.001, 0.999))
def test_absorption_rate_reproduces_any_admissible_tmax(half_life: float, share: float) -> None:
    k = elimination_rate(half_life)
    tmax = share / k  # every tmax < 1/k admits a rate
    ka = absorption_rate_from_tmax(half_life, tmax)
    assert ka > k
    assert math.isclose(tmax_from_rates(ka, k), tmax, rel_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(half_lives, st.lists(st.floats(0.0, 2.0), min_size=1, max_size=20), schedules())
def test_superposition_is_linear_in_the_doses(half_life: float, sizes, doses) -> None:
    doses = doses[: len(sizes)]
    sizes = np.asarray(sizes[: doses.size])
    system = LinearSystem((Compartment("drug", elimination_rate(half_life)),))
    grid = grid_for(doses, 1.0)
    combined = system.amounts(doses, grid, sizes)[0]
    separate = sum(
        size * system.amounts([dose], grid)[0] for dose, size in zip(doses, sizes, strict=True)
    )
    np.testing.assert_allclose(combined, separate, rtol=1e-9, atol=1e-12)


@settings(max_examples=12, deadline=None)
@given(
    st.floats(0.5, 200.0),
    st.floats(0.5, 200.0),
    fractions,
    st.floats(0.05, 0.95),
    st.lists(st.floats(1.0, 72.0), min_size=0, max_size=6),
)
def test_closed_form_matches_scipy(
    parent_half_life: float, metabolite_half_life: float, fraction: float, share: float, gaps
) -> None:
    """Oral parent → metabolite under an irregular schedule, against solve_ivp (Radau)."""
    from scipy.integrate import solve_ivp

    k = elimination_rate(parent_half_life)
    ka = absorption_rate_from_tmax(parent_half_life, share / k)
    km = elimination_rate(metabolite_half_life)
    system = LinearSystem(
        (
            Compartment("gut", ka),
            Compartment("parent", k, 0, 1.0),
            Compartment("metabolite", km, 1, fraction),
        )
    )
    doses = np.concatenate([[0.0], np.cumsum(gaps)])
    end = float(doses[-1]) + 96.0
    grid = np.linspace(0.0, end, 400)
    closed = system.amounts(doses, grid)
    rates = np.array([[-ka, 0, 0], [ka, -k, 0], [0, fraction * k, -km]])
    reference = np.zeros_like(closed)
    state = np.zeros(3)
    bounds = [*doses, end]
    for i, start in enumerate(doses):
        state = state.copy()
        state[0] += 1.0
        stop = bounds[i + 1]
        last = i == len(doses) - 1
        mask = (grid >= start) & ((grid <= stop) if last else (grid < stop))
        if stop > start:
            solution = solve_ivp(
                lambda _t, y: rates @ y, (start, stop), state, method="Radau",
                rtol=1e-10, atol=1e-14, t_eval=grid[mask], dense_output=True,
            )  # fmt: skip
            reference[:, mask] = solution.y
            state = solution.sol(stop)
    big = np.abs(reference) > 1e-3
    relative = np.abs(closed - reference)[big] / np.abs(reference)[big]
    assert relative.max(initial=0.0) < 1e-6


@settings(max_examples=40, deadline=None)
@given(
    half_lives,
    half_lives,
    fractions,
    st.lists(st.integers(0, 96), min_size=0, max_size=40),
    st.sampled_from([1.0, 0.5, 0.25, 1 / 64]),
)
def test_lattice_evaluation_equals_point_by_point(
    parent_half_life: float, metabolite_half_life: float, fraction: float, gaps, step: float
) -> None:
    """Dose gaps in whole hours on a uniform grid: the once-per-phase (lattice) evaluation
    equals the point-by-point one to rounding, for any such schedule."""
    system = LinearSystem(
        (
            Compartment("parent", elimination_rate(parent_half_life)),
            Compartment("metabolite", elimination_rate(metabolite_half_life), 0, fraction),
        )
    )
    doses = np.concatenate([[0.0], np.cumsum(np.asarray(gaps, dtype=float))])
    grid = np.arange(0.0, doses[-1] + 100.0, step)
    states = system._states_after_doses(doses, np.ones_like(doses))
    lattice = system._amounts_on_lattice(doses, states, grid)
    assert lattice is not None
    direct = system._amounts_direct(doses, states, grid)
    np.testing.assert_allclose(lattice, direct, rtol=1e-13, atol=1e-280)  # not subnormals
