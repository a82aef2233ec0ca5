"""`benzopk table`: the formulas, the columns, the sort, and bad input (exit 2, one line)."""

from __future__ import annotations

import csv
import io
import math

import pytest
from independent import independent_row, independent_systems

import benzopk as bp
from benzopk.apps.cli import main
from benzopk.labels import TABLE_LABEL
from benzopk.nextday.morning import DRUG_TABLE_COLUMNS, TABLE_COLUMNS
from benzopk.timeline import hours_to_wake, parse_clock


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_per_drug_table_columns_rows_sort_and_label(capsys, dataset: bp.Dataset) -> None:
    status, out, err = run(capsys, "table")
    assert status == 0
    assert err.startswith(TABLE_LABEL + "\n")  # the label goes to stderr: stdout stays CSV
    assert "* Rests on an assumed" in err and "flurazepam → desalkylflurazepam" in err
    assert "NOT FOR DOSING" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == DRUG_TABLE_COLUMNS
    assert [r["name"] for r in rows] == sorted(
        dataset.drugs, key=lambda n: (-float(_row(rows, n)["fraction_at_wake_steady"]), n)
    )
    assert {r["class"] for r in rows} == {"benzodiazepine", "z-drug"}  # no metabolite rows


def _row(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    return next(r for r in rows if r["name"] == name)


@pytest.mark.parametrize(
    ("bedtime", "wake", "nights"),
    [("22:30", "07:00", 14), ("23:59", "0:01", 3), ("01:00", "09:00", 1), ("9:00", "08:00", 30)],
)
def test_per_drug_table_matches_an_independent_linked_computation(
    capsys, bedtime: str, wake: str, nights: int
) -> None:
    status, out, _ = run(
        capsys, "table", "--bedtime", bedtime, "--wake", wake, "--nights", str(nights)
    )
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    systems = independent_systems()
    for row in rows:
        expected = independent_row(systems[row["name"]], bedtime, wake, nights)
        assert row["active_compounds"] == ";".join(expected["active_compounds"])
        for column in (
            "half_life_h",
            "longest_half_life_h",
            "fraction_at_wake_night1",
            "fraction_at_wake_night_n",
            "fraction_at_wake_steady",
            "accumulation_ratio",
            "hours_to_97pct_eliminated",
        ):
            assert float(row[column]) == pytest.approx(expected[column], rel=1e-9), (
                row["name"],
                column,
            )
        assert int(row["nights_to_90pct_steady"]) == expected["nights_to_90pct_steady"]
        # full precision: at least 10 significant digits (or an exact short value)
        digits = row["fraction_at_wake_steady"].replace(".", "").lstrip("0").split("e")[0]
        assert len(digits) >= 10 or float(row["fraction_at_wake_steady"]) == pytest.approx(
            expected["fraction_at_wake_steady"], rel=1e-15
        )


def test_long_acting_drugs_stand_where_they_belong(capsys) -> None:
    status, out, _ = run(capsys, "table")
    assert status == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    for name in ("flurazepam", "clorazepate"):
        assert float(rows[name]["fraction_at_wake_steady"]) >= 1.0
    assert rows["clorazepate"]["active_compounds"] == "nordiazepam"  # a prodrug: not itself
    assert rows["flurazepam"]["active_compounds"] == "flurazepam;desalkylflurazepam"
    short = max(float(rows[n]["fraction_at_wake_steady"]) for n in ("triazolam", "zolpidem"))
    for name in ("clonazepam", "diazepam", "flurazepam"):
        assert float(rows[name]["fraction_at_wake_steady"]) > 5 * short


def test_compounds_table_follows_the_closed_forms(capsys, dataset: bp.Dataset) -> None:
    status, out, err = run(
        capsys, "table", "--compounds", "--bedtime", "23:00", "--wake", "6:30", "--nights", "5"
    )
    assert status == 0 and "NOT FOR DOSING" in err
    delta = 7.5
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == TABLE_COLUMNS
    assert {r["name"] for r in rows} == set(dataset.compounds)  # drugs and metabolites
    for row in rows:
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
        assert int(row["nights_to_90pct_steady"]) == max(1, math.ceil(math.log(10) / (24 * k)))


def test_markdown_starts_with_the_label_and_rounds(capsys) -> None:
    status, out, err = run(
        capsys, "table", "--drugs", "Diazepam, triazolam", "--format", "markdown"
    )
    assert status == 0 and err == ""
    lines = out.strip().splitlines()
    assert lines[0] == TABLE_LABEL and "NOT FOR DOSING" in lines[0]
    assert lines[2].startswith("| name | class | active_compounds | half_life_h")
    table = [line for line in lines[4:] if line.startswith("|")]
    names = [line.split("|")[1].strip() for line in table]
    assert names == ["diazepam", "triazolam"]
    assert lines[-1].startswith("* Rests on an assumed") and "diazepam → nordiazepam" in lines[-1]
    for line in table:
        for cell in line.strip("|").split("|")[3:]:
            value = cell.strip()
            digits = value.replace(".", "").lstrip("0").split("e")[0]
            assert len(digits) <= 3, value


def test_a_metabolite_is_not_a_drug_row(capsys) -> None:
    status, out, err = run(capsys, "table", "--drugs", "nordiazepam")
    assert status == 2 and out == "" and "--compounds" in err
    status, out, _ = run(capsys, "table", "--compounds", "--drugs", "diazepam")
    assert status == 0
    assert [r["name"] for r in csv.DictReader(io.StringIO(out))] == ["nordiazepam", "diazepam"]


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
