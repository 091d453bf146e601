"""The networks users have: TLS verification choices and HTTP proxies.

``verify`` takes what corporate networks need: ``True`` (the system's CA
store), a CA bundle path (TLS inspection by a proxy), an ``ssl.SSLContext``,
or ``False`` for a test server only. Proxies follow ``HTTPS_PROXY``,
``HTTP_PROXY`` and ``NO_PROXY`` (as ``requests``, and so the existing public
client, does; aiohttp ignores them unless told), unless a ``proxy`` setting
names one for every request.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import ssl
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..types import Verify

if TYPE_CHECKING:
    from yarl import URL

__all__ = ["ProxyResolver", "Verify", "tls_setting"]

logger = logging.getLogger("ionworks")


def tls_setting(verify: Verify, api_url: str) -> bool | ssl.SSLContext:
    """Turn a ``verify`` argument into what the connector takes.

    Parameters
    ----------
    verify : bool, str, PathLike or ssl.SSLContext
        ``True`` verifies against the system's CA store; a path verifies
        against that CA bundle (a file, or a folder of hashed certificates);
        a context is used as given; ``False`` turns verification off.
    api_url : str
        The API's URL, for the warning ``False`` logs.

    Returns
    -------
    bool or ssl.SSLContext
        ``True``, ``False`` or a context.

    Raises
    ------
    TypeError
        For any other kind of value.
    ValueError
        When a CA bundle path does not exist or cannot be read.
    """
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify is True:
        return True
    if verify is False:
        logger.warning(
            "TLS certificate verification is OFF for %s: anyone on the network "
            "path can read and change this traffic, the API key included. Use "
            "verify=False only with a test server.",
            api_url,
        )
        return False
    if isinstance(verify, (str, os.PathLike)):
        path = os.fspath(verify)
        try:
            if os.path.isdir(path):
                return ssl.create_default_context(capath=path)
            return ssl.create_default_context(cafile=path)
        except (OSError, ssl.SSLError) as error:
            raise ValueError(
                f"verify={path!r} is not a readable CA bundle ({error})."
            ) from None
    raise TypeError(
        "verify must be True, False, a CA bundle path or an ssl.SSLContext, "
        f"got {type(verify).__name__}"
    )


class ProxyResolver:
    """Choose the proxy of each request: the setting, else the environment.

    Parameters
    ----------
    proxy : str or None
        A proxy URL for every request (``http://user:pass@host:3128``), or
        ``None`` to follow ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``NO_PROXY``.
    environ : mapping, optional
        The environment (``os.environ`` by default), read once.
    """

    def __init__(
        self, proxy: str | None, environ: Mapping[str, str] | None = None
    ) -> None:
        if proxy is not None and (
            not isinstance(proxy, str) or not proxy.startswith(("http://", "https://"))
        ):
            raise ValueError("proxy must be an http:// or https:// URL")
        self.proxy = proxy
        env = os.environ if environ is None else environ
        # The rules of urllib (and so of requests): a lower-case variable wins
        # over its upper-case twin; NO_PROXY holds host suffixes, ports, "*".
        self._proxies: dict[str, str] = {}
        if proxy is None:
            for lower_case in (False, True):
                for name, value in env.items():
                    scheme = name.lower().removesuffix("_proxy")
                    if (
                        value
                        and scheme != name.lower()
                        and (name == name.lower()) == lower_case
                    ):
                        self._proxies[scheme] = value
            if "REQUEST_METHOD" in env and "HTTP_PROXY" in env:
                # Under CGI, HTTP_PROXY is a request header (httpoxy): ignore it.
                self._proxies.pop("http", None)
                if env.get("http_proxy"):
                    self._proxies["http"] = env["http_proxy"]
        self._bypass = self._proxies.pop("no", "")
        self._chosen: dict[tuple[str, str, int | None], str | None] = {}

    def for_url(self, url: URL) -> str | None:
        """Return the proxy URL to use for ``url``, or ``None`` to go direct."""
        if self.proxy is not None:
            return self.proxy
        if not self._proxies:
            return None
        key = (url.scheme, url.host or "", url.port)
        if key not in self._chosen:
            self._chosen[key] = self._choose(url)
        return self._chosen[key]

    def _choose(self, url: URL) -> str | None:
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if proxy is None or self._bypassed(url.host or "", url.port):
            return None
        return proxy if "://" in proxy else f"http://{proxy}"

    def _bypassed(self, host: str, port: int | None) -> bool:
        """Whether NO_PROXY names this host: ``*``, a domain, an IP or a network.

        Entries follow urllib's rules (a domain matches itself and its
        subdomains, a leading dot changes nothing, ``host:port`` only that
        port), for IPv6 literals too: ``::1``, ``[::1]:8765``, ``fe80::/10``.
        """
        host = host.strip("[]").lower()
        for raw in self._bypass.replace(" ", ",").split(","):
            entry = raw.strip().lower()
            if not entry:
                continue
            if entry == "*":
                return True
            name, entry_port = _entry_host_port(entry)
            if entry_port is not None and port != entry_port:
                continue
            name = name.lstrip(".")
            if host == name or host.endswith("." + name):
                return True
            try:
                if ipaddress.ip_address(host) in ipaddress.ip_network(
                    name, strict=False
                ):
                    return True
            except ValueError:
                continue
        return False


def _entry_host_port(entry: str) -> tuple[str, int | None]:
    """Split a NO_PROXY entry into its host (or network) and port, if any."""
    if entry.startswith("["):  # [::1] or [::1]:8765
        name, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
        return name, int(port) if port.isdigit() else None
    if entry.count(":") == 1:  # host:port (an IPv6 literal has more colons)
        name, _, port = entry.partition(":")
        return name, int(port) if port.isdigit() else None
    return entry, None
