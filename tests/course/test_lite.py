"""The in-browser course (``make lite``): a JupyterLite site with the Pyodide kernel.

Builds the site once per session with ``scripts/build_lite.py`` (into ``tmp_path``), then checks
the output (pages, every course notebook, the benzopk wheel in piplite's index), the install
cell of every built notebook (only packages the site or Pyodide provides), the site's own wheel
installed in a fresh folder (data through ``importlib.resources``, no Jupyter tooling imported),
and the app shell in Debian's chromium from a local static server with the network blocked.

The Pyodide runtime is not part of the default build: it loads from a CDN, which these tests
block, so no kernel starts. With ``PYODIDE=/path/to/pyodide`` (a tarball or an unpacked
distribution) the site carries Pyodide and a browser test runs notebook 01 in it end to end.
"""

from __future__ import annotations

import ast
import email.parser
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from browser_support import (
    REPO,
    UNFINISHED_CELLS_JS,
    block_non_local,
    launch_chromium,
    press_slider,
    requires_chromium,
    wait_for_new_image,
)

SCRIPT = REPO / "scripts" / "build_lite.py"
WHEEL_CACHE = REPO / "build" / "lite-wheels"
SCREENSHOTS = REPO / "build" / "screenshots" / "lite"
NOTEBOOK = "01_next_day_sedation.ipynb"
#: Shipped with the Pyodide distribution (or loaded by the kernel itself from it).
PYODIDE_SHIPS = {"numpy", "matplotlib", "pillow", "comm", "ipython", "traitlets"}
#: The Pyodide kernel's own piplite index (shims, e.g. widgetsnbextension).
KERNEL_INDEX = "extensions/@jupyterlite/pyodide-kernel-extension/static/pypi/all.json"
#: Modules a browser kernel cannot have or need: the Jupyter server side and notebook tooling.
SERVER_SIDE_MODULES = (
    "nbformat", "nbconvert", "nbclient", "jupyter_client", "jupyter_server", "zmq", "tornado",
)  # fmt: skip

pytestmark = [pytest.mark.slow]


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class LiteSite:
    out: Path
    log: str
    #: the course notebooks in notebooks/ as the build read them (others edit them meanwhile)
    originals: dict[str, dict[str, Any]]

    @property
    def course(self) -> tuple[str, ...]:
        return tuple(sorted(self.originals))


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory: pytest.TempPathFactory) -> LiteSite:
    root = tmp_path_factory.mktemp("lite")
    wheels = root / "wheels"
    wheels.mkdir()
    # Reuse downloaded kernel wheels (ipywidgets, jupyterlab_widgets) from `make lite`.
    for cached in WHEEL_CACHE.glob("*.whl"):
        if not cached.name.startswith("benzopk-"):
            shutil.copy(cached, wheels / cached.name)
    originals = {nb.name: json.loads(nb.read_text()) for nb in _course_notebooks()}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(root / "lite"), "--wheels", str(wheels),
         "--work", str(root / "lite-src")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    for fetched in wheels.glob("*.whl"):
        if not fetched.name.startswith("benzopk-") and not (WHEEL_CACHE / fetched.name).exists():
            shutil.copy(fetched, WHEEL_CACHE / fetched.name)
    return LiteSite(root / "lite", result.stdout + result.stderr, originals)


def _course_notebooks() -> list[Path]:
    return sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))


