"""The presenter app's widget (benzopk.presenter.Presenter) without a browser, and its notebook."""

from __future__ import annotations

import io
from pathlib import Path

import ipywidgets as widgets
import matplotlib.image
import nbformat
import pytest

import benzopk as bp
from benzopk.apps import presenter
from benzopk.apps.presenter import ROOT_CLASS, TAB_TITLES, Presenter
from benzopk.nextday import figures as plots
from benzopk.nextday.widget import ComparisonWidget
from benzopk.risk.widget import RiskWidget

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app(dataset: bp.Dataset) -> Presenter:
    return Presenter(dataset=dataset)


def _png_size(data: bytes) -> tuple[int, int]:
    height, width = matplotlib.image.imread(io.BytesIO(data)).shape[:2]
    return width, height


def test_composes_the_library_widgets(app: Presenter) -> None:
    # The library's own classes, shown as they are: no second implementation.
    assert type(app.comparison) is ComparisonWidget
    assert type(app.risk) is RiskWidget
    assert isinstance(app.tabs, widgets.Tab)
    assert app.tabs.children == (
        app.comparison.box,
        app.tabs.children[1],
        app.risk.box,
        app.population.box,
    )
    assert tuple(app.tabs.titles) == TAB_TITLES
    assert app.morning_image in app.tabs.children[1].children
    assert presenter.morning_after_figure is plots.morning_after_figure


def test_banner_and_label_always_visible(app: Presenter) -> None:
    # Banner and style sit above the tabs, in the root box.
    assert app.box.children[1] is app.banner and app.box.children[2] is app.tabs
    assert ROOT_CLASS in app.box._dom_classes
    assert "Teaching model — NOT FOR DOSING" in app.banner.value
    assert "fraction of one dose in the body" in app.banner.value
    style = app.box.children[0].value
    assert style.startswith("<style>") and f".{ROOT_CLASS} img.widget-image" in style
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "NOT FOR DOSING" in bundle["text/plain"]


def test_figures_at_presenter_scale(dataset: bp.Dataset) -> None:
    app = Presenter(dataset=dataset, scale=2.0)
    # NightsPlot is 11 × 5.6 in, the morning-after chart 11 in wide: 200 dpi.
    assert _png_size(app.comparison.image.value) == (2200, 1120)
    assert _png_size(app.morning_image.value)[0] == 2200
    app.comparison.position.value = 0.5  # blitted updates keep the new size
    assert _png_size(app.comparison.image.value) == (2200, 1120)
    with pytest.raises(ValueError, match="scale"):
        Presenter(dataset=dataset, scale=10)


def test_bedtime_and_wake_update_the_morning_after_chart(dataset: bp.Dataset) -> None:
    app = Presenter(dataset=dataset)
    before, renders = app.morning_image.value, app.morning_renders
    assert "22:30" in app.morning_note.value
    app.comparison.bedtime.value = "21:00"
    assert app.morning_renders == renders + 1
    assert app.morning_image.value != before
    assert "21:00" in app.morning_note.value
    middle = app.morning_image.value
    app.comparison.wake.value = "10:00"
    assert app.morning_image.value != middle and "10:00" in app.morning_note.value


def test_morning_after_follows_the_selection_when_asked(dataset: bp.Dataset) -> None:
    app = Presenter(dataset=dataset)
    renders = app.morning_renders
    app.comparison.drug_select.value = ("triazolam",)
    assert app.morning_renders == renders  # "all" does not depend on the selection
    app.compounds.value = "selected"
    assert "triazolam" in app.morning_note.value and "diazepam" not in app.morning_note.value
    app.comparison.drug_select.value = ("diazepam",)
    assert "nordiazepam" in app.morning_note.value  # with its metabolites
    app.comparison.drug_select.value = ()
    assert "Select at least one drug" in app.morning_note.value


def test_app_notebook_is_banner_then_one_code_cell() -> None:
    nb = nbformat.read(REPO / "app" / "presenter.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code"]
    assert "Teaching model — NOT FOR DOSING" in nb.cells[0].source
    first = (REPO / "notebooks" / "01_next_day_sedation.ipynb").read_text()
    assert nbformat.reads(first, as_version=4).cells[0].source == nb.cells[0].source
    assert "from benzopk.apps.presenter import Presenter" in nb.cells[1].source
    assert nb.cells[1].source.rstrip().endswith("Presenter()")
    assert nb.cells[1].outputs == [] and nb.cells[1].execution_count is None


def test_make_app_uses_the_tested_voila_options() -> None:
    from test_app_browser import voila_options

    makefile = (REPO / "Makefile").read_text()
    recipe = makefile.split("\napp:", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    assert "app/presenter.ipynb" in recipe
    assert 'JUPYTER_PATH="$(CURDIR)/app/share"' in recipe
    for option in voila_options(0):
        expected = "--port=$(APP_PORT)" if option.startswith("--port=") else option
        assert expected in recipe.split(), f"`make app` lacks {expected}:\n{recipe}"
    template = REPO / "app" / "share" / "voila" / "templates" / "benzopk" / "index.html.j2"
    assert "cdn." not in template.read_text().split("-#}", 1)[1]
