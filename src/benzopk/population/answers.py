"""Worked answers for notebook 07, people, not averages.

No exercises are registered here yet: notebook 07's exercises and their worked answers
(computed from the data through :mod:`benzopk.population.compute`, never typed in) are
added with :func:`benzopk.answers.exercise`, like the other topics'. Teaching model — NOT
FOR DOSING.
"""

from __future__ import annotations
