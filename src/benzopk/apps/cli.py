"""Command line: ``benzopk table`` prints the morning-after numbers for slides and checks.

Bad input exits with status 2 and one clear line on stderr, never a traceback.
Teaching model — NOT FOR DOSING.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from ..data import DataError, Dataset, load_dataset
from ..labels import LABEL_TEXT, TABLE_LABEL
from ..nextday.morning import (
    DRUG_TABLE_COLUMNS,
    TABLE_COLUMNS,
    assumption_note,
    drug_wakes,
    morning_after_rows,
)
from ..tables import FORMATS, format_rows
from ..timeline import (
    DEFAULT_BEDTIME,
    DEFAULT_NIGHTS,
    DEFAULT_WAKE,
    MAX_NIGHTS,
    MAX_PLOT_NIGHTS,
    NightsError,
    check_nights,
    parse_clock,
)

#: Significant digits of the Markdown table (CSV keeps full precision).
MARKDOWN_DIGITS = 3

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
    try:
        return check_nights(value)
    except NightsError:
        raise argparse.ArgumentTypeError(
            f"--nights {value} is out of range; allowed: 1 to {MAX_NIGHTS}"
        ) from None


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
        help="fraction of a dose left at wake-up, per drug with its active metabolites",
        description="One row per drug: the sum of its active compounds (the parent unless it "
        "is a prodrug, and the metabolites it forms) in units of one dose of the parent, "
        "typical half-lives, instant dose every 24 h at bedtime, sorted by "
        "fraction_at_wake_steady. --compounds: every drug and active metabolite on its own. "
        "CSV keeps full precision (the label goes to stderr); Markdown starts with the label "
        "and shows 3 significant digits. Teaching model — NOT FOR DOSING.",
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
    table.add_argument(
        "--compounds",
        action="store_true",
        help="one row per drug and active metabolite, each as its own compound",
    )

    validate = commands.add_parser(
        "validate",
        help="the model's predictions beside published observations (notebook 07)",
        description="One row per published observation (data/observations.csv): the value "
        "observed in people, the model's value by the same definition (nothing fitted), and "
        "predicted ÷ observed. CSV keeps full precision (the label goes to stderr); Markdown "
        "starts with the label and shows 3 significant digits. Teaching model — NOT FOR DOSING.",
    )
    validate.add_argument("--format", default="csv", help="csv or markdown (csv)")

    figure = commands.add_parser(
        "figure",
        help="write a labelled figure for a slide (PNG, SVG or PDF, 16:9)",
        description="The notebooks' labelled figures, sized for a 16:9 slide. "
        "Teaching model — NOT FOR DOSING.",
    )
    figure.add_argument("kind", help=f"one of: {', '.join(FIGURE_KINDS)}")
    figure.add_argument("--drugs", type=_drug_list, default=None, help="comma-separated")
    figure.add_argument("--bedtime", default=DEFAULT_BEDTIME, help="H:MM (22:30)")
    figure.add_argument("--wake", default=DEFAULT_WAKE, help="H:MM (07:00)")
    figure.add_argument("--nights", type=_nights, default=None, help="number of nights")
    figure.add_argument("--log", action="store_true", help="logarithmic amount axis")
    figure.add_argument("--out", required=True, help="FILE.png, FILE.svg or FILE.pdf")
    return parser


FIGURE_KINDS = ("morning-after", "nights", "washout", "validation")
FIGURE_FORMATS = (".png", ".svg", ".pdf")
SLIDE_INCHES = (1920 / 144, 1080 / 144)  # 16:9
SLIDE_DPI = 144  # 1920 × 1080 pixels


def _figure(args: argparse.Namespace) -> int:
    """``benzopk figure``: validate, draw, write; exit status 2 with one line on bad input."""
    from pathlib import Path

    if args.kind not in FIGURE_KINDS:
        return _fail(f"figure {args.kind!r} is not known; allowed: {', '.join(FIGURE_KINDS)}")
    out = Path(args.out)
    if out.suffix.lower() not in FIGURE_FORMATS:
        return _fail(f"--out {args.out!r} must end in {', '.join(FIGURE_FORMATS)}")
    if not out.parent.is_dir():
        return _fail(f"--out {args.out!r}: folder {str(out.parent)!r} does not exist")
    if args.nights is not None and args.nights > MAX_PLOT_NIGHTS:
        return _fail(
            f"--nights {args.nights} is too many for a figure; allowed: 1 to {MAX_PLOT_NIGHTS}"
        )
    clock_error = _clock_error(args)
    if clock_error:
        return _fail(clock_error)
    try:
        dataset = load_dataset()
        fig = _draw_figure(dataset, args)
    except DataError as error:
        return _fail(f"invalid data: {error}")
    except ValueError as error:
        return _fail(str(error))
    fig.set_size_inches(*SLIDE_INCHES)
    fig.savefig(out, dpi=SLIDE_DPI, metadata=_figure_metadata(out.suffix.lower()))
    sys.stdout.write(f"wrote {out}\n")
    return 0


def _figure_metadata(suffix: str) -> dict[str, str]:
    """The label in the file's metadata too (PDF names the field Subject)."""
    field = "Subject" if suffix == ".pdf" else "Description"
    return {"Title": "benzopk figure", field: LABEL_TEXT}


