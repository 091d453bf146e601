"""The ``ionworksdata.read`` functions, on this package's readers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._runtime.boundary import input_boundary
from ..errors import MissingDependencyError
from ..tables.bridge import arrow_array
from ..tables.table import pyarrow_module
from ._columns import CyclerColumns
from ._detect import reader_for, reader_named
from ._head import Head, checked_file
from ._header import measurement_fields
from ._notices import warn_reading
from ._protocol import Reader
from .errors import CorruptFileError, CyclerFileError, UnknownFormatError, article
from .normalise import Normaliser, normalised_tables

__all__ = [
    "detect_reader",
    "is_api_file",
    "native_table",
    "normalised",
    "normalised_blocks",
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
        warn_reading(
            f"{head.path}: {normaliser.dropped} rows without a time or a current "
            "were left out (the API needs both)",
        )
    if sign_check:
        _confirm_sign(head, chosen, vote)


def _confirm_sign(head: Head, chosen: Reader, vote: Any) -> None:
    largest = vote.largest

    for issue in vote.issues():
        if issue.code == "current_sign_reversed" and largest < NOISE_CURRENT:
            warn_reading(
                f"{head.path}: its current never exceeds {largest:.3g} A, the "
                "level of a rest's noise: its sign cannot be confirmed",
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
            warn_reading(
                f"{head.path}: [{issue.code}] {issue.message}",
            )


@input_boundary(CyclerFileError)
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
