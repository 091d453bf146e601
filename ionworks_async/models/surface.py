"""The pydantic surface of a record: ``model_dump()`` and its kin.

Scripts written for the public client (whose records are pydantic models)
call ``model_dump()``, ``model_dump_json()``, ``model_copy()``,
``model_validate()``, ``model_fields_set`` and ``model_extra``; our records
(attrs classes read by cattrs) answer them the same way. Values keep the
kinds the record holds (``mode="python"``) or become JSON's
(``mode="json"``: an enum its value, a time its ISO text).
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import enum
import json
from collections.abc import Collection, Iterator, Mapping
from typing import Any, ClassVar, Literal, TypeVar

import attrs

__all__ = ["RecordSurface", "plain"]

S = TypeVar("S", bound="RecordSurface")

Names = Collection[str] | Mapping[str, Any] | None
"""``include`` and ``exclude``: field names (a mapping's keys are the names)."""


def default_of(field: attrs.Attribute[Any]) -> Any:
    """Return a field's default value (a factory's, made fresh)."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def plain(value: Any, mode: Literal["python", "json"]) -> Any:
    """Return ``value`` as ``model_dump`` gives it: records as dicts, copied.

    Parameters
    ----------
    value : Any
        A field's value.
    mode : {"python", "json"}
        ``"json"`` also turns enums into their values, times into ISO text
        and bytes into text (UTF-8, else base64).

    Returns
    -------
    Any
        The value, with containers copied.
    """
    if isinstance(value, RecordSurface):
        return value.model_dump(mode=mode)
    if isinstance(value, Mapping):
        return {key: plain(item, mode) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        items = [plain(item, mode) for item in value]
        return items if mode == "json" or isinstance(value, list) else tuple(items)
    if mode == "python":
        return copy.copy(value) if isinstance(value, (set, bytearray)) else value
    if isinstance(value, enum.Enum):
        return plain(value.value, mode)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return base64.b64encode(value).decode()
    if isinstance(value, (set, frozenset)):
        return [plain(item, mode) for item in value]
    return value


def _names(names: Names) -> set[str] | None:
    if names is None:
        return None
    if isinstance(names, str):
        return {names}
    return set(names)


class RecordSurface:
    """The pydantic record methods, over a record's fields and extras."""

    __slots__ = ()

    FIELD_NAMES: ClassVar[frozenset[str]] = frozenset()
    """The declared (typed) fields' names."""

    model_fields: ClassVar[dict[str, Any]] = {}
    """The declared fields, by name (pydantic's ``model_fields``)."""

    def _fields_and_extra(self) -> tuple[dict[str, Any], dict[str, Any]]:
        record: Any = self
        declared = {name: getattr(record, name) for name in self.model_fields}
        return declared, record._extra

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """Yield ``(name, value)`` of every field, so ``dict(record)`` works."""
        declared, extra = self._fields_and_extra()
        yield from declared.items()
        yield from extra.items()

    @property
    def model_extra(self) -> dict[str, Any]:
        """The fields the class does not declare (pydantic's ``model_extra``)."""
        return self._fields_and_extra()[1]

    @property
    def model_fields_set(self) -> set[str]:
        """The fields the source held or that were assigned since."""
        record: Any = self
        return {*record._present, *record._extra}

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        include: Names = None,
        exclude: Names = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """Return every field as a dict, as pydantic's ``model_dump`` does.

        Parameters
        ----------
        mode : {"python", "json"}, optional
            ``"json"`` gives only JSON's kinds (enums as values, times as
            ISO text).
        include, exclude : collection of str, optional
            Only these fields; not these fields.
        exclude_unset : bool, optional
            Leave out declared fields the source did not hold and nobody
            assigned.
        exclude_defaults : bool, optional
            Leave out declared fields equal to their default.
        exclude_none : bool, optional
            Leave out fields that are ``None``.

        Returns
        -------
        dict
            The declared fields, then the undeclared ones.
        """
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', not {mode!r}")
        declared, extra = self._fields_and_extra()
        kept = self.model_fields_set if exclude_unset else None
        wanted, unwanted = _names(include), _names(exclude) or set()
        result: dict[str, Any] = {}
        for name, value in [*declared.items(), *extra.items()]:
            if (
                (wanted is not None and name not in wanted)
                or name in unwanted
                or (kept is not None and name not in kept)
                or (exclude_none and value is None)
                or (
                    exclude_defaults
                    and name in self.model_fields
                    and value == default_of(self.model_fields[name])
                )
            ):
                continue
            result[name] = plain(value, mode)
        return result

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: Names = None,
        exclude: Names = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> str:
        """Return the record as JSON text, as pydantic's ``model_dump_json``.

        Parameters
        ----------
        indent : int, optional
            Indent nested levels by this many spaces (compact when ``None``).
        include, exclude, exclude_unset, exclude_defaults, exclude_none
            As for :meth:`model_dump`.

        Returns
        -------
        str
            The JSON text.
        """
        dumped = self.model_dump(
            mode="json",
            include=include,
            exclude=exclude,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
        )
        separators = (",", ":") if indent is None else None
        return json.dumps(
            dumped, indent=indent, separators=separators, ensure_ascii=False
        )

    def model_copy(
        self: S, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> S:
        """Return a copy, with ``update``'s fields set on it.

        Parameters
        ----------
        update : mapping, optional
            Fields to set on the copy (undeclared names become extra fields).
        deep : bool, optional
            Copy nested values too; otherwise they are shared, as pydantic's
            shallow copy shares them.

        Returns
        -------
        Record
            The copy.
        """
        record: Any = self
        clone: S = copy.deepcopy(self) if deep else copy.copy(self)
        if not deep:
            object.__setattr__(clone, "_extra", dict(record._extra))
            object.__setattr__(clone, "_present", set(record._present))
        for name, value in (update or {}).items():
            setattr(clone, name, value)
        return clone
