"""How a request is sent: session, one attempt, the retry loop and policy.

A :class:`~.request.Request` value flows down: :class:`~.session.Transport`
(the session and its limits, redirects) hands each hop to the retry loop
(:mod:`.retry_loop`, judged by :mod:`.retry_policy`), which makes attempts
(:mod:`.attempt`, the one call into aiohttp). :mod:`.network` holds TLS and
proxies, :mod:`.responses` a read answer and its typed error, and
:mod:`.wire_json` the JSON on the wire; :mod:`.storage_multipart` large
uploads by S3 multipart, signed by :mod:`.sigv4`.
"""

from .attempt import Attempt, AttemptFailed, attempt
from .network import ProxyResolver, Verify, tls_setting
from .request import Body, QueryParams, Request, SentFile
from .responses import Response, error_from_response
from .retry_loop import CallBudget, Retrier
from .session import Transport
from .sigv4 import signature
from .storage_multipart import MultipartTarget, StorageTarget, body_size, put_stored
from .wire_json import decode_json, encode_body, encode_json, iso_datetime

__all__ = [
    "Attempt",
    "AttemptFailed",
    "Body",
    "CallBudget",
    "MultipartTarget",
    "ProxyResolver",
    "QueryParams",
    "Request",
    "Response",
    "Retrier",
    "SentFile",
    "StorageTarget",
    "Transport",
    "Verify",
    "attempt",
    "body_size",
    "decode_json",
    "encode_body",
    "encode_json",
    "error_from_response",
    "iso_datetime",
    "put_stored",
    "signature",
    "tls_setting",
]
