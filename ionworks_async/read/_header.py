"""A file's header metadata as measurement fields, in ionworksdata's vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["TEST_SETUP_KEYS", "measurement_fields"]

TEST_SETUP_KEYS = frozenset(
    {
        "channel_number",
        "export_date",
        "source_file_path",
        "source_file_id",
        "barcode_comment",
        "cycler",
        "cycler_serial_number",
        "software_version",
        "operator",
        "test_name",
        "cell_label",
        "temperature_setpoint_degc",
        "instrument",
        "end_time",
        "notes",
    }
)
"""The flat keys that go under ``test_setup``; ``procedure`` is ``protocol.name``."""


def measurement_fields(flat: dict[str, Any]) -> dict[str, Any]:
    """Group flat header fields as the measurement fields the API defines.

    ``start_time`` stays at the top level (ISO 8601); ``procedure`` becomes
    ``protocol: {"name": ...}``; the rest of the vocabulary goes under
    ``test_setup``. Empty values and unknown keys are left out.
    """
    fields: dict[str, Any] = {}
    for key, value in flat.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, dt.datetime):
            value = value.isoformat()
        if key == "start_time":
            fields["start_time"] = value
        elif key == "procedure":
            fields.setdefault("protocol", {})["name"] = value
        elif key in TEST_SETUP_KEYS:
            fields.setdefault("test_setup", {})[key] = value
    return fields
