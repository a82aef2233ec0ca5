"""Notebook 07's text: the validation and next-morning tables as Markdown, from computed
results (3 significant digits). Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tables import Markdown, format_cell, markdown_table
from .compute import VALIDATION_COLUMNS, Placement

__all__ = ["DIGITS", "next_day_table", "validation_table"]

#: Significant digits shown in the tables.
DIGITS = 3


def validation_table(rows: Sequence[dict[str, str | float]]) -> Markdown:
    """The rows of :func:`~benzopk.evidence.compute.validation_rows` as a Markdown table:
    each observation, the model's value by the same definition, and predicted ÷ observed."""
    cells = ([format_cell(row[c], DIGITS) for c in VALIDATION_COLUMNS] for row in rows)
    return markdown_table(VALIDATION_COLUMNS, cells)


def next_day_table(placements: Sequence[Placement]) -> Markdown:
    """Each next-morning study: the drug, its dose relative to the cited usual dose, the
    hours after it, the result, and where the model places it (— where no hours are given)."""
    header = (
        "drug", "relative dose", "hours after dose", "test", "impaired", "fraction left",
        "placement", "source",
    )  # fmt: skip

    def number(value: float | None) -> str:
        return "—" if value is None else format_cell(value, DIGITS)

    rows = [
        (
            p.study.drug,
            format_cell(p.study.relative_dose, DIGITS),
            number(p.study.hours_after_dose),
            p.study.test,
            p.study.impaired,
            number(p.fraction_left),
            number(p.placement),
            p.study.source.source_id,
        )
        for p in placements
    ]
    return markdown_table(header, rows)
