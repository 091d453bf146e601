"""The ``ionworksdata.read`` functions, on this package's readers."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingDependencyError
from ..tables.bridge import arrow_array
from ..tables.table import Table, pyarrow_module
from ..types import Frame
from ._columns import CyclerColumns
from ._detect import reader_for, reader_named
from ._head import Head, checked_file
from ._header import measurement_fields
from ._protocol import Reader
from .errors import CorruptFileError, CyclerFileError, UnknownFormatError, article
from .normalise import Normaliser, normalised_tables

__all__ = [
    "detect_reader",
    "is_api_file",
    "measurement_details",
    "metadata",
    "native_table",
    "normalised",
    "normalised_blocks",
    "start_time",
    "time_series",
    "time_series_and_steps",
]

Filename = str | os.PathLike[str]

NOISE_CURRENT = 1e-4
"""A file whose current never exceeds this (A) only rests: the sign vote on
its noise confirms nothing."""


def _reader(head: Head, reader: str | None) -> Reader:
    return reader_for(head) if reader is None else reader_named(reader)


@contextlib.contextmanager
def _damage_named(head: Head, reader: Reader) -> Iterator[None]:
    """Turn any other error met while reading a file into a typed one naming it.

    A damaged file breaks a reader, or the library under it, in ways of its
    own (``IndexError``, ``struct.error``, ``NotImplementedError``, a codec's
    error): the caller gets a :class:`CorruptFileError` naming the file and
    what broke, and a job of many files goes on with the others. A file its
    reader does not recognise (a reader named by the caller) is "not an
    export" of that cycler: an :class:`UnknownFormatError`, whatever broke.
    """
    try:
        yield
    except (MissingDependencyError, MemoryError):
        raise
    except Exception as error:
        if not _recognised(head, reader):
            reason = str(error).removeprefix(f"{head.path}: ")
            if not isinstance(error, CyclerFileError):
                reason = f"{type(error).__name__}: {error}"
            raise UnknownFormatError(
                head.path,
                f"not {article(reader.cycler)} {reader.cycler} export: the "
                f"{reader.key!r} reader does not recognise it ({reason}); leave "
                "the reader out to detect the file's own",
            ) from error
        if isinstance(error, CyclerFileError):
            raise
        raise CorruptFileError(
            head.path,
            f"read as {article(reader.cycler)} {reader.cycler} file, it is "
            f"damaged or cut short ({type(error).__name__}: {error})",
        ) from error


def _recognised(head: Head, reader: Reader) -> bool:
    try:
        return reader.recognises(head)
    except Exception:  # a head too damaged to look at
        return False


def cycler_columns(
    filename: Filename,
    reader: str | None,
    extra_column_mappings: Mapping[str, str] | None,
    options: Mapping[str, Any] | None,
) -> tuple[Reader, CyclerColumns, Head]:
    """Read a file with its reader (recognised, or named): reader, columns, head."""
    head = Head.checked(filename)
    chosen = _reader(head, reader)
    settings = dict(options or {})
    if extra_column_mappings:
        settings["extra_column_mappings"] = dict(extra_column_mappings)
    with _damage_named(head, chosen):
        return chosen, chosen.read(head, settings), head


def normalised(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[Any, dict[str, Any], str]:
    """Read a file into the API's columns: a pyarrow table, its metadata, its reader.

    The always-on sign vote then confirms the file's current convention: a
    file whose current the vote finds reversed is refused, an indeterminate
    one is warned about (never silently flipped).
    """
    pa = pyarrow_module()
    tables, found, key = normalised_blocks(
        filename, reader, extra_column_mappings, extra_constant_columns, options
    )
    whole = list(tables)
    return pa.concat_tables(whole) if len(whole) > 1 else whole[0], found, key


def normalised_blocks(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
    *,
    sign_check: bool = True,
) -> tuple[Iterator[Any], dict[str, Any], str]:
    """Read a file into the API's columns a few whole steps at a time.

    With ``sign_check=False`` a current that charges when positive is not
    refused (the caller skipped ``current_sign_reversed``).

    Returns
    -------
    tuple
        An iterator of pyarrow tables (in row order; it raises
        :class:`CyclerFileError` once the file proves unreadable or its sign
        reversed, after the last table, so a consumer must not keep what it
        wrote from them before it ends), the file's metadata and its reader's
        key. Memory stays at about a block of the file plus one step.
    """
    chosen, raw, head = cycler_columns(filename, reader, extra_column_mappings, options)
    tables = _checked(head, chosen, raw, dict(extra_constant_columns or {}), sign_check)
    return tables, raw.metadata, chosen.key


def _checked(
    head: Head,
    chosen: Reader,
    raw: CyclerColumns,
    constants: dict[str, float],
    sign_check: bool = True,
) -> Iterator[Any]:
    """Yield the normalised tables, sign-voted as they pass; judge at the end."""
    from ..validation.sign import SignVote

    vote, rows = SignVote(), 0
    normaliser = Normaliser(vote)
    tables = normalised_tables(raw, normaliser=normaliser)  # voted on as built
    while True:
        with _damage_named(head, chosen):  # a block read lazily may be damaged
            table = next(tables, None)
        if table is None:
            break
        if table.num_rows == 0:
            continue
        rows += table.num_rows
        for name, value in constants.items():
            column = arrow_array(np.full(table.num_rows, value, dtype=np.float64))
            table = table.append_column(name, column)
        yield table
    if rows == 0:
        raise CyclerFileError(head.path, "it holds no rows of data")
    if normaliser.dropped:
        from ..validation.issues import MeasurementValidationWarning

        warnings.warn(
            f"{head.path}: {normaliser.dropped} rows without a time or a current "
            "were left out (the API needs both)",
            MeasurementValidationWarning,
            stacklevel=4,
        )
    if sign_check:
        _confirm_sign(head, chosen, vote)


def _confirm_sign(head: Head, chosen: Reader, vote: Any) -> None:
    from ..validation.issues import MeasurementValidationWarning

    largest = vote.largest

    for issue in vote.issues():
        if issue.code == "current_sign_reversed" and largest < NOISE_CURRENT:
            warnings.warn(
                f"{head.path}: its current never exceeds {largest:.3g} A, the "
                "level of a rest's noise: its sign cannot be confirmed",
                MeasurementValidationWarning,
                stacklevel=5,
            )
        elif issue.code == "current_sign_reversed":
            raise CyclerFileError(
                head.path,
                f"read as {article(chosen.cycler)} {chosen.cycler} file, its "
                "current charges the cell "
                "when positive, against that cycler's convention: "
                f"{issue.message} (pass reader=... if it is another cycler's)",
            )
        else:
            warnings.warn(
                f"{head.path}: [{issue.code}] {issue.message}",
                MeasurementValidationWarning,
                stacklevel=5,
            )


def _frame(table: Any) -> Frame:
    from ..tables.backends import convert, resolve_backend

    return convert(Table.from_arrow(table), resolve_backend(None))


def detect_reader(filename: Filename) -> str:
    """Return the key of the reader that recognises a file by its content.

    Parameters
    ----------
    filename : str or PathLike
        The file.

    Returns
    -------
    str
        A reader key (``"maccor"``, ``"biologic"``, ``"bdf"``, ...).

    Raises
    ------
    UnknownFormatError
        When no reader recognises it, saying what it looks like.
    """
    return reader_for(Head.checked(filename)).key


def time_series(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
) -> Frame:
    """Read a cycler's file into the API's time series.

    Parameters
    ----------
    filename : str or PathLike
        The file: any format :data:`READERS` knows, recognised by content.
    reader : str, optional
        A reader key, instead of recognising the file.
    extra_column_mappings : mapping, optional
        File column -> API column, for columns no reader knows.
    extra_constant_columns : mapping, optional
        Columns to add with one value on every row.
    options : mapping, optional
        Reader options.

    Returns
    -------
    Frame
        ``Time [s]`` (from 0), ``Current [A]`` (positive on discharge),
        ``Voltage [V]``, ``Step count``, ``Cycle count``, capacities and
        energies per step, and what else the file holds (temperature,
        impedance), as the process's ``dataframe_backend`` setting names
        (:func:`ionworks.set_dataframe_backend`, ``IONWORKS_DATAFRAME_BACKEND``).

    Raises
    ------
    CyclerFileError
        When the file cannot be read faithfully, naming it and why.
    """
    table, _, _ = normalised(
        filename, reader, extra_column_mappings, extra_constant_columns, options
    )
    return _frame(table)


def time_series_and_steps(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[Frame, Frame]:
    """Read a file's time series, check it, and summarise its steps.

    With ``options={"validate": False}`` the always-on checks are skipped.

    Returns
    -------
    tuple of Frame
        The time series (see :func:`time_series`) and one row a step.

    Raises
    ------
    MeasurementValidationError
        When the series fails the always-on checks (the message names the file).
    """
    table, _, _ = normalised(
        filename, reader, extra_column_mappings, extra_constant_columns, options
    )
    if (options or {}).get("validate", True):
        _check(filename, table)
    from ..analysis.steps import steps_and_cycles

    steps, _ = steps_and_cycles(table)
    return _frame(table), _frame(steps)


def _check(filename: Filename, table: Any) -> None:
    from ..validation.checker import TimeSeriesChecker
    from ..validation.issues import MeasurementValidationError, errors_in
    from ..validation.options import CheckOptions

    checker = TimeSeriesChecker(CheckOptions())
    checker.feed(table)
    errors = errors_in(checker.finish())
    if errors:
        raise MeasurementValidationError.of(errors, filename)


def measurement_details(
    filename: Filename,
    measurement: dict[str, Any],
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Read a file into what ``cell_measurement.create`` takes.

    The file's header metadata fills the measurement's fields the caller did
    not set (``start_time``, ``protocol``, ``test_setup``); ``measurement`` is
    updated in place, as ionworksdata does.

    Returns
    -------
    dict
        ``{"measurement": measurement, "time_series": frame, "steps": frame}``.
    """
    series, steps = time_series_and_steps(
        filename, reader, extra_column_mappings, extra_constant_columns, options
    )
    for key, value in metadata(filename, reader).items():
        if isinstance(value, dict) and isinstance(measurement.get(key), dict):
            measurement[key] = {**value, **measurement[key]}
        else:
            measurement.setdefault(key, value)
    return {"measurement": measurement, "time_series": series, "steps": steps}


