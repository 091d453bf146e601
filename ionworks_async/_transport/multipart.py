"""``multipart/form-data`` bodies, from ``requests``-style mappings.

The public client's escape hatch takes ``files=`` and ``data=`` so. A file is
``content``, ``(filename, content)``, ``(filename, content, content_type)`` or
``(filename, content, content_type, headers)``; its content is bytes, text,
or a binary file object (read whole). A form field is text, a number, or a
list of them (the field repeated).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

__all__ = ["multipart_body"]


def _quoted(text: str) -> str:
    """Quote a name or file name for ``Content-Disposition`` (RFC 7578 4.2)."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', "%22")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
    )


def _content(value: Any, field: str) -> bytes:
    """Return a part's content as bytes: from bytes, text, or a binary file."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    read = getattr(value, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, str):
            return data.encode()
        if isinstance(data, bytes | bytearray):
            return bytes(data)
    raise TypeError(
        f"files[{field!r}] must be bytes, text or a binary file object, "
        f"not {type(value).__name__}"
    )


def _file_part(field: str, spec: Any) -> tuple[dict[str, str], bytes]:
    """Headers and bytes of one ``files`` entry."""
    filename: str | None = None
    content_type = "application/octet-stream"
    extra: Mapping[str, str] = {}
    content = spec
    if isinstance(spec, tuple | list):
        if not 2 <= len(spec) <= 4:
            raise TypeError(
                f"files[{field!r}] must be (filename, content[, content_type"
                f"[, headers]]), not a {len(spec)}-tuple"
            )
        filename, content = spec[0], spec[1]
        if len(spec) > 2 and spec[2]:
            content_type = str(spec[2])
        if len(spec) > 3 and spec[3]:
            extra = spec[3]
    else:  # a bare file: its own name, as requests takes it
        name = getattr(spec, "name", None)
        filename = name.rsplit("/", 1)[-1] if isinstance(name, str) else field
    disposition = f'form-data; name="{_quoted(field)}"'
    if filename is not None:
        disposition += f'; filename="{_quoted(str(filename))}"'
    headers = {"Content-Disposition": disposition, "Content-Type": content_type}
    headers.update({str(k): str(v) for k, v in extra.items()})
    return headers, _content(content, field)


def _field_parts(data: Mapping[str, Any]) -> list[tuple[dict[str, str], bytes]]:
    parts = []
    for name, value in data.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            if one is None:
                continue
            text = one if isinstance(one, bytes) else str(one).encode()
            disposition = f'form-data; name="{_quoted(str(name))}"'
            parts.append(({"Content-Disposition": disposition}, text))
    return parts


def multipart_body(
    data: Mapping[str, Any] | None, files: Mapping[str, Any] | None
) -> tuple[bytes, dict[str, str]]:
    """Encode form fields and files as one ``multipart/form-data`` body.

    Parameters
    ----------
    data : mapping, optional
        Form fields: text, numbers, or lists of them.
    files : mapping, optional
        Files, as ``requests`` takes them (see the module).

    Returns
    -------
    tuple of bytes and dict
        The body and its ``Content-Type`` header (with the boundary).

    Raises
    ------
    TypeError
        For a file entry that is not one of the forms above.
    """
    parts = _field_parts(data or {})
    parts += [_file_part(str(field), spec) for field, spec in (files or {}).items()]
    boundary = secrets.token_hex(16)
    marker = f"--{boundary}".encode()
    chunks: list[bytes] = []
    for headers, content in parts:
        chunks.append(marker + b"\r\n")
        for key, value in headers.items():
            chunks.append(f"{key}: {value}\r\n".encode())
        chunks += [b"\r\n", content, b"\r\n"]
    chunks.append(marker + b"--\r\n")
    content_type = f"multipart/form-data; boundary={boundary}"
    return b"".join(chunks), {"Content-Type": content_type}
