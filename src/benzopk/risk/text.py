"""Notebook 05's text: the modifier table and its notes as Markdown (text from ``data/``
HTML-escaped), from computed rows. Claims are cited with :func:`benzopk.tables.claims`.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..tables import Markdown, Strong, markdown_table
from .compute import ModifiedHalfLife

__all__ = ["modifier_notes", "modifier_table", "route_list", "route_notes"]


def modifier_table(rows: Sequence[ModifiedHalfLife]) -> Markdown:
    """Each row's group and baseline half-life, the baseline used, the ratio (group ÷
    baseline), the group against the published adult range, the exposure change, basis and
    source; a group outside the range in bold."""
    header = (
        "drug (compound)", "route", "condition", "group", "t½ in the group (h)",
        "baseline t½ (h)", "baseline", "t½ ratio (group ÷ baseline)",
        "group t½ against the published adult range", "basis",
        "exposure (what reaches the body)", "source",
    )  # fmt: skip
    table = [
        (
            r.drug if r.compound == r.drug else f"{r.drug} ({r.compound})",
            r.route or "not recorded",
            r.modifier.kind,
            r.modifier.group,
            r.group_text,
            f"{r.baseline_h:g}",
            r.baseline_label,
            f"×{r.ratio:.2f}",
            Strong(r.status) if r.outside_range else r.status,
            r.modifier.basis,
            r.exposure_text,
            f"{r.modifier.source.source_id} ({r.modifier.source.section})",
        )
        for r in rows
    ]
    return markdown_table(header, table)


def modifier_notes(rows: Sequence[ModifiedHalfLife]) -> Markdown:
    """Each row's notes (the study's comparison and wording) as a Markdown list."""
    return Markdown(
        "\n".join(
            f"- **{html.escape(r.label)}** ({html.escape(r.modifier.source.source_id)}): "
            f"{html.escape(r.modifier.notes)}"
            for r in rows
        )
        + "\n"
    )


def route_list(by_route: Mapping[str, Sequence[str]]) -> Markdown:
    """One line per clearance route with its drugs."""
    return Markdown(
        "\n".join(
            f"- **{html.escape(route)}**: {html.escape(', '.join(names))}"
            for route, names in by_route.items()
        )
        + "\n"
    )


def route_notes(rows: Sequence[ModifiedHalfLife], route: str) -> Markdown:
    """The notes of the modifier rows of drugs cleared by ``route``."""
    return modifier_notes([r for r in rows if r.route == route])
