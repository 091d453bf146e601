"""Print the signature of every public method of a client and its sub-clients.

Run by tests/integration/test_signatures.py with the public client's
interpreter (and imported there for ours): one JSON object, client name to
method name to its parameters ``[name, kind, default or null]``.
"""

import inspect
import json
import sys

SUB_CLIENTS = (
    "cell_spec",
    "cell_batch",
    "cell_instance",
    "cell_measurement",
    "raw_data",
    "project",
    "site",
    "cycler",
    "channel",
    "lab",
    "planned_measurement",
    "protocol",
    "organization",
    "search",
    "urls",
    "material",
    "study",
    "job",
    "material_property_dataset",
    "analysis",
    "model",
    "parameterized_model",
    "optimization",
    "simulation",
    "model_builder",
    "ecm",
    "pipeline",
    "simple_pipeline",
    "electrolyte",
)


def _unpacked(function, parameter):
    """The keywords a ``**kwargs: Unpack[SomeTypedDict]`` stands for, if so."""
    import typing

    try:
        hints = typing.get_type_hints(function, include_extras=True)
    except Exception:  # an annotation that does not resolve: not unpacked
        return None
    hint = hints.get(parameter.name)
    if typing.get_origin(hint) is not typing.Unpack:
        return None
    (typed,) = typing.get_args(hint)
    return [[name, "KEYWORD_ONLY", "None"] for name in typed.__annotations__]


def parameters(function):
    """A method's parameters after ``self``: name, kind, default's repr.

    ``**filters: Unpack[...]`` counts as the keywords it declares (each None
    by default).
    """
    found = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            keywords = _unpacked(function, parameter)
            if keywords is not None:
                found += keywords
                continue
        default = parameter.default
        found.append(
            [
                parameter.name,
                parameter.kind.name,
                None if default is inspect.Parameter.empty else repr(default),
            ]
        )
    return found


def methods(instance):
    """Every public method of an object, by name (bound: no ``self``).

    A method an object hands on to one of its parts comes bound already, as
    a function.
    """
    return {
        name: parameters(member)
        for name, member in inspect.getmembers(instance)
        if not name.startswith("_")
        and (inspect.ismethod(member) or inspect.isfunction(member))
    }


def signatures(client):
    """The client's own methods and each sub-client's."""
    found = {"Ionworks": methods(client)}
    found["Ionworks"]["__init__"] = parameters(type(client).__init__)
    for name in SUB_CLIENTS:
        found[name] = methods(getattr(client, name))
    return found


HELPER_FUNCTIONS = (
    "clear_cache",
    "get_cache_directory",
    "get_cache_enabled",
    "get_cache_ttl",
    "set_cache_directory",
    "set_cache_enabled",
    "set_cache_ttl",
    "get_dataframe_backend",
    "set_dataframe_backend",
)


def helpers(client):
    """The Navigator's methods (built on ``client``) and the module functions."""
    import ionworks
    from ionworks.validators import validate_measurement_data

    navigator = ionworks.Navigator(client, project_id="p")
    found = {"Navigator": methods(navigator)}
    found["Navigator"]["__init__"] = parameters(ionworks.Navigator.__init__)
    found["functions"] = {
        name: parameters(getattr(ionworks, name)) for name in HELPER_FUNCTIONS
    }
    found["functions"]["validate_measurement_data"] = parameters(
        validate_measurement_data
    )
    return found


if __name__ == "__main__":
    from ionworks import Ionworks

    client = Ionworks("k" * 40, sys.argv[1])
    print(json.dumps({**signatures(client), **helpers(client)}))
