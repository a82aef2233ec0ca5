"""Reading the CSV files as text and typed access to their cells, each problem raised as a
:class:`~benzopk.records.DataError` naming the file, the row and the column. Parses text
only: no pickle, no eval.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

from .records import (
    HALF_LIFE_BASES,
    LINKS_FILE,
    RANGE_KINDS,
    SOURCES_FILE,
    DataError,
    HalfLife,
    Link,
    Source,
    SourceRef,
)

__all__ = [
    "SOURCE_ID",
    "Cells",
    "as_traversable",
    "check_acyclic",
    "formed_from",
    "parse_sources",
    "read_rows",
]

_NAME = re.compile(r"^[a-z0-9][a-z0-9 \-]*$")
SOURCE_ID = re.compile(r"^[a-z0-9_]+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Geometric means are stored rounded to 3 significant digits.
_GEOMETRIC_MEAN_TOLERANCE = 0.006


def as_traversable(directory: str | Path | Traversable) -> Traversable:
    if isinstance(directory, str | Path):
        return Path(directory)
    return directory


def read_rows(
    folder: Traversable, file: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts of stripped strings, with their line numbers (header = line 1)."""
    path = folder / file
    if not path.is_file():
        raise DataError(file, None, None, f"file is missing from {folder}")
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise DataError(file, 1, None, "file is empty (no header)")
    header = [h.strip() for h in header]
    for column in columns:
        if column not in header:
            raise DataError(file, 1, column, "required column is missing from the header")
    for column in header:
        if column not in columns:
            raise DataError(file, 1, column, f"unknown column; expected {', '.join(columns)}")
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                file, line, None, f"has {len(cells)} cells, the header has {len(header)}"
            )
        yield line, {h: c.strip() for h, c in zip(header, cells, strict=True)}


def parse_sources(rows: Iterator[tuple[int, dict[str, str]]]) -> Iterator[Source]:
    seen: set[str] = set()
    for line, row in rows:
        source_id = row["source_id"]
        if not SOURCE_ID.match(source_id):
            raise DataError(
                SOURCES_FILE, line, "source_id", f"{source_id!r} is not a slug of a-z, 0-9 and _"
            )
        if source_id in seen:
            raise DataError(SOURCES_FILE, line, "source_id", f"{source_id!r} appears twice")
        seen.add(source_id)
        if not row["citation"]:
            raise DataError(SOURCES_FILE, line, "citation", "missing citation")
        url = row["url"]
        if url and not url.startswith("https://") and not url.startswith("http://"):
            raise DataError(SOURCES_FILE, line, "url", f"not a web address: {url!r}")
        yield Source(source_id, row["citation"], url)


