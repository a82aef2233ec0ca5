"""The comparison widget in a real JupyterLab, driven by Debian's chromium through playwright.

Starts ``jupyter lab`` from this venv on 127.0.0.1 (random port and token, every Jupyter
setting/runtime folder under ``tmp_path``), opens the notebook, runs all cells from the menu,
then changes the drug selection and the half-life slider and checks that the figure changes,
that no cell shows an error and that the kernel is still alive. Screenshots go to
``build/screenshots/``. The browser may only reach the local server.

Then it moves the half-life slider ``BENZOPK_LAB_LATENCY_MOVES`` times (default 20), checks
that each move shows a new image in bounded time, and writes how long each took, from the
keydown to the new PNG decoded and painted, with where the time went (page, transport, kernel,
decode), to ``build/lab_latency.json`` (read by ``benchmarks/lab_latency.py``). No speed
target is asserted here: targets belong to the benchmarks.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    IMAGE_DIGEST_JS,
    REPO,
    UNFINISHED_CELLS_JS,
    WS_TRACE_INIT_JS,
    block_non_local,
    change_drugs_and_slider,
    free_port,
    jupyter_env,
    latency_summary,
    launch_chromium,
    log_tail,
    measure_slider_latency,
    record_console_errors,
    requires_chromium,
    wait_for_server,
)

NOTEBOOK = "01_next_day_sedation.ipynb"
SCREENSHOTS = REPO / "build" / "screenshots"
LATENCY_JSON = REPO / "build" / "lab_latency.json"
#: Slider moves timed after the functional checks (env ``BENZOPK_LAB_LATENCY_MOVES``; 0: none).
LATENCY_MOVES = int(os.environ.get("BENZOPK_LAB_LATENCY_MOVES", "20"))
#: A move that shows no new image within this is a failure (not a speed target).
LATENCY_TIMEOUT_MS = 10_000

pytestmark = [pytest.mark.browser, requires_chromium]


class Lab:
    """A running ``jupyter lab`` server."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, token: str, log: Path):
        self.process = process
        self.port = port
        self.token = token
        self.log = log
        self.base = f"http://127.0.0.1:{port}"

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method == "POST" else None,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)


def _write_lab_settings(settings_dir: Path) -> None:
    """Keep every cell in the DOM, and no news or update checks (nothing leaves the machine)."""
    overrides = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "checkForUpdates": False,
            "fetchNews": "false",
        },
    }
    for name, values in overrides.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    root = tmp_path / "notebooks"
    root.mkdir()
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, root / notebook.name)
    home = tmp_path / "jupyter"
    env = jupyter_env(
        home,
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
    )
    _write_lab_settings(home / "lab-settings")
    port = free_port()
    token = secrets.token_hex(24)
    jupyter = Path(sys.executable).parent / "jupyter"
    log = tmp_path / "jupyter-lab.log"
    command = [
        str(jupyter),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with log.open("wb") as log_handle:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=log_handle, stderr=subprocess.STDOUT
        )
    server = Lab(process, port, token, log)
    try:
        wait_for_server("jupyter lab", process, lambda: server.api("/api/status"), server.log_tail)
        yield server
    finally:
        if process.poll() is None:
            try:
                server.api("/api/shutdown", method="POST")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _kernels(lab: Lab) -> list[dict[str, Any]]:
    kernels: list[dict[str, Any]] = lab.api("/api/kernels")
    return kernels


def _kernels_while_waiting(lab: Lab) -> list[dict[str, Any]]:
    """Like :func:`_kernels`, but a server error while a kernel is still starting (the
    server can answer 500 when listed mid-start) counts as "not ready yet"."""
    try:
        return _kernels(lab)
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            return []
        raise


def _wait_kernel_idle(lab: Lab, page: Any, timeout_s: float) -> None:
    """Wait until the one kernel is idle and every code cell has an execution count."""
    deadline = time.monotonic() + timeout_s
    state = "no kernel"
    unfinished = -1
    while time.monotonic() < deadline:
        kernels = _kernels_while_waiting(lab)
        state = kernels[0]["execution_state"] if len(kernels) == 1 else f"{len(kernels)} kernels"
        unfinished = page.evaluate(UNFINISHED_CELLS_JS)
        if state == "idle" and unfinished == 0:
            return
        page.wait_for_timeout(500)
    pytest.fail(
        f"notebook did not finish in {timeout_s:.0f} s: kernel {state!r}, "
        f"{unfinished} code cells without an execution count\n{lab.log_tail()}"
    )


