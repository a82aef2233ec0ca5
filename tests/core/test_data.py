"""The real dataset loads and is complete; every kind of bad file fails with file/row/column."""

from __future__ import annotations

import pytest

import benzopk as bp
from benzopk.data import DataError, load_dataset

REQUIRED_DRUGS = {
    "alprazolam", "bromazepam", "chlordiazepoxide", "clobazam", "clonazepam", "clorazepate",
    "diazepam", "estazolam", "flunitrazepam", "flurazepam", "loprazolam", "lorazepam",
    "lormetazepam", "midazolam", "nitrazepam", "oxazepam", "quazepam", "temazepam",
    "triazolam", "zolpidem", "zopiclone", "eszopiclone", "zaleplon",
}  # fmt: skip
# Left out because no public source could be found (see data/README.md).
UNSOURCED: set[str] = set()


def test_real_dataset_has_the_required_drugs(dataset: bp.Dataset) -> None:
    assert set(dataset.drugs) >= REQUIRED_DRUGS - UNSOURCED
    assert {d.drug_class for d in dataset.drugs.values()} == {"benzodiazepine", "z-drug"}
    assert {dataset.drugs[z].drug_class for z in ("zolpidem", "zopiclone", "zaleplon")} == {
        "z-drug"
    }


def test_metabolites_are_linked_to_their_parents(dataset: bp.Dataset) -> None:
    assert set(dataset.parents_of("nordiazepam")) >= {"diazepam", "chlordiazepoxide"}
    assert "flurazepam" in dataset.parents_of("desalkylflurazepam")
    assert dataset.parents_of("n-desmethylclobazam") == ["clobazam"]
    quazepam_products = {link.metabolite for link in dataset.metabolite_tree("quazepam")}
    assert "2-oxoquazepam" in quazepam_products
    for link in dataset.links:
        assert 0 < link.fraction <= 1
        assert link.is_assumption or link.source is not None


def test_every_value_has_a_known_source(dataset: bp.Dataset) -> None:
    for subject, _value, ref in dataset.references():
        assert ref.source_id in dataset.sources, subject
        assert ref.section
    for compound in dataset.compounds.values():
        hl = compound.half_life
        assert 0 < hl.min_h <= hl.typical_h <= hl.max_h
        if hl.derived:
            assert hl.typical_h == pytest.approx((hl.min_h * hl.max_h) ** 0.5, rel=0.006)
    for source in dataset.sources.values():
        assert source.citation


def test_synthetic_dataset_is_valid(write_dataset) -> None:
    data = load_dataset(write_dataset())
    assert set(data.drugs) == {"testdrug", "shortdrug"}
    assert data.metabolite_tree("testdrug")[0].fraction == 0.5
    older, inhibitor = data.modifiers
    assert older.half_life_for(10.0) == 40.0
    assert inhibitor.half_life_for(2.0) == 5.0
    assert older.fold_change == 2.5 and inhibitor.fold_change == 2.5
    assert data.claim("test_claim").source.source_id == "doc_a"


def test_every_typical_value_against_its_range_and_kind(dataset: bp.Dataset) -> None:
    """Ranges as published: each typical value lies in its range; the kind says what the
    range is; only a between-person range gives a geometric-mean typical value, and only it
    moves the range slider."""
    for compound in dataset.compounds.values():
        hl = compound.half_life
        if not hl.range_published:
            assert hl.range_kind == "" and hl.min_h == hl.max_h == hl.typical_h
            assert "range" in compound.notes.lower()
            continue
        assert hl.range_kind in ("individual", "study_means"), compound.name
        assert hl.min_h <= hl.typical_h <= hl.max_h, compound.name
        if hl.derived:
            assert hl.range_kind == "individual", compound.name
            assert hl.typical_h == pytest.approx((hl.min_h * hl.max_h) ** 0.5, rel=0.006)
        if hl.range_kind == "individual":
            assert (hl.person_min_h, hl.person_max_h) == (hl.min_h, hl.max_h)
        else:
            assert hl.person_min_h == hl.person_max_h == hl.typical_h
    kinds = {c.half_life.range_kind for c in dataset.compounds.values()}
    assert {"individual", "study_means"} <= kinds


