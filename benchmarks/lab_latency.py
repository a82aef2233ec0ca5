"""Slider → pixels in a real JupyterLab: how long a student waits for the new figure.

:func:`lab_latency` runs ``tests/course/test_jupyterlab_widget.py`` (a real ``jupyter lab`` on
127.0.0.1 and Debian's chromium through playwright: notebook 01, Run All, then single steps of
the comparison widget's half-life slider), reads the per-move times it writes to
``build/lab_latency.json`` and adds an offline breakdown of the kernel's share (recompute,
artists, blit, PNG encoding) for the same drugs and slider values. From ``benchmarks/run.py``::

    from lab_latency import lab_latency
    results.update(lab_latency())

or on its own: ``.venv/bin/python benchmarks/lab_latency.py`` (prints the keys as JSON).
Targets: median < 150 ms, p95 < 300 ms (keydown → new PNG decoded and painted).
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.image
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LATENCY_JSON = ROOT / "build" / "lab_latency.json"
TEST = "tests/course/test_jupyterlab_widget.py"
MOVES = 20
OFFLINE_UPDATES = 60
TARGET_MEDIAN_MS = 150.0
TARGET_P95_MS = 300.0


def _first(*places: str) -> Any:
    """The first of ``module:name`` that imports: benzopk's layout is being reorganised."""
    for place in places:
        module, name = place.split(":")
        try:
            return getattr(importlib.import_module(module), name)
        except ImportError:
            continue
    raise ImportError(f"none of {places}")


def _widget_class() -> Any:
    return _first("benzopk.nextday.widget:ComparisonWidget", "benzopk.widgets:ComparisonWidget")


def _compare() -> Callable[..., Any]:
    compare: Callable[..., Any] = _first(
        "benzopk.nextday.compute:compare", "benzopk.comparison:compare"
    )
    return compare


def _ms(values: list[float]) -> tuple[float, float]:
    array = np.array(values) * 1e3
    return float(np.median(array)), float(np.percentile(array, 95))


def offline_kernel(
    drugs: list[str], nights: int, positions: tuple[float, float], updates: int = OFFLINE_UPDATES
) -> dict[str, Any]:
    """Time the kernel's work for one slider step outside Jupyter, split into its stages:
    ``compare`` (the curves), ``NightsPlot.update`` (artists), ``NightsPlot.png`` (blit +
    PNG) and, within it, the PNG encoding alone (the same ``imsave`` call on the rendered
    RGBA buffer); also the whole ``widget.position.value = …`` (traitlets, refresh)."""
    widget = _widget_class()(drugs=tuple(drugs), nights=nights)
    compare = _compare()
    for i in range(6):  # warm-up: fonts, the first full draw; ends on positions[1]
        widget.position.value = positions[i % 2]
    refresh, compute, artists, render, encode = [], [], [], [], []
    png_bytes = []
    for i in range(updates):
        start = time.perf_counter()
        widget.position.value = positions[i % 2]
        refresh.append(time.perf_counter() - start)
        settings = widget.settings
        start = time.perf_counter()
        curves = compare(widget.dataset, settings)
        compute.append(time.perf_counter() - start)
        start = time.perf_counter()
        widget.plot.update(curves, log_scale=widget.scale.value == "log")
        artists.append(time.perf_counter() - start)
        start = time.perf_counter()
        png = widget.plot.png()
        render.append(time.perf_counter() - start)
        png_bytes.append(len(png))
        rgba = np.asarray(widget.plot.fig.canvas.buffer_rgba())
        buffer = io.BytesIO()
        start = time.perf_counter()
        # As NightsPlot.png() encodes (keep in step with it).
        matplotlib.image.imsave(buffer, rgba, format="png", pil_kwargs={"compress_level": 1})
        encode.append(time.perf_counter() - start)
    refresh_median, refresh_p95 = _ms(refresh)
    return {
        "lab_slider_offline_refresh_median_ms": refresh_median,
        "lab_slider_offline_refresh_p95_ms": refresh_p95,
        "lab_slider_compute_median_ms": _ms(compute)[0],
        "lab_slider_artists_median_ms": _ms(artists)[0],
        "lab_slider_png_render_median_ms": _ms(render)[0],
        "lab_slider_png_encode_median_ms": _ms(encode)[0],
        "lab_slider_png_bytes": int(np.median(png_bytes)),
        "lab_slider_png_pixels": f"{rgba.shape[1]}×{rgba.shape[0]}",
    }


