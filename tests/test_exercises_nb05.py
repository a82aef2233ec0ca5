"""Notebook 05 (who is more at risk): every worked answer recomputed independently, and the
risk module's exact properties, figures and widget."""

from __future__ import annotations

import math

import numpy as np
import pytest

import benzopk as bp
from benzopk.exercises import answer, exercises_for
from benzopk.risk import (
    ILLUSTRATIVE_A50,
    ILLUSTRATIVE_HILL,
    amount_for_effect,
    claim_markdown,
    clearance_route,
    compare_modifier,
    illustrative_effect,
    modifier_rows,
    range_status,
)

DELTA = 8.5  # 22:30 → 07:00
TAU = 24.0


def wake_amount(t_half: float, nights: int) -> float:
    """Closed form at the N-th wake-up: 2^(−Δ/t½)·(1 − 2^(−τN/t½))/(1 − 2^(−τ/t½))."""
    return 2 ** (-DELTA / t_half) * (1 - 2 ** (-TAU * nights / t_half)) / (1 - 2 ** (-TAU / t_half))


def effect(a: float) -> float:
    return a**ILLUSTRATIVE_HILL / (a**ILLUSTRATIVE_HILL + ILLUSTRATIVE_A50**ILLUSTRATIVE_HILL)


def group_half_life(dataset: bp.Dataset, drug: str, kind: str, starts: str = "") -> float:
    rows = [
        m
        for m in dataset.modifiers
        if m.drug == drug and m.kind == kind and m.group.startswith(starts)
    ]
    m = rows[0]
    typical = dataset.drugs[drug].half_life.typical_h
    return m.half_life_h if m.half_life_h is not None else typical * m.multiplier


def test_five_exercises_are_registered() -> None:
    assert [e.number for e in exercises_for("05")] == [1, 2, 3, 4, 5]


def test_5_1_diazepam_older_age(dataset: bp.Dataset) -> None:
    values = answer("05", 1, dataset).values
    typical = dataset.drugs["diazepam"].half_life.typical_h
    older = group_half_life(dataset, "diazepam", "older age")
    assert values["typical_h"] == typical and values["older_h"] == older
    assert values["typical_night1"] == pytest.approx(wake_amount(typical, 1), rel=1e-9)
    assert values["older_night1"] == pytest.approx(wake_amount(older, 1), rel=1e-9)
    assert values["typical_week"] == pytest.approx(wake_amount(typical, 7), rel=1e-9)
    assert values["older_week"] == pytest.approx(wake_amount(older, 7), rel=1e-9)


def test_5_2_steep_and_flat(dataset: bp.Dataset) -> None:
    values = answer("05", 2, dataset).values
    cases = {
        "triazolam": group_half_life(dataset, "triazolam", "cyp3a4 inhibitor", "with itraconazole"),
        "diazepam": group_half_life(dataset, "diazepam", "older age"),
    }
    for name, modified_h in cases.items():
        typical = math.exp(-math.log(2) * DELTA / dataset.drugs[name].half_life.typical_h)
        modified = math.exp(-math.log(2) * DELTA / modified_h)
        assert values[f"{name}_typical"] == pytest.approx(typical, rel=1e-9)
        assert values[f"{name}_modified"] == pytest.approx(modified, rel=1e-9)
        assert values[f"{name}_effect_typical"] == pytest.approx(effect(typical), rel=1e-9)
        assert values[f"{name}_effect_modified"] == pytest.approx(effect(modified), rel=1e-9)
    # the teaching point holds on the data: a larger change of effect for triazolam
    tri = values["triazolam_effect_modified"] - values["triazolam_effect_typical"]
    dia = values["diazepam_effect_modified"] - values["diazepam_effect_typical"]
    assert tri > dia


def test_5_3_outside_the_range(dataset: bp.Dataset) -> None:
    values = answer("05", 3, dataset).values
    outside = 0
    for m in dataset.modifiers:
        hl = dataset.drugs[m.drug].half_life
        value = m.half_life_h if m.half_life_h is not None else hl.typical_h * m.multiplier
        outside += not hl.min_h <= value <= hl.max_h
    assert values == {"outside": outside, "rows": len(dataset.modifiers)}


def test_5_4_routes(dataset: bp.Dataset) -> None:
    values = answer("05", 4, dataset).values
    ratios: dict[str, list[float]] = {"oxidation": [], "glucuronidation": []}
    for m in dataset.modifiers:
        if m.kind not in ("older age", "liver impairment"):
            continue
        typical = dataset.drugs[m.drug].half_life.typical_h
        value = m.half_life_h if m.half_life_h is not None else typical * m.multiplier
        route = (
            "glucuronidation" if m.drug in {"lorazepam", "oxazepam", "temazepam"} else ("oxidation")
        )
        ratios[route].append(value / typical)
        if m.drug == "lorazepam":
            assert values["lorazepam_liver_ratio"] == pytest.approx(value / typical)
    for route, found in ratios.items():
        assert values[f"{route}_median"] == pytest.approx(float(np.median(found)))
        assert values[f"{route}_rows"] == len(found)


