"""Headless Chromium on a built site served from 127.0.0.1, for tests and the README screenshot.

Run as a script to take the screenshot: ``python tests/browser.py SITE_DIR OUT.png [PATH]``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


_SHARED: dict[str, Any] = {}
"""The process's one Playwright driver and Chromium, started at the first ``chromium()``."""


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright; a missing browser is an error, never a skip.

    One browser per process (a launch costs more than most page checks): each ``with``
    gets it with no pages open, and the pages (contexts) it opened are closed at its end,
    as if the browser were new each time. ``stop()`` ends it (the tests' session end does).
    """
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        raise RuntimeError("Chromium is missing: install it with `apt-get install chromium` (see .ci/run)")
    browser = _SHARED.get("browser")
    if browser is None or not browser.is_connected():
        from playwright.sync_api import sync_playwright

        stop()
        playwright = _SHARED["playwright"] = sync_playwright().start()
        browser = _SHARED["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    try:
        yield browser
    finally:
        for context in list(browser.contexts):
            context.close()


def stop() -> None:
    """Close the shared browser and its driver, if started."""
    browser, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    if browser is not None and browser.is_connected():
        browser.close()
    if playwright is not None:
        playwright.stop()


def screenshot(site_dir: Path, out: Path, path: str = "privacy/") -> None:
    try:
        with serve(site_dir) as base, chromium() as browser:
            page = browser.new_page(viewport={"width": 1440, "height": 960})
            page.goto(base + path)
            page.screenshot(path=str(out))
    finally:
        stop()


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]), *(sys.argv[3:4] or ["privacy/"]))
