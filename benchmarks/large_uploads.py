"""Uploading a large file: by S3 multipart against one signed PUT, and the peer.

A file of random bytes is uploaded as raw data to ionworks-local (a separate
process, in memory) by a child process each time, so its peak RSS is its
own: ours by multipart (what ionworks-local offers from 16 MiB), ours with
multipart turned off (the signed PUT), and — given the public client's
interpreter with boto3 (its ``large-uploads`` extra) — the public client's
multipart. Each download is compared with the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ._local import API_KEY, local_server
from ._stats import PEAK_RSS_MB, table

CHILD = (
    PEAK_RSS_MB
    + """
import hashlib, json, sys, time
url, key, path, mode = sys.argv[1:5]
from ionworks import Ionworks
if mode == "put":
    from ionworks_async._transport import storage_multipart
    storage_multipart.MULTIPART_THRESHOLD = 1 << 62
client = Ionworks(key, url)
project = client.project.create({"name": mode}).id
started = time.perf_counter()
raw = client.raw_data.upload(project, path)
seconds = time.perf_counter() - started
peak = peak_rss_mb()
stats = client.get("/_local/stats")["requests"]
digest = hashlib.sha256(client.raw_data.download(raw.id)).hexdigest()
print(json.dumps({
    "seconds": seconds,
    "peak_rss_mb": peak,
    "sha256": digest,
    "parts": stats.get("PUT /storage/s3/{bucket}/{key}", 0),
}))
"""
)

MODES = {"ours, multipart": "multipart", "ours, one signed PUT": "put"}


def _child(python: str, url: str, path: Path, mode: str) -> dict[str, Any]:
    done = subprocess.run(
        [python, "-c", CHILD, url, API_KEY, str(path), mode],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=tempfile.gettempdir(),
        env={**os.environ, "HOME": tempfile.gettempdir()},
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(size: int, peer: str | None = None) -> tuple[dict[str, Any], str]:
    """Upload a file of ``size`` bytes each way; return figures and a table."""
    import hashlib
    import sys

    runs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.bin"
        with path.open("wb") as file:
            for _ in range(0, size, 1 << 22):
                file.write(os.urandom(min(1 << 22, size)))
            file.truncate(size)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        modes = dict(MODES)
        if peer:
            modes["ionworks-api 0.38 (boto3)"] = "multipart"
        for label, mode in modes.items():
            python = peer if label.startswith("ionworks-api") and peer else None
            with local_server() as url:
                runs[label] = _child(python or sys.executable, url, path, mode)
    rows = []
    for label, figures in runs.items():
        if "error" in figures:
            rows.append([label, "failed", str(figures["error"]), "", ""])
            continue
        rate = size / 1e6 / figures["seconds"]
        rows.append(
            [
                label,
                f"{figures['seconds']:.2f} s ({rate:.0f} MB/s)",
                f"{figures['peak_rss_mb']:.0f} MB",
                str(figures["parts"]),
                "yes" if figures["sha256"] == digest else "NO",
            ]
        )
    text = table(["client", "upload", "peak RSS", "parts", "same bytes back"], rows)
    return {"size": size, "runs": runs}, text
