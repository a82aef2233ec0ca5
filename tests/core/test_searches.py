"""The core's searches and the regular-schedule geometric sum, against exact answers."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from benzopk.crossing import first_whole_number
from benzopk.formulas import elimination_rate, state_after_regular_doses
from benzopk.model import Compartment, LinearSystem
from benzopk.timeline import nightly_dose_times


@given(st.integers(min_value=1, max_value=10**6))
def test_first_whole_number_finds_the_threshold(threshold: int) -> None:
    calls: list[int] = []

    def reached(n: int) -> bool:
        calls.append(n)
        return n >= threshold

    assert first_whole_number(reached) == threshold
    assert len(calls) <= 2 * math.ceil(math.log2(threshold)) + 2


def test_state_after_regular_doses_is_the_engine_state() -> None:
    k1, k2 = elimination_rate(2.3), elimination_rate(74.0)
    system = LinearSystem((Compartment("parent", k1), Compartment("metabolite", k2, 0, 0.5)))
    phi = system.transition_matrix(24.0)
    for nights in (1, 2, 7, 30):
        doses = nightly_dose_times(nights)
        engine = system.amounts(doses, doses[-1:])[:, 0]
        closed = state_after_regular_doses(phi, system.inputs, nights)
        np.testing.assert_allclose(closed, engine, rtol=1e-12, atol=1e-15)
    # One compound: the steady state is 1 / (1 − e^{−kτ}).
    single = LinearSystem((Compartment("x", k1),))
    steady = state_after_regular_doses(single.transition_matrix(24.0), single.inputs, None)
    assert math.isclose(float(steady[0]), 1 / (1 - math.exp(-k1 * 24.0)), rel_tol=1e-14)
