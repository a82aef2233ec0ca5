"""Notebook 05 (who is more at risk): every worked answer recomputed independently, and the
risk module's exact properties, figures and widget."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from independent import independent_systems, wake_total

import benzopk as bp
from benzopk.answers import answer, exercises_for
from benzopk.risk.compute import clearance_route, compare_modifier, modifier_rows
from benzopk.risk.effect import (
    ILLUSTRATIVE_A50,
    ILLUSTRATIVE_HILL,
    amount_for_effect,
    illustrative_effect,
)
from benzopk.risk.groups import range_status
from benzopk.tables import claims
from benzopk.timeline import MAX_SLIDER_NIGHTS

DELTA = 8.5  # 22:30 → 07:00
TAU = 24.0


def wake_amount(t_half: float, nights: int) -> float:
    """Closed form at the N-th wake-up: 2^(−Δ/t½)·(1 − 2^(−τN/t½))/(1 − 2^(−τ/t½))."""
    return 2 ** (-DELTA / t_half) * (1 - 2 ** (-TAU * nights / t_half)) / (1 - 2 ** (-TAU / t_half))


def effect(a: float) -> float:
    return a**ILLUSTRATIVE_HILL / (a**ILLUSTRATIVE_HILL + ILLUSTRATIVE_A50**ILLUSTRATIVE_HILL)


def _csv(dataset: bp.Dataset, name: str) -> list[dict[str, str]]:
    with (Path(dataset.directory) / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def csv_rows(dataset: bp.Dataset) -> list[dict[str, float | str]]:
    """Each row of data/modifiers.csv read with the csv module (not through benzopk): the
    compound's half-life in the group, its baseline (the study's comparison group, else the
    typical adult value for a fold change or an unchanged half-life), their ratio, the
    exposure ratio as the row's basis defines it, the adult range and its kind, and the
    drug's route."""
    compounds = {
        d["name"]: d for d in _csv(dataset, "drugs.csv") + _csv(dataset, "metabolites.csv")
    }
    out: list[dict[str, float | str]] = []
    for m in _csv(dataset, "modifiers.csv"):
        compound = compounds[m["compound"] or m["drug"]]
        typical = float(compound["half_life_h"])
        if m["half_life_h"]:
            group = float(m["half_life_h"])
            assert m["control_half_life_h"], "every published half-life has its control"
            baseline = float(m["control_half_life_h"])
        elif m["multiplier"]:
            baseline = typical
            group = typical * float(m["multiplier"])
        else:
            assert m["basis"] == "half-life unchanged"
            baseline = group = typical
        ratio = group / baseline
        basis = m["exposure_basis"]
        if basis == "published bioavailability":
            exposure = float(m["bioavailability_group"]) / float(m["bioavailability_control"])
        elif basis == "derived from AUC and half-life ratios":
            exposure = float(m["auc_ratio"]) / ratio
        elif basis == "published AUC ratio":
            exposure = float(m["auc_ratio"])
        else:
            exposure = 1.0
        kind = compound["half_life_range_kind"]
        out.append(
            {
                "drug": m["drug"],
                "compound": compound["name"],
                "kind": m["modifier"],
                "group": m["group"],
                "group_h": group,
                "baseline_h": baseline,
                "ratio": ratio,
                "exposure": exposure,
                "range_kind": kind,
                "min_h": float(compound["half_life_min_h"] or typical),
                "max_h": float(compound["half_life_max_h"] or typical),
                "route": compounds[m["drug"]]["metabolism_route"],
            }
        )
    return out


def csv_row(dataset: bp.Dataset, drug: str, kind: str, starts: str = "") -> dict[str, float | str]:
    return next(
        r
        for r in csv_rows(dataset)
        if r["drug"] == drug and r["kind"] == kind and str(r["group"]).startswith(starts)
    )


def hours(row: dict[str, float | str], key: str) -> float:
    value = row[key]
    assert isinstance(value, float)
    return value


def linked_wake(row: dict[str, float | str], key: str, nights: int) -> float:
    """The drug's active compounds at wake-up after ``nights`` nights, the row's compound at
    the half-life ``row[key]`` and everything else typical (independent computation)."""
    systems = independent_systems({str(row["compound"]): hours(row, key)})
    return wake_total(systems[str(row["drug"])], DELTA, nights)


