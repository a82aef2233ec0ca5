"""Tables as text: the morning-after rows as CSV/Markdown, half-lives with their sources.

Text that comes from ``data/`` is HTML-escaped in Markdown output, because notebooks and the
HTML site render Markdown as HTML. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence

from .data import Dataset, SourceRef

__all__ = [
    "Markdown",
    "Strong",
    "citations",
    "claims",
    "format_rows",
    "half_lives",
    "markdown_table",
]

FORMATS = ("csv", "markdown")


class Markdown(str):
    """Markdown text that displays itself as Markdown in a notebook (a plain ``str``
    otherwise): a cell can end with the call that makes it."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __add__(self, other: str) -> Markdown:
        """Markdown followed by more Markdown is still Markdown (it still displays)."""
        return Markdown(str(self) + str(other))


class Strong(str):
    """A table cell to show in bold (its text is escaped like every other cell)."""


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Markdown:
    """The one way to write a Markdown table: every header and cell HTML-escaped (text from
    ``data/`` is rendered as HTML in notebooks and on the site) and ``|`` protected; a
    :class:`Strong` cell in bold; numbers as given (format them before)."""

    def cell(value: object) -> str:
        text = html.escape(str(value)).replace("|", "\\|").replace("\n", " ")
        return f"**{text}**" if isinstance(value, Strong) else text

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return Markdown("\n".join(lines) + "\n")


def format_cell(value: str | float | int, significant: int | None = 10) -> str:
    """A cell as text: numbers with ``significant`` digits (None: full precision, the
    shortest text that reads back as the same float)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if significant is None:
        return repr(float(value))
    return f"{value:.{significant}g}"


def format_rows(
    rows: Sequence[dict[str, str | float | int]],
    columns: Sequence[str],
    fmt: str = "csv",
    significant: int | None = 10,
) -> str:
    """Rows as CSV or a Markdown table (numbers with ``significant`` digits; None: full
    precision)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([format_cell(row[c], significant) for c in columns])
        return buffer.getvalue()
    if fmt == "markdown":
        cells = ([format_cell(row[c], significant) for c in columns] for row in rows)
        return markdown_table(columns, cells)
    raise ValueError(f"format {fmt!r} is not allowed; allowed: {', '.join(FORMATS)}")


def _ref(ref: SourceRef) -> str:
    return f"{ref.source_id} ({ref.section})"


def half_lives(dataset: Dataset, names: Iterable[str]) -> Markdown:
    """Markdown table: each compound's typical half-life, published range and what kind of
    range it is (the spread between people, or a range of study means), with sources."""
    header = (
        "compound", "class", "typical t½ (h)", "published range (h)", "kind of range",
        "typical value", "sources",
    )  # fmt: skip
    rows = []
    kinds = {
        "individual": "between people (values seen in individuals)",
        "study_means": "range of study means (not between people)",
        "": "—",
    }
    for name in names:
        c = dataset.compound(name)
        hl = c.half_life
        basis = "geometric mean of the range (derived)" if hl.derived else "published"
        refs = _ref(hl.source)
        others = [ref for ref in hl.range_sources if ref != hl.source]
        if others:
            refs += "; range: " + "; ".join(_ref(ref) for ref in others)
        span = f"{hl.min_h:g}–{hl.max_h:g}" if hl.range_published else "none published"
        role = f"{c.drug_class}, prodrug" if c.prodrug else c.drug_class
        rows.append((c.name, role, f"{hl.typical_h:g}", span, kinds[hl.range_kind], basis, refs))
    return markdown_table(header, rows)


def citations(
    dataset: Dataset, names: Iterable[str] | None = None, modifiers: bool = False
) -> Markdown:
    """Markdown list of the documents behind the values of ``names`` (default: all).

    Half-lives, times to peak and metabolite links; with ``modifiers=True`` also the
    age/liver/interaction half-lives of ``modifiers.csv``. Claims are cited where they are
    shown (:func:`claims`).
    """
    wanted = None if names is None else {dataset.compound(n).name for n in names}
    used: dict[str, list[str]] = {}
    for subject, value, ref in dataset.references():
        if subject.startswith("claim "):
            continue
        if value.startswith("modifier, ") and not modifiers:
            continue
        compound = subject.split(" → ")[0]
        if wanted is not None and compound not in wanted and subject not in wanted:
            continue
        used.setdefault(ref.source_id, []).append(f"{subject}: {value}")
    lines = []
    for source_id in sorted(used):
        source = dataset.sources[source_id]
        link = f" <{html.escape(source.url)}>" if source.url else ""
        supports = html.escape("; ".join(sorted(set(used[source_id]))))
        lines.append(
            f"- **{html.escape(source_id)}** — {html.escape(source.citation)}.{link} "
            f"Supports: {supports}."
        )
    return Markdown("\n".join(lines) + "\n")


def claims(dataset: Dataset, claim_ids: Iterable[str]) -> Markdown:
    """Cited clinical-context sentences from ``data/claims.csv`` as a Markdown list."""
    lines = []
    for claim_id in claim_ids:
        claim = dataset.claim(claim_id)
        source = dataset.sources[claim.source.source_id]
        link = f" <{html.escape(source.url)}>" if source.url else ""
        lines.append(
            f"- {html.escape(claim.statement)} "
            f"*({html.escape(source.citation)}; {html.escape(claim.source.section)})*{link}"
        )
    return Markdown("\n".join(lines) + "\n")