def metadata(filename: Filename, reader: str | None = None) -> dict[str, Any]:
    """Return a file's header metadata as measurement fields.

    Returns
    -------
    dict
        ``start_time`` (ISO 8601), ``protocol`` (``{"name": ...}``) and
        ``test_setup`` (cycler, channel, instrument, operator, ...), as far as
        the file says.
    """
    _, raw, _ = cycler_columns(filename, reader, None, None)
    return measurement_fields(raw.metadata)


def start_time(filename: Filename, reader: str | None = None) -> dt.datetime | None:
    """Return when the test began, as the file's header says, or ``None``.

    A header time without a zone is returned naive (the cycler's local time).
    """
    _, raw, _ = cycler_columns(filename, reader, None, None)
    moment = raw.metadata.get("start_time")
    return moment if isinstance(moment, dt.datetime) else None


def is_api_file(path: Path) -> bool:
    """Whether a CSV or parquet file is in the API's columns already.

    Such a file is streamed as it is (flat memory, any size); any other file
    is read by its cycler's reader.
    """
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        try:
            names = pyarrow_module().parquet.read_schema(path).names
        except Exception:  # not readable as parquet: its reader says why
            return False
    elif suffix == ".csv":
        with path.open("rb") as handle:
            first = handle.readline(64 * 1024).decode("utf-8", "replace")
        names = [n.strip().strip('"') for n in first.lstrip("\ufeff").split(",")]
    else:
        return False
    return "Time [s]" in names and "Current [A]" in names


def native_table(
    source: Any, *, sign_check: bool = True
) -> tuple[Iterator[Any], dict[str, Any], Path] | None:
    """Read an upload's file with its cycler's reader, unless it is an API file.

    Returns
    -------
    tuple or None
        The normalised table as record batches (read a few whole steps at a
        time; see :func:`normalised_blocks`), the file's metadata as
        measurement fields, and the file's path; ``None`` when ``source`` is
        no file, or a CSV or parquet file already in the API's columns
        (streamed as it is).
    """
    if not isinstance(source, (str, os.PathLike)):
        return None
    path = checked_file(source)
    if is_api_file(path):
        return None
    tables, flat, _ = normalised_blocks(path, sign_check=sign_check)
    batches = (batch for table in tables for batch in table.to_batches())
    return batches, measurement_fields(flat), path
