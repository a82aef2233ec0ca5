"""Notebook 07, people not averages: the simulation against the exact closed form, the
spreads and groups, reproducibility, the figure's label and wording, the widget in place."""

from __future__ import annotations

import io
import itertools
import math

import numpy as np
import pytest

import benzopk as bp
from benzopk.figure import LABEL_GID, LABEL_TEXT
from benzopk.model import LinearSystem
from benzopk.population import (
    PERCENTILE_Z,
    Spread,
    closed_form_share,
    compound_spread,
    population_groups,
    population_summary,
    share_table,
    shares_markdown,
    simulate_population,
    single_compound_amount,
    wake_amounts,
)
from benzopk.timeline import MAX_SLIDER_NIGHTS, hours_to_wake

DELTA = hours_to_wake("22:30", "07:00")  # 8.5 h

# One compound each after an oral dose (clorazepate: a prodrug whose dose enters as
# nordiazepam), every one with a range of values seen in people.
SINGLE = ("alprazolam", "bromazepam", "clonazepam", "lormetazepam", "nitrazepam", "oxazepam",
          "clorazepate")  # fmt: skip


def group_row(dataset: bp.Dataset, drug: str, words: str) -> bp.data.Modifier:
    return next(m for m in population_groups(dataset, drug) if words in m.group)


def exposure_of(dataset: bp.Dataset, drug: str) -> float:
    """What one dose puts into the single compound (a prodrug: its link fraction)."""
    if dataset.compound(drug).prodrug:
        return dataset.links_from(drug)[0].fraction
    return 1.0


# --- the simulation against the exact closed form --------------------------------------


@pytest.mark.parametrize("drug", SINGLE)
@pytest.mark.parametrize("seed", [7, 2024])
def test_simulated_share_matches_the_closed_form(dataset: bp.Dataset, drug: str, seed: int) -> None:
    levels, nights = (0.1, 0.5, 0.9, 1.6), (1, 3, 14, 21)
    for night in nights:
        result = simulate_population(dataset, drug, nights=night, seed=seed)
        assert result.compounds == (result.varying) and len(result.compounds) == 1
        spread = result.spreads[0]
        for level in levels:
            share = result.with_level(level).share(night)
            exact = closed_form_share(
                spread.median_h, spread.sigma, level, DELTA, night, exposure_of(dataset, drug)
            )
            error = math.sqrt(exact * (1 - exact) / result.people)
            # within 4 binomial standard errors, plus one person for the discreteness
            assert abs(share.fraction - exact) <= 4 * error + 1 / result.people, (
                drug, night, level, share.fraction, exact,
            )  # fmt: skip


def test_closed_form_numbers_for_the_report(dataset: bp.Dataset) -> None:
    """The oxazepam case worked by hand: night 1, level 0.5 → t* = Δ exactly."""
    spread = compound_spread(dataset.compound("oxazepam"))
    exact = closed_form_share(spread.median_h, spread.sigma, 0.5, DELTA, 1)
    by_hand = 0.5 * math.erfc(math.log(DELTA / spread.median_h) / spread.sigma / math.sqrt(2))
    assert exact == pytest.approx(by_hand, rel=1e-10)
    big = simulate_population(dataset, "oxazepam", nights=1, people=200_000, seed=1)
    assert abs(big.share_night1.fraction - exact) <= 4 * big.share_night1.standard_error


def test_closed_form_edges() -> None:
    # the amount rises towards N doses as t½ grows: at or above N (× exposure) nobody
    assert closed_form_share(30.0, 0.5, 14.0, DELTA, 14) == 0.0
    assert closed_form_share(30.0, 0.5, 2.0, DELTA, 1, exposure=2.0) == 0.0
    assert closed_form_share(30.0, 0.5, 50.0, DELTA, 14) == 0.0
    # a level below everybody's amount: everybody
    assert closed_form_share(30.0, 0.5, 1e-9, DELTA, 1) == pytest.approx(1.0, abs=1e-9)
    # σ = 0: everybody on the same side
    typical = single_compound_amount(30.0, DELTA, 3, 24.0)
    assert closed_form_share(30.0, 0.0, 0.99 * typical, DELTA, 3) == 1.0
    assert closed_form_share(30.0, 0.0, 1.01 * typical, DELTA, 3) == 0.0
    # the level at the median person's amount: half the people
    assert closed_form_share(30.0, 0.4, typical, DELTA, 3) == pytest.approx(0.5, abs=1e-9)
    with pytest.raises(ValueError):
        closed_form_share(30.0, 0.5, 0.0, DELTA, 1)


