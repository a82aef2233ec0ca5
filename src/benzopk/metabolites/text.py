"""Notebook 04's text: the links, peaks and activity tables as Markdown, from computed
results. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..records import Link
from ..tables import Markdown, Strong, markdown_table
from .compute import ActivitySummary, MetabolitePeak

__all__ = ["activity_table", "links_table", "peaks_table"]


def links_table(links: Iterable[tuple[str, Link]]) -> Markdown:
    """The links below each drug (:func:`~benzopk.metabolites.compute.links_below`):
    fraction, basis and source."""
    header = (
        "drug", "parent → metabolite", "fraction converted", "basis",
        "source (that it is formed)",
    )  # fmt: skip
    rows = [
        (
            drug,
            f"{link.parent} → {link.metabolite}",
            f"{link.fraction:g}",
            Strong("assumption (not published)") if link.is_assumption else "published",
            f"{link.source.source_id} ({link.source.section})" if link.source else "none given",
        )
        for drug, link in links
    ]
    return markdown_table(header, rows)


def peaks_table(peaks: Sequence[MetabolitePeak]) -> Markdown:
    """Metabolite peaks after one dose."""
    header = (
        "drug", "metabolite", "peak after one dose (h)", "(days)", "height at peak",
        "fraction of the dose it receives",
    )  # fmt: skip
    rows = [
        (
            p.drug,
            p.metabolite,
            f"{p.peak_h:.1f}",
            f"{p.peak_h / 24:.1f}",
            f"{p.peak_amount:.2f}",
            "; ".join(p.labels),
        )
        for p in peaks
    ]
    return markdown_table(header, rows)


def activity_table(summaries: Sequence[ActivitySummary]) -> Markdown:
    """How long activity lasts with and without the metabolites, per drug."""
    if not summaries:
        return Markdown("")
    first = summaries[0]
    gone = f"{100 * (1 - first.remaining):.3g} %"
    header = (
        "drug", "parent t½ (h)", f"{gone} of the parent gone (h)",
        f"{gone} of parent + metabolites gone (h)", "times longer",
        f"metabolites' share at wake-up after night {first.nights}",
    )  # fmt: skip
    rows = [
        (
            f"{s.drug} (prodrug)",
            "not in the blood after an oral dose",
            "—",
            f"{s.hours_total:.0f}",
            "—",
            f"{100 * s.share_at_wake:.0f} %",
        )
        if s.prodrug
        else (
            s.drug,
            f"{s.parent_half_life_h:.3g}",
            f"{s.hours_parent:.0f}",
            f"{s.hours_total:.0f}",
            f"{s.ratio:.1f}",
            f"{100 * s.share_at_wake:.0f} %",
        )
        for s in summaries
    ]
    return markdown_table(header, rows)
