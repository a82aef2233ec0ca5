"""The layout: a small core, one package per course topic, the applications on top.

Imports point one way — core → topic computation → topic figures/text → widgets → apps —
checked by package, from the import statements themselves (not from file-name prefixes).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "benzopk"
CORE = {
    "crossing",
    "lazy",
    "data", "records", "cells", "model", "formulas", "timeline", "linked", "tables", "labels",
    "answers", "display", "studies",
}  # fmt: skip
CORE_DISPLAY = {"figure"}  # the labelled figure base: matplotlib, nothing else of ours
TOPICS = {
    "nextday", "halflife", "nightly", "metabolites", "risk", "washout", "evidence", "population",
}  # fmt: skip
APPS = {"apps"}
DRAWING = {"matplotlib"}
WIDGETS = {"ipywidgets", "IPython"}
TOOLING = {"nbconvert", "nbclient", "jinja2", "nbformat"}
MAX_LINES = 400


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as dotted names; ours relative to ``benzopk``."""
    here = path.relative_to(PACKAGE).with_suffix("").parts
    package = list(here[:-1])  # a module and an __init__ alike: the folder it sits in
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
                continue
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
            found.add("benzopk." + target if target else "benzopk")
            if not node.module:  # from . import x, y
                found |= {f"benzopk.{'.'.join([*base, a.name])}" for a in node.names}
    return found


def ours(names: set[str]) -> set[tuple[str, ...]]:
    return {tuple(n.split(".")[1:]) for n in names if n.startswith("benzopk.")}


def third_party(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names if not n.startswith("benzopk")}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_layout_is_core_topics_and_apps() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert top == CORE | CORE_DISPLAY
    assert packages == TOPICS | APPS
    for topic in TOPICS:
        files = {p.stem for p in (PACKAGE / topic).glob("*.py")}
        assert {"__init__", "compute", "figures", "answers"} <= files, topic
        doc = ast.get_docstring(ast.parse((PACKAGE / topic / "__init__.py").read_text()))
        assert doc and doc.startswith("Notebook 0"), topic


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path: Path) -> None:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    names = imports(path)
    ours_ = ours(names)
    outside = third_party(names)
    assert not outside & TOOLING, "the site and notebook tooling stays outside src/"
    if len(parts) == 1 and parts[0] != "__init__":  # the core
        assert all(m[0] in CORE | CORE_DISPLAY for m in ours_ if m), ours_
        if parts[0] in CORE:
            assert not outside & (DRAWING | WIDGETS)
        return
    if parts[0] in APPS or parts == ("__init__",):
        return
    topic, role = parts[0], parts[-1]
    others = {m for m in ours_ if m and m[0] not in CORE | CORE_DISPLAY}
    assert all(m[0] == topic for m in others), f"{path.name} reaches into another topic"
    if role == "text":
        assert ("data",) not in ours_, "text takes computed results, never the dataset"
    if role not in ("figures", "widget"):
        # computation and worked answers: the core and this topic's computation only
        assert not outside & (DRAWING | WIDGETS), role
        assert not {m for m in ours_ if m and m[0] in CORE_DISPLAY}
        assert all(len(m) < 2 or m[1] not in ("figures", "widget") for m in others)
    elif role == "figures":
        assert not outside & WIDGETS
        assert ("data",) not in ours_, "a figure takes computed results, never the dataset"
        assert all(len(m) < 2 or m[1] != "widget" for m in others)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) < MAX_LINES
