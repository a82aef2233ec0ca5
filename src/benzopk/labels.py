"""The safety wording shared by every figure, notebook, page and command (no dependencies)."""

from __future__ import annotations

__all__ = ["BANNER", "LABEL_TEXT"]

#: Drawn into every figure's image and shown on every page.
LABEL_TEXT = "Teaching model — NOT FOR DOSING"

#: Plain-text banner; every notebook opens with the same words in Markdown.
BANNER = (
    "Teaching model — NOT FOR DOSING. Amounts are relative: the fraction of one dose in the "
    "body. A one-compartment model with published half-lives; it ignores potency, tolerance, "
    "redistribution and individual variation, and it gives no dosing advice."
)
