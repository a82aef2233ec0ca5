"""The one threshold search: from when on does a curve stay at or below a level?

Used for every "how long until it is gone" in the course (the morning-after table, active
metabolites, washout). Curves are evaluated in closed form by the caller; this module only
brackets and bisects. Its whole-number form, :func:`first_whole_number`, answers "after how
many nights" the same way. This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["GRID_POINTS", "first_whole_number", "last_crossing"]

FloatArray = NDArray[np.float64]
GRID_POINTS = 4001
_BISECTION_STEPS = 80


def last_crossing(
    curves: Callable[[FloatArray], FloatArray],
    levels: ArrayLike,
    horizon_h: float,
    max_horizon_h: float,
    points: int = GRID_POINTS,
) -> FloatArray:
    """Hours from which each curve stays at or below its level.

    Parameters
    ----------
    curves
        ``curves(t)`` gives every curve at the times ``t`` (h): shape (curves, len(t)).
    levels
        One level per curve (same unit as the curves).
    horizon_h
        A first horizon; it doubles (up to ``max_horizon_h``) until every curve ends at or
        below its level.
    max_horizon_h
        The longest horizon searched; beyond it the search fails with ``ValueError``.
    points
        Grid points on the horizon. The last grid point above the level and the next one
        bracket the crossing, which is then bisected to machine precision (80 halvings), so
        the result is exact wherever a curve does not rise and fall back within one grid
        step.

    Returns
    -------
    ndarray
        One time per curve (0 where a curve never exceeds its level).
    """
    level = np.asarray(levels, dtype=float).ravel()
    horizon = float(horizon_h)
    while True:
        grid = np.linspace(0.0, horizon, points)
        above = curves(grid) > level[:, None]
        if not np.any(above[:, -1]):
            break
        if horizon >= max_horizon_h:
            raise ValueError("the curves do not fall below their levels within the horizon")
        horizon = min(max_horizon_h, 2.0 * horizon)
    never = ~np.any(above, axis=1)
    last = points - 1 - np.argmax(above[:, ::-1], axis=1)
    last = np.minimum(last, points - 2)
    left, right = grid[last].copy(), grid[last + 1].copy()
    rows = np.arange(level.size)
    for _ in range(_BISECTION_STEPS):
        middle = 0.5 * (left + right)
        high = curves(middle)[rows, rows] > level
        left = np.where(high, middle, left)
        right = np.where(high, right, middle)
    return np.where(never, 0.0, right)


def first_whole_number(reached: Callable[[int], bool]) -> int:
    """Smallest ``n ≥ 1`` with ``reached(n)``, for a ``reached`` that stays true once true
    (an exponential search, then bisection: about 2·log2(n) calls, no loop per night)."""
    high = 1
    while not reached(high):
        high *= 2
    low = high // 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if reached(middle) else (middle, high)
    return high
