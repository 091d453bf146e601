"""What a batch reports: each item's outcome, and the counts that add up.

Every item taken from the source ends in exactly one list of a
:class:`BatchResult`, so ``created + existing + failed + unknown == taken``.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import attrs

from ..display import html_table
from ..errors import BatchError

__all__ = ["BatchResult", "ItemFailure", "Success", "Unknown"]

T = TypeVar("T")


@attrs.frozen
class Success(Generic[T]):
    """An item that ended with a record.

    Attributes
    ----------
    index : int
        The item's position in the input.
    record : T
        The created or existing record.
    created : bool
        False when the record already existed (``if_exists="get"``).
    """

    index: int
    record: T
    created: bool


@attrs.frozen
class ItemFailure:
    """An item that failed.

    Attributes
    ----------
    index : int
        The item's position in the input.
    name : str or None
        The item's ``name``, when it had one.
    error : Exception
        The typed error (an ``IonworksError``, or ``TypeError``/``ValueError``
        for an item that could not be sent).
    """

    index: int
    name: str | None
    error: Exception

    def __str__(self) -> str:
        return f"#{self.index} {self.name!r}: {type(self.error).__name__}: {self.error}"


Failure = ItemFailure
"""The former name of :class:`ItemFailure`, kept for code that imports it."""


@attrs.frozen
class Unknown:
    """An item cancelled in flight: it may or may not exist on the server.

    Attributes
    ----------
    index : int
        The item's position in the input.
    name : str or None
        The item's ``name``, when it had one.
    """

    index: int
    name: str | None

    def __str__(self) -> str:
        return f"#{self.index} {self.name!r}: cancelled in flight, outcome unknown"


@attrs.define(repr=False)
class BatchResult(Generic[T]):
    """The outcome of a bulk operation.

    Attributes
    ----------
    succeeded : list of Success
        Every item that ended with a record, in input order.
    failed : list of ItemFailure
        Every item that failed, in input order.
    unknown : list of Unknown
        Every item cancelled in flight, in input order.
    not_attempted : int or None
        Items never taken from the source because the batch ended early
        (``None`` when the source's length is not known); 0 when every item
        was taken.
    elapsed : float
        Seconds the batch took.
    stopped_early : bool
        Whether ``stop_on_error`` stopped the batch at a failed item.
    source_error : Exception or None
        The exception the item source raised, which ended the batch.
    unreachable : Exception or None
        The connection error that ended the batch after
        :data:`BREAKER_THRESHOLD` items in a row failed to connect.
    """

    succeeded: list[Success[T]] = attrs.field(factory=list)
    failed: list[ItemFailure] = attrs.field(factory=list)
    unknown: list[Unknown] = attrs.field(factory=list)
    not_attempted: int | None = 0
    elapsed: float = 0.0
    stopped_early: bool = False
    source_error: Exception | None = None
    unreachable: Exception | None = None

    @property
    def records(self) -> list[T]:
        """The records, in input order."""
        return [success.record for success in self.succeeded]

    @property
    def created(self) -> int:
        """How many records this batch created."""
        return sum(1 for success in self.succeeded if success.created)

    @property
    def existing(self) -> int:
        """How many records already existed.

        This includes records that an earlier attempt of this batch created
        but whose answer was lost: the client cannot tell them apart.
        """
        return len(self.succeeded) - self.created

    @property
    def taken(self) -> int:
        """Items taken from the source: ``created + existing + failed + unknown``."""
        return len(self.succeeded) + len(self.failed) + len(self.unknown)

    @property
    def rate(self) -> float:
        """Items finished a second."""
        done = len(self.succeeded) + len(self.failed)
        return done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def ok(self) -> bool:
        """Whether every item was taken and succeeded."""
        return not (
            self.failed
            or self.unknown
            or self.stopped_early
            or self.not_attempted != 0
            or self.source_error is not None
            or self.unreachable is not None
        )

    def raise_for_failures(self) -> None:
        """Raise one :class:`~ionworks_async.errors.BatchError` unless :attr:`ok`.

        Raises
        ------
        BatchError
            When any item failed, is unknown, or was not attempted;
            ``error.failures`` holds the failures and ``error.result`` this.
        """
        if not self.ok:
            lines = "\n".join(
                f"  {entry}" for entry in [*self.failed, *self.unknown][:50]
            )
            raise BatchError(
                f"The batch did not complete: {self.summary()}\n{lines}".rstrip(),
                list(self.failed),
                result=self,
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready values (for a service to return it).

        Returns
        -------
        dict
            ``ok``, the counts, each item (``succeeded`` with its record's
            fields, ``failed`` with its error's class, message and status,
            ``unknown``), and how the batch ended.
        """

        def record(value: Any) -> Any:
            to_dict = getattr(value, "to_dict", None)
            return to_dict() if callable(to_dict) else value

        def error(value: Exception | None) -> dict[str, Any] | None:
            if value is None:
                return None
            return {
                "type": type(value).__name__,
                "message": getattr(value, "message", None) or str(value),
                "status_code": getattr(value, "status_code", None),
            }

        return {
            "ok": self.ok,
            "created": self.created,
            "existing": self.existing,
            "failed_count": len(self.failed),
            "unknown_count": len(self.unknown),
            "not_attempted": self.not_attempted,
            "elapsed": self.elapsed,
            "stopped_early": self.stopped_early,
            "succeeded": [
                {"index": s.index, "created": s.created, "record": record(s.record)}
                for s in self.succeeded
            ],
            "failed": [
                {"index": f.index, "name": f.name, "error": error(f.error)}
                for f in self.failed
            ],
            "unknown": [{"index": u.index, "name": u.name} for u in self.unknown],
            "source_error": error(self.source_error),
            "unreachable": error(self.unreachable),
        }

    def summary(self) -> str:
        """One line: the counts, and why the batch ended early if it did."""
        text = (
            f"{self.taken} items in {self.elapsed:.1f} s ({self.rate:.1f}/s): "
            f"{self.created} created, {self.existing} existing, "
            f"{len(self.failed)} failed"
        )
        if self.unknown:
            text += f", {len(self.unknown)} unknown (cancelled in flight)"
        if self.not_attempted:
            text += f", {self.not_attempted} not attempted"
        elif self.not_attempted is None:
            text += ", the rest not attempted"
        if self.stopped_early:
            text += " (stopped at the first failure)"
        if self.source_error is not None:
            text += f" (the item source failed: {self.source_error!r})"
        if self.unreachable is not None:
            text += " (the server is unreachable)"
        return text

    def __repr__(self) -> str:
        return f"<BatchResult {self.summary()}>"

    def _repr_html_(self) -> str:
        caption = ("OK: " if self.ok else "Not complete: ") + self.summary()
        rows = [
            (
                f.index,
                f.name,
                type(f.error).__name__,
                getattr(f.error, "status_code", None),
                getattr(f.error, "message", None) or str(f.error),
            )
            for f in self.failed
        ]
        rows += [
            (u.index, u.name, "unknown", None, "cancelled in flight")
            for u in self.unknown
        ]
        if not rows:
            return html_table((), (), caption=caption)
        return html_table(
            ("index", "name", "error", "status", "message"),
            rows,
            caption=caption,
            total=len(rows),
            limit=200,
        )

    def __str__(self) -> str:
        text = self.summary()
        entries = [*self.failed, *self.unknown]
        for entry in entries[:20]:
            text += f"\n  {entry}"
        if len(entries) > 20:
            text += f"\n  ... and {len(entries) - 20} more"
        return text
