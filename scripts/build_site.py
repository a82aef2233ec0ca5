"""Build the course site: execute every notebook from a fresh kernel and render the pages.

``python scripts/build_site.py --out build/html`` writes the teacher edition (worked answers
collapsed under each exercise); ``--student`` leaves the answers out. Pages: ``index.html``,
one page per notebook, ``summary.html`` (the morning-after table and a small-multiples figure),
``model.html`` and ``sources.html`` (generated from ``data/``).

Built with nbconvert's own templating (a template that extends JupyterLab's, in
``site_templates/``) and Jinja2 with autoescaping for the other pages, so text from ``data/``
is always escaped. The pages load nothing from a CDN: they read offline, from disk. Widgets
appear as a static picture of their default state, with a note that the live version runs
in JupyterLab. Needs the ``[lab]`` extra (nbclient, nbconvert).
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as _dt
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from benzopk import __version__, evidence, population
from benzopk.data import Dataset, load_dataset
from benzopk.display import STATIC_NOTE
from benzopk.labels import BANNER, LABEL_TEXT
from benzopk.nextday.compute import ComparisonSettings, compare
from benzopk.nextday.figures import small_multiples_figure
from benzopk.nextday.morning import DRUG_TABLE_COLUMNS, assumption_note, drug_wakes
from benzopk.tables import format_cell
from benzopk.timeline import DEFAULT_BEDTIME, DEFAULT_NIGHTS, DEFAULT_WAKE

__all__ = ["Page", "build_site", "execute_notebook", "main", "static_widget_outputs"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOK_TIMEOUT_S = 600
ANSWER_TAG = "answer"
TEMPLATES = Path(__file__).with_name("site_templates")
#: The summary page's illustrative level: one half of one dose of each drug (not comparable
#: between drugs, not an impairment or safety threshold).
SHARE_LEVEL = 0.5


@dataclass(frozen=True)
class Page:
    """One notebook page of the course."""

    source: Path
    html_name: str
    title: str
    short: str
    minutes: int = 0
    objectives: tuple[str, ...] = field(default=())


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
                continue  # a lone control has nothing to show without a kernel
            outputs.append(output)
        cell["outputs"] = outputs
    return notebook


def _page_for(path: Path, notebook: Any) -> Page:
    title = path.stem
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            heading = next(
                (line[2:].strip() for line in cell.source.splitlines() if line.startswith("# ")),
                None,
            )
            if heading:
                title = heading
                break
    meta = notebook.metadata.get("benzopk", {})
    number = path.stem.split("_", 1)[0]
    return Page(
        source=path,
        html_name=f"{path.stem}.html",
        title=title,
        short=f"{number} {meta.get('short', title)}",
        minutes=int(meta.get("minutes", 0)),
        objectives=tuple(meta.get("objectives", ())),
    )


class _Renderer:
    """Shared chrome (banner, navigation, footer) for notebook and generated pages."""

    def __init__(self, pages: list[Page], student: bool) -> None:
        self.pages, self.student = pages, student
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self.common = {
            "label": LABEL_TEXT,
            "banner_rest": BANNER.removeprefix(LABEL_TEXT + ".").strip(),
            "built": _dt.date.today().isoformat(),
            "version": __version__,
            "student": student,
        }

    def header(self, current: str) -> str:
        return self.env.get_template("header.html.j2").render(
            **self.common, pages=self.pages, current=current
        )

    def footer(self, current: str) -> str:
        names = [p.html_name for p in self.pages]
        index = names.index(current) if current in names else None
        previous = self.pages[index - 1] if index is not None and index > 0 else None
        following = (
            self.pages[index + 1] if index is not None and index + 1 < len(self.pages) else None
        )
        return self.env.get_template("footer.html.j2").render(
            **self.common, previous=previous, following=following
        )

    def chrome_context(self, current: str) -> dict[str, Any]:
        return {
            **self.common,
            "header": markupsafe.Markup(self.header(current)),
            "footer": markupsafe.Markup(self.footer(current)),
        }

    def page(self, template: str, name: str, title: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            **self.chrome_context(name), title=title, pages=self.pages, **context
        )

    def notebook(self, notebook: Any, page: Page) -> str:
        exporter = HTMLExporter(
            template_name="benzopk_notebook", extra_template_basedirs=[str(TEMPLATES)]
        )
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        tags = TagRemovePreprocessor(enabled=True)
        if self.student:
            tags.remove_cell_tags = {ANSWER_TAG}
        else:
            tags.remove_input_tags = {ANSWER_TAG}
        exporter.register_preprocessor(tags, enabled=True)
        resources = {
            "benzopk": {
                "header": self.header(page.html_name),
                "footer": self.footer(page.html_name),
            }
        }
        body, _ = exporter.from_notebook_node(notebook, resources=resources)
        return str(body)


def _sources_context(dataset: Dataset) -> list[dict[str, Any]]:
    supports: dict[str, list[str]] = {}
    for subject, value, ref in dataset.references():
        supports.setdefault(ref.source_id, []).append(f"{subject}: {value} ({ref.section})")
    return [
        {
            "source_id": source.source_id,
            "citation": source.citation,
            "url": source.url,
            "supports": sorted(set(supports.get(source.source_id, []))),
        }
        for source in sorted(dataset.sources.values(), key=lambda s: s.source_id)
    ]


def _validation_context(dataset: Dataset) -> dict[str, Any]:
    """The ``benzopk validate`` table, each row with its source, and the figure."""
    predictions = evidence.predictions(dataset)
    rows = evidence.validation_rows(dataset)
    figure = evidence.validation_figure(predictions)
    return {
        "validation_label": evidence.VALIDATION_LABEL,
        "columns": list(evidence.VALIDATION_COLUMNS),
        "rows": [
            {c: (f"{row[c]:.3g}" if isinstance(row[c], float) else str(row[c])) for c in row}
            for row in rows
        ],
        "sources": {
            row["source_id"]: dataset.sources[str(row["source_id"])].citation for row in rows
        },
        "figure_png": base64.b64encode(figure.png_bytes(dpi=90)).decode("ascii"),
        "figure_alt": figure.alt_text,
    }


def _summary_context(dataset: Dataset) -> dict[str, Any]:
    wakes = drug_wakes(dataset, DEFAULT_BEDTIME, DEFAULT_WAKE, DEFAULT_NIGHTS)
    rows = []
    for wake in wakes:
        row = wake.row()
        if wake.rests_on_assumption:
            row["name"] = f"{row['name']} *"
        rows.append(row)
    curves = [
        compare(dataset, ComparisonSettings(drugs=(name,), nights=DEFAULT_NIGHTS, step_minutes=10))
        for name in sorted(dataset.drugs)
    ]
    figure = small_multiples_figure(curves)
    return {
        "rows": [
            {
                c: (f"{row[c]:.4g}" if isinstance(row[c], float) else format_cell(row[c]))
                for c in DRUG_TABLE_COLUMNS
            }
            for row in rows
        ],
        "columns": [c.replace("_", " ") for c in DRUG_TABLE_COLUMNS],
        "figure_png": base64.b64encode(figure.png_bytes(dpi=90)).decode("ascii"),
        "figure_alt": figure.alt_text,
        "bedtime": DEFAULT_BEDTIME,
        "wake": DEFAULT_WAKE,
        "nights": DEFAULT_NIGHTS,
        "assumption_note": assumption_note(wakes),
        "shares": [
            {
                "drug": row["drug"],
                "night1": f"{100 * float(row['share_night1']):.0f} %",
                "nightn": f"{100 * float(row[f'share_night{DEFAULT_NIGHTS}']):.0f} %",
                "varying": row["half_lives_that_vary"],
            }
            for row in population.share_table(dataset, level=SHARE_LEVEL)
        ],
        "share_level": SHARE_LEVEL,
    }


def build_site(
    notebooks_dir: Path,
    out_dir: Path,
    student: bool = False,
    student_out_dir: Path | None = None,
) -> list[Page]:
    """Execute every ``NN_*.ipynb`` in ``notebooks_dir`` once and write the site.

    ``out_dir`` gets the teacher edition (or the student one if ``student``); with
    ``student_out_dir`` the student edition is written there too, from the same execution.
    """
    sources = sorted(notebooks_dir.glob("[0-9]*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    executed = [static_widget_outputs(execute_notebook(path)) for path in sources]
    pages = [_page_for(path, nb) for path, nb in zip(sources, executed, strict=True)]
    dataset = load_dataset()
    shared = {
        "summary": _summary_context(dataset),
        "validation": _validation_context(dataset),
        "sources": _sources_context(dataset),
    }
    editions = [(out_dir, student)]
    if student_out_dir is not None:
        editions.append((student_out_dir, True))
    for folder, is_student in editions:
        _write_edition(folder, is_student, pages, executed, shared)
    return pages


def _write_edition(
    out_dir: Path,
    student: bool,
    pages: list[Page],
    executed: list[Any],
    shared: dict[str, Any],
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / "site.css", out_dir / "site.css")
    renderer = _Renderer(pages, student)
    for page, notebook in zip(pages, executed, strict=True):
        html_text = renderer.notebook(copy.deepcopy(notebook), page)
        (out_dir / page.html_name).write_text(html_text, "utf-8")
    generated = {
        "index.html": ("index.html.j2", "Course home", {
            "total_minutes": sum(p.minutes for p in pages)}),
        "summary.html": ("summary.html.j2", "Morning-after summary", shared["summary"]),
        "model.html": ("model.html.j2", "The model", {}),
        "validation.html": ("validation.html.j2", "Does the model hold up?", shared["validation"]),
        "sources.html": ("sources.html.j2", "Sources", {"sources": shared["sources"]}),
    }  # fmt: skip
    for name, (template, title, context) in generated.items():
        (out_dir / name).write_text(renderer.page(template, name, title, **context), "utf-8")


def main(argv: list[str] | None = None) -> int:
    """``python scripts/build_site.py [--notebooks DIR] [--out DIR] [--student]``."""
    parser = argparse.ArgumentParser(prog="build_site.py", description=__doc__)
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--out", type=Path, default=Path("build/html"))
    parser.add_argument("--student", action="store_true", help="leave worked answers out")
    parser.add_argument(
        "--student-out", type=Path, default=None, help="also write the student edition here"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = build_site(args.notebooks, args.out, args.student, args.student_out)
    seconds = time.perf_counter() - start
    edition = "student" if args.student else "teacher"
    print(f"wrote the {edition} edition to {args.out}/: index.html, summary.html, model.html, "
          f"sources.html and {len(pages)} notebook page(s) in {seconds:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
