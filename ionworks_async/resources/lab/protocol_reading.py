"""Protocols given as text read as mappings, and the protocol tools' answers read."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ...errors import ResponseValidationError
from ...models.planning import ConvertResult, ParsedProtocol

__all__ = ["converted", "parsed", "protocol_config"]

_PARSED_NAMES = {
    "parsed_protocol_ucp": "ucp",
    "parsed_protocol_human": "human_readable",
}


def protocol_config(protocol: str | dict[str, Any]) -> dict[str, Any]:
    """Return a protocol given as YAML text (or as a mapping) as a mapping.

    Raises
    ------
    ValueError
        When the text is not YAML, or not a mapping.
    ImportError
        When PyYAML is not installed (``pip install ionworks-async[protocols]``).
    """
    if isinstance(protocol, dict):
        return protocol
    if not isinstance(protocol, str):
        raise TypeError(
            f"protocol must be YAML text or a dict, got {type(protocol).__name__}"
        )
    try:
        import yaml
    except ImportError:
        raise ImportError(
            "A protocol given as text is read with PyYAML: "
            "pip install 'ionworks-async[protocols]'"
        ) from None
    try:
        parsed = yaml.safe_load(protocol)
    except yaml.YAMLError as error:
        raise ValueError(f"protocol is not valid YAML: {error}") from None
    if not isinstance(parsed, dict):
        raise ValueError(
            "protocol must parse to a mapping with a 'steps' key; got "
            f"{type(parsed).__name__}"
        )
    return parsed


def parsed(answer: Any, path: str) -> ParsedProtocol:
    """Read the answer of ``/protocols/parse``."""
    if not isinstance(answer, dict) or not isinstance(
        answer.get("parsed_protocol_ucp", answer.get("ucp")), str
    ):
        raise ResponseValidationError(
            f"The Ionworks API answered POST {path} without a parsed protocol.",
            method="POST",
            path=path,
        )
    fields = {
        _PARSED_NAMES.get(str(key), str(key)): value for key, value in answer.items()
    }
    known = {field.name for field in ParsedProtocol.__attrs_attrs__} - {"extra"}
    return ParsedProtocol(
        **{key: value for key, value in fields.items() if key in known},
        extra={key: value for key, value in fields.items() if key not in known},
    )


def converted(answer: Any, path: str) -> ConvertResult:
    """Read the answer of ``/protocols/convert`` (files in base64)."""
    try:
        primary = answer["primary"]
        return ConvertResult(
            target=answer["target"],
            primary_filename=primary["filename"],
            primary_bytes=base64.b64decode(primary["content_base64"], validate=True),
            media_type=primary["media_type"],
            assets=[
                (asset["filename"], base64.b64decode(asset["content_base64"]))
                for asset in answer.get("assets", [])
            ],
        )
    except (KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise ResponseValidationError(
            f"The Ionworks API answered POST {path} without a converted protocol "
            f"({type(error).__name__}: {error}).",
            method="POST",
            path=path,
        ) from None
