"""The schedule engine of LinearSystem.amounts: the parallel scan over doses and the lattice
(periodic) evaluation of the grid, each against a plain reference.

The references are deliberately naive: the state recurrence one dose at a time, the grid
point by point (``_amounts_direct``), and superposition of every dose separately.
"""

from __future__ import annotations

import numpy as np
import pytest

from benzopk import model
from benzopk.formulas import LN2, elimination_rate
from benzopk.model import Compartment, LinearSystem


def random_system(rng: np.random.Generator, roots: bool = False) -> LinearSystem:
    """A random tree of 1–5 compartments; rates sometimes coincide (the Taylor branch),
    sometimes with sinks; ``roots``: a prodrug-style system whose dose enters several
    compartments without a source."""
    size = int(rng.integers(1, 6))
    rates = LN2 / 10 ** rng.uniform(-1.0, 2.7, size)
    if size > 1 and rng.random() < 0.3:
        rates[1] = rates[0] * (1 + float(rng.choice([0.0, 1e-9, 1e-4])))
    sources: list[int | None] = [None]
    for index in range(1, size):
        orphan = roots and rng.random() < 0.4
        sources.append(None if orphan else int(rng.integers(0, index)))
    children = [sources.count(i) for i in range(size)]
    comps = tuple(
        Compartment(
            f"c{i}",
            float(rates[i]),
            sources[i],
            1.0 if sources[i] is None else rng.uniform(0.1, 1.0) / children[sources[i]],
        )
        for i in range(size)
    )
    inputs = None
    if roots:
        shares = np.array([rng.uniform(0.1, 1.0) if s is None else 0.0 for s in sources])
        inputs = tuple(float(x) for x in shares / shares.sum() * rng.uniform(0.3, 1.0))
    system = LinearSystem(comps, inputs)
    return system.with_sinks() if rng.random() < 0.3 else system


