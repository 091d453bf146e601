"""Client settings, resolved as argument > environment > ``.env`` file > default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import attrs

__all__ = ["DEFAULT_API_URL", "Settings", "read_dotenv", "resolve_settings"]

DEFAULT_API_URL = "https://api.ionworks.com"


@attrs.frozen(repr=False)
class Settings:
    """Resolved connection settings of one client.

    Attributes
    ----------
    api_url : str
        The base URL, without a trailing slash.
    api_key, token, organization_id : str or None
        Credentials and organisation; never shown by ``repr``.
    """

    api_url: str
    api_key: str | None
    token: str | None
    organization_id: str | None

    def __repr__(self) -> str:
        # Credentials are deliberately left out.
        return f"Settings(api_url={self.api_url!r})"


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file of ``KEY=value`` lines.

    Parameters
    ----------
    path : Path
        The file; a missing or unreadable file gives an empty mapping.

    Returns
    -------
    dict of str to str
        Blank lines and ``#`` comments are skipped, an ``export`` prefix is
        allowed, and one pair of matching quotes around a value is removed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    values: dict[str, str] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        if key:
            values[key] = value
    return values


def resolve_settings(
    api_key: str | None,
    api_url: str | None,
    token: str | None,
    organization_id: str | None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = None,
) -> Settings:
    """Resolve each setting from its argument, the environment, ``.env``, a default.

    Parameters
    ----------
    api_key, api_url, token, organization_id : str or None
        Values given by the caller; ``None`` falls through to the next source.
    environ : mapping, optional
        The environment (``os.environ`` by default).
    dotenv_path : Path, optional
        The ``.env`` file (``./.env`` by default).

    Returns
    -------
    Settings
        The resolved settings.

    Raises
    ------
    ValueError
        When neither an API key nor a token was found, or the URL is not http(s).
    """
    env = os.environ if environ is None else environ
    dotenv: dict[str, str] | None = None

    def pick(given: str | None, variable: str) -> str | None:
        nonlocal dotenv
        if given is not None:
            return given
        if env.get(variable):
            return env[variable]
        if dotenv is None:
            dotenv = read_dotenv(dotenv_path or Path.cwd() / ".env")
        return dotenv.get(variable) or None

    key = pick(api_key, "IONWORKS_API_KEY")
    bearer = pick(token, "IONWORKS_API_TOKEN")
    if not key and not bearer:
        raise ValueError(
            "No Ionworks credentials: pass api_key=..., or set the "
            "IONWORKS_API_KEY environment variable (or IONWORKS_API_TOKEN for a "
            "bearer token), in the environment or in a .env file."
        )
    url = (pick(api_url, "IONWORKS_API_URL") or DEFAULT_API_URL).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(
            f"The Ionworks API URL must start with http:// or https://, got {url!r}."
        )
    return Settings(
        api_url=url,
        api_key=key or None,
        token=bearer or None,
        organization_id=pick(organization_id, "IONWORKS_ORGANIZATION_ID"),
    )
