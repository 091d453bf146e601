"""Write the plain methods of the declared resources: ``resources/_generated.py``.

Run ``python -m ionworks_async.resources._declared.codegen`` after changing a
declaration, and the same with ``--check`` (CI does) to fail when the
committed file differs from a fresh generation. Each method is a template
below, filled from a declaration, and the text is formatted by ruff (a
development dependency), so the file reads as the hand-written ones do.
Docstrings are written out whole (the filters' descriptions included), so
that IDEs, ``help()`` and the blocking facade's generator read real
signatures and docstrings.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
from pathlib import Path

from ..._arguments import filters as filter_types
from ..._runtime.generated import write_or_check
from . import DECLARED, Declared, Doc

__all__ = ["generate", "main"]

TARGET = Path(__file__).parents[1] / "_generated.py"
HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Produced by `python -m ionworks_async.resources._declared.codegen` from
# resources/_declared/; CI checks it with `--check`.
"""The plain methods of each declared resource (see :mod:`._declared`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Unpack

from .._arguments.filters import (
    InstanceFilters,
    MeasurementFilters,
    NameFilters,
    RecordFilters,
    SpecificationFilters,
    check_filters,
)
from .._arguments.query import segment
from ..bulk import BatchResult
from ..models import (
    CellBatch,
    CellInstance,
    CellMeasurement,
    CellSpecification,
    Project,
    RawData,
)
from ..models.pages import PaginatedList
from ..types import IfExists, ItemSource, Progress
from ._paths import (
    PROJECTS_PATH,
    RAW_DATA_PATH,
    SPECIFICATIONS_PATH,
    batch_path,
    instance_measurements_path,
    instance_path,
    measurement_path,
    project_path,
    raw_data_path,
    specification_batches_path,
    specification_instances_path,
    specification_path,
)
from ._plain import PlainResource

__all__ = [{names}]


'''

# -- the methods, one template each ------------------------------------------
# {R} the record, {I} its id, {item} its path, {where} the list's path,
# {parent} "<parent>: str, " or "", {p} "<parent>, " or "", {P} the parent or
# None, {checks} the checks of the arguments first, {doc} the docstring.

GET = """
async def get(self, {I}: str) -> {R}:
{doc}
    return await self._api.record("GET", {item}({I}), {R})
"""

LIST = """
async def list(
    self, {parent}limit: int | None = {limit}, offset: int | None = {offset}, {extras}
) -> PaginatedList[{R}]:
{doc}
{checks}    query = self._query({query})
    return await self._api.list({where}, {R}, limit, offset, query)
"""

ITER_ALL = """
async def iter_all(self, {parent}{extras}) -> AsyncIterator[{R}]:
{doc}
{checks}    query = self._query({query})
    async for record in self._api.iterate({where}, {R}, query):
        yield record
"""

CREATE = """
async def create(self, {parent}{data}) -> {R}:
{doc}
{checks}    body = await self._bodies({P})({given})
    return await self._post({p}body, retry_safe=False)
"""

CREATE_OR_GET = """
async def create_or_get(self, {parent}data: dict[str, Any]) -> {R}:
{doc}
{checks}    body = await self._bodies({P})(data)
    record, _ = await self._create_or_get_reporting({p}body)
    return record
"""

CREATE_MANY = """
async def create_many(
    self,
    {parent}items: ItemSource[dict[str, Any]],
    *,
    if_exists: IfExists = "get",
    concurrency: int | None = None,
    progress: Progress = False,
    stop_on_error: bool = False,
) -> BatchResult[{R}]:
{doc}
{checks}    bodies = self._bodies({P})  # one for the batch: what it looks up, once

    async def create(item: dict[str, Any]) -> {R}:
        return await self._post({p}await bodies(item), retry_safe=False)

    async def create_or_get(item: dict[str, Any]) -> tuple[{R}, bool]:
        return await self._create_or_get_reporting({p}await bodies(item))

    return await self._api.bulk(
        items,
        create=create,
        create_or_get=create_or_get,
        if_exists=if_exists,
        concurrency=concurrency,
        progress=progress,
        stop_on_error=stop_on_error,
        key=self._item_key,
    )
"""

UPDATE = """
async def update(self, {I}: str, {data}) -> {R}:
{doc}
    body = await self._update_body({I}, {given})
    return await self._api.record("PATCH", {item}({I}), {R}, body{retry})
"""

DELETE = """
async def delete(self, {I}: str) -> None:
{doc}
    await self._api.delete({item}({I}))
"""

POST = """
async def _post(self, {parent}body: dict[str, Any], *, retry_safe: bool) -> {R}:
    return await self._api.record(
        "POST", {where}, {R}, body, retry_safe=retry_safe
    )
"""

REPORTING = '''
async def _create_or_get_reporting(
    self, {parent}body: dict[str, Any]
) -> tuple[{R}, bool]:
    """Create, or find the record that has its name; say which it was."""
    return await self._api.create_or_get(
        self._post({p}body, retry_safe=True),
        name=body.get("name"),
        legacy_key="{legacy_key}",
        get=self.get,
        find_by_name=lambda name: self.iter_all({p}**self._name_query(name, body)),
        same_name=self._same_name,
    )
'''

TEMPLATES = {
    "get": GET,
    "list": LIST,
    "iter_all": ITER_ALL,
    "create": CREATE,
    "create_or_get": CREATE_OR_GET,
    "create_many": CREATE_MANY,
    "update": UPDATE,
    "delete": DELETE,
}

# -- the docstrings ----------------------------------------------------------

Entry = tuple[str, str, str]  # a parameter: name, type, description

PAGE: tuple[Entry, ...] = (
    (
        "limit",
        "int, optional",
        "Page size, 1 to 100. With ``limit`` or ``offset``, one page.",
    ),
    (
        "offset",
        "int, optional",
        "Records to skip. With neither, every page is fetched.",
    ),
)
FIRST_PAGE: tuple[Entry, ...] = (
    ("limit", "int, optional", "Page size, 1 to 100 (default 100)."),
    (
        "offset",
        "int, optional",
        "Records to skip (default 0). ``limit=None, offset=None`` fetches\nevery page.",
    ),
)
BULK: tuple[Entry, ...] = (
    (
        "concurrency",
        "int, optional",
        "Items in flight at once (default: the client's ``max_concurrency``).",
    ),
    (
        "progress",
        "bool or callable, optional",
        "``True`` for a progress bar; a callable gets\n"
        "``(done, total_or_None, failed)``.",
    ),
    (
        "stop_on_error",
        "bool, optional",
        "Cancel the remaining items at the first failure.",
    ),
)
BULK_RETURNS = "Records in input order, failures with their errors, counts and rate."


def _section(title: str, entries: list[Entry]) -> str:
    lines = [title, "-" * len(title)]
    for name, kind, text in entries:
        lines.append(f"{name} : {kind}" if kind else name)
        lines += [f"    {line}" for line in text.splitlines()]
    return "\n".join(lines)


def _docstring(
    doc: Doc, params: list[Entry], returns: Entry | None, filters: str = ""
) -> str:
    """Return a method's docstring, indented for its body."""
    parts = [doc.summary]
    if params or filters:
        parts.append(_section("Parameters", params) + filters)
    if returns is not None:
        title, kind, what = returns
        parts.append(_section(title, [(kind, "", what)]))
    if doc.tail:
        parts.append(doc.tail)
    body = "\n\n".join(parts)
    if "\n" not in body:
        return f'    """{body}"""'
    return textwrap.indent(f'"""{body}\n"""', "    ")


class _Resource:
    """One declared resource, written out as its generated class."""

    def __init__(self, declared: Declared) -> None:
        self.d = declared

    def entry(self, doc: Doc, name: str) -> Entry:
        """Return a parameter's docstring entry, as the declaration words it."""
        if name not in doc.params:
            raise ValueError(f"{self.d.name}: no words for {name!r} ({doc.summary!r})")
        kind, text = doc.params[name]
        return (name, kind, text)

    def parents(self, doc: Doc) -> list[Entry]:
        return [] if self.d.parent is None else [self.entry(doc, self.d.parent)]

    def filters_doc(self) -> str:
        if self.d.filters is None:
            return ""
        # Wrapped as they stand in the source: eight spaces in, 88 wide.
        typed = getattr(filter_types, self.d.filters)
        entries = textwrap.dedent(filter_types.filter_docs(typed, " " * 8))
        return "\n" + entries.rstrip("\n")

    def fields(self, name: str) -> dict[str, str]:
        """Return what fills the template of method ``name``."""
        d = self.d
        parent = "" if d.parent is None else f"{d.parent}: str, "
        in_path = d.parent is not None and not d.parent_in_query
        pairs = [f'"{extra.name}": {extra.name}' for extra in d.extra]
        if d.parent_in_query:
            pairs.append(f'"{d.parent}": {d.parent}')
        query = "filters" if d.filters and not pairs else f"{{{', '.join(pairs)}}}"
        if d.filters and pairs:
            query = f"{{**filters, {', '.join(pairs)}}}"
        extras = "".join(f"{e.name}: {e.annotation} = None, " for e in d.extra)
        if d.filters:
            extras += f"**filters: Unpack[{d.filters}]"
        checks = "" if d.parent is None else f'    segment({d.parent}, "{d.parent}")\n'
        if d.filters and name in ("list", "iter_all"):
            checks += f'    check_filters(filters, {d.filters}, "{name}")\n'
        return {
            "R": d.record,
            "I": d.id,
            "item": d.item_path,
            "where": f"{d.collection}({d.parent})" if in_path else d.collection,
            "parent": parent,
            "p": "" if d.parent is None else f"{d.parent}, ",
            "P": "None" if d.parent is None else d.parent,
            "checks": checks,
            "extras": extras,
            "query": query,
            "data": (
                "data: dict[str, Any] | None = None"
                if d.data_optional
                else "data: dict[str, Any]"
            ),
            "given": "{} if data is None else data" if d.data_optional else "data",
            "retry": ", retry_safe=True" if d.update_retry_safe else "",
            "legacy_key": d.legacy_key,
            "limit": "100" if d.first_page else "None",
            "offset": "0" if d.first_page else "None",
            "doc": self.docstring(name, d.methods.get(name)),
        }

    def docstring(self, name: str, doc: Doc | None) -> str:
        d = self.d
        if doc is None:
            return ""
        extras = [(e.name, e.doc_type, e.doc) for e in d.extra]
        record = ("Returns", d.record, doc.returns)
        if name == "get":
            return _docstring(doc, [self.entry(doc, d.id)], record)
        if name == "list":
            page_entries = FIRST_PAGE if d.first_page else PAGE
            params = [*self.parents(doc), *page_entries, *extras]
            page = ("Returns", f"PaginatedList[{d.record}]", doc.returns)
            return _docstring(doc, params, page, self.filters_doc())
        if name == "iter_all":
            params = [*self.parents(doc), *extras]
            each = ("Yields", d.record, doc.returns)
            return _docstring(doc, params, each, self.filters_doc())
        if name in ("create", "create_or_get"):
            params = [*self.parents(doc), self.entry(doc, "data")]
            return _docstring(doc, params, record)
        if name == "create_many":
            params = [
                *self.parents(doc),
                self.entry(doc, "items"),
                self.entry(doc, "if_exists"),
                *BULK,
            ]
            result = ("Returns", f"BatchResult[{d.record}]", BULK_RETURNS)
            return _docstring(doc, params, result)
        if name == "update":
            entries = [self.entry(doc, d.id), self.entry(doc, "data")]
            return _docstring(doc, entries, record)
        return _docstring(doc, [self.entry(doc, d.id)], None)

    def text(self) -> str:
        """Return the generated class's source."""
        d = self.d
        methods = [TEMPLATES[name].format(**self.fields(name)) for name in d.methods]
        if {"create", "create_or_get", "create_many"} & set(d.methods):
            methods.append(POST.format(**self.fields("_post")))
        if {"create_or_get", "create_many"} & set(d.methods):
            methods.append(REPORTING.format(**self.fields("_post")))
        body = "".join(textwrap.indent(method, "    ") for method in methods)
        lines = [
            f"class {d.name}(PlainResource):",
            f'    """The plain methods of ``{d.record}`` records (generated)."""',
        ]
        return "\n".join(lines) + "\n" + body


def _formatted(text: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET)],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ruff could not format the generated text:\n{done.stderr}")
    return done.stdout


def generate() -> str:
    """Return the text of ``_generated.py`` for the declarations as they are now."""
    names = ", ".join(f'"{name}"' for name in sorted(d.name for d in DECLARED))
    body = "\n\n".join(_Resource(declared).text() for declared in DECLARED)
    return _formatted(HEADER.format(names=names) + body)


def main(argv: list[str] | None = None) -> int:
    """Write ``_generated.py``, or with ``--check`` compare it and exit 1 on a diff."""
    parser = argparse.ArgumentParser(
        prog="python -m ionworks_async.resources._declared.codegen"
    )
    parser.add_argument(
        "--check", action="store_true", help="fail if the file is out of date"
    )
    args = parser.parse_args(argv)
    command = "python -m ionworks_async.resources._declared.codegen"
    return write_or_check(TARGET, generate(), check=args.check, command=command)


if __name__ == "__main__":
    raise SystemExit(main())
