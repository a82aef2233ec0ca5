"""Notebook 01's text: the morning-after table per drug as Markdown, from computed results.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tables import Markdown, format_cell, markdown_table
from .morning import DRUG_TABLE_COLUMNS, DrugWake, assumption_note

__all__ = ["morning_table"]


def morning_table(
    wakes: Sequence[DrugWake], columns: Sequence[str] = DRUG_TABLE_COLUMNS
) -> Markdown:
    """The per-drug morning-after rows (3 significant digits), with the note on assumed link
    fractions where one applies."""
    rows = ([format_cell(w.row()[c], 3) for c in columns] for w in wakes)
    note = assumption_note(wakes)
    return Markdown(markdown_table(columns, rows) + (f"\n{note}\n" if note else ""))
