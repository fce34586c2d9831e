"""Redline, compare and change log pages in headless Chromium: accessible, navigable, equal in JS."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, serve
from test_diff_fixtures import FIXTURES, _sections

from notices.blocks import body_blocks
from notices.diff import diff_blocks
from notices.site.compare import blocks_json
from notices.site.redline import redline_html

ROOT = Path(__file__).resolve().parent.parent
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def demo(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[tuple[str, Any]]:
    """The repository's demo site, built by MkDocs with the plugin, or by Zensical followed by
    `notices build`, and served, with one browser for the module: both must pass the same tests."""
    env = {**os.environ, "NOTICES_TODAY": "2026-06-01", "NO_MKDOCS_2_WARNING": "1"}
    bin_dir = Path(sys.executable).parent
    if request.param == "mkdocs":
        out = tmp_path_factory.mktemp("demo") / "site"
        cmd = [str(bin_dir / "mkdocs"), "build", "--strict", "-d", str(out)]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    else:
        clone = tmp_path_factory.mktemp("zensical") / "demo"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        subprocess.run([str(bin_dir / "zensical"), "build"], cwd=clone, env=env, check=True, capture_output=True)
        subprocess.run([str(bin_dir / "notices"), "build", "--site", "site"], cwd=clone, env=env, check=True)
        out = clone / "site"
    with serve(out) as base, chromium() as browser:
        yield base, browser


PAGES = [
    "privacy/5/diff/",
    "privacy/6/diff/",
    "privacy/changelog/",
    "privacy/compare/?from=2&to=6",
    "privacy/3/",
    "privacy/4/r1/",
    "privacy/",
    "products/pantry/1/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations_and_no_outside_requests(demo: tuple[str, Any], path: str) -> None:
    base, browser = demo
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + path)
    if "compare" in path:
        page.wait_for_selector("#notices-compare-result[data-ready]")
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_snapshot()
    assert [u for u in requests if urlparse(u).hostname != "127.0.0.1"] == []
    page.close()


@pytest.mark.parametrize("path", ["privacy/5/diff/", "privacy/compare/?from=1&to=6", "privacy/changelog/"])
def test_reflows_at_320_px(demo: tuple[str, Any], path: str) -> None:
    base, browser = demo
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(base + path)
    if "compare" in path:
        page.wait_for_selector("#notices-compare-result[data-ready]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_next_and_previous_change(demo: tuple[str, Any]) -> None:
    base, browser = demo
    page = browser.new_page()
    page.goto(base + "privacy/5/diff/")
    nav = page.locator(".notices-changenav")
    nav.get_by_role("link", name="Next change").click()
    assert page.evaluate("location.hash") == "#change-1"
    assert page.evaluate("document.activeElement.id") == "change-1"
    nav.get_by_role("link", name="Next change").click()
    assert page.evaluate("location.hash") == "#change-2"
    nav.get_by_role("link", name="Previous change").click()
    assert page.evaluate("location.hash") == "#change-1"
    # the spoken labels: removed and added text announce themselves
    assert page.locator("ins .notices-sr").first.inner_text() == "added:"
    page.close()


def test_compare_names_unknown_versions(demo: tuple[str, Any]) -> None:
    base, browser = demo
    page = browser.new_page()
    page.goto(base + "privacy/compare/?from=2&to=9")
    alert = page.get_by_role("alert")
    assert "There is no version 9 of this notice. Its versions are 1, 2, 3, 4, 5, 6." in alert.inner_text()
    page.close()


def test_compare_of_consecutive_versions_matches_the_diff_page(demo: tuple[str, Any]) -> None:
    base, browser = demo
    page = browser.new_page()
    for old, new in (("3", "4"), ("4", "5"), ("5", "6")):
        page.goto(base + f"privacy/{new}/diff/")
        built = page.locator(".notices-redline").inner_text()
        page.goto(base + f"privacy/compare/?from={old}&to={new}")
        page.wait_for_selector("#notices-compare-result[data-ready]")
        assert page.locator("#notices-compare-result .notices-redline").inner_text() == built
    page.close()


def test_javascript_port_gives_the_same_redline_html(demo: tuple[str, Any]) -> None:
    """notices.js against notices/diff.py + site/redline.py on every fixture and demo pair."""
    base, browser = demo
    pairs = []
    for path in FIXTURES:
        sections = _sections(path.read_text(encoding="utf-8"))
        pairs.append((sections["old"], sections["new"]))
    versions = sorted((ROOT / "versions/privacy").glob("*.md"))
    texts = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in versions]
    log = subprocess.run(
        ["git", "log", "--reverse", "--format=%H", "--", "docs/privacy.md"], cwd=ROOT, capture_output=True, text=True
    )
    for sha in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{sha}:docs/privacy.md"], cwd=ROOT, capture_output=True, text=True)
        texts.append(shown.stdout.split("---", 2)[2])
    pairs += list(zip(texts, texts[1:], strict=False))
    pairs.append((texts[0], texts[-1]))
    page = browser.new_page()
    page.goto(base + "privacy/compare/")
    for old_text, new_text in pairs:
        old, new = body_blocks(old_text), body_blocks(new_text)
        expected = redline_html(diff_blocks(old, new), lambda href: href).html
        got = page.evaluate(
            "([a, b]) => window.noticesRedline.redlineHtml(window.noticesRedline.diffBlocks(a, b)).html",
            [blocks_json(old), blocks_json(new)],
        )
        assert got == expected
    page.close()