def test_five_exercises_are_registered() -> None:
    assert [e.number for e in exercises_for("05")] == [1, 2, 3, 4, 5]


def test_baselines_are_within_one_study(dataset: bp.Dataset) -> None:
    """Rows with a published half-life use the study's own comparison group; fold-change
    rows use the typical adult value; the ratio is the modifier's fold change."""
    from_csv = csv_rows(dataset)
    rows = modifier_rows(dataset)
    assert len(rows) == len(from_csv)
    for row, expected in zip(rows, from_csv, strict=True):
        assert row.baseline_h == expected["baseline_h"]
        assert row.group_h == pytest.approx(expected["group_h"], rel=1e-12)
        assert row.ratio == pytest.approx(expected["ratio"], rel=1e-12)
        assert row.ratio == pytest.approx(row.modifier.fold_change, rel=1e-12)
        if row.within_study:
            assert row.baseline_label.startswith("study's comparison group (")
        elif row.modifier.basis == "half-life unchanged":
            assert row.ratio == 1.0 and row.baseline_label.startswith("typical adult (")
        else:
            assert row.baseline_label.startswith("typical adult ×")
    # the two examples that motivated the change: no lengthening for temazepam in cirrhosis,
    # about ×1.9 (not ×3.4 against the typical value) for lorazepam
    tem = csv_row(dataset, "temazepam", "liver impairment")
    assert hours(tem, "ratio") < 1
    lor = csv_row(dataset, "lorazepam", "liver impairment")
    assert hours(lor, "ratio") == pytest.approx(41.2 / 21.7)


def test_5_1_diazepam_older_age(dataset: bp.Dataset) -> None:
    """Diazepam with nordiazepam (typical) in both groups; only diazepam's half-life moves."""
    values = answer("05", 1, dataset).values
    row = csv_row(dataset, "diazepam", "older age")
    assert values["baseline_h"] == hours(row, "baseline_h")
    assert values["older_h"] == hours(row, "group_h")
    assert values["baseline_night1"] == pytest.approx(linked_wake(row, "baseline_h", 1), rel=1e-9)
    assert values["older_night1"] == pytest.approx(linked_wake(row, "group_h", 1), rel=1e-9)
    assert values["baseline_week"] == pytest.approx(linked_wake(row, "baseline_h", 7), rel=1e-9)
    assert values["older_week"] == pytest.approx(linked_wake(row, "group_h", 7), rel=1e-9)


def test_5_2_steep_and_flat(dataset: bp.Dataset) -> None:
    values = answer("05", 2, dataset).values
    cases = {
        "triazolam": csv_row(
            dataset, "triazolam", "cyp3a4 inhibitor", "with a single itraconazole"
        ),
        "diazepam": csv_row(dataset, "diazepam", "older age"),
    }
    for name, row in cases.items():
        baseline = linked_wake(row, "baseline_h", 1)
        group = linked_wake(row, "group_h", 1) * hours(row, "exposure")
        assert values[f"{name}_baseline"] == pytest.approx(baseline, rel=1e-9)
        assert values[f"{name}_group"] == pytest.approx(group, rel=1e-9)
        assert values[f"{name}_effect_baseline"] == pytest.approx(effect(baseline), rel=1e-9)
        assert values[f"{name}_effect_group"] == pytest.approx(effect(group), rel=1e-9)
    # the teaching point holds on the data: a larger change of effect for triazolam
    tri = values["triazolam_effect_group"] - values["triazolam_effect_baseline"]
    dia = values["diazepam_effect_group"] - values["diazepam_effect_baseline"]
    assert tri > dia


def test_5_3_outside_the_range(dataset: bp.Dataset) -> None:
    values = answer("05", 3, dataset).values
    rows = csv_rows(dataset)
    out = [
        r
        for r in rows
        if r["range_kind"] and not hours(r, "min_h") <= hours(r, "group_h") <= hours(r, "max_h")
    ]
    people = sum(r["range_kind"] == "individual" for r in out)
    assert values == {"outside": len(out), "outside_people": people, "rows": len(rows)}


