"""Shared fixtures: the real dataset, and a small valid synthetic dataset to break on purpose."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import benzopk as bp
from benzopk.data import (
    CLAIM_COLUMNS,
    DRUG_COLUMNS,
    LINK_COLUMNS,
    METABOLITE_COLUMNS,
    MODIFIER_COLUMNS,
    SOURCE_COLUMNS,
)
from benzopk.studies import NEXT_DAY_COLUMNS, OBSERVATION_COLUMNS

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def dataset() -> bp.Dataset:
    return bp.load_dataset()


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def _half_life(typical: str, low: str, high: str) -> dict[str, str]:
    return {
        "half_life_h": typical,
        "half_life_min_h": low,
        "half_life_max_h": high,
        "half_life_basis": "published",
        "half_life_source_id": "doc_a",
        "half_life_source_section": "Table 1",
        "range_source_id": "doc_a",
        "range_source_section": "Table 1",
        "half_life_range_kind": "individual",
    }


def synthetic_tables() -> dict[str, tuple[tuple[str, ...], list[dict[str, str]]]]:
    """A valid, obviously synthetic dataset (not real drugs)."""
    return {
        "sources.csv": (
            SOURCE_COLUMNS,
            [{"source_id": "doc_a", "citation": "Synthetic test document", "url": ""}],
        ),
        "drugs.csv": (
            DRUG_COLUMNS,
            [
                {
                    "name": "testdrug",
                    "class": "benzodiazepine",
                    "prodrug": "false",
                    **_half_life("10", "5", "30"),
                    "tmax_h": "1",
                    "tmax_source_id": "doc_a",
                    "tmax_source_section": "Table 2",
                },
                {
                    "name": "shortdrug",
                    "class": "z-drug",
                    "prodrug": "false",
                    **_half_life("2", "1", "3"),
                },
            ],
        ),
        "metabolites.csv": (
            METABOLITE_COLUMNS,
            [{"name": "testmetabolite", **_half_life("50", "40", "60")}],
        ),
        "metabolite_links.csv": (
            LINK_COLUMNS,
            [
                {
                    "parent": "testdrug",
                    "metabolite": "testmetabolite",
                    "fraction_converted": "0.5",
                    "fraction_basis": "assumption",
                    "notes": "synthetic assumption",
                }
            ],
        ),
        "modifiers.csv": (
            MODIFIER_COLUMNS,
            [
                {
                    "drug": "testdrug",
                    "modifier": "older age",
                    "group": "older adults",
                    "route": "oral",
                    "half_life_h": "40",
                    "control_half_life_h": "16",
                    "basis": "published half-life",
                    "source_id": "doc_a",
                    "source_section": "Table 3",
                },
                {
                    "drug": "shortdrug",
                    "modifier": "cyp3a4 inhibitor",
                    "group": "with an inhibitor",
                    "route": "oral",
                    "multiplier": "2.5",
                    "basis": "published fold change in half-life",
                    "source_id": "doc_a",
                    "source_section": "Table 4",
                },
            ],
        ),
        "claims.csv": (
            CLAIM_COLUMNS,
            [
                {
                    "claim_id": "test_claim",
                    "topic": "testing",
                    "statement": "A synthetic statement.",
                    "source_id": "doc_a",
                    "source_section": "Section 1",
                }
            ],
        ),
        "observations.csv": (
            OBSERVATION_COLUMNS,
            [
                {
                    "id": "syn01",
                    "drug": "testdrug",
                    "compound": "testmetabolite",
                    "quantity": "accumulation_ratio",
                    "definition": "synthetic ratio of levels",
                    "definition_code": "level_ratio",
                    "group": "synthetic group",
                    "observed": "2",
                    "nights": "7",
                    "interval_h": "24",
                    "source_id": "doc_a",
                    "source_section": "Table 6",
                },
                {
                    "id": "syn02",
                    "drug": "shortdrug",
                    "compound": "shortdrug",
                    "quantity": "washout_half_life_h",
                    "definition": "synthetic washout half-life",
                    "definition_code": "terminal_half_life",
                    "group": "synthetic group",
                    "group_half_life_h": "3",
                    "observed": "2.5",
                    "source_id": "doc_a",
                    "source_section": "Table 6",
                },
            ],
        ),
        "next_day_studies.csv": (
            NEXT_DAY_COLUMNS,
            [
                {
                    "drug": drug,
                    "relative_dose": "1",
                    "relative_dose_basis": "a synthetic usual dose (source doc_a, Table 7)",
                    "hours_after_dose": "8",
                    "test": "a synthetic test",
                    "impaired": impaired,
                    "source_id": "doc_a",
                    "source_section": "Table 7",
                }
                for drug, impaired in (("testdrug", "true"), ("shortdrug", "false"))
            ],
        ),
    }


@pytest.fixture
def write_dataset(tmp_path: Path):
    """Write the synthetic dataset, with ``edit(tables)`` applied first; return its folder."""

    def make(edit=None) -> Path:
        tables = synthetic_tables()
        if edit is not None:
            edit(tables)
        for name, (columns, rows) in tables.items():
            _write(tmp_path / name, columns, rows)
        return tmp_path

    return make


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benzopk wheel, built once from this checkout."""
    import subprocess
    import sys

    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("benzopk-*.whl")
    return wheel


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the course site, from one execution of every notebook."""
    sys.path.insert(0, str(REPO / "scripts"))  # the site builder is a tool, not in the wheel
    from build_site import build_site

    root = tmp_path_factory.mktemp("site")
    teacher, student = root / "html", root / "html-student"
    build_site(REPO / "notebooks", teacher, student_out_dir=student)
    return {"teacher": teacher, "student": student}