def _index(path: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads(path.read_text())
    return {_normalize(name): entry for name, entry in index.items()}


def _lite_config(site: Path) -> dict[str, Any]:
    config: dict[str, Any] = json.loads((site / "jupyter-lite.json").read_text())
    return config["jupyter-config-data"]


def _piplite_installs(source: str) -> list[str]:
    """Package names in ``piplite.install([...])`` / ``%pip install`` lines of one cell."""
    names: list[str] = []
    for match in re.finditer(r"piplite\.install\((.*?)\)", source, re.S):
        value = ast.literal_eval(match.group(1).split(", keep_going")[0])
        names += [value] if isinstance(value, str) else list(value)
    for match in re.finditer(r"^\s*%pip install (.+)$", source, re.M):
        names += [w for w in match.group(1).split() if not w.startswith("-")]
    return [_normalize(re.split(r"[<>=!~\[ ;]", n)[0]) for n in names]


def test_build_holds_pages_notebooks_and_wheels(lite_site: LiteSite) -> None:
    site = lite_site.out
    for page in ("index.html", "lab/index.html", "notebooks/index.html", "tree/index.html"):
        assert (site / page).is_file(), f"missing {page}"
    listed = json.loads((site / "api" / "contents" / "all.json").read_text())
    listed_names = {item["name"] for item in listed["content"]}
    assert lite_site.course and NOTEBOOK in lite_site.course
    for name in lite_site.course:
        assert (site / "files" / name).is_file(), f"{name} not in the site"
        assert name in listed_names, f"{name} not in the contents index"
    # piplite's index of the build's own wheels, and the site configured to use it.
    index = _index(site / "pypi" / "all.json")
    assert {"benzopk", "ipywidgets", "jupyterlab-widgets"} <= set(index)
    for entry in index.values():
        for release in entry["releases"].values():
            for file in release:
                assert (site / "pypi" / file["url"].removeprefix("./")).is_file(), file["url"]
    (wheel,) = (site / "pypi").glob("benzopk-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "benzopk/data/drugs.csv" in archive.namelist()
    settings = _lite_config(site)["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert any(url.startswith("./pypi/all.json") for url in settings["pipliteUrls"])
    assert settings["disablePyPIFallback"] is True
    if os.environ.get("PYODIDE"):
        assert (site / "static" / "pyodide" / "pyodide.mjs").is_file()
    else:
        assert "CDN" in lite_site.log, "the build must say where Pyodide comes from"
        assert not (site / "static" / "pyodide").exists()


def test_repository_notebooks_are_left_alone_and_copies_only_gain_the_install_cell(
    lite_site: LiteSite,
) -> None:
    for name, original in lite_site.originals.items():
        built = json.loads((lite_site.out / "files" / name).read_text())
        assert not any("piplite" in "".join(c["source"]) for c in original["cells"]), (
            f"{name}: the repository copy should not carry the Lite install cell"
        )
        code = [c for c in built["cells"] if c["cell_type"] == "code"]
        assert "lite-install" in code[0]["metadata"].get("tags", []), name
        rest = [c for c in built["cells"] if "lite-install" not in c["metadata"].get("tags", [])]
        assert [c["source"] for c in rest] == [c["source"] for c in original["cells"]]
        assert built["metadata"]["kernelspec"]["name"] == "python"  # the Pyodide kernel


def test_install_cells_name_only_what_the_site_or_pyodide_provides(lite_site: LiteSite) -> None:
    site = lite_site.out
    own = _index(site / "pypi" / "all.json")
    available = set(own) | set(_index(site / KERNEL_INDEX)) | PYODIDE_SHIPS
    for path in sorted((site / "files").glob("*.ipynb")):
        notebook = json.loads(path.read_text())
        names = [
            name
            for cell in notebook["cells"]
            if cell["cell_type"] == "code"
            for name in _piplite_installs("".join(cell["source"]))
        ]
        assert "benzopk" in names, f"{path.name}: no install cell for benzopk"
        missing = sorted(set(names) - available)
        assert not missing, (
            f"{path.name} installs {missing}, which neither the site nor Pyodide has"
        )
    # Everything those wheels need is there too (piplite may not fall back to PyPI).
    for wheel in sorted((site / "pypi").glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            meta = email.parser.Parser().parsestr(archive.read(meta_name).decode())
        for requirement in meta.get_all("Requires-Dist") or []:
            if "extra ==" in requirement:
                continue
            name = _normalize(re.split(r"[<>=!~\[ ;(]", requirement.strip())[0])
            assert name in available, f"{wheel.name} needs {name}, not in the site or Pyodide"


def test_site_wheel_installed_elsewhere_loads_its_data(lite_site: LiteSite, tmp_path: Path) -> None:
    """What piplite installs, in a plain folder: data via importlib.resources, notebook imports.

    tests/core/test_packaging.py already checks a freshly built wheel's contents and its CLI; this
    checks the site's copy and what a browser kernel would import from it.
    """
    (wheel,) = (lite_site.out / "pypi").glob("benzopk-*.whl")
    target = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--disable-pip-version-check", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    imports = sorted(
        {
            line.strip()
            for notebook in lite_site.originals.values()
            for cell in notebook["cells"]
            if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines()
            if re.match(r"\s*(import benzopk|from benzopk[\w.]* import [^(]*$)", line)
        }
    )
    assert imports, "the notebooks import nothing from benzopk?"
    probe = "\n".join(
        [
            "import sys, threading",
            "import matplotlib",
            "matplotlib.use('Agg')",
            *imports,
            "import benzopk, benzopk.data as d",
            "data = benzopk.load_dataset()",
            "assert len(data.drugs) > 5, data",
            "print(benzopk.__file__)",
            "print(d.data_directory())",
            f"print(sorted(m for m in {SERVER_SIDE_MODULES!r} if m in sys.modules))",
            "print(threading.active_count())",
        ]
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    module_file, data_dir, server_side, threads = result.stdout.splitlines()[-4:]
    assert module_file.startswith(str(target)) and data_dir.startswith(str(target))
    assert server_side == "[]", f"importing benzopk pulls in {server_side}"
    assert threads == "1", "importing benzopk started a thread"


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/octet-stream",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(lite_site: LiteSite) -> Iterator[str]:
    """The site on a local static server (127.0.0.1, free port), like any web host."""
    handler = functools.partial(_QuietHandler, directory=str(lite_site.out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.browser
@requires_chromium
def test_site_opens_in_chromium_from_a_static_server(
    lite_site: LiteSite, served: str, tmp_path: Path
) -> None:
    """The JupyterLite app shell and the course notebooks, with every non-local request blocked.

    Only the shell: without a local Pyodide the kernel would load from the CDN, which is
    blocked here, so no notebook is run (see the PYODIDE test below).
    """
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(60_000)
            block_non_local(context, (f"{served}/", "blob:", "data:"), blocked)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(f"{served}/index.html", wait_until="load")
            page.wait_for_url(re.compile(r"/lab/"), timeout=60_000)
            page.locator("#jp-main-dock-panel").wait_for(state="visible")
            listing = page.locator(".jp-DirListing-content")
            listing.locator(".jp-DirListing-item", has_text=NOTEBOOK).wait_for()
            shown = listing.locator(".jp-DirListing-itemText").all_text_contents()
            title = page.title()
            page.screenshot(path=str(SCREENSHOTS / "lab.png"))
        finally:
            browser.close()
    assert "JupyterLite" in title, title
    for name in lite_site.course:
        assert name in shown, f"{name} not in the file browser: {shown}"
    assert not errors, f"page errors: {errors}"
    assert not blocked, f"the app shell asked the network for {sorted(set(blocked))}"
    local_failures = [url for url in failed if url.startswith(served) and url not in blocked]
    assert not local_failures, f"the site is missing files: {local_failures}"


# --- With a local Pyodide: notebook 01 in the browser kernel, then the widget. -------------------

ERROR_OUTPUTS_JS = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    + '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"], '
    + '.jp-OutputArea-output')]
    .map(e => e.textContent)
    .filter(t => t.includes('Traceback') || t.includes('Error displaying widget'))"""


@pytest.mark.browser
@requires_chromium
def test_notebook_01_runs_in_the_pyodide_kernel(
    lite_site: LiteSite, served: str, tmp_path: Path
) -> None:
    if not os.environ.get("PYODIDE"):
        pytest.skip("no local Pyodide (set PYODIDE=/path/to/pyodide tarball or folder to run it)")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 2000})
            context.set_default_timeout(120_000)
            block_non_local(context, (f"{served}/", "blob:", "data:"), blocked)
            page = context.new_page()
            page.goto(f"{served}/lab/index.html?path={NOTEBOOK}")
            page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
            page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
                timeout=180_000
            )
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
            page.wait_for_function(f"({UNFINISHED_CELLS_JS})() === 0", timeout=300_000)
            image = page.locator(".jupyter-widgets img, .widget-image").first
            image.wait_for(state="visible")
            page.wait_for_function("img => img.src && img.complete", arg=image.element_handle())
            widget = page.locator(".jp-OutputArea-output .widget-vbox", has=image).first
            widget.screenshot(path=str(SCREENSHOTS / "pyodide_widget_before.png"))
            src_before = image.get_attribute("src")
            press_slider(widget.locator(".widget-hslider", has_text="Half-life").first)
            wait_for_new_image(page, image, src_before, timeout=None)  # the context's 120 s
            widget.screenshot(path=str(SCREENSHOTS / "pyodide_widget_after.png"))
            errors = page.evaluate(ERROR_OUTPUTS_JS)
        finally:
            browser.close()
    assert not errors, "cell outputs show errors:\n" + "\n---\n".join(errors)
    assert not blocked, f"with a local Pyodide the run asked the network for {sorted(set(blocked))}"
