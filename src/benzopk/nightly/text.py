"""Notebook 03's text: what is left at each wake-up of a week, per schedule, as a Markdown
table, from computed runs. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tables import Markdown, format_cell, markdown_table
from .compute import ScheduleRun, wake_rows

__all__ = ["wake_table"]


def wake_table(runs: Sequence[ScheduleRun], week: int | None = None) -> Markdown:
    """Each morning of ``week`` (default the last) and, per run and compound, the amount at
    wake-up (fraction of one dose of the parent, 3 significant digits)."""
    rows = wake_rows(runs, week)
    columns = list(rows[0])
    return markdown_table(columns, ([format_cell(r[c], 3) for c in columns] for r in rows))
