"""Does the model hold up? Its predictions beside published measurements in people, and the
next-morning impairment studies placed on the model's time axis.

Nothing is fitted to the observations. Each prediction comes from the drug's linked system
(the parent unless it is a prodrug, and its active metabolites; a prodrug's dose enters as
what it forms) with the typical half-lives of ``data/`` — or, where the row gives the
half-life the study itself measured in its group (``group_half_life_h``), with the measured
compound's half-life set to that value — and the engine's closed forms: the transition
matrix Φ(t), the state just after dose N, ``s_N = (I − Φ(τ))⁻¹(I − Φ(τ)ᴺ)·b``, and the area
over an interval, ``∫₀^τ Φ = A⁻¹(Φ(τ) − I)`` (``A``: the rate matrix). One instant dose every
``interval_h`` hours. Each row's ``definition_code`` says which quantity the study reported
(see ``data/README.md``). Teaching model — NOT FOR DOSING; relative units only.

This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ..crossing import first_whole_number
from ..data import Dataset
from ..formulas import LN2, state_after_regular_doses
from ..labels import LABEL_TEXT
from ..linked import system_for_drug
from ..model import FloatArray, LinearSystem
from ..studies import NextDayStudy, Observation

__all__ = [
    "MISS_FACTOR",
    "STEADY_FRACTION",
    "VALIDATION_COLUMNS",
    "VALIDATION_LABEL",
    "Placement",
    "Prediction",
    "RankAgreement",
    "fraction_left",
    "large_misses",
    "miss_factor",
    "next_day_placement",
    "observation",
    "predict",
    "predictions",
    "rank_agreement",
    "system_for_observation",
    "validation_rows",
    "without_drug",
]

VALIDATION_COLUMNS = (
    "id", "drug", "compound", "quantity", "definition", "group", "observed", "predicted",
    "ratio", "half_life_used", "source_id",
)  # fmt: skip
#: "Steady state" for ``nights_to_90pct_steady``: 90 % of the steady-state amount.
STEADY_FRACTION = 0.9
#: A "large miss": predicted and observed differ by more than this factor, either way.
MISS_FACTOR = 1.5
#: First line of ``benzopk validate`` (stderr for CSV, so the file stays plain CSV).
VALIDATION_LABEL = (
    f"{LABEL_TEXT}. Relative units only: the model's predictions beside published "
    "observations (ratios, numbers of days, half-lives in hours; no doses, no concentrations)."
)
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


@dataclass(frozen=True)
class Prediction:
    """The model's value for one observation, and predicted ÷ observed.

    ``half_life_used``: ``"group"`` where the measured compound's half-life was set to the
    one the row gives for the study's group, ``"typical"`` where the data's typical values
    were used, ``"given"`` where the caller set it (a what-if, :func:`predict`).
    """

    observation: Observation
    predicted: float
    ratio: float
    half_life_used: str

    def row(self) -> dict[str, str | float]:
        """One row of :data:`VALIDATION_COLUMNS` (numbers at full precision)."""
        obs = self.observation
        return {
            "id": obs.obs_id,
            "drug": obs.drug,
            "compound": obs.compound,
            "quantity": obs.quantity,
            "definition": obs.definition_code,
            "group": obs.group,
            "observed": obs.observed,
            "predicted": self.predicted,
            "ratio": self.ratio,
            "half_life_used": self.half_life_used,
            "source_id": obs.source.source_id,
        }


def system_for_observation(
    dataset: Dataset, obs: Observation, half_life_h: float | None = None
) -> tuple[LinearSystem, str]:
    """The drug's linked system for ``obs`` and which half-life it uses (group/typical).

    ``half_life_h``: the measured compound's half-life set to this value instead (for a
    what-if beside the row's own prediction; ``"given"``)."""
    chosen, used = obs.group_half_life_h, "group"
    if half_life_h is not None:
        chosen, used = half_life_h, "given"
    if chosen is None:
        return system_for_drug(dataset, obs.drug), "typical"
    if not (math.isfinite(chosen) and chosen > 0):
        raise ValueError(f"half-life must be > 0 hours, got {chosen!r}")
    typical = dataset.compound(obs.compound).half_life.typical_h
    scale = {obs.compound: chosen / typical}
    return system_for_drug(dataset, obs.drug, half_life_scale=scale), used


def rate_matrix(system: LinearSystem) -> FloatArray:
    """``A`` with ``dx/dt = A·x``: −k on the diagonal, f·k(source) below it."""
    n = len(system.compartments)
    matrix = np.zeros((n, n))
    for i, comp in enumerate(system.compartments):
        matrix[i, i] -= comp.rate_per_h
        if comp.source is not None:
            source_rate = system.compartments[comp.source].rate_per_h
            matrix[i, comp.source] += comp.fraction_from_source * source_rate
    return matrix


def interval_area(system: LinearSystem, interval_h: float) -> FloatArray:
    """``∫₀^τ Φ(t) dt = A⁻¹(Φ(τ) − I)``: the area under each amount over one interval."""
    phi = system.transition_matrix(interval_h)
    return np.asarray(np.linalg.solve(rate_matrix(system), phi - np.eye(phi.shape[0])))


