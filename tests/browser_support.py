"""What the browser tests share: Debian's chromium through playwright, offline, and the widget.

Imported by the browser tests (``tests/apps/``, ``tests/course/``) as
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


# ---------------------------------------------------------------------------------------
# Slider → pixels latency in the browser (test_jupyterlab_widget.py, benchmarks/lab_latency.py)
# ---------------------------------------------------------------------------------------

#: Init script (``context.add_init_script``): wraps ``WebSocket`` so that, once
#: ``window.__benzopkWs.on`` is set, every Jupyter message sent or received on a kernel's
#: ``/channels`` socket is noted with ``performance.now()``: channel, type, id, parent id, the
#: kernel's header date, and for comm messages the method and whether a buffer is a PNG. Reads
#: both the ``v1.kernel.websocket.jupyter.org`` and the legacy framing. While off, a received
#: message costs one property check; the listener is added before JupyterLab's own handler, so
#: its time is when the page first sees the frame.
WS_TRACE_INIT_JS = """(() => {
    const Native = window.WebSocket;
    if (!Native || window.__benzopkWs) return;
    const trace = (window.__benzopkWs = {on: false, events: [], sockets: []});
    const utf8 = new TextDecoder('utf-8');
    const toBuffer = (data) => data instanceof ArrayBuffer ? data
        : ArrayBuffer.isView(data)
            ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
            : null;
    function parse(data, protocol) {
        if (typeof data === 'string') {
            const m = JSON.parse(data);
            return {channel: m.channel, header: m.header, parent: m.parent_header,
                    content: m.content, buffers: []};
        }
        const buf = toBuffer(data);
        if (!buf) return null;
        const view = new DataView(buf);
        if (protocol === 'v1.kernel.websocket.jupyter.org') {
            const n = Number(view.getBigUint64(0, true));
            const off = [];
            for (let i = 0; i < n; i++) off.push(Number(view.getBigUint64(8 * (i + 1), true)));
            const part = (i) => new Uint8Array(buf, off[i], off[i + 1] - off[i]);
            const json = (i) => JSON.parse(utf8.decode(part(i)));
            const buffers = [];
            for (let i = 5; i < n - 1; i++) buffers.push(part(i));
            return {channel: utf8.decode(part(0)), header: json(1), parent: json(2),
                    content: json(4), buffers};
        }
        const n = view.getUint32(0);
        const off = [];
        for (let i = 0; i < n; i++) off.push(view.getUint32(4 * (i + 1)));
        const part = (i) => new Uint8Array(buf, off[i], (off[i + 1] || buf.byteLength) - off[i]);
        const m = JSON.parse(utf8.decode(part(0)));
        const buffers = [];
        for (let i = 1; i < n; i++) buffers.push(part(i));
        return {channel: m.channel, header: m.header, parent: m.parent_header,
                content: m.content, buffers};
    }
    const isPng = (b) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e
        && b[3] === 0x47;
    function note(dir, data, protocol) {
        const t = performance.now();
        try {
            const m = parse(data, protocol);
            if (!m || !m.header) return;
            const c = m.content || {};
            const d = c.data || {};
            trace.events.push({
                t, dir, channel: m.channel, type: m.header.msg_type, id: m.header.msg_id,
                parent: (m.parent && m.parent.msg_id) || null, date: m.header.date || null,
                state: c.execution_state || null, comm: c.comm_id || null,
                method: d.method || null, keys: d.state ? Object.keys(d.state) : [],
                png: m.buffers.some(isPng),
                bytes: typeof data === 'string' ? data.length : (data.byteLength || 0),
            });
        } catch (error) {
            trace.events.push({t, dir, error: String(error)});
        }
    }
    class TracedWebSocket extends Native {
        constructor(url, protocols) {
            super(url, protocols);
            if (!/\\/api\\/kernels\\/[^/]+\\/channels/.test(String(url))) return;
            trace.sockets.push(this);
            this.addEventListener('message', (ev) => {
                if (trace.on) note('in', ev.data, this.protocol);
            });
        }
        send(data) {
            if (trace.on && trace.sockets.includes(this)) note('out', data, this.protocol);
            return super.send(data);
        }
    }
    window.WebSocket = TracedWebSocket;
})()"""

#: Installs ``window.__benzopkLatency`` on the widget's ``<img>``: ``arm()`` starts a sample
#: (and turns the WebSocket trace on); the next trusted ``keydown`` is its input time
#: (``event.timeStamp``), a ``src`` other than the armed one is noted by a MutationObserver,
#: then ``img.decode()``, the next animation frame and a task after that frame (the frame has
#: been painted by then) close the sample.
LATENCY_PROBE_JS = """(img) => {
    const probe = {samples: [], current: null};
    window.__benzopkLatency = probe;
    document.addEventListener('keydown', (ev) => {
        const s = probe.current;
        if (s && s.tInput === null) {
            s.tInput = ev.timeStamp;
            s.tKeyListener = performance.now();
        }
    }, true);
    new MutationObserver(() => {
        const s = probe.current;
        if (!s || s.tSrc !== null || img.src === s.srcBefore) return;
        s.tSrc = performance.now();
        s.srcAfter = img.src;
        img.decode().then(() => {
            s.tDecoded = performance.now();
            s.naturalWidth = img.naturalWidth;
            requestAnimationFrame(() => {
                s.tFrame = performance.now();
                const channel = new MessageChannel();
                channel.port1.onmessage = () => {
                    s.tPainted = performance.now();
                    s.done = true;
                };
                channel.port2.postMessage(null);
            });
        }, (error) => {
            s.error = String(error);
            s.done = true;
        });
    }).observe(img, {attributes: true, attributeFilter: ['src']});
    probe.arm = () => {
        window.__benzopkWs.on = true;
        probe.current = {srcBefore: img.src, srcAfter: null, tArm: performance.now(),
            tInput: null, tKeyListener: null, tSrc: null, tDecoded: null, tFrame: null,
            tPainted: null, naturalWidth: null, error: null, done: false};
        probe.samples.push(probe.current);
    };
}"""

#: True once the armed sample has painted and the kernel is idle again after every shell
#: message the page sent since it was armed.
_SAMPLE_SETTLED_JS = """() => {
    const s = window.__benzopkLatency.current;
    if (!s.done) return false;
    const events = window.__benzopkWs.events.filter(e => e.t >= s.tArm);
    const sent = events.filter(e => e.dir === 'out' && e.channel === 'shell').map(e => e.id);
    const idle = new Set(events.filter(e => e.dir === 'in' && e.type === 'status'
        && e.state === 'idle').map(e => e.parent));
    return sent.length > 0 && sent.every(id => idle.has(id));
}"""


def measure_slider_latency(
    page: Any, root: Any, image: Any, moves: int = 20, timeout_ms: float = 10_000
) -> dict[str, Any]:
    """Move the half-life slider under ``root`` ``moves`` times with the keyboard, one step
    right then one back, alternately; for each, wait until ``image`` shows a new, decoded PNG
    and the kernel is idle again. The page needs :data:`WS_TRACE_INIT_JS` (init script).

    Returns the raw in-page record: ``samples`` (page times, ms), ``events`` (the traced
    kernel messages), ``time_origin`` (``performance.timeOrigin``), the slider's
    ``readouts`` after each move, ``timeouts`` (moves not done in ``timeout_ms``) and
    ``protocol``; :func:`latency_summary` turns it into numbers."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    traced = page.evaluate("() => window.__benzopkWs && window.__benzopkWs.sockets.length")
    assert traced, "no traced kernel WebSocket: add WS_TRACE_INIT_JS as an init script"
    image.evaluate(LATENCY_PROBE_JS)
    slider = root.locator(".widget-hslider", has_text="Half-life").first
    handle = slider.locator(".noUi-handle").first
    readout = slider.locator(".widget-readout").first
    readouts: list[str | None] = []
    timeouts: list[int] = []
    started = time.monotonic()
    for move in range(moves):
        page.evaluate("() => window.__benzopkLatency.arm()")
        handle.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
        try:
            page.wait_for_function(_SAMPLE_SETTLED_JS, timeout=timeout_ms)
        except PlaywrightTimeout:
            timeouts.append(move)
            break
        readouts.append(readout.text_content())
    record: dict[str, Any] = page.evaluate(
        """() => ({
            samples: window.__benzopkLatency.samples,
            events: window.__benzopkWs.events,
            time_origin: performance.timeOrigin,
            protocol: window.__benzopkWs.sockets.map(ws => ws.protocol).join(' '),
            user_agent: navigator.userAgent,
        })"""
    )
    page.evaluate("() => { window.__benzopkWs.on = false; }")
    record.update(
        readouts=readouts,
        timeouts=timeouts,
        moves=moves,
        timeout_ms=timeout_ms,
        wall_s=time.monotonic() - started,
    )
    return record


