"""``ionworks inspect`` and ``ionworks convert``: cycler files as they are read."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

from ..display import shown
from ..errors import MissingDependencyError
from ..validation import MeasurementValidationWarning
from .advice import for_command
from .plot import plot_files
from .steps_table import step_table, step_table_lines

__all__ = ["add_file_commands", "run_convert", "run_inspect"]


def add_file_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``inspect`` and ``convert`` to the command line."""
    inspect = commands.add_parser(
        "inspect",
        help="show what cycler files hold and how each column is read",
        description="Read each file with its cycler's reader (recognised by "
        "content) and report the reader, rows, the columns found and how each "
        "was mapped, steps, cycles, start time and the always-on checks' verdict.",
    )
    inspect.add_argument("files", nargs="+", type=Path, metavar="FILE")
    inspect.add_argument("--reader", help="a reader key, instead of recognising")
    inspect.add_argument("--json", action="store_true", help="one JSON document")
    inspect.add_argument(
        "--steps",
        action="store_true",
        help="also print each file's step table, as the hosted API makes it "
        "(with --json: all its columns, under 'steps')",
    )
    inspect.add_argument(
        "--plot",
        type=Path,
        metavar="OUT",
        help="also draw each file as read (voltage and current, steps shaded): "
        "one file to the image OUT, several into the folder OUT",
    )
    convert = commands.add_parser(
        "convert",
        help="write cycler files as the API's parquet or CSV, or as BDF",
        description="Read each file with its cycler's reader and write its "
        "normalised time series: parquet (default) or CSV in the API's columns, "
        "or a Battery Data Format CSV (preferred labels, charge-positive current).",
    )
    convert.add_argument("files", nargs="+", type=Path, metavar="FILE")
    convert.add_argument(
        "-o", "--output", type=Path, help="folder to write to (default: beside)"
    )
    convert.add_argument("--to", choices=("parquet", "csv", "bdf"), default="parquet")
    convert.add_argument("--reader", help="a reader key, instead of recognising")


def run_inspect(args: argparse.Namespace) -> int:
    from ..read import CyclerFileError, inspect_file

    reports: list[dict[str, object]] = []
    failed = 0
    for path in args.files:
        try:
            with warnings.catch_warnings():  # the report says them, once
                warnings.simplefilter("ignore", MeasurementValidationWarning)
                found = inspect_file(path, args.reader)
        except (CyclerFileError, ValueError, TypeError) as error:
            failed += 1
            said = for_command(str(error), "inspect")
            reports.append({"path": str(path), "ok": False, "error": said})
            if not args.json:
                print(f"{shown(path)}\n  could not be read: {shown(said)}")
            continue
        failed += not found.ok
        report = found.to_dict()
        if not args.json:
            print("\n".join(shown(line) for line in str(found).splitlines()))
        if args.steps:
            try:
                with warnings.catch_warnings():  # said above, in the report
                    warnings.simplefilter("ignore", MeasurementValidationWarning)
                    steps = step_table(path, args.reader)
            except (CyclerFileError, KeyError, ValueError) as error:
                said = f"no step table: {for_command(str(error), 'inspect')}"
                report["steps"] = None
                if not args.json:
                    print(f"  {shown(said)}")
            else:
                report["steps"] = steps.to_pylist()
                if not args.json:
                    print("\n".join(f"  {line}" for line in step_table_lines(steps)))
        reports.append(report)
    if args.json:
        print(json.dumps(reports, indent=2, default=str))
    if args.plot is not None:
        try:
            failed += plot_files(args.files, args.plot, args.reader)
        except MissingDependencyError as error:
            said = for_command(str(error), "inspect")
            print(f"ionworks inspect: {shown(said)}", file=sys.stderr)
            return 2
    return 1 if failed else 0


def run_convert(args: argparse.Namespace) -> int:
    from ..read import CyclerFileError, convert_file
    from ..read._notices import listening

    failed = 0
    for path in args.files:
        try:
            with warnings.catch_warnings(), listening() as heard:
                warnings.simplefilter("ignore", MeasurementValidationWarning)
                written = convert_file(path, args.output, args.to, args.reader)
        except (CyclerFileError, ValueError, TypeError) as error:
            failed += 1
            why = shown(for_command(str(error), "convert"))
            said = f"{shown(path)}: could not be converted: {why}"
            print(said, file=sys.stderr)
            continue
        print(f"{shown(path)} -> {shown(written)}")
        for message in heard:  # what it read around, and the checks it fails
            print(
                f"  warning: {shown(for_command(message, 'convert'))}", file=sys.stderr
            )
    return 1 if failed else 0
