"""`benzopk table`: the formulas, the columns, the sort, and bad input (exit 2, one line)."""

from __future__ import annotations

import csv
import io
import math

import pytest

import benzopk as bp
from benzopk.cli import main
from benzopk.scenarios import TABLE_COLUMNS, hours_to_wake, parse_clock


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_csv_columns_rows_and_sort(capsys, dataset: bp.Dataset) -> None:
    status, out, err = run(capsys, "table")
    assert status == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == TABLE_COLUMNS
    assert {r["name"] for r in rows} == set(dataset.compounds)  # drugs and metabolites
    steady = [float(r["fraction_at_wake_steady"]) for r in rows]
    assert steady == sorted(steady, reverse=True)
    classes = {r["class"] for r in rows}
    assert classes == {"benzodiazepine", "z-drug", "active metabolite"}


def test_numbers_follow_the_closed_forms(capsys, dataset: bp.Dataset) -> None:
    status, out, _ = run(capsys, "table", "--bedtime", "23:00", "--wake", "6:30", "--nights", "5")
    assert status == 0
    delta = 7.5
    for row in csv.DictReader(io.StringIO(out)):
        t_half = dataset.compound(row["name"]).half_life.typical_h
        assert float(row["half_life_h"]) == t_half
        k = math.log(2) / t_half
        expected = {
            "fraction_at_wake_night1": math.exp(-k * delta),
            "fraction_at_wake_night_n": math.exp(-k * delta)
            * (1 - math.exp(-24 * k * 5))
            / (1 - math.exp(-24 * k)),
            "fraction_at_wake_steady": math.exp(-k * delta) / (1 - math.exp(-24 * k)),
            "accumulation_ratio": 1 / (1 - math.exp(-24 * k)),
            "hours_to_97pct_eliminated": math.log(1 / 0.03) / k,
        }
        for column, value in expected.items():
            assert float(row[column]) == pytest.approx(value, rel=1e-9), (row["name"], column)
            digits = row[column].replace(".", "").replace("-", "").lstrip("0").split("e")[0]
            assert len(digits) >= 6 or float(row[column]) == pytest.approx(value, rel=1e-12)
        assert int(row["nights_to_90pct_steady"]) == max(1, math.ceil(math.log(10) / (24 * k)))


def test_drug_selection_includes_metabolites(capsys) -> None:
    status, out, _ = run(capsys, "table", "--drugs", "Diazepam, triazolam", "--format", "markdown")
    assert status == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("| name | class | half_life_h")
    names = [line.split("|")[1].strip() for line in lines[2:]]
    assert set(names) == {"diazepam", "nordiazepam", "triazolam"}
    assert names[-1] == "triazolam"


def test_long_acting_beats_short_acting_at_wake(dataset: bp.Dataset) -> None:
    rows = {r["name"]: r for r in bp.morning_after_rows(dataset)}
    assert (
        rows["clonazepam"]["fraction_at_wake_night1"]
        > 5 * rows["triazolam"]["fraction_at_wake_night1"]
    )
    assert (
        rows["desalkylflurazepam"]["fraction_at_wake_steady"]
        > rows["flurazepam"]["fraction_at_wake_steady"]
    )


def test_clock_rules() -> None:
    assert parse_clock("7:05") == pytest.approx(7 + 5 / 60)
    assert hours_to_wake("22:30", "07:00") == 8.5
    assert hours_to_wake("01:00", "09:00") == 8.0
    assert hours_to_wake("09:00", "08:00") == 23.0  # at or before bedtime: next morning
    with pytest.raises(ValueError, match="equals bedtime"):
        hours_to_wake("22:30", "22:30")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--bedtime", "25:99"], "--bedtime '25:99' is out of range"),
        (["--wake", "7.30"], "--wake '7.30' is not a 24-hour clock time"),
        (["--bedtime", ""], "--bedtime '' is not a 24-hour clock time"),
        (["--bedtime", "22:30", "--wake", "22:30"], "equals bedtime"),
        (["--nights", "0"], "0 is out of range; allowed: 1 to 3650"),
        (["--nights", "-1"], "-1 is out of range; allowed: 1 to 3650"),
        (["--nights", "1000000000"], "1000000000 is out of range"),
        (["--nights", "many"], "'many' is not a whole number"),
        (["--format", "xml"], "--format 'xml' is not allowed; allowed: csv, markdown"),
        (["--drugs", "aspirin"], "unknown drug 'aspirin'"),
        (["--drugs", ","], "names no drug"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args: list[str], words: str) -> None:
    status, out, err = run(capsys, "table", *args)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("benzopk: error: ")
    assert words in err
    assert "Traceback" not in err


def test_missing_command_is_one_line(capsys) -> None:
    status, _, err = run(capsys)
    assert status == 2 and err.count("\n") == 1
