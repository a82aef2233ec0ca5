"""benzopk: benzodiazepine pharmacokinetics for teaching.

Published half-lives (``data/``, every value cited) in a one-compartment, first-order model,
in relative units: the fraction of one dose in the body. Teaching model — NOT FOR DOSING.

Layers, imported one way: data → model → scenarios/comparison → plots → widgets / CLI.
"""

from __future__ import annotations

from importlib import metadata

from .comparison import ComparisonCurves, ComparisonSettings, CompoundCurve, compare
from .data import Compound, DataError, Dataset, load_dataset
from .labels import BANNER, LABEL_TEXT
from .model import (
    Compartment,
    LinearSystem,
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
from .scenarios import (
    half_life_at_position,
    hours_to_wake,
    morning_after_rows,
    nightly_dose_times,
    parse_clock,
    simulate_drug,
    system_for_drug,
)

__all__ = [
    "BANNER",
    "LABEL_TEXT",
    "ComparisonCurves",
    "ComparisonSettings",
    "Compartment",
    "Compound",
    "CompoundCurve",
    "DataError",
    "Dataset",
    "LinearSystem",
    "NoAbsorptionRateError",
    "__version__",
    "about",
    "absorption_rate_from_tmax",
    "accumulation_ratio",
    "bateman_amount",
    "compare",
    "elimination_rate",
    "fraction_at_wake_night1",
    "fraction_at_wake_night_n",
    "fraction_at_wake_steady",
    "half_life_at_position",
    "hours_to_fraction_eliminated",
    "hours_to_wake",
    "instant_dose_amount",
    "load_dataset",
    "morning_after_rows",
    "nightly_dose_times",
    "nights_to_fraction_of_steady",
    "parse_clock",
    "simulate_drug",
    "system_for_drug",
]

try:
    __version__ = metadata.version("benzopk")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0+unknown"


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
