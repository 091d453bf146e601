"""The plain methods of cell specifications, lots and cell instances, declared."""

from __future__ import annotations

from .vocabulary import Declared, Doc

__all__ = ["BATCH", "INSTANCE", "SPECIFICATION"]


_FAILS = """Raises
------
ValueError
    When the API reports a conflict but the existing {what} is not found."""

SPECIFICATION = Declared(
    name="PlainCellSpecifications",
    record="CellSpecification",
    id="cell_spec_id",
    item_path="specification_path",
    collection="SPECIFICATIONS_PATH",
    filters="SpecificationFilters",
    legacy_key="existing_cell_specification_id",
    methods={
        "get": Doc(
            "Get a cell specification by id.",
            {"cell_spec_id": ("str", "The specification's id.")},
            "The specification.",
        ),
        # "list" is written by hand (cell_specification.py): include_components
        # comes before the page, as the public client has it.
        "iter_all": Doc(
            "Iterate over every matching specification, fetching page by page.",
            returns="Each matching specification.",
        ),
        "create": Doc(
            "Create a cell specification.",
            {
                "data": (
                    "dict",
                    "The specification's fields; ``name`` is required. Without a\n"
                    "``project_id`` it is filed in the client's default project, "
                    "when\none is set (else the server's default).",
                )
            },
            "The new specification.",
        ),
        "create_or_get": Doc(
            "Create a cell specification, or get the existing one of that name.\n\n"
            "Names are unique within a project: the existing specification is\n"
            "looked for in the body's ``project_id``, else the client's default\n"
            "project, else (no project configured) across the organisation.",
            {"data": ("dict", "The specification's fields; ``name`` is required.")},
            "The new specification, or the one that already had this name.",
            _FAILS.format(what="record")
            + """

Examples
--------
>>> made = await client.cell_spec.create_or_get(
...     {"name": "LFP 18650", "form_factor": "cylindrical"}
... )
>>> made.form_factor
'cylindrical'
>>> (await client.cell_spec.create_or_get({"name": "LFP 18650"})).id == made.id
True""",
        ),
        "create_many": Doc(
            "Create many cell specifications concurrently.",
            {
                "items": (
                    "iterable or async iterable of dict",
                    "The specifications' fields, as :meth:`create` takes them; "
                    "consumed\nlazily, so a generator of any length keeps memory "
                    "flat.",
                ),
                "if_exists": (
                    '{"get", "error"}, optional',
                    '``"get"`` (the default) returns a record that already has '
                    "the name,\nso re-running a job creates nothing twice; "
                    '``"error"`` fails the item.',
                ),
            },
        ),
        "update": Doc(
            "Update fields of a cell specification.",
            {
                "cell_spec_id": ("str", "The specification's id."),
                "data": ("dict", "The fields to change."),
            },
            "The updated specification.",
        ),
        "delete": Doc(
            "Delete a cell specification, with its instances and their measurements.",
            {"cell_spec_id": ("str", "The specification's id.")},
        ),
    },
)

BATCH = Declared(
    name="PlainCellBatches",
    record="CellBatch",
    id="batch_id",
    item_path="batch_path",
    collection="specification_batches_path",
    parent="cell_spec_id",
    filters="NameFilters",
    legacy_key="existing_cell_batch_id",
    methods={
        "get": Doc(
            "Get a lot by id, with its current ``instance_count``.",
            {"batch_id": ("str", "The lot's id.")},
            "The lot.",
        ),
        "list": Doc(
            "List the lots of a specification: every match, or one page.",
            {"cell_spec_id": ("str", "The specification's id.")},
            "A list of the lots, with ``total``.",
        ),
        "iter_all": Doc(
            "Iterate over every lot of a specification, page by page.",
            {"cell_spec_id": ("str", "The specification's id.")},
            "Each matching lot.",
        ),
        "create": Doc(
            "Create a lot under a specification.",
            {
                "cell_spec_id": ("str", "The specification's id."),
                "data": (
                    "dict",
                    "``name`` (required), and optionally ``notes``,\n"
                    "``date_manufactured`` (``YYYY-MM-DD``) and ``properties``.",
                ),
            },
            "The new lot.",
        ),
        "create_or_get": Doc(
            "Create a lot, or get the specification's lot of that name.\n\n"
            "Names are compared case-insensitively, as the API does; an existing\n"
            "lot is returned as it is (the other fields of ``data`` are not\n"
            "applied).",
            {
                "cell_spec_id": ("str", "The specification's id."),
                "data": ("dict", "The lot's fields; ``name`` is required."),
            },
            "The new lot, or the one that already had this name.",
            _FAILS.format(what="lot"),
        ),
        "update": Doc(
            "Update a lot; a new name shows on every member as ``batch_name``.",
            {
                "batch_id": ("str", "The lot's id."),
                "data": (
                    "dict",
                    "The fields to change: ``name``, ``notes``, "
                    "``date_manufactured``,\n``properties``.",
                ),
            },
            "The updated lot.",
        ),
        "delete": Doc(
            "Delete a lot; its cells are kept, with no lot.",
            {"batch_id": ("str", "The lot's id.")},
        ),
        "create_many": Doc(
            "Create many lots under one specification, concurrently.",
            {
                "cell_spec_id": ("str", "The specification's id."),
                "items": (
                    "iterable or async iterable of dict",
                    "The lots' fields, as :meth:`create` takes them; consumed lazily.",
                ),
                "if_exists": (
                    '{"get", "error"}, optional',
                    '``"get"`` (the default) returns a lot that already has the '
                    'name\n(compared case-insensitively); ``"error"`` fails the '
                    "item.",
                ),
            },
        ),
    },
)

