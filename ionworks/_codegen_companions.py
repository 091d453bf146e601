"""Generate the blocking twins of the async core's helpers built on a client.

A companion (``AsyncNavigator``) takes an ``AsyncIonworks`` first; its
blocking twin (``Navigator``) takes an ``Ionworks``, or makes one from the
environment when given none — a blocking client closes itself at exit,
while an async one is its owner's to close, so the async companion is
always given its client. Coroutine methods run on the private loop; plain
methods and the public attributes are passed through.
"""

from __future__ import annotations

import inspect
import types
from typing import TYPE_CHECKING, Any

from ionworks_async import AsyncNavigator

from ._codegen import _INDENT, _docstring, _sync_name, blocking_doc

if TYPE_CHECKING:
    from ._codegen import _Emitter

__all__ = ["COMPANIONS", "emit_companion"]

COMPANIONS: tuple[type, ...] = (AsyncNavigator,)
"""The async helpers that get a blocking twin, in the order they are emitted."""


def _without_client(function: Any) -> Any:
    """Return ``function`` as if it had no ``client`` parameter (for its signature)."""
    signature = inspect.signature(function)
    kept = [p for p in signature.parameters.values() if p.name != "client"]
    shim = types.FunctionType(function.__code__, function.__globals__)
    shim.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
    return shim


def _public_attributes(cls: type) -> list[str]:
    """Return the attributes ``__init__`` sets that the twin shows as properties."""
    source = inspect.getsource(vars(cls)["__init__"])
    return [
        line.split("=")[0].strip().removeprefix("self.")
        for line in source.splitlines()
        if line.strip().startswith("self.")
        and not line.strip().startswith(("self._", "self.client"))
        and "=" in line
    ]


def emit_companion(emitter: _Emitter, cls: type) -> None:
    """Emit the blocking twin of one async companion class."""
    name = _sync_name(cls.__name__)
    init = vars(cls)["__init__"]
    emitter.need("ionworks_async", cls.__name__)
    definition, arguments = emitter.signature(_without_client(init))
    doc = blocking_doc(inspect.getdoc(cls)) or ""
    doc = doc.replace("AsyncIonworks", "Ionworks").replace(cls.__name__, name)
    emitter.defined = set()
    lines = [f"class {name}:", *_docstring(doc, _INDENT), ""]
    lines += [f"{_INDENT}def __init__(", f"{_INDENT * 2}self,"]
    lines.append(f"{_INDENT * 2}client: Ionworks | None = None,")
    lines += [f"{_INDENT * 2}{line}" for line in definition[1:]]
    lines.append(f"{_INDENT}) -> None:")
    lines.append(f"{_INDENT * 2}self.client = Ionworks() if client is None else client")
    lines.append(f"{_INDENT * 2}self._async = {cls.__name__}(")
    lines.append(f"{_INDENT * 3}self.client._async,")
    lines += [f"{_INDENT * 3}{line}" for line in arguments]
    lines += [f"{_INDENT * 2})", ""]
    sample = init.__annotations__
    for attribute in _public_attributes(cls):
        returns = emitter.annotation(sample.get(attribute, "Any"), init)
        lines += [
            f"{_INDENT}@property",
            f"{_INDENT}def {attribute}(self) -> {returns}:",
            f'{_INDENT * 2}"""As given to the constructor (see the class)."""',
            f"{_INDENT * 2}return self._async.{attribute}",
            "",
        ]
    lines += [
        f"{_INDENT}def __repr__(self) -> str:",
        f'{_INDENT * 2}return repr(self._async).replace("{cls.__name__}", "{name}")',
        "",
    ]
    emitter.lines += ["", *lines]
    for method_name, member in vars(cls).items():
        if method_name.startswith("_") or not inspect.isfunction(member):
            continue
        coroutine = inspect.iscoroutinefunction(member)
        call = f"self._async.{method_name}"
        emitter.method(method_name, member, call, runner="run" if coroutine else None)
