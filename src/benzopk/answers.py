"""Exercises with worked answers computed from the data, never typed in.

Each notebook ends with 3–5 exercises. The question is Markdown in the notebook; the worked
answer is a code cell tagged ``answer`` that calls :func:`answer`, so the numbers always come
from ``data/`` through the model, and a test recomputes every one of them independently.
The HTML site shows answers collapsed (teachers) or leaves them out (students).

Each topic package registers its answers in its ``answers`` module with :func:`exercise`.
This package imports neither matplotlib nor ipywidgets. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from .data import Dataset, load_dataset

__all__ = ["Answer", "Exercise", "answer", "exercise", "exercises_for", "registry"]

#: The topic packages whose ``answers`` modules register worked answers (notebook 07 has
#: two: the evidence and the population).
TOPICS = (
    "nextday",
    "halflife",
    "nightly",
    "metabolites",
    "risk",
    "washout",
    "evidence",
    "population",
)


@dataclass(frozen=True)
class Answer:
    """A worked answer: Markdown text and the numbers in it (for tests)."""

    text: str
    values: dict[str, float] = field(default_factory=dict)

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


Solver = Callable[[Dataset], Answer]


@dataclass(frozen=True)
class Exercise:
    """Exercise ``number`` of notebook ``notebook`` (e.g. "03"), with its solver."""

    notebook: str
    number: int
    title: str
    solve: Solver


_REGISTRY: dict[tuple[str, int], Exercise] = {}


def exercise(notebook: str, number: int, title: str) -> Callable[[Solver], Solver]:
    """Register ``solve(dataset) -> Answer`` as the worked answer of one exercise."""

    def register(solve: Solver) -> Solver:
        key = (notebook, number)
        if key in _REGISTRY:
            raise ValueError(f"exercise {notebook}.{number} is registered twice")
        _REGISTRY[key] = Exercise(notebook, number, title, solve)
        return solve

    return register


def _load_all() -> None:
    package = __name__.rsplit(".", 1)[0]
    for topic in TOPICS:
        importlib.import_module(f"{package}.{topic}.answers")


def registry() -> dict[tuple[str, int], Exercise]:
    """Every registered exercise, by (notebook, number)."""
    _load_all()
    return dict(sorted(_REGISTRY.items()))


def exercises_for(notebook: str) -> list[Exercise]:
    """The exercises of one notebook, in order."""
    return [e for (nb, _), e in registry().items() if nb == notebook]


def answer(notebook: str, number: int, dataset: Dataset | None = None) -> Answer:
    """The worked answer to exercise ``number`` of ``notebook``, computed from the data."""
    key = (notebook, number)
    exercises = registry()
    if key not in exercises:
        raise ValueError(f"no exercise {notebook}.{number}")
    return exercises[key].solve(dataset if dataset is not None else load_dataset())
