from __future__ import annotations

from pathlib import Path

import pytest

from ionworks_async import AsyncIonworks
from ionworks_async._settings import read_dotenv, resolve_settings


def test_argument_beats_environment_beats_dotenv_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        "# comment\nIONWORKS_API_KEY=from-dotenv\nexport IONWORKS_API_URL='http://dotenv:1/'\n"
        'IONWORKS_ORGANIZATION_ID="org-dotenv"\n'
    )
    monkeypatch.chdir(tmp_path)
    settings = resolve_settings(None, None, None, None)
    assert (settings.api_key, settings.api_url, settings.organization_id) == (
        "from-dotenv",
        "http://dotenv:1",
        "org-dotenv",
    )
    monkeypatch.setenv("IONWORKS_API_KEY", "from-env")
    monkeypatch.setenv("IONWORKS_API_URL", "http://env:2")
    settings = resolve_settings(None, None, None, None)
    assert (settings.api_key, settings.api_url) == ("from-env", "http://env:2")
    settings = resolve_settings("from-arg", "http://arg:3///", None, None)
    assert (settings.api_key, settings.api_url) == ("from-arg", "http://arg:3")


def test_default_url_and_token_only() -> None:
    settings = resolve_settings(None, None, "tok", None)
    assert settings.api_url == "https://api.ionworks.com"
    assert settings.api_key is None and settings.token == "tok"


def test_missing_credentials_name_the_variable() -> None:
    with pytest.raises(ValueError, match="IONWORKS_API_KEY"):
        AsyncIonworks()


def test_bad_url_is_rejected() -> None:
    with pytest.raises(ValueError, match="http"):
        AsyncIonworks(api_key="k", api_url="ftp://x")


def test_dotenv_parsing(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("A=1\n\n#B=2\nC = 'x y'\nD=v # trailing\nnot a pair\n=novalue\n")
    assert read_dotenv(path) == {"A": "1", "C": "x y", "D": "v"}
    assert read_dotenv(tmp_path / "missing") == {}


def test_repr_shows_url_never_the_key() -> None:
    client = AsyncIonworks(
        api_key="sk-very-secret", api_url="http://h", token="tok-secret"
    )
    for text in (
        repr(client),
        str(client),
        repr(client.cell_instance),
        repr(client._http.settings),
    ):
        assert "http://h" in text
        assert "sk-very-secret" not in text and "tok-secret" not in text


@pytest.mark.parametrize(
    "kwargs", [{"max_retries": -1}, {"max_concurrency": 0}, {"timeout": 0}]
)
def test_bad_client_options(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        AsyncIonworks(api_key="k", **kwargs)  # type: ignore[arg-type]
