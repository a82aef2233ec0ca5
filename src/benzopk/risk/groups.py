"""How a modifier row is named: its group, the study's comparison group, and where the
group's half-life stands against the published adult range. Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

from ..data import Modifier

__all__ = ["comparison_group", "range_status", "short_group"]


def _outside_brackets(text: str) -> str:
    """``text`` with everything inside round brackets blanked out (same length)."""
    depth, out = 0, []
    for char in text:
        depth += char == "("
        out.append(char if depth == 0 else " ")
        depth -= char == ")" and depth > 0
    return "".join(out)


def short_group(group: str) -> str:
    """The group without its parenthesis or comparison ("with cimetidine (…)" → "with
    cimetidine"; "women vs men" → "women")."""
    return group.split(" (")[0].split(" vs ")[0].strip()


def range_status(half_life_h: float, min_h: float, max_h: float, kind: str = "individual") -> str:
    """Whether ``half_life_h`` lies in the published adult range, in words with the range
    and its kind (values seen in people, or a range of study means)."""
    if not kind:
        return "no published adult range to compare with"
    what = "adult range" if kind == "individual" else "range of adult study means"
    span = f"{min_h:g}–{max_h:g} h"
    if half_life_h > max_h:
        return f"outside the published {what} ({span}): longer"
    if half_life_h < min_h:
        return f"outside the published {what} ({span}): shorter"
    return f"within the published {what} ({span})"


def comparison_group(modifier: Modifier) -> str:
    """Whom the study compared the group with, in words, from the group text and notes
    ("older adults (>70 years) vs young adults (20-40 years)" → "young adults (20-40 years)";
    a liver row → "age-matched controls" where the notes say "in age-matched controls",
    else "controls without liver disease"; an inhibitor row →
    "placebo" or "no inhibitor (control phase)")."""
    outside = _outside_brackets(modifier.group)
    if " vs " in outside:
        at = outside.index(" vs ")
        return modifier.group[at + 4 :].strip()
    notes = modifier.notes.lower()
    if modifier.kind == "older age":
        return "young adults"
    if modifier.kind == "liver impairment":
        for phrase in ("age- and sex-matched controls", "age-matched controls"):
            if f"in {phrase}" in notes:  # the study's own wording of its control group
                return phrase
        return "controls without liver disease"
    if modifier.kind == "cyp3a4 inhibitor":
        return "placebo" if "placebo" in notes else "no inhibitor (control phase)"
    return "the study's comparison group"
