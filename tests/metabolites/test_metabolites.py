"""benzopk.metabolites and benzopk.figures_metabolites: exact properties."""

from __future__ import annotations

import math

import numpy as np
import pytest

import benzopk as bp
from benzopk.figure import TeachingFigure
from benzopk.formulas import hours_to_fraction_eliminated, tmax_from_rates
from benzopk.labels import LABEL_TEXT
from benzopk.metabolites.compute import (
    activity_summary,
    drugs_with_metabolites,
    fraction_label,
    hours_until_remaining,
    links_below,
    metabolite_at_wake,
    metabolite_peak,
    path_fraction,
    peak_time,
    share_at_wake,
    system_with_fractions,
)
from benzopk.metabolites.curves import fraction_scaling, nightly_curves, single_dose_curves
from benzopk.metabolites.figures import (
    elimination_times_figure,
    fraction_scaling_figure,
    nights_metabolites_figure,
    single_dose_figure,
)
from benzopk.metabolites.text import activity_table, links_table, peaks_table
from benzopk.model import Compartment, LinearSystem


@pytest.fixture(scope="module")
def data() -> bp.Dataset:
    return bp.load_dataset()


def test_drugs_with_metabolites_are_the_link_parents(data: bp.Dataset) -> None:
    expected = {lk.parent for lk in data.links if lk.parent in data.drugs}
    assert set(drugs_with_metabolites(data)) == expected


def test_fraction_label_says_assumed_and_the_percentage(data: bp.Dataset) -> None:
    for link in data.links:
        label = fraction_label(link)
        assert f"{100 * link.fraction:.3g} % of {link.parent} forms {link.metabolite}" in label
        assert label.startswith("assumed:") == link.is_assumption
        assert ("not published" in label) == link.is_assumption


def test_path_fraction_is_the_product_along_the_chain(data: bp.Dataset) -> None:
    for link in data.links:
        if link.parent in data.drugs:
            assert path_fraction(data, link.parent, link.metabolite) == link.fraction
    by = {(lk.parent, lk.metabolite): lk.fraction for lk in data.links}
    assert path_fraction(data, "quazepam", "desalkylflurazepam") == pytest.approx(
        by[("quazepam", "2-oxoquazepam")] * by[("2-oxoquazepam", "desalkylflurazepam")]
    )


@pytest.mark.parametrize("scale", [0.25, 0.5, 0.9])
def test_metabolite_scales_linearly_with_the_fraction(data: bp.Dataset, scale: float) -> None:
    for drug in drugs_with_metabolites(data):
        for link in data.metabolite_tree(drug):
            key = (link.parent, link.metabolite)
            base = system_with_fractions(data, drug)
            other = system_with_fractions(data, drug, {key: scale * link.fraction})
            grid = np.linspace(0.0, 400.0, 801)
            doses = np.arange(5) * 24.0
            a, b = base.amounts(doses, grid), other.amounts(doses, grid)
            i = base.index(link.metabolite)
            np.testing.assert_allclose(b[i], scale * a[i], rtol=1e-12, atol=1e-15)
            if not data.compound(drug).prodrug:  # a prodrug's system holds no parent
                np.testing.assert_allclose(b[0], a[0], rtol=0, atol=0)  # parent unchanged
            assert metabolite_at_wake(
                data, drug, link.metabolite, {key: scale * link.fraction}
            ) == pytest.approx(scale * metabolite_at_wake(data, drug, link.metabolite))


def test_system_with_fractions_rejects_unknown_links_and_bad_fractions(data: bp.Dataset) -> None:
    with pytest.raises(ValueError, match="no link"):
        system_with_fractions(data, "diazepam", {("flurazepam", "desalkylflurazepam"): 0.5})
    with pytest.raises(ValueError, match="fraction_from_source"):
        system_with_fractions(data, "diazepam", {("diazepam", "nordiazepam"): 1.5})


def test_peak_time_matches_the_bateman_formula() -> None:
    for t1, t2 in [(2.3, 68.6), (44.2, 53.0), (10.0, 10.0 * 1.000001), (60.0, 5.0)]:
        k1, k2 = math.log(2) / t1, math.log(2) / t2
        system = LinearSystem((Compartment("p", k1), Compartment("m", k2, 0, 0.7)))
        assert peak_time(system, "m") == pytest.approx(tmax_from_rates(k1, k2), abs=1e-3)


def test_hours_until_remaining_parent_alone_is_the_closed_form(data: bp.Dataset) -> None:
    for drug in drugs_with_metabolites(data):
        if data.compound(drug).prodrug:
            continue
        system = system_with_fractions(data, drug)
        t_half = data.compound(drug).half_life.typical_h
        got = hours_until_remaining(system, [drug], 0.03)
        assert got == pytest.approx(hours_to_fraction_eliminated(t_half, 0.97), abs=1e-3)
        # The sum of parent and metabolites is gone later, and stays below afterwards.
        total = hours_until_remaining(system, None, 0.03)
        assert total > got
        after = system.amounts([0.0], np.linspace(total, total + 2000, 500)).sum(axis=0)
        assert np.all(after <= 0.03 + 1e-12)


def test_share_at_wake_is_between_zero_and_one(data: bp.Dataset) -> None:
    for drug in drugs_with_metabolites(data):
        if data.compound(drug).prodrug:
            assert activity_summary(data, drug).share_at_wake == 1.0
            continue
        share = share_at_wake(system_with_fractions(data, drug))
        assert 0 < share < 1


def test_tables_name_every_link_and_drug(data: bp.Dataset) -> None:
    drugs = drugs_with_metabolites(data)
    links = links_table(links_below(data, drugs))
    for drug in drugs:
        for link in data.metabolite_tree(drug):
            assert f"{link.parent} → {link.metabolite}" in links
    peaks = peaks_table([metabolite_peak(data, "flurazepam", "desalkylflurazepam")])
    assert "assumed: 50 % of flurazepam" in peaks or "published" in peaks
    summaries = [activity_summary(data, d) for d in drugs]
    table = activity_table(summaries)
    assert all(f"| {d} |" in table or f"| {d} (prodrug) |" in table for d in drugs)


def _all_text(fig: TeachingFigure) -> str:
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return "\n".join(texts).replace("\n", " ")


def test_figures_carry_the_label_and_state_the_fractions(data: bp.Dataset) -> None:
    drugs = drugs_with_metabolites(data)
    figures = [
        single_dose_figure(single_dose_curves(data, drugs, points=200)),
        nights_metabolites_figure(nightly_curves(data, drugs, nights=3, step_h=0.5)),
        elimination_times_figure([activity_summary(data, d) for d in drugs]),
        fraction_scaling_figure(
            fraction_scaling(data, "flurazepam", "desalkylflurazepam", nights=3)
        ),
    ]
    for fig in figures:
        text = _all_text(fig)
        assert LABEL_TEXT in text
        assert LABEL_TEXT in fig.alt_text and len(fig.alt_text) > 80
    for fig in figures[:2]:
        text = " ".join(_all_text(fig).split())
        for link in data.links:
            assert fraction_label(link) in text
    assert fraction_label(next(lk for lk in data.links if lk.parent == "flurazepam")) in " ".join(
        _all_text(figures[3]).split()
    )