def run_browser_test(moves: int = MOVES) -> dict[str, Any]:
    """Run the JupyterLab browser test (``moves`` slider steps) and return its
    ``build/lab_latency.json``."""
    LATENCY_JSON.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST]
    env = {**os.environ, "BENZOPK_LAB_LATENCY_MOVES": str(moves)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not LATENCY_JSON.exists():
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise RuntimeError(f"{' '.join(command[2:])} failed (exit {done.returncode}):\n{tail}")
    summary: dict[str, Any] = json.loads(LATENCY_JSON.read_text(encoding="utf-8"))
    return summary


def lab_latency(moves: int = MOVES) -> dict[str, Any]:
    """Slider → pixels in JupyterLab (median, p95 over ``moves`` steps) and where it goes.

    Keys (times in ms, medians over the moves unless ``p95``):

    - ``lab_slider_to_pixels_median_ms``, ``lab_slider_to_pixels_p95_ms``: keydown on the
      slider → the new PNG decoded and its frame painted (targets < 150 and < 300 ms);
    - ``lab_slider_kernel_median_ms`` (and ``_p95_ms``): the kernel, from its ``busy`` status
      for the slider's comm message to the PNG message's header date (recompute, blit, PNG
      encoding, traitlets);
    - ``lab_slider_comm_median_ms``: comm message sent → PNG message in the page, less the
      kernel time (jupyter_server, ZMQ, IOPub, WebSocket), split into
      ``lab_slider_upstream_median_ms`` and ``lab_slider_downstream_median_ms`` (page and
      kernel clocks: one machine's wall clock);
    - ``lab_slider_browser_median_ms``: PNG message in the page → painted, of which
      ``lab_slider_decode_median_ms`` (``img.decode()``) and ``lab_slider_frame_median_ms``
      (to the painted frame); ``lab_slider_input_to_send_median_ms``: keydown → comm sent;
    - offline, same drugs and values (no Jupyter): ``lab_slider_png_encode_median_ms``
      (PNG encoding alone), ``lab_slider_png_render_median_ms`` (``NightsPlot.png()``: blit
      + encode), ``lab_slider_compute_median_ms``, ``lab_slider_artists_median_ms``,
      ``lab_slider_offline_refresh_median_ms``/``_p95_ms`` (the whole slider step),
      ``lab_slider_png_bytes``, ``lab_slider_png_pixels``;
    - ``lab_slider_moves``, ``lab_slider_drugs``, ``lab_slider_nights``,
      ``lab_slider_browser`` (user agent), ``lab_slider_ws_protocol``.
    """
    summary = run_browser_test(moves)
    stats = summary["stats_ms"]

    def median(key: str) -> float | None:
        return (stats.get(key) or {}).get("median")

    positions = tuple(float(r) for r in sorted(set(summary["readouts"])))
    results: dict[str, Any] = {
        "lab_slider_to_pixels_median_ms": summary["median_ms"],
        "lab_slider_to_pixels_p95_ms": summary["p95_ms"],
        "lab_slider_to_pixels_max_ms": stats["total_ms"]["max"],
        "lab_slider_kernel_median_ms": median("kernel_ms"),
        "lab_slider_kernel_p95_ms": (stats.get("kernel_ms") or {}).get("p95"),
        "lab_slider_comm_median_ms": median("comm_ms"),
        "lab_slider_upstream_median_ms": median("upstream_ms"),
        "lab_slider_downstream_median_ms": median("downstream_ms"),
        "lab_slider_browser_median_ms": median("browser_ms"),
        "lab_slider_decode_median_ms": median("decode_ms"),
        "lab_slider_frame_median_ms": median("frame_ms"),
        "lab_slider_input_to_send_median_ms": median("input_to_send_ms"),
        "lab_slider_moves": summary["moves_measured"],
        "lab_slider_drugs": summary["drugs"],
        "lab_slider_nights": summary["nights"],
        "lab_slider_browser": summary["user_agent"],
        "lab_slider_ws_protocol": summary["protocol"],
    }
    if len(positions) == 2:
        results.update(offline_kernel(summary["drugs"], summary["nights"], positions))
    return results


def lab_latency_rows(results: dict[str, Any]) -> list[tuple[str, str, str, bool | None, str]]:
    """Rows for ``benchmarks/run.py``'s table: (benchmark, result, target, met, command)."""
    how = "`benchmarks/lab_latency.py` → `tests/course/test_jupyterlab_widget.py`"
    rows: list[tuple[str, str, str, bool | None, str]] = [
        (
            f"JupyterLab: half-life slider → new figure painted, median "
            f"({results['lab_slider_moves']} moves, chromium headless)",
            f"{results['lab_slider_to_pixels_median_ms']:.0f} ms",
            f"< {TARGET_MEDIAN_MS:.0f} ms",
            results["lab_slider_to_pixels_median_ms"] < TARGET_MEDIAN_MS,
            how,
        ),
        (
            "JupyterLab: slider → painted, p95",
            f"{results['lab_slider_to_pixels_p95_ms']:.0f} ms",
            f"< {TARGET_P95_MS:.0f} ms",
            results["lab_slider_to_pixels_p95_ms"] < TARGET_P95_MS,
            "same",
        ),
    ]
    parts = [
        ("kernel (busy → PNG message)", "lab_slider_kernel_median_ms"),
        ("comm/transport", "lab_slider_comm_median_ms"),
        ("browser (message → decoded, painted)", "lab_slider_browser_median_ms"),
        ("PNG encoding alone (offline)", "lab_slider_png_encode_median_ms"),
    ]
    for label, key in parts:
        if results.get(key) is not None:
            rows.append((f"…of which {label}, median", f"{results[key]:.0f} ms", "—", None, how))
    return rows


if __name__ == "__main__":
    print(json.dumps(lab_latency(), indent=2))