_SPEC_OF_INSTANCE = ("str", "The ID of the parent cell specification.")

INSTANCE = Declared(
    name="PlainCellInstances",
    record="CellInstance",
    id="cell_instance_id",
    item_path="instance_path",
    collection="specification_instances_path",
    parent="cell_spec_id",
    filters="InstanceFilters",
    legacy_key="existing_cell_instance_id",
    methods={
        "get": Doc(
            "Get a specific cell instance by ID.",
            {"cell_instance_id": ("str", "The cell instance ID.")},
            "The cell instance.",
        ),
        "list": Doc(
            "List all cell instances for a specification (or one page of them).",
            {"cell_spec_id": ("str", "The ID of the cell specification.")},
            "A list of the cell instances, with ``total``.",
        ),
        "iter_all": Doc(
            "Iterate over every instance of a specification, page by page.",
            {"cell_spec_id": ("str", "The ID of the cell specification.")},
            "Each matching instance.",
        ),
        "update": Doc(
            "Update an existing cell instance.",
            {
                "cell_instance_id": (
                    "str",
                    "The ID of the cell instance to update.",
                ),
                "data": (
                    "dict[str, Any]",
                    "Dictionary containing the fields to update. "
                    '``"batch": "<name>"``\nmoves the cell to its '
                    "specification's lot of that name (created if\nneeded; one "
                    "more request to learn the specification, one for the\nlot); "
                    '``"batch": None`` takes it out of its lot.',
                ),
            },
            "The updated cell instance.",
        ),
        "delete": Doc(
            "Delete a cell instance by ID (its measurements are deleted too).",
            {"cell_instance_id": ("str", "The cell instance ID.")},
        ),
        "create": Doc(
            "Create a new cell instance under a specification.",
            {
                "cell_spec_id": _SPEC_OF_INSTANCE,
                "data": (
                    "dict[str, Any]",
                    "Dictionary containing the cell instance data (``name`` is\n"
                    "required). A lot is named by ``batch_id``, or by name as\n"
                    '``"batch": "<name>"``: the specification\'s lot of that '
                    "name is\nfound or created first (one more request).",
                ),
            },
            "The newly created cell instance.",
        ),
        "create_or_get": Doc(
            "Create a new cell instance or get existing.",
            {
                "cell_spec_id": _SPEC_OF_INSTANCE,
                "data": (
                    "dict[str, Any]",
                    "Dictionary containing the cell instance data, as "
                    ":meth:`create`\ntakes it (``batch`` included).",
                ),
            },
            "The cell instance (newly created or existing).",
            _FAILS.format(what="record")
            + """

Examples
--------
>>> first = await client.cell_instance.create_or_get(spec.id, {"name": "A1"})
>>> again = await client.cell_instance.create_or_get(spec.id, {"name": "A1"})
>>> again.id == first.id
True""",
        ),
        "create_many": Doc(
            "Create many cell instances under one specification, concurrently.",
            {
                "cell_spec_id": _SPEC_OF_INSTANCE,
                "items": (
                    "iterable or async iterable of dict",
                    "The instances' fields, as :meth:`create` takes them; "
                    "consumed\nlazily, so a generator of any length keeps memory "
                    "flat. Lots\nnamed by ``batch`` are looked up once per "
                    "distinct name.",
                ),
                "if_exists": (
                    '{"get", "error"}, optional',
                    '``"get"`` (the default) returns an instance that already '
                    "has the\nname, so re-running a job creates nothing twice; "
                    '``"error"`` fails\nthe item.',
                ),
            },
            tail="""Examples
--------
>>> cells = [{"name": f"B{n}"} for n in range(3)] + [{"name": ""}]
>>> result = await client.cell_instance.create_many(spec.id, cells)
>>> result.created, len(result.failed), result.failed[0].error.status_code
(3, 1, 422)""",
        ),
    },
)
