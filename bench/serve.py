"""How long `mkdocs serve` takes from saving an edit to one notice to serving the rebuilt page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def serve_latency(
    site: Path, page: str, file: Path, marker: str, limit: float = 180.0, dirty: bool = False
) -> float | None:
    """Seconds from writing ``marker`` into ``file`` until ``page`` shows it (None: never).

    The median of three edits, each appending a new marker.
    """
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{page}"
    original = file.read_text()
    try:
        deadline = time.monotonic() + limit
        while not _get(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        took: list[float] = []
        for attempt in range(3):
            time.sleep(1.5)  # let the watcher settle
            start = time.monotonic()
            text = f"{marker} ({attempt})"
            file.write_text(original + f"\n{text}\n")
            while time.monotonic() - start < limit:
                if text in _get(url):
                    took.append(time.monotonic() - start)
                    break
                time.sleep(0.05)
            else:
                return None
        return sorted(took)[1]
    finally:
        file.write_text(original)
        server.terminate()
        server.wait(timeout=30)
