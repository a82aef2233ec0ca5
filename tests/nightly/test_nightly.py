"""Notebook 03 (nightly and intermittent use): the library in benzopk.nightly and every worked
answer, recomputed independently from closed forms written out here."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import benzopk as bp
from benzopk.answers import answer, exercises_for
from benzopk.labels import LABEL_TEXT
from benzopk.nightly.compute import (
    HALF_LIVES_TO_90PCT,
    MON_WED_FRI,
    NIGHTLY,
    Schedule,
    fraction_of_steady_state,
    morning_labels,
    round_rows,
    run_schedule,
    schedule_dose_times,
    steady_state_approach,
    wake_rows,
)
from benzopk.nightly.figures import schedules_figure, steady_state_figure

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "03_nightly_use.ipynb"
DELTA = (7.0 - 22.5) % 24.0  # default bedtime 22:30, wake 07:00
TAU = 24.0
WEEKS = 4


def half_life(dataset: bp.Dataset, name: str) -> float:
    return dataset.compound(name).half_life.typical_h


def wake_closed_form(
    dataset: bp.Dataset, drug: str, doses: np.ndarray, t: float
) -> dict[str, float]:
    """Parent e^{−k1 s} and metabolite f·k1/(k2−k1)·(e^{−k1 s} − e^{−k2 s}), summed over the
    doses given before ``t`` (s = time since each dose)."""
    k1 = math.log(2) / half_life(dataset, drug)
    s = t - doses[doses <= t]
    out = {drug: float(np.sum(np.exp(-k1 * s)))}
    for link in dataset.links_from(drug):
        k2 = math.log(2) / half_life(dataset, link.metabolite)
        gain = link.fraction * k1 / (k2 - k1)
        out[link.metabolite] = float(np.sum(gain * (np.exp(-k1 * s) - np.exp(-k2 * s))))
    return out


def mon_wed_fri_doses(weeks: int) -> np.ndarray:
    return np.array([(7 * w + d) * TAU for w in range(weeks) for d in (0, 2, 4)])


# --- the library --------------------------------------------------------------------------


def test_schedule_dose_times() -> None:
    np.testing.assert_array_equal(schedule_dose_times(NIGHTLY, 3), bp.nightly_dose_times(21))
    np.testing.assert_array_equal(schedule_dose_times(MON_WED_FRI, 2), mon_wed_fri_doses(2))
    assert MON_WED_FRI.nights_per_week == 3 and MON_WED_FRI.description == "Mon, Wed, Fri bedtimes"
    assert morning_labels(2)[:7] == ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"]
    for bad in ((), (0, 7), (2, 0), (1, 1), (True,)):
        with pytest.raises(ValueError, match="schedule"):
            Schedule("bad", bad)
    for weeks in (0, 53, 1.5):
        with pytest.raises(ValueError, match="weeks"):
            schedule_dose_times(NIGHTLY, weeks)  # type: ignore[arg-type]


def test_fraction_of_steady_state_closed_form() -> None:
    for t_half in (2.87, 8.8, 53.0):
        nights = np.arange(1, 30)
        expected = [
            bp.fraction_at_wake_night_n(t_half, DELTA, int(n))
            / bp.fraction_at_wake_steady(t_half, DELTA)
            for n in nights
        ]
        np.testing.assert_allclose(fraction_of_steady_state(t_half, nights), expected, rtol=1e-12)
        # 90 % after log2(10) half-lives, whatever the half-life
        at = fraction_of_steady_state(t_half, HALF_LIVES_TO_90PCT * t_half / TAU)
        assert float(at) == pytest.approx(0.9, rel=1e-13)
    assert pytest.approx(math.log(10) / math.log(2), rel=1e-15) == HALF_LIVES_TO_90PCT


def test_steady_state_approach_collapses_onto_one_curve(dataset: bp.Dataset) -> None:
    approach = steady_state_approach(dataset, ["temazepam", "nordiazepam"], nights=10)
    for name in approach.half_lives:
        x = approach.in_half_lives(name)
        np.testing.assert_allclose(approach.fractions[name], 1 - 2.0**-x, rtol=1e-13)


def test_run_schedule_matches_closed_forms(dataset: bp.Dataset) -> None:
    run = run_schedule(dataset, "diazepam", MON_WED_FRI, weeks=2)
    assert run.names == ["diazepam", "nordiazepam"]
    assert run.wake_amounts["diazepam"].shape == (14,)
    for i, t in enumerate(run.wake_times_h):
        expected = wake_closed_form(dataset, "diazepam", mon_wed_fri_doses(2), float(t))
        for name, value in expected.items():
            assert run.wake_amounts[name][i] == pytest.approx(value, rel=1e-11)
    # the wake-up dots lie on the curves (08:30 after bedtime is on the 10-minute grid)
    index = np.searchsorted(run.times_h, run.wake_times_h[3])
    assert run.amounts["nordiazepam"][index] == pytest.approx(run.wake_amounts["nordiazepam"][3])


def test_wake_rows_are_the_last_week_of_wake_ups(dataset: bp.Dataset) -> None:
    runs = [run_schedule(dataset, "triazolam", s, 3) for s in (NIGHTLY, MON_WED_FRI)]
    rows = wake_rows(runs)
    assert [r["morning"] for r in rows] == ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"]
    k = math.log(2) / half_life(dataset, "triazolam")
    nightly = math.exp(-k * DELTA) / (1 - math.exp(-k * TAU))
    for row in rows:
        assert row["triazolam, nightly"] == pytest.approx(nightly, rel=1e-9)
    # three nights a week: after Mon, Wed, Fri bedtimes (Tue, Thu, Sat mornings) ...
    after_dose = {r["morning"]: r["triazolam, 3 nights a week"] for r in rows}
    for day in ("Tue", "Thu", "Sat"):
        assert after_dose[day] > 0.9 * math.exp(-k * DELTA)
    assert float(after_dose["Mon"]) == pytest.approx(
        sum(math.exp(-k * (s * TAU + DELTA)) for s in (2, 4, 6, 9, 11, 13, 16, 18, 20)), rel=1e-9
    )
    assert wake_rows(runs, week=1)[0]["triazolam, nightly"] == pytest.approx(math.exp(-k * DELTA))
    with pytest.raises(ValueError, match="week"):
        wake_rows(runs, week=4)
    with pytest.raises(ValueError, match="same weeks"):
        wake_rows([runs[0], run_schedule(dataset, "triazolam", NIGHTLY, 2)])


def test_round_rows() -> None:
    rows = round_rows([{"name": "x", "a": 0.123456, "n": 3, "z": 0.0}], 3)
    assert rows == [{"name": "x", "a": 0.123, "n": 3, "z": 0.0}]


def test_figures_carry_the_label_and_alt_text(dataset: bp.Dataset) -> None:
    runs = [run_schedule(dataset, d, s, 2) for s in (NIGHTLY, MON_WED_FRI) for d in ("temazepam",)]
    approach = steady_state_approach(dataset, ["temazepam", "diazepam"])
    for fig in (schedules_figure(runs), steady_state_figure(approach)):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        assert LABEL_TEXT in buffer.getvalue()
        assert LABEL_TEXT in fig.alt_text and "Figure." not in fig.alt_text
    assert len(schedules_figure(runs).axes) == 2


# --- the worked answers -------------------------------------------------------------------


def test_exercise_3_1_accumulation_ratio(dataset: bp.Dataset) -> None:
    values = answer("03", 1, dataset).values
    for name in ("triazolam", "temazepam", "diazepam", "nordiazepam"):
        expected = 1.0 / (1.0 - 2.0 ** (-TAU / half_life(dataset, name)))
        assert values[name] == pytest.approx(expected, rel=1e-12)
    assert values["half_life_for_ratio_2"] == TAU


def test_exercise_3_2_nights_to_steady_state(dataset: bp.Dataset) -> None:
    values = answer("03", 2, dataset).values
    assert values["half_lives_exact"] == pytest.approx(math.log2(10))
    for name in ("temazepam", "nordiazepam"):
        t_half = half_life(dataset, name)
        nights = next(n for n in range(1, 1000) if 1 - 2.0 ** (-n * TAU / t_half) >= 0.9)
        assert values[f"{name}_nights"] == nights
        assert values[f"{name}_half_lives"] == pytest.approx(nights * TAU / t_half)


def test_exercise_3_3_night_1_and_night_14(dataset: bp.Dataset) -> None:
    values = answer("03", 3, dataset).values
    doses = np.arange(7 * WEEKS) * TAU
    for drug in ("temazepam", "diazepam"):
        first = wake_closed_form(dataset, drug, doses, DELTA)
        fourteenth = wake_closed_form(dataset, drug, doses, 13 * TAU + DELTA)
        for name in first:
            assert values[f"{name}_night1"] == pytest.approx(first[name], rel=1e-11)
            assert values[f"{name}_night14"] == pytest.approx(fourteenth[name], rel=1e-11)
            assert values[f"{name}_ratio"] == pytest.approx(fourteenth[name] / first[name])
    # a parent on its own: the closed forms of benzopk.model
    assert values["temazepam_night14"] == pytest.approx(
        bp.fraction_at_wake_night_n(half_life(dataset, "temazepam"), DELTA, 14), rel=1e-12
    )


def test_exercise_3_4_intermittent_against_nightly(dataset: bp.Dataset) -> None:
    values = answer("03", 4, dataset).values
    saturday = (7 * (WEEKS - 1) + 4) * TAU + DELTA  # after the last Friday bedtime
    monday = (7 * WEEKS - 1) * TAU + DELTA  # after the last Sunday night
    schedules = {"3x": mon_wed_fri_doses(WEEKS), "nightly": np.arange(7 * WEEKS) * TAU}
    for drug in ("temazepam", "diazepam"):
        for label, t in (("saturday", saturday), ("monday", monday)):
            for key, doses in schedules.items():
                for name, value in wake_closed_form(dataset, drug, doses, t).items():
                    assert values[f"{name}_{label}_{key}"] == pytest.approx(value, rel=1e-11)
    assert len(values) == 3 * 2 * 2


def test_exercise_3_5_has_no_numbers_and_names_the_prescriber(dataset: bp.Dataset) -> None:
    text = answer("03", 5, dataset).text
    assert "prescriber" in text and "tolerance" in text
    assert not re.search(r"\d+(\.\d+)?\s?(%|h\b|mg)", text)


def test_notebook_has_an_answer_cell_for_every_exercise() -> None:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    numbers = [e.number for e in exercises_for("03")]
    assert numbers == [1, 2, 3, 4, 5]
    for k in numbers:
        question = [c for c in cells if f"**Exercise 3.{k}.**" in "".join(c["source"])]
        calls = [c for c in cells if f'answer("03", {k}, data)' in "".join(c["source"])]
        assert len(question) == 1 and len(calls) == 1
        assert calls[0]["metadata"]["tags"] == ["answer"]
