"""``ionworks ingest``: push a lab's folder of cycler files (safe to re-run)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import warnings
from pathlib import Path

from .._client import AsyncIonworks
from ..display import shown
from ..ingest.job import ServerUnavailable, ingest_plan
from ..ingest.plan import Plan, plan_folder
from ..ingest.plan import __doc__ as PLAN_RULES
from ..ingest.report import FileOutcome, LabReport
from ..validation import (
    ALWAYS_ON_CHECK_NAMES,
    STRICT_CHECK_NAMES,
    MeasurementValidationWarning,
    check_options,
)
from .advice import plain_text, plan_for_command, report_for_command

__all__ = ["ServerUnavailable", "add_ingest_command", "run_ingest"]

DASK_CONNECT_SECONDS = 10
"""How long ``--dask`` tries to reach its scheduler before it gives up (exit 3)."""

EXIT_CODES = """
Exit codes: 0 every file done, 1 some failed, 2 a usage or configuration
error, 3 the server unreachable or the credentials refused.
"""


def add_ingest_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``ingest`` to the command line."""
    ingest = commands.add_parser(
        "ingest",
        help="push a lab's folder of cycler files (safe to re-run)",
        description=plain_text(PLAN_RULES or "") + EXIT_CODES,
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
        "--spec",
        metavar="NAME",
        help="the cell specification of files no spec.json governs (default: "
        "the folder's name, when it holds no spec.json)",
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


def run_ingest(args: argparse.Namespace) -> int:
    plan = plan_for_command(plan_folder(args.folder, args.cell_pattern, args.spec))
    if args.shard:
        plan = plan.shard(*_shard(args.shard))
    if args.dry_run:
        print(json.dumps(plan.to_dict(), indent=2) if args.json else plan)
        return 1 if plan.refused else 0
    check_options(args.strict, None, None, args.skip_check)  # warns, once, here
    with warnings.catch_warnings():
        # Each file's warnings are in the report, beside the file: not also
        # printed as they happen, from a worker thread, across the progress line.
        warnings.simplefilter("ignore", MeasurementValidationWarning)
        report = _on_dask(args, plan) if args.dask else asyncio.run(_run(args, plan))
    report = report_for_command(report)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    elif args.quiet:
        print(report.summary())
        for outcome in report.of("failed"):
            print(
                f"  {shown(outcome.path)}: {shown(outcome.reason)}\n"
                f"    fix: {shown(outcome.fix)}"
            )
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
    from ..ingest.on_dask import ingest_on_dask

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
            print(f"{outcome.status:>9}  {shown(outcome.path)}", file=sys.stderr)
        elif self.line:
            print(f"\r{self.done}/{self.total} files", end="", file=sys.stderr)

    def close(self) -> None:
        if self.line and self.done:
            print(file=sys.stderr)