def test_5_5_zolpidem(dataset: bp.Dataset) -> None:
    values = answer("05", 5, dataset).values
    assert values["typical"] == pytest.approx(
        wake_amount(dataset.drugs["zolpidem"].half_life.typical_h, 1), rel=1e-9
    )
    for kind in ("sex", "older age", "liver impairment"):
        expected = wake_amount(group_half_life(dataset, "zolpidem", kind), 1)
        assert values[kind.replace(" ", "_")] == pytest.approx(expected, rel=1e-9)


# --- the library ---------------------------------------------------------------------------


def test_illustrative_effect_is_half_at_a50_and_inverts() -> None:
    assert illustrative_effect([ILLUSTRATIVE_A50])[0] == pytest.approx(0.5)
    assert illustrative_effect([0.0])[0] == 0.0
    assert illustrative_effect([1e12])[0] == pytest.approx(1.0)
    a = np.geomspace(1e-3, 1e3, 50)
    assert np.all(np.diff(illustrative_effect(a)) > 0)
    assert illustrative_effect(a, a50=2.0, hill=1.0) == pytest.approx(a / (a + 2.0))
    for e in (0.1, 0.25, 0.5, 0.9):
        assert illustrative_effect([amount_for_effect(e)])[0] == pytest.approx(e)
    with pytest.raises(ValueError):
        illustrative_effect([-1.0])
    with pytest.raises(ValueError):
        amount_for_effect(1.0)


def test_compare_modifier_matches_closed_form_and_never_clips(dataset: bp.Dataset) -> None:
    for m in dataset.modifiers:
        c = compare_modifier(dataset, m, 5)
        typical = dataset.drugs[m.drug].half_life.typical_h
        modified = m.half_life_for(typical)
        assert c.row.modified_h == modified  # not clipped to the adult range
        expected = [wake_amount(modified, n) for n in range(1, 6)]
        assert c.modified_at_wake == pytest.approx(expected, rel=1e-9)
        assert c.typical_at_wake == pytest.approx([wake_amount(typical, n) for n in range(1, 6)])
        assert c.times_h[-1] == 5 * 24.0 and c.typical.shape == c.times_h.shape
    with pytest.raises(ValueError):
        compare_modifier(dataset, dataset.modifiers[0], 0)


def test_routes_and_range_status(dataset: bp.Dataset) -> None:
    assert {d for d in dataset.drugs if clearance_route(d) == "glucuronidation"} == {
        "lorazepam",
        "oxazepam",
        "temazepam",
    }
    assert range_status(9.0, 1.5, 5.5) == "outside the published adult range (1.5–5.5 h): longer"
    assert range_status(3.0, 1.5, 5.5).startswith("within")
    assert range_status(1.0, 1.5, 5.5).endswith("shorter")
    rows = modifier_rows(dataset, ["older age"])
    assert rows and all(r.modifier.kind == "older age" for r in rows)


def test_claim_markdown_cites_and_escapes(write_dataset) -> None:
    def edit(tables):
        tables["claims.csv"][1][0]["statement"] = "Text with <b>markup</b> & more."

    data = bp.load_dataset(write_dataset(edit))
    text = claim_markdown(data, "test_claim")
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; more." in text and "<b>" not in text
    assert "Synthetic test document" in text and "Section 1" in text
    with pytest.raises(ValueError):
        claim_markdown(data, "no_such_claim")


def test_figures_carry_label_alt_text_and_range_note(dataset: bp.Dataset) -> None:
    from benzopk.figures_risk import modifier_figure, ratio_figure
    from benzopk.plots import LABEL_GID

    def has_label(fig) -> bool:
        return any(getattr(t, "get_gid", lambda: None)() == LABEL_GID for t in fig.findobj())

    m = next(
        m for m in dataset.modifiers_for("triazolam") if m.group.startswith("with itraconazole")
    )
    fig = modifier_figure(compare_modifier(dataset, m, 3))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("outside the published adult range" in t for t in texts)
    assert any("ILLUSTRATIVE" in t and "not measured" in t for t in texts)
    assert any("illustrative threshold" in t for t in texts)
    assert has_label(fig) and "outside" in fig.alt_text
    bars = ratio_figure(modifier_rows(dataset))
    assert has_label(bars) and "glucuronidation" in bars.alt_text
    assert bars.png_bytes()[:4] == b"\x89PNG"


def test_widget_updates_one_figure_in_place(dataset: bp.Dataset) -> None:
    from benzopk.risk_widget import RiskWidget

    widget = RiskWidget(dataset, "triazolam", 2)
    fig, line = widget.plot.fig, widget.plot.modified_line
    generation = widget.plot.generation
    first = line.get_ydata().copy()
    widget.drug.value = "zolpidem"
    assert widget.plot.generation == generation + 1  # one refresh per drug change
    labels = [label for label, _ in widget.modifier.options]
    assert len(labels) == len(dataset.modifiers_for("zolpidem"))
    widget.modifier.value = labels.index(next(x for x in labels if x.startswith("sex")))
    widget.nights.value = widget.nights.max
    assert widget.plot.fig is fig and widget.plot.modified_line is line
    assert not np.array_equal(first, line.get_ydata())
    assert widget.nights.max == 14 and widget.selected.kind == "sex"
    assert "women" in widget.status.value
    bundle, meta = widget._repr_mimebundle_()
    assert "image/png" in bundle and "live version" in bundle["text/plain"]
    assert meta["image/png"]["alt"] == fig.alt_text
