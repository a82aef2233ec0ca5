"""`benzopk validate` and `benzopk figure validation`: the columns, the rows, full precision
in CSV with the label on stderr, the label first in Markdown, bad input exits 2. No test
asserts that a prediction lands near its observation."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

import benzopk as bp
from benzopk.apps.cli import main
from benzopk.evidence import VALIDATION_COLUMNS, VALIDATION_LABEL


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_csv_rows_columns_sources_and_label_on_stderr(capsys, dataset: bp.Dataset) -> None:
    status, out, err = run(capsys, "validate")
    assert status == 0
    assert err == VALIDATION_LABEL + "\n"
    assert "NOT FOR DOSING" in err and "Relative units" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == VALIDATION_COLUMNS
    assert len(rows) >= 12 and len({r["drug"] for r in rows}) >= 6
    assert {r["source_id"] for r in rows} <= set(dataset.sources)
    assert {r["half_life_used"] for r in rows} <= {"group", "typical"}
    for row in rows:
        observed, predicted = float(row["observed"]), float(row["predicted"])
        assert float(row["ratio"]) == predicted / observed  # exactly: repr round-trips
        assert math.isfinite(predicted) and predicted > 0
    greenblatt = [
        r
        for r in rows
        if r["source_id"] == "greenblatt_1981_flurazepam"
        and r["compound"] == "desalkylflurazepam"
        and r["quantity"] == "accumulation_ratio"
    ]
    assert len(greenblatt) == 1 and float(greenblatt[0]["observed"]) == 7.5


def test_csv_keeps_full_precision(capsys) -> None:
    _, out, _ = run(capsys, "validate")
    rows = list(csv.DictReader(io.StringIO(out)))
    long = [r["predicted"] for r in rows if len(r["predicted"].replace(".", "")) >= 12]
    assert long  # at least some predictions are not short decimals: nothing was rounded
    for row in rows:
        assert repr(float(row["predicted"])) == row["predicted"]


def test_markdown_starts_with_the_label_and_rounds(capsys, dataset: bp.Dataset) -> None:
    status, out, err = run(capsys, "validate", "--format", "markdown")
    assert status == 0 and err == ""
    lines = out.strip().splitlines()
    assert lines[0] == VALIDATION_LABEL
    assert lines[2] == "| " + " | ".join(VALIDATION_COLUMNS) + " |"
    table = [line for line in lines[4:] if line.startswith("|")]
    assert len(table) == len(dataset.observations)
    for line in table:
        for value in [c.strip() for c in line.strip("|").split("|")][6:9]:
            assert len(value.replace(".", "").lstrip("0").split("e")[0]) <= 3, value


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["validate", "--format", "xml"], "--format 'xml' is not allowed; allowed: csv, markdown"),
        (["validate", "--nights", "3"], "unrecognized arguments: --nights 3"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args: list[str], words: str) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("benzopk: error: ") and words in err


def test_validation_figure_is_written_with_the_label(tmp_path: Path, capsys) -> None:
    out = tmp_path / "validation.svg"
    assert main(["figure", "validation", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    text = out.read_text()
    assert bp.LABEL_TEXT in text and "Observed in people" in text
