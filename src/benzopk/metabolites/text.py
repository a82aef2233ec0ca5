"""Notebook 04's text: the links, peaks and activity tables as Markdown (HTML-escaped),
from computed results. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from ..data import Dataset
from .compute import ActivitySummary, MetabolitePeak

__all__ = ["activity_markdown", "links_markdown", "peaks_markdown"]


def links_markdown(dataset: Dataset, drugs: Iterable[str]) -> str:
    """Markdown table of the links below each drug: fraction, basis and source."""
    lines = [
        "| drug | parent → metabolite | fraction converted | basis | source (that it is formed) |",
        "|---|---|---|---|---|",
    ]
    for drug in drugs:
        for link in dataset.metabolite_tree(drug):
            ref = (
                f"{link.source.source_id} ({link.source.section})" if link.source else "none given"
            )
            basis = "**assumption** (not published)" if link.is_assumption else "published"
            lines.append(
                f"| {html.escape(drug)} | {html.escape(link.parent)} → "
                f"{html.escape(link.metabolite)} | {link.fraction:g} | {basis} | "
                f"{html.escape(ref)} |"
            )
    return "\n".join(lines) + "\n"


def peaks_markdown(peaks: Sequence[MetabolitePeak]) -> str:
    """Markdown table of metabolite peaks after one dose."""
    lines = [
        "| drug | metabolite | peak after one dose (h) | (days) | height at peak | "
        "fraction of the dose it receives |",
        "|---|---|---|---|---|---|",
    ]
    for p in peaks:
        lines.append(
            f"| {html.escape(p.drug)} | {html.escape(p.metabolite)} | {p.peak_h:.1f} | "
            f"{p.peak_h / 24:.1f} | {p.peak_amount:.2f} | "
            f"{html.escape('; '.join(p.labels))} |"
        )
    return "\n".join(lines) + "\n"


def activity_markdown(summaries: Sequence[ActivitySummary]) -> str:
    """Markdown table of :class:`ActivitySummary` rows."""
    if not summaries:
        return ""
    first = summaries[0]
    gone = f"{100 * (1 - first.remaining):.3g} %"
    lines = [
        f"| drug | parent t½ (h) | {gone} of the parent gone (h) | {gone} of parent + "
        f"metabolites gone (h) | times longer | metabolites' share at wake-up after night "
        f"{first.nights} |",
        "|---|---|---|---|---|---|",
    ]
    for s in summaries:
        if s.prodrug:
            lines.append(
                f"| {html.escape(s.drug)} (prodrug) | not in the blood after an oral dose | — | "
                f"{s.hours_total:.0f} | — | {100 * s.share_at_wake:.0f} % |"
            )
            continue
        lines.append(
            f"| {html.escape(s.drug)} | {s.parent_half_life_h:.3g} | {s.hours_parent:.0f} | "
            f"{s.hours_total:.0f} | {s.ratio:.1f} | {100 * s.share_at_wake:.0f} % |"
        )
    return "\n".join(lines) + "\n"