def test_simulation_edges(dataset: bp.Dataset) -> None:
    above_all = simulate_population(dataset, "diazepam", level=1e-6, nights=3)
    assert above_all.share_night1.fraction == 1.0 and above_all.share_night_n.fraction == 1.0
    nobody = simulate_population(dataset, "diazepam", level=4.0, nights=3)  # 3 doses at most
    assert nobody.share_night1.fraction == 0.0 and nobody.share_night_n.fraction == 0.0
    assert nobody.share_night1.standard_error == 0.0


# --- the closed forms over people against the engine ----------------------------------


@pytest.mark.parametrize("drug", ["diazepam", "quazepam", "flurazepam", "clorazepate", "clobazam"])
def test_per_person_closed_form_matches_the_engine(dataset: bp.Dataset, drug: str) -> None:
    system = bp.system_for_drug(dataset, drug)
    typical = [dataset.compound(c.name).half_life.typical_h for c in system.compartments]
    rng = np.random.default_rng(3)
    rows = [typical, *(np.array(typical) * np.exp(0.6 * rng.standard_normal(len(typical)))
                       for _ in range(4))]  # fmt: skip
    if len(typical) > 1:  # coinciding and nearly coinciding rates in one person
        rows += [[typical[0]] * len(typical), [typical[0] * (1 + 1e-9 * i)
                                                for i in range(len(typical))]]  # fmt: skip
    half_lives = np.array(rows, dtype=float)
    got = wake_amounts(system, half_lives, DELTA, (1, 5))
    doses = np.arange(5) * 24.0
    for person, row in enumerate(half_lives):
        scaled = tuple(
            type(c)(c.name, math.log(2) / t, c.source, c.fraction_from_source)
            for c, t in zip(system.compartments, row, strict=True)
        )
        engine = LinearSystem(scaled, system.dose_inputs)
        for i, night in enumerate((1, 5)):
            want = engine.amounts(doses[:night], [doses[night - 1] + DELTA])[:, 0]
            np.testing.assert_allclose(got[i, person], want, rtol=1e-9, atol=1e-13)


def test_the_typical_person_is_the_morning_after_table(dataset: bp.Dataset) -> None:
    from benzopk.nextday.morning import drug_wake

    for drug in sorted(dataset.drugs):
        result = simulate_population(dataset, drug, nights=14, people=10)
        wake = drug_wake(dataset, drug, nights=14)
        assert result.typical_night1 == pytest.approx(wake.fraction_at_wake_night1, rel=1e-9)
        assert result.typical_night_n == pytest.approx(wake.fraction_at_wake_night_n, rel=1e-9)


# --- spreads, groups, reproducibility -------------------------------------------------


def test_spread_from_an_individual_range_is_the_stated_assumption(dataset: bp.Dataset) -> None:
    hl = dataset.compound("alprazolam").half_life
    spread = compound_spread(dataset.compound("alprazolam"))
    assert spread.median_h == hl.typical_h
    assert spread.sigma == pytest.approx(math.log(hl.max_h / hl.min_h) / (2 * 1.6448536), 1e-6)
    assert spread.percentile(0.95) / spread.percentile(0.05) == pytest.approx(hl.max_h / hl.min_h)
    assert "5th–95th percentiles" in spread.basis and "assumption" in spread.basis
    assert abs(PERCENTILE_Z - 1.645) < 1e-3


def test_a_published_sd_or_cv_takes_precedence(dataset: bp.Dataset) -> None:
    flunitrazepam = dataset.compound("flunitrazepam")  # 22 ± 5 h exists, not yet a column
    assert not compound_spread(flunitrazepam).varies
    spread = compound_spread(flunitrazepam, sd_h=5.0)
    cv = 5.0 / 22.0
    assert spread.sigma == pytest.approx(math.sqrt(math.log(1 + cv * cv)))
    # the log-normal's arithmetic mean is the published mean
    assert spread.median_h * math.exp(spread.sigma**2 / 2) == pytest.approx(22.0)
    assert spread.kind == "published SD" and "± 5" in spread.basis
    assert compound_spread(flunitrazepam, cv=cv).sigma == pytest.approx(spread.sigma)
    result = simulate_population(dataset, "flunitrazepam", spreads={"flunitrazepam": spread})
    assert result.varying == ("flunitrazepam",)
    assert np.std(np.log(result.half_lives_h[:, 0])) == pytest.approx(spread.sigma, rel=0.06)


