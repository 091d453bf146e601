"""Client settings: argument > environment > ``.env`` file > default.

Two rules keep the credentials where their owner meant them to go:

* credentials come from one source: the arguments when any is given, else the
  environment when it holds any, else the ``.env`` file — an ambient variable
  never mixes with a key passed by hand;
* the URL the key is sent to comes from a source at least as trusted as the
  key: a ``.env`` file in the working directory (a cloned repository, a shared
  folder) may set the URL only when the credentials came from that same file or
  from an argument; otherwise its URL is ignored, with a warning naming it.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from .._runtime.user_warnings import warn_user

__all__ = [
    "DEFAULT_API_URL",
    "Settings",
    "clean_secret",
    "is_loopback_host",
    "read_dotenv",
    "resolve_settings",
]

logger = logging.getLogger("ionworks")

DEFAULT_API_URL = "https://api.ionworks.com"
ARGUMENT = "argument"
ENVIRONMENT = "environment"


@attrs.frozen(repr=False)
class Settings:
    """Resolved connection settings of one client.

    Attributes
    ----------
    api_url : str
        The base URL, without a trailing slash.
    api_key, token : str or None
        Credentials; never shown by ``repr``.
    organization_id : str or None
        The organisation to act in (``X-Organization-Id``).
    project_id : str or None
        The default project of specifications (``IONWORKS_PROJECT_ID``).
    """

    api_url: str
    api_key: str | None
    token: str | None
    organization_id: str | None
    project_id: str | None = None

    def __repr__(self) -> str:
        # Credentials are deliberately left out.
        return f"Settings(api_url={self.api_url!r})"


def _unquote(value: str) -> str:
    """Read a ``.env`` value: quoted (``"v" # note``) or bare (``v # note``)."""
    if value[:1] in ("'", '"'):
        quote = value[0]
        end = value.find(quote, 1)
        if end > 0:
            rest = value[end + 1 :].strip()
            if not rest or rest.startswith("#"):
                return value[1:end]
    if value.startswith("#"):
        return ""
    if " #" in value or "\t#" in value:
        value = value.replace("\t#", " #").split(" #", 1)[0]
    return value.rstrip()


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
        allowed, a value in matching quotes is taken as it is between them
        (``KEY="v" # note`` reads ``v``), and an unquoted value ends at a
        `` #`` comment.
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
        if key:
            values[key] = _unquote(value.strip())
    return values


def clean_secret(value: str | None, name: str) -> str | None:
    """Strip a credential and refuse one that cannot be sent in a header.

    Parameters
    ----------
    value : str or None
        The key or token as found (a trailing newline from a file is common).
    name : str
        The setting's name, for the error message.

    Returns
    -------
    str or None
        The stripped value; ``None`` for a missing or blank one.

    Raises
    ------
    TypeError
        When the value is not a string.
    ValueError
        When a control character is left inside it: it would be refused by
        every HTTP stack, and retrying it as a "connection error" helps no one.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    text = value.strip()
    if any(ord(character) < 32 or ord(character) == 127 for character in text):
        raise ValueError(
            f"The {name} contains a control character (a line break or tab inside "
            "it?): it cannot be sent in an HTTP header. Check where it was copied "
            "from."
        )
    return text or None


def is_loopback_host(host: str | None) -> bool:
    """Whether a URL's host is this machine (``localhost``, 127.0.0.0/8, ::1)."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _url_host(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _first(*values: str | None) -> str | None:
    """Return the first value that is not blank, stripped."""
    for value in values:
        if value is not None and value.strip():
            return value.strip()
    return None


def _credentials(
    api_key: str | None,
    token: str | None,
    env: Mapping[str, str],
    dotenv: Callable[[], dict[str, str]],
    dotenv_file: Path,
) -> tuple[str | None, str | None, str]:
    """Return (key, token, source) from the most explicit source that has any."""
    key = clean_secret(api_key, "API key")
    bearer = clean_secret(token, "API token")
    if key is not None or bearer is not None:
        return key, bearer, ARGUMENT
    for source, values in ((ENVIRONMENT, env), (str(dotenv_file), None)):
        found = dotenv() if values is None else values
        key = clean_secret(found.get("IONWORKS_API_KEY"), "IONWORKS_API_KEY")
        bearer = clean_secret(found.get("IONWORKS_API_TOKEN"), "IONWORKS_API_TOKEN")
        if key is not None or bearer is not None:
            return key, bearer, source
    raise ValueError(
        "No Ionworks credentials: pass api_key=..., or set the "
        "IONWORKS_API_KEY environment variable (or IONWORKS_API_TOKEN for a "
        "bearer token), in the environment or in a .env file."
    )


def _trusted_dotenv(
    name: str,
    credentials_source: str,
    dotenv: Callable[[], dict[str, str]],
    dotenv_file: Path,
    what: str,
) -> str | None:
    """Return a ``.env`` setting that decides where the key acts, if trusted.

    As for the URL: a ``.env`` in the working directory may not choose the
    organisation or project a key from the environment writes into.
    """
    value = _first(dotenv().get(name))
    if value is not None and credentials_source == ENVIRONMENT:
        logger.warning(
            "Ignoring %s from %s: the API key comes from the environment, and a "
            ".env file in the working directory may not choose the %s it acts "
            "in. Set %s in the environment (or pass it) to use it.",
            name,
            dotenv_file,
            what,
            name,
        )
        return None
    return value


def _api_url(
    api_url: str | None,
    credentials_source: str,
    env: Mapping[str, str],
    dotenv: Callable[[], dict[str, str]],
    dotenv_file: Path,
) -> str:
    """Return the base URL, from a source at least as trusted as the key's."""
    url = _first(api_url, env.get("IONWORKS_API_URL"))
    if url is None:
        dotenv_url = _first(dotenv().get("IONWORKS_API_URL"))
        if dotenv_url is not None and credentials_source == ENVIRONMENT:
            logger.warning(
                "Ignoring IONWORKS_API_URL from %s: the API key comes from the "
                "environment, and a .env file in the working directory may not "
                "send it elsewhere. Set IONWORKS_API_URL in the environment (or "
                "pass api_url=...) to use another server.",
                dotenv_file,
            )
        else:
            url = dotenv_url
    url = (url or DEFAULT_API_URL).rstrip("/")
    if not url.startswith(("http://", "https://")):
        hint = ""
        if "://" not in url:
            scheme = "http" if is_loopback_host(_url_host(f"//{url}")) else "https"
            hint = f" Did you mean {scheme}://{url}?"
        raise ValueError(
            "The Ionworks API URL must start with http:// or https://, got "
            f"{url!r}.{hint}"
        )
    host = _url_host(url)
    if url.startswith("http://") and not is_loopback_host(host):
        logger.warning(
            "The Ionworks API key will be sent over plain http:// to %s, where "
            "anyone on the network path can read it. Use https:// for any server "
            "that is not on this machine.",
            host,
        )
    return url


def resolve_settings(
    api_key: str | None,
    api_url: str | None,
    token: str | None,
    organization_id: str | None,
    project_id: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = None,
) -> Settings:
    """Resolve the settings from the arguments, the environment and ``.env``.

    Parameters
    ----------
    api_key, api_url, token, organization_id, project_id : str or None
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
        When neither an API key nor a token was found, a credential holds a
        control character, or the URL is not http(s).
    """
    env = os.environ if environ is None else environ
    dotenv_file = dotenv_path or Path.cwd() / ".env"
    dotenv_values: dict[str, str] | None = None

    def dotenv() -> dict[str, str]:
        nonlocal dotenv_values
        if dotenv_values is None:
            dotenv_values = read_dotenv(dotenv_file)
        return dotenv_values

    key, bearer, source = _credentials(api_key, token, env, dotenv, dotenv_file)
    url = _api_url(api_url, source, env, dotenv, dotenv_file)
    project = _first(project_id, env.get("IONWORKS_PROJECT_ID"))
    if project is None and _first(env.get("PROJECT_ID")):
        warn_user(
            "PROJECT_ID is deprecated: set IONWORKS_PROJECT_ID instead.",
            DeprecationWarning,
        )
        project = _first(env.get("PROJECT_ID"))
    if project is None:
        project = _trusted_dotenv(
            "IONWORKS_PROJECT_ID", source, dotenv, dotenv_file, "project"
        )
    organization = _first(organization_id, env.get("IONWORKS_ORGANIZATION_ID"))
    if organization is None:
        organization = _trusted_dotenv(
            "IONWORKS_ORGANIZATION_ID", source, dotenv, dotenv_file, "organisation"
        )
    organization = clean_secret(organization, "organization id")
    return Settings(
        api_url=url,
        api_key=key,
        token=bearer,
        organization_id=organization,
        project_id=project,
    )
