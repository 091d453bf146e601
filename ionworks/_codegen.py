"""Generate the blocking facade, ``ionworks/_generated.py``, from the async core.

Run ``python -m ionworks._codegen`` after changing a public async method, and
``python -m ionworks._codegen --check`` (CI does) to fail when the committed
file differs from a fresh generation.

For every public coroutine method of each ``Async*Client`` the generator emits
a plain method with the same name, parameters, defaults, keyword-only markers,
annotations and docstring (``**filters: Unpack[SomeTypedDict]`` spelled out
as its keyword-only parameters), whose body only hands the coroutine to the private
loop (async generators become blocking iterators, ``AsyncIterator[T]``
becoming ``Iterator[T]``). ``Ionworks`` itself mirrors ``AsyncIonworks``: same
constructor, the same sub-clients and aliases, ``close()`` for ``aclose()``.
"""

from __future__ import annotations

import argparse
import builtins
import inspect
import json
import keyword
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ionworks_async import EXPORTS, AsyncIonworks
from ionworks_async import types as public_types
from ionworks_async._runtime.generated import write_or_check
from ionworks_async.resources._base import Delegate, ResourceClient, sub_clients

__all__ = ["generate", "main"]

TARGET = Path(__file__).with_name("_generated.py")
HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Produced by `python -m ionworks._codegen` from the async core (ionworks_async).
# Change the async methods and run the generator again; CI checks this file
# with `python -m ionworks._codegen --check`.
"""The blocking clients, generated from :mod:`ionworks_async`."""

from __future__ import annotations

