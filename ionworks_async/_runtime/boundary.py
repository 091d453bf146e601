"""Tracebacks that end where the caller called: the public methods' error boundary.

An :class:`~ionworks_async.errors.IonworksError` (a 404, a refused upload, an
unreachable server) is about the caller's request, not about this package's
internals, so a public method re-raises it with the frames below it dropped:
the traceback shows the caller's line and one line of this module (hidden by
IPython and pytest, which honour ``__tracebackhide__``). What caused it stays
readable as ``error.__cause__``, without its internal frames. Any other
exception (a bug) keeps its whole traceback, and so does every error when
``IONWORKS_FULL_TRACEBACKS`` is set (for debugging this package).
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from ..errors import IonworksError

__all__ = ["FULL_TRACEBACKS", "errors_at_the_boundary", "input_boundary", "trimmed"]

FULL_TRACEBACKS = "IONWORKS_FULL_TRACEBACKS"
"""Set this environment variable (to anything) to keep every frame."""

P = ParamSpec("P")
T = TypeVar("T")
E = TypeVar("E", bound=BaseException)


def trimmed(error: E) -> E:
    """Drop ``error``'s internal frames, and its causes', for re-raising.

    An implicit chain (an exception raised while handling another) is
    hidden; an explicit cause (``raise ... from cause``) is kept.
    """
    if os.environ.get(FULL_TRACEBACKS):
        return error
    error.__traceback__ = None
    cause = error.__cause__
    while cause is not None:
        cause.__traceback__ = None
        cause = cause.__cause__
    if error.__cause__ is None:
        error.__suppress_context__ = True
    return error


def boundary(
    function: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Coroutine[Any, Any, T]]:
    """Wrap a public coroutine function so its IonworksErrors are :func:`trimmed`."""

    @functools.wraps(function)
    async def call(*args: P.args, **kwargs: P.kwargs) -> T:
        __tracebackhide__ = True
        try:
            return await function(*args, **kwargs)
        except IonworksError as error:
            raise trimmed(error) from error.__cause__

    return call


def errors_at_the_boundary(cls: type[T]) -> type[T]:
    """Wrap each public coroutine method defined on ``cls`` with :func:`boundary`."""
    for name, member in list(vars(cls).items()):
        public = not name.startswith("_") and inspect.iscoroutinefunction(member)
        if public and not hasattr(member, "__wrapped__"):
            setattr(cls, name, boundary(member))
    return cls


def input_boundary(
    *kinds: type[BaseException],
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Wrap a public function so its errors of ``kinds`` end at the caller's line.

    For the errors a function raises on purpose about its input (a file that
    is not there, a setting that is wrong, as :class:`CyclerFileError` and the
    client's settings do): the message says it all, so the frames below the
    caller's are dropped (:func:`trimmed`), as for the API's errors.
    ``IonworksError`` is always one of them.
    """
    caught: tuple[type[BaseException], ...] = (IonworksError, *kinds)

    def wrap(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            __tracebackhide__ = True
            try:
                return function(*args, **kwargs)
            except caught as error:
                raise trimmed(error) from error.__cause__

        return call

    return wrap