def _epoch_ms(iso_date: str | None) -> float | None:
    """A Jupyter header date (ISO 8601, UTC) as milliseconds since the epoch."""
    if not iso_date:
        return None
    from datetime import datetime

    return datetime.fromisoformat(iso_date.replace("Z", "+00:00")).timestamp() * 1e3


def _sample_breakdown(
    sample: dict[str, Any], events: list[dict[str, Any]], time_origin: float
) -> dict[str, Any]:
    """One move's times (ms): see :func:`latency_summary`."""
    out: dict[str, Any] = {
        "src_changed": bool(sample["srcAfter"]) and sample["srcAfter"] != sample["srcBefore"],
        "error": sample["error"],
        "png_width": sample["naturalWidth"],
    }
    t_input, t_painted = sample["tInput"], sample["tPainted"]
    if t_input is None or t_painted is None:
        return out
    out["total_ms"] = t_painted - t_input
    out["decode_ms"] = sample["tDecoded"] - sample["tSrc"]
    out["frame_ms"] = t_painted - sample["tDecoded"]
    sent = [e for e in events if e["dir"] == "out" and e.get("type") == "comm_msg"]
    received = [e for e in events if e["dir"] == "in"]
    png = next((e for e in received if e.get("png")), None)
    out["comm_msgs_sent"] = len(sent)
    if not sent or png is None:
        return out
    first = sent[0]
    by_parent = {
        (e.get("type"), e.get("state"), e.get("parent")): e for e in received if e.get("parent")
    }
    busy = by_parent.get(("status", "busy", first["id"]))
    idle = by_parent.get(("status", "idle", first["id"]))
    out["png_bytes"] = png["bytes"]
    out["input_to_send_ms"] = first["t"] - t_input
    out["input_to_png_message_ms"] = png["t"] - t_input
    out["widget_view_update_ms"] = sample["tSrc"] - png["t"]
    out["browser_ms"] = t_painted - png["t"]
    busy_ms, png_ms, idle_ms = (_epoch_ms(e["date"]) if e else None for e in (busy, png, idle))
    if busy_ms is not None and png_ms is not None:
        kernel = png_ms - busy_ms
        out["kernel_ms"] = kernel
        out["comm_ms"] = png["t"] - first["t"] - kernel
        # Same machine, so page and kernel share the wall clock (to about a millisecond).
        out["upstream_ms"] = busy_ms - (time_origin + first["t"])
        out["downstream_ms"] = time_origin + png["t"] - png_ms
    if busy_ms is not None and idle_ms is not None:
        out["kernel_busy_ms"] = idle_ms - busy_ms
    return out


