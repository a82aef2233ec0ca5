"""The validated dataset as records: what a drug, a metabolite, a link, a modifier, a
claim and a source are, and the vocabularies their columns take. Loading and validation
live in :mod:`benzopk.data`. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .studies import NextDayStudy, Observation

__all__ = [
    "DRUG_CLASSES",
    "RANGE_KINDS",
    "Claim",
    "Compound",
    "DataError",
    "Dataset",
    "HalfLife",
    "Link",
    "Modifier",
    "Source",
    "SourceRef",
]

DRUG_CLASSES = ("benzodiazepine", "z-drug")

METABOLITE_CLASS = "active metabolite"

HALF_LIFE_BASES = ("published", "geometric mean of range")

FRACTION_BASES = ("published", "assumption")

# What a half-life range is: the spread between people, or a range of study means.
RANGE_KINDS = ("individual", "study_means")

METABOLISM_ROUTES = ("oxidation", "nitroreduction", "glucuronidation", "decarboxylation")

BOOLEANS = ("true", "false")

DRUGS_FILE = "drugs.csv"

METABOLITES_FILE = "metabolites.csv"

LINKS_FILE = "metabolite_links.csv"

SOURCES_FILE = "sources.csv"

MODIFIERS_FILE = "modifiers.csv"

CLAIMS_FILE = "claims.csv"

MODIFIER_KINDS = ("older age", "liver impairment", "cyp3a4 inhibitor", "sex")

MODIFIER_BASES = (
    "published half-life",
    "published fold change in half-life",
    "from AUC/clearance ratio",
    "half-life unchanged",
)

STUDY_ROUTES = ("oral", "intravenous")

EXPOSURE_BASES = (
    "published bioavailability",
    "derived from AUC and half-life ratios",
    "published AUC ratio",
)

CLEARANCE_MEASURES = ("CL", "CL/F")


class DataError(ValueError):
    """Invalid data: the message names the file, row (line number) and column."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class SourceRef:
    """Where a value stands: a ``sources.csv`` id and the section/table within it."""

    source_id: str
    section: str


@dataclass(frozen=True)
class Source:
    """One cited document."""

    source_id: str
    citation: str
    url: str


@dataclass(frozen=True)
class HalfLife:
    """Elimination half-life (hours): typical value and published range, with sources.

    ``range_kind`` says what the range is: ``"individual"`` (lowest to highest value seen in
    people, the between-person spread) or ``"study_means"`` (the range of means across
    studies); ``""`` where no range is published (then min = max = typical).
    """

    typical_h: float
    min_h: float
    max_h: float
    basis: str
    source: SourceRef
    range_source: SourceRef | None
    range_kind: str = ""
    range_max_source: SourceRef | None = None

    @property
    def range_published(self) -> bool:
        """False where no source gives a range (then min = max = typical)."""
        return self.range_source is not None

    @property
    def individual_range(self) -> bool:
        """True where the range is the spread between people (drawn as a band, moved by the
        range slider); a range of study means is not."""
        return self.range_kind == "individual"

    @property
    def person_min_h(self) -> float:
        """Shortest half-life seen in a person, or the typical value without such a range."""
        return self.min_h if self.individual_range else self.typical_h

    @property
    def person_max_h(self) -> float:
        """Longest half-life seen in a person, or the typical value without such a range."""
        return self.max_h if self.individual_range else self.typical_h

    @property
    def derived(self) -> bool:
        """True where the typical value is the geometric mean of the range."""
        return self.basis == "geometric mean of range"

    @property
    def range_sources(self) -> tuple[SourceRef, ...]:
        """The source of the range's minimum, and of its maximum where that differs."""
        refs = [ref for ref in (self.range_source, self.range_max_source) if ref is not None]
        return tuple(dict.fromkeys(refs))


@dataclass(frozen=True)
class Compound:
    """A drug or an active metabolite.

    ``prodrug``: the dose enters the body as what the drug forms (its links), not as the
    drug itself. ``metabolism_route`` (cited) and ``bioavailability`` (oral, cited, or None
    where none is published) are for drugs only.
    """

    name: str
    drug_class: str
    half_life: HalfLife
    tmax_h: float | None = None
    tmax_source: SourceRef | None = None
    notes: str = ""
    prodrug: bool = False
    metabolism_route: str = ""
    metabolism_source: SourceRef | None = None
    bioavailability: float | None = None
    bioavailability_source: SourceRef | None = None

    @property
    def is_metabolite(self) -> bool:
        return self.drug_class == METABOLITE_CLASS


@dataclass(frozen=True)
class Link:
    """A parent forms a metabolite from ``fraction`` of its elimination."""

    parent: str
    metabolite: str
    fraction: float
    basis: str
    source: SourceRef | None
    notes: str

    @property
    def is_assumption(self) -> bool:
        return self.basis == "assumption"


