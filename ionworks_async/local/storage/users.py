"""The organisation's users: their ids (from their emails) and the emails taken."""

from __future__ import annotations

import uuid

__all__ = ["EMAIL_PATTERN", "user_id_of"]

EMAIL_PATTERN = r"^[^@]+@[^@]+$"
"""What an invitation's email must look like: a name, ``@``, a domain."""


def user_id_of(email: str) -> str:
    """Return the id of the organisation's user of an email (as ``/users/me``)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ionworks-local:{email}"))
