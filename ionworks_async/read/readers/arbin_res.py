"""Arbin MITS Pro ``.res`` files: Microsoft Access (Jet) databases.

The records are ``Channel_Normal_Table`` (the underscored names of Arbin's
database: ``Test_Time``, ``Current`` positive charging, ``Voltage``,
``Step_Index``, ``Cycle_Index``, cumulative ``Charge_Capacity`` ...), the
test's header ``Global_Table`` (``Start_DateTime`` as an OLE date,
``Test_Name``, ``Creator``, ``Schedule_File_Name``, ``Channel_Number``).
They are read with mdbtools' ``mdb-export`` when it is on ``PATH`` (fast),
else with access-parser (Apache-2.0, pure Python: works on Windows too).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Field,
    Head,
    MissingDependencyError,
    UnknownFormatError,
    arrow_array,
    arrow_buffer,
    arrow_scalar,
    floats,
    note_csv_read,
    pyarrow_module,
    python_array,
    read_mapped,
    warn_reading,
)

__all__ = ["ArbinResReader", "ole_moment"]

MAGICS = (b"\x00\x01\x00\x00Standard Jet DB", b"\x00\x01\x00\x00Standard ACE DB")
RECORDS = "Channel_Normal_Table"
HEADER = "Global_Table"
AUXILIARY = "Auxiliary_Table"
AUXILIARY_UNITS = "Aux_Global_Data_Table"
OLE_EPOCH = dt.datetime(1899, 12, 30)

FIELDS = (
    Field("time", ("test time",), required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step index",)),
    Field("cycle", ("cycle index",)),
    Field("charge_capacity", ("charge capacity",)),
    Field("discharge_capacity", ("discharge capacity",)),
    Field("charge_energy", ("charge energy",)),
    Field("discharge_energy", ("discharge energy",)),
)


def ole_moment(days: float) -> dt.datetime:
    """Return the moment of an OLE automation date (days since 1899-12-30)."""
    return OLE_EPOCH + dt.timedelta(days=days)


def _tables(
    path: Path, names: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Read Access tables: with mdb-export when present, else access-parser.

    The ``optional`` ones are read when the database has them.
    """
    if shutil.which("mdb-export"):
        found = {name: _exported(path, name) for name in names}
        for name in optional:
            try:
                found[name] = _exported(path, name)
            except CorruptFileError:
                continue  # not in this database
        return found
    try:
        from access_parser import AccessParser
    except ImportError:
        raise MissingDependencyError(
            "Reading Arbin .res files needs access-parser (or mdbtools' "
            "mdb-export on PATH): pip install 'ionworks-async[cyclers]'"
        ) from None
    pa = pyarrow_module()
    complaints = _Complaints()
    parser_log = logging.getLogger("access_parser")
    parser_log.addFilter(complaints)
    try:
        database = AccessParser(str(path))
        found = {}
        for name in (*names, *optional):
            if name not in database.catalog:
                if name in optional:
                    continue
                raise UnknownFormatError(
                    path, f"an Access database without Arbin's {name}"
                )
            table = database.get_table(name)
            columns = table.parse()
            if name == RECORDS:
                _whole_or_leading(path, columns, table.table_header.number_of_rows)
            found[name] = pa.Table.from_arrays(
                [python_array(values) for values in columns.values()],
                names=list(columns),
            )
    except UnknownFormatError:
        raise
    except Exception as error:  # a damaged database, as access-parser meets it
        raise CorruptFileError(
            path, f"its database could not be read ({type(error).__name__}: {error})"
        ) from None
    finally:
        parser_log.removeFilter(complaints)
    if complaints.said:
        # access-parser skips a page it cannot find and reads on: the rows on
        # it would be missing from the middle of the test, without a word.
        raise CorruptFileError(
            path,
            f"{complaints.said} of its database's pages could not be found or "
            f"read ({complaints.first}): it is cut short (a copy taken while "
            "the test still ran?); copy it again once the test has ended",
        )
    return found