def _schedule(obs: Observation) -> tuple[float, int]:
    assert obs.interval_h is not None and obs.nights is not None
    return obs.interval_h, obs.nights * obs.doses_per_day


def _level_ratio(system: LinearSystem, i: int, obs: Observation, steady: bool) -> float:
    interval, doses = _schedule(obs)
    at = system.transition_matrix(obs.hours_after_dose or interval)
    last = state_after_regular_doses(system.transition_matrix(interval), system.inputs, doses)
    if steady:
        last = state_after_regular_doses(system.transition_matrix(interval), system.inputs, None)
    return float((at @ last)[i] / (at @ system.inputs)[i])


def _dose_auc_ratio(system: LinearSystem, i: int, obs: Observation) -> float:
    interval, doses = _schedule(obs)
    area = interval_area(system, interval)
    last = state_after_regular_doses(system.transition_matrix(interval), system.inputs, doses)
    return float((area @ last)[i] / (area @ system.inputs)[i])


def _day_auc_ratio(system: LinearSystem, i: int, obs: Observation) -> float:
    interval, doses = _schedule(obs)
    per_day = obs.doses_per_day
    area, phi = interval_area(system, interval), system.transition_matrix(interval)
    b = system.inputs

    def day(first_dose: int) -> float:
        doses_of_day = range(first_dose, first_dose + per_day)
        return float(sum((area @ state_after_regular_doses(phi, b, j))[i] for j in doses_of_day))

    return day(doses - per_day + 1) / day(1)


def _days_to_plateau(system: LinearSystem, i: int, obs: Observation) -> float:
    """The first day after whose last dose the amount at ``hours_after_dose`` (default: just
    before the next dose) reaches 90 % of its steady-state value; amounts only rise with
    each dose, so an exponential search and bisection over the days."""
    interval, _ = _schedule(obs)
    phi, b = system.transition_matrix(interval), system.inputs
    at = system.transition_matrix(obs.hours_after_dose or interval)
    goal = STEADY_FRACTION * float((at @ state_after_regular_doses(phi, b, None))[i])

    def reached(days: int) -> bool:
        return float((at @ state_after_regular_doses(phi, b, days * obs.doses_per_day))[i]) >= goal

    return float(first_whole_number(reached))


def _path(system: LinearSystem, i: int) -> list[int]:
    """The compartment and everything upstream of it, up to where the dose enters."""
    path = [i]
    while (source := system.compartments[path[-1]].source) is not None:
        path.append(source)
    return path


def _terminal_half_life(system: LinearSystem, i: int) -> float:
    """ln 2 ÷ the slowest rate on the compound's path: the half-life of the terminal phase of
    its decline after the last dose (the sum of exponentials ends with the slowest)."""
    return LN2 / min(system.compartments[j].rate_per_h for j in _path(system, i))


def _own_half_life(system: LinearSystem, i: int) -> float:
    """The compound's own elimination half-life in the linked system (what a sequential
    drug-to-metabolite fit estimates)."""
    return LN2 / system.compartments[i].rate_per_h


def single_dose_amount(system: LinearSystem, i: int, hours: float) -> float:
    """Amount of compartment ``i`` ``hours`` after one instant dose (closed form)."""
    b = system.inputs
    return float(sum(system.transfer(i, j, [hours])[0] * b[j] for j in range(b.size) if b[j]))


def _fraction_of_peak(system: LinearSystem, i: int, obs: Observation) -> float:
    """Amount at ``hours_after_dose`` after one dose ÷ its peak after that dose: the peak is
    at the dose for a compound dosed directly, else found by golden-section search (the
    amount of a chain member after one dose rises once and falls)."""
    assert obs.hours_after_dose is not None

    def amount(t: float) -> float:
        return single_dose_amount(system, i, t)

    if len(_path(system, i)) == 1:
        peak = amount(0.0)
    else:
        low, high = 0.0, 20.0 * max(_own_half_life(system, j) for j in _path(system, i))
        for _ in range(200):
            a, c = high - _GOLDEN * (high - low), low + _GOLDEN * (high - low)
            low, high = (low, c) if amount(a) >= amount(c) else (a, high)
        peak = amount((low + high) / 2.0)
    return amount(obs.hours_after_dose) / peak


_RULES: dict[str, Callable[[LinearSystem, int, Observation], float]] = {
    "level_ratio": lambda s, i, o: _level_ratio(s, i, o, steady=False),
    "steady_level_ratio": lambda s, i, o: _level_ratio(s, i, o, steady=True),
    "dose_auc_ratio": _dose_auc_ratio,
    "not_detected": _dose_auc_ratio,
    "day_auc_ratio": _day_auc_ratio,
    "days_to_plateau": _days_to_plateau,
    "terminal_half_life": lambda s, i, o: _terminal_half_life(s, i),
    "own_half_life": lambda s, i, o: _own_half_life(s, i),
    "fraction_of_peak": _fraction_of_peak,
}


