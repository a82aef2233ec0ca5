"""Shared fixtures: the real dataset, and a small valid synthetic dataset to break on purpose."""

from __future__ import annotations

import csv
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import benzopk as bp
from benzopk.data import (
    DRUG_COLUMNS,
    LINK_COLUMNS,
    METABOLITE_COLUMNS,
    SOURCE_COLUMNS,
)

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
                    **_half_life("10", "5", "30"),
                    "tmax_h": "1",
                    "tmax_source_id": "doc_a",
                    "tmax_source_section": "Table 2",
                },
                {"name": "shortdrug", "class": "z-drug", **_half_life("2", "1", "3")},
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
