"""The ``ionworks`` command: ``ionworks ingest FOLDER``."""

from __future__ import annotations

import argparse
import asyncio
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
    return parser


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
