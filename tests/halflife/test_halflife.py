"""Half-life basics: analytic properties, the figures' label and alt text, the widget in place."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

import benzopk as bp
from benzopk.figure import LABEL_TEXT
from benzopk.halflife import compute as hl
from benzopk.halflife.figures import (
    HypotheticalDrugPlot,
    half_life_panels_figure,
    volume_clearance_figure,
)
from benzopk.halflife.text import elimination_table
from benzopk.halflife.widget import HalfLifeWidget

LN2 = math.log(2)


def test_volume_and_clearance_give_the_half_life() -> None:
    assert hl.half_life_from_volume_clearance(1.0, LN2) == pytest.approx(1.0)
    assert hl.rate_from_volume_clearance(3.0, 0.6) == pytest.approx(0.2)
    base = hl.half_life_from_volume_clearance(1.7, 0.3)
    assert hl.half_life_from_volume_clearance(3.4, 0.3) == pytest.approx(2 * base)
    assert hl.half_life_from_volume_clearance(1.7, 0.15) == pytest.approx(2 * base)
    assert hl.half_life_from_volume_clearance(3.4, 0.6) == pytest.approx(base)
    a, b, c = hl.volume_clearance_examples()
    assert b.half_life_h == pytest.approx(2 * a.half_life_h) == pytest.approx(c.half_life_h)
    assert a.rate_per_h == pytest.approx(LN2 / a.half_life_h)
    for bad in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(ValueError):
            hl.half_life_from_volume_clearance(bad, 1.0)
        with pytest.raises(ValueError):
            hl.half_life_from_volume_clearance(1.0, bad)


def test_elimination_table_is_one_minus_two_to_the_minus_n() -> None:
    rows = hl.elimination_rows(6)
    assert [r["half_lives"] for r in rows] == [1, 2, 3, 4, 5, 6]
    for r in rows:
        n = r["half_lives"]
        assert r["fraction_left"] == pytest.approx(0.5**n)
        assert r["fraction_eliminated"] == pytest.approx(1 - 0.5**n)
    text = elimination_table(6)
    assert "| 5 | 0.03125 | 96.88 % |" in text and "**5.06**" in text
    with pytest.raises(ValueError):
        hl.elimination_rows(0)


def test_half_lives_to_eliminate() -> None:
    assert hl.half_lives_to_eliminate(0.5) == pytest.approx(1.0)
    assert hl.half_lives_to_eliminate(0.75) == pytest.approx(2.0)
    assert hl.half_lives_to_eliminate(0.97) == pytest.approx(math.log(1 / 0.03) / LN2)
    assert hl.fraction_left_after_half_lives(hl.half_lives_to_eliminate(0.97)) == pytest.approx(
        0.03
    )
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError):
            hl.half_lives_to_eliminate(bad)


def test_reading_a_half_life() -> None:
    t_half = 7.3
    t = np.array([3.0, 20.0])
    a = bp.instant_dose_amount(t_half, t)
    assert hl.half_life_from_two_points(t[0], a[0], t[1], a[1]) == pytest.approx(t_half)
    assert hl.half_life_for_fraction_left(0.5, 9.0) == pytest.approx(9.0)
    assert hl.half_life_for_fraction_left(0.125, 9.0) == pytest.approx(3.0)
    with pytest.raises(ValueError):
        hl.half_life_from_two_points(2.0, 0.5, 1.0, 0.25)
    with pytest.raises(ValueError):
        hl.half_life_from_two_points(1.0, 0.25, 2.0, 0.5)


def test_nearest_compounds(dataset: bp.Dataset) -> None:
    name = "temazepam"
    t_half = dataset.compound(name).half_life.typical_h
    assert hl.nearest_compounds(dataset, t_half, 1)[0].name == name
    assert len(hl.nearest_compounds(dataset, 10.0, 3)) == 3


def test_hypothetical_drug_halves_each_half_life() -> None:
    drug = hl.hypothetical_drug(12.0, horizon_h=72.0, step_h=0.5)
    assert drug.times_h[0] == 0 and drug.times_h[-1] == pytest.approx(72.0)
    at = {float(t): float(a) for t, a in zip(drug.times_h, drug.fraction, strict=True)}
    for n in range(1, 7):
        assert at[12.0 * n] == pytest.approx(0.5**n)
    assert drug.first_wake_fraction == pytest.approx(0.5 ** (8.5 / 12.0))
    assert drug.fraction_at_wake.shape == (3,)
    assert drug.fraction_at_wake[1] == pytest.approx(0.5 ** (32.5 / 12.0))
    assert drug.hours_to_97pct == pytest.approx(12.0 * math.log(1 / 0.03) / LN2)
    assert np.all(drug.sleep_ends_h - drug.sleep_starts_h == pytest.approx(8.5))
    with pytest.raises(ValueError):
        hl.hypothetical_drug(0.0)
    with pytest.raises(ValueError):
        hl.hypothetical_drug(5.0, horizon_h=4.0)


def svg_text(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def test_figures_carry_the_label_and_alt_text(dataset: bp.Dataset) -> None:
    plot = HypotheticalDrugPlot()
    plot.update(hl.hypothetical_drug(8.0))
    for fig in (
        half_life_panels_figure(hl.single_dose(dataset, "temazepam")),
        volume_clearance_figure(),
        plot.fig,
    ):
        assert LABEL_TEXT in svg_text(fig)
        assert LABEL_TEXT in fig.alt_text and "fraction" in fig.alt_text.lower()
    t_half = dataset.compound("temazepam").half_life.typical_h
    assert f"{t_half:g} h" in half_life_panels_figure(hl.single_dose(dataset, "temazepam")).alt_text


def test_widget_updates_the_same_figure() -> None:
    widget = HalfLifeWidget(half_life_h=8.0)
    assert (widget.half_life.min, widget.half_life.max) == (hl.HYPOTHETICAL_MIN_H,
                                                           hl.HYPOTHETICAL_MAX_H)  # fmt: skip
    fig, line = widget.plot.fig, widget.plot.line
    before_png, before_y = widget.image.value, line.get_ydata().copy()
    generation = widget.plot.generation
    widget.half_life.value = 30.0
    assert widget.plot.fig is fig and widget.plot.line is line
    assert widget.plot.generation == generation + 1
    assert np.all(line.get_ydata() >= before_y - 1e-12)
    assert widget.image.value != before_png
    title = widget.plot.ax.get_title(loc="left")
    assert f"{0.5 ** (8.5 / 30.0):.2f}" in title and "wake-up" in title
    widget.half_life.value = 1000.0  # the slider clamps to its bound
    assert widget.drug.half_life_h == hl.HYPOTHETICAL_MAX_H
    bundle, metadata = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "fraction of one bedtime dose" in metadata["image/png"]["alt"]
    assert isinstance(bundle["image/png"], str) and len(bundle["image/png"]) > 1000


@pytest.mark.parametrize("bad", [0.1, 500.0, float("nan")])
def test_hypothetical_widget_rejects_a_start_outside_its_slider(bad: float) -> None:
    with pytest.raises(ValueError, match="outside the slider's range"):
        HalfLifeWidget(half_life_h=bad)
