"""Notebook 02's text: the elimination table as Markdown, from computed rows.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..tables import Markdown, Strong, markdown_table
from .compute import elimination_rows, half_lives_to_eliminate

__all__ = ["elimination_table"]


def elimination_table(max_half_lives: int = 6, fraction: float = 0.97) -> Markdown:
    """The fraction left and eliminated after 1 … ``max_half_lives`` half-lives, with a last
    row for exactly ``fraction`` eliminated (at :func:`half_lives_to_eliminate` half-lives)."""
    rows: list[tuple[object, ...]] = [
        (r["half_lives"], f"{r['fraction_left']:.5g}", f"{100 * r['fraction_eliminated']:.2f} %")
        for r in elimination_rows(max_half_lives)
    ]
    n = half_lives_to_eliminate(fraction)
    rows.append(
        (
            Strong(f"{n:.2f}"),
            Strong(f"{1 - fraction:.3g}"),
            Strong(f"{100 * fraction:g} % (exactly: ln(1/{1 - fraction:.3g}) / ln 2)"),
        )
    )
    header = ("half-lives elapsed", "fraction left (2⁻ⁿ)", "eliminated (1 − 2⁻ⁿ)")
    return markdown_table(header, rows)
