"""The exact share for one compound: a check on the simulation.

For one compound with an instant dose at each bedtime the amount at wake-up after N nights is

.. math::

    A(t_{1/2}) = e^{-kΔ}\\,\\frac{1 - e^{-kτN}}{1 - e^{-kτ}}, \\qquad k = \\ln 2 / t_{1/2},

increasing in t½ (every term ``e^{−k(Δ+jτ)}`` is), from 0 towards N. So with a log-normal
half-life the share above a level is ``P(t½ > t*) = 1 − Φ((ln t* − ln median)/σ)``, where
``A(t*)`` = level: ``t*`` by bisection on ``ln t½``, ``Φ`` through ``math.erfc``. Tests hold
the simulation to it within its sampling error.

Teaching model — NOT FOR DOSING. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math

from ..formulas import LN2
from ..timeline import DOSE_INTERVAL_H

__all__ = ["closed_form_share", "single_compound_amount"]

#: ln t½ beyond which the bracket stops growing (t½ = e^200 h).
_LOG_HALF_LIFE_CAP = 200.0


def _normal_upper_tail(x: float) -> float:
    """``1 − Φ(x)`` for the standard normal (``math.erfc``: no cancellation in the tail)."""
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def single_compound_amount(
    half_life_h: float, hours_to_wake: float, nights: int, interval_h: float
) -> float:
    """``A(t½)`` above: one compound, an instant dose every ``interval_h`` hours, at
    ``hours_to_wake`` after the ``nights``-th dose (fractions of one dose)."""
    k = LN2 / half_life_h
    return (
        math.exp(-k * hours_to_wake)
        * math.expm1(-k * interval_h * nights)
        / math.expm1(-k * interval_h)
    )


def closed_form_share(
    median_h: float,
    sigma: float,
    level: float,
    hours_to_wake: float,
    nights: int,
    exposure: float = 1.0,
    interval_h: float = DOSE_INTERVAL_H,
) -> float:
    """Exact share of people above ``level`` at wake-up after ``nights`` nightly instant
    doses of ONE compound whose half-life is log-normal (``median_h``, ``sigma``).

    The amount ``exposure · e^{−kΔ}(1 − e^{−kτN})/(1 − e^{−kτ})``, ``k = ln2/t½``, rises with
    t½ from 0 towards ``exposure · N``, so the share is ``P(t½ > t*)`` where the amount at
    ``t*`` equals ``level``: ``1 − Φ((ln t* − ln median)/σ)``. ``t*`` by bisection on
    ``ln t½``. A level at or above ``exposure · N`` gives 0; ``σ = 0`` gives 0 or 1.
    """
    if not (median_h > 0 and sigma >= 0 and hours_to_wake > 0 and exposure > 0):
        raise ValueError("need median > 0, sigma >= 0, hours to wake > 0 and exposure > 0")
    if nights < 1:
        raise ValueError(f"nights must be >= 1, got {nights}")
    if not (math.isfinite(level) and level > 0):
        raise ValueError(f"level must be a fraction of one dose > 0, got {level!r}")
    target = level / exposure
    if target >= nights:
        return 0.0

    def amount(log_half_life: float) -> float:
        return single_compound_amount(math.exp(log_half_life), hours_to_wake, nights, interval_h)

    log_median = math.log(median_h)
    if sigma == 0:
        return 1.0 if amount(log_median) > target else 0.0
    # Bracket ln t* (the amount rises with t½ from 0 towards N), then bisect.
    low = high = log_median
    while amount(low) >= target:
        low -= 1.0
    while amount(high) < target:
        high += 1.0
        if high > _LOG_HALF_LIFE_CAP:  # t* beyond e^200 h: nobody in any float sample
            return _normal_upper_tail((high - log_median) / sigma)
    while high - low > 1e-12 * max(1.0, abs(high)):
        middle = 0.5 * (low + high)
        if amount(middle) < target:
            low = middle
        else:
            high = middle
    return _normal_upper_tail((0.5 * (low + high) - log_median) / sigma)