@dataclass(frozen=True)
class Modifier:
    """How a condition changes a drug: its half-life and what reaches the body (exposure).

    The half-life is a published value in the group (``half_life_h``, optional range, and
    the same study's comparison group ``control_half_life_h``), a fold change
    (``multiplier``), or unchanged. ``compound`` is the compound the half-life belongs to
    (the drug itself, or one of its active metabolites). Exposure: oral bioavailability in
    the group and the comparison group, or an AUC ratio, as ``exposure_basis`` says.
    """

    drug: str
    kind: str
    group: str
    half_life_h: float | None
    min_h: float | None
    max_h: float | None
    multiplier: float | None
    basis: str
    source: SourceRef
    notes: str
    control_half_life_h: float | None = None
    compound: str = ""
    route: str = "oral"
    auc_ratio: float | None = None
    bioavailability_control: float | None = None
    bioavailability_group: float | None = None
    exposure_basis: str = ""
    clearance_measure: str = ""

    @property
    def compound_name(self) -> str:
        """The compound whose half-life the row is about (the drug unless stated)."""
        return self.compound or self.drug

    @property
    def fold_change(self) -> float | None:
        """Half-life in the group over the study's own comparison group (or the published
        multiplier; 1 where the study found it unchanged); None where it gives neither."""
        if self.basis == "half-life unchanged":
            return 1.0
        if self.multiplier is not None:
            return self.multiplier
        if self.half_life_h is not None and self.control_half_life_h is not None:
            return self.half_life_h / self.control_half_life_h
        return None

    @property
    def exposure_ratio(self) -> float:
        """How much more of a dose reaches the body in the group than in the comparison
        group (1 where no exposure change is recorded).

        ``published bioavailability``: F(group) ÷ F(control). ``derived from AUC and
        half-life ratios``: AUC ratio ÷ half-life ratio (volume assumed unchanged).
        ``published AUC ratio``: the AUC ratio itself, for apparent-clearance (CL/F) studies
        that do not separate bioavailability from clearance and volume.
        """
        if self.exposure_basis == "published bioavailability":
            assert self.bioavailability_group is not None
            assert self.bioavailability_control is not None
            return self.bioavailability_group / self.bioavailability_control
        if self.exposure_basis == "derived from AUC and half-life ratios":
            assert self.auc_ratio is not None and self.fold_change is not None
            return self.auc_ratio / self.fold_change
        if self.exposure_basis == "published AUC ratio":
            assert self.auc_ratio is not None
            return self.auc_ratio
        return 1.0

    @property
    def label(self) -> str:
        return f"{self.drug}: {self.kind}, {self.group}"

    def half_life_for(self, typical_h: float) -> float:
        """Half-life (h) in the group: the published value, ``typical_h × multiplier``, or
        ``typical_h`` where the study found the half-life unchanged."""
        if self.half_life_h is not None:
            return self.half_life_h
        if self.multiplier is None:
            return typical_h
        return typical_h * self.multiplier


@dataclass(frozen=True)
class Claim:
    """A cited sentence of clinical context (no numbers), shown in the notebooks."""

    claim_id: str
    topic: str
    statement: str
    source: SourceRef


@dataclass(frozen=True)
class Dataset:
    """The validated dataset."""

    drugs: Mapping[str, Compound]
    metabolites: Mapping[str, Compound]
    links: tuple[Link, ...]
    sources: Mapping[str, Source]
    directory: str
    modifiers: tuple[Modifier, ...] = ()
    claims: Mapping[str, Claim] = field(default_factory=dict)
    observations: tuple[Observation, ...] = ()
    next_day_studies: tuple[NextDayStudy, ...] = ()

    def modifiers_for(self, drug: str) -> list[Modifier]:
        """The modifiers recorded for ``drug``."""
        name = self.compound(drug).name
        return [m for m in self.modifiers if m.drug == name]

    def claim(self, claim_id: str) -> Claim:
        """A cited clinical-context sentence by id."""
        if claim_id not in self.claims:
            raise ValueError(f"unknown claim {claim_id!r}")
        return self.claims[claim_id]

    def compound(self, name: str) -> Compound:
        """A drug or metabolite by (case-insensitive) name."""
        key = name.strip().lower()
        if key in self.drugs:
            return self.drugs[key]
        if key in self.metabolites:
            return self.metabolites[key]
        known = ", ".join(sorted(self.drugs))
        raise ValueError(f"unknown drug {name!r}; known drugs: {known}")

    @property
    def compounds(self) -> dict[str, Compound]:
        """Every drug and metabolite by name."""
        return {**self.drugs, **self.metabolites}

    def links_from(self, name: str) -> list[Link]:
        """Links whose parent is ``name``."""
        return [link for link in self.links if link.parent == name]

    def metabolite_tree(self, drug: str) -> list[Link]:
        """Links below ``drug``, parents before children (depth first)."""
        out: list[Link] = []

        def walk(parent: str) -> None:
            for link in self.links_from(parent):
                out.append(link)
                walk(link.metabolite)

        walk(self.compound(drug).name)
        return out

    def parents_of(self, metabolite: str) -> list[str]:
        """Compounds that form ``metabolite``."""
        return [link.parent for link in self.links if link.metabolite == metabolite]

    def references(self) -> Iterator[tuple[str, str, SourceRef]]:
        """Every (compound or link, value name, source) triple: which values a source supports."""
        for compound in self.compounds.values():
            half_life = compound.half_life
            yield compound.name, "half-life (typical)", half_life.source
            kind = half_life.range_kind.replace("_", " ")
            for ref in half_life.range_sources:
                yield compound.name, f"half-life range ({kind})", ref
            if compound.tmax_source is not None:
                yield compound.name, "time to peak", compound.tmax_source
            if compound.metabolism_source is not None:
                yield compound.name, "metabolism route", compound.metabolism_source
            if compound.bioavailability_source is not None:
                yield compound.name, "oral bioavailability", compound.bioavailability_source
        for link in self.links:
            if link.source is not None:
                yield f"{link.parent} → {link.metabolite}", "fraction converted", link.source
        for modifier in self.modifiers:
            yield modifier.drug, f"modifier, {modifier.kind} ({modifier.group})", modifier.source
        for claim in self.claims.values():
            yield f"claim {claim.claim_id}", claim.statement, claim.source
        for obs in self.observations:
            yield f"observation {obs.obs_id}", f"{obs.drug}: {obs.quantity}", obs.source
        for study in self.next_day_studies:
            yield f"next-day study ({study.drug})", study.test, study.source
