"""Neware's native files, ``.nda`` (several versions) and ``.ndax``, via fastnda.

fastnda (BSD-3-Clause, the ``cyclers`` extra) decodes the records; its BDF
columns (``test_time_second``, ``current_ampere`` positive charging,
``step_count``, ``cycle_count``, ``step_net_capacity_ah``) are mapped here
like any other file's. Files are recognised by content: ``NEWARE`` first for
``.nda``, a zip holding Neware's ``data.ndc`` and ``TestInfo.xml`` for
``.ndax``, whatever their names end in.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Field,
    Head,
    MissingDependencyError,
    parse_moment,
    pyarrow_module,
    read_mapped,
)

__all__ = ["NewareBinaryReader"]

INFLATED_RATIO = 100
"""How many times its size an ``.ndax`` may inflate to (its records, as
fastnda reads them, take a few times that again in memory)."""
INFLATED_FLOOR = 64 * 1024 * 1024
"""What any ``.ndax`` may inflate to, whatever its ratio."""

FIELDS = (
    Field("time", ("test time",), required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step count",)),
    Field("cycle", ("cycle count",)),
    Field("capacity", ("step net capacity",)),
    Field("energy", ("step net energy",)),
    Field("temperature", ("aux1 temperature", "aux temperature")),
)


def _suffix(head: Head) -> str | None:
    if head.data.startswith(b"NEWARE"):
        return ".nda"
    if head.data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(head.path) as archive:
                names = {Path(n).name.lower() for n in archive.namelist()}
        except (zipfile.BadZipFile, OSError):
            return None
        if "data.ndc" in names or "testinfo.xml" in names:
            return ".ndax"
    return None


@contextlib.contextmanager
def _named(path: Path, suffix: str) -> Iterator[Path]:
    """Give the file a name ending in ``suffix`` (fastnda goes by the name)."""
    if path.suffix.lower() == suffix:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="ionworks-neware-") as folder:
        alias = Path(folder) / f"file{suffix}"
        os.symlink(path.resolve(), alias)
        yield alias


class NewareBinaryReader:
    """Neware's ``.nda`` and ``.ndax`` files."""

    key = "neware nda"
    cycler = "Neware"
    order = 110
    folder_names = ("neware",)
    aliases = ("neware ndax", "neware_nda", "neware_ndax")

    def recognises(self, head: Head) -> bool:
        """Recognise ``NEWARE`` magic bytes, or a zip of Neware's parts."""
        return _suffix(head) is not None

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Decode the records with fastnda, then map its columns."""
        pa = pyarrow_module()
        try:
            import fastnda
        except ImportError:
            raise MissingDependencyError(
                "Reading Neware .nda/.ndax files needs fastnda: "
                "pip install 'ionworks-async[cyclers]'"
            ) from None
        _quiet_fastnda()
        suffix = _suffix(head)
        if suffix is None:
            raise CorruptFileError(head.path, "not a Neware .nda or .ndax file")
        if suffix == ".ndax":
            _check_inflation(head)
        try:
            with _named(head.path, suffix) as path:
                frame = fastnda.read(path, cycle_mode="raw", columns="bdf")
                found = fastnda.read_metadata(path)
        except Exception as error:  # a damaged file, as fastnda meets it
            raise CorruptFileError(
                head.path,
                f"its Neware records could not be decoded "
                f"({type(error).__name__}: {error})",
            ) from None
        table = frame.drop("step_type").to_arrow()

        def load(numbers: list[str], strings: list[str], durations: list[str]) -> Any:
            return table.select([*numbers, *strings]).cast(
                pa.schema(
                    [pa.field(n, pa.float64()) for n in numbers]
                    + [pa.field(n, pa.string()) for n in strings]
                )
            )

        return read_mapped(
            head.path,
            table.column_names,
            load,
            FIELDS,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=_metadata(found),
        )


def _check_inflation(head: Head) -> None:
    """Refuse an ``.ndax`` whose members would inflate implausibly (a zip bomb).

    A member is inflated to the size it declares and no further (Python's
    zipfile stops there), so the declared sizes bound the memory a read
    takes: at most :data:`INFLATED_RATIO` times the file, or
    :data:`INFLATED_FLOOR`.
    """
    try:
        with zipfile.ZipFile(head.path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise CorruptFileError(head.path, f"not a readable zip ({error})") from None
    inflated = sum(member.file_size for member in members)
    bound = max(INFLATED_FLOOR, INFLATED_RATIO * head.size)
    if inflated > bound:
        largest = max(members, key=lambda member: member.file_size)
        raise CorruptFileError(
            head.path,
            f"it would inflate to {inflated / 2**20:,.0f} MiB from "
            f"{head.size / 2**20:,.1f} MiB ({largest.filename} alone to "
            f"{largest.file_size / 2**20:,.0f} MiB): no Neware file compresses "
            f"{inflated / head.size:,.0f} times; it is damaged or not a cycler's",
        )


def _dig(found: Any, *keys: str) -> Any:
    """Follow keys into nested dicts; ``None`` where one is missing."""
    for key in keys:
        if not isinstance(found, Mapping):
            return None
        found = found.get(key)
    return found


def _metadata(found: Mapping[str, Any]) -> dict[str, Any]:
    info = _dig(found, "TestInfo", "TestInfo") or {}
    head = _dig(found, "Step", "Head_Info") or {}
    flat: dict[str, Any] = {"cycler": "Neware"}
    moment = parse_moment(str(found.get("start_time") or info.get("StartTime") or ""))
    if moment is not None:
        flat["start_time"] = moment
    for key, value in (
        ("barcode_comment", found.get("barcode") or info.get("Barcode")),
        ("procedure", info.get("StepName")),
        ("operator", found.get("creator") or _dig(head, "Creator", "Value")),
        ("notes", found.get("remarks") or _dig(head, "Remark", "Value")),
        ("channel_number", info.get("ChlID")),
    ):
        if value:
            flat[key] = value
    return flat


_FASTNDA_NOISE = (
    "Raw cycle column missing",  # its own cycle numbers: we number cycles
    "Data contains Pulse, SIM, or Ramp steps",  # ours, from the steps
)


def _fastnda_noise(record: logging.LogRecord) -> bool:
    """Keep a fastnda log record unless it is about its cycle numbering."""
    return not str(record.msg).startswith(_FASTNDA_NOISE)


def _quiet_fastnda() -> None:
    """Silence what fastnda says of things this reader does not use (once).

    Its cycle numbering (we count cycles from the steps) and its caution on a
    metadata layout it has seen little of (we take the cycler's name from
    it): said on every read, to a user who cannot act on either.
    """
    for name in ("fastnda.main", "fastnda.utils"):
        logger = logging.getLogger(name)
        if _fastnda_noise not in logger.filters:
            logger.addFilter(_fastnda_noise)
    warnings.filterwarnings(
        "ignore", message="read_metadata for NDA", category=UserWarning
    )
