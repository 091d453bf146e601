from __future__ import annotations

from pathlib import Path

import pytest

from ionworks_async import AsyncIonworks
from ionworks_async._transport.settings import read_dotenv, resolve_settings


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
        repr(client.context.transport.settings),
    ):
        assert "http://h" in text
        assert "sk-very-secret" not in text and "tok-secret" not in text


@pytest.mark.parametrize(
    "kwargs", [{"max_retries": -1}, {"max_concurrency": 0}, {"timeout": 0}]
)
def test_bad_client_options(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        AsyncIonworks(api_key="k", **kwargs)  # type: ignore[arg-type]


def test_a_dotenv_url_never_redirects_a_key_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / ".env").write_text("IONWORKS_API_URL=https://attacker.example\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IONWORKS_API_KEY", "env-key")
    settings = resolve_settings(None, None, None, None)
    assert settings.api_url == "https://api.ionworks.com"
    assert settings.api_key == "env-key"
    assert "Ignoring IONWORKS_API_URL" in caplog.text
    assert str(tmp_path / ".env") in caplog.text and "env-key" not in caplog.text
    # The URL in the environment is the key owner's own: it is used.
    monkeypatch.setenv("IONWORKS_API_URL", "https://mine.example")
    assert resolve_settings(None, None, None, None).api_url == "https://mine.example"


def test_a_dotenv_url_goes_with_a_dotenv_key_or_an_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / ".env").write_text(
        "IONWORKS_API_URL=https://staging.example\nIONWORKS_API_KEY=dotenv-key\n"
    )
    monkeypatch.chdir(tmp_path)
    both = resolve_settings(None, None, None, None)
    assert (both.api_url, both.api_key) == ("https://staging.example", "dotenv-key")
    argument = resolve_settings("arg-key", None, None, None)
    assert (argument.api_url, argument.api_key) == (
        "https://staging.example",
        "arg-key",
    )
    assert "Ignoring" not in caplog.text


def test_credentials_come_from_one_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IONWORKS_API_TOKEN", "ambient-token")
    settings = resolve_settings("my-key", None, None, None)
    assert (settings.api_key, settings.token) == ("my-key", None)
    monkeypatch.setenv("IONWORKS_API_KEY", "env-key")
    settings = resolve_settings(None, None, None, None)
    assert (settings.api_key, settings.token) == ("env-key", "ambient-token")


def test_keys_are_stripped_and_control_characters_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IONWORKS_API_KEY", "  env-key\n")
    assert resolve_settings(None, None, None, None).api_key == "env-key"
    assert resolve_settings("arg-key\n", None, None, None).api_key == "arg-key"
    monkeypatch.setenv("IONWORKS_API_KEY", "two\nlines")
    with pytest.raises(ValueError, match="control character"):
        AsyncIonworks()
    with pytest.raises(ValueError, match="control character"):
        AsyncIonworks(api_key="a\x00b")
    monkeypatch.delenv("IONWORKS_API_KEY")
    (tmp_path / ".env").write_text('IONWORKS_API_KEY=" dotenv-key " # a note\n')
    monkeypatch.chdir(tmp_path)
    assert resolve_settings(None, None, None, None).api_key == "dotenv-key"


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://api.example.com", True),
        ("http://10.0.0.5:8765", True),
        ("https://api.example.com", False),
        ("http://127.0.0.1:8765", False),
        ("http://localhost:8765", False),
        ("http://[::1]:8765", False),
    ],
)
def test_plain_http_beyond_loopback_is_warned_about(
    url: str, warned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    AsyncIonworks(api_key="sk-secret", api_url=url)
    assert ("plain http://" in caplog.text) is warned
    assert "sk-secret" not in caplog.text


def test_project_id_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("IONWORKS_PROJECT_ID=from-dotenv\n")
    monkeypatch.chdir(tmp_path)
    assert resolve_settings("k", None, None, None).project_id == "from-dotenv"
    monkeypatch.setenv("PROJECT_ID", "legacy")
    with pytest.warns(DeprecationWarning, match="IONWORKS_PROJECT_ID"):
        assert resolve_settings("k", None, None, None).project_id == "legacy"
    monkeypatch.setenv("IONWORKS_PROJECT_ID", "current")
    assert resolve_settings("k", None, None, None).project_id == "current"
    assert resolve_settings("k", None, None, None, "arg").project_id == "arg"


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ('KEY="v" # note', "v"),
        ("KEY='v' # note", "v"),
        ('KEY="a # b"', "a # b"),
        ("KEY=v # note", "v"),
        ("KEY=v#not-a-comment", "v#not-a-comment"),
        ('export KEY="v"', "v"),
        ("KEY=", ""),
        ("KEY=  # only a comment", ""),
    ],
)
def test_dotenv_quoting(tmp_path: Path, line: str, value: str) -> None:
    path = tmp_path / ".env"
    path.write_text(line + "\n")
    assert read_dotenv(path) == {"KEY": value}