def test_study_means_and_missing_ranges_do_not_vary(dataset: bp.Dataset) -> None:
    for name, compound in dataset.compounds.items():
        spread = compound_spread(compound)
        assert spread.varies == (compound.half_life.range_kind == "individual"), name
        if compound.half_life.range_kind == "study_means":
            assert spread.sigma == 0.0 and "study means" in spread.basis
    result = simulate_population(dataset, "clobazam")  # + n-desmethylclobazam, study means
    assert result.varying == () and result.fixed == ("clobazam", "n-desmethylclobazam")
    assert np.ptp(result.night_n) == 0.0
    assert result.share_night_n.fraction in (0.0, 1.0)
    mixed = simulate_population(dataset, "flurazepam")  # parent without a range
    assert mixed.varying == ("desalkylflurazepam",) and np.ptp(mixed.half_lives_h[:, 0]) == 0


def test_the_same_seed_gives_the_same_people(dataset: bp.Dataset) -> None:
    a = simulate_population(dataset, "diazepam", seed=11)
    b = simulate_population(dataset, "diazepam", seed=11)
    c = simulate_population(dataset, "diazepam", seed=12)
    np.testing.assert_array_equal(a.half_lives_h, b.half_lives_h)
    np.testing.assert_array_equal(a.night_n, b.night_n)
    assert not np.array_equal(a.night_n, c.night_n)
    assert share_table(dataset, seed=5) == share_table(dataset, seed=5)


def test_older_men_put_more_people_above_the_level(dataset: bp.Dataset) -> None:
    older = group_row(dataset, "flurazepam", "elderly men")
    typical = simulate_population(dataset, "flurazepam", level=0.52, nights=1)
    group = simulate_population(dataset, "flurazepam", group=older, level=0.52, nights=1)
    assert group.share_night1.fraction > typical.share_night1.fraction + 0.1
    index = group.compounds.index("desalkylflurazepam")
    assert group.spreads[index].median_h == pytest.approx(74 * 160 / 74)
    assert group.spreads[index].sigma == typical.spreads[index].sigma
    # the same people, only their median shifted: every person is at least as high
    assert np.all(group.night1 >= typical.night1)


def test_an_unchanged_half_life_shifts_exposure(dataset: bp.Dataset) -> None:
    older = next(m for m in population_groups(dataset, "triazolam") if m.kind == "older age")
    typical = simulate_population(dataset, "triazolam", nights=3)
    group = simulate_population(dataset, "triazolam", group=older, nights=3)
    assert older.basis == "half-life unchanged"
    np.testing.assert_allclose(group.night_n, typical.night_n * older.exposure_ratio)
    assert group.spreads == typical.spreads and "exposure ×1.81" in group.group.note
    with pytest.raises(ValueError, match="not a row of"):
        simulate_population(dataset, "diazepam", group=older)


def test_shares_lie_in_0_1_and_fall_as_the_level_rises(dataset: bp.Dataset) -> None:
    for drug in ("alprazolam", "diazepam", "quazepam", "zolpidem"):
        result = simulate_population(dataset, drug, nights=7)
        for night in (1, 7):
            shares = [result.with_level(x).share(night).fraction
                      for x in np.linspace(0.05, 3.0, 40)]  # fmt: skip
            assert all(0.0 <= s <= 1.0 for s in shares)
            assert all(b <= a for a, b in itertools.pairwise(shares))


def test_share_table_covers_every_drug(dataset: bp.Dataset) -> None:
    rows = share_table(dataset)
    assert {r["drug"] for r in rows} == set(dataset.drugs)
    for row in rows:
        for night in (1, 14):
            p, se = float(row[f"share_night{night}"]), float(row[f"se_night{night}"])
            assert 0 <= p <= 1 and se == pytest.approx(math.sqrt(p * (1 - p) / 2000))
    flurazepam = next(r for r in rows if r["drug"] == "flurazepam")
    assert flurazepam["half_lives_that_vary"] == "desalkylflurazepam"
    assert "5th–95th" in str(flurazepam["spread_basis"])
    text = shares_markdown(rows)
    assert "flurazepam" in text and "not an impairment or safety threshold" in text


