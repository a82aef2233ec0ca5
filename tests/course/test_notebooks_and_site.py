"""Notebooks: stored stripped, open with the banner, execute from a fresh kernel; the site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import benzopk as bp
from benzopk.answers import registry
from benzopk.labels import LABEL_TEXT

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))
MASS_UNITS = re.compile(r"\b\d+(\.\d+)?\s?(mg|mg/L|ng/mL|µg/L|g)\b")
ANSWER_CALL = re.compile(r'(?:bp\.)?answer\("(\d\d)", (\d+), data\)')
PAGES = ("index.html", "summary.html", "validation.html", "model.html", "sources.html")


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
        source = "".join(cell["source"])
        assert not MASS_UNITS.search(source), source
        assert "$" not in source or cell["cell_type"] == "code", "no LaTeX: the site has no MathJax"
    meta = notebook["metadata"]["benzopk"]
    assert meta["minutes"] > 0 and 3 <= len(meta["objectives"]) <= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_exercises_have_computed_answers(path: Path) -> None:
    notebook = json.loads(path.read_text())
    number = path.name[:2]
    calls = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if "answer" in cell.get("metadata", {}).get("tags", []):
            match = ANSWER_CALL.fullmatch(source.strip())
            assert match, f"an answer cell only calls answer(...): {source!r}"
            calls.append((match.group(1), int(match.group(2))))
    registered = [key for key in registry() if key[0] == number]
    assert 3 <= len(calls) <= 5
    assert calls == registered, "every exercise has exactly one answer cell, in order"


def test_every_registered_answer_computes(dataset: bp.Dataset) -> None:
    for (notebook, number), exercise in registry().items():
        result = exercise.solve(dataset)
        assert result.text.strip(), (notebook, number)
        assert not MASS_UNITS.search(result.text)


@pytest.mark.slow
def test_site_pages_carry_the_label_figures_and_alt_text(
    built_site: dict[str, Path], dataset: bp.Dataset
) -> None:
    site = built_site["teacher"]
    index = (site / "index.html").read_text()
    for path in NOTEBOOKS:
        page = (site / f"{path.stem}.html").read_text()
        assert LABEL_TEXT in page
        assert page.count("data:image/png;base64") >= 2
        assert f'href="{path.stem}.html"' in index
        assert "Traceback" not in page
        assert 'alt=""' not in page
        assert "Worked answer" in page
        assert "https://cdn" not in page and "<script src=" not in page
    for name in PAGES:
        assert LABEL_TEXT in (site / name).read_text()
    summary = (site / "summary.html").read_text()
    assert "data:image/png;base64" in summary and "desalkylflurazepam" in summary
    assert "share above, night 1" in summary and "no level is safe" in summary
    shares = summary[summary.index("People, not averages") :]
    assert " risk" not in shares.lower()  # a share of people is never called a risk
    validation = (site / "validation.html").read_text()
    for observation in dataset.observations:
        assert f"<td>{observation.obs_id}</td>" in validation
        assert f'href="sources.html#{observation.source.source_id}"' in validation


@pytest.mark.slow
def test_sources_page_lists_every_source(built_site: dict[str, Path], dataset: bp.Dataset) -> None:
    page = (built_site["teacher"] / "sources.html").read_text()
    for source_id in dataset.sources:
        assert f'id="{source_id}"' in page


def _plain_fragment(text: str) -> str:
    """The longest run of plain words in an answer (unchanged by Markdown rendering)."""
    runs = re.findall(r"[A-Za-z][A-Za-z ,]{24,}[A-Za-z]", text)
    return max(runs, key=len)


@pytest.mark.slow
def test_student_edition_has_no_answers(built_site: dict[str, Path], dataset: bp.Dataset) -> None:
    for path in NOTEBOOKS:
        teacher = (built_site["teacher"] / f"{path.stem}.html").read_text()
        student = (built_site["student"] / f"{path.stem}.html").read_text()
        exercises = [e for (nb, _), e in registry().items() if nb == path.name[:2]]
        assert teacher.count('<details class="benzopk-answer">') == len(exercises)
        assert "benzopk-answer" not in student and "Worked answer" not in student
        assert "Exercise" in student
        for exercise in exercises:
            fragment = _plain_fragment(exercise.solve(dataset).text)
            assert fragment in teacher, (exercise.notebook, exercise.number)
            assert fragment not in student, (exercise.notebook, exercise.number)
