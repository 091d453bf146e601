"""Signed storage URLs: an HMAC over method, path and expiry."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote

__all__ = ["URL_LIFETIME", "Signer"]

URL_LIFETIME = 3600
"""Seconds a signed URL stays valid."""


class Signer:
    """Signs and checks storage URLs with a server secret.

    Parameters
    ----------
    secret : bytes
        The key; kept in the data folder so URLs survive a restart.
    """

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _token(self, method: str, path: str, expires: int) -> str:
        message = f"{method}\n{path}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def sign(self, method: str, path: str, *, lifetime: int = URL_LIFETIME) -> str:
        """Return ``path`` with ``expires`` and ``token`` query parameters."""
        expires = int(time.time()) + lifetime
        token = self._token(method, path, expires)
        return f"{path}?expires={expires}&token={quote(token)}"

    def check(
        self, method: str, path: str, expires: str | None, token: str | None
    ) -> bool:
        """Whether a signature is right for this method and path and not expired."""
        # Anyone may send these: only a short run of ASCII digits is a time,
        # only ASCII a token (int() of 4,301 digits, or compare_digest of
        # non-ASCII text, would raise).
        if not expires or not token or len(expires) > 20 or not token.isascii():
            return False
        if not (expires.isascii() and expires.isdigit()):
            return False
        if int(expires) < time.time():
            return False
        return hmac.compare_digest(self._token(method, path, int(expires)), token)
