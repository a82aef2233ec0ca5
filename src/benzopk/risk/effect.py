"""An ILLUSTRATIVE concentration–effect curve (Hill/Emax, relative units, not measured for
any drug): it shows why the same extra amount matters more on the steep part of a curve.
Teaching model — NOT FOR DOSING. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..model import FloatArray

__all__ = [
    "ILLUSTRATIVE_A50",
    "ILLUSTRATIVE_HILL",
    "ILLUSTRATIVE_THRESHOLD",
    "amount_for_effect",
    "illustrative_effect",
]

#: The illustrative Hill curve: effect = A^n / (A^n + A50^n). Invented, relative units (A is
#: the fraction of one dose in the body); NOT measured for any drug.
ILLUSTRATIVE_A50 = 0.5
ILLUSTRATIVE_HILL = 2.0
#: An illustrative effect level (fraction of the maximum effect), marked on the curve.
ILLUSTRATIVE_THRESHOLD = 0.25

# ---------------------------------------------------------------------------------------
# The illustrative concentration–effect curve
# ---------------------------------------------------------------------------------------


def illustrative_effect(
    amount: ArrayLike, a50: float = ILLUSTRATIVE_A50, hill: float = ILLUSTRATIVE_HILL
) -> FloatArray:
    """Hill (Emax) curve ``A^n / (A^n + A50^n)``: fraction of the maximum effect (0–1).

    ILLUSTRATIVE, not measured: ``amount`` in fractions of one dose, ``a50`` the amount
    giving half the maximum effect, ``hill`` the steepness ``n`` (1 = plain Emax).
    """
    if not a50 > 0 or not hill > 0:
        raise ValueError("a50 and hill must be > 0")
    a = np.asarray(amount, dtype=float)
    if np.any(a < 0):
        raise ValueError("amounts must be >= 0")
    # A^n/(A^n + A50^n) = 1/(1 + (A50/A)^n), written to avoid overflow for large A.
    with np.errstate(divide="ignore"):
        ratio = np.where(a > 0, (a50 / np.where(a > 0, a, 1.0)) ** hill, np.inf)
    return np.asarray(1.0 / (1.0 + ratio), dtype=float)


def amount_for_effect(
    effect: float, a50: float = ILLUSTRATIVE_A50, hill: float = ILLUSTRATIVE_HILL
) -> float:
    """Inverse of :func:`illustrative_effect`: ``A50 · (E/(1−E))^(1/n)``, for 0 < E < 1."""
    if not 0 < effect < 1:
        raise ValueError("effect must be between 0 and 1")
    if not a50 > 0 or not hill > 0:
        raise ValueError("a50 and hill must be > 0")
    return float(a50 * (effect / (1.0 - effect)) ** (1.0 / hill))
