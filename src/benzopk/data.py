"""Load and validate the cited dataset in ``data/``.

Four plain CSV files (see ``data/README.md``, the data dictionary): ``drugs.csv``,
``metabolites.csv``, ``metabolite_links.csv`` and ``sources.csv``. Every number must carry
a source that ``sources.csv`` lists. Anything invalid raises :class:`DataError`, whose
message names the file, the row (its line number in the file; the header is line 1) and
the column. Loading parses text only: no pickle, no eval.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

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
    "data_directory",
    "load_dataset",
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

_HALF_LIFE_COLUMNS = (
    "half_life_h",
    "half_life_min_h",
    "half_life_max_h",
    "half_life_range_kind",
    "half_life_basis",
    "half_life_source_id",
    "half_life_source_section",
    "range_source_id",
    "range_source_section",
    "range_max_source_id",
    "range_max_source_section",
)
DRUG_COLUMNS = (
    "name",
    "class",
    "prodrug",
    *_HALF_LIFE_COLUMNS,
    "tmax_h",
    "tmax_source_id",
    "tmax_source_section",
    "metabolism_route",
    "metabolism_source_id",
    "metabolism_source_section",
    "bioavailability",
    "bioavailability_source_id",
    "bioavailability_source_section",
    "notes",
)
METABOLITE_COLUMNS = ("name", *_HALF_LIFE_COLUMNS, "notes")
LINK_COLUMNS = (
    "parent",
    "metabolite",
    "fraction_converted",
    "fraction_basis",
    "fraction_source_id",
    "fraction_source_section",
    "notes",
)
SOURCE_COLUMNS = ("source_id", "citation", "url")
MODIFIER_COLUMNS = (
    "drug",
    "modifier",
    "group",
    "compound",
    "route",
    "half_life_h",
    "half_life_min_h",
    "half_life_max_h",
    "control_half_life_h",
    "multiplier",
    "basis",
    "auc_ratio",
    "bioavailability_control",
    "bioavailability_group",
    "exposure_basis",
    "clearance_measure",
    "source_id",
    "source_section",
    "notes",
)
CLAIM_COLUMNS = ("claim_id", "topic", "statement", "source_id", "source_section")
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
# A bioavailability ratio derived as AUC ratio ÷ half-life ratio is stored rounded.
_DERIVED_RATIO_TOLERANCE = 0.006

_NAME = re.compile(r"^[a-z0-9][a-z0-9 \-]*$")
_SOURCE_ID = re.compile(r"^[a-z0-9_]+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Geometric means are stored rounded to 3 significant digits.
_GEOMETRIC_MEAN_TOLERANCE = 0.006


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


def data_directory() -> Traversable:
    """The data folder: ``benzopk/data`` inside an installed wheel, else the repository's
    top-level ``data/`` (a source checkout or an editable install)."""
    packaged = resources.files("benzopk") / "data"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "benzopk's data folder was not found: neither benzopk/data in the installed package "
        f"nor {checkout}"
    )


def load_dataset(directory: str | Path | Traversable | None = None) -> Dataset:
    """Read and validate the four CSV files; raise :class:`DataError` on the first problem."""
    folder: Traversable = data_directory() if directory is None else _as_traversable(directory)
    sources = {
        source.source_id: source
        for source in _parse_sources(_read_rows(folder, SOURCES_FILE, SOURCE_COLUMNS))
    }
    drugs: dict[str, Compound] = {}
    drug_lines: dict[str, int] = {}
    for line, row in _read_rows(folder, DRUGS_FILE, DRUG_COLUMNS):
        cell = _Cells(DRUGS_FILE, line, row, sources)
        name = cell.name("name")
        drug_class = cell.choice("class", DRUG_CLASSES)
        prodrug = cell.choice("prodrug", BOOLEANS) == "true"
        half_life = cell.half_life()
        tmax, tmax_source = cell.optional_value_with_source("tmax_h", "tmax_source")
        route, route_source = "", None
        if row["metabolism_route"] or row["metabolism_source_id"]:
            route = cell.choice("metabolism_route", METABOLISM_ROUTES)
            route_source = cell.source_ref("metabolism_source")
        bioavailability, bioavailability_source = cell.optional_value_with_source(
            "bioavailability", "bioavailability_source", fraction=True
        )
        if name in drugs:
            raise DataError(DRUGS_FILE, line, "name", f"{name!r} appears twice")
        drug_lines[name] = line
        drugs[name] = Compound(
            name, drug_class, half_life, tmax, tmax_source, row["notes"], prodrug,
            route, route_source, bioavailability, bioavailability_source,
        )  # fmt: skip

    metabolites: dict[str, Compound] = {}
    for line, row in _read_rows(folder, METABOLITES_FILE, METABOLITE_COLUMNS):
        cell = _Cells(METABOLITES_FILE, line, row, sources)
        name = cell.name("name")
        if name in metabolites or name in drugs:
            raise DataError(METABOLITES_FILE, line, "name", f"{name!r} appears twice")
        metabolites[name] = Compound(name, METABOLITE_CLASS, cell.half_life(), notes=row["notes"])

    links: list[Link] = []
    for line, row in _read_rows(folder, LINKS_FILE, LINK_COLUMNS):
        cell = _Cells(LINKS_FILE, line, row, sources)
        parent = cell.name("parent")
        if parent not in drugs and parent not in metabolites:
            raise DataError(
                LINKS_FILE,
                line,
                "parent",
                f"unknown parent {parent!r} (not in drugs or metabolites)",
            )
        metabolite = cell.name("metabolite")
        if metabolite not in metabolites:
            raise DataError(LINKS_FILE, line, "metabolite", f"unknown metabolite {metabolite!r}")
        if parent == metabolite:
            raise DataError(LINKS_FILE, line, "metabolite", "a compound cannot form itself")
        if any(link.parent == parent and link.metabolite == metabolite for link in links):
            raise DataError(LINKS_FILE, line, "metabolite", "this link appears twice")
        fraction = cell.number("fraction_converted")
        if not 0 < fraction <= 1:
            raise DataError(
                LINKS_FILE, line, "fraction_converted", f"must be in (0, 1], got {fraction:g}"
            )
        basis = cell.choice("fraction_basis", FRACTION_BASES)
        source: SourceRef | None = None
        if row["fraction_source_id"] or basis == "published":
            source = cell.source_ref("fraction_source")
        if basis == "assumption" and not row["notes"]:
            raise DataError(
                LINKS_FILE, line, "notes", "an assumed fraction needs a note saying why"
            )
        links.append(Link(parent, metabolite, fraction, basis, source, row["notes"]))
        total = sum(link.fraction for link in links if link.parent == parent)
        if total > 1 + 1e-9:
            raise DataError(
                LINKS_FILE,
                line,
                "fraction_converted",
                f"fractions formed from {parent!r} add up to {total:g} > 1",
            )

    for name in metabolites:
        if not any(link.metabolite == name for link in links):
            raise DataError(
                METABOLITES_FILE, None, "name", f"metabolite {name!r} has no parent link"
            )
    for name, drug in drugs.items():
        if drug.prodrug and not any(link.parent == name for link in links):
            raise DataError(
                DRUGS_FILE,
                drug_lines[name],
                "prodrug",
                f"prodrug {name!r} forms no metabolite in {LINKS_FILE}",
            )
    _check_acyclic(links)
    modifiers = tuple(_parse_modifiers(folder, drugs, links, sources))
    claims = {claim.claim_id: claim for claim in _parse_claims(folder, sources)}
    return Dataset(drugs, metabolites, tuple(links), sources, str(folder), modifiers, claims)


def _parse_modifiers(
    folder: Traversable,
    drugs: Mapping[str, Compound],
    links: Sequence[Link],
    sources: Mapping[str, Source],
) -> Iterator[Modifier]:
    for line, row in _read_rows(folder, MODIFIERS_FILE, MODIFIER_COLUMNS):
        cell = _Cells(MODIFIERS_FILE, line, row, sources)
        drug = cell.name("drug")
        if drug not in drugs:
            raise DataError(MODIFIERS_FILE, line, "drug", f"unknown drug {drug!r}")
        kind = cell.choice("modifier", MODIFIER_KINDS)
        if not row["group"]:
            raise DataError(MODIFIERS_FILE, line, "group", "missing group")
        compound = ""
        if row["compound"]:
            compound = cell.name("compound")
            if compound != drug and compound not in _formed_from(drug, links):
                raise DataError(
                    MODIFIERS_FILE, line, "compound",
                    f"{compound!r} is neither {drug!r} nor a metabolite it forms",
                )  # fmt: skip
        route = cell.choice("route", STUDY_ROUTES)
        basis = cell.choice("basis", MODIFIER_BASES)
        half_life = low = high = multiplier = None
        if basis == "published half-life":
            half_life = cell.hours("half_life_h")
            if row["multiplier"]:
                raise DataError(
                    MODIFIERS_FILE, line, "multiplier", "give a half-life or a multiplier, not both"
                )
            if row["half_life_min_h"] or row["half_life_max_h"]:
                low, high = cell.hours("half_life_min_h"), cell.hours("half_life_max_h")
                if low > high:
                    raise DataError(
                        MODIFIERS_FILE, line, "half_life_min_h",
                        f"range is reversed: min {low:g} > max {high:g}",
                    )  # fmt: skip
                if not low <= half_life <= high:
                    raise DataError(
                        MODIFIERS_FILE, line, "half_life_h",
                        f"{half_life:g} h lies outside its range {low:g}–{high:g} h",
                    )  # fmt: skip
        elif basis == "half-life unchanged":
            for column in ("half_life_h", "multiplier", "half_life_min_h", "half_life_max_h"):
                if row[column]:
                    raise DataError(
                        MODIFIERS_FILE, line, column,
                        "a half-life found unchanged takes no half-life or multiplier",
                    )  # fmt: skip
            if not row["exposure_basis"]:
                raise DataError(
                    MODIFIERS_FILE, line, "exposure_basis",
                    "a row with an unchanged half-life must record the exposure change",
                )  # fmt: skip
        else:
            multiplier = cell.number("multiplier")
            if multiplier <= 0:
                raise DataError(MODIFIERS_FILE, line, "multiplier", "must be > 0")
            if row["half_life_h"]:
                raise DataError(
                    MODIFIERS_FILE,
                    line,
                    "half_life_h",
                    "give a half-life or a multiplier, not both",
                )
            if basis == "from AUC/clearance ratio" and "volume" not in row["notes"].lower():
                raise DataError(
                    MODIFIERS_FILE, line, "notes",
                    "a multiplier derived from AUC/clearance must state what it assumes "
                    "about the volume of distribution",
                )  # fmt: skip
        control = None
        if row["control_half_life_h"]:
            if half_life is None:
                raise DataError(
                    MODIFIERS_FILE, line, "control_half_life_h",
                    "a comparison-group half-life goes with a published half-life",
                )  # fmt: skip
            control = cell.hours("control_half_life_h")
        auc_ratio = cell.optional_number("auc_ratio")
        f_control = f_group = None
        if row["bioavailability_control"] or row["bioavailability_group"]:
            f_control = cell.fraction("bioavailability_control")
            f_group = cell.fraction("bioavailability_group")
        exposure_basis = ""
        if row["exposure_basis"]:
            exposure_basis = cell.choice("exposure_basis", EXPOSURE_BASES)
        clearance_measure = ""
        if row["clearance_measure"]:
            clearance_measure = cell.choice("clearance_measure", CLEARANCE_MEASURES)
        source = cell.source_ref("source")
        modifier = Modifier(
            drug, kind, row["group"], half_life, low, high, multiplier, basis, source,
            row["notes"], control, compound, route, auc_ratio, f_control, f_group,
            exposure_basis, clearance_measure,
        )  # fmt: skip
        _check_exposure(cell, modifier)
        yield modifier


def _formed_from(drug: str, links: Sequence[Link]) -> set[str]:
    """Every compound reachable from ``drug`` through the links."""
    found: set[str] = set()
    frontier = [drug]
    while frontier:
        parent = frontier.pop()
        for link in links:
            if link.parent == parent and link.metabolite not in found:
                found.add(link.metabolite)
                frontier.append(link.metabolite)
    return found


def _check_exposure(cell: _Cells, modifier: Modifier) -> None:
    """The exposure columns must hold what ``exposure_basis`` needs, and nothing it ignores."""
    basis = modifier.exposure_basis
    if basis == "published bioavailability" and modifier.bioavailability_group is None:
        raise cell.error("bioavailability_group", "published bioavailability needs both values")
    needs_auc = basis in ("derived from AUC and half-life ratios", "published AUC ratio")
    if needs_auc and modifier.auc_ratio is None:
        raise cell.error("auc_ratio", f"{basis!r} needs the published AUC ratio")
    if basis == "derived from AUC and half-life ratios":
        if modifier.fold_change is None or modifier.basis == "half-life unchanged":
            raise cell.error(
                "exposure_basis", "deriving bioavailability needs a published half-life change"
            )
        if "volume" not in modifier.notes.lower():
            raise cell.error(
                "notes",
                "a bioavailability ratio derived from AUC and half-life ratios must state "
                "what it assumes about the volume of distribution",
            )
    if basis == "published AUC ratio" and modifier.clearance_measure != "CL/F":
        raise cell.error(
            "clearance_measure", "an AUC ratio without bioavailability comes from CL/F studies"
        )


def _parse_claims(folder: Traversable, sources: Mapping[str, Source]) -> Iterator[Claim]:
    seen: set[str] = set()
    for line, row in _read_rows(folder, CLAIMS_FILE, CLAIM_COLUMNS):
        cell = _Cells(CLAIMS_FILE, line, row, sources)
        claim_id = row["claim_id"]
        if not _SOURCE_ID.match(claim_id):
            raise DataError(CLAIMS_FILE, line, "claim_id", f"{claim_id!r} is not a slug")
        if claim_id in seen:
            raise DataError(CLAIMS_FILE, line, "claim_id", f"{claim_id!r} appears twice")
        seen.add(claim_id)
        if not row["statement"]:
            raise DataError(CLAIMS_FILE, line, "statement", "missing statement")
        yield Claim(claim_id, row["topic"], row["statement"], cell.source_ref("source"))


def _as_traversable(directory: str | Path | Traversable) -> Traversable:
    if isinstance(directory, str | Path):
        return Path(directory)
    return directory


def _read_rows(
    folder: Traversable, file: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts of stripped strings, with their line numbers (header = line 1)."""
    path = folder / file
    if not path.is_file():
        raise DataError(file, None, None, f"file is missing from {folder}")
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise DataError(file, 1, None, "file is empty (no header)")
    header = [h.strip() for h in header]
    for column in columns:
        if column not in header:
            raise DataError(file, 1, column, "required column is missing from the header")
    for column in header:
        if column not in columns:
            raise DataError(file, 1, column, f"unknown column; expected {', '.join(columns)}")
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                file, line, None, f"has {len(cells)} cells, the header has {len(header)}"
            )
        yield line, {h: c.strip() for h, c in zip(header, cells, strict=True)}


