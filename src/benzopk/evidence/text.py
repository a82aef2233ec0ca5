"""Notebook 07's text: the validation, large-miss and next-morning tables as Markdown, and
the rank agreement in words, from computed results (3 significant digits). Teaching model —
NOT FOR DOSING.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tables import Markdown, format_cell, markdown_table
from .compute import VALIDATION_COLUMNS, Placement, Prediction, RankAgreement, miss_factor

__all__ = ["DIGITS", "agreement_text", "misses_table", "next_day_table", "validation_table"]

#: Significant digits shown in the tables.
DIGITS = 3


def validation_table(rows: Sequence[dict[str, str | float]]) -> Markdown:
    """The rows of :func:`~benzopk.evidence.compute.validation_rows` as a Markdown table:
    each observation, the model's value by the same definition, and predicted ÷ observed."""
    cells = ([format_cell(row[c], DIGITS) for c in VALIDATION_COLUMNS] for row in rows)
    return markdown_table(VALIDATION_COLUMNS, cells)


def misses_table(predictions: Sequence[Prediction]) -> Markdown:
    """The predictions given (e.g. :func:`~benzopk.evidence.compute.large_misses`), with how
    far each misses either way (×) and which half-life it used."""
    header = (
        "id", "drug", "compound measured", "group", "definition", "observed", "predicted",
        "predicted ÷ observed", "misses by ×", "half-life used",
    )  # fmt: skip
    rows = [
        (
            p.observation.obs_id,
            p.observation.drug,
            p.observation.compound,
            p.observation.group,
            p.observation.definition_code,
            format_cell(p.observation.observed, DIGITS),
            format_cell(p.predicted, DIGITS),
            format_cell(p.ratio, DIGITS),
            format_cell(miss_factor(p), DIGITS),
            p.half_life_used,
        )
        for p in predictions
    ]
    if not rows:
        return Markdown("*No observation misses by more than the factor chosen.*\n")
    return markdown_table(header, rows)


def agreement_text(agreement: RankAgreement) -> Markdown:
    """The rank agreement in words, with its n and what it is not."""
    a = agreement
    return Markdown(
        f"**Rank agreement: AUC {a.auc:.2f}.** Of the {a.n_impaired * a.n_not_impaired} "
        "pairs of an impaired and a not-impaired study, that share has the impaired study "
        f"placed higher (ties counted as one half; rank-biserial {a.rank_biserial:.2f}; 0.5 "
        f"would be no better than chance). **n = {a.n} studies** ({a.n_impaired} "
        f"impaired, {a.n_not_impaired} not impaired); {a.n_excluded} left out (a mixed "
        "result, or no hours after the dose). The rows are not independent (a meta-analysis "
        "pools some of the single studies, and several rows share a study), so this is a "
        "description of these rows, not a test.\n"
    )


def next_day_table(
    placements: Sequence[Placement], agreement: RankAgreement | None = None
) -> Markdown:
    """Each next-morning study: the drug, its dose relative to the cited usual dose, the
    hours after it, the result, and where the model places it (— where no hours are given);
    with ``agreement``, the rank agreement in words above the table."""
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
    table = markdown_table(header, rows)
    return table if agreement is None else agreement_text(agreement) + "\n" + table