def test_5_4_routes(dataset: bp.Dataset) -> None:
    values = answer("05", 4, dataset).values
    ratios: dict[str, list[float]] = {"oxidation": [], "glucuronidation": []}
    for r in csv_rows(dataset):
        if r["kind"] not in ("older age", "liver impairment"):
            continue
        route = str(r["route"])
        ratios.setdefault(route, [])
        ratios[route].append(hours(r, "group_h") / hours(r, "baseline_h"))
    for route, found in ratios.items():
        assert values[f"{route}_median"] == pytest.approx(float(np.median(found)))
        assert values[f"{route}_rows"] == len(found)
    lor = csv_row(dataset, "lorazepam", "liver impairment")
    assert values["lorazepam_liver_ratio"] == pytest.approx(
        hours(lor, "group_h") / hours(lor, "baseline_h")
    )
    tem = csv_row(dataset, "temazepam", "liver impairment")
    assert values["temazepam_liver_ratio"] == pytest.approx(
        hours(tem, "group_h") / hours(tem, "baseline_h")
    )


def test_5_5_zolpidem(dataset: bp.Dataset) -> None:
    values = answer("05", 5, dataset).values
    for kind in ("sex", "older age", "liver impairment"):
        row = csv_row(dataset, "zolpidem", kind)
        key = kind.replace(" ", "_")
        alone = wake_amount(hours(row, "group_h"), 1)
        assert values[f"{key}_half_life_only"] == pytest.approx(alone, rel=1e-9)
        assert values[key] == pytest.approx(alone * hours(row, "exposure"), rel=1e-9)
        assert values[f"{key}_baseline"] == pytest.approx(
            wake_amount(hours(row, "baseline_h"), 1), rel=1e-9
        )
    # women: the same half-life, higher exposure (CL/F), not a longer half-life
    sex = csv_row(dataset, "zolpidem", "sex")
    assert hours(sex, "ratio") == 1.0 and hours(sex, "exposure") > 1.0


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


def test_compare_modifier_matches_the_linked_system_and_never_clips(dataset: bp.Dataset) -> None:
    """Every row, against an independent computation of the drug's linked system: the
    row's compound at the baseline or group half-life, the group also with its exposure."""
    for m, row in zip(dataset.modifiers, csv_rows(dataset), strict=True):
        c = compare_modifier(dataset, m, 3)
        assert c.row.group_h == pytest.approx(hours(row, "group_h"), rel=1e-12)  # not clipped
        alone = [linked_wake(row, "group_h", n) for n in range(1, 4)]
        assert c.half_life_only_at_wake == pytest.approx(alone, rel=1e-9)
        exposure = hours(row, "exposure")
        assert c.group_at_wake == pytest.approx([a * exposure for a in alone], rel=1e-9)
        assert c.baseline_at_wake == pytest.approx(
            [linked_wake(row, "baseline_h", n) for n in range(1, 4)], rel=1e-9
        )
        assert c.wake_ratio == pytest.approx(c.half_life_wake_ratio * exposure, rel=1e-12)
        assert c.times_h[-1] == 3 * 24.0 and c.baseline.shape == c.times_h.shape
    with pytest.raises(ValueError):
        compare_modifier(dataset, dataset.modifiers[0], 0)


def test_a_first_pass_interaction_is_exposure_not_half_life(dataset: bp.Dataset) -> None:
    """Oral midazolam with voriconazole: bioavailability as published (0.31 → 0.84) enters
    as what reaches the body; the half-life is the one measured after the injection."""
    oral = next(
        m for m in dataset.modifiers_for("midazolam")
        if m.exposure_basis == "published bioavailability"
    )  # fmt: skip
    assert (oral.bioavailability_control, oral.bioavailability_group) == (0.31, 0.84)
    c = compare_modifier(dataset, oral, 1)
    assert c.row.exposure_ratio == pytest.approx(0.84 / 0.31)
    assert c.wake_ratio == pytest.approx(c.half_life_wake_ratio * 0.84 / 0.31)


def test_routes_and_range_status(dataset: bp.Dataset) -> None:
    routes = {d: clearance_route(dataset, d) for d in dataset.drugs}
    assert {d for d, r in routes.items() if r == "glucuronidation"} == {
        "lorazepam",
        "lormetazepam",
        "oxazepam",
        "temazepam",
    }
    assert range_status(9.0, 1.5, 5.5) == "outside the published adult range (1.5–5.5 h): longer"
    assert range_status(9.0, 1.5, 5.5, "study_means").startswith(
        "outside the published range of adult study means"
    )
    assert range_status(3.0, 1.5, 5.5).startswith("within")
    assert range_status(1.0, 1.5, 5.5).endswith("shorter")
    assert range_status(1.0, 1.0, 1.0, "") == "no published adult range to compare with"
    rows = modifier_rows(dataset, ["older age"])
    assert rows and all(r.modifier.kind == "older age" for r in rows)


