"""The ``ionworks`` command: ``ingest``, ``inspect``, ``convert`` and ``plot``.

Also ``python -m ionworks_async``, which no other package's ``ionworks`` can
take over.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from ._client import AsyncIonworks
from ._runtime.version import __version__
from .errors import IonworksError
from .ingest.lab import ServerUnavailable, ingest_plan
from .ingest.outcome import FileOutcome, LabReport
from .ingest.plan import Plan, plan_folder
from .ingest.plan import __doc__ as PLAN_RULES
from .plots.commands import add_plot_command, plot_files, run_plot
from .tables.table import MissingDependencyError
from .validation import ALWAYS_ON_CHECK_NAMES, STRICT_CHECK_NAMES
from .validation._options import check_options

DASK_CONNECT_SECONDS = 10
"""How long ``--dask`` tries to reach its scheduler before it gives up (exit 3)."""

EXIT_CODES = """
Exit codes: 0 every file done, 1 some failed, 2 a usage or configuration
error, 3 the server unreachable or the credentials refused.
"""

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ionworks", description="Ionworks command line."
    )
    parser.add_argument(
        "--version", action="version", version=f"ionworks-async {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser(
        "ingest",
        help="push a lab's folder of cycler files (safe to re-run)",
        description=PLAN_RULES + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("folder", type=Path)
    ingest.add_argument("--api-key", help="default: IONWORKS_API_KEY")
    ingest.add_argument("--api-url", help="default: IONWORKS_API_URL")
    ingest.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan (specifications, cells, measurements, skipped "
        "files) and send no request",
    )
    ingest.add_argument(
        "--cell-pattern",
        metavar="REGEX",
        help="name the cells of files in no cell folder from their names: the "
        "group 'cell' (else the first group); e.g. '(?P<cell>[^_]+)_'",
    )
    ingest.add_argument(
        "--shard",
        metavar="K/N",
        help="do only shard K (0 to N-1) of N, a fixed share of the cells: run "
        "N jobs (a job array: Slurm, Kubernetes indexed jobs) to share a folder",
    )
    ingest.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run the cells as tasks on a Dask cluster (its scheduler's "
        "address, e.g. tcp://scheduler:8786; pip install 'ionworks-async[dask]'); "
        "the workers must see the folder at the same path",
    )
    ingest.add_argument(
        "--no-raw",
        action="store_true",
        help="do not keep each original file as raw data linked to its measurement",
    )
    ingest.add_argument(
        "--replace-failed",
        action="store_true",
        help="delete a measurement whose processing failed on the server and "
        "upload its file again",
    )
    ingest.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="files uploading at once (default: the client's max_concurrency, 64)",
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
        help="skip this check (repeatable). Strict: "
        + ", ".join(sorted(STRICT_CHECK_NAMES))
        + ". Always-on (with a warning): "
        + ", ".join(sorted(ALWAYS_ON_CHECK_NAMES)),
    )
    ingest.add_argument(
        "--json",
        action="store_true",
        help="print one JSON document (the plan, or every file's outcome)",
    )
    loud = ingest.add_mutually_exclusive_group()
    loud.add_argument(
        "-q", "--quiet", action="store_true", help="print the counts and failures"
    )
    loud.add_argument(
        "-v", "--verbose", action="store_true", help="print each file as it ends"
    )
    ingest.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress line (it is shown only when stderr is a terminal)",
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
    add_plot_command(commands)
    return parser


def _inspect(args: argparse.Namespace) -> int:
    from .read import CyclerFileError, inspect_file

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
    if args.plot is not None:
        try:
            failed += plot_files(args.files, args.plot, args.reader)
        except MissingDependencyError as error:
            print(f"ionworks inspect: {error}", file=sys.stderr)
            return 2
    return 1 if failed else 0


def _convert(args: argparse.Namespace) -> int:
    from .read import CyclerFileError, convert_file

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


def _ingest(args: argparse.Namespace) -> int:
    plan = plan_folder(args.folder, args.cell_pattern)
    if args.shard:
        plan = plan.shard(*_shard(args.shard))
    if args.dry_run:
        print(json.dumps(plan.to_dict(), indent=2) if args.json else plan)
        return 1 if plan.refused else 0
    report = _on_dask(args, plan) if args.dask else asyncio.run(_run(args, plan))
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    elif args.quiet:
        print(report.summary())
        for outcome in report.of("failed"):
            print(f"  {outcome.path}: {outcome.reason}\n    fix: {outcome.fix}")
    else:
        print(report)
    return 0 if report.ok else 1


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    try:
        return int(index), int(count)
    except ValueError:
        raise ValueError(
            f"--shard {text!r}: expected K/N, e.g. 0/4 (shard 0 of 4)"
        ) from None


def _on_dask(args: argparse.Namespace, plan: Plan) -> LabReport:
    try:
        import distributed
    except ImportError:
        raise ValueError(
            "--dask needs Dask's distributed: pip install 'ionworks-async[dask]'"
        ) from None
    from .ingest.on_dask import ingest_on_dask

    options = check_options(args.strict, None, None, args.skip_check)
    try:
        dask = distributed.Client(  # type: ignore[no-untyped-call]
            args.dask, timeout=DASK_CONNECT_SECONDS
        )
    except OSError as error:
        raise ServerUnavailable(
            f"the Dask scheduler at {args.dask} cannot be reached ({error})"
        ) from None
    with dask:
        return ingest_on_dask(
            dask,
            plan,
            api_key=args.api_key,
            api_url=args.api_url,
            options=options,
            replace_failed=args.replace_failed,
            keep_raw=not args.no_raw,
        )


async def _run(args: argparse.Namespace, plan: Plan) -> LabReport:
    options = check_options(args.strict, None, None, args.skip_check)
    show = _Progress(plan, args)
    async with AsyncIonworks(args.api_key, args.api_url) as client:
        report = await ingest_plan(
            client,
            plan,
            options=options,
            concurrency=args.concurrency,
            replace_failed=args.replace_failed,
            on_outcome=show,
            keep_raw=not args.no_raw,
        )
    show.close()
    return report


class _Progress:
    """Each file as it ends (``-v``), or one line counting them on a terminal."""

    def __init__(self, plan: Plan, args: argparse.Namespace) -> None:
        self.total = plan.files + len(plan.refused)
        self.done = 0
        self.verbose = args.verbose and not args.json
        self.line = (
            not (args.quiet or args.json or args.no_progress or self.verbose)
            and sys.stderr.isatty()
        )

    def __call__(self, outcome: FileOutcome) -> None:
        self.done += 1
        if self.verbose:
            print(f"{outcome.status:>9}  {outcome.path}", file=sys.stderr)
        elif self.line:
            print(f"\r{self.done}/{self.total} files", end="", file=sys.stderr)

    def close(self) -> None:
        if self.line and self.done:
            print(file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    ``ingest`` exits 0 when every file was done, 1 when some failed, 2 for a
    usage or configuration error, 3 when the server could not be reached or
    refused the credentials.
    """
    args = _parser().parse_args(argv)
    if args.command == "inspect":
        return _inspect(args)
    if args.command == "convert":
        return _convert(args)
    if args.command == "plot":
        return run_plot(args)
    try:
        return _ingest(args)
    except ServerUnavailable as error:
        print(f"ionworks ingest: {error.message}", file=sys.stderr)
        return 3
    except (ValueError, TypeError) as error:
        print(f"ionworks ingest: {error}", file=sys.stderr)
        return 2
    except IonworksError as error:
        print(f"ionworks ingest: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: run the same command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
