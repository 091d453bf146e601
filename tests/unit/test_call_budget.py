"""One retry budget and one deadline per call, shared by every redirect hop.

aioresponses answers each hop with 503 once, then a redirect to the next hop,
for a download route that redirects six times in all; the retry loop runs on
a fake clock.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from ionworks_async import ServerError
from ionworks_async._transport import Request, Retrier, Transport
from ionworks_async._transport.settings import Settings

BASE = "https://api.test"
HOPS = 6  # the first request and MAX_REDIRECTS (5) redirects


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay
        await asyncio.sleep(0)

    def clock(self) -> float:
        return self.now


class FlakyRedirects:
    """Each hop answers 503 once, then redirects to the next; the last is 200.

    An aioresponses callback: the transport's real attempt sends each hop.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sent: list[tuple[str, float]] = []

    def __call__(self, url: URL, **_: object) -> CallbackResult:
        path = url.path
        self.sent.append((path, self.clock.now))
        hop = int(path.rsplit("/", 1)[1])
        if sum(1 for sent, _ in self.sent if sent == path) == 1:
            return CallbackResult(status=503)
        if hop + 1 < HOPS:
            return CallbackResult(status=302, headers={"Location": f"/hop/{hop + 1}"})
        return CallbackResult(status=200, body=b"data")


def _transport(
    mocked: aioresponses,
    clock: FakeClock,
    send: FlakyRedirects,
    max_retries: int,
    deadline: float,
) -> Transport:
    mocked.get(re.compile(rf"{re.escape(BASE)}/hop/\d+"), callback=send, repeat=True)
    return Transport(
        Settings(api_url=BASE, api_key="k", token=None, organization_id=None),
        timeout=10.0,
        download_timeout=300.0,
        max_retries=max_retries,
        max_concurrency=4,
        retrier=Retrier(max_retries, deadline, sleep=clock.sleep, clock=clock.clock),
    )


async def test_every_hop_of_a_download_shares_one_retry_budget(
    mocked: aioresponses,
) -> None:
    clock = FakeClock()
    send = FlakyRedirects(clock)
    transport = _transport(mocked, clock, send, max_retries=1, deadline=2.0)
    try:
        with pytest.raises(ServerError):
            await transport.fetch(
                Request("GET", URL(f"{BASE}/hop/0"), follow_with_credentials=False)
            )
    finally:
        await transport.aclose()
    paths = [path for path, _ in send.sent]
    # Hop 0 spends the one retry; hop 1's 503 finds the budget empty.
    assert paths == ["/hop/0", "/hop/0", "/hop/1"]
    retries = len(paths) - len(set(paths))
    assert retries <= 1


async def test_no_attempt_of_any_hop_starts_after_the_call_deadline(
    mocked: aioresponses,
) -> None:
    clock = FakeClock()
    send = FlakyRedirects(clock)
    transport = _transport(mocked, clock, send, max_retries=50, deadline=2.0)
    started = clock.now
    try:
        with pytest.raises(ServerError):
            await transport.fetch(Request("GET", URL(f"{BASE}/hop/0")))
    finally:
        await transport.aclose()
    # Backoff grows 0.3, 0.6, 1.2 ... (jittered down to half): two seconds
    # run out before six hops and their retries could all be made.
    assert all(moment - started <= 2.0 for _, moment in send.sent)
    assert len({path for path, _ in send.sent}) < HOPS
    assert sum(clock.sleeps) < 2.0


async def test_a_budget_that_suffices_follows_every_hop(mocked: aioresponses) -> None:
    clock = FakeClock()
    send = FlakyRedirects(clock)
    transport = _transport(mocked, clock, send, max_retries=HOPS, deadline=600.0)
    try:
        response = await transport.fetch(Request("GET", URL(f"{BASE}/hop/0")))
    finally:
        await transport.aclose()
    assert response.body == b"data"
    assert len(send.sent) == 2 * HOPS
