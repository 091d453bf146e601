"""``help()`` shows the way: the sub-clients, each with a line, without a key."""

from __future__ import annotations

import pydoc

import pytest

import ionworks
from ionworks_async import AsyncCellMeasurementClient, AsyncIonworks


def _help(thing: object) -> str:
    """What ``help(thing)`` prints, as plain text."""
    return pydoc.plain(pydoc.render_doc(thing))


SUB_CLIENTS = {
    "cell_spec": "Cell specifications.",
    "cell_batch": "Cell batches",
    "cell_instance": "Cell instances.",
    "cell_measurement": "Cell measurements.",
    "raw_data": "Raw data",
    "project": "Projects",
}


@pytest.mark.parametrize("client", [ionworks.Ionworks, AsyncIonworks])
def test_help_of_the_client_names_each_sub_client_with_a_line(client: type) -> None:
    text = _help(client)
    attributes = text[text.index("Attributes") :]
    for name, line in SUB_CLIENTS.items():
        assert f"{name}\n |      {line}" in attributes, name


def test_help_of_a_sub_client_needs_no_client_and_no_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("IONWORKS_API_KEY", raising=False)
    assert ionworks.Ionworks.cell_measurement is ionworks.CellMeasurementClient
    assert AsyncIonworks.cell_measurement is AsyncCellMeasurementClient
    text = _help(ionworks.Ionworks.cell_measurement)
    assert "wait_for_processing" in text and "Client for cell measurements" in text
    text = _help(AsyncIonworks.raw_data)
    assert "upload" in text


def test_on_a_client_the_attributes_are_its_own_sub_clients() -> None:
    with ionworks.Ionworks("k" * 40, "http://127.0.0.1:9", cache_dir=False) as one:
        assert isinstance(one.cell_measurement, ionworks.CellMeasurementClient)
        assert one.measurement is one.cell_measurement
        assert one.cell_spec is one.cell_spec


def test_command_help_is_plain_text_and_names_its_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ionworks_async._cli import main as ionworks_command
    from ionworks_async.local.cli import main as local_command

    with pytest.raises(SystemExit):
        ionworks_command(["ingest", "--help"])
    text = capsys.readouterr().out
    assert "What ionworks ingest will do with a folder" in text
    assert "``" not in text and "**" not in text and ":func:" not in text
    with pytest.raises(SystemExit):
        local_command(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--host HOST the address to listen on (default 127.0.0.1" in text
    assert "--port PORT the port to listen on (default 8765" in text