#: The parts of a move, in order, as named in ``latency_summary(...)["breakdown_median_ms"]``.
LATENCY_PARTS = {
    "total_ms": "keydown → new PNG decoded and its frame painted",
    "input_to_send_ms": "keydown → comm message sent (slider view, widget model, page JS)",
    "comm_ms": "sent → PNG message in the page, less kernel time (server, ZMQ, queues)",
    "upstream_ms": "sent → kernel starts (its 'busy' date; shared wall clock)",
    "kernel_ms": "kernel 'busy' → PNG message created (recompute, blit, PNG, traitlets)",
    "downstream_ms": "PNG message created → frame in the page (shared wall clock)",
    "browser_ms": "PNG message in the page → painted (deserialize, model, view, decode, frame)",
    "widget_view_update_ms": "PNG message in the page → <img> src set (blob URL)",
    "decode_ms": "<img> src set → img.decode() resolved",
    "frame_ms": "decoded → next animation frame painted",
    "kernel_busy_ms": "kernel 'busy' → 'idle' (the PNG and the status text)",
}


def latency_summary(record: dict[str, Any]) -> dict[str, Any]:
    """Per-move times (ms) from :func:`measure_slider_latency`'s record, and their median,
    p95, minimum and maximum; every part in :data:`LATENCY_PARTS`. Events are matched to a
    move by page time (a move starts when it is armed; moves never overlap)."""
    import numpy as np

    samples = record["samples"]
    events = [e for e in record["events"] if "error" not in e]
    starts = [s["tArm"] for s in samples] + [float("inf")]
    moves = []
    for i, sample in enumerate(samples):
        mine = [e for e in events if starts[i] <= e["t"] < starts[i + 1]]
        moves.append(_sample_breakdown(sample, mine, record["time_origin"]))

    def stats(key: str) -> dict[str, float] | None:
        values = np.array([m[key] for m in moves if m.get(key) is not None], dtype=float)
        if values.size == 0:
            return None
        return {
            "median": float(np.median(values)),
            "p95": float(np.percentile(values, 95)),
            "min": float(values.min()),
            "max": float(values.max()),
            "n": int(values.size),
        }

    parts = {key: stats(key) for key in LATENCY_PARTS}
    totals = parts["total_ms"] or {}
    png_sizes = [m["png_bytes"] for m in moves if m.get("png_bytes")]
    return {
        "moves_requested": record["moves"],
        "moves_measured": len(samples),
        "timeouts": record["timeouts"],
        "timeout_ms": record["timeout_ms"],
        "wall_s": record["wall_s"],
        "all_src_changed": all(m["src_changed"] for m in moves) and len(moves) == record["moves"],
        "median_ms": totals.get("median"),
        "p95_ms": totals.get("p95"),
        "breakdown_median_ms": {k: (v or {}).get("median") for k, v in parts.items()},
        "stats_ms": parts,
        "parts": LATENCY_PARTS,
        "png_message_bytes_median": float(np.median(png_sizes)) if png_sizes else None,
        "protocol": record["protocol"],
        "user_agent": record["user_agent"],
        "readouts": record["readouts"],
        "samples": moves,
        "trace_errors": [e for e in record["events"] if "error" in e],
    }