def _whole_or_leading(path: Path, columns: dict[str, list[Any]], declared: int) -> None:
    """Check a records table holds the rows its database declares.

    A copy taken while MITS Pro still writes the file holds fewer: when the
    rows read are the test's first ones (``Data_Point`` 1, 2, ... with none
    missing), they are kept with a warning (``ionworks ingest`` extends the
    measurement when the whole file arrives); a gap is never read past.
    """
    points = columns.get("Data_Point") or []
    if len(points) >= declared:
        return
    if not points:
        raise CorruptFileError(
            path,
            f"it holds none of the {declared} rows its database declares: cut "
            "short (a copy taken while the test still ran?); copy it again",
        )
    first = min(points)
    if sorted(points) != list(range(first, first + len(points))):
        raise CorruptFileError(
            path,
            f"it holds {len(points)} of the {declared} rows its database "
            "declares, with rows missing between them: damaged; copy it again",
        )
    warn_reading(
        f"{path}: it holds the first {len(points)} of the {declared} rows its "
        "database declares: cut short (a copy taken while the test still "
        "ran?); the complete rows are read",
    )


class _Complaints(logging.Filter):
    """access-parser's warnings while this thread reads: counted, not printed."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()
        self.said = 0
        self.first = ""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.thread != self.thread or record.levelno < logging.WARNING:
            return True
        self.said += 1
        self.first = self.first or record.getMessage()
        return False


def _exported(path: Path, name: str) -> Any:
    pa = pyarrow_module()
    import pyarrow.csv as pacsv

    command = ["mdb-export", "-D", "%Y-%m-%d %H:%M:%S", str(path), name]
    try:
        done = subprocess.run(command, capture_output=True, check=True, timeout=600)
        table = pacsv.read_csv(pa.BufferReader(arrow_buffer(done.stdout)))
        note_csv_read()
        return table
    except subprocess.CalledProcessError as error:
        text = error.stderr.decode("utf-8", "replace").strip()[:200]
        raise CorruptFileError(
            path, f"mdb-export could not read {name}: {text}"
        ) from None
    except (subprocess.TimeoutExpired, pa.ArrowInvalid) as error:
        raise CorruptFileError(
            path, f"mdb-export could not read {name}: {error}"
        ) from None


class ArbinResReader:
    """Arbin's ``.res`` databases."""

    key = "arbin res"
    cycler = "Arbin"
    order = 30
    folder_names = ("arbin",)
    aliases = ("arbin_res",)

    def recognises(self, head: Head) -> bool:
        """Recognise an Access (Jet/ACE) database."""
        return head.data.startswith(MAGICS)

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read the records and the test's header."""
        pa = pyarrow_module()
        tables = _tables(head.path, (RECORDS, HEADER), (AUXILIARY, AUXILIARY_UNITS))
        records = tables[RECORDS]
        keys = [k for k in ("Test_ID", "Data_Point") if k in records.column_names]
        fields: tuple[Field, ...] = FIELDS
        if AUXILIARY in tables and keys:
            records, channels = _with_auxiliary(
                records, tables[AUXILIARY], tables.get(AUXILIARY_UNITS), keys
            )
            fields = (*FIELDS, *channels)
        if keys:
            records = records.sort_by([(k, "ascending") for k in keys])

        def load(numbers: list[str], strings: list[str], durations: list[str]) -> Any:
            return records.select([*numbers, *strings]).cast(
                pa.schema(
                    [pa.field(n, pa.float64()) for n in numbers]
                    + [pa.field(n, pa.string()) for n in strings]
                )
            )

        return read_mapped(
            head.path,
            records.column_names,
            load,
            fields,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=_metadata(tables[HEADER]),
        )