def test_claims_are_cited_and_escaped(write_dataset) -> None:
    def edit(tables):
        tables["claims.csv"][1][0]["statement"] = "Text with <b>markup</b> & more."

    data = bp.load_dataset(write_dataset(edit))
    text = claims(data, ["test_claim"])
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; more." in text and "<b>" not in text
    assert "Synthetic test document" in text and "Section 1" in text
    with pytest.raises(ValueError):
        claims(data, ["no_such_claim"])


def test_figures_carry_label_alt_text_and_range_note(dataset: bp.Dataset) -> None:
    from benzopk.figure import LABEL_GID
    from benzopk.risk.figures import modifier_figure, ratio_figure

    def has_label(fig) -> bool:
        return any(getattr(t, "get_gid", lambda: None)() == LABEL_GID for t in fig.findobj())

    m = next(
        m for m in dataset.modifiers_for("triazolam") if m.group.startswith("with a single itra")
    )
    fig = modifier_figure(compare_modifier(dataset, m, 3))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("outside the published range of adult study means" in t for t in texts)
    assert any("typical adult × published fold change" in t for t in texts)
    assert any("AUC ratio" in t and "volume assumed unchanged" in t for t in texts)
    assert "typical adult × published fold change" in fig.alt_text
    # a within-study row names the study's comparison group in the note, legend and alt text
    lor = dataset.modifiers_for("lorazepam")[0]
    fig_lor = modifier_figure(compare_modifier(dataset, lor, 3))
    texts = [t.get_text() for ax in fig_lor.axes for t in ax.texts]
    assert any("study's comparison group" in t and "×1.90" in t for t in texts)
    legend = fig_lor.axes[0].get_legend()
    assert legend is not None
    assert legend.get_texts()[0].get_text() == "baseline t½: study's comparison group"
    assert "21.7 h, study's comparison group" in fig_lor.alt_text
    assert any("ILLUSTRATIVE" in t and "not measured" in t for t in texts)
    assert any("illustrative threshold" in t for t in texts)
    assert has_label(fig) and "outside" in fig.alt_text
    bars = ratio_figure(modifier_rows(dataset))
    assert has_label(bars) and "glucuronidation" in bars.alt_text
    assert "temazepam — liver impairment: biopsy-proven cirrhosis ×0.73" in bars.alt_text
    assert "flurazepam (desalkylflurazepam) — older age: elderly men ×2.16" in bars.alt_text
    assert "comparison group" in bars.axes[-1].get_xlabel()
    assert bars.png_bytes()[:4] == b"\x89PNG"


def test_widget_updates_one_figure_in_place(dataset: bp.Dataset) -> None:
    from benzopk.risk.widget import RiskWidget

    widget = RiskWidget(dataset, "triazolam", 2)
    fig, line = widget.plot.fig, widget.plot.group_line
    generation = widget.plot.generation
    first = line.get_ydata().copy()
    widget.drug.value = "zolpidem"
    assert widget.plot.generation == generation + 1  # one refresh per drug change
    labels = [label for label, _ in widget.modifier.options]
    assert len(labels) == len(dataset.modifiers_for("zolpidem"))
    widget.modifier.value = labels.index(next(x for x in labels if x.startswith("sex")))
    widget.nights.value = widget.nights.max
    assert widget.plot.fig is fig and widget.plot.group_line is line
    assert not np.array_equal(first, line.get_ydata())
    assert widget.nights.max == MAX_SLIDER_NIGHTS and widget.selected.kind == "sex"
    assert "women" in widget.status.value
    assert "typical adult (the study found the half-life unchanged)" in widget.status.value
    assert "CL/F" in widget.status.value and "×1.54" in widget.status.value
    widget.modifier.value = labels.index(next(x for x in labels if x.startswith("older age")))
    assert "study&#x27;s comparison group (young adults" in widget.status.value
    bundle, meta = widget._repr_mimebundle_()
    assert "image/png" in bundle and "live version" in bundle["text/plain"]
    assert meta["image/png"]["alt"] == fig.alt_text