def _error_outputs(page: Any) -> list[str]:
    texts: list[str] = page.evaluate(
        """() => [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
            + '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(e => e.textContent)"""
    )
    bad = [t for t in texts if "Traceback" in t or "Error" in t]
    widget_errors: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea-output')]
            .map(e => e.textContent).filter(t => t.includes('Error displaying widget'))"""
    )
    return bad + widget_errors


def test_widget_updates_in_jupyterlab(lab: Lab, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before_png = SCREENSHOTS / "jupyterlab_widget_before.png"
    after_png = SCREENSHOTS / "jupyterlab_widget_after.png"
    blocked: list[str] = []
    console_errors: list[str] = []

    with sync_playwright() as playwright:
        # The browser's own config, cache and crash-report folders also go under tmp_path.
        browser = launch_chromium(playwright, tmp_path)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 2000})
            context.set_default_timeout(30_000)
            block_non_local(context, (f"http://127.0.0.1:{lab.port}/", "blob:", "data:"), blocked)
            context.add_init_script(WS_TRACE_INIT_JS)  # notes kernel messages once turned on
            page = context.new_page()
            record_console_errors(page, console_errors)
            page.goto(f"{lab.base}/lab/tree/{NOTEBOOK}?token={lab.token}", timeout=60_000)

            # The notebook is open and its kernel started.
            page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
            deadline = time.monotonic() + 60
            while not (
                (kernels := _kernels_while_waiting(lab)) and kernels[0]["execution_state"] == "idle"
            ):
                assert time.monotonic() < deadline, "kernel did not start in 60 s"
                page.wait_for_timeout(300)

            # Run → Run All Cells, from the menu bar.
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
            _wait_kernel_idle(lab, page, timeout_s=90)

            image = page.locator(".jupyter-widgets img, .widget-image").first
            image.wait_for(state="visible", timeout=30_000)
            page.wait_for_function("img => img.src && img.complete", arg=image.element_handle())
            widget = page.locator(".jp-OutputArea-output .widget-vbox", has=image).first
            widget.scroll_into_view_if_needed()
            widget.screenshot(path=str(before_png))
            src_before = image.get_attribute("src")
            digest_before = image.evaluate(IMAGE_DIGEST_JS)
            shot_before = image.screenshot()

            # Two drugs not selected now (a long- and a short-acting one if the dataset has
            # them), then the half-life slider; the figure is redrawn after each.
            edits = change_drugs_and_slider(page, widget, image)
            _wait_kernel_idle(lab, page, timeout_s=30)
            page.wait_for_timeout(300)  # let the last PNG paint
            readout_after = edits.readout.text_content()
            widget.screenshot(path=str(after_png))
            src_after = image.get_attribute("src")
            digest_after = image.evaluate(IMAGE_DIGEST_JS)
            shot_after = image.screenshot()
            selected_after = edits.selected()
            errors = _error_outputs(page)

            # Then the latency a student sees: LATENCY_MOVES single steps of the slider.
            record = (
                measure_slider_latency(
                    page, widget, image, moves=LATENCY_MOVES, timeout_ms=LATENCY_TIMEOUT_MS
                )
                if LATENCY_MOVES > 0
                else None
            )
            errors_after_moves = _error_outputs(page)
        finally:
            browser.close()

    assert sorted(selected_after) == sorted(edits.chosen), (
        f"drug selection did not take: {selected_after} != {edits.chosen}"
    )
    assert readout_after != edits.readout_before, (
        f"half-life slider did not move ({edits.readout_before})"
    )
    assert src_after != src_before, "widget image src did not change"
    assert digest_after != digest_before, "widget PNG bytes did not change after the edits"
    assert shot_after != shot_before, "widget image looks the same after the edits"
    assert not errors, (
        "cell outputs show errors:\n"
        + "\n---\n".join(errors)
        + f"\nbrowser console errors: {console_errors}\nblocked requests: {blocked}"
    )
    kernels = _kernels(lab)
    assert len(kernels) == 1, f"expected one kernel, found {kernels}"
    assert kernels[0]["execution_state"] not in ("dead", "unknown"), f"kernel is {kernels[0]}"
    assert before_png.stat().st_size > 0 and after_png.stat().st_size > 0
    if record is None:
        return

    latency = latency_summary(record)
    latency["drugs"] = selected_after
    latency["nights"] = 3  # compare_drugs() in the notebook
    LATENCY_JSON.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_JSON.write_text(json.dumps(latency, indent=2) + "\n", encoding="utf-8")
    late = [i for i, move in enumerate(latency["samples"]) if move.get("total_ms") is None]
    assert not record["timeouts"] and not late, (
        f"slider moves {record['timeouts'] or late} showed no new decoded image within "
        f"{LATENCY_TIMEOUT_MS} ms (see {LATENCY_JSON})"
    )
    assert latency["moves_measured"] == LATENCY_MOVES
    assert latency["all_src_changed"], f"a slider move left the image src unchanged: {LATENCY_JSON}"
    assert len(set(latency["readouts"])) == min(2, LATENCY_MOVES), (
        f"the slider did not alternate between two values: {latency['readouts']}"
    )
    assert all(move.get("png_bytes") for move in latency["samples"]), (
        f"a move's PNG was not seen on the kernel WebSocket: {LATENCY_JSON}"
    )
    assert not errors_after_moves, "cell outputs show errors after the slider moves:\n" + (
        "\n---\n".join(errors_after_moves)
    )
    assert _kernels(lab)[0]["execution_state"] not in ("dead", "unknown")