def _with_auxiliary(
    records: Any, auxiliary: Any, units: Any, keys: list[str]
) -> tuple[Any, tuple[Field, ...]]:
    """Join the auxiliary channels to the records; the fields that read them.

    ``Auxiliary_Table`` holds one row a data point, channel and kind
    (``Data_Type`` 0 a voltage, 1 a temperature: the units of
    ``Aux_Global_Data_Table`` say). The first temperature channel is the
    cell's ``Temperature [degC]``; the others are kept as ``Temperature 2
    [degC]``, ..., the voltages as ``Auxiliary voltage 1 [V]``, ...
    """
    import pyarrow.compute as pc

    if not {*keys, "Auxiliary_Index", "Data_Type", "X"} <= set(auxiliary.column_names):
        return records, ()
    unit_of: dict[tuple[int, int], str] = {}
    if units is not None and {"Auxiliary_Index", "Data_Type", "Unit"} <= set(
        units.column_names
    ):
        for index, kind, unit in zip(
            units.column("Auxiliary_Index").to_pylist(),
            units.column("Data_Type").to_pylist(),
            units.column("Unit").to_pylist(),
            strict=True,
        ):
            unit_of[(int(index), int(kind))] = str(unit or "")
    pairs = sorted(
        set(
            zip(
                auxiliary.column("Auxiliary_Index").to_pylist(),
                auxiliary.column("Data_Type").to_pylist(),
                strict=True,
            )
        )
    )
    fields: list[Field] = []
    temperatures = voltages = 0
    for index, kind in pairs:
        unit = unit_of.get((index, kind)) or ("C" if kind == 1 else "V")
        column = f"aux {index} type {kind}"
        if unit.upper() in ("C", "°C", "DEGC"):
            temperatures += 1
            name = (
                "temperature"
                if temperatures == 1
                else f"Temperature {temperatures} [degC]"
            )
        elif unit.upper() == "V":
            voltages += 1
            name = f"Auxiliary voltage {voltages} [V]"
        else:
            continue
        chosen = pc.and_(
            pc.equal(auxiliary.column("Auxiliary_Index"), arrow_scalar(index)),
            pc.equal(auxiliary.column("Data_Type"), arrow_scalar(kind)),
        )
        channel = auxiliary.filter(chosen)
        records = records.append_column(column, _joined(records, channel, keys))
        fields.append(Field(name, (column,)))
    return records, tuple(fields)


def _joined(records: Any, channel: Any, keys: list[str]) -> Any:
    """Return a channel's ``X`` for each record, matched on its keys (else null)."""
    import numpy as np

    def key(table: Any) -> Any:
        found = np.zeros(table.num_rows)
        for name in keys:  # (Test_ID, Data_Point): one number a row
            found = found * 2.0**32 + floats(table.column(name))
        return found

    wanted, held = key(records), key(channel)
    order = np.argsort(held, kind="stable")
    ordered = held[order]
    at = np.clip(np.searchsorted(ordered, wanted), 0, max(len(ordered) - 1, 0))
    found = ordered[at] == wanted if len(ordered) else np.zeros(len(wanted), bool)
    values = floats(channel.column("X"))[order][at] if len(ordered) else wanted * 0
    return arrow_array(np.where(found, values, np.nan), ~found)


def _metadata(header: Any) -> dict[str, Any]:
    row = {name: header.column(name)[0].as_py() for name in header.column_names}
    found: dict[str, Any] = {"cycler": "Arbin"}
    start = row.get("Start_DateTime")
    if isinstance(start, (int, float)):
        found["start_time"] = ole_moment(float(start))
    elif isinstance(start, dt.datetime):
        found["start_time"] = start
    for column, key in (
        ("Test_Name", "test_name"),
        ("Creator", "operator"),
        ("Schedule_File_Name", "procedure"),
        ("Channel_Number", "channel_number"),
        ("Comments", "notes"),
    ):
        if row.get(column) not in (None, ""):
            found[key] = row[column]
    return found
