"""These tests check what the client sends, receives and keeps; the data they
compare is the light ``Table``'s (``to_dict()``). The frame backends, the
polars default included, are tested in ``tests/integration/test_frames.py``."""

from __future__ import annotations

import pytest

from ionworks_async.tables.backends import ENVIRONMENT_VARIABLE


@pytest.fixture(autouse=True)
def _table_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "table")
