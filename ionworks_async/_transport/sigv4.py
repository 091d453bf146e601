"""AWS Signature Version 4 for S3: the signature of one request, from its parts.

Large uploads go to object storage by S3 multipart with short-lived
credentials the API hands out (``initiate-upload``'s ``multipart``), so each
request to storage carries an ``Authorization`` header signed the S3 way.
Written from the AWS documentation ("Signature Calculations for the
Authorization Header"); ionworks-local verifies with the same function, and
a test holds it to AWS's published example.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import quote

__all__ = [
    "ALGORITHM",
    "EMPTY_SHA256",
    "UNSIGNED_PAYLOAD",
    "authorization",
    "canonical_query",
    "signature",
]

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
_SAFE = "-_.~"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Return the canonical query string: each name and value encoded, sorted."""
    encoded = sorted((quote(k, safe=_SAFE), quote(v, safe=_SAFE)) for k, v in pairs)
    return "&".join(f"{name}={value}" for name, value in encoded)


def _key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def signature(
    *,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    payload_hash: str,
    secret: str,
    amz_date: str,
    region: str,
    service: str = "s3",
) -> str:
    """Return the hex signature of a request.

    Parameters
    ----------
    method : str
        The HTTP method.
    path : str
        The path as sent (already percent-encoded; S3 does not encode it again).
    query : iterable of (str, str)
        The query parameters, decoded.
    headers : mapping of str to str
        The signed headers only, by lower-case name (``host`` among them).
    payload_hash : str
        ``x-amz-content-sha256``: the body's SHA-256 (hex) or
        ``UNSIGNED-PAYLOAD``.
    secret : str
        The secret access key.
    amz_date : str
        ``x-amz-date`` (``YYYYMMDDTHHMMSSZ``).
    region : str
        The region of the credential's scope.
    service : str, optional
        The service of the scope. Defaults to ``"s3"``.

    Returns
    -------
    str
        The signature (64 hex digits).
    """
    names = sorted(headers)
    canonical_headers = "".join(
        f"{name}:{' '.join(headers[name].split())}\n" for name in names
    )
    canonical = "\n".join(
        [
            method,
            path or "/",
            canonical_query(query),
            canonical_headers,
            ";".join(names),
            payload_hash,
        ]
    )
    date = amz_date[:8]
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        [ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _key(secret, date, region, service)
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def authorization(
    access_key: str, amz_date: str, region: str, names: Iterable[str], sig: str
) -> str:
    """Return the ``Authorization`` header of a signed request."""
    scope = f"{amz_date[:8]}/{region}/s3/aws4_request"
    return (
        f"{ALGORITHM} Credential={access_key}/{scope}, "
        f"SignedHeaders={';'.join(sorted(names))}, Signature={sig}"
    )
