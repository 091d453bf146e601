"""The S3 multipart routes of local storage in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from .parts import JSON, operation, query
from .schemas import ref

__all__ = ["s3_paths"]

_XML = "application/xml"


def _xml(description: str) -> dict[str, Any]:
    return {"description": description, "content": {_XML: {"schema": {}}}}


_REFUSED = {
    "400": {
        "description": "A malformed part list, a part too small, a bad hash (S3 "
        "XML); a query parameter the route does not take (JSON)",
        "content": {_XML: {"schema": {}}, JSON: {"schema": ref("Error")}},
    },
    "403": _xml("Not signed for this object, or the credential expired (S3 XML)"),
    "404": _xml("No such object or upload (S3 XML)"),
    "409": _xml("The upload was confirmed: no more data (S3 XML)"),
}
_OBJECT = [
    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
    for name in ("bucket", "key")
]
_X_ID = query("x-id", "The S3 operation's name (botocore sends it)")


def s3_paths() -> dict[str, Any]:
    """Return the S3 endpoint's paths (AWS Signature Version 4, no API key)."""
    upload_id = query("uploadId", "The multipart upload")
    return {
        "/storage/s3/{bucket}/{key}": {
            "parameters": _OBJECT,
            "post": operation(
                "CreateMultipartUpload (?uploads) or CompleteMultipartUpload "
                "(?uploadId, the part list as XML)",
                {
                    "200": _xml("InitiateMultipartUploadResult or its completion"),
                    **_REFUSED,
                },
                parameters=[query("uploads", "Start an upload"), upload_id, _X_ID],
                security=False,
            ),
            "put": operation(
                "UploadPart: one part of at least 5 MiB (but the last)",
                {"200": {"description": "Stored; its ETag in ETag"}, **_REFUSED},
                parameters=[query("partNumber", "1 to 10000"), upload_id, _X_ID],
                security=False,
            ),
            "delete": operation(
                "AbortMultipartUpload: drop the parts",
                {"204": {"description": "Aborted"}, **_REFUSED},
                parameters=[upload_id, _X_ID],
                security=False,
            ),
        }
    }