class Cells:
    """Typed access to one row's cells, raising DataError with file/row/column."""

    def __init__(
        self, file: str, line: int, row: dict[str, str], sources: Mapping[str, Source]
    ) -> None:
        self.file, self.line, self.row, self.sources = file, line, row, sources

    def error(self, column: str, problem: str) -> DataError:
        return DataError(self.file, self.line, column, problem)

    def name(self, column: str) -> str:
        value = self.row[column]
        if not value:
            raise self.error(column, "missing name")
        if not _NAME.match(value):
            raise self.error(column, f"{value!r}: names are lower case letters, digits, - or space")
        return value

    def choice(self, column: str, allowed: tuple[str, ...]) -> str:
        value = self.row[column]
        if value not in allowed:
            raise self.error(column, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def number(self, column: str) -> float:
        text = self.row[column]
        if not text:
            raise self.error(column, "missing number")
        if not _NUMBER.match(text):
            if re.match(r"^[+-]?[\d.]+\s*[a-zA-Zµ%/]+", text):
                raise self.error(
                    column,
                    f"{text!r} has a unit in a number cell; write the number only "
                    "(the column name gives the unit: _h = hours)",
                )
            raise self.error(column, f"{text!r} is not a number")
        value = float(text)
        if not math.isfinite(value):
            raise self.error(column, f"{text!r} is not a finite number")
        return value

    def hours(self, column: str) -> float:
        value = self.number(column)
        if value <= 0:
            raise self.error(column, f"must be > 0 hours, got {value:g}")
        return value

    def source_ref(self, prefix: str) -> SourceRef:
        id_column, section_column = f"{prefix}_id", f"{prefix}_section"
        source_id = self.row[id_column]
        if not source_id:
            raise self.error(id_column, "missing source")
        if source_id not in self.sources:
            raise self.error(id_column, f"unknown source {source_id!r} (not in {SOURCES_FILE})")
        section = self.row[section_column]
        if not section:
            raise self.error(section_column, "missing section/table of the source")
        return SourceRef(source_id, section)

    def half_life(self) -> HalfLife:
        typical = self.hours("half_life_h")
        basis = self.choice("half_life_basis", HALF_LIFE_BASES)
        source = self.source_ref("half_life_source")
        if not self.row["half_life_min_h"] and not self.row["half_life_max_h"]:
            # No published range: allowed, but said so, and the typical value must be published.
            for column in ("range_source_id", "range_max_source_id"):
                if self.row[column]:
                    raise self.error("half_life_min_h", "a range source is given but no range")
            if self.row["half_life_range_kind"]:
                raise self.error("half_life_range_kind", "a range kind is given but no range")
            if basis != "published":
                raise self.error("half_life_basis", "a geometric mean needs a range")
            if "range" not in self.row["notes"].lower():
                raise self.error("notes", "without a published range, the notes must say so")
            return HalfLife(typical, typical, typical, basis, source, None)
        low = self.hours("half_life_min_h")
        high = self.hours("half_life_max_h")
        if low > high:
            raise self.error("half_life_min_h", f"range is reversed: min {low:g} > max {high:g}")
        if not low <= typical <= high:
            raise self.error(
                "half_life_h", f"typical {typical:g} h lies outside its range {low:g}–{high:g} h"
            )
        kind = self.choice("half_life_range_kind", RANGE_KINDS)
        if basis == "geometric mean of range":
            if kind != "individual":
                raise self.error(
                    "half_life_basis",
                    "a range of study means needs a cited typical value, not a geometric mean",
                )
            expected = math.sqrt(low * high)
            if abs(typical / expected - 1) > _GEOMETRIC_MEAN_TOLERANCE:
                raise self.error(
                    "half_life_h",
                    f"marked as the geometric mean of the range, which is {expected:.3g}, "
                    f"not {typical:g}",
                )
        max_source = None
        if self.row["range_max_source_id"] or self.row["range_max_source_section"]:
            max_source = self.source_ref("range_max_source")
        return HalfLife(
            typical, low, high, basis, source, self.source_ref("range_source"), kind, max_source
        )

    def optional_value_with_source(
        self, column: str, prefix: str, fraction: bool = False
    ) -> tuple[float | None, SourceRef | None]:
        if not self.row[column]:
            if self.row[f"{prefix}_id"]:
                raise self.error(f"{prefix}_id", f"a source is given but {column} is empty")
            return None, None
        value = self.fraction(column) if fraction else self.hours(column)
        return value, self.source_ref(prefix)

    def fraction(self, column: str) -> float:
        value = self.number(column)
        if not 0 < value <= 1:
            raise self.error(column, f"must be a fraction in (0, 1], got {value:g}")
        return value

    def optional_number(self, column: str) -> float | None:
        if not self.row[column]:
            return None
        value = self.number(column)
        if value <= 0:
            raise self.error(column, f"must be > 0, got {value:g}")
        return value


def formed_from(drug: str, links: Sequence[Link]) -> set[str]:
    """Every compound reachable from ``drug`` through the links."""
    found: set[str] = set()
    frontier = [drug]
    while frontier:
        parent = frontier.pop()
        for link in links:
            if link.parent == parent and link.metabolite not in found:
                found.add(link.metabolite)
                frontier.append(link.metabolite)
    return found


def check_acyclic(links: list[Link]) -> None:
    children: dict[str, list[str]] = {}
    for link in links:
        children.setdefault(link.parent, []).append(link.metabolite)

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            cycle = " → ".join((*trail, name))
            raise DataError(LINKS_FILE, None, "metabolite", f"links form a cycle: {cycle}")
        for child in children.get(name, []):
            visit(child, (*trail, name))

    for parent in children:
        visit(parent, ())
