"""What a declaration of a resource's plain methods says (see :mod:`..`)."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = ["Declared", "Doc", "Extra"]


@attrs.frozen
class Doc:
    """A method's docstring, in the parts that are not written by template.

    Attributes
    ----------
    summary : str
        The first line, and any paragraphs after it.
    params : mapping of str to (str, str)
        A parameter's type and description, where the template's do not fit
        (the record's id and the parent's id always come from here).
    returns : str
        What ``Returns`` (or ``Yields``) says of the value.
    tail : str
        Sections after ``Returns``, as written (``Raises``, ``Examples``).
    """

    summary: str
    params: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    returns: str = ""
    tail: str = ""


@attrs.frozen
class Extra:
    """A keyword a list takes besides its filters, sent as a query parameter.

    Attributes
    ----------
    name : str
        The parameter (positional, after ``offset``).
    annotation : str
        Its type, as written in the signature.
    doc_type, doc : str
        Its type and description in the docstring.
    """

    name: str
    annotation: str
    doc_type: str
    doc: str


@attrs.frozen
class Declared:
    """The plain methods of one resource.

    Attributes
    ----------
    name : str
        The generated class (``PlainCellSpecifications``).
    record : str
        The record class its methods return (a name of :mod:`ionworks_async.models`).
    id : str
        The parameter naming one record (``cell_spec_id``).
    item_path : str
        The function of :mod:`._paths` giving one record's path from its id.
    collection : str
        The list's path: a constant of :mod:`._paths`, or with ``parent`` a
        function of the parent's id.
    methods : mapping of str to Doc
        The plain methods it has, in the order they are written, and their
        docstrings.
    parent : str, optional
        The parameter naming the parent whose records are listed and created
        (``cell_spec_id``), when there is one.
    parent_in_query : bool
        Whether the parent is a query filter of ``collection`` (raw data's
        ``project_id``) rather than a part of its path.
    filters : str, optional
        The ``...Filters`` TypedDict of :mod:`ionworks_async._arguments.filters`
        that ``list`` and ``iter_all`` take as keywords.
    extra : tuple of Extra
        Keywords ``list`` and ``iter_all`` take before the filters.
    legacy_key : str
        The key an older API named an existing record by in a 409's detail.
    data_optional : bool
        Whether ``create``'s and ``update``'s ``data`` may be left out (an
        empty record; no change).
    update_retry_safe : bool
        Whether ``update`` may be re-sent after an ambiguous failure.
    first_page : bool
        Whether ``list`` fetches one page by default (ionworks-api's
        ``limit=100, offset=0``) rather than every page.
    """

    name: str
    record: str
    id: str
    item_path: str
    collection: str
    methods: Mapping[str, Doc]
    parent: str | None = None
    parent_in_query: bool = False
    filters: str | None = None
    extra: tuple[Extra, ...] = ()
    legacy_key: str = ""
    data_optional: bool = False
    update_retry_safe: bool = False
    first_page: bool = False
