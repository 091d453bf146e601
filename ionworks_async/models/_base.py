"""The base of the API's records and the one cattrs converter that reads them.

Fields the API documents are typed attributes. Every other field the server
returns is kept, readable as an attribute (``instance.some_new_field``) and
returned by :meth:`Record.to_dict`, because the hosted API adds fields over
time. ``to_dict()`` of a structured record equals the JSON it came from.

Reading is lenient where the API is loose: a documented field holding a value
of an unexpected type (``"channel_id": 3``) is kept as the server sent it —
readable on the record, logged once at DEBUG — rather than failing the whole
page. A record fails to read only where the client cannot go on: a body that
is not a JSON object, an ``id`` that is not a non-empty string, or a missing
required field.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

import attrs
import cattrs

from ..display import call_repr, html_table
from .surface import RecordSurface, default_of

__all__ = [
    "Record",
    "converter",
    "moment",
    "parse_datetime",
    "register_record",
    "structure_record",
]

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


def moment(value: object) -> dt.datetime | None:
    """Return a record's time field as a time, or ``None`` if it holds none.

    Parameters
    ----------
    value : object
        The field's value: ISO 8601 text as the API sends it, or anything.

    Returns
    -------
    datetime.datetime or None
        The time, or ``None`` for ``None`` and anything not ISO 8601 text.
    """
    if not isinstance(value, str):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


@attrs.define(kw_only=True, repr=False)
class Record(RecordSurface):
    """Base of the API's records: typed fields plus every other field kept.

    A record reads and writes as the public client's pydantic records do:
    fields can be assigned (an undeclared name becomes an extra field), and
    ``model_dump()``, ``model_dump_json()``, ``model_copy()`` and
    ``model_validate()`` behave as pydantic's. Its ``repr`` shows the fields
    that identify the record (:attr:`SUMMARY`); in a notebook it shows as a
    table of every field it holds.

    Attributes
    ----------
    extra : dict
        Fields the server returned that this class does not declare.
    """

    SUMMARY: ClassVar[tuple[str, ...]] = ("id", "name")
    """The fields ``repr`` shows, and a list's HTML table has as columns."""

    _extra: dict[str, Any] = attrs.field(factory=dict, repr=False, alias="extra")
    # Which typed fields the source JSON held or were assigned since (to tell
    # null from absent, and for exclude_unset); assignments count once the
    # record is built (_sealed).
    _present: set[str] = attrs.field(factory=set, repr=False, eq=False, alias="present")
    _sealed: bool = attrs.field(default=False, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_sealed", True)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.FIELD_NAMES:
            object.__setattr__(self, name, value)
            if self._sealed:
                self._present.add(name)
        elif name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self._extra[name] = value  # as pydantic's extra="allow" keeps it

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

    def __dir__(self) -> list[str]:
        # The undeclared fields read as attributes, so they are listed too.
        return sorted({*super().__dir__(), *self._extra})

    @property
    def extra(self) -> dict[str, Any]:
        """Fields returned by the server that this class does not declare."""
        return self._extra

    def __repr__(self) -> str:
        return call_repr(type(self).__name__, self.summary().items())

    def summary(self) -> dict[str, Any]:
        """Return the fields that identify the record (:attr:`SUMMARY`)."""
        return {name: getattr(self, name, None) for name in self.SUMMARY}

    def _repr_html_(self) -> str:
        fields = [(k, v) for k, v in self.to_dict().items() if v is not None]
        return html_table(("field", "value"), fields, caption=type(self).__name__)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as the JSON-ready dict it was read from.

        Returns
        -------
        dict
            Declared fields (those the source held or that were assigned, or
            that differ from their default) and every undeclared field.
        """
        result: dict[str, Any] = converter.unstructure(self)
        return result

    @classmethod
    def model_validate(cls: type[R], obj: Any) -> R:
        """Read a record from a dict (or return it, if it is one already).

        Parameters
        ----------
        obj : dict or Record
            The fields, as the API sends them.

        Returns
        -------
        Record
            The record.

        Raises
        ------
        TypeError
            When ``obj`` is not an object, a field has the wrong kind, or a
            required field is missing.
        """
        if isinstance(obj, cls):
            return obj
        return structure_record(obj, cls)

    @classmethod
    def model_validate_json(cls: type[R], text: str | bytes) -> R:
        """Read a record from JSON text (see :meth:`model_validate`)."""
        try:
            decoded = json.loads(text)
        except ValueError as error:
            raise TypeError(f"not JSON: {error}") from None
        return cls.model_validate(decoded)


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
for _enum in (enum.Enum, enum.StrEnum):  # before str, which a StrEnum also is
    converter.register_structure_hook(_enum, lambda value, kind: kind(value))
    converter.register_unstructure_hook(_enum, lambda member: member.value)
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


_PLAIN: dict[Any, frozenset[type]] = {
    str: frozenset({str}),
    int: frozenset({int}),
    bool: frozenset({bool}),
    float: frozenset({float}),
    dict[str, Any]: frozenset({dict}),
}


def _plain_kinds(annotation: Any) -> frozenset[type]:
    """Return the JSON types a field takes as they are (no converting, no check).

    ``str | None`` takes ``str`` and ``None`` as sent; a list is checked
    item by item, an enum converted, a ``float`` made of an ``int``: those
    go through the converter.
    """
    if annotation is Any:
        return frozenset({str, int, float, bool, dict, list, type(None)})
    kinds: set[type] = set()
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    for member in typing.get_args(annotation) if union else (annotation,):
        if member is type(None):
            kinds.add(type(None))
        elif member in _PLAIN:
            kinds |= _PLAIN[member]
        else:
            return frozenset()  # converted or checked: the converter's
    return frozenset(kinds)


def register_record(cls: type[R]) -> type[R]:
    """Register the structure and unstructure hooks of a record class."""
    attrs.resolve_types(cls)
    typed = {f.name: f for f in attrs.fields(cls) if not f.name.startswith("_")}
    cls.FIELD_NAMES = frozenset(typed)
    cls.model_fields = dict(typed)

    plain = {name: _plain_kinds(field.type) for name, field in typed.items()}
    defaults = [
        (name, field.default, isinstance(field.default, attrs.Factory))  # type: ignore[arg-type]
        for name, field in typed.items()
    ]
    new, setter = object.__new__, object.__setattr__
    required = [name for name, f in typed.items() if f.default is attrs.NOTHING]

    def structure(value: Any, _: Any) -> R:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object, got {type(value).__name__}")
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, item in value.items():
            field = typed.get(key)
            if field is None:
                extra[key] = item
                continue
            if type(item) in plain[key]:  # JSON's value of the field's kind
                fields[key] = item
                continue
            try:
                fields[key] = converter.structure(item, field.type)
            except Exception as error:
                if key == "id":
                    raise TypeError(f"field 'id': {error}") from None
                fields[key] = item  # kept as sent: the API is looser than its docs
                _report_lenient(cls.__name__, key, item, error)
                continue
        if "id" in fields and not (isinstance(fields["id"], str) and fields["id"]):
            raise TypeError("field 'id': expected a non-empty string")
        missing = [name for name in required if name not in fields]
        if missing:
            raise TypeError(f"missing required field(s) {', '.join(missing)}")
        # Built as attrs' __init__ would, without a __setattr__ call a field.
        record = new(cls)
        setter(record, "_extra", extra)
        setter(record, "_present", {key for key in value if key in typed})
        setter(record, "_sealed", False)
        for name, default, made in defaults:
            if name in fields:
                setter(record, name, fields[name])
            else:
                setter(record, name, default.factory() if made else default)
        record.__attrs_post_init__()
        return record

    def unstructure(record: R) -> dict[str, Any]:
        result: dict[str, Any] = {}
        present = record._present
        for name in typed:
            item = getattr(record, name)
            if name in present or item != default_of(typed[name]):
                result[name] = converter.unstructure(item)
        result.update(record._extra)
        return result

    converter.register_structure_hook(cls, structure)
    converter.register_unstructure_hook(cls, unstructure)
    return cls


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