def test_prodrugs_form_what_they_deliver(dataset: bp.Dataset) -> None:
    prodrugs = [d for d in dataset.drugs.values() if d.prodrug]
    assert [d.name for d in prodrugs] == ["clorazepate"]
    for drug in prodrugs:
        assert dataset.links_from(drug.name)
        assert drug.tmax_h is None  # no circulating parent after an oral dose


def test_metabolism_route_is_cited_where_given(dataset: bp.Dataset) -> None:
    routes = {d.name: d.metabolism_route for d in dataset.drugs.values()}
    assert routes["lormetazepam"] == "glucuronidation"  # not oxidation
    assert {routes[n] for n in ("lorazepam", "oxazepam", "temazepam")} == {"glucuronidation"}
    assert routes["diazepam"] == "oxidation"
    for drug in dataset.drugs.values():
        assert (drug.metabolism_route == "") == (drug.metabolism_source is None)


def test_real_modifiers_and_claims(dataset: bp.Dataset) -> None:
    kinds = {m.kind for m in dataset.modifiers}
    assert {"older age", "liver impairment", "cyp3a4 inhibitor"} <= kinds
    for modifier in dataset.modifiers:
        assert modifier.source.source_id in dataset.sources
        typical = dataset.compound(modifier.drug).half_life.typical_h
        assert modifier.half_life_for(typical) > 0
    for claim_id in ("opioid_boxed_warning", "fda_zolpidem_2013", "cbti_first_line"):
        assert dataset.claim(claim_id).statement


def _set(file: str, index: int, column: str, value: str):
    def edit(tables):
        tables[file][1][index][column] = value

    return edit


def _study_means_geometric_mean(tables) -> None:
    row = tables["drugs.csv"][1][0]
    row.update(half_life_range_kind="study_means", half_life_basis="geometric mean of range",
               half_life_h="12.2")  # fmt: skip


def _bioavailability(value: str):
    def edit(tables) -> None:
        tables["drugs.csv"][1][0].update(
            bioavailability=value,
            bioavailability_source_id="doc_a",
            bioavailability_source_section="Table 5",
        )

    return edit


def _exposure(basis: str, **cells: str):
    def edit(tables) -> None:
        tables["modifiers.csv"][1][0].update(exposure_basis=basis, **cells)

    return edit


