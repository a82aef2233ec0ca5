"""What the browser tests share: Debian's chromium through playwright, offline, and the widget.

Imported by ``tests/test_*browser*.py``, ``test_jupyterlab_widget.py`` and ``test_lite.py`` as
``from browser_support import ...`` (pytest puts ``tests/`` on ``sys.path``: it has no
``__init__.py``). Playwright objects are typed ``Any``: it is imported lazily, inside the tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Skip a test (or module, in ``pytestmark``) where Debian's chromium is not installed.
requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (run scripts/ensure-chromium as root)",
)
#: The drugs to add to the comparison widget when both are offered (a long- and a short-acting).
PREFERRED_DRUGS = ("flurazepam", "zolpidem")
#: SHA-256 (hex) of the bytes behind an ``<img>``'s ``src``.
IMAGE_DIGEST_JS = """async (img) => {
    const data = await (await fetch(img.src)).arrayBuffer();
    const hash = await crypto.subtle.digest('SHA-256', data);
    return [...new Uint8Array(hash)].map(b => b.toString(16).padStart(2, '0')).join('');
}"""
#: Cells without a number yet, or still running ("[*]:"), in the input prompts.
UNFINISHED_CELLS_JS = """() => {
    const prompts = [...document.querySelectorAll(
        '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
    return prompts.filter(p => !/\\[\\d+\\]/.test(p.textContent)).length;
}"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tail(log: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a server's log file ("" if it does not exist yet)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def jupyter_env(home: Path, **extra: str) -> dict[str, str]:
    """This environment with every Jupyter/IPython setting and runtime folder under ``home``."""
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def wait_for_server(
    name: str,
    process: subprocess.Popen[bytes],
    probe: Callable[[], object],
    tail: Callable[[], str],
    timeout_s: float = 60,
) -> None:
    """Call ``probe`` until it stops raising a connection error; fail if the server exits or
    does not answer in ``timeout_s`` (with ``tail()``, its log, in the message)."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{tail()}")
        try:
            probe()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not answer in {timeout_s:.0f} s:\n{tail()}")
            time.sleep(0.3)


def launch_chromium(playwright: Any, tmp_path: Path, home: str = "browser-home") -> Any:
    """Headless Debian chromium whose HOME, config and cache folders are ``tmp_path / home``."""
    browser_home = tmp_path / home
    env = {
        **os.environ,
        "HOME": str(browser_home),
        "XDG_CONFIG_HOME": str(browser_home / ".config"),
        "XDG_CACHE_HOME": str(browser_home / ".cache"),
    }
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, env=env
    )


def block_non_local(context: Any, allowed: tuple[str, ...], blocked: list[str]) -> None:
    """Let through only requests whose URL starts with one of ``allowed``; abort the others and
    append their URLs to ``blocked``."""

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(allowed):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)


def record_console_errors(page: Any, errors: list[str]) -> None:
    """Append the text of every console message of type "error" on ``page`` to ``errors``."""
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)


def wait_for_new_image(page: Any, image: Any, old_src: str | None, timeout: float | None) -> None:
    """Wait until ``image`` has a ``src`` other than ``old_src`` and has loaded it
    (``timeout`` in ms; ``None``: the context's default)."""
    page.wait_for_function(
        "([img, old]) => img.src !== old && img.complete",
        arg=[image.element_handle(), old_src],
        timeout=timeout,
    )


def press_slider(slider: Any, steps: int = 3, key: str = "ArrowRight") -> None:
    """Move an ipywidgets slider with the keyboard: focus its handle and press ``key``."""
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(steps):
        handle.press(key)


@dataclass(frozen=True)
class WidgetEdits:
    """What :func:`change_drugs_and_slider` changed, to check afterwards."""

    select: Any  #: the drugs' ``<select multiple>``
    readout: Any  #: the half-life slider's readout
    chosen: list[str]  #: the option values selected
    readout_before: str | None  #: the readout before the slider moved

    def selected(self) -> list[str]:
        """The values selected in the drugs' list now."""
        values: list[str] = self.select.evaluate(
            "s => [...s.options].filter(o => o.selected).map(o => o.value)"
        )
        return values


def change_drugs_and_slider(
    page: Any, root: Any, image: Any, preferred: tuple[str, ...] = PREFERRED_DRUGS
) -> WidgetEdits:
    """Select two drugs not selected now in the comparison widget under ``root`` (the
    ``preferred`` ones if both are offered, else the first and last), wait for ``image`` to
    change, move the half-life slider three steps right and wait for its readout and ``image``
    to change again."""
    select = root.locator(".widget-select-multiple select").first
    options: list[dict[str, Any]] = select.evaluate(
        "s => [...s.options].map(o => ({value: o.value, label: o.label, selected: o.selected}))"
    )
    unselected = [o for o in options if not o["selected"]]
    assert len(unselected) >= 2, f"expected unselected drugs, got {options}"
    wanted = [o for o in unselected if o["label"].split()[0] in preferred]
    picks = wanted if len(wanted) == 2 else [unselected[0], unselected[-1]]
    chosen = [o["value"] for o in picks]
    src_before = image.get_attribute("src")
    select.select_option(chosen)
    wait_for_new_image(page, image, src_before, timeout=30_000)
    src_after_drugs = image.get_attribute("src")

    # Half-life slider: keyboard on its handle, three steps towards "longest".
    slider = root.locator(".widget-hslider", has_text="Half-life").first
    readout = slider.locator(".widget-readout").first
    readout_before = readout.text_content()
    press_slider(slider)
    page.wait_for_function(
        "([el, old]) => el.textContent !== old",
        arg=[readout.element_handle(), readout_before],
        timeout=15_000,
    )
    wait_for_new_image(page, image, src_after_drugs, timeout=30_000)
    return WidgetEdits(select, readout, chosen, readout_before)
