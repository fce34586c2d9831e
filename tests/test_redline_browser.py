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
from conftest import SiteRepo, notice
from test_diff_fixtures import FIXTURES, _sections

from notices.changes.diff import diff_blocks
from notices.site.compare import blocks_json
from notices.site.redline import redline_html
from notices.text.blocks import body_blocks

ROOT = Path(__file__).resolve().parent.parent
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module (Playwright's sync API runs one at a time)."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def demo(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest, browser: Any
) -> Iterator[tuple[str, Any]]:
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
    with serve(out) as base:
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


EDITORIAL_V1 = """\
## Controller

Example Ltd. See our [cookie notice](cookies.md) and the [list of processors](https://example.org/processors).

## Retention

We keep orders for five years. We keep invoices for ten years.

## Rights

You have the right to rectificaton of your data.

## Complaints

Write to the authority.
"""
EDITORIAL_V2 = """\
## Controller

Example Ltd. See our [cookie notice](legal/cookies.md) and the [list of processors](https://example.org/legal/processors).

## Rights

You have the right to rectification of your data. We answer within one month.

## Complaints

Write to the authority.

## How long we keep data

We keep orders for five years.

We keep invoices for ten years.
"""


@pytest.fixture(scope="module")
def editorial(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[tuple[SiteRepo, str, Any]]:
    """One built site whose version 2 changes two link targets, fixes a typo, adds a sentence and
    moves, renames and splits a section; served, with one browser for the checks."""
    site = SiteRepo(tmp_path_factory.mktemp("editorial") / "site-repo")
    pages = {"docs/cookies.md": "# Cookies\n\nNone.\n", "docs/legal/cookies.md": "# Cookies\n\nNone.\n"}
    site.commit("v1", {**pages, "docs/privacy.md": notice("1", "2024-01-01", EDITORIAL_V1)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2025-01-01", EDITORIAL_V2)})
    site.build("--strict")
    with serve(site.root / "site") as base:
        yield site, base, browser
    site.repo.close()


def test_plain_redline_names_the_old_link_target_and_the_move(editorial: tuple[SiteRepo, str, Any]) -> None:
    site, _, _ = editorial
    out = site.notices("diff", "privacy").stdout
    assert "[cookie notice](legal/cookies.md){~link changed, was cookies.md~}" in out
    assert "{~link changed, was https://example.org/processors~}" in out
    assert "[-rectificaton-] {+rectification+}" in out
    assert "> h2 [renamed]: {+How long we keep data+}" in out
    assert "> p [split]: {+We keep orders for five years.+}" in out


def test_editorial_changes_are_quieter_and_a_changed_link_reads_once(editorial: tuple[SiteRepo, str, Any]) -> None:
    _, base, browser = editorial
    page = browser.new_page()
    page.goto(base + "privacy/2/diff/")
    results = Axe().run(page, context=".md-content", options=WCAG)  # the theme's footer is not ours (4.47:1)
    assert results.violations_count == 0, results.generate_snapshot()
    redline = page.locator(".notices-redline")
    # the link change: its words once, the new target linked, the old one said (and read out)
    block = redline.locator("p", has_text="Example Ltd.")
    text = block.inner_text()
    assert text.count("cookie notice") == 1 and "link changed, was cookies/" in text, text
    assert "link changed, was https://example.org/processors" in text
    assert block.locator("del, ins").count() == 0
    assert block.get_by_role("link", name="cookie notice").get_attribute("href") == "../../../legal/cookies/"
    assert "link changed, was cookies/" in block.aria_snapshot()
    # a spelling fix beside a new sentence: the fix quiet, the sentence loud
    quiet = redline.locator("del.notices-ed", has_text="rectificaton")
    loud = redline.locator("ins:not(.notices-ed)", has_text="We answer within one month")

    def style(locator: Any) -> dict[str, str]:
        return dict(
            locator.evaluate(
                "e => { const s = getComputedStyle(e); return {bg: s.backgroundColor, "
                "line: s.textDecorationThickness, style: s.textDecorationStyle}; }"
            )
        )

    quiet_ins, quiet_del = style(redline.locator("ins.notices-ed").first), style(quiet)
    loud_ins = style(loud)
    assert quiet_del["line"] == quiet_ins["line"] == "1px" and loud_ins["line"] == "2px"
    assert quiet_ins["bg"] != loud_ins["bg"] and quiet_ins["style"] == "dotted"
    assert page.locator(".notices-legend").inner_text().startswith("Editorial changes")
    # the section moved, renamed and split reads as such
    heading = redline.locator("h2.notices-moved-here")
    assert "renamed from “Retention”" in heading.inner_text()
    assert redline.locator("p.notices-moved-here", has_text="split").count() == 2
    built = redline.inner_text()
    page.goto(base + "privacy/compare/?from=1&to=2")
    page.wait_for_selector("#notices-compare-result[data-ready]")
    assert page.locator("#notices-compare-result .notices-redline").inner_text() == built
    assert page.locator("#notices-compare-result .notices-legend").count() == 1
    page.close()
