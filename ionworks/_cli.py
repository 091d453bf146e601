"""The ``ionworks`` command: ``ingest``, ``inspect`` and ``convert``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from ionworks_async import AsyncIonworks, IonworksError
from ionworks_async.ingest.folder import __doc__ as LAYOUT
from ionworks_async.ingest.folder import ingest_folder
from ionworks_async.validation import STRICT_CHECK_NAMES

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ionworks", description="Ionworks command line."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser(
        "ingest",
        help="push a folder of cycler exports (safe to re-run)",
        description=LAYOUT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("folder", type=Path)
    ingest.add_argument("--api-key", help="default: IONWORKS_API_KEY")
    ingest.add_argument("--api-url", help="default: IONWORKS_API_URL")
    ingest.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="items in flight at once (default: the client's max_concurrency, 64)",
    )
    ingest.add_argument(
        "--no-progress", action="store_true", help="print no progress bar"
    )
    ingest.add_argument(
        "--strict",
        action="store_true",
        help="run the strict data checks too (validate_strict)",
    )
    ingest.add_argument(
        "--skip-check",
        action="append",
        default=[],
        metavar="NAME",
        help="skip this strict check (repeatable): "
        + ", ".join(sorted(STRICT_CHECK_NAMES)),
    )
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
    return parser


def _inspect(args: argparse.Namespace) -> int:
    from ionworks_async.read import CyclerFileError, inspect_file

    reports: list[dict[str, object]] = []
    failed = 0
    for path in args.files:
        try:
            found = inspect_file(path, args.reader)
        except (CyclerFileError, ValueError, TypeError) as error:
            failed += 1
            reports.append({"path": str(path), "ok": False, "error": str(error)})
            if not args.json:
                print(f"{path}\n  could not be read: {error}")
            continue
        failed += not found.ok
        reports.append(found.to_dict())
        if not args.json:
            print(found)
    if args.json:
        print(json.dumps(reports, indent=2, default=str))
    return 1 if failed else 0


def _convert(args: argparse.Namespace) -> int:
    from ionworks_async.read import CyclerFileError, convert_file

    failed = 0
    for path in args.files:
        try:
            written = convert_file(path, args.output, args.to, args.reader)
        except (CyclerFileError, ValueError, TypeError) as error:
            failed += 1
            print(f"{path}: could not be converted: {error}", file=sys.stderr)
            continue
        print(f"{path} -> {written}")
    return 1 if failed else 0


async def _ingest(args: argparse.Namespace) -> int:
    async with AsyncIonworks(args.api_key, args.api_url) as client:
        report = await ingest_folder(
            client,
            args.folder,
            concurrency=args.concurrency,
            progress=not args.no_progress,
            strict=args.strict,
            skip_checks=args.skip_check,
        )
    print(report)
    if not report.ok:
        print(
            f"ingest: {len(report.instances.failed) + len(report.measurements.failed)} "
            "items failed; fix them and run the same command again",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "inspect":
        return _inspect(args)
    if args.command == "convert":
        return _convert(args)
    try:
        return asyncio.run(_ingest(args))
    except (ValueError, IonworksError) as error:
        print(f"ionworks {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: run the same command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
