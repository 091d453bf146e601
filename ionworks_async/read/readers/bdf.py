"""The Battery Data Format (BDF 1.3): CSV, gzipped CSV and parquet.

Columns go by machine names (``test_time_second``, ``current_ampere``) or by
preferred labels with units (``Test Time / s``, ``Current / A``); legacy
names (``test_time_millisecond``, ``cycle_dimensionless``, ``step_index``)
are read too. BDF current is positive charging; its capacities and energies
are cumulative.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..toolkit import (
    NULLS,
    CorruptFileError,
    CyclerColumns,
    Field,
    Head,
    Layout,
    Loader,
    header_names,
    note_csv_read,
    parquet_loader,
    parquet_names,
    pyarrow_module,
    read_mapped,
    text_encoding,
    text_loader,
)

__all__ = ["BdfReader"]

FIELDS = (
    Field("time", ("test time second", "test time"), required=True),
    Field("time", ("test time millisecond",), scale=1e-3),
    Field("current", ("current ampere", "current"), required=True),
    Field("voltage", ("voltage volt", "voltage"), required=True),
    Field("step", ("step count", "step index", "step dimensionless")),
    Field("cycle", ("cycle count", "cycle dimensionless", "cycle index")),
    Field("charge_capacity", ("charging capacity ah", "charging capacity")),
    Field("discharge_capacity", ("discharging capacity ah", "discharging capacity")),
    Field("charge_energy", ("charging energy wh", "charging energy")),
    Field("discharge_energy", ("discharging energy wh", "discharging energy")),
    Field(
        "temperature",
        (
            "ambient temperature celsius",
            "ambient temperature",
            "surface temperature celsius",
            "temperature t1",
            "temperature",
        ),
    ),
    Field("Temperature 2 [degC]", ("temperature t2",)),
    Field("Temperature 3 [degC]", ("temperature t3",)),
    Field("power", ("power watt", "power")),
)

_MARKERS = re.compile(
    r"test_time_(milli)?second|Test Time / (m)?s|current_ampere|Current / A",
)


def _is_parquet(head: Head) -> bool:
    return head.data[:4] == b"PAR1"


def _is_gzip(head: Head) -> bool:
    return head.data[:2] == b"\x1f\x8b"


class BdfReader:
    """Battery Data Format files."""

    key = "bdf"
    cycler = "BDF"
    order = 160
    folder_names = ("bdf",)

    def recognises(self, head: Head) -> bool:
        """Recognise a BDF header, in a CSV, gzipped CSV or parquet file."""
        if _is_parquet(head):
            return bool(_MARKERS.search(" ".join(parquet_names(head.path))))
        if _is_gzip(head):
            return bool(_MARKERS.search(_gzip_first_line(head.path)))
        return (
            head.is_text and bool(head.lines) and bool(_MARKERS.search(head.lines[0]))
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a BDF file."""
        names: list[str]
        load: Loader
        if _is_parquet(head):
            names, load = parquet_names(head.path), parquet_loader(head.path)
        elif _is_gzip(head):
            names, load = _gzip_source(head.path)
        else:
            layout = Layout.at(head, 0, delimiter=",")
            names, load = layout.names, text_loader(head, layout)
        return read_mapped(
            head.path,
            names,
            load,
            _fields_for(names),
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata={"cycler": "BDF"},
        )


def _fields_for(names: list[str]) -> tuple[Field, ...]:
    """Prefer seconds to milliseconds when a file has both."""
    if any(n.lower().replace(" ", "_") == "test_time_second" for n in names):
        return tuple(f for f in FIELDS if "test time millisecond" not in f.spellings)
    return FIELDS


def _gzip_first_line(path: Path) -> str:
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(8192)
    except (OSError, EOFError):
        return ""
    return (
        data.decode(text_encoding(data), errors="replace").splitlines()[0]
        if data
        else ""
    )


def _gzip_source(path: Path) -> tuple[list[str], Loader]:
    pa = pyarrow_module()
    import pyarrow.csv as pacsv

    names = header_names(_gzip_first_line(path), ",")

    def load(numbers: list[str], strings: list[str], durations: list[str]) -> Any:
        types = {n: pa.float64() for n in numbers} | {n: pa.string() for n in strings}
        try:  # pyarrow's own gzip stream: no Python file for it to hold
            with pa.input_stream(str(path), compression="gzip") as stream:
                table = pacsv.read_csv(
                    stream,
                    read_options=pacsv.ReadOptions(skip_rows=1, column_names=names),
                    convert_options=pacsv.ConvertOptions(
                        include_columns=[*numbers, *strings],
                        column_types=types,
                        null_values=NULLS,
                    ),
                )
            note_csv_read()
            return table
        except (pa.ArrowInvalid, OSError, EOFError) as error:
            raise CorruptFileError(
                path, f"its gzipped CSV is damaged ({error})"
            ) from None

    return names, load
