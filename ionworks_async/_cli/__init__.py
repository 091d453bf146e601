"""The ``ionworks`` command: ``ingest``, ``inspect``, ``convert`` and ``plot``.

Also ``python -m ionworks_async``, which no other package's ``ionworks`` can
take over. One module a command: :mod:`.ingest`, :mod:`.files` (``inspect``
and ``convert``), :mod:`.plot`.
"""

from __future__ import annotations

import argparse
import sys

from .._runtime.version import __version__
from ..display import shown
from ..errors import IonworksError
from .advice import for_command
from .files import add_file_commands, run_convert, run_inspect
from .ingest import ServerUnavailable, add_ingest_command, run_ingest
from .plot import add_plot_command, run_plot

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ionworks", description="Ionworks command line."
    )
    parser.add_argument(
        "--version", action="version", version=f"ionworks-async {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add_ingest_command(commands)
    add_file_commands(commands)
    add_plot_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    ``ingest`` exits 0 when every file was done, 1 when some failed, 2 for a
    usage or configuration error, 3 when the server could not be reached or
    refused the credentials.
    """
    args = _parser().parse_args(argv)
    if args.command == "inspect":
        return run_inspect(args)
    if args.command == "convert":
        return run_convert(args)
    if args.command == "plot":
        return run_plot(args)
    try:
        return run_ingest(args)
    except ServerUnavailable as error:
        print(f"ionworks ingest: {_shown(error.message)}", file=sys.stderr)
        return 3
    except (ValueError, TypeError) as error:
        print(f"ionworks ingest: {_shown(error)}", file=sys.stderr)
        return 2
    except IonworksError as error:
        print(f"ionworks ingest: {_shown(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: run the same command again to finish", file=sys.stderr)
        return 130


def _shown(message: object) -> str:
    """Return a message for the terminal: its lines kept, controls escaped."""
    text = for_command(str(message), "ingest")
    return "\n".join(shown(line) for line in text.splitlines())
