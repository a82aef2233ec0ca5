#!/usr/bin/env python3
"""Build the in-browser course: a JupyterLite site with the Pyodide kernel (``make lite``).

Teaching model — NOT FOR DOSING. Steps:

1. build benzopk as a wheel (``pip wheel --no-deps --no-build-isolation``) into the wheel folder;
2. fetch the wheels the kernel needs that Pyodide does not ship: ipywidgets and
   jupyterlab_widgets, pinned to the versions in this environment (the same versions as the
   widget front-end that the build copies from it); numpy and matplotlib come with Pyodide;
3. copy the course notebooks (``notebooks/[0-9]*.ipynb``, whatever is there now) into a staging
   folder, each with an install cell as its first code cell and the Pyodide kernel selected
   (the notebooks in the repository are not changed);
4. ``jupyter lite build`` with those contents and wheels (piplite serves them from
   ``pypi/all.json`` in the site; the PyPI fallback is switched off, so the notebooks install
   only what the site or Pyodide provides).

Pyodide itself loads from its CDN at first use, unless a local distribution (a tarball, its URL
or an unpacked folder) is given with ``--pyodide`` or the ``PYODIDE`` environment variable.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: What the notebooks install in the browser (benzopk pulls numpy and matplotlib from Pyodide).
INSTALL_PACKAGES = ("ipywidgets", "benzopk")
#: Wheels the build adds to the site's piplite index besides benzopk: pure-Python, not in Pyodide.
KERNEL_WHEELS = ("ipywidgets", "jupyterlab_widgets")
#: Marks the cell this script inserts (the built copies only).
INSTALL_TAG = "lite-install"
INSTALL_SOURCE = (
    "# In the browser (JupyterLite): install benzopk and the widgets from this site.\n"
    "import sys\n"
    'if "pyodide" in sys.modules:\n'
    "    import piplite\n"
    f"    await piplite.install({json.dumps(list(INSTALL_PACKAGES))})"
)
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
PYODIDE_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def log(message: str) -> None:
    print(f"[lite] {message}", flush=True)


def run(command: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"[lite] failed ({result.returncode}): {' '.join(command)}")


def build_benzopk_wheel(wheels: Path) -> Path:
    wheels.mkdir(parents=True, exist_ok=True)
    for old in wheels.glob("benzopk-*.whl"):
        old.unlink()
    run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)]
    )  # fmt: skip
    (wheel,) = wheels.glob("benzopk-*.whl")
    return wheel


def fetch_kernel_wheels(wheels: Path) -> list[Path]:
    """ipywidgets and jupyterlab_widgets at this environment's versions (downloaded once)."""
    found = []
    for name in KERNEL_WHEELS:
        version = metadata.version(name)
        pattern = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        if not (wheels / pattern).exists():
            run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                 "--no-deps", "--only-binary", ":all:", "-d", str(wheels), f"{name}=={version}"]
            )  # fmt: skip
        found.append(wheels / pattern)
        if not found[-1].exists():
            raise SystemExit(f"[lite] expected {found[-1]} after pip download")
    return found


