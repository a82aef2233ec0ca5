"""Build the HTML site: execute every notebook from a fresh kernel and render it.

``python -m benzopk.site --out build/html`` writes ``index.html`` and one page per
notebook. Needs the ``[lab]`` extra (nbclient, nbconvert). Every page shows the
"Teaching model — NOT FOR DOSING" banner; a widget's output is replaced by the static
picture of its default state, with a note that the live version runs in JupyterLab.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from .labels import BANNER, LABEL_TEXT
from .widgets import STATIC_NOTE

__all__ = ["Page", "build_site", "execute_notebook", "main", "static_widget_outputs"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOK_TIMEOUT_S = 600

_STYLE = """
.benzopk-banner{background:#FFF3F3;border:2px solid #8B0000;color:#5a0000;padding:.6em 1em;
margin:0 0 1em 0;font-family:system-ui,sans-serif;border-radius:6px}
.benzopk-banner strong{color:#8B0000}
.benzopk-nav{font-family:system-ui,sans-serif;margin:.2em 0 1em 0}
.benzopk-nav a{margin-right:1em}
.benzopk-static-note{font-style:italic;color:#444;margin:.3em 0}
body.benzopk-index{max-width:60em;margin:2em auto;padding:0 1em;font-family:system-ui,sans-serif;
line-height:1.5}
"""


@dataclass(frozen=True)
class Page:
    """One rendered notebook page."""

    source: Path
    html_name: str
    title: str


def banner_html() -> str:
    """The banner every page opens with."""
    rest = BANNER.removeprefix(LABEL_TEXT + ".").strip()
    return (
        f'<div class="benzopk-banner" role="note"><strong>{html.escape(LABEL_TEXT)}.</strong> '
        f"{html.escape(rest)}</div>"
    )


def execute_notebook(path: Path, timeout_s: int = NOTEBOOK_TIMEOUT_S) -> Any:
    """Run ``path`` top to bottom in a fresh kernel (working folder: its own folder)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout_s,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
    )
    client.execute()
    return notebook


def static_widget_outputs(notebook: Any) -> Any:
    """Replace live-widget outputs that carry a PNG fallback by that picture and a note."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                if "image/png" in data:
                    data.pop(WIDGET_VIEW)
                    data.pop("text/plain", None)
                    outputs.append(output)
                    outputs.append(
                        nbformat.v4.new_output(
                            "display_data",
                            data={"text/html": f'<p class="benzopk-static-note">{STATIC_NOTE}</p>'},
                        )
                    )
                # a widget with no static fallback (e.g. a lone control) shows nothing offline
                continue
            outputs.append(output)
        cell["outputs"] = outputs
    return notebook


def _title(notebook: Any, fallback: str) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _nav(pages: list[Page]) -> str:
    links = ['<a href="index.html">Course home</a>']
    links += [f'<a href="{p.html_name}">{html.escape(p.title)}</a>' for p in pages]
    return '<nav class="benzopk-nav">' + " ".join(links) + "</nav>"


def _render(notebook: Any, pages: list[Page]) -> str:
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(notebook)
    header = f"<style>{_STYLE}</style>{banner_html()}{_nav(pages)}"
    marker = "<main>"
    if marker in body:
        return body.replace(marker, marker + header, 1)
    return body.replace("<body", "<body", 1).replace(">", ">" + header, 1)


def _index(pages: list[Page]) -> str:
    items = "\n".join(f'<li><a href="{p.html_name}">{html.escape(p.title)}</a></li>' for p in pages)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>benzopk — benzodiazepine pharmacokinetics for teaching</title>
<style>{_STYLE}</style></head>
<body class="benzopk-index">
{banner_html()}
<h1>benzopk: why can a long-acting benzodiazepine still sedate the next morning?</h1>
<p>Interactive notebooks for pharmacology teaching. Published half-lives (each value cited
in the project's <code>data/</code> folder) in a one-compartment, first-order elimination model;
every amount is the fraction of one dose in the body. The pages below were executed from a fresh
kernel; the live widgets run in JupyterLab.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
<p>{html.escape(LABEL_TEXT)}: no doses, no concentrations, no advice on treatment. Changes to
any treatment belong with a prescriber.</p>
</body></html>
"""


def build_site(notebooks_dir: Path, out_dir: Path) -> list[Page]:
    """Execute and render every ``*.ipynb`` in ``notebooks_dir`` into ``out_dir``."""
    sources = sorted(notebooks_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = []
    pages = []
    for source in sources:
        notebook = static_widget_outputs(execute_notebook(source))
        executed.append(notebook)
        pages.append(Page(source, source.stem + ".html", _title(notebook, source.stem)))
    for page, notebook in zip(pages, executed, strict=True):
        (out_dir / page.html_name).write_text(_render(notebook, pages), encoding="utf-8")
    (out_dir / "index.html").write_text(_index(pages), encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    """``python -m benzopk.site [--notebooks DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m benzopk.site", description=__doc__)
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--out", type=Path, default=Path("build/html"))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = build_site(args.notebooks, args.out)
    seconds = time.perf_counter() - start
    for page in pages:
        print(f"wrote {args.out / page.html_name}")
    print(f"wrote {args.out / 'index.html'} ({len(pages)} notebook page(s) in {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
