"""The blocking client's sub-client attributes, readable on the class for help().

``Ionworks.cell_measurement`` (on the class) is ``CellMeasurementClient``, so
``help(ionworks.Ionworks.cell_measurement)`` needs no client and no key; on a
client it is that client's sub-client, set once by the generated
``__init__``.
"""

from __future__ import annotations

from typing import Generic, TypeVar, overload

__all__ = ["SubClientOf"]

C = TypeVar("C")


class SubClientOf(Generic[C]):
    """A sub-client attribute: its class on the class, the client's own on one.

    Parameters
    ----------
    kind : type
        The sub-client's class.
    """

    def __init__(self, kind: type[C]) -> None:
        self.kind = kind
        self.__doc__ = kind.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, owner: None, kind: type | None = None) -> type[C]: ...

    @overload
    def __get__(self, owner: object, kind: type | None = None) -> C: ...

    def __get__(self, owner: object | None, kind: type | None = None) -> C | type[C]:
        if owner is None:
            return self.kind
        raise AttributeError(f"{self.name} is set when the client is made")