# (edit, file, row = line number, column, words in the message)
BAD_CASES = [
    (_set("drugs.csv", 0, "half_life_source_id", ""), "drugs.csv", 2, "half_life_source_id",
     "missing source"),
    (_set("drugs.csv", 1, "range_source_id", "nowhere"), "drugs.csv", 3, "range_source_id",
     "unknown source"),
    (_set("drugs.csv", 0, "half_life_source_section", ""), "drugs.csv", 2,
     "half_life_source_section", "missing section"),
    (_set("drugs.csv", 0, "half_life_min_h", "40"), "drugs.csv", 2, "half_life_min_h",
     "reversed"),
    (_set("drugs.csv", 0, "half_life_h", "35"), "drugs.csv", 2, "half_life_h",
     "outside its range"),
    (_set("drugs.csv", 1, "half_life_h", "-2"), "drugs.csv", 3, "half_life_h", "> 0"),
    (_set("drugs.csv", 1, "half_life_min_h", "0"), "drugs.csv", 3, "half_life_min_h", "> 0"),
    (_set("drugs.csv", 0, "half_life_max_h", "30 h"), "drugs.csv", 2, "half_life_max_h",
     "unit in a number cell"),
    (_set("drugs.csv", 0, "tmax_h", "1h"), "drugs.csv", 2, "tmax_h", "unit in a number cell"),
    (_set("drugs.csv", 0, "half_life_h", "ten"), "drugs.csv", 2, "half_life_h",
     "not a number"),
    (_set("drugs.csv", 0, "class", "barbiturate"), "drugs.csv", 2, "class", "not one of"),
    (_set("drugs.csv", 0, "half_life_basis", "geometric mean of range"), "drugs.csv", 2,
     "half_life_h", "geometric mean"),
    (_set("metabolites.csv", 0, "half_life_max_h", "45"), "metabolites.csv", 2, "half_life_h",
     "outside its range"),
    (_set("metabolite_links.csv", 0, "parent", "nodrug"), "metabolite_links.csv", 2, "parent",
     "unknown parent"),
    (_set("metabolite_links.csv", 0, "metabolite", "nometabolite"), "metabolite_links.csv", 2,
     "metabolite", "unknown metabolite"),
    (_set("metabolite_links.csv", 0, "fraction_converted", "1.5"), "metabolite_links.csv", 2,
     "fraction_converted", "(0, 1]"),
    (_set("metabolite_links.csv", 0, "notes", ""), "metabolite_links.csv", 2, "notes",
     "assumed fraction"),
    (_set("metabolite_links.csv", 0, "fraction_basis", "published"), "metabolite_links.csv", 2,
     "fraction_source_id", "missing source"),
    (_set("sources.csv", 0, "citation", ""), "sources.csv", 2, "citation", "missing citation"),
    (_set("modifiers.csv", 0, "drug", "nodrug"), "modifiers.csv", 2, "drug", "unknown drug"),
    (_set("modifiers.csv", 0, "modifier", "weather"), "modifiers.csv", 2, "modifier",
     "not one of"),
    (_set("modifiers.csv", 0, "source_id", ""), "modifiers.csv", 2, "source_id",
     "missing source"),
    (_set("modifiers.csv", 0, "half_life_h", "-4"), "modifiers.csv", 2, "half_life_h", "> 0"),
    (_set("modifiers.csv", 0, "half_life_h", "40 h"), "modifiers.csv", 2, "half_life_h",
     "unit in a number cell"),
    (_set("modifiers.csv", 0, "multiplier", "2"), "modifiers.csv", 2, "multiplier",
     "not both"),
    (_set("modifiers.csv", 1, "multiplier", "0"), "modifiers.csv", 3, "multiplier", "> 0"),
    (_set("modifiers.csv", 1, "basis", "from AUC/clearance ratio"), "modifiers.csv", 3,
     "notes", "volume of distribution"),
    (_set("modifiers.csv", 0, "control_half_life_h", "0"), "modifiers.csv", 2,
     "control_half_life_h", "> 0"),
    (_set("modifiers.csv", 1, "control_half_life_h", "3"), "modifiers.csv", 3,
     "control_half_life_h", "goes with a published half-life"),
    (_set("claims.csv", 0, "source_id", "nowhere"), "claims.csv", 2, "source_id",
     "unknown source"),
    (_set("claims.csv", 0, "statement", ""), "claims.csv", 2, "statement",
     "missing statement"),
    (_set("drugs.csv", 0, "prodrug", "yes"), "drugs.csv", 2, "prodrug", "not one of"),
    (_set("drugs.csv", 1, "prodrug", "true"), "drugs.csv", 3, "prodrug", "forms no metabolite"),
    (_set("drugs.csv", 0, "half_life_range_kind", "spread"), "drugs.csv", 2,
     "half_life_range_kind", "not one of"),
    (_set("drugs.csv", 0, "half_life_range_kind", ""), "drugs.csv", 2,
     "half_life_range_kind", "not one of"),
    (_study_means_geometric_mean, "drugs.csv", 2, "half_life_basis", "study means"),
    (_set("drugs.csv", 0, "range_max_source_id", "nowhere"), "drugs.csv", 2,
     "range_max_source_id", "unknown source"),
    (_set("drugs.csv", 0, "metabolism_route", "magic"), "drugs.csv", 2, "metabolism_route",
     "not one of"),
    (_set("drugs.csv", 0, "bioavailability", "0.5"), "drugs.csv", 2,
     "bioavailability_source_id", "missing source"),
    (_bioavailability("1.5"), "drugs.csv", 2, "bioavailability", "fraction"),
    (_set("modifiers.csv", 0, "route", "nasal"), "modifiers.csv", 2, "route", "not one of"),
    (_set("modifiers.csv", 0, "compound", "shortdrug"), "modifiers.csv", 2, "compound",
     "neither"),
    (_set("modifiers.csv", 0, "exposure_basis", "published bioavailability"),
     "modifiers.csv", 2, "bioavailability_group", "needs both"),
    (_exposure("derived from AUC and half-life ratios", auc_ratio="3"), "modifiers.csv", 2,
     "notes", "volume of distribution"),
    (_exposure("published AUC ratio", auc_ratio="1.5"), "modifiers.csv", 2,
     "clearance_measure", "CL/F"),
    (_exposure("published AUC ratio"), "modifiers.csv", 2, "auc_ratio", "AUC ratio"),
    (_set("modifiers.csv", 0, "basis", "half-life unchanged"), "modifiers.csv", 2,
     "half_life_h", "unchanged"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "file", "row", "column", "words"), BAD_CASES)
