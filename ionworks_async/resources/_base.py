"""What the resource clients share: their context, base class and descriptors.

The requests themselves (typed records, paging, create-or-get, bulk) are
:mod:`._requests`'s; the API paths are :mod:`._paths`'.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    TypeVar,
    overload,
)

import attrs

from .._arguments.query import check_flag
from .._cache.switches import get_cache_enabled
from .._runtime.boundary import boundary, errors_at_the_boundary
from ..types import DataFrameBackend, IfExists
from ._records_api import PAGE_SIZE, RecordsApi, columnar_table, parse_record

if TYPE_CHECKING:
    from .._cache import DataCache
    from .._transport import Transport

__all__ = [
    "PAGE_SIZE",
    "Delegate",
    "HasContext",
    "IfExists",
    "ResourceClient",
    "ResourceContext",
    "SubClient",
    "columnar_table",
    "parse_record",
]

P = ParamSpec("P")
T = TypeVar("T")
C = TypeVar("C", bound="ResourceClient")


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class ResourceContext:
    """What a resource client needs of its owner, built once per client.

    Attributes
    ----------
    transport : Transport
        Where requests go: the session, its limits and the retry loop.
    data_cache : DataCache or None
        The on-disk cache of measurement data, or ``None`` when it is off.
    dataframe_backend : DataFrameBackend or None
        The kind of frame data methods return, or ``None`` to follow the
        process's setting (:func:`~ionworks_async.tables.backends.resolve_backend`)
        at each call.
    project_id : str or None
        The default project (the one field that changes: the client's
        ``project_id`` setter sets it, for every sub-client at once).
    max_concurrency : int
        Requests in flight at once; the default width of bulk jobs.
    """

    transport: Transport
    data_cache: DataCache | None
    dataframe_backend: DataFrameBackend | None
    project_id: str | None = attrs.field(on_setattr=attrs.setters.NO_OP)
    max_concurrency: int = attrs.field()

    def cache_for(self, use_cache: object, name: str = "use_cache") -> DataCache | None:
        """Return the data cache, unless this call or the process turned it off.

        Parameters
        ----------
        use_cache : bool
            The call's ``use_cache`` (checked to be a bool).
        name : str, optional
            The argument's name, for the error.

        Returns
        -------
        DataCache or None
            ``None`` when the call said ``False``, ``set_cache_enabled(False)``
            was called, or the client has no cache.
        """
        if not check_flag(use_cache, name) or not get_cache_enabled():
            return None
        return self.data_cache

    def frame_backend(self) -> DataFrameBackend:
        """Return the kind of frame a data method returns now."""
        from ..tables.backends import resolve_backend

        return resolve_backend(self.dataframe_backend)


class HasContext(Protocol):
    """Anything resources can be built from: ``AsyncIonworks`` is one."""

    @property
    def context(self) -> ResourceContext:
        """The context its resource clients are built from."""
        ...


class ResourceClient:
    """Base of the resource clients: built from a context, or from a client.

    Parameters
    ----------
    client : AsyncIonworks or ResourceContext
        The client whose session, retries and limits the requests use (its
        :attr:`~ionworks_async.AsyncIonworks.context` is read), or a context.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        errors_at_the_boundary(cls)  # tracebacks end at the caller's line

    def __init__(self, client: HasContext | ResourceContext) -> None:
        context = client if isinstance(client, ResourceContext) else client.context
        self._context = context
        self._owner = client
        self._api = RecordsApi(context.transport, context.max_concurrency)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._owner!r})"


