"""Packaging: environment.yml ≡ pyproject, the wheel carries data/, the CLI works elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return dict(_split(r) for r in requirements)


def environment_requirements() -> dict[str, str]:
    names: dict[str, str] = {}
    in_pip = False
    section = ""
    for line in (REPO / "environment.yml").read_text().splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        top = re.match(r"^([a-z_]+):", stripped)
        if top:
            section = top.group(1)
            continue
        if section != "dependencies":
            continue
        if re.match(r"^\s*- pip:\s*$", stripped):
            in_pip = True
            continue
        if in_pip and re.match(r"^\s{6,}- ", stripped):
            continue  # the pip section installs benzopk itself
        in_pip = False
        item = re.match(r"^\s{2}- (.+)$", stripped)
        if item:
            name, spec = _split(item.group(1))
            if name not in {"python", "pip"}:
                names[name] = spec
    return names


def test_environment_yml_names_the_same_dependencies_as_pyproject() -> None:
    assert environment_requirements() == pyproject_requirements()


def test_library_needs_only_the_named_stack() -> None:
    """numpy, matplotlib, ipywidgets, and pillow (which matplotlib installs anyway) for the
    live widget's 256-colour PNG; all of them also install in a browser (Pyodide) kernel."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert {_split(r)[0] for r in project["dependencies"]} == {
        "numpy",
        "matplotlib",
        "ipywidgets",
        "pillow",
    }


@pytest.mark.slow
def test_installed_wheel_finds_its_data_from_another_folder(
    tmp_path: Path, built_wheel: Path
) -> None:
    wheel = built_wheel
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for csv_name in ("drugs.csv", "metabolites.csv", "metabolite_links.csv", "sources.csv"):
        assert f"benzopk/data/{csv_name}" in names
    assert not any("_staging" in n for n in names)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import benzopk, benzopk.data as d; print(benzopk.__file__); print(d.data_directory())"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    module_file, data_dir = probe.stdout.splitlines()
    assert module_file.startswith(str(target))
    assert data_dir.startswith(str(target))
    table = subprocess.run(
        [str(target / "bin" / "benzopk"), "table", "--drugs", "triazolam"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert table.stdout.splitlines()[1].startswith("triazolam,benzodiazepine,")
    assert "NOT FOR DOSING" in table.stderr