def sequential_states(system: LinearSystem, doses: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The recurrence ``s_j = Φ(t_j − t_{j−1}) s_{j−1} + size_j b``, one dose at a time
    (the engine's former implementation)."""
    states = np.zeros((doses.size, len(system.compartments)))
    current = sizes[0] * system.inputs
    states[0] = current
    for j in range(1, doses.size):
        current = system.transition_matrix(float(doses[j] - doses[j - 1])) @ current
        current = current + sizes[j] * system.inputs
        states[j] = current
    return states


def superposed(system: LinearSystem, doses, grid, sizes=None) -> np.ndarray:
    """Every dose on its own, added up: ``Σ_d size_d Σ_m Φ(t − t_d)[:, m] b_m``."""
    sizes = np.ones(len(doses)) if sizes is None else np.asarray(sizes, dtype=float)
    n = len(system.compartments)
    out = np.zeros((n, np.size(grid)))
    for dose, size in zip(doses, sizes, strict=True):
        elapsed = np.asarray(grid) - dose
        for to in range(n):
            for start in range(n):
                if system.inputs[start]:
                    response = system.transfer(to, start, elapsed)
                    out[to] += size * system.inputs[start] * response
    return out


def both_paths(system: LinearSystem, doses, grid, sizes=None):
    doses = np.asarray(doses, dtype=float)
    grid = np.asarray(grid, dtype=float)
    sizes = np.ones_like(doses) if sizes is None else np.asarray(sizes, dtype=float)
    states = system._states_after_doses(doses, sizes)
    return (
        system._amounts_on_lattice(doses, states, grid),
        system._amounts_direct(doses, states, grid),
    )


def assert_close(actual: np.ndarray, expected: np.ndarray, rtol: float) -> None:
    """Relative to each compartment's largest amount (tails fall to subnormals)."""
    scale = np.max(np.abs(expected), axis=1, keepdims=True)
    scale = np.where(scale > 0, scale, 1.0)
    np.testing.assert_array_less(np.abs(actual - expected) / scale, rtol)


# ---------------------------------------------------------------------------------------
# The parallel scan
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_scan_equals_the_sequential_recurrence(seed: int) -> None:
    rng = np.random.default_rng(seed)
    system = random_system(rng, roots=seed % 3 == 0)
    count = int(rng.choice([1, 2, 3, 7, 64, 100, 513]))
    if seed % 2:
        doses = np.arange(count) * float(rng.choice([8.0, 24.0, 36.5]))
    else:  # irregular, with repeated dose times (gap 0) now and then
        gaps = rng.choice([0.0, 0.5, 12.0, 24.0, 72.0, 300.0], size=count - 1)
        doses = np.concatenate([[0.0], np.cumsum(gaps)])
    sizes = rng.uniform(0.0, 3.0, count) if seed % 4 < 2 else np.ones(count)
    scanned = system._states_after_doses(doses, sizes)
    reference = sequential_states(system, doses, sizes)
    np.testing.assert_allclose(scanned, reference, rtol=1e-11, atol=1e-300)


def test_scan_over_ten_years_of_nightly_doses() -> None:
    system = LinearSystem(
        (Compartment("p", elimination_rate(20.0)), Compartment("m", elimination_rate(200.0), 0, 1))
    )
    doses = np.arange(3650) * 24.0
    sizes = np.ones(3650)
    scanned = system._states_after_doses(doses, sizes)
    np.testing.assert_allclose(scanned, sequential_states(system, doses, sizes), rtol=1e-12)
    # and the geometric-series steady state it approaches
    phi = system.transition_matrix(24.0)
    steady = np.linalg.solve(np.eye(2) - phi, system.inputs)
    np.testing.assert_allclose(scanned[-1], steady, rtol=1e-12)


# ---------------------------------------------------------------------------------------
# The lattice (periodic) evaluation against the direct one
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("blocks", [True, False], ids=["blocks", "gathered"])
@pytest.mark.parametrize("seed", range(40))
def test_lattice_path_equals_direct_path(
    seed: int, blocks: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dyadic grid steps and dose times on the lattice: both paths see identical elapsed
    times, so they agree to rounding. Regular nightly doses, with the grid starting before,
    at or after the first dose and ending before or long after the last one; written as
    blocks of equal intervals, or (forced) gathered point by point."""
    if not blocks:
        monkeypatch.setattr(model, "_MAX_RUNS", 0)
    rng = np.random.default_rng(1000 + seed)
    system = random_system(rng, roots=seed % 4 == 0)
    step = 2.0 ** -int(rng.integers(0, 5))
    nights = int(rng.integers(1, 60))
    interval = float(rng.choice([24.0, 12.0, 8.0, 48.0]))
    first_dose = float(rng.choice([0.0, 5.0, 30.0]))
    doses = first_dose + np.arange(nights) * interval
    start = float(rng.choice([0.0, first_dose, first_dose + 3 * interval]))
    end = doses[-1] + float(rng.choice([0.0, 5.0, interval, 500.0]))
    grid = np.arange(start / step, end / step + 1) * step
    if grid.max() < doses[0]:
        return
    lattice, direct = both_paths(system, doses, grid)
    assert lattice is not None
    assert_close(lattice, direct, 1e-13)


@pytest.mark.parametrize("seed", range(15))
def test_irregular_schedule_on_the_lattice_gathers_phases(seed: int) -> None:
    """More runs of equal intervals than are written as blocks: each point's phase is
    gathered; still equal to the direct path, and to superposition of every dose."""
    rng = np.random.default_rng(2000 + seed)
    system = random_system(rng, roots=seed % 3 == 0)
    step = 0.25
    gaps = rng.choice([0.0, 0.25, 6.0, 24.0, 48.0, 72.0, 100.25], size=20) * 1.0
    doses = 3.0 + np.concatenate([[0.0], np.cumsum(gaps)])
    sizes = rng.uniform(0.1, 2.0, doses.size)
    # from before the first dose, or from inside an interval (its phase then starts late)
    start = float(rng.choice([0.0, 10.0, doses[3] + 7.5]))
    grid = np.arange(start, doses[-1] + 200.0 + step / 2, step)
    lattice, direct = both_paths(system, doses, grid, sizes)
    assert lattice is not None
    assert_close(lattice, direct, 1e-13)
    assert_close(system.amounts(doses, grid, sizes), superposed(system, doses, grid, sizes), 1e-11)


def test_one_minute_grid_and_nightly_doses_use_the_lattice() -> None:
    """The benchmark's case: grid ``i/60`` h (not exactly representable), a year of grid
    inside ten years of doses. Elapsed times differ from the direct path's by rounding
    only (~1e-12 h), so the amounts agree to ~k·1e-12."""
    system = random_system(np.random.default_rng(7))
    doses = np.arange(3650) * 24.0
    grid = np.arange(365 * 1440, 2 * 365 * 1440) / 60.0
    lattice, direct = both_paths(system, doses, grid)
    assert lattice is not None
    assert_close(lattice, direct, 1e-10)
    np.testing.assert_array_equal(system.amounts(doses, grid), lattice)


def test_doses_between_grid_points_on_a_one_minute_grid() -> None:
    """Dose times at 6 minutes past the hour and a grid from mid-interval: the elapsed times
    at each interval's first point differ by rounding; they are snapped to the lattice."""
    system = random_system(np.random.default_rng(8))
    for doses in (
        np.arange(30) * 24.0 + 0.1,
        np.cumsum(np.arange(30) % 4 + 1) * 6.1,
        0.3 + np.arange(30) * (24.0 + 1 / 60),  # a phase just below a whole step
    ):
        grid = np.arange(int(doses[2] * 60) + 7, 50 * 1440) / 60.0
        lattice, direct = both_paths(system, doses, grid)
        assert lattice is not None
        assert_close(lattice, direct, 1e-10)


def test_prodrug_with_several_roots_on_and_off_the_lattice() -> None:
    """A dose entering two compartments without a source, each with its own product."""
    system = LinearSystem(
        (
            Compartment("m1", elimination_rate(3.0)),
            Compartment("m1 product", elimination_rate(60.0), 0, 0.7),
            Compartment("m2", elimination_rate(12.0)),
            Compartment("m2 product", elimination_rate(60.0), 2, 0.4),
        ),
        (0.5, 0.0, 0.3, 0.0),
    )
    doses = np.arange(10) * 24.0
    sizes = np.linspace(0.5, 2.0, 10)
    on = np.arange(0, 400 * 4 + 1) * 0.25
    off = np.linspace(0.0, 400.0, 1237)
    lattice, direct = both_paths(system, doses, on, sizes)
    assert lattice is not None
    assert_close(lattice, direct, 1e-13)
    for grid in (on, off):
        expected = superposed(system, doses, grid, sizes)
        assert_close(system.amounts(doses, grid, sizes), expected, 1e-12)
    with_sinks = system.with_sinks().amounts(doses, on, sizes)
    dosed = np.cumsum(sizes)[np.searchsorted(doses, on, side="right") - 1] * 0.8
    np.testing.assert_allclose(with_sinks.sum(axis=0), dosed, rtol=1e-12)


def test_dose_sizes_scale_each_dose_on_the_lattice() -> None:
    system = LinearSystem(
        (Compartment("p", elimination_rate(8.0)), Compartment("m", elimination_rate(50.0), 0, 1))
    )
    doses = np.arange(14) * 24.0
    sizes = np.array([2.0, 0.0, 1.0, 0.5, 3.0, 1.0, 1.0, 0.25, 0.0, 0.0, 1.5, 1.0, 2.0, 0.1])
    grid = np.arange(0, 20 * 24 * 8) / 8.0
    combined = system.amounts(doses, grid, sizes)
    assert both_paths(system, doses, grid, sizes)[0] is not None
    assert_close(combined, superposed(system, doses, grid, sizes), 1e-12)


@pytest.mark.parametrize(
    "case", ["step does not divide the gap", "jitter", "non-uniform", "unsorted", "one point"]
)
def test_grids_off_the_lattice_fall_back_to_direct_evaluation(case: str) -> None:
    system = random_system(np.random.default_rng(11))
    doses = np.arange(10) * 24.0
    rng = np.random.default_rng(12)
    grid = {
        "step does not divide the gap": np.arange(0, 3000) * 0.1001,
        "jitter": np.arange(0, 2000) * 0.125 + rng.uniform(-1e-7, 1e-7, 2000),
        "non-uniform": np.sort(rng.uniform(0, 300, 2000)),
        "unsorted": rng.permutation(np.arange(0, 2000) * 0.125),
        "one point": np.array([30.0]),
    }[case]
    lattice, direct = both_paths(system, doses, grid)
    assert lattice is None
    np.testing.assert_array_equal(system.amounts(doses, grid), direct)
    assert_close(direct, superposed(system, doses, grid), 1e-12)


def test_jitter_between_dose_times_falls_back() -> None:
    """Every dose on a grid point, but the points in between off the lattice."""
    system = random_system(np.random.default_rng(15))
    doses = np.arange(10) * 24.0
    grid = np.arange(0, 300 * 8) / 8.0
    grid[1::8] += 3e-9
    lattice, direct = both_paths(system, doses, grid)
    assert lattice is None
    np.testing.assert_array_equal(system.amounts(doses, grid), direct)


def test_doses_off_the_grid_lattice_fall_back() -> None:
    """A uniform grid, but one dose between grid points by more than the tolerance."""
    system = random_system(np.random.default_rng(13))
    doses = np.array([0.0, 24.0, 48.0 + 1e-6, 72.0])
    grid = np.arange(0, 100 * 8) / 8.0
    lattice, _ = both_paths(system, doses, grid)
    assert lattice is None
    assert_close(system.amounts(doses, grid), superposed(system, doses, grid), 1e-12)


def test_grid_points_before_the_first_dose_and_doses_after_the_grid() -> None:
    system = random_system(np.random.default_rng(14))
    doses = np.array([10.0, 34.0, 58.0, 500.0, 600.0])
    grid = np.arange(0, 100 * 4) / 4.0
    out = system.amounts(doses, grid)
    assert np.all(out[:, grid < 10.0] == 0.0)
    assert_close(out, superposed(system, doses[:3], grid), 1e-12)
    assert np.all(system.amounts([200.0], grid) == 0.0)
    assert system.amounts(doses, np.array([])).shape == (len(system.compartments), 0)
