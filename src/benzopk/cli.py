"""Command line: ``benzopk table`` prints the morning-after numbers for slides and checks.

Bad input exits with status 2 and one clear line on stderr, never a traceback.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from .data import DataError, load_dataset
from .scenarios import (
    DEFAULT_BEDTIME,
    DEFAULT_NIGHTS,
    DEFAULT_WAKE,
    MAX_NIGHTS,
    TABLE_COLUMNS,
    morning_after_rows,
    parse_clock,
)
from .tables import FORMATS, format_rows

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line (status 2), without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"benzopk: error: {message}\n")


def _nights(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--nights {text!r} is not a whole number; allowed: 1 to {MAX_NIGHTS}"
        ) from None
    if not 1 <= value <= MAX_NIGHTS:
        raise argparse.ArgumentTypeError(
            f"--nights {value} is out of range; allowed: 1 to {MAX_NIGHTS}"
        )
    return value


def _drug_list(text: str) -> list[str]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError(f"--drugs {text!r} names no drug")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="benzopk",
        description="Benzodiazepine pharmacokinetics for teaching (relative units; teaching "
        "model — NOT FOR DOSING).",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    table = commands.add_parser(
        "table",
        help="fraction of a dose left at wake-up, per drug and active metabolite",
        description="One row per drug and active metabolite (each as its own compound, typical "
        "half-life, instant dose every 24 h at bedtime), sorted by fraction_at_wake_steady. "
        "Teaching model — NOT FOR DOSING.",
    )
    table.add_argument("--bedtime", default=DEFAULT_BEDTIME, help="H:MM, 24-hour clock (22:30)")
    table.add_argument(
        "--wake", default=DEFAULT_WAKE, help="H:MM; at or before bedtime = next morning (07:00)"
    )
    table.add_argument(
        "--nights", type=_nights, default=DEFAULT_NIGHTS, help=f"1–{MAX_NIGHTS} (14)"
    )
    table.add_argument("--drugs", type=_drug_list, default=None, help="comma-separated (all)")
    table.add_argument("--format", default="csv", help="csv or markdown (csv)")
    return parser


def _fail(message: str) -> int:
    sys.stderr.write(f"benzopk: error: {message}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``benzopk`` command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.format not in FORMATS:
        return _fail(f"--format {args.format!r} is not allowed; allowed: {', '.join(FORMATS)}")
    for option, value in (("--bedtime", args.bedtime), ("--wake", args.wake)):
        try:
            parse_clock(value)
        except ValueError as error:
            return _fail(f"{option} {error}")
    try:
        dataset = load_dataset()
        rows = morning_after_rows(
            dataset, bedtime=args.bedtime, wake=args.wake, nights=args.nights, drugs=args.drugs
        )
    except DataError as error:
        return _fail(f"invalid data: {error}")
    except ValueError as error:
        return _fail(str(error))
    sys.stdout.write(format_rows(rows, TABLE_COLUMNS, args.format))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
