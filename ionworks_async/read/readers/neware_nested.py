"""Neware BTSDA's "regular" nested export: cycles, their steps, their records.

Three header lines, each one level deeper and one field further right::

    Cycle ID,Cap_Chg(mAh),...
    ,Step ID,Step Name,...
    ,,Record ID,Time(h:min:s.ms),Voltage(V),Current(mA),Capacity(mAh),...,Realtime

then rows of the three kinds interleaved: a cycle row (its first field set), a
step row (its second), and record rows (their third and on). The records are
what is read, each with its cycle's and its step's id. The time is each
step's start on the ``Realtime`` clock plus the step's own ``Time``
(``H:MM:SS.fff``, finer than the clock); current is positive charging.

No public file in this layout could be found: this reader follows the layout
Neware's BTSDA 7 writes, and is tested on files written in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Field,
    Head,
    UnknownFormatError,
    arrow_null,
    arrow_scalar,
    clock_time,
    epoch_seconds,
    find_column,
    header_names,
    note_csv_read,
    pyarrow_module,
    scale_of,
    seconds,
    split_unit,
)

__all__ = ["NewareNestedReader"]

RECORD_FIELDS = (
    Field("step_time", ("time", "step time"), kind="duration", required=True),
    Field("clock", ("realtime", "absolute time", "date"), kind="moment", required=True),
    Field("current", ("current", "cur"), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("capacity", ("capacity", "capacitance")),
    Field("energy", ("energy",)),
)


class NewareNestedReader:
    """Neware BTSDA's nested "regular" export."""

    key = "neware nested"
    cycler = "Neware"
    order = 120
    folder_names = ("neware",)

    def recognises(self, head: Head) -> bool:
        """Recognise ``Cycle ID``, ``,Step ID`` and ``,,Record ID`` header lines."""
        lines = head.lines
        return (
            head.is_text
            and len(lines) > 3
            and lines[0].startswith("Cycle ID")
            and lines[1].startswith(",Step ID")
            and lines[2].startswith(",,Record ID")
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read the record rows, each with its cycle's and step's id."""
        pa = pyarrow_module()
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv

        assert head.encoding is not None
        record_names = header_names(head.lines[2], ",")[2:]
        width = 2 + len(record_names)
        generic = [f"f{i}" for i in range(width)]
        try:  # each line whole: the three kinds of row differ in width
            lines = (
                pacsv.read_csv(
                    head.path,
                    read_options=pacsv.ReadOptions(
                        skip_rows=3, column_names=["line"], encoding=head.encoding
                    ),
                    parse_options=pacsv.ParseOptions(
                        delimiter="\x01", quote_char=False
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types={"line": pa.string()}
                    ),
                )
                .column("line")
                .combine_chunks()
            )
            note_csv_read()  # a codec for a file not in UTF-8: see .._arrow
        except (pa.ArrowInvalid, UnicodeDecodeError) as error:
            raise CorruptFileError(
                head.path, f"its nested table could not be read ({error})"
            ) from None
        # Pad every line to the record rows' width, then split it into fields.
        padded = pc.binary_join_element_wise(
            lines, arrow_scalar("," * width), arrow_scalar("")
        )
        parts = pc.split_pattern(padded, ",")
        fields = {}
        for index, generic_name in enumerate(generic):
            text = pc.utf8_trim_whitespace(pc.list_element(parts, index))
            empty = pc.equal(pc.utf8_length(text), arrow_scalar(0))
            fields[generic_name] = pc.if_else(empty, arrow_null(text.type), text)
        rows = pa.table(fields)
        first, second = (
            rows.column("f0").combine_chunks(),
            rows.column("f1").combine_chunks(),
        )
        cycle = pc.fill_null_forward(first)
        step = pc.fill_null_forward(
            pc.if_else(pc.is_null(first), second, arrow_null(second.type))
        )
        is_record = pc.and_(
            pc.is_null(rows.column("f0")), pc.is_null(rows.column("f1"))
        )
        records = rows.filter(is_record)
        cycle, step = pc.filter(cycle, is_record), pc.filter(step, is_record)
        if records.num_rows == 0:
            raise UnknownFormatError(
                head.path, "a nested Neware export with no records"
            )
        values: dict[str, Any] = {}
        mapping: dict[str, str] = {}
        for field in RECORD_FIELDS:
            name = find_column(record_names, field.spellings)
            if name is None:
                if field.required:
                    raise UnknownFormatError(
                        head.path,
                        f"looks like a nested Neware export but has no "
                        f"{field.name} column; record columns found: "
                        + ", ".join(record_names),
                    )
                continue
            text = records.column(f"f{2 + record_names.index(name)}").combine_chunks()
            if field.kind == "moment":
                values[field.name] = epoch_seconds(text)
            else:
                number = seconds(text)
                _, unit = split_unit(name)
                factor = (scale_of(unit) if unit else None) or field.scale
                values[field.name] = pc.multiply(number, arrow_scalar(float(factor)))
            mapping[field.name] = name
        nothing = arrow_scalar("")
        both = pc.binary_join_element_wise(
            pc.fill_null(cycle, nothing), pc.fill_null(step, nothing), arrow_scalar("/")
        )
        if isinstance(both, pa.ChunkedArray):
            both = both.combine_chunks()
        clock, step_time = values.pop("clock"), values.pop("step_time")
        mapping["time"] = f"{mapping.pop('clock')} + {mapping.pop('step_time')}"
        return CyclerColumns(
            time=clock_time(clock, step_time, both),
            current_sign="charge_positive",
            step=step,
            cycle=cycle,
            mapping={**mapping, "step": "Step ID", "cycle": "Cycle ID"},
            metadata={"cycler": "Neware"},
            **values,
        )
