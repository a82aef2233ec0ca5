"""Bad input reaches a clear ValueError; data text is escaped on its way to HTML; no network."""

from __future__ import annotations

import math
import socket

import numpy as np
import pytest

import benzopk as bp
from benzopk.apps.cli import main
from benzopk.data import load_dataset
from benzopk.tables import citations, format_rows, half_lives


@pytest.mark.parametrize("bad", [math.nan, math.inf, -3.0, 0.0])
def test_api_rejects_bad_half_lives(bad: float) -> None:
    with pytest.raises(ValueError, match="half-life"):
        bp.instant_dose_amount(bad, [1.0])
    with pytest.raises(ValueError, match="half-life"):
        bp.fraction_at_wake_steady(bad, 8.0)


def test_api_rejects_empty_selections_and_bad_schedules(dataset: bp.Dataset) -> None:
    with pytest.raises(ValueError, match="at least one drug"):
        bp.morning_after_rows(dataset, drugs=[])
    with pytest.raises(ValueError, match="at least one drug"):
        bp.compare(dataset, bp.ComparisonSettings(drugs=()))
    with pytest.raises(ValueError, match="nights must be from 1 to 3650"):
        bp.nightly_dose_times(0)
    with pytest.raises(ValueError, match="position in the published range"):
        bp.half_life_at_position(dataset.compound("diazepam"), 1.5)
    with pytest.raises(ValueError, match="unknown drug 'aspirin'"):
        bp.simulate_drug(dataset, "aspirin", [0.0], np.array([1.0]))
    with pytest.raises(ValueError, match="metabolite; choose its parent"):
        bp.system_for_drug(dataset, "nordiazepam")
    system = bp.system_for_drug(dataset, "triazolam")
    with pytest.raises(ValueError, match="sorted"):
        system.amounts([48.0, 24.0], [50.0])
    with pytest.raises(ValueError, match="about 11 years"):
        system.amounts([0.0], [200_000.0])
    with pytest.raises(ValueError, match="finite"):
        system.amounts([0.0], [math.nan])


def test_a_missing_tmax_is_said_clearly(dataset: bp.Dataset) -> None:
    for name, drug in dataset.drugs.items():
        if drug.tmax_h is None:
            with pytest.raises(ValueError, match="no published time to peak"):
                bp.system_for_drug(dataset, name, absorption="oral")


HOSTILE = "<script>alert('x')</script>"


def test_text_from_data_is_escaped_for_html(write_dataset) -> None:
    def poison(tables):
        tables["sources.csv"][1][0]["citation"] = HOSTILE
        tables["drugs.csv"][1][0]["half_life_source_section"] = HOSTILE

    data = load_dataset(write_dataset(poison))
    outputs = [
        citations(data),
        half_lives(data, ["testdrug"]),
        format_rows([{"name": HOSTILE, "value": 1.0}], ["name", "value"], "markdown"),
    ]
    for text in outputs:
        assert "<script>" not in text
        assert "&lt;script&gt;" in text


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_cli_and_notebook_calls_make_no_network_access(no_network, capsys) -> None:
    assert main(["table", "--format", "markdown"]) == 0
    assert "triazolam" in capsys.readouterr().out
    from benzopk.nextday.figures import morning_after_figure, nights_figure
    from benzopk.nextday.widget import compare_drugs

    data = bp.load_dataset()
    settings = bp.ComparisonSettings(drugs=("diazepam", "flurazepam"), nights=7)
    nights_figure(bp.compare(data, settings)).savefig(__import__("io").BytesIO(), format="png")
    from benzopk.nextday.morning import drug_wakes

    morning_after_figure(drug_wakes(data)).savefig(__import__("io").BytesIO(), format="png")
    widget = compare_drugs()
    widget.position.value = -1.0
    assert widget.image.value