def test_bad_file_fails_naming_file_row_and_column(
    write_dataset, edit, file, row, column, words
) -> None:
    folder = write_dataset(edit)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    error = caught.value
    assert (error.file, error.row, error.column) == (file, row, column)
    message = str(error)
    assert message.startswith(f"{file}, row {row}, column {column!r}")
    assert words in message


def test_missing_column_and_missing_file(write_dataset) -> None:
    def drop_column(tables):
        columns, rows = tables["drugs.csv"]
        tables["drugs.csv"] = (tuple(c for c in columns if c != "tmax_h"), rows)
        for row in rows:
            row.pop("tmax_h", None)

    with pytest.raises(DataError, match=r"drugs.csv, row 1, column 'tmax_h': required column"):
        load_dataset(write_dataset(drop_column))
    folder = write_dataset()
    (folder / "sources.csv").unlink()
    with pytest.raises(DataError, match=r"sources\.csv: file is missing"):
        load_dataset(folder)


def test_orphan_metabolite_and_cycle(write_dataset) -> None:
    def orphan(tables):
        tables["metabolite_links.csv"][1].clear()

    with pytest.raises(DataError, match="has no parent link"):
        load_dataset(write_dataset(orphan))

    def cycle(tables):
        _columns, metas = tables["metabolites.csv"]
        metas.append({**metas[0], "name": "othermetabolite"})
        links = tables["metabolite_links.csv"][1]
        base = dict(links[0])
        links.append({**base, "parent": "testmetabolite", "metabolite": "othermetabolite"})
        links.append({**base, "parent": "othermetabolite", "metabolite": "testmetabolite"})

    with pytest.raises(DataError, match="cycle"):
        load_dataset(write_dataset(cycle))


def test_range_may_be_absent_only_when_the_notes_say_so(write_dataset) -> None:
    def no_range(tables):
        row = tables["drugs.csv"][1][1]
        row.update(half_life_min_h="", half_life_max_h="", range_source_id="",
                   range_source_section="", half_life_range_kind="")  # fmt: skip

    with pytest.raises(DataError, match="notes must say so"):
        load_dataset(write_dataset(no_range))

    def no_range_noted(tables):
        no_range(tables)
        tables["drugs.csv"][1][1]["notes"] = "no published range found"

    data = load_dataset(write_dataset(no_range_noted))
    hl = data.drugs["shortdrug"].half_life
    assert not hl.range_published and hl.min_h == hl.max_h == hl.typical_h


def test_loading_never_evaluates_cell_text(write_dataset) -> None:
    """A cell that looks like code stays text (or fails as text): no eval, no pickle."""
    folder = write_dataset(_set("drugs.csv", 0, "half_life_h", "__import__('os').getcwd()"))
    with pytest.raises(DataError, match="not a number"):
        load_dataset(folder)
