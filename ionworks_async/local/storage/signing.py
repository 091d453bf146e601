"""Signed storage URLs: an HMAC over method, path and expiry."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

__all__ = ["URL_LIFETIME", "Credentials", "Signer"]

URL_LIFETIME = 3600
"""Seconds a signed URL stays valid."""


Credentials = dict[str, str]
"""An S3 credential for one object: access key, secret, session token, expiry."""


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

    def credentials(self, scope: str, *, lifetime: int = URL_LIFETIME) -> Credentials:
        """Return S3 credentials good for one object path (``scope``) only.

        Nothing is stored: the session token carries the scope and expiry
        under a MAC, and the secret key is derived from the token.
        """
        expires = int(time.time()) + lifetime
        encoded = base64.urlsafe_b64encode(scope.encode()).decode()
        mac = self._mac(f"s3\n{expires}\n{scope}")
        token = f"{expires}.{encoded}.{mac}"
        return {
            "access_key_id": "LOCAL" + mac[:16].upper(),
            "secret_access_key": self._mac(f"s3-secret\n{token}"),
            "session_token": token,
            "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)),
        }

    def credential_of(self, token: str) -> tuple[str, str, str] | None:
        """Return a token's (scope, access key, secret) if it is ours and valid."""
        parts = token.split(".") if token.isascii() and len(token) < 4096 else []
        if len(parts) != 3 or not (parts[0].isdigit() and len(parts[0]) <= 20):
            return None
        try:
            scope = base64.urlsafe_b64decode(parts[1].encode()).decode()
        except ValueError:
            return None
        mac = self._mac(f"s3\n{parts[0]}\n{scope}")
        if int(parts[0]) < time.time() or not hmac.compare_digest(mac, parts[2]):
            return None
        return scope, "LOCAL" + mac[:16].upper(), self._mac(f"s3-secret\n{token}")

    def _mac(self, message: str) -> str:
        return hmac.new(self._secret, message.encode(), hashlib.sha256).hexdigest()
