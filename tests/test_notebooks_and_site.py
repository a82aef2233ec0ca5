"""Notebooks: stored stripped, open with the banner, execute from a fresh kernel, render to HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benzopk.labels import LABEL_TEXT

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
MASS_UNITS = re.compile(r"\b\d+(\.\d+)?\s?(mg|mg/L|ng/mL|µg/L|g)\b")


def test_there_is_a_notebook() -> None:
    assert (REPO / "notebooks" / "01_next_day_sedation.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped_and_opens_with_the_banner(path: Path) -> None:
    notebook = json.loads(path.read_text())
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown"
    banner = "".join(first["source"])
    assert "NOT FOR DOSING" in banner and "fraction of one dose" in banner
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert not MASS_UNITS.search("".join(cell["source"]))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benzopk.site import build_site

    out = tmp_path_factory.mktemp("html")
    build_site(REPO / "notebooks", out)  # executes every notebook from a fresh kernel
    return out


@pytest.mark.slow
def test_site_pages_carry_the_label_and_figures(site: Path) -> None:
    index = (site / "index.html").read_text()
    assert LABEL_TEXT in index
    for path in NOTEBOOKS:
        page = (site / f"{path.stem}.html").read_text()
        assert LABEL_TEXT in page
        assert page.count("data:image/png;base64") >= 3
        assert f'href="{path.stem}.html"' in index
        assert (
            "Traceback" not in page
            and 'class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr"'
            not in page
        )
        assert "live version with controls runs in JupyterLab" in page