def _parse_sources(rows: Iterator[tuple[int, dict[str, str]]]) -> Iterator[Source]:
    seen: set[str] = set()
    for line, row in rows:
        source_id = row["source_id"]
        if not _SOURCE_ID.match(source_id):
            raise DataError(
                SOURCES_FILE, line, "source_id", f"{source_id!r} is not a slug of a-z, 0-9 and _"
            )
        if source_id in seen:
            raise DataError(SOURCES_FILE, line, "source_id", f"{source_id!r} appears twice")
        seen.add(source_id)
        if not row["citation"]:
            raise DataError(SOURCES_FILE, line, "citation", "missing citation")
        url = row["url"]
        if url and not url.startswith("https://") and not url.startswith("http://"):
            raise DataError(SOURCES_FILE, line, "url", f"not a web address: {url!r}")
        yield Source(source_id, row["citation"], url)


class _Cells:
    """Typed access to one row's cells, raising DataError with file/row/column."""

    def __init__(
        self, file: str, line: int, row: dict[str, str], sources: Mapping[str, Source]
    ) -> None:
        self.file, self.line, self.row, self.sources = file, line, row, sources

    def error(self, column: str, problem: str) -> DataError:
        return DataError(self.file, self.line, column, problem)

    def name(self, column: str) -> str:
        value = self.row[column]
        if not value:
            raise self.error(column, "missing name")
        if not _NAME.match(value):
            raise self.error(column, f"{value!r}: names are lower case letters, digits, - or space")
        return value

    def choice(self, column: str, allowed: tuple[str, ...]) -> str:
        value = self.row[column]
        if value not in allowed:
            raise self.error(column, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def number(self, column: str) -> float:
        text = self.row[column]
        if not text:
            raise self.error(column, "missing number")
        if not _NUMBER.match(text):
            if re.match(r"^[+-]?[\d.]+\s*[a-zA-Zµ%/]+", text):
                raise self.error(
                    column,
                    f"{text!r} has a unit in a number cell; write the number only "
                    "(the column name gives the unit: _h = hours)",
                )
            raise self.error(column, f"{text!r} is not a number")
        value = float(text)
        if not math.isfinite(value):
            raise self.error(column, f"{text!r} is not a finite number")
        return value

    def hours(self, column: str) -> float:
        value = self.number(column)
        if value <= 0:
            raise self.error(column, f"must be > 0 hours, got {value:g}")
        return value

    def source_ref(self, prefix: str) -> SourceRef:
        id_column, section_column = f"{prefix}_id", f"{prefix}_section"
        source_id = self.row[id_column]
        if not source_id:
            raise self.error(id_column, "missing source")
        if source_id not in self.sources:
            raise self.error(id_column, f"unknown source {source_id!r} (not in {SOURCES_FILE})")
        section = self.row[section_column]
        if not section:
            raise self.error(section_column, "missing section/table of the source")
        return SourceRef(source_id, section)

    def half_life(self) -> HalfLife:
        typical = self.hours("half_life_h")
        basis = self.choice("half_life_basis", HALF_LIFE_BASES)
        source = self.source_ref("half_life_source")
        if not self.row["half_life_min_h"] and not self.row["half_life_max_h"]:
            # No published range: allowed, but said so, and the typical value must be published.
            for column in ("range_source_id", "range_max_source_id"):
                if self.row[column]:
                    raise self.error("half_life_min_h", "a range source is given but no range")
            if self.row["half_life_range_kind"]:
                raise self.error("half_life_range_kind", "a range kind is given but no range")
            if basis != "published":
                raise self.error("half_life_basis", "a geometric mean needs a range")
            if "range" not in self.row["notes"].lower():
                raise self.error("notes", "without a published range, the notes must say so")
            return HalfLife(typical, typical, typical, basis, source, None)
        low = self.hours("half_life_min_h")
        high = self.hours("half_life_max_h")
        if low > high:
            raise self.error("half_life_min_h", f"range is reversed: min {low:g} > max {high:g}")
        if not low <= typical <= high:
            raise self.error(
                "half_life_h", f"typical {typical:g} h lies outside its range {low:g}–{high:g} h"
            )
        kind = self.choice("half_life_range_kind", RANGE_KINDS)
        if basis == "geometric mean of range":
            if kind != "individual":
                raise self.error(
                    "half_life_basis",
                    "a range of study means needs a cited typical value, not a geometric mean",
                )
            expected = math.sqrt(low * high)
            if abs(typical / expected - 1) > _GEOMETRIC_MEAN_TOLERANCE:
                raise self.error(
                    "half_life_h",
                    f"marked as the geometric mean of the range, which is {expected:.3g}, "
                    f"not {typical:g}",
                )
        max_source = None
        if self.row["range_max_source_id"] or self.row["range_max_source_section"]:
            max_source = self.source_ref("range_max_source")
        return HalfLife(
            typical, low, high, basis, source, self.source_ref("range_source"), kind, max_source
        )

    def optional_value_with_source(
        self, column: str, prefix: str, fraction: bool = False
    ) -> tuple[float | None, SourceRef | None]:
        if not self.row[column]:
            if self.row[f"{prefix}_id"]:
                raise self.error(f"{prefix}_id", f"a source is given but {column} is empty")
            return None, None
        value = self.fraction(column) if fraction else self.hours(column)
        return value, self.source_ref(prefix)

    def fraction(self, column: str) -> float:
        value = self.number(column)
        if not 0 < value <= 1:
            raise self.error(column, f"must be a fraction in (0, 1], got {value:g}")
        return value

    def optional_number(self, column: str) -> float | None:
        if not self.row[column]:
            return None
        value = self.number(column)
        if value <= 0:
            raise self.error(column, f"must be > 0, got {value:g}")
        return value


def _check_acyclic(links: list[Link]) -> None:
    children: dict[str, list[str]] = {}
    for link in links:
        children.setdefault(link.parent, []).append(link.metabolite)

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            cycle = " → ".join((*trail, name))
            raise DataError(LINKS_FILE, None, "metabolite", f"links form a cycle: {cycle}")
        for child in children.get(name, []):
            visit(child, (*trail, name))

    for parent in children:
        visit(parent, ())
