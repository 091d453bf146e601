"""NO_PROXY by urllib's rules, for every form of entry: names, domains, ports,
IPv4 and IPv6 addresses and networks."""

from __future__ import annotations

import pytest
from yarl import URL

from ionworks_async._transport import ProxyResolver

PROXY = "http://proxy:3128"


@pytest.mark.parametrize(
    ("no_proxy", "url", "bypassed"),
    [
        ("localhost,127.0.0.1,::1", "http://[::1]:8765/x", True),
        ("localhost,127.0.0.1,::1", "http://localhost:8765/x", True),
        ("localhost,127.0.0.1,::1", "http://127.0.0.1/x", True),
        ("localhost,127.0.0.1,::1", "http://[::2]/x", False),
        ("0:0:0:0:0:0:0:1", "http://[::1]/x", True),
        ("[::1]:8765", "http://[::1]:8765/x", True),
        ("[::1]:8765", "http://[::1]:9000/x", False),
        ("[::1]", "http://[::1]:9000/x", True),
        ("fe80::/10", "http://[fe80::1]/x", True),
        ("10.0.0.0/8", "http://10.9.8.7/x", True),
        ("example.com", "https://api.example.com/x", True),
        ("example.com", "https://example.com/x", True),
        ("example.com", "https://notexample.com/x", False),
        (".example.com", "https://example.com/x", True),
        ("example.com:8443", "https://example.com:8443/x", True),
        ("example.com:8443", "https://example.com/x", False),
        ("*", "https://anything.at.all/x", True),
        (" a.b , c.d ", "http://c.d/x", True),
    ],
)
def test_no_proxy_entries(no_proxy: str, url: str, bypassed: bool) -> None:
    resolver = ProxyResolver(
        None, {"HTTP_PROXY": PROXY, "HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy}
    )
    assert resolver.for_url(URL(url)) == (None if bypassed else PROXY)