def lite_notebook(source: Path) -> dict[str, object]:
    """The notebook with the install cell first among code cells and the Pyodide kernel."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    cells = [
        c for c in notebook["cells"] if INSTALL_TAG not in c.get("metadata", {}).get("tags", [])
    ]
    install = {
        "cell_type": "code",
        "execution_count": None,
        "id": "lite-install",
        "metadata": {"tags": [INSTALL_TAG]},
        "outputs": [],
        "source": INSTALL_SOURCE.splitlines(keepends=True),
    }
    first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
    cells.insert(first_code, install)
    notebook["cells"] = cells
    meta = notebook.setdefault("metadata", {})
    meta["kernelspec"] = dict(PYODIDE_KERNELSPEC)
    meta.setdefault("language_info", {})["name"] = "python"
    return notebook


def stage(notebooks: list[Path], lite_dir: Path) -> Path:
    if lite_dir.exists():
        shutil.rmtree(lite_dir / "contents", ignore_errors=True)
    contents = lite_dir / "contents"
    contents.mkdir(parents=True)
    for source in notebooks:
        text = json.dumps(lite_notebook(source), indent=1, ensure_ascii=False) + "\n"
        (contents / source.name).write_text(text, encoding="utf-8")
    # Site-wide kernel settings: install only from this site's wheels and Pyodide, never PyPI.
    config = {"jupyter-config-data": {"litePluginSettings": {
        PYODIDE_PLUGIN: {"disablePyPIFallback": True}}}}  # fmt: skip
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=2) + "\n")
    return contents


def pyodide_option(pyodide: str, lite_dir: Path) -> list[str]:
    """``--pyodide`` for a tarball or URL; an unpacked folder goes to ``static/pyodide``."""
    well_known = lite_dir / "static" / "pyodide"
    if well_known.is_symlink() or well_known.is_file():
        well_known.unlink()
    elif well_known.exists():
        shutil.rmtree(well_known)
    if not pyodide:
        return []
    folder = Path(pyodide).expanduser()
    if folder.is_dir():
        if not (folder / "pyodide.mjs").exists() and (folder / "pyodide" / "pyodide.mjs").exists():
            folder = folder / "pyodide"
        if not (folder / "pyodide.mjs").exists():
            raise SystemExit(f"[lite] {folder} is not a Pyodide distribution (no pyodide.mjs)")
        well_known.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, well_known)
        return []
    if not pyodide.startswith(("http://", "https://")):
        if not folder.is_file():
            raise SystemExit(f"[lite] PYODIDE={pyodide}: no such file or folder")
        pyodide = str(folder.resolve())
    return ["--pyodide", pyodide]


def build(out: Path, notebooks_dir: Path, wheels: Path, work: Path, pyodide: str) -> Path:
    start = time.perf_counter()
    notebooks = sorted(notebooks_dir.glob("[0-9]*.ipynb"))
    if not notebooks:
        raise SystemExit(f"[lite] no course notebooks ({notebooks_dir}/[0-9]*.ipynb)")
    log(f"notebooks: {', '.join(n.name for n in notebooks)}")
    benzopk = build_benzopk_wheel(wheels)
    kernel = fetch_kernel_wheels(wheels)
    log(f"wheels for piplite: {', '.join(w.name for w in [benzopk, *kernel])}")
    contents = stage(notebooks, work)
    command = [
        str(BIN / "jupyter"), "lite", "build",
        "--lite-dir", str(work),
        "--contents", str(contents),
        "--output-dir", str(out.resolve()),
        "--no-sourcemaps",
    ]  # fmt: skip
    for wheel in (benzopk, *kernel):
        command += ["--piplite-wheels", str(wheel.resolve())]
    command += pyodide_option(pyodide, work)
    if pyodide:
        log(f"Pyodide: local distribution {pyodide} (copied into the site: no CDN needed)")
    else:
        log(
            "Pyodide: none given, so the site loads it from its CDN (cdn.jsdelivr.net) the first "
            "time a notebook starts; for offline use: make lite PYODIDE=/path/to/pyodide.tar.bz2"
        )
    if out.exists():
        shutil.rmtree(out)
    # Only --pyodide decides where Pyodide comes from (jupyterlite also reads this variable).
    env = {k: v for k, v in os.environ.items() if k != "JUPYTERLITE_PYODIDE_URL"}
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"[lite] jupyter lite build failed ({result.returncode})")
    log(f"built {out} in {time.perf_counter() - start:.1f} s; serve it with any static server:")
    log(f"  python -m http.server -d {out} 8000  → http://127.0.0.1:8000/")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "lite")
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks")
    parser.add_argument("--wheels", type=Path, default=REPO / "build" / "lite-wheels")
    parser.add_argument(
        "--work", type=Path, default=None, help="staging folder (default: <out>-src)"
    )
    parser.add_argument(
        "--pyodide",
        default=os.environ.get("PYODIDE", ""),
        help="local Pyodide tarball, URL or folder (default: $PYODIDE; none: the CDN)",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    work = (args.work or out.with_name(out.name + "-src")).resolve()
    build(out, args.notebooks.resolve(), args.wheels.resolve(), work, args.pyodide.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
