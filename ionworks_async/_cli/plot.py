"""The plotting commands: ``ionworks inspect FILE --plot OUT`` and ``ionworks plot``.

``inspect --plot`` draws a cycler file as read, on this machine, before
anything is sent; ``plot`` fetches a measurement (or, with ``--instance``, a
cell's cycles) from the API and draws it. Both write a PNG (or any format
matplotlib knows by the file's extension).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import warnings
from pathlib import Path
from typing import Any

from .._client import AsyncIonworks
from ..display import shown
from ..errors import IonworksError, MissingDependencyError
from .advice import for_command

__all__ = ["add_plot_command", "plot_files", "run_plot"]


def add_plot_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``plot`` to the ``ionworks`` command's subcommands."""
    plot = commands.add_parser(
        "plot",
        help="draw a measurement (or a cell's cycles) from the API as an image",
        description="Fetch a time-series measurement and draw voltage and "
        "current against time, its steps shaded; with --instance, fetch a cell "
        "instance and draw capacity (or energy) per cycle across its "
        "measurements. Exit codes: 0 written, 1 the API refused, 2 a usage error.",
    )
    plot.add_argument("id", metavar="ID", help="a measurement id (an instance's)")
    plot.add_argument("-o", "--output", type=Path, required=True, help="image file")
    plot.add_argument("--instance", action="store_true", help="ID is a cell instance's")
    plot.add_argument("--quantity", choices=("capacity", "energy"), default="capacity")
    plot.add_argument("--api-key", help="default: IONWORKS_API_KEY")
    plot.add_argument("--api-url", help="default: IONWORKS_API_URL")


def plot_files(files: list[Path], output: Path, reader: str | None) -> int:
    """Draw each file as read; return the number that could not be drawn.

    One file is drawn to ``output``; several go into the folder ``output``,
    each as ``<file name>.png``.
    """
    from ..display.figures import plot_time_series
    from ..read import CyclerFileError
    from ..read.reading import normalised

    if len(files) > 1:
        output.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in files:
        target = output / f"{path.name}.png" if len(files) > 1 else output
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # inspect reports the checks
                table, _, key = normalised(path, reader)
            plot_time_series(table, title=f"{path.name} ({key})").savefig(target)
        except (CyclerFileError, ValueError, TypeError, OSError) as error:
            failed += 1
            why = shown(for_command(str(error), "plot"))
            print(f"{shown(path)}: could not be drawn: {why}", file=sys.stderr)
            continue
        print(f"{shown(path)} -> {shown(target)}")
    return failed


def run_plot(args: argparse.Namespace) -> int:
    """Run ``ionworks plot``; return its exit code."""
    try:
        figure = asyncio.run(_fetch_and_draw(args))
        figure.savefig(args.output)
    except MissingDependencyError as error:
        print(
            f"ionworks plot: {shown(for_command(str(error), 'plot'))}", file=sys.stderr
        )
        return 2
    except IonworksError as error:
        print(
            f"ionworks plot: {shown(for_command(str(error), 'plot'))}", file=sys.stderr
        )
        return 1
    except (ValueError, OSError) as error:
        print(
            f"ionworks plot: {shown(for_command(str(error), 'plot'))}", file=sys.stderr
        )
        return 2
    print(f"{args.id} -> {args.output}")
    return 0


async def _fetch_and_draw(args: argparse.Namespace) -> Any:
    async with AsyncIonworks(
        args.api_key, args.api_url, dataframe_backend="arrow"
    ) as client:
        if args.instance:
            detail = await client.cell_instance.detail(args.id)
            return detail.plot(quantity=args.quantity)
        measurement = await client.cell_measurement.detail(args.id)
        return measurement.plot()


def _say(error: Exception) -> None:
    print(f"ionworks plot: {shown(for_command(str(error), 'plot'))}", file=sys.stderr)