'''
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")  # Literal["get", ...] names nothing
_INDENT = "    "
_BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def _sync_name(async_name: str) -> str:
    return async_name.removeprefix("Async")


def _resource_attributes() -> list[tuple[str, type[ResourceClient] | str]]:
    """List the sub-clients as ``AsyncIonworks`` declares them: a class, or an alias."""
    attributes: list[tuple[str, type[ResourceClient] | str]] = []
    for name, value in sub_clients(AsyncIonworks).items():
        attributes.append((name, value.alias_of or value.resource))
    return attributes


def _lazy_resources() -> set[type[ResourceClient]]:
    """Return the sub-clients ``AsyncIonworks`` imports on first use."""
    return {
        value.resource
        for value in sub_clients(AsyncIonworks).values()
        if value.lazy and not value.alias_of
    }


_AWAITED = re.compile(r"^(\s*(?:>>>|\.\.\.) .*?)\bawait ", re.MULTILINE)


def blocking_doc(text: str | None) -> str | None:
    """Return an async method's docstring for its blocking twin.

    The same text, but its examples call the blocking method: ``await`` is
    dropped from the example lines (``>>> x = await client.get(...)``).
    """
    if text is None:
        return None
    while _AWAITED.search(text):
        text = _AWAITED.sub(r"\1", text)
    return text


def _docstring(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.splitlines()
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line else "" for line in lines[1:]]
    out.append(f'{indent}"""')
    return out


def _default(value: Any) -> str:
    if isinstance(value, str):
        # Double quotes, as ruff format writes them; JSON escapes are Python's.
        return json.dumps(value, ensure_ascii=False)
    if value is not None and not isinstance(value, (bool, int, float)):
        raise TypeError(f"cannot generate the default {value!r}")
    return repr(value)


class _Emitter:
    """Builds the module text and the imports its annotations need."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.imports: dict[str, set[str]] = {}
        self.modules: set[str] = set()
        self.defined: set[str] = set()  # method names of the class being emitted
        # Names only the annotations of lazily imported sub-clients need: they
        # are imported for type checkers alone, so that importing the facade
        # does not import those sub-clients' records.
        self.typing_only: dict[str, set[str]] = {}
        self.lazy = False

    def need_module(self, module: str) -> None:
        self.modules.add(module)

    def need(self, module: str, name: str) -> None:
        target = self.typing_only if self.lazy else self.imports
        target.setdefault(module, set()).add(name)

    def annotation(self, text: str, scope: Callable[..., Any] | type) -> str:
        """Record the imports an annotation's names need, and return it."""
        namespace = getattr(scope, "__globals__", None) or vars(
            sys.modules[scope.__module__]
        )
        for name in _IDENTIFIER.findall(_STRING.sub("", text)):
            if keyword.iskeyword(name) or name in ("None", "Iterator"):
                continue
            if name == "builtins":  # builtins.list, where a method is named list
                self.need_module("builtins")
                continue
            if name not in namespace:
                if hasattr(builtins, name):
                    continue
                raise NameError(f"{name!r} in {text!r} is not defined in {scope}")
            self.need(_public_module(name, namespace[name]), name)
        return text

    def signature(self, function: Callable[..., Any]) -> tuple[list[str], list[str]]:
        """Return the parameter lines of a ``def`` and the arguments of its call."""
        parameters = list(inspect.signature(function).parameters.values())[1:]
        definition: list[str] = ["self,"]
        call: list[str] = []
        marked_keyword_only = False
        for parameter in parameters:
            if parameter.kind is parameter.VAR_KEYWORD and str(
                parameter.annotation
            ) in ("Any", "typing.Any"):  # passed on as they come (the peer's)
                definition.append(f"**{parameter.name}: Any,")
                call.append(f"**{parameter.name},")
                self.need("typing", "Any")
                continue
            if parameter.kind is parameter.VAR_KEYWORD:
                if not marked_keyword_only:
                    definition.append("*,")
                    marked_keyword_only = True
                for name, text in self.unpacked(parameter, function):
                    definition.append(f"{name}: {text} = None,")
                    call.append(f"{name}={name},")
                continue
            if parameter.kind is parameter.VAR_POSITIONAL:
                raise TypeError(f"{function.__qualname__}: *args not supported")
            if parameter.kind is parameter.POSITIONAL_ONLY:
                raise TypeError(
                    f"{function.__qualname__}: positional-only not supported"
                )
            text = parameter.name
            if parameter.annotation is not parameter.empty:
                text += f": {self.annotation(str(parameter.annotation), function)}"
                if parameter.default is not parameter.empty:
                    text += f" = {_default(parameter.default)}"
            elif parameter.default is not parameter.empty:
                text += f"={_default(parameter.default)}"
            if parameter.kind is parameter.KEYWORD_ONLY:
                if not marked_keyword_only:
                    definition.append("*,")
                    marked_keyword_only = True
                call.append(f"{parameter.name}={parameter.name},")
            else:
                call.append(f"{parameter.name},")
            definition.append(f"{text},")
        return definition, call

    def unpacked(
        self, parameter: inspect.Parameter, function: Callable[..., Any]
    ) -> list[tuple[str, str]]:
        """Spell ``**filters: Unpack[SomeTypedDict]`` out as its keywords."""
        match = re.fullmatch(r"Unpack\[(\w+)\]", str(parameter.annotation))
        if match is None:
            raise TypeError(
                f"{function.__qualname__}: **{parameter.name} must be "
                "annotated Unpack[<a TypedDict>]"
            )
        typed_dict = function.__globals__[match[1]]
        keywords: list[tuple[str, str]] = []
        for name, annotation in typed_dict.__annotations__.items():
            text = getattr(annotation, "__forward_arg__", None) or str(annotation)
            if not text.endswith("| None"):
                raise TypeError(f"{typed_dict.__name__}.{name} must allow None")
            keywords.append((name, self.annotation(text, typed_dict)))
        return keywords

    def unshadowed(self, text: str) -> str:
        """Qualify builtins that a method of the class emitted so far shadows.

        A blocking class defines ``list``: in its body a later ``list[str]``
        would name the method, so it is written ``builtins.list[str]``.
        """
        for name in self.defined & _BUILTIN_NAMES:
            text = re.sub(rf"(?<![\w.]){name}\[", f"builtins.{name}[", text)
        if "builtins." in text:
            self.need_module("builtins")
        return text

    def method(
        self,
        name: str,
        function: Callable[..., Any],
        call: str,
        *,
        runner: str | None = "run",
    ) -> None:
        """Emit a blocking method whose body hands ``call`` to the runner.

        With ``runner=None`` (a plain method of the async core) the body
        calls it directly.
        """
        definition, arguments = self.signature(function)
        returns = function.__annotations__.get("return", "None")
        if inspect.isasyncgenfunction(function):
            runner = "iterate"
            returns = re.sub(r"^AsyncIterator\[(.*)\]$", r"Iterator[\1]", returns)
            self.need("collections.abc", "Iterator")
        self.annotation(returns.replace("Iterator[", "["), function)
        definition = [self.unshadowed(line) for line in definition]
        returns = self.unshadowed(returns)
        if runner:
            self.need("ionworks._loop", runner)
        indent = _INDENT * 2
        self.defined.add(name)
        self.lines.append(f"{_INDENT}def {name}(")
        self.lines += [f"{indent}{line}" for line in definition]
        self.lines.append(f"{_INDENT}) -> {returns}:")
        self.lines += _docstring(blocking_doc(inspect.getdoc(function)), indent)
        if not runner and not arguments:
            self.lines.append(f"{indent}return {call}()")
        elif not runner:
            self.lines.append(f"{indent}return {call}(")
            self.lines += [f"{indent}{_INDENT}{line}" for line in arguments]
            self.lines.append(f"{indent})")
        elif arguments:
            self.lines.append(f"{indent}return {runner}(")
            self.lines.append(f"{indent}{_INDENT}{call}(")
            self.lines += [f"{indent}{_INDENT * 2}{line}" for line in arguments]
            self.lines.append(f"{indent}{_INDENT})")
            self.lines.append(f"{indent})")
        else:
            self.lines.append(f"{indent}return {runner}({call}())")
        self.lines.append("")

    def resource(self, cls: type[ResourceClient], *, lazy: bool = False) -> None:
        """Emit the blocking twin of one ``Async*Client`` class.

        A lazy one imports its async class when it is built, and the names
        of its annotations only for type checkers.
        """
        home = _public_module(cls.__name__, cls)
        if not lazy:
            self.need(home, cls.__name__)
        self.lazy = lazy
        self.defined = set()
        self.lines.append(f"class {_sync_name(cls.__name__)}:")
        doc = (inspect.getdoc(cls) or "").replace("AsyncIonworks", "Ionworks")
        self.lines += _docstring(doc, _INDENT)
        self.lines += [
            "",
            f"{_INDENT}def __init__(self, client: Ionworks) -> None:",
            *(_local_import(home, cls.__name__) if lazy else []),
            f"{_INDENT * 2}self._client = client",
            f"{_INDENT * 2}self._async = {cls.__name__}(client._async)",
            "",
            f"{_INDENT}def __repr__(self) -> str:",
            f'{_INDENT * 2}return f"{{type(self).__name__}}({{self._client!r}})"',
            "",
        ]
        for name, function in _public_methods(cls):
            self.method(name, function, f"self._async.{name}")
        self.lines.append("")  # each method ends with one blank line: two here
        self.lazy = False

    def client(self, attributes: list[tuple[str, type[ResourceClient] | str]]) -> None:
        """Emit ``Ionworks``, the blocking twin of ``AsyncIonworks``."""
        self.need("ionworks_async", "AsyncIonworks")
        self.need("ionworks._loop", "register_client")
        self.need("types", "TracebackType")
        definition, arguments = self.signature(inspect.unwrap(AsyncIonworks.__init__))
        doc = inspect.getdoc(AsyncIonworks) or ""
        doc = doc.replace("Asynchronous client", "Blocking client", 1)
        doc = doc.split("\nExamples\n", 1)[0].rstrip()
        lines = ["class Ionworks:", *_docstring(doc, _INDENT), ""]
        self.need("ionworks._attributes", "SubClientOf")
        for name, target in attributes:
            kind = _sync_name(
                target.__name__
                if not isinstance(target, str)
                else getattr(AsyncIonworks, target).__name__
            )
            lines.append(f"{_INDENT}{name} = SubClientOf({kind})")
        lines += ["", f"{_INDENT}def __init__("]
        lines += [f"{_INDENT * 2}{line}" for line in definition]
        lines.append(f"{_INDENT}) -> None:")
        lines.append(f"{_INDENT * 2}self._async = AsyncIonworks(")
        lines += [f"{_INDENT * 3}{line}" for line in arguments]
        lines.append(f"{_INDENT * 2})")
        lines.append(f"{_INDENT * 2}register_client(self._async)")
        for name, target in attributes:
            value = (
                f"self.{target}"
                if isinstance(target, str)
                else (f"{_sync_name(target.__name__)}(self)")
            )
            lines.append(f'{_INDENT * 2}vars(self)["{name}"] = {value}')
        lines.append("")
        for name, member in vars(AsyncIonworks).items():
            # ``context`` is the async core's wiring of its resources: not mirrored.
            if (
                isinstance(member, property)
                and not name.startswith("_")
                and name != "context"
            ):
                returns = self.annotation(
                    member.fget.__annotations__["return"], AsyncIonworks
                )
                lines += [
                    f"{_INDENT}@property",
                    f"{_INDENT}def {name}(self) -> {returns}:",
                    *_docstring(inspect.getdoc(member), _INDENT * 2),
                    f"{_INDENT * 2}return self._async.{name}",
                    "",
                ]
                if member.fset is not None:  # assignable: passed through
                    given = self.annotation(
                        member.fset.__annotations__["value"], AsyncIonworks
                    )
                    lines += [
                        f"{_INDENT}@{name}.setter",
                        f"{_INDENT}def {name}(self, value: {given}) -> None:",
                        f"{_INDENT * 2}self._async.{name} = value",
                        "",
                    ]
        lines += [
            f"{_INDENT}def __repr__(self) -> str:",
            f'{_INDENT * 2}return f"Ionworks(api_url={{self.api_url!r}})"',
            "",
            f"{_INDENT}def __enter__(self) -> Ionworks:",
            f"{_INDENT * 2}return self",
            "",
            f"{_INDENT}def __exit__(",
            f"{_INDENT * 2}self,",
            f"{_INDENT * 2}exc_type: type[BaseException] | None,",
            f"{_INDENT * 2}exc: BaseException | None,",
            f"{_INDENT * 2}traceback: TracebackType | None,",
            f"{_INDENT}) -> None:",
            f"{_INDENT * 2}self.close()",
            "",
        ]
        self.lines += lines
        for name, function in _public_methods(AsyncIonworks):
            sync = "close" if name == "aclose" else name
            self.method(sync, function, f"self._async.{name}")

    def text(self) -> str:
        """Return the whole module: header, imports, classes."""
        body = "\n".join(self.lines).rstrip() + "\n"
        # Plain imports (stdlib only) open the first block, as isort has it.
        typing_only = {
            module: left
            for module, names in self.typing_only.items()
            if (left := names - self.imports.get(module, set()))
        }
        if typing_only:
            self.need("typing", "TYPE_CHECKING")
        modules = "".join(f"import {module}\n" for module in sorted(self.modules))
        imports = modules + _grouped_imports(self.imports)
        if typing_only:
            block = _grouped_imports(typing_only, len(_INDENT))
            imports += "\n\nif TYPE_CHECKING:  # the lazy sub-clients' records\n"
            imports += "".join(
                f"{_INDENT}{line}\n" if line else "\n" for line in block.split("\n")
            ).rstrip("\n")
        return HEADER + imports + "\n\n\n" + body


def _public_module(name: str, value: object) -> str:
    """Return the public module to import ``name`` from in the generated file.

    The package's own surface first (:data:`ionworks_async.EXPORTS`),
    then :mod:`ionworks_async.types` for the aliases of signatures, then the
    defining module when its path is public; a private one is an error, so
    ``_generated.py`` never imports a private module.
    """
    if name in EXPORTS:
        return "ionworks_async"
    if name in public_types.__all__ and getattr(public_types, name) is value:
        return "ionworks_async.types"
    home: str | None = getattr(value, "__module__", None)
    if home and getattr(sys.modules.get(home), name, None) is value:
        if home.startswith("ionworks_async") and "._" in home:
            raise NameError(
                f"{name!r} is defined in the private module {home}: export it "
                "(ionworks_async.EXPORTS) or move its alias to ionworks_async.types"
            )
        return home
    raise NameError(f"{name!r} has no public module to import it from")


def _local_import(module: str, name: str) -> list[str]:
    """Return the lines importing one name inside a method, and a blank line."""
    line = f"{_INDENT * 2}from {module} import {name}"
    if len(line) <= 88:
        return [line, ""]
    return [
        f"{_INDENT * 2}from {module} import (",
        f"{_INDENT * 3}{name},",
        f"{_INDENT * 2})",
        "",
    ]


def _name_order(name: str) -> tuple[int, str, str]:
    """Order imported names as ruff's isort does: constants, classes, the rest.

    Within each, case-insensitively (``BuilderReadiness`` before ``BuildResult``).
    """
    if name.isupper() and len(name) > 1:
        return 0, name.lower(), name
    return (1 if name[:1].isupper() else 2), name.lower(), name


def _import_order(module: str) -> tuple[int, str]:
    top = module.split(".")[0]
    if top in sys.stdlib_module_names:
        return (0, module)
    if top in ("ionworks", "ionworks_async"):
        return (2, module)
    return (1, module)


def _grouped_imports(imports: dict[str, set[str]], indent: int = 0) -> str:
    blocks: dict[int, list[str]] = {}
    for module in sorted(imports, key=_import_order):
        names = sorted(imports[module], key=_name_order)
        line = f"from {module} import {', '.join(names)}"
        if len(line) + indent > 88:
            line = (
                f"from {module} import (\n"
                + "".join(f"{_INDENT}{name},\n" for name in names)
                + ")"
            )
        blocks.setdefault(_import_order(module)[0], []).append(line)
    return "\n\n".join("\n".join(block) for _, block in sorted(blocks.items()))


def _public_methods(cls: type) -> Iterable[tuple[str, Callable[..., Any]]]:
    """Yield the public coroutine methods of a class and its bases, in order.

    A method a resource delegates to one of its parts (a
    :class:`~ionworks_async.resources._base.Delegate`) is the part's method:
    its signature, annotations and docstring are the ones generated.
    """
    found: dict[str, Callable[..., Any]] = {}
    # Base classes first (a resource's generated plain methods, then its own):
    # a method a subclass redefines keeps its place and takes the new body.
    for owner in reversed(cls.__mro__):
        for name, member in vars(owner).items():
            if name.startswith("_"):
                continue
            if isinstance(member, Delegate):
                found[name] = inspect.unwrap(member.method)
            elif inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(
                member
            ):
                found[name] = inspect.unwrap(member)  # the boundary's own function
    yield from found.items()


def generate() -> str:
    """Return the text of ``_generated.py`` for the async core as it is now."""
    emitter = _Emitter()
    attributes = _resource_attributes()
    lazy = _lazy_resources()
    for _, target in attributes:
        if not isinstance(target, str):
            emitter.resource(target, lazy=target in lazy)
    emitter.client(attributes)
    from ._codegen_companions import COMPANIONS, emit_companion

    for companion in COMPANIONS:
        emit_companion(emitter, companion)
    return emitter.text()


def main(argv: list[str] | None = None) -> int:
    """Write ``_generated.py``, or with ``--check`` compare it and exit 1 on a diff."""
    parser = argparse.ArgumentParser(prog="python -m ionworks._codegen")
    parser.add_argument(
        "--check", action="store_true", help="fail if the file is out of date"
    )
    args = parser.parse_args(argv)
    command = "python -m ionworks._codegen"
    return write_or_check(TARGET, generate(), check=args.check, command=command)


if __name__ == "__main__":
    raise SystemExit(main())
