"""Notebook 05's text: the modifier table, its notes and the cited claims as Markdown
(text from ``data/`` HTML-escaped). Takes computed rows, never recomputes.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..data import Dataset
from .compute import ModifiedHalfLife

__all__ = ["claim_markdown", "modifier_notes_markdown", "modifier_table_markdown"]

# ---------------------------------------------------------------------------------------
# Markdown (data text HTML-escaped: notebooks and the site render Markdown as HTML)
# ---------------------------------------------------------------------------------------


def claim_markdown(dataset: Dataset, claim_id: str) -> str:
    """A cited claim as a Markdown quote: the statement, then its source and section."""
    claim = dataset.claim(claim_id)
    source = dataset.sources[claim.source.source_id]
    link = f" <{html.escape(source.url)}>" if source.url else ""
    return (
        f"> {html.escape(claim.statement)}\n>\n"
        f"> — *{html.escape(source.citation)}* ({html.escape(claim.source.section)}).{link}\n"
    )


def modifier_table_markdown(rows: Sequence[ModifiedHalfLife]) -> str:
    """Markdown table: each row's group and baseline half-life, the baseline used, the ratio
    (group ÷ baseline), the group against the published adult range, basis and source."""
    lines = [
        "| drug (compound) | route | condition | group | t½ in the group (h) | baseline t½ (h) "
        "| baseline | t½ ratio (group ÷ baseline) | group t½ against the published adult range "
        "| basis | exposure (what reaches the body) | source |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        m = r.modifier
        cells = [
            r.drug if r.compound == r.drug else f"{r.drug} ({r.compound})",
            r.route or "not recorded",
            m.kind,
            m.group,
            r.group_text,
            f"{r.baseline_h:g}",
            r.baseline_label,
            f"×{r.ratio:.2f}",
            f"**{r.status}**" if r.outside_range else r.status,
            m.basis,
            r.exposure_text,
            f"{m.source.source_id} ({m.source.section})",
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    bold = text.startswith("**") and text.endswith("**")
    body = text[2:-2] if bold else text
    escaped = html.escape(body).replace("|", "\\|")
    return f"**{escaped}**" if bold else escaped


def modifier_notes_markdown(rows: Sequence[ModifiedHalfLife]) -> str:
    """Markdown list of each row's notes (the study's comparison and wording)."""
    return (
        "\n".join(
            f"- **{html.escape(r.label)}** ({html.escape(r.modifier.source.source_id)}): "
            f"{html.escape(r.modifier.notes)}"
            for r in rows
        )
        + "\n"
    )
