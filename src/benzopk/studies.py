"""Published measurements the model can be checked against, as validated records.

Two CSV files (see ``data/README.md``): ``observations.csv`` (accumulation ratios, days to
steady state and washout half-lives measured in people, each with its own definition) and
``next_day_studies.csv`` (next-morning impairment studies: a drug, a dose relative to a
cited usual dose, the hours after it, and whether people were impaired). Every row names a
source in ``sources.csv``. Invalid rows raise :class:`~benzopk.records.DataError` naming the
file, the row and the column. Parses text only. Teaching model — NOT FOR DOSING.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from .cells import SOURCE_ID, Cells, formed_from, read_rows
from .records import Compound, Link, Source, SourceRef

__all__ = [
    "DEFINITIONS",
    "IMPAIRED",
    "NEXT_DAY_COLUMNS",
    "NEXT_DAY_FILE",
    "OBSERVATIONS_FILE",
    "OBSERVATION_COLUMNS",
    "QUANTITIES",
    "NextDayStudy",
    "Observation",
    "parse_studies",
]

OBSERVATIONS_FILE = "observations.csv"
NEXT_DAY_FILE = "next_day_studies.csv"

OBSERVATION_COLUMNS = (
    "id", "drug", "compound", "quantity", "definition", "definition_code", "group",
    "group_half_life_h", "observed", "nights", "hours_after_dose", "interval_h", "source_id",
    "source_section", "notes",
)  # fmt: skip
NEXT_DAY_COLUMNS = (
    "drug", "relative_dose", "relative_dose_basis", "hours_after_dose", "test", "impaired",
    "effect", "effect_measure", "n", "source_id", "source_section", "notes",
)  # fmt: skip

#: What an observation measures, each with the definitions (``definition_code``) it allows.
DEFINITIONS: dict[str, tuple[str, ...]] = {
    "accumulation_ratio": (
        "level_ratio",  # amount at hours_after_dose after the last dose ÷ after the first
        "steady_level_ratio",  # the same with the last dose at steady state (the plateau)
        "dose_auc_ratio",  # area over one dosing interval after the last dose ÷ the first
        "day_auc_ratio",  # area over the last day of dosing ÷ over the first day
        "not_detected",  # "did not accumulate", coded 1; the model gives dose_auc_ratio
    ),
    "nights_to_90pct_steady": ("days_to_plateau",),
    "washout_half_life_h": ("terminal_half_life", "own_half_life"),
    "fraction_of_peak_at_hour": ("fraction_of_peak",),
}
QUANTITIES = tuple(DEFINITIONS)
#: Quantities that need a dosing schedule: the days of dosing and the dose interval.
_SCHEDULED = ("accumulation_ratio", "nights_to_90pct_steady")
IMPAIRED = ("true", "false", "mixed")
_HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class Observation:
    """One published measurement in people, with the definition the study used.

    ``nights`` is the number of days of dosing, one dose every ``interval_h`` hours (24:
    nightly). ``group_half_life_h`` is the half-life the same study (or the same source)
    gives for the group; None where it gives none (the model then uses the typical value).
    """

    obs_id: str
    drug: str
    compound: str
    quantity: str
    definition: str
    definition_code: str
    group: str
    group_half_life_h: float | None
    observed: float
    nights: int | None
    hours_after_dose: float | None
    interval_h: float | None
    source: SourceRef
    notes: str = ""

    @property
    def doses_per_day(self) -> int:
        """Doses in each 24-hour day (1 for nightly dosing)."""
        if self.interval_h is None:
            raise ValueError(f"{self.obs_id}: no dose interval given")
        return round(_HOURS_PER_DAY / self.interval_h)


@dataclass(frozen=True)
class NextDayStudy:
    """A next-morning impairment result: ``relative_dose`` is the study's dose as a multiple
    of the usual dose named in ``relative_dose_basis``; ``impaired`` is ``"true"``,
    ``"false"`` or ``"mixed"``; ``hours_after_dose`` is None where the study does not say."""

    drug: str
    relative_dose: float
    relative_dose_basis: str
    hours_after_dose: float | None
    test: str
    impaired: str
    effect: float | None
    effect_measure: str
    n: int | None
    source: SourceRef
    notes: str = ""
    line: int = 0


def parse_studies(
    folder: Traversable,
    drugs: Mapping[str, Compound],
    links: Sequence[Link],
    sources: Mapping[str, Source],
) -> tuple[tuple[Observation, ...], tuple[NextDayStudy, ...]]:
    """Both files, validated (both must be present)."""
    observations = tuple(_observations(folder, drugs, links, sources))
    studies = tuple(_next_day(folder, drugs, sources))
    return observations, studies


def _whole(cell: Cells, column: str) -> int | None:
    if not cell.row[column]:
        return None
    value = cell.number(column)
    if value < 1 or value != math.floor(value):
        raise cell.error(column, f"must be a whole number >= 1, got {cell.row[column]!r}")
    return int(value)


def _optional_hours(cell: Cells, column: str) -> float | None:
    return cell.hours(column) if cell.row[column] else None


def _text(cell: Cells, column: str) -> str:
    if not cell.row[column]:
        raise cell.error(column, f"missing {column.replace('_', ' ')}")
    return cell.row[column]


def _drug(cell: Cells, drugs: Mapping[str, Compound]) -> str:
    drug = cell.name("drug")
    if drug not in drugs:
        raise cell.error("drug", f"unknown drug {drug!r} (not in drugs.csv)")
    return drug


def _observations(
    folder: Traversable,
    drugs: Mapping[str, Compound],
    links: Sequence[Link],
    sources: Mapping[str, Source],
) -> list[Observation]:
    out: list[Observation] = []
    for line, row in read_rows(folder, OBSERVATIONS_FILE, OBSERVATION_COLUMNS):
        cell = Cells(OBSERVATIONS_FILE, line, row, sources)
        obs_id = row["id"]
        if not SOURCE_ID.match(obs_id):
            raise cell.error("id", f"{obs_id!r} is not a slug of a-z, 0-9 and _")
        if any(o.obs_id == obs_id for o in out):
            raise cell.error("id", f"{obs_id!r} appears twice")
        drug = _drug(cell, drugs)
        compound = cell.name("compound")
        active = formed_from(drug, links) | ({drug} if not drugs[drug].prodrug else set())
        if compound not in active:
            raise cell.error(
                "compound", f"{compound!r} is neither {drug!r} nor an active compound it forms"
            )
        quantity = cell.choice("quantity", QUANTITIES)
        code = cell.choice("definition_code", DEFINITIONS[quantity])
        observed = cell.number("observed")
        if observed <= 0:
            raise cell.error("observed", f"must be > 0, got {observed:g}")
        nights = _whole(cell, "nights")
        hours = _optional_hours(cell, "hours_after_dose")
        interval = _optional_hours(cell, "interval_h")
        if quantity in _SCHEDULED:
            if nights is None:
                raise cell.error("nights", f"{quantity} needs the number of days of dosing")
            if interval is None:
                raise cell.error("interval_h", f"{quantity} needs the dose interval")
        if interval is not None:
            per_day = _HOURS_PER_DAY / interval
            if interval > _HOURS_PER_DAY or abs(per_day - round(per_day)) > 1e-9:
                raise cell.error(
                    "interval_h", f"{interval:g} h does not divide a day into whole doses"
                )
            if hours is not None and hours > interval:
                raise cell.error(
                    "hours_after_dose", f"{hours:g} h lies beyond the dose interval {interval:g} h"
                )
        if quantity == "fraction_of_peak_at_hour" and hours is None:
            raise cell.error("hours_after_dose", f"{quantity} needs the hours after the dose")
        out.append(
            Observation(
                obs_id,
                drug,
                compound,
                quantity,
                _text(cell, "definition"),
                code,
                _text(cell, "group"),
                _optional_hours(cell, "group_half_life_h"),
                observed,
                nights,
                hours,
                interval,
                cell.source_ref("source"),
                row["notes"],
            )
        )
    return out


def _next_day(
    folder: Traversable, drugs: Mapping[str, Compound], sources: Mapping[str, Source]
) -> list[NextDayStudy]:
    out: list[NextDayStudy] = []
    for line, row in read_rows(folder, NEXT_DAY_FILE, NEXT_DAY_COLUMNS):
        cell = Cells(NEXT_DAY_FILE, line, row, sources)
        drug = _drug(cell, drugs)
        relative = cell.number("relative_dose")
        if relative <= 0:
            raise cell.error("relative_dose", f"must be > 0, got {relative:g}")
        basis = _text(cell, "relative_dose_basis")
        hours = _optional_hours(cell, "hours_after_dose")
        test = _text(cell, "test")
        impaired = cell.choice("impaired", IMPAIRED)
        effect = cell.number("effect") if row["effect"] else None
        if effect is not None and not row["effect_measure"]:
            raise cell.error("effect_measure", "an effect needs its measure")
        out.append(
            NextDayStudy(
                drug,
                relative,
                basis,
                hours,
                test,
                impaired,
                effect,
                row["effect_measure"],
                _whole(cell, "n"),
                cell.source_ref("source"),
                row["notes"],
                line,
            )
        )
    return out
