"""`mkdocs serve` (plain and --dirty): an edit to a notice shows up on every page it
touches, and the pages of other notices stay served and unchanged."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request

import pytest
from conftest import BIN, TODAY, SiteRepo, notice

BODY = "## Who we are\n\nExample Ltd.\n\n## Why we use your data\n\nTo take orders.\n"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    """The page without the epochs MkDocs' live-reload script carries."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return re.sub(r"reload\(\d+, \d+\)", "reload()", response.read().decode())
    except OSError:
        return ""


def _wait_for(url: str, text: str, limit: float = 60.0) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        page = _get(url)
        if text in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.mark.parametrize("dirty", [False, True])
def test_an_edit_while_serving_reaches_every_page_it_touches(site: SiteRepo, dirty: bool) -> None:
    site.write(".gitignore", ".cache/\nsite/\n")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2025-01-01", BODY + "\nAnd offers.\n")})
    for name in ("terms", "cookies", "returns"):
        site.commit(name, {f"docs/{name}.md": notice("1", "2024-02-01", f"## {name}\n\nText.\n", title=name)})
    port = _port()
    env = {**os.environ, "NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    args = [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    server = subprocess.Popen(args, cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + "privacy/", "And offers.")
        terms = _wait_for(base + "terms/1/", "Text.")
        for attempt in range(2):
            time.sleep(1.0)
            marker = f"Edited while serving ({attempt})."
            site.write("docs/privacy.md", notice("3", "2026-01-01", BODY + f"\n{marker}\n"))
            _wait_for(base + "privacy/", marker)
            assert marker in _wait_for(base + "privacy/3/", marker)
            assert marker in _wait_for(base + "privacy/3/diff/", marker)  # the redline of 2 → 3
            current = json.loads(_get(base + "api/v1/privacy/current.json"))
            assert current["version"] == "3" and marker in current["text"]
            assert "And offers." in _get(base + "privacy/2/")  # the older versions stay
            assert _get(base + "terms/1/") == terms  # another notice: untouched and still served
    except AssertionError as failure:
        server.terminate()
        _, err = server.communicate(timeout=30)
        raise AssertionError(f"{failure}\n--- mkdocs serve said:\n{err.decode()}") from None
    finally:
        if server.poll() is None:
            server.terminate()
    _, err = server.communicate(timeout=30)
    assert "Traceback" not in err.decode(), err.decode()
