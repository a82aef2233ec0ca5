"""Worked answers for notebook 07, does the model hold up (none registered yet: the
notebook's exercises come later; see :mod:`benzopk.answers`)."""

from __future__ import annotations
