"""Names a topic package offers without importing them until used: its figures (matplotlib)
and widgets (ipywidgets), so that ``bp.washout.drug_washout`` alone never loads either."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``where[name]`` is the submodule that
    defines ``name`` (e.g. ``{"washout_figure": "figures"}``)."""

    def getattr_(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{where[name]}"), name)

    return getattr_
