"""`make lab` and `make app` as typed at a terminal: each starts its server (as root too) and
serves its page.

Runs the make target from the repository root in a process group of its own, with the server's
options given the way a user would (``LAB_ARGS="..."``, ``APP_PORT=...``; a free port on
127.0.0.1, no browser) and every Jupyter setting and runtime folder under ``tmp_path``. Waits
at most 90 s for the page over plain HTTP (urllib, no browser), then stops the whole group and
checks that make, the server and any kernel it started are gone. The .venv must be installed
and up to date (``make test`` installs first); otherwise the tests skip rather than install.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

import psutil
import pytest
from browser_support import REPO, free_port, jupyter_env, log_tail, wait_for_server

pytestmark = pytest.mark.slow

STARTUP_S = 90  #: how long a server may take to answer
STOP_S = 30  #: how long the group may take to exit after SIGTERM


def _require_installed(stamp: str) -> None:
    """Skip unless ``make`` would not reinstall anything first (``stamp`` is up to date)."""
    current = subprocess.run(
        ["make", "-q", stamp], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if current.returncode != 0:
        pytest.skip(f"{stamp} is missing or out of date: run `make test` (it installs first)")


def _start_make(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``make *args`` from the repository root, in a new session (its own process group)."""
    with log.open("wb") as log_handle:
        return subprocess.Popen(
            ["make", *args],
            cwd=REPO,
            env=env,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop_group(process: subprocess.Popen[bytes]) -> list[str]:
    """SIGTERM to make's process group (make, the shell, the server), then wait for make and
    everything it started (kernels run in sessions of their own, the server stops them).
    What is still running after ``STOP_S`` is killed and returned, described."""
    try:
        make = psutil.Process(process.pid)
        tree = [make, *make.children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_S)
    _, alive = psutil.wait_procs(tree, timeout=STOP_S)
    survivors = []
    for proc in alive:
        with suppress(psutil.NoSuchProcess):
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue  # exited, not reaped yet by its new parent
            survivors.append(f"{proc.pid}: {' '.join(proc.cmdline())}")
            proc.kill()
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    return survivors


def _get(
    url: str, headers: dict[str, str] | None = None, timeout: float = 10
) -> tuple[int, str, str]:
    """GET ``url`` following redirects: (status, final URL, body)."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def test_make_lab_serves_jupyterlab(tmp_path: Path) -> None:
    _require_installed(".venv/.stamp-lab")
    dry_run = subprocess.run(
        ["make", "-n", "lab"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert ("--allow-root" in dry_run) == (os.geteuid() == 0), dry_run

    home = tmp_path / "jupyter"
    env = jupyter_env(
        home,
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
    )
    port = free_port()
    token = secrets.token_hex(24)
    lab_args = [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    url = f"http://127.0.0.1:{port}/lab"
    auth = {"Authorization": f"token {token}"}
    log = tmp_path / "make-lab.log"

    started = time.monotonic()
    process = _start_make(["lab", f"LAB_ARGS={' '.join(lab_args)}"], env, log)
    try:
        wait_for_server(
            "make lab", process, lambda: _get(url, auth), lambda: log_tail(log), STARTUP_S
        )
        status, final_url, page = _get(url, auth)
        print(f"\nmake lab → JupyterLab page: {time.monotonic() - started:.2f} s")
    finally:
        survivors = _stop_group(process)

    assert status == 200 and final_url == url, f"{status} {final_url}\n{log_tail(log)}"
    assert "<title>JupyterLab</title>" in page and '"appName": "JupyterLab"' in page, page[:500]
    assert not survivors, f"still running 30 s after SIGTERM (killed): {survivors}"
    assert process.returncode is not None


def test_make_app_serves_the_presenter(tmp_path: Path) -> None:
    _require_installed(".venv/.stamp-app")
    home = tmp_path / "jupyter"
    env = jupyter_env(home, MPLCONFIGDIR=str(home / "matplotlib"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "make-app.log"

    started = time.monotonic()
    process = _start_make(["app", f"APP_PORT={port}"], env, log)
    try:
        # A static file first: a GET of "/" runs the notebook in a kernel.
        wait_for_server(
            "make app",
            process,
            lambda: _get(f"{base}/voila/static/voila.js"),
            lambda: log_tail(log),
            STARTUP_S,
        )
        status, final_url, page = _get(f"{base}/", timeout=STARTUP_S)
        print(f"\nmake app → Voilà page: {time.monotonic() - started:.2f} s")
    finally:
        survivors = _stop_group(process)

    assert status == 200 and final_url == f"{base}/", f"{status} {final_url}\n{log_tail(log)}"
    # Voilà's page, streamed to the end, with the banner and without the code.
    assert "/voila/static/voila.js" in page and "window.voila_finish()" in page, page[-500:]
    assert "NOT FOR DOSING" in page, "the banner is not on the page"
    assert "import Presenter" not in page, "the code cell's source is on the page"
    assert not survivors, f"still running 30 s after SIGTERM (killed): {survivors}"
    assert process.returncode is not None
