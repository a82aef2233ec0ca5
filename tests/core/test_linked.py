"""A drug is its parent plus its active metabolites: the linked system and its closed forms.

Exact properties: the transition matrix is a semigroup, the nightly closed forms equal explicit
superposition, mass is conserved with a prodrug's dose inputs, bioavailability scales every
amount, and the threshold and steady-state searches agree with brute force.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import benzopk as bp
from benzopk.linked import active_compounds, system_for_drug
from benzopk.model import Compartment, LinearSystem
from benzopk.nextday.morning import drug_wake, hours_until_total_below, nights_to_steady


def test_active_compounds_follow_the_links(dataset: bp.Dataset) -> None:
    assert active_compounds(dataset, "diazepam") == ("diazepam", "nordiazepam")
    assert active_compounds(dataset, "quazepam") == (
        "quazepam",
        "2-oxoquazepam",
        "desalkylflurazepam",
    )
    assert active_compounds(dataset, "clorazepate") == ("nordiazepam",)  # a prodrug
    assert active_compounds(dataset, "triazolam") == ("triazolam",)
    with pytest.raises(ValueError, match="metabolite"):
        active_compounds(dataset, "nordiazepam")


def test_a_prodrug_dose_enters_as_what_it_forms(dataset: bp.Dataset) -> None:
    system = system_for_drug(dataset, "clorazepate")
    (link,) = dataset.links_from("clorazepate")
    assert system.names == ("nordiazepam",)
    assert system.inputs.tolist() == [link.fraction]
    k = math.log(2) / dataset.compound("nordiazepam").half_life.typical_h
    t = np.array([0.0, 10.0, 100.0])
    np.testing.assert_allclose(system.amounts([0.0], t)[0], link.fraction * np.exp(-k * t))


def test_bioavailability_scales_every_amount(dataset: bp.Dataset) -> None:
    doses, grid = np.arange(3) * 24.0, np.linspace(0.0, 96.0, 97)
    full = system_for_drug(dataset, "diazepam").amounts(doses, grid)
    part = system_for_drug(dataset, "diazepam", bioavailability=0.44).amounts(doses, grid)
    np.testing.assert_allclose(part, 0.44 * full, rtol=1e-13, atol=1e-300)
    with pytest.raises(ValueError, match="bioavailability"):
        system_for_drug(dataset, "diazepam", bioavailability=1.5)


def test_transition_matrix_is_a_semigroup(dataset: bp.Dataset) -> None:
    system = system_for_drug(dataset, "quazepam")
    for a, b in ((3.0, 21.0), (8.5, 24.0), (0.0, 5.0)):
        np.testing.assert_allclose(
            system.transition_matrix(a) @ system.transition_matrix(b),
            system.transition_matrix(a + b),
            rtol=1e-12,
            atol=1e-15,
        )


@pytest.mark.parametrize("drug", ["flurazepam", "clorazepate", "quazepam", "zolpidem"])
def test_wake_values_equal_explicit_superposition(dataset: bp.Dataset, drug: str) -> None:
    nights = 9
    result = drug_wake(dataset, drug, "23:00", "06:30", nights)
    system = system_for_drug(dataset, drug)
    doses = np.arange(nights) * 24.0
    at_wake = system.amounts(doses, [24.0 * (nights - 1) + 7.5])[:, 0]
    np.testing.assert_allclose(result.night_n, at_wake, rtol=1e-11)
    first = system.amounts([0.0], [7.5])[:, 0]
    np.testing.assert_allclose(result.night1, first, rtol=1e-12)
    long_run = system.amounts(np.arange(3000) * 24.0, [24.0 * 2999 + 7.5])[:, 0]
    np.testing.assert_allclose(result.steady, long_run, rtol=1e-9)
    # the smallest night count reaching 90 % of steady state, by brute force
    totals = [
        system.amounts(np.arange(n) * 24.0, [24.0 * (n - 1) + 7.5]).sum() for n in range(1, 40)
    ]
    brute = next(n for n, v in enumerate(totals, 1) if v >= 0.9 * result.fraction_at_wake_steady)
    assert result.nights_to_90pct_steady == brute


def test_elimination_time_is_where_the_total_crosses(dataset: bp.Dataset) -> None:
    for drug in ("flurazepam", "clorazepate", "diazepam", "triazolam"):
        system = system_for_drug(dataset, drug)
        t = hours_until_total_below(system, 0.03)
        before, after = system.amounts([0.0], [t * (1 - 1e-9), t * (1 + 1e-9)]).sum(axis=0)
        assert before > 0.03 >= after
        grid = np.linspace(t, t + 2000.0, 400)
        assert np.all(system.amounts([0.0], grid).sum(axis=0) <= 0.03 + 1e-15)


rates = st.floats(min_value=0.005, max_value=3.0)


@settings(max_examples=60, deadline=None)
@given(
    k1=rates,
    k2=rates,
    k3=rates,
    f1=st.floats(min_value=0.05, max_value=1.0),
    f2=st.floats(min_value=0.05, max_value=1.0),
    prodrug=st.booleans(),
)
def test_chains_conserve_mass_and_decay_between_doses(
    k1: float, k2: float, k3: float, f1: float, f2: float, prodrug: bool
) -> None:
    """Any chain: with sinks the amounts add up to the doses given; the total only falls
    between doses; the steady-state search is consistent with its own closed form."""
    if prodrug:
        system = LinearSystem((Compartment("m1", k2), Compartment("m2", k3, 0, f2)), (f1, 0.0))
    else:
        system = LinearSystem(
            (Compartment("p", k1), Compartment("m1", k2, 0, f1), Compartment("m2", k3, 1, f2))
        )
    doses = np.arange(4) * 24.0
    grid = np.linspace(0.0, 200.0, 401)
    with_sinks = system.with_sinks().amounts(doses, grid)
    given_so_far = np.searchsorted(doses, grid, side="right") * float(system.inputs.sum())
    np.testing.assert_allclose(with_sinks.sum(axis=0), given_so_far, rtol=1e-9, atol=1e-12)
    total = system.amounts([0.0], grid).sum(axis=0)
    assert np.all(np.diff(total) <= 1e-12)
    phi, wake = system.transition_matrix(24.0), system.transition_matrix(8.0)
    n = nights_to_steady(phi, wake, system.inputs)
    steady = float(np.sum(wake @ np.linalg.solve(np.eye(len(phi)) - phi, system.inputs)))

    def reached(nights: int) -> float:
        after = system.inputs - np.linalg.matrix_power(phi, nights) @ system.inputs
        return float(np.sum(wake @ np.linalg.solve(np.eye(len(phi)) - phi, after)))

    assert reached(n) >= 0.9 * steady * (1 - 1e-9)
    assert n == 1 or reached(n - 1) < 0.9 * steady * (1 + 1e-9)