class SubClient(Generic[C]):
    """Declares a resource client of ``AsyncIonworks``, built on first use.

    The declarations are the one list of sub-clients: the client reads them,
    and so does the generator of the blocking facade. Read on the class
    (``AsyncIonworks.cell_measurement``) it is the resource client's class,
    so ``help()`` on it needs no client, and no key.

    Parameters
    ----------
    resource : type or str
        The resource client's class, or where it is (``"module:Class"``):
        then its module is imported when the sub-client is first used, so
        that importing the client does not import every sub-client's code
        and records.
    doc : str
        What the attribute holds.
    alias_of : str, optional
        The name of the sub-client this one is another name for.
    """

    def __init__(
        self, resource: type[C] | str, doc: str, *, alias_of: str = ""
    ) -> None:
        self._resource = resource
        self.lazy = isinstance(resource, str)
        self.alias_of = alias_of
        self.__doc__ = doc
        self.name = ""

    @property
    def resource(self) -> type[C]:
        """The resource client's class (imported on first use when lazy)."""
        if isinstance(self._resource, str):
            module, _, name = self._resource.partition(":")
            self._resource = getattr(importlib.import_module(module), name)
        return self._resource  # type: ignore[return-value]

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, owner: None, kind: type | None = None) -> type[C]: ...

    @overload
    def __get__(self, owner: HasContext, kind: type | None = None) -> C: ...

    def __get__(
        self, owner: HasContext | None, kind: type | None = None
    ) -> C | type[C]:
        if owner is None:  # on the class: the resource's class, for help()
            return self.resource
        if self.alias_of:
            value: C = getattr(owner, self.alias_of)
        else:
            value = self.resource(owner)
        vars(owner)[self.name] = value  # built once: later reads find it here
        return value


def sub_clients(cls: type) -> dict[str, SubClient[Any]]:
    """Return a client class's sub-client declarations, its own before its bases'."""
    found: dict[str, SubClient[Any]] = {}
    for klass in cls.__mro__:
        for name, value in vars(klass).items():
            if isinstance(value, SubClient) and name not in found:
                found[name] = value
    return found


def list_sub_clients(cls: type[T]) -> type[T]:
    """Add an ``Attributes`` section naming each sub-client to a class's docstring.

    One line each, from the declarations themselves (placed before
    ``Examples``), so ``help()`` of the client shows the way to each part.
    """
    lines = ["Attributes", "----------"]
    for name, value in sub_clients(cls).items():
        lines += [name, f"    {value.__doc__}"]
    doc = inspect.cleandoc(cls.__doc__ or "")
    head, marker, tail = doc.partition("\nExamples\n")
    section = "\n".join(lines)
    cls.__doc__ = f"{head.rstrip()}\n\n{section}\n" + (
        f"\nExamples\n{tail}" if marker else ""
    )
    return cls


class Delegate(Generic[P, T]):
    """A public method of a resource whose implementation is one of its parts'.

    ``list = Delegate("_records", MeasurementRecords.list)`` on a class makes
    ``instance.list`` the bound ``instance._records.list``: same signature,
    same docstring; on the class it is the part's function. The generator of
    the blocking facade finds it in the class's namespace and reads
    :attr:`method`.

    Parameters
    ----------
    part : str
        The instance attribute holding the part.
    method : callable
        The part's method (of the same name).
    """

    def __init__(self, part: str, method: Callable[Concatenate[Any, P], T]) -> None:
        self.part = part
        self.method = method
        self.__doc__ = method.__doc__
        self.__wrapped__ = method

    def __set_name__(self, owner: type, name: str) -> None:
        if name != self.method.__name__:
            raise TypeError(f"{owner.__name__}.{name} delegates to another name")

    @overload
    def __get__(
        self, owner: None, kind: type | None = None
    ) -> Callable[Concatenate[Any, P], T]: ...

    @overload
    def __get__(self, owner: object, kind: type | None = None) -> Callable[P, T]: ...

    def __get__(
        self, owner: object | None, kind: type | None = None
    ) -> Callable[P, T] | Callable[Concatenate[Any, P], T]:
        if owner is None:
            # On the class, the part's function itself: help() and
            # inspect.signature() read it as any method.
            return self.method
        bound: Callable[P, T] = getattr(getattr(owner, self.part), self.method.__name__)
        if inspect.iscoroutinefunction(bound) and not hasattr(bound, "__wrapped__"):
            return boundary(bound)  # type: ignore[return-value]
        return bound
