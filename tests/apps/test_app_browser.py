"""The presenter app (``make app``) in a real Voilà server, driven by Debian's chromium.

Starts ``voila app/presenter.ipynb`` from this venv on 127.0.0.1 (free port, no browser,
every Jupyter setting/runtime folder under ``tmp_path``), opens it with every non-local
request blocked, waits for the widgets and the comparison image (printing the time to first
render), changes the drug selection and the half-life slider, and checks that the figure
changed, the label is visible, no code is shown, the console has no errors that matter and
no blocked request was needed. Then stops the server by its process and checks that its
kernel is gone. Screenshots go to ``build/screenshots/app_before.png`` and ``app_after.png``.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from browser_support import (
    IMAGE_DIGEST_JS,
    REPO,
    block_non_local,
    change_drugs_and_slider,
    free_port,
    jupyter_env,
    launch_chromium,
    log_tail,
    record_console_errors,
    requires_chromium,
    wait_for_server,
)

NOTEBOOK = REPO / "app" / "presenter.ipynb"
SCREENSHOTS = REPO / "build" / "screenshots"
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# The comparison figure: the first image of the first tab, drawn (naturalWidth > 0).
FIRST_IMAGE_READY_JS = """() => {
    const img = document.querySelector('.benzopk-presenter img.widget-image');
    return img !== null && img.complete && img.naturalWidth > 0;
}"""

pytestmark = [pytest.mark.browser, pytest.mark.slow, requires_chromium]


def voila_options(port: int) -> list[str]:
    """The options of `make app` (the Makefile is checked to hold each of them)."""
    return [
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--theme=light",
        "--template=benzopk",
        "--VoilaConfiguration.extension_denylist=@jupyterlite/pyodide-kernel-extension",
    ]


class App:
    """A running ``voila`` server."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log
        self.base = f"http://127.0.0.1:{port}"

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)

    def kernels(self) -> list[psutil.Process]:
        """Kernel processes started by the server (its descendants running ipykernel)."""
        found = []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for child in children:
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    found.append(child)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def stop(self) -> None:
        """terminate → wait → kill."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    home = tmp_path / "jupyter"
    env = jupyter_env(
        home,
        MPLCONFIGDIR=str(home / "matplotlib"),
        JUPYTER_PATH=str(REPO / "app" / "share"),  # the app's template, as in `make app`
    )
    port = free_port()
    voila = Path(sys.executable).parent / "voila"
    log = tmp_path / "voila.log"
    command = [str(voila), str(NOTEBOOK.relative_to(REPO)), *voila_options(port)]
    with log.open("wb") as log_handle:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log_handle, stderr=subprocess.STDOUT
        )
    server = App(process, port, log)

    def probe() -> None:
        # A static file of the page, not "/" (a GET of "/" runs the notebook in a kernel).
        with urllib.request.urlopen(f"{server.base}/voila/static/voila.js", timeout=5):
            pass

    try:
        wait_for_server("voila", process, probe, server.log_tail)
        yield server
    finally:
        server.stop()


def test_presenter_app_in_voila(app: App, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before_png = SCREENSHOTS / "app_before.png"
    after_png = SCREENSHOTS / "app_after.png"
    blocked: list[str] = []
    console_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 2600})
            context.set_default_timeout(30_000)
            block_non_local(context, (f"{app.base}/", "blob:", "data:"), blocked)
            page = context.new_page()
            record_console_errors(page, console_errors)
            started = time.monotonic()
            page.goto(f"{app.base}/", timeout=60_000)
            page.wait_for_function(FIRST_IMAGE_READY_JS, timeout=60_000, polling=50)
            first_render_s = time.monotonic() - started
            print(f"\ntime to first render (page.goto → comparison image): {first_render_s:.2f} s")
            kernels = app.kernels()
            kernel_dirs = {Path(kernel.cwd()) for kernel in kernels}

            root = page.locator(".benzopk-presenter").first
            image = root.locator("img.widget-image").first
            page.wait_for_timeout(300)  # let the first PNG paint
            page.screenshot(path=str(before_png), full_page=True)
            digest_before = image.evaluate(IMAGE_DIGEST_JS)

            # Two drugs not selected now (a long- and a short-acting one if present), then
            # the half-life slider; the figure is redrawn after each.
            edits = change_drugs_and_slider(page, root, image)
            page.wait_for_timeout(800)  # the last slider step's PNG
            readout_after = edits.readout.text_content()
            page.screenshot(path=str(after_png), full_page=True)
            digest_after = image.evaluate(IMAGE_DIGEST_JS)
            selected_after = edits.selected()
            # The other two tabs draw their figures too (screenshots for the eye).
            tab_images = {}
            for title, name in (("Morning after", "morning_after"), ("Who is more", "risk")):
                root.locator(".lm-TabBar-tab", has_text=title).first.click()
                shown = root.locator(".widget-tab-contents img.widget-image:visible").first
                shown.wait_for(state="visible")
                tab_images[name] = shown.evaluate("img => img.naturalWidth")
                page.screenshot(path=str(SCREENSHOTS / f"app_{name}.png"), full_page=True)
            root.locator(".lm-TabBar-tab", has_text="Comparison").first.click()
            label_visible = page.get_by_text("NOT FOR DOSING").first.is_visible()
            banner_text = root.locator(".benzopk-banner").first.inner_text()
            code_shown = page.locator(
                ".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, .CodeMirror"
            ).count()
            page_text = page.locator("body").inner_text()
            error_outputs = page.locator(
                '[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText.jp-mod-error'
            ).all_inner_texts()
        finally:
            browser.close()

    # The server and its kernel go away with the process.
    assert len(kernels) == 1, f"expected one kernel under voila (pid {app.process.pid}): {kernels}"
    assert kernel_dirs == {NOTEBOOK.parent}, f"kernel runs in {kernel_dirs}, not app/"
    app.stop()
    _, alive = psutil.wait_procs(kernels, timeout=15)
    assert not alive, f"kernel processes left running after voila stopped: {alive}"

    assert sorted(selected_after) == sorted(edits.chosen), (
        f"drug selection did not take: {selected_after} != {edits.chosen}"
    )
    assert readout_after != edits.readout_before, (
        f"half-life slider did not move ({edits.readout_before})"
    )
    assert digest_after != digest_before, "comparison PNG did not change after the edits"
    assert all(width > 0 for width in tab_images.values()), f"tab figures: {tab_images}"
    assert label_visible, "'NOT FOR DOSING' is not visible on the page"
    assert "NOT FOR DOSING" in banner_text and "fraction of one dose" in banner_text
    assert code_shown == 0, f"{code_shown} code input elements shown (sources not stripped?)"
    assert "import Presenter" not in page_text, "the code cell's source is on the page"
    assert not error_outputs, f"error outputs on the page: {error_outputs}"
    # Blocked requests may only be cosmetic fonts/icon stylesheets: nothing readable needs them.
    not_fonts = [
        url
        for url in blocked
        if not url.split("?")[0].endswith(FONT_SUFFIXES)
        and "fontawesome" not in url.lower()
        and "font-awesome" not in url.lower()
    ]
    assert not not_fonts, (
        f"non-font requests left the machine (blocked): {not_fonts}; all blocked: {blocked}"
    )
    errors = [e for e in console_errors if "net::ERR_FAILED" not in e]
    assert not errors, f"browser console errors: {errors}; blocked requests: {blocked}"
    assert before_png.stat().st_size > 0 and after_png.stat().st_size > 0
