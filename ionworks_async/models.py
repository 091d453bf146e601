"""The API's records as attrs classes, structured by one cattrs converter.

Fields the API documents are typed attributes. Every other field the server
returns is kept, readable as an attribute (``instance.some_new_field``) and
returned by :meth:`Record.to_dict`, because the hosted API adds fields over
time. ``to_dict()`` of a structured record equals the JSON it came from.

Reading is lenient where the API is loose: a documented field holding a value
of an unexpected type (``"batch": 2024``) is kept as the server sent it —
readable on the record, logged once at DEBUG — rather than failing the whole
page. A record fails to read only where the client cannot go on: a body that
is not a JSON object, an ``id`` that is not a non-empty string, or a missing
required field.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar, overload

import attrs
import cattrs

from .tables import Table

__all__ = [
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementDetail",
    "CellSpecification",
    "PaginatedList",
    "Record",
    "converter",
    "parse_datetime",
    "structure_record",
]

T = TypeVar("T")
R = TypeVar("R", bound="Record")

logger = logging.getLogger("ionworks")
_LENIENT_REPORTED: set[tuple[str, str, str]] = set()


def parse_datetime(text: str) -> dt.datetime:
    """Parse an ISO 8601 timestamp (a ``Z`` suffix means UTC).

    Parameters
    ----------
    text : str
        The timestamp.

    Returns
    -------
    datetime.datetime
        The parsed value.

    Raises
    ------
    ValueError
        When ``text`` is not an ISO 8601 timestamp.
    """
    if text.endswith("z"):
        text = text[:-1] + "+00:00"
    return dt.datetime.fromisoformat(text)


@attrs.frozen(kw_only=True)
class Record:
    """Base of the API's records: typed fields plus every other field kept.

    Attributes
    ----------
    extra : dict
        Fields the server returned that this class does not declare.
    """

    _extra: dict[str, Any] = attrs.field(factory=dict, repr=False, alias="extra")
    # Which typed fields the source JSON held (to tell null from absent), and
    # the timestamps' original text, so that to_dict() gives back the source.
    _present: frozenset[str] = attrs.field(
        factory=frozenset, repr=False, eq=False, alias="present"
    )
    _wire_text: dict[str, str] = attrs.field(
        factory=dict, repr=False, eq=False, alias="wire_text"
    )

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: serve the undeclared fields.
        if not name.startswith("_"):
            try:
                return object.__getattribute__(self, "_extra")[name]
            except (KeyError, AttributeError):
                pass
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r}"
        )

    @property
    def extra(self) -> dict[str, Any]:
        """Fields returned by the server that this class does not declare."""
        return self._extra

    def to_dict(self) -> dict[str, Any]:
        """Return the record as the JSON-ready dict it was read from.

        Returns
        -------
        dict
            Declared fields (those the source held, or that differ from their
            default) and every undeclared field.
        """
        result: dict[str, Any] = converter.unstructure(self)
        return result


@attrs.frozen(kw_only=True)
class CellSpecification(Record):
    """A cell specification: the type of a cell (chemistry, format, ratings)."""

    id: str
    name: str
    form_factor: str | None = None
    manufacturer: str | None = None
    notes: str | None = None
    ratings: dict[str, Any] | None = None
    anode: dict[str, Any] | None = None
    cathode: dict[str, Any] | None = None
    electrolyte: dict[str, Any] | None = None
    separator: dict[str, Any] | None = None
    source: Any = None
    properties: dict[str, Any] | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@attrs.frozen(kw_only=True)
class CellInstance(Record):
    """One physical cell, belonging to a cell specification."""

    id: str
    name: str
    cell_specification_id: str
    batch: str | None = None
    date_manufactured: str | None = None
    notes: str | None = None
    measured_properties: dict[str, Any] | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@attrs.frozen(kw_only=True)
class CellMeasurement(Record):
    """A measurement of a cell instance: a time series, a file or properties."""

    id: str
    name: str
    cell_instance_id: str | None = None
    measurement_type: str = "time_series"
    processing_status: str | None = None
    processing_error: str | None = None
    notes: str | None = None
    protocol: dict[str, Any] | None = None
    test_setup: dict[str, Any] | None = None
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    channel_id: str | None = None
    protocol_id: str | None = None
    properties: dict[str, Any] | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@attrs.frozen(kw_only=True)
class CellMeasurementDetail:
    """A measurement with the data ``detail()`` fetched for it.

    Attributes
    ----------
    measurement : CellMeasurement
        The measurement's metadata.
    steps, cycles, time_series : Table or None
        The data, or ``None`` when not requested or not available (a legacy
        measurement without a steps file, a properties measurement).
    files : dict of str to bytes or None
        The files of a ``file`` measurement, by file name.
    """

    measurement: CellMeasurement
    steps: Table | None = None
    cycles: Table | None = None
    time_series: Table | None = None
    files: dict[str, bytes] | None = attrs.field(default=None, repr=False)

    @property
    def id(self) -> str:
        """The measurement id."""
        return self.measurement.id

    @property
    def name(self) -> str:
        """The measurement name."""
        return self.measurement.name


@attrs.frozen(kw_only=True)
class CellInstanceDetail:
    """A cell instance with all its measurements and their data.

    Attributes
    ----------
    instance : CellInstance
        The instance's metadata.
    specification_id : str
        The id of its cell specification (fetch it with ``cell_spec.get``).
    measurements : list of CellMeasurementDetail
        Every measurement of the instance, in the API's list order.
    """

    instance: CellInstance
    specification_id: str
    measurements: list[CellMeasurementDetail]

    @property
    def id(self) -> str:
        """The instance id."""
        return self.instance.id

    @property
    def name(self) -> str:
        """The instance name."""
        return self.instance.name


class PaginatedList(Generic[T]):
    """One page of a list route: behaves as a list, with the page's counts.

    Parameters
    ----------
    items : list
        The records of this page.
    count : int, optional
        Records in this page (defaults to ``len(items)``).
    total : int or None, optional
        Records matching the query across all pages, when the API says.

    Attributes
    ----------
    items : list
        The records of this page.
    count : int
        How many records this page holds.
    total : int or None
        How many records match across all pages (``None`` for legacy routes
        that answer a bare array).
    """

    __slots__ = ("count", "items", "total")

    def __init__(
        self, items: list[T], count: int | None = None, total: int | None = None
    ) -> None:
        self.items = items
        self.count = len(items) if count is None else count
        self.total = total

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items

    def __reversed__(self) -> Iterator[T]:
        return reversed(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PaginatedList):
            return (self.items, self.count, self.total) == (
                other.items,
                other.count,
                other.total,
            )
        if isinstance(other, list):
            return self.items == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PaginatedList({self.items!r}, count={self.count}, total={self.total})"


# -- the converter ---------------------------------------------------------

converter = cattrs.Converter()
"""The one converter that structures and unstructures every record."""


def _strict(kind: type[Any], label: str) -> Any:
    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {label}, got a boolean")
        if not isinstance(value, kind):
            raise TypeError(f"expected {label}, got {type(value).__name__}")
        return value

    return structure


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def _structure_datetime(value: Any, _: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parse_datetime(value)


converter.register_structure_hook(str, _strict(str, "a string"))
converter.register_structure_hook(int, _strict(int, "an integer"))
converter.register_structure_hook(bool, _strict(bool, "a boolean"))
converter.register_structure_hook(float, _structure_float)
converter.register_structure_hook(dt.datetime, _structure_datetime)
converter.register_unstructure_hook(dt.datetime, lambda value: value.isoformat())
converter.register_structure_hook_func(
    lambda kind: kind == dict[str, Any], _strict(dict, "an object")
)


def _report_lenient(record: str, field: str, value: Any, error: Exception) -> None:
    """Log, once for each record type, field and value type, a value kept as sent."""
    key = (record, field, type(value).__name__)
    if key not in _LENIENT_REPORTED:
        _LENIENT_REPORTED.add(key)
        logger.debug(
            "%s.%s: kept %s as the server sent it (%s)",
            record,
            field,
            type(value).__name__,
            error,
        )


def _record_hooks(cls: type[R]) -> None:
    attrs.resolve_types(cls)
    typed = {f.name: f for f in attrs.fields(cls) if not f.name.startswith("_")}

    def structure(value: Any, _: Any) -> R:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object, got {type(value).__name__}")
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        wire_text: dict[str, str] = {}
        for key, item in value.items():
            field = typed.get(key)
            if field is None:
                extra[key] = item
                continue
            try:
                fields[key] = converter.structure(item, field.type)
            except Exception as error:
                if key == "id":
                    raise TypeError(f"field 'id': {error}") from None
                fields[key] = item  # kept as sent: the API is looser than its docs
                _report_lenient(cls.__name__, key, item, error)
                continue
            if isinstance(item, str) and isinstance(fields[key], dt.datetime):
                wire_text[key] = item
        if "id" in fields and not (isinstance(fields["id"], str) and fields["id"]):
            raise TypeError("field 'id': expected a non-empty string")
        missing = [
            name
            for name, field in typed.items()
            if name not in fields and field.default is attrs.NOTHING
        ]
        if missing:
            raise TypeError(f"missing required field(s) {', '.join(missing)}")
        return cls(
            **fields,
            extra=extra,
            present=frozenset(key for key in value if key in typed),
            wire_text=wire_text,
        )

    def unstructure(record: R) -> dict[str, Any]:
        result: dict[str, Any] = {}
        present = record._present
        wire_text = record._wire_text
        for name in typed:
            item = getattr(record, name)
            if name not in present and item == typed[name].default:
                continue
            text = wire_text.get(name)
            if text is not None and item == parse_datetime(text):
                result[name] = text
            else:
                result[name] = converter.unstructure(item)
        result.update(record._extra)
        return result

    converter.register_structure_hook(cls, structure)
    converter.register_unstructure_hook(cls, unstructure)


for _record_class in (CellSpecification, CellInstance, CellMeasurement):
    _record_hooks(_record_class)


def structure_record(value: Any, cls: type[R]) -> R:
    """Structure one decoded JSON object as a record.

    Parameters
    ----------
    value : Any
        The decoded JSON.
    cls : type
        The record class.

    Returns
    -------
    Record
        The structured record.

    Raises
    ------
    TypeError
        Describing the first problem (not an object, a wrong type, a missing
        required field).
    """
    try:
        return converter.structure(value, cls)
    except TypeError:
        raise
    except Exception as error:  # cattrs and value errors, reworded
        raise TypeError(str(error)) from None
