"""Load and validate the cited dataset in ``data/``.

Eight plain CSV files (see ``data/README.md``, the data dictionary): drugs, metabolites,
links, sources, modifiers, claims, and the observations and next-day studies that the model
is checked against (:mod:`benzopk.studies`). Every number must carry a source that ``sources.csv``
lists. Anything invalid raises :class:`DataError`, whose
message names the file, the row (its line number in the file; the header is line 1) and
the column. Loading parses text only: no pickle, no eval.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .cells import (
    SOURCE_ID,
    Cells,
    as_traversable,
    check_acyclic,
    formed_from,
    parse_sources,
    read_rows,
)
from .records import (
    BOOLEANS,
    CLAIMS_FILE,
    CLEARANCE_MEASURES,
    DRUG_CLASSES,
    DRUGS_FILE,
    EXPOSURE_BASES,
    FRACTION_BASES,
    LINKS_FILE,
    METABOLISM_ROUTES,
    METABOLITE_CLASS,
    METABOLITES_FILE,
    MODIFIER_BASES,
    MODIFIER_KINDS,
    MODIFIERS_FILE,
    RANGE_KINDS,
    SOURCES_FILE,
    STUDY_ROUTES,
    Claim,
    Compound,
    DataError,
    Dataset,
    HalfLife,
    Link,
    Modifier,
    Source,
    SourceRef,
)
from .studies import parse_studies

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

# A bioavailability ratio derived as AUC ratio ÷ half-life ratio is stored rounded.
_DERIVED_RATIO_TOLERANCE = 0.006


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
    """Read and validate the CSV files; raise :class:`DataError` on the first problem."""
    folder: Traversable = data_directory() if directory is None else as_traversable(directory)
    sources = {
        source.source_id: source
        for source in parse_sources(read_rows(folder, SOURCES_FILE, SOURCE_COLUMNS))
    }
    drugs: dict[str, Compound] = {}
    drug_lines: dict[str, int] = {}
    for line, row in read_rows(folder, DRUGS_FILE, DRUG_COLUMNS):
        cell = Cells(DRUGS_FILE, line, row, sources)
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
    for line, row in read_rows(folder, METABOLITES_FILE, METABOLITE_COLUMNS):
        cell = Cells(METABOLITES_FILE, line, row, sources)
        name = cell.name("name")
        if name in metabolites or name in drugs:
            raise DataError(METABOLITES_FILE, line, "name", f"{name!r} appears twice")
        metabolites[name] = Compound(name, METABOLITE_CLASS, cell.half_life(), notes=row["notes"])

    links: list[Link] = []
    for line, row in read_rows(folder, LINKS_FILE, LINK_COLUMNS):
        cell = Cells(LINKS_FILE, line, row, sources)
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
    check_acyclic(links)
    modifiers = tuple(_parse_modifiers(folder, drugs, links, sources))
    claims = {claim.claim_id: claim for claim in _parse_claims(folder, sources)}
    observations, next_day = parse_studies(folder, drugs, links, sources)
    return Dataset(
        drugs, metabolites, tuple(links), sources, str(folder), modifiers, claims,
        observations, next_day,
    )  # fmt: skip


def _parse_modifiers(
    folder: Traversable,
    drugs: Mapping[str, Compound],
    links: Sequence[Link],
    sources: Mapping[str, Source],
) -> Iterator[Modifier]:
    for line, row in read_rows(folder, MODIFIERS_FILE, MODIFIER_COLUMNS):
        cell = Cells(MODIFIERS_FILE, line, row, sources)
        drug = cell.name("drug")
        if drug not in drugs:
            raise DataError(MODIFIERS_FILE, line, "drug", f"unknown drug {drug!r}")
        kind = cell.choice("modifier", MODIFIER_KINDS)
        if not row["group"]:
            raise DataError(MODIFIERS_FILE, line, "group", "missing group")
        compound = ""
        if row["compound"]:
            compound = cell.name("compound")
            if compound != drug and compound not in formed_from(drug, links):
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


def _check_exposure(cell: Cells, modifier: Modifier) -> None:
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
    for line, row in read_rows(folder, CLAIMS_FILE, CLAIM_COLUMNS):
        cell = Cells(CLAIMS_FILE, line, row, sources)
        claim_id = row["claim_id"]
        if not SOURCE_ID.match(claim_id):
            raise DataError(CLAIMS_FILE, line, "claim_id", f"{claim_id!r} is not a slug")
        if claim_id in seen:
            raise DataError(CLAIMS_FILE, line, "claim_id", f"{claim_id!r} appears twice")
        seen.add(claim_id)
        if not row["statement"]:
            raise DataError(CLAIMS_FILE, line, "statement", "missing statement")
        yield Claim(claim_id, row["topic"], row["statement"], cell.source_ref("source"))