def predict(
    dataset: Dataset, observation: Observation, half_life_h: float | None = None
) -> Prediction:
    """The model's value of ``observation``'s quantity, by the row's own definition
    (``half_life_h``: the measured compound's half-life set to it; nothing is fitted)."""
    system, used = system_for_observation(dataset, observation, half_life_h)
    index = system.index(observation.compound)
    predicted = _RULES[observation.definition_code](system, index, observation)
    return Prediction(observation, predicted, predicted / observation.observed, used)


def predictions(dataset: Dataset) -> list[Prediction]:
    """A prediction for every row of ``observations.csv``, in file order."""
    return [predict(dataset, obs) for obs in dataset.observations]


def validation_rows(dataset: Dataset) -> list[dict[str, str | float]]:
    """Every observation beside its prediction: the columns :data:`VALIDATION_COLUMNS`."""
    return [p.row() for p in predictions(dataset)]


def observation(dataset: Dataset, obs_id: str) -> Observation:
    """The row of ``observations.csv`` with id ``obs_id``."""
    for obs in dataset.observations:
        if obs.obs_id == obs_id:
            return obs
    raise ValueError(f"no observation {obs_id!r}")


def miss_factor(prediction: Prediction) -> float:
    """How far a prediction misses, either way: ``max(predicted/observed, observed/predicted)``
    (1 = exact; 2 = twice or half)."""
    observed, predicted = prediction.observation.observed, prediction.predicted
    return max(predicted / observed, observed / predicted)


def large_misses(
    predictions: Iterable[Prediction], factor: float = MISS_FACTOR
) -> list[Prediction]:
    """The predictions that miss by more than ``factor`` either way, largest miss first."""
    if not factor >= 1:
        raise ValueError(f"factor must be >= 1, got {factor!r}")
    chosen = [p for p in predictions if miss_factor(p) > factor]
    return sorted(chosen, key=lambda p: (-miss_factor(p), p.observation.obs_id))


@dataclass(frozen=True)
class Placement:
    """Where a next-morning study sits on the model's time axis.

    ``fraction_left``: the amount of the drug's active compounds ``hours_after_dose`` after
    one instant dose, as a fraction of the amount right after it (typical half-lives);
    ``placement``: that times the study's relative dose. Both None where the study does not
    give the hours. Not a potency: placements of different drugs are not comparable doses.
    """

    study: NextDayStudy
    fraction_left: float | None
    placement: float | None


def fraction_left(dataset: Dataset, drug: str, hours: float) -> float:
    """Amount of ``drug``'s active compounds ``hours`` after one instant dose ÷ the amount
    right after the dose (``1ᵀΦ(t)b ÷ 1ᵀb``; for one compound ``e^(−k·t)``)."""
    system = system_for_drug(dataset, drug)
    b = system.inputs
    return float(np.sum(system.transition_matrix(hours) @ b) / np.sum(b))


def next_day_placement(dataset: Dataset) -> list[Placement]:
    """Every row of ``next_day_studies.csv`` with its placement (None without hours)."""
    out = []
    for study in dataset.next_day_studies:
        if study.hours_after_dose is None:
            out.append(Placement(study, None, None))
            continue
        left = fraction_left(dataset, study.drug, study.hours_after_dose)
        out.append(Placement(study, left, left * study.relative_dose))
    return out


@dataclass(frozen=True)
class RankAgreement:
    """How well the placements order impaired above not-impaired studies.

    ``auc``: the share of (impaired, not impaired) pairs in which the impaired study has the
    higher placement, ties counted as one half (0.5 = no better than chance, 1 = perfect);
    ``rank_biserial`` = 2·auc − 1. Only studies with hours and a clear result count;
    ``n_excluded`` are the others (``mixed`` results or no hours).
    """

    auc: float
    rank_biserial: float
    n_impaired: int
    n_not_impaired: int
    n_excluded: int

    @property
    def n(self) -> int:
        """Studies that enter the comparison."""
        return self.n_impaired + self.n_not_impaired


def rank_agreement(placements: Iterable[Placement]) -> RankAgreement:
    """:class:`RankAgreement` of ``placements`` (numpy only: every pair compared)."""
    items = list(placements)
    used = [p for p in items if p.placement is not None and p.study.impaired != "mixed"]
    yes = np.array([p.placement for p in used if p.study.impaired == "true"], dtype=float)
    no = np.array([p.placement for p in used if p.study.impaired == "false"], dtype=float)
    if yes.size == 0 or no.size == 0:
        raise ValueError("rank agreement needs impaired and not-impaired studies with hours")
    difference = yes[:, None] - no[None, :]
    auc = float((np.sum(difference > 0) + 0.5 * np.sum(difference == 0)) / difference.size)
    return RankAgreement(auc, 2.0 * auc - 1.0, int(yes.size), int(no.size), len(items) - len(used))


def without_drug(placements: Iterable[Placement], drug: str) -> list[Placement]:
    """``placements`` without the studies of ``drug`` (to see how much one drug carries)."""
    return [p for p in placements if p.study.drug != drug]
