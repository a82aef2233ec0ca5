"""Notebook 07: Does the model hold up? — people, not averages.

A virtual population for any drug: each person's half-lives drawn from a log-normal per
active compound (a published SD or CV where one exists; else a range of values seen in
people taken as the 5th–95th percentiles — a stated assumption; else the typical value for
everybody), groups (sex, older age) shifting the median, and the share of people whose
amount at wake-up is above an illustrative level of that drug's own dose after night 1 and
night N, with its binomial standard error — checked against the exact closed form for one
compound.

Files: spread (log-normal spreads and groups), compute (the simulation, closed forms over
people), closed_form (the exact share for one compound), text, figures, widget, answers.
Computation imports only the core (data, model, formulas, timeline, linked); figures and
text take computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..lazy import lazy_names
from .closed_form import (
    closed_form_share,
    single_compound_amount,
)
from .compute import (
    DEFAULT_LEVEL,
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    PopulationResult,
    Share,
    draw_half_lives,
    share_table,
    simulate_population,
    transition_matrices,
    wake_amounts,
)
from .spread import (
    GROUP_KINDS,
    PERCENTILE_Z,
    TYPICAL_ADULT,
    GroupShift,
    Spread,
    compound_spread,
    group_shift,
    population_groups,
)
from .text import (
    CAVEATS,
    FIGURE_CAVEATS,
    groups_markdown,
    level_note,
    population_summary,
    share_line,
    shares_markdown,
    spread_lines,
)

#: Figures (matplotlib) and widgets (ipywidgets), imported on first use.
_LAZY = {
    "PopulationPlot": "figures",
    "PopulationWidget": "widget",
    "amount_range": "figures",
    "histogram_edges": "figures",
    "population_figure": "figures",
    "population_widget": "widget",
}
__getattr__ = lazy_names(__name__, _LAZY)

__all__ = [
    "CAVEATS",
    "DEFAULT_LEVEL",
    "DEFAULT_PEOPLE",
    "DEFAULT_SEED",
    "FIGURE_CAVEATS",
    "GROUP_KINDS",
    "PERCENTILE_Z",
    "TYPICAL_ADULT",
    "GroupShift",
    "PopulationPlot",
    "PopulationResult",
    "PopulationWidget",
    "Share",
    "Spread",
    "amount_range",
    "closed_form_share",
    "compound_spread",
    "draw_half_lives",
    "group_shift",
    "groups_markdown",
    "histogram_edges",
    "level_note",
    "population_figure",
    "population_groups",
    "population_summary",
    "population_widget",
    "share_line",
    "share_table",
    "shares_markdown",
    "simulate_population",
    "single_compound_amount",
    "spread_lines",
    "transition_matrices",
    "wake_amounts",
]
