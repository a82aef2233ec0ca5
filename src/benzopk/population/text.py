"""Notebook 07 as text: the share of virtual people above a level, what varies, and the
wording every figure and widget of this topic shares (they import it from here).

The wording rule: the level is an illustrative fraction of THAT drug's own dose — not an
impairment or safety threshold, not comparable between drugs (doses are not equipotent),
and no level is safe. The share is a count of virtual people, nothing more. Functions take
computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..tables import Markdown, markdown_table
from .compute import PopulationResult, Share

__all__ = [
    "CAVEATS",
    "FIGURE_CAVEATS",
    "groups_markdown",
    "level_note",
    "population_summary",
    "share_line",
    "shares_markdown",
    "spread_lines",
]

#: What every result of this topic is said with (figure, widget, text).
CAVEATS = (
    "Virtual people: each compound's half-life is drawn on its own from a log-normal (no "
    "source gives how a parent's and a metabolite's half-lives go together).",
    "A half-life without a between-person range (a range of study means, or none) stays at "
    "its typical value for everybody: people still differ, the data do not say by how much.",
    "Sensitivity, tolerance, other sedatives and alcohol differ between people too and are "
    "not modelled; one compartment, one instant dose at each bedtime.",
    "Amounts: fractions of one dose of the drug (active metabolites molar-equivalent, not "
    "equipotent with the parent). Teaching model — NOT FOR DOSING.",
)

#: The same caveats, shorter, for the figure's notes panel.
FIGURE_CAVEATS = (
    "Each compound's half-life drawn on its own (no source gives how they go together).",
    "Sensitivity, tolerance, other sedatives and alcohol are not modelled.",
    "One compartment; one instant dose at each bedtime; metabolites molar-equivalent, not "
    "equipotent.",
)


def level_note(drug: str, level: float) -> str:
    """The level in words: illustrative, this drug's own dose, not a threshold, none safe."""
    return (
        f"The level ({level:g} of one dose of {drug}) is illustrative: a fraction of "
        f"{drug}'s own dose, not an impairment or safety threshold, and not comparable "
        "between drugs (doses are not equipotent). No level is safe."
    )


def share_line(share: Share) -> str:
    """``after night N: 48.4 % of 2000 virtual people above the level (± 1.1 %, ...)``."""
    return (
        f"after night {share.night}: {100 * share.fraction:.1f} % of {share.people} virtual "
        f"people above the level (± {100 * share.standard_error:.1f} %, binomial standard "
        "error)"
    )


def spread_lines(result: PopulationResult) -> list[str]:
    """One line per active compound: its spread between people and the basis."""
    return [
        f"{name}{' (varies)' if spread.varies else ' (fixed)'}: {spread.basis}"
        for name, spread in zip(result.compounds, result.spreads, strict=True)
    ]


def population_summary(result: PopulationResult) -> Markdown:
    """The result in Markdown: shares after night 1 and night N, what varies and why, the
    group, the caveats."""
    r = result
    varying = ", ".join(r.varying) or "none (everybody at the typical half-lives)"
    lines = [
        f"**{html.escape(r.drug)}**, {html.escape(r.group.label)}: amount of the active "
        f"compounds at wake-up ({html.escape(r.wake)}), one instant dose at each bedtime "
        f"({html.escape(r.bedtime)}); {r.people} virtual people, seed {r.seed}.",
        "",
        f"- {html.escape(share_line(r.share_night1))}; typical person {r.typical_night1:.3f}",
    ]
    if r.nights > 1:
        lines.append(
            f"- {html.escape(share_line(r.share_night_n))}; typical person {r.typical_night_n:.3f}"
        )
    lines += [
        f"- Half-lives that vary between people: {html.escape(varying)}.",
        *(f"  - {html.escape(line)}" for line in spread_lines(r)),
        f"- Group: {html.escape(r.group.note)}.",
    ]
    if r.assumed_links:
        lines.append(f"- Assumed link fractions: {html.escape('; '.join(r.assumed_links))}.")
    lines += ["", f"*{html.escape(level_note(r.drug, r.level))}*", ""]
    lines += [f"- {html.escape(c)}" for c in CAVEATS]
    return Markdown("\n".join(lines) + "\n")


def _percent(fraction: str | float | int, error: str | float | int) -> str:
    return f"{100 * float(fraction):.1f} % ± {100 * float(error):.1f}"


def shares_markdown(
    rows: Sequence[dict[str, str | float | int]], nights: Sequence[int] = (1, 14)
) -> Markdown:
    """The rows of :func:`~benzopk.population.compute.share_table` as a Markdown table:
    per drug, the typical person's amount and the share of people above the level (± its
    binomial standard error) after each of ``nights``, and which half-lives vary."""
    header = ["drug", "half-lives that vary"]
    for night in nights:
        header += [f"typical person, night {night}", f"people above the level, night {night}"]
    body = []
    for row in rows:
        cells: list[object] = [row["drug"], row["half_lives_that_vary"]]
        for night in nights:
            cells += [
                f"{float(row[f'typical_night{night}']):.3g}",
                _percent(row[f"share_night{night}"], row[f"se_night{night}"]),
            ]
        body.append(cells)
    level = float(rows[0]["level"]) if rows else 0.5
    people = int(rows[0]["people"]) if rows else 0
    note = (
        f"\n*Level: {level:g} of one dose of each drug, at wake-up; {people} virtual people "
        "per drug. The level is illustrative: a fraction of each drug's own dose, not an "
        "impairment or safety threshold, and not comparable between drugs (doses are not "
        "equipotent). No level is safe. Shares of 0 % or 100 % with no half-life that varies "
        "say only where the typical person sits.*\n"
    )
    return markdown_table(header, body) + html.escape(note, quote=False)


def _count(share: Share) -> str:
    return f"{share.above} of {share.people} ({_percent(share.fraction, share.standard_error)})"


def groups_markdown(*results: PopulationResult) -> Markdown:
    """Several results side by side (e.g. the typical adult and a group of the same drug):
    per result the median half-lives, the typical person's amount and the share of people
    above the level (± its binomial standard error) after night 1 and night N."""
    if not results:
        raise ValueError("give at least one result")
    header = [
        "drug", "group", "median half-lives (h)", "typical person, night 1",
        "people above the level, night 1", "typical person, last night",
        "people above the level, last night", "nights",
    ]  # fmt: skip
    body = [
        [
            r.drug,
            r.group.label,
            "; ".join(f"{c} {s.median_h:.3g}" for c, s in zip(r.compounds, r.spreads, strict=True)),
            f"{r.typical_night1:.3g}",
            _count(r.share_night1),
            f"{r.typical_night_n:.3g}",
            _count(r.share_night_n),
            r.nights,
        ]
        for r in results
    ]
    notes = sorted({level_note(r.drug, r.level) for r in results})
    people = sorted({f"{r.people} virtual people, seed {r.seed}" for r in results})
    note = f"\n*{' '.join(notes)} Each row: {'; '.join(people)}.*\n"
    return markdown_table(header, body) + html.escape(note, quote=False)
