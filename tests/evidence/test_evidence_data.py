"""observations.csv and next_day_studies.csv: the real rows load, are cited and varied, and
every kind of bad row fails naming the file, the row and the column."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import benzopk as bp
from benzopk.data import DataError, load_dataset
from benzopk.studies import DEFINITIONS, IMPAIRED, NEXT_DAY_COLUMNS, OBSERVATION_COLUMNS

REPO = Path(__file__).resolve().parents[2]


def test_the_observations_cover_enough_drugs_and_each_is_cited(dataset: bp.Dataset) -> None:
    observations = dataset.observations
    assert len(observations) >= 12
    assert len({o.drug for o in observations}) >= 6
    assert len({o.obs_id for o in observations}) == len(observations)
    for obs in observations:
        assert obs.source.source_id in dataset.sources and obs.source.section
        assert obs.definition_code in DEFINITIONS[obs.quantity]
        assert obs.observed > 0 and obs.definition and obs.group
    greenblatt = [
        o
        for o in observations
        if o.source.source_id == "greenblatt_1981_flurazepam"
        and o.compound == "desalkylflurazepam"
        and o.quantity == "accumulation_ratio"
    ]
    assert len(greenblatt) == 1 and greenblatt[0].nights == 15


def test_the_next_day_studies_cover_enough_drugs_and_each_is_cited(dataset: bp.Dataset) -> None:
    studies = dataset.next_day_studies
    assert len(studies) >= 10
    assert len({s.drug for s in studies}) >= 6
    assert {s.impaired for s in studies} <= set(IMPAIRED)
    assert {"true", "false"} <= {s.impaired for s in studies}
    for study in studies:
        assert study.source.source_id in dataset.sources and study.source.section
        assert study.relative_dose > 0
        # the usual dose the relative dose refers to is itself a cited document
        named = re.findall(r"\(source ([a-z0-9_]+)", study.relative_dose_basis)
        assert named and all(n in dataset.sources for n in named), study.relative_dose_basis


def test_the_files_keep_their_headers() -> None:
    for name, columns in (
        ("observations.csv", OBSERVATION_COLUMNS),
        ("next_day_studies.csv", NEXT_DAY_COLUMNS),
    ):
        with (REPO / "data" / name).open(encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))) == columns


def test_sources_stay_sorted_and_every_cited_id_exists(dataset: bp.Dataset) -> None:
    with (REPO / "data" / "sources.csv").open(encoding="utf-8") as handle:
        ids = [row["source_id"] for row in csv.DictReader(handle)]
    assert ids == sorted(ids)
    for subject, _value, ref in dataset.references():
        assert ref.source_id in dataset.sources, subject


def test_the_claims_of_notebook_07_are_cited(dataset: bp.Dataset) -> None:
    for claim_id in (
        "hemmelgarn_1997_crash",
        "ray_1987_hip_fracture",
        "fda_2014_eszopiclone_start_dose",
        "fda_eszopiclone_2014",
        "fda_zolpidem_2013",
    ):
        claim = dataset.claim(claim_id)
        assert claim.statement and claim.source.source_id in dataset.sources


def test_the_synthetic_studies_load(write_dataset) -> None:
    data = load_dataset(write_dataset())
    first, second = data.observations
    assert (first.obs_id, first.compound, first.nights, first.interval_h) == (
        "syn01", "testmetabolite", 7, 24.0,
    )  # fmt: skip
    assert second.group_half_life_h == 3.0 and second.nights is None
    assert [s.impaired for s in data.next_day_studies] == ["true", "false"]


def _set(file: str, index: int, column: str, value: str):
    def edit(tables):
        tables[file][1][index][column] = value

    return edit


def _cells(file: str, index: int, **cells: str):
    def edit(tables):
        tables[file][1][index].update(cells)

    return edit


OBS, DAY = "observations.csv", "next_day_studies.csv"
# (edit, file, row = line number, column, words in the message)
BAD_CASES = [
    (_set(OBS, 0, "drug", "nodrug"), OBS, 2, "drug", "unknown drug"),
    (_set(OBS, 0, "compound", "shortdrug"), OBS, 2, "compound", "neither"),
    (_set(OBS, 1, "compound", "testmetabolite"), OBS, 3, "compound", "neither"),
    (_set(OBS, 0, "quantity", "potency"), OBS, 2, "quantity", "not one of"),
    (_set(OBS, 0, "definition_code", "own_half_life"), OBS, 2, "definition_code", "not one of"),
    (_set(OBS, 0, "observed", "0"), OBS, 2, "observed", "> 0"),
    (_set(OBS, 0, "observed", "-1.5"), OBS, 2, "observed", "> 0"),
    (_set(OBS, 0, "observed", "2x"), OBS, 2, "observed", "unit in a number cell"),
    (_set(OBS, 0, "nights", ""), OBS, 2, "nights", "needs the number of days"),
    (_set(OBS, 0, "nights", "2.5"), OBS, 2, "nights", "whole number"),
    (_set(OBS, 0, "interval_h", ""), OBS, 2, "interval_h", "needs the dose interval"),
    (_set(OBS, 0, "interval_h", "7"), OBS, 2, "interval_h", "whole doses"),
    (_set(OBS, 0, "hours_after_dose", "30"), OBS, 2, "hours_after_dose", "beyond the dose"),
    (_cells(OBS, 1, quantity="fraction_of_peak_at_hour", definition_code="fraction_of_peak"),
     OBS, 3, "hours_after_dose", "needs the hours"),
    (_set(OBS, 1, "group_half_life_h", "0"), OBS, 3, "group_half_life_h", "> 0"),
    (_set(OBS, 0, "source_id", ""), OBS, 2, "source_id", "missing source"),
    (_set(OBS, 0, "source_id", "nowhere"), OBS, 2, "source_id", "unknown source"),
    (_set(OBS, 0, "source_section", ""), OBS, 2, "source_section", "missing section"),
    (_set(OBS, 0, "definition", ""), OBS, 2, "definition", "missing definition"),
    (_set(OBS, 1, "id", "syn01"), OBS, 3, "id", "appears twice"),
    (_set(DAY, 0, "drug", "nodrug"), DAY, 2, "drug", "unknown drug"),
    (_set(DAY, 0, "relative_dose", "0"), DAY, 2, "relative_dose", "> 0"),
    (_set(DAY, 1, "relative_dose", "-1"), DAY, 3, "relative_dose", "> 0"),
    (_set(DAY, 0, "impaired", "maybe"), DAY, 2, "impaired", "not one of"),
    (_set(DAY, 0, "impaired", ""), DAY, 2, "impaired", "not one of"),
    (_set(DAY, 0, "source_id", ""), DAY, 2, "source_id", "missing source"),
    (_set(DAY, 1, "source_id", "nowhere"), DAY, 3, "source_id", "unknown source"),
    (_set(DAY, 0, "source_section", ""), DAY, 2, "source_section", "missing section"),
    (_set(DAY, 0, "hours_after_dose", "10 h"), DAY, 2, "hours_after_dose", "unit"),
    (_set(DAY, 0, "effect", "0.5"), DAY, 2, "effect_measure", "needs its measure"),
    (_set(DAY, 0, "n", "0"), DAY, 2, "n", "whole number"),
    (_set(DAY, 0, "relative_dose_basis", ""), DAY, 2, "relative_dose_basis", "missing"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "file", "row", "column", "words"), BAD_CASES)
def test_bad_study_rows_fail_naming_file_row_and_column(
    write_dataset, edit, file, row, column, words
) -> None:
    with pytest.raises(DataError) as caught:
        load_dataset(write_dataset(edit))
    error = caught.value
    assert (error.file, error.row, error.column) == (file, row, column)
    assert str(error).startswith(f"{file}, row {row}, column {column!r}")
    assert words in str(error)


@pytest.mark.parametrize("name", ["observations.csv", "next_day_studies.csv"])
def test_both_files_are_required(write_dataset, name: str) -> None:
    folder = write_dataset()
    (folder / name).unlink()
    with pytest.raises(DataError, match=rf"{re.escape(name)}: file is missing"):
        load_dataset(folder)
