"""Settings that decide where the key acts follow the URL's rule; headers checked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ionworks_async import AsyncIonworks
from ionworks_async._transport.settings import resolve_settings


def _dotenv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(text)
    return path


def test_a_dotenv_cannot_choose_the_organisation_or_project_of_an_environment_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dotenv = _dotenv(
        tmp_path, "IONWORKS_ORGANIZATION_ID=theirs\nIONWORKS_PROJECT_ID=theirs\n"
    )
    with caplog.at_level(logging.WARNING, logger="ionworks"):
        settings = resolve_settings(
            None,
            None,
            None,
            None,
            environ={"IONWORKS_API_KEY": "mine"},
            dotenv_path=dotenv,
        )
    assert settings.organization_id is None and settings.project_id is None
    assert "Ignoring IONWORKS_ORGANIZATION_ID" in caplog.text
    assert "Ignoring IONWORKS_PROJECT_ID" in caplog.text


def test_a_dotenv_with_its_own_key_chooses_them(tmp_path: Path) -> None:
    dotenv = _dotenv(
        tmp_path,
        "IONWORKS_API_KEY=k\nIONWORKS_ORGANIZATION_ID=o\nIONWORKS_PROJECT_ID=p\n",
    )
    settings = resolve_settings(None, None, None, None, environ={}, dotenv_path=dotenv)
    assert (settings.organization_id, settings.project_id) == ("o", "p")


def test_an_organization_id_with_a_control_character_fails_when_built() -> None:
    with pytest.raises(ValueError, match="organization id contains a control"):
        AsyncIonworks(api_key="k", organization_id="org\r\nX-Injected: 1")
