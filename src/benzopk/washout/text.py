"""Notebook 06's text: the washout tables as Markdown, from computed results.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..tables import Markdown, markdown_table
from ..timeline import DEFAULT_NIGHTS
from .compute import REMAINING_FRACTION, TOTAL, DrugWashout

__all__ = ["alone_table", "compounds_table", "washout_table"]


def washout_table(rows: Sequence[dict[str, str | float]], nights: int = DEFAULT_NIGHTS) -> Markdown:
    """The rows of :func:`~benzopk.washout.compute.washout_rows` (hours to 3 % left)."""
    header = (
        "drug", "class", "t½ of drug (h)", "drug alone (h)", "active metabolites (h)",
        f"total after {nights} nights (h)", "total at steady state (h)", "… (days)",
    )  # fmt: skip
    table = [
        (
            row["drug"],
            row["class"],
            f"{float(row['half_life_h']):g}",
            f"{float(row['drug_hours']):.0f}" if row["drug_hours"] else "prodrug: not in the blood",
            str(row["metabolites"]) or "none",
            f"{float(row['total_hours_n']):.0f}",
            f"{float(row['total_hours_steady']):.0f}",
            f"{float(row['total_days_steady']):.1f}",
        )
        for row in rows
    ]
    return markdown_table(header, table)


def compounds_table(result: DrugWashout) -> Markdown:
    """One drug's washout: each compound and the total."""
    after = "steady state" if result.nights is None else f"{result.nights} nightly doses"
    header = (
        f"after {after}", "highest amount at or after the last dose (× one dose)",
        "reached at (h)", f"below {100 * result.remaining:g} % of it from (h)", "… (days)",
    )  # fmt: skip
    table = [
        (
            "total (drug + active metabolites)" if entry.name == TOTAL else entry.name,
            f"{entry.reference:.3f}",
            f"{entry.peak_h:.1f}",
            f"{entry.hours:.1f}",
            f"{entry.days:.1f}",
        )
        for entry in (*result.compounds, result.total)
    ]
    return markdown_table(header, table)


def alone_table(hours: Mapping[str, float], remaining: float = REMAINING_FRACTION) -> Markdown:
    """Hours (and days) until ``remaining`` is left, each compound on its own."""
    header = ("compound", f"hours until {100 * remaining:g} % is left (on its own)", "… (days)")
    return markdown_table(header, ((n, f"{h:.1f}", f"{h / 24:.1f}") for n, h in hours.items()))
