"""The safety wording shared by every figure, notebook, page and command (no dependencies)."""

from __future__ import annotations

__all__ = ["BANNER", "LABEL_TEXT", "TABLE_LABEL"]

#: Drawn into every figure's image and shown on every page.
LABEL_TEXT = "Teaching model — NOT FOR DOSING"

#: Plain-text banner; every notebook opens with the same words in Markdown.
BANNER = (
    "Teaching model — NOT FOR DOSING. Amounts are relative: the fraction of one dose in the "
    "body. A one-compartment model with published half-lives; it ignores potency, tolerance, "
    "redistribution and individual variation, and it gives no dosing advice."
)

#: First line of every table a command prints (stderr for CSV, so files stay plain CSV).
TABLE_LABEL = (
    f"{LABEL_TEXT}. Relative units: amounts are fractions of one dose of the parent drug "
    "(molar sums of its active compounds; metabolites are not equipotent with the parent)."
)