# --- figure, wording, widget ----------------------------------------------------------


def strings_of(fig: object) -> list[str]:
    texts = [t.get_text() for t in fig.findobj() if hasattr(t, "get_text")]  # type: ignore[attr-defined]
    return [*texts, fig.alt_text]  # type: ignore[attr-defined]


def test_figure_carries_the_label_and_the_assumption(dataset: bp.Dataset) -> None:
    from benzopk.population.figures import population_figure

    older = group_row(dataset, "flurazepam", "elderly men")
    fig = population_figure(simulate_population(dataset, "flurazepam", group=older))
    label = next(t for t in fig.findobj() if getattr(t, "get_gid", lambda: None)() == LABEL_GID)
    assert label.get_text() == LABEL_TEXT
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    assert LABEL_TEXT in svg  # drawn into the image, not only metadata
    box = label.get_window_extent()
    width, height = fig.canvas.get_width_height()
    assert 0 <= box.x0 < box.x1 <= width and 0 <= box.y0 < box.y1 <= height
    joined = " ".join(strings_of(fig))
    for words in ("5th–95th", "above the level", "binomial SE", "not an impairment or safety",
                  "No level is safe", "not comparable between drugs", "×2.16"):  # fmt: skip
        assert words in joined, words


def test_no_text_calls_the_share_a_risk(dataset: bp.Dataset) -> None:
    from benzopk.population.figures import population_figure
    from benzopk.population.widget import PopulationWidget

    texts: list[str] = []
    for drug in sorted(dataset.drugs):
        for group in [None, *population_groups(dataset, drug)]:
            result = simulate_population(dataset, drug, group=group, people=50)
            texts += [population_summary(result), result.group.note]
            texts += [s.basis + s.short for s in result.spreads]
    texts += strings_of(population_figure(simulate_population(dataset, "diazepam")))
    texts.append(shares_markdown(share_table(dataset, people=50)))
    widget = PopulationWidget(dataset, "zolpidem", people=50)
    for label, _ in widget.group.options:
        widget.group.value = dict(widget.group.options)[label]
        texts += [widget.status.value, label]
    texts += [child.value for child in widget.box.children[0].children if hasattr(child, "value")
              and isinstance(child.value, str)]  # fmt: skip
    assert texts and not [t for t in texts if "risk" in t.lower()]


def test_widget_updates_one_figure_in_place(dataset: bp.Dataset) -> None:
    from benzopk.population.widget import PopulationWidget

    widget = PopulationWidget(dataset, "alprazolam", level=0.5, nights=3, people=400)
    fig, patch = widget.plot.fig, widget.plot.all_people[1]
    generation, first = widget.plot.generation, widget.result
    assert first is not None and "seed" in widget.box.children[0].children[5].value
    widget.level.value = 0.75  # the same people, counted again
    assert widget.result is not None
    np.testing.assert_array_equal(widget.result.night_n, first.night_n)
    assert widget.result.share_night_n.fraction <= first.share_night_n.fraction
    widget.nights.value = widget.nights.max
    widget.drug.value = "flurazepam"
    assert widget.plot.generation == generation + 3  # one refresh per change
    labels = dict(widget.group.options)
    assert "typical adult" in labels and len(labels) == 1 + len(
        population_groups(dataset, "flurazepam")
    )
    widget.group.value = labels[next(x for x in labels if "elderly men" in x)]
    assert widget.plot.fig is fig and widget.plot.all_people[1] is patch
    assert widget.nights.max == MAX_SLIDER_NIGHTS and widget.result.nights == MAX_SLIDER_NIGHTS
    assert "desalkylflurazepam" in widget.status.value and "5th–95th" in widget.status.value
    assert widget.image.value[:4] == b"\x89PNG"
    bundle, meta = widget._repr_mimebundle_()
    assert "image/png" in bundle and "live version" in bundle["text/plain"]
    assert meta["image/png"]["alt"] == fig.alt_text


def test_spread_validation() -> None:
    with pytest.raises(ValueError):
        Spread(0.0, 0.1, "x")
    with pytest.raises(ValueError):
        Spread(1.0, -0.1, "x")
    assert Spread(10.0, 0.0, "x").shifted(2.0, "g").median_h == 20.0
