"""An independent computation of the per-drug morning-after table, for tests.

It reads the CSVs with the ``csv`` module (not benzopk's loader), builds each drug's linked
system from ``metabolite_links.csv`` as explicit sums of exponentials (the Bateman
coefficients of every path), and evaluates them in 50-digit ``decimal`` arithmetic: night N
by explicit superposition over the nights, steady state by the geometric series of each
exponential, the elimination time by bisection. It shares no code with ``benzopk``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
DIGITS = 50


@dataclass(frozen=True)
class DosePath:
    """One compound reached from the dose: input fraction and the chain of rates."""

    compound: str
    gain: Decimal  # input fraction × Π (link fraction × rate of the source)
    rates: tuple[Decimal, ...]  # from the compound that receives the dose down to this one


@dataclass(frozen=True)
class System:
    name: str
    compounds: tuple[str, ...]
    paths: tuple[DosePath, ...]
    half_life_h: float
    longest_half_life_h: float


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def independent_systems(half_life_h: dict[str, float] | None = None) -> dict[str, System]:
    """Every drug's linked system, straight from the CSVs (``half_life_h`` replaces some
    compounds' typical half-lives)."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        ln2 = Decimal(2).ln()
        half_lives = {
            r["name"]: Decimal(r["half_life_h"])
            for r in _rows("drugs.csv") + _rows("metabolites.csv")
        }
        half_lives.update({k: Decimal(repr(v)) for k, v in (half_life_h or {}).items()})
        links: dict[str, list[tuple[str, Decimal]]] = {}
        for r in _rows("metabolite_links.csv"):
            links.setdefault(r["parent"], []).append(
                (r["metabolite"], Decimal(r["fraction_converted"]))
            )
        out = {}
        for drug in _rows("drugs.csv"):
            name = drug["name"]
            prodrug = drug["prodrug"] == "true"
            paths: list[DosePath] = []

            def walk(
                compound: str, gain: Decimal, rates: tuple[Decimal, ...], paths: list[DosePath]
            ) -> None:
                rate = ln2 / half_lives[compound]
                here = (*rates, rate)
                paths.append(DosePath(compound, gain, here))
                for child, fraction in links.get(compound, []):
                    walk(child, gain * fraction * rate, here, paths)

            if prodrug:
                for child, fraction in links[name]:
                    walk(child, fraction, (), paths)
            else:
                walk(name, Decimal(1), (), paths)
            compounds = tuple(p.compound for p in paths)
            out[name] = System(
                name,
                compounds,
                tuple(paths),
                float(half_lives[name]),
                float(max(half_lives[c] for c in compounds)),
            )
        return out


def _terms(system: System) -> list[tuple[Decimal, Decimal]]:
    """The total amount after one unit dose as Σ c·e^(−r t): (c, r) pairs (Bateman)."""
    terms = []
    for path in system.paths:
        for j, r_j in enumerate(path.rates):
            denominator = Decimal(1)
            for m, r_m in enumerate(path.rates):
                if m != j:
                    denominator *= r_m - r_j
            terms.append((path.gain / denominator, r_j))
    return terms


def _total(terms: list[tuple[Decimal, Decimal]], t: Decimal) -> Decimal:
    return sum((c * (-r * t).exp() for c, r in terms), Decimal(0))


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def independent_row(system: System, bedtime: str, wake: str, nights: int) -> dict[str, object]:
    """The per-drug row of ``benzopk table`` for ``system``."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        minutes = (_clock(wake) - _clock(bedtime)) % (24 * 60)
        delta = Decimal(minutes) / Decimal(60)
        tau = Decimal(24)
        terms = _terms(system)
        night1 = _total(terms, delta)
        night_n = sum((_total(terms, delta + tau * j) for j in range(nights)), Decimal(0))
        steady = sum(
            (c * (-r * delta).exp() / (1 - (-r * tau).exp()) for c, r in terms), Decimal(0)
        )
        n = 1
        while sum((_total(terms, delta + tau * j) for j in range(n)), Decimal(0)) < (
            Decimal("0.9") * steady * (1 - Decimal("1e-12"))
        ):
            n += 1
        low, high = Decimal(0), Decimal(1)
        while _total(terms, high) > Decimal("0.03"):
            high *= 2
        for _ in range(120):
            middle = (low + high) / 2
            if _total(terms, middle) > Decimal("0.03"):
                low = middle
            else:
                high = middle
        return {
            "active_compounds": system.compounds,
            "half_life_h": system.half_life_h,
            "longest_half_life_h": system.longest_half_life_h,
            "fraction_at_wake_night1": float(night1),
            "fraction_at_wake_night_n": float(night_n),
            "fraction_at_wake_steady": float(steady),
            "accumulation_ratio": float(steady / night1),
            "nights_to_90pct_steady": n,
            "hours_to_97pct_eliminated": float(high),
        }


def wake_total(system: System, hours_to_wake: float, nights: int) -> float:
    """Sum of the active compounds at the wake-up after night ``nights`` (explicit
    superposition of one unit dose each 24 h)."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        terms = _terms(system)
        delta = Decimal(repr(hours_to_wake))
        total = sum((_total(terms, delta + 24 * j) for j in range(nights)), Decimal(0))
        return float(total)