def _draw_figure(dataset: Dataset, args: argparse.Namespace) -> Figure:
    from ..nextday.compute import DEFAULT_COMPARISON_DRUGS, ComparisonSettings, compare
    from ..nextday.figures import morning_after_figure, nights_figure

    drugs = tuple(dataset.compound(d).name for d in (args.drugs or ()))
    if args.kind == "validation":
        from ..evidence.compute import predictions
        from ..evidence.figures import validation_figure

        return validation_figure(predictions(dataset))
    if args.kind == "morning-after":
        wakes = drug_wakes(
            dataset, args.bedtime, args.wake, args.nights or DEFAULT_NIGHTS, drugs or None
        )
        return morning_after_figure(wakes)
    chosen = drugs or DEFAULT_COMPARISON_DRUGS
    if args.kind == "nights":
        settings = ComparisonSettings(
            drugs=chosen, bedtime=args.bedtime, wake=args.wake, nights=args.nights or 7
        )
        return nights_figure(compare(dataset, settings), log_scale=args.log)
    from ..washout.compute import drug_washout
    from ..washout.figures import washout_figure

    washouts = [drug_washout(dataset, d, args.nights or DEFAULT_NIGHTS) for d in chosen]
    return washout_figure(washouts, log_scale=args.log)


def _clock_error(args: argparse.Namespace) -> str | None:
    """The first bad --bedtime/--wake, as one line naming the option, or None."""
    for option, value in (("--bedtime", args.bedtime), ("--wake", args.wake)):
        try:
            parse_clock(value)
        except ValueError as error:
            return f"{option} {error}"
    return None


def _fail(message: str) -> int:
    sys.stderr.write(f"benzopk: error: {message}\n")
    return 2


def _validate(args: argparse.Namespace) -> int:
    """``benzopk validate``: every observation beside the model's prediction."""
    from ..evidence.compute import VALIDATION_COLUMNS, VALIDATION_LABEL, validation_rows

    if args.format not in FORMATS:
        return _fail(f"--format {args.format!r} is not allowed; allowed: {', '.join(FORMATS)}")
    try:
        rows = validation_rows(load_dataset())
    except DataError as error:
        return _fail(f"invalid data: {error}")
    if args.format == "markdown":
        text = format_rows(rows, VALIDATION_COLUMNS, "markdown", MARKDOWN_DIGITS)
        sys.stdout.write(f"{VALIDATION_LABEL}\n\n{text}")
    else:
        sys.stderr.write(f"{VALIDATION_LABEL}\n")
        sys.stdout.write(format_rows(rows, VALIDATION_COLUMNS, "csv", significant=None))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``benzopk`` command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.command == "figure":
        return _figure(args)
    if args.command == "validate":
        return _validate(args)
    if args.format not in FORMATS:
        return _fail(f"--format {args.format!r} is not allowed; allowed: {', '.join(FORMATS)}")
    clock_error = _clock_error(args)
    if clock_error:
        return _fail(clock_error)
    columns = TABLE_COLUMNS if args.compounds else DRUG_TABLE_COLUMNS
    note = ""
    try:
        dataset = load_dataset()
        when = {"bedtime": args.bedtime, "wake": args.wake, "nights": args.nights}
        if args.compounds:
            rows = morning_after_rows(dataset, drugs=args.drugs, **when)
        else:
            wakes = drug_wakes(dataset, drugs=args.drugs, **when)
            rows, note = [w.row() for w in wakes], assumption_note(wakes)
    except DataError as error:
        return _fail(f"invalid data: {error}")
    except ValueError as error:
        return _fail(str(error))
    if args.format == "markdown":
        text = format_rows(rows, columns, "markdown", MARKDOWN_DIGITS)
        sys.stdout.write(f"{TABLE_LABEL}\n\n{text}" + (f"\n{note}\n" if note else ""))
    else:
        sys.stderr.write(f"{TABLE_LABEL}\n" + (f"{note}\n" if note else ""))
        sys.stdout.write(format_rows(rows, columns, "csv", significant=None))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
