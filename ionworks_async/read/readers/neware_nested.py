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

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

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
    stream_block,
)

__all__ = ["NewareNestedReader"]

RECORD_FIELDS = (
    Field("total_time", ("total time",), kind="duration"),
    Field("step_time", ("time", "step time"), kind="duration", required=True),
    Field("clock", ("realtime", "absolute time", "date"), kind="moment", required=True),
    Field("current", ("current", "cur"), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("capacity", ("capacity", "capacitance")),
    Field("energy", ("energy",)),
    Field("temperature", ("t1", "temperature")),
)


class NewareNestedReader:
    """Neware BTSDA's nested "regular" export."""

    key = "neware nested"
    cycler = "Neware"
    order = 120
    folder_names = ("neware",)

    def recognises(self, head: Head) -> bool:
        """Recognise three header lines, each a level deeper: cycle, step, record.

        ``Cycle ID``/``,Step ID``/``,,Record ID`` (BTSDA 7), or ``Cycle
        Index``/``,Step Index``/``,,DataPoint`` (BTSDA 8).
        """
        lines = head.lines
        return (
            head.is_text
            and len(lines) > 3
            and lines[0].startswith("Cycle ")
            and lines[1].startswith(",Step ")
            and lines[2].startswith(",,")
            and lines[2][2:3] not in (",", "")
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read the record rows, each with its cycle's and step's id.

        An export with the test's own ``Total Time`` is read a block of lines
        at a time (the cycle and the step carried from block to block); one
        timed by the clock and each step's time is read whole (a step's
        start on the clock may lie in an earlier block).
        """
        assert head.encoding is not None
        shape = _Shape.of(head)
        block = stream_block(head.size)
        if find_column(shape.record_names, ("total time",)) is None:
            block = None
        batches = _line_batches(head, block)
        carry = _Carry()
        first: CyclerColumns | None = None
        for lines in batches:
            found = _records(head, shape, lines, carry)
            if found is not None:
                first = found
                break
        if first is None:
            raise UnknownFormatError(
                head.path, "a nested Neware export with no records"
            )

        def more() -> Iterator[CyclerColumns]:
            for lines in batches:
                found = _records(head, shape, lines, carry)
                if found is not None:
                    yield found

        first.more = more()
        return first


@attrs.frozen
class _Shape:
    """The three header lines: how wide each kind of row is, the record names."""

    record_names: list[str]
    width: int
    cycle_width: int
    cycle_name: str

    @classmethod
    def of(cls, head: Head) -> _Shape:
        record_names = header_names(head.lines[2], ",")[2:]
        cycle_names = header_names(head.lines[0], ",")
        return cls(
            record_names, 2 + len(record_names), len(cycle_names), cycle_names[0]
        )


@attrs.define
class _Carry:
    """What a block hands on: the cycle and the step the next one begins in."""

    cycle: str | None = None
    step: int = 0


def _line_batches(head: Head, block: int | None) -> Iterator[Any]:
    """Yield the file's lines after the headers, whole, in batches."""
    pa = pyarrow_module()
    import pyarrow.csv as pacsv

    read_options = pacsv.ReadOptions(
        skip_rows=3,
        column_names=["line"],
        encoding=head.encoding or "utf8",
        **({} if block is None else {"block_size": block}),
    )
    options = {
        "read_options": read_options,
        "parse_options": pacsv.ParseOptions(delimiter="\x01", quote_char=False),
        "convert_options": pacsv.ConvertOptions(column_types={"line": pa.string()}),
    }
    try:  # each line whole: the three kinds of row differ in width
        if block is None:
            yield pacsv.read_csv(head.path, **options).column("line").combine_chunks()
            note_csv_read()  # a codec for a file not in UTF-8: see .._arrow
            return
        with pacsv.open_csv(head.path, **options) as reader:
            for batch in reader:
                note_csv_read()
                yield batch.column(0)
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise CorruptFileError(
            head.path, f"its nested table could not be read ({error})"
        ) from None


def _records(
    head: Head, shape: _Shape, lines: Any, carry: _Carry
) -> CyclerColumns | None:
    """Return the record rows of a batch of lines, with their cycle and step."""
    pa = pyarrow_module()
    import pyarrow.compute as pc

    # Pad every line to the record rows' width, then split it into fields.
    padded = pc.binary_join_element_wise(
        lines, arrow_scalar("," * shape.width), arrow_scalar("")
    )
    parts = pc.split_pattern(padded, ",")
    fields = {}
    for index in range(shape.width):
        text = pc.utf8_trim_whitespace(pc.list_element(parts, arrow_scalar(index)))
        empty = pc.equal(pc.utf8_length(text), arrow_scalar(0))
        fields[f"f{index}"] = pc.if_else(empty, arrow_null(text.type), text)
    rows = pa.table(fields)
    first = rows.column("f0").combine_chunks()
    second = rows.column("f1").combine_chunks()
    # The cycle of a row: the last cycle row's, this block's or an earlier one's.
    cycle = pc.fill_null_forward(first)
    if carry.cycle is not None:
        cycle = pc.fill_null(cycle, arrow_scalar(carry.cycle))
    # Each step row starts a step (its index restarts each cycle); the
    # first step of a cycle may be written on the cycle's own line, after
    # the cycle's fields.
    starts = pc.and_(pc.is_null(first), pc.is_valid(second))
    if shape.cycle_width < shape.width:
        merged = rows.column(f"f{shape.cycle_width}").combine_chunks()
        starts = pc.or_(starts, pc.and_(pc.is_valid(first), pc.is_valid(merged)))
    step = pc.add(
        pc.cumulative_sum(pc.cast(starts, pa.int64())), arrow_scalar(carry.step)
    )
    if len(cycle):
        carry.cycle, carry.step = cycle[-1].as_py(), step[-1].as_py()
    is_record = pc.and_(pc.is_null(first), pc.is_null(second))
    records = rows.filter(is_record)
    if records.num_rows == 0:
        return None
    cycle, step = pc.filter(cycle, is_record), pc.filter(step, is_record)
    values: dict[str, Any] = {}
    mapping: dict[str, str] = {}
    for field in RECORD_FIELDS:
        name = find_column(shape.record_names, field.spellings)
        if name is None:
            if field.required:
                raise UnknownFormatError(
                    head.path,
                    f"looks like a nested Neware export but has no "
                    f"{field.name} column; record columns found: "
                    + ", ".join(shape.record_names),
                )
            continue
        index = 2 + shape.record_names.index(name)
        text = records.column(f"f{index}").combine_chunks()
        if field.kind == "moment":
            values[field.name] = epoch_seconds(text)
        else:
            number = seconds(text)
            _, unit = split_unit(name)
            factor = (scale_of(unit) if unit else None) or field.scale
            values[field.name] = pc.multiply(number, arrow_scalar(float(factor)))
        mapping[field.name] = name
    clock, step_time = values.pop("clock"), values.pop("step_time")
    total = values.pop("total_time", None)
    if total is not None:  # the test's own clock, when the export has it
        time = total
        mapping["time"] = mapping.pop("total_time")
        del mapping["clock"], mapping["step_time"]
    else:
        time = clock_time(clock, step_time, step)
        mapping["time"] = f"{mapping.pop('clock')} + {mapping.pop('step_time')}"
    return CyclerColumns(
        time=time,
        current_sign="charge_positive",
        step=step,
        cycle=cycle,
        mapping={
            **mapping,
            "step": "its step rows, in order",
            "cycle": shape.cycle_name,
        },
        metadata={"cycler": "Neware"},
        **values,
    )
