"""A confirm-upload that committed but whose answer was lost.

The transport's one attempt is wrapped so that the first confirm reaches
ionworks-local, commits, and then its answer is dropped: the client re-sends
it, as for any dropped connection of a retry-safe call. ionworks-local
answers that re-sent confirm 409 naming the record; a server that forgets
the upload once it is confirmed answers 404 instead. Either way the call
reports the measurement that exists, and nothing is created twice.
"""

from __future__ import annotations

from typing import Any

import pytest

from ionworks_async import APIConnectionError, AsyncIonworks, NotFoundError
from ionworks_async._transport.attempt import AttemptFailed
from ionworks_async._transport.retry_policy import FailureKind
from ionworks_async.local.errors import ApiError

from ..support import LOCAL_KEY
from ..support.cycler import cycler_run
from ..support.retries import no_sleep, set_retrier


def _lose_first_confirm(client: AsyncIonworks) -> list[str]:
    """Drop the answer of the first confirm-upload, after the server acted."""
    transport = client.context.transport
    real = transport.send
    lost: list[str] = []

    async def losing(session: Any, request: Any, **options: Any) -> Any:
        response = await real(session, request, **options)
        if request.url.path.endswith("/confirm-upload") and not lost:
            lost.append(request.url.path)
            raise AttemptFailed(  # what the real attempt raises on a drop
                FailureKind.DISCONNECT,
                APIConnectionError("the answer was lost", path=request.url.path),
            )
        return response

    transport.send = losing
    return lost


def _forget_confirmed_uploads(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer a re-sent confirm 404, as a server that forgets the upload."""
    store = server.state.store

    def forgetful(measurement_id: str, instance_id: str) -> None:
        if not store.upload_pending(measurement_id):
            raise ApiError(404, f"No upload {measurement_id!r} was initiated")

    monkeypatch.setattr(store, "require_upload", forgetful)


async def _cell(client: AsyncIonworks) -> str:
    spec = await client.cell_spec.create({"name": "s"})
    return (await client.cell_instance.create(spec.id, {"name": "c"})).id


def _detail(name: str) -> dict[str, Any]:
    return {"measurement": {"name": name}, "time_series": cycler_run(cycles=1)}


@pytest.mark.parametrize("answer", ["409", "404"])
async def test_create_or_get_reports_the_measurement_a_lost_confirm_made(
    local_server: Any, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    if answer == "404":
        _forget_confirmed_uploads(local_server, monkeypatch)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        set_retrier(client, sleep=no_sleep)
        cell_id = await _cell(client)
        lost = _lose_first_confirm(client)
        made = await client.cell_measurement.create_or_get(cell_id, _detail("run"))
        assert lost, "the confirm's answer was not lost: the test proves nothing"
        assert made.name == "run" and made.processing_status == "ready"
        listed = await client.cell_measurement.list(cell_id)
        assert [m.id for m in listed] == [made.id]  # one record, not two


@pytest.mark.parametrize("answer", ["409", "404"])
async def test_create_many_counts_a_lost_confirm_as_created(
    local_server: Any, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    if answer == "404":
        _forget_confirmed_uploads(local_server, monkeypatch)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        set_retrier(client, sleep=no_sleep)
        cell_id = await _cell(client)
        lost = _lose_first_confirm(client)
        result = await client.cell_measurement.create_many(
            cell_id, [_detail("a"), _detail("b")]
        )
        assert lost
        assert not result.failed, [str(f.error) for f in result.failed]
        listed = await client.cell_measurement.list(cell_id)
        assert sorted(m.name for m in listed) == ["a", "b"]


async def test_a_confirm_of_an_upload_never_made_is_still_not_found(
    local_server: Any,
) -> None:
    from ionworks_async.resources.cell_measurement.transfer import confirm_upload

    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        cell_id = await _cell(client)
        body = {"cell_instance_id": cell_id, "measurement": {"name": "x"}}
        with pytest.raises(NotFoundError):
            await confirm_upload(
                client.cell_measurement._api, "no-such-id", body, retry_safe=True
            )
