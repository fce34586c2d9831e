"""``/<id>/<version>/r<k>/diff/``: what a correction published under the same label changed.

A version edited after publication keeps its label (readers are not told again), so
the redline between its revisions is how anyone checks that a "typo fix" was one.
Also here: the notice page's change log shows a change note's first paragraph whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, serve
from conftest import SiteRepo, notice

from notices.base.urls import revision_diff_dir

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
TITLE = 'Terms <b>"bold"</b> & co'
BODY = "## Retention\n\nWe keep orders for five yaers.\n\n## Contact\n\nWrite to privacy@example.org.\n"
NOTE = "Server logs are now\nkept for 12 months (was 6 months).\n\nThe rest of the note.\n"


def _terms(version: str, effective: str, body: str) -> str:
    return notice(version, effective, body, title=json.dumps(TITLE))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteRepo]:
    site = SiteRepo(tmp_path_factory.mktemp("revdiff") / "site-repo")
    site.commit("v1", {"docs/terms.md": _terms("1", "2024-01-01", BODY)})
    site.commit("typo", {"docs/terms.md": _terms("1", "2024-01-01", BODY.replace("yaers", "years"))})
    fixed = BODY.replace("yaers", "years").replace("privacy@", "legal@")
    site.commit("address", {"docs/terms.md": _terms("1", "2024-01-01", fixed)})
    site.commit(
        "v2",
        {"docs/terms.md": _terms("2", "2025-01-01", fixed + "\n## Rights\n\nAsk us.\n"), "changelog/terms/2.md": NOTE},
    )
    site.build("--strict")
    yield site
    site.repo.close()


def _tree(site: SiteRepo, path: str) -> Any:
    return lxml.html.fromstring(site.page(path))


def _hrefs(tree: Any) -> list[str]:
    return [str(a.get("href")) for a in tree.xpath("//a[@href]")]


def test_the_redline_of_a_correction(built: SiteRepo) -> None:
    tree = _tree(built, "terms/1/r2/diff/")
    assert tree.xpath("string(//h1)") == f"{TITLE}: what changed in revision 2 of version 1"
    assert tree.xpath("//h1//b") == []  # the title is text
    redline = tree.xpath('//div[@class="notices-redline"]')[0]
    removed = [d.text_content() for d in redline.xpath(".//del")]
    added = [i.text_content() for i in redline.xpath(".//ins")]
    assert len(removed) == len(added) == 1 and "yaers" in removed[0] and "years" in added[0], (removed, added)
    assert "An editorial correction" in tree.xpath('string(//p[@class="notices-badges"])')
    assert {"../../r1/", "../", "../../", "../../../changelog/"} <= set(_hrefs(tree))
    third = _tree(built, "terms/1/r3/diff/")
    removed = [d.text_content() for d in third.xpath('//div[@class="notices-redline"]//del')]
    assert len(removed) == 1 and "privacy" in removed[0], removed
    assert not (built.root / "site/terms/1/r1/diff").exists()  # the first revision has nothing before it
    assert not (built.root / "site/terms/2/r1").exists()


def test_linked_from_the_revision_the_version_and_the_change_log(built: SiteRepo) -> None:
    assert "diff/" in _hrefs(_tree(built, "terms/1/r2/"))
    assert "../r3/diff/" in _hrefs(_tree(built, "terms/1/r2/"))  # the list of every revision
    assert {"r2/diff/", "r3/diff/"} <= set(_hrefs(_tree(built, "terms/1/")))
    changelog = _tree(built, "terms/changelog/")
    assert {"../1/r2/diff/", "../1/r3/diff/"} <= set(_hrefs(changelog))
    assert "Revision 2, published" in changelog.text_content()


def test_listed_in_the_api_entry_of_the_revision(built: SiteRepo) -> None:
    index = json.loads((built.root / "site/api/v1/terms.json").read_text())
    revisions = index["versions"][0]["revisions"]
    assert [r["diff_url"] for r in revisions] == [
        None,
        "https://notices.example.org/terms/1/r2/diff/",
        "https://notices.example.org/terms/1/r3/diff/",
    ]
    assert all(r["diff_url"] is None for r in index["versions"][1]["revisions"])


def test_its_address_is_claimed_before_anything_is_built(built: SiteRepo) -> None:
    assert revision_diff_dir("terms", "1", 2) == "terms/1/r2/diff/"
    built.write("docs/terms/1/r2/diff.md", "# Mine\n")
    try:
        result = built.notices("check", check=False)
    finally:
        (built.root / "docs/terms/1/r2/diff.md").unlink()
    assert result.returncode == 1
    assert "the redline of revision 2 of version 1" in result.stdout + result.stderr


def test_the_notice_page_shows_a_change_note_whole(built: SiteRepo) -> None:
    tree = _tree(built, "terms/")
    item = tree.xpath('//ul[@class="notices-changelog"]/li')[0]
    text = " ".join(item.text_content().split())
    assert "Server logs are now kept for 12 months (was 6 months)." in text
    more = item.xpath('.//a[starts-with(@href, "changelog/")]')[0]
    assert more.get("href") == "changelog/#version-2" and "more" in more.text_content()
    assert "The rest of the note." in _tree(built, "terms/changelog/").text_content()


def test_a_reader_checks_the_typo_fix(built: SiteRepo, tmp_path: Path) -> None:
    with serve(built.root / "site") as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "terms/1/r2/")
        page.get_by_role("link", name="What changed from revision 1").click()
        page.wait_for_url(base + "terms/1/r2/diff/")
        # The tool's content; the test site's bare Material footer is the theme's (the demo's pass whole)
        results = Axe().run(page, context=".md-content", options=WCAG)
        assert results.violations_count == 0, results.generate_snapshot()
        assert "yaers" in page.locator(".notices-redline del").inner_text()
        page.get_by_role("link", name="Next change").click()
        assert page.evaluate("document.activeElement.id") == "change-1"
        page.screenshot(path=str(tmp_path / "revision-diff.png"), full_page=True)
        page.close()
    assert [u for u in requests if urlparse(u).hostname != "127.0.0.1"] == []
