"""benzopk: benzodiazepine pharmacokinetics for teaching.

Published half-lives (``data/``, every value cited) in a one-compartment, first-order model,
in relative units: the fraction of one dose in the body. Teaching model — NOT FOR DOSING.

One import is enough: ``import benzopk as bp``. The core is loaded at once — ``data`` (load
and validate), ``model`` and ``formulas`` (the closed forms and the linear-system engine),
``timeline`` (the nightly clock), ``linked`` (a drug with its active metabolites), ``figure``
(the labelled figure base), ``tables`` and ``answers``. One package per course topic is
loaded on first use, so computation alone never imports matplotlib or ipywidgets:

======================  =========  ==========================================================
``bp.nextday``          notebook 01  drugs over nights; what is left at wake-up, per drug
``bp.halflife``         notebook 02  half-life basics
``bp.nightly``          notebook 03  nightly use, accumulation, steady state
``bp.metabolites``      notebook 04  active metabolites
``bp.risk``             notebook 05  age, liver disease, other medicines, sex
``bp.washout``          notebook 06  stopping and washout
``bp.evidence``         notebook 07  does the model hold up? (observations, next-day studies)
``bp.population``       notebook 07  people, not averages (shares above a level at wake-up)
``bp.apps``             —            the command line and the presenter
======================  =========  ==========================================================

Imports point one way: core → topic computation → topic figures/text → widgets → apps.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable
from importlib import metadata
from typing import Any

from .answers import answer
from .data import Compound, DataError, Dataset, load_dataset
from .formulas import (
    NoAbsorptionRateError,
    absorption_rate_from_tmax,
    accumulation_ratio,
    bateman_amount,
    elimination_rate,
    fraction_at_wake_night1,
    fraction_at_wake_night_n,
    fraction_at_wake_steady,
    hours_to_fraction_eliminated,
    instant_dose_amount,
    nights_to_fraction_of_steady,
)
from .labels import BANNER, LABEL_TEXT
from .linked import half_life_at_position, simulate_drug, system_for_drug, with_metabolites
from .model import Compartment, LinearSystem
from .tables import Markdown, citations, claims, half_lives
from .timeline import Timeline, hours_to_wake, nightly_dose_times, parse_clock

#: The course topics, one package each, imported on first use (``bp.washout``).
TOPICS = (
    "nextday",
    "halflife",
    "nightly",
    "metabolites",
    "risk",
    "washout",
    "evidence",
    "population",
    "apps",
)

#: Names kept at the top level for notebook 01 and older notebooks, from their topic module.
_LAZY = {
    "ComparisonCurves": "nextday.compute",
    "ComparisonSettings": "nextday.compute",
    "CompoundCurve": "nextday.compute",
    "compare": "nextday.compute",
    "morning_after_rows": "nextday.morning",
    "drug_wakes": "nextday.morning",
}

__all__ = [
    "BANNER",
    "LABEL_TEXT",
    "TOPICS",
    "ComparisonCurves",
    "ComparisonSettings",
    "Compartment",
    "Compound",
    "CompoundCurve",
    "DataError",
    "Dataset",
    "LinearSystem",
    "NoAbsorptionRateError",
    "Timeline",
    "__version__",
    "about",
    "absorption_rate_from_tmax",
    "accumulation_ratio",
    "answer",
    "bateman_amount",
    "citations",
    "claims",
    "compare",
    "drug_wakes",
    "elimination_rate",
    "fraction_at_wake_night1",
    "fraction_at_wake_night_n",
    "fraction_at_wake_steady",
    "half_life_at_position",
    "half_lives",
    "hours_to_fraction_eliminated",
    "hours_to_wake",
    "instant_dose_amount",
    "load_dataset",
    "morning_after_rows",
    "nightly_dose_times",
    "nights_to_fraction_of_steady",
    "parse_clock",
    "simulate_drug",
    "sources",
    "system_for_drug",
    "with_metabolites",
]

try:
    __version__ = metadata.version("benzopk")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0+unknown"


def __getattr__(name: str) -> Any:
    """Topic packages (``bp.risk``) and notebook 01's names, imported on first use."""
    if name in TOPICS:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *TOPICS, *_LAZY})


def sources(
    dataset: Dataset, names: Iterable[str] | None = None, modifiers: bool = False
) -> Markdown:
    """The closing "Sources" section of a notebook: the documents behind the values of
    ``names`` (:func:`citations`) and the versions the notebook ran with (:func:`about`)."""
    return Markdown(
        "## Sources\n\nEvery value above comes from `data/`; the documents behind it (a cited "
        "statement names its own source where it is quoted):\n\n"
        + citations(dataset, names, modifiers)
        + f"\n*{html.escape(about())}*\n"
    )


def about() -> str:
    """Versions of benzopk and the libraries it uses, for the last cell of a notebook."""
    import platform

    parts = [f"benzopk {__version__}", f"Python {platform.python_version()}"]
    for name in ("numpy", "matplotlib", "ipywidgets"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    return "; ".join(parts)
