"""Feeds are found: every page the tool writes advertises its notice's feed and the site's in
``<head>`` (where browsers, readers and extensions look), and the notice page and change log
show a link a reader can follow."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from browser import chromium, serve
from conftest import SiteRepo, notice

TITLE = 'Cookies "&" <i>more</i>'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteRepo]:
    site = SiteRepo(tmp_path_factory.mktemp("feeds") / "site-repo")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", "## Data\n\nWe keep orders.\n")})
    site.commit("fix", {"docs/privacy.md": notice("1", "2024-01-01", "## Data\n\nWe keep your orders.\n")})
    site.commit(
        "v2",
        {
            "docs/privacy.md": notice("2", "2025-01-01", "## Data\n\nWe keep your orders.\n\n## Rights\n\nAsk.\n"),
            "docs/legal/cookies.md": notice("1", "2024-02-01", "No cookies.\n", title=json.dumps(TITLE)),
        },
    )
    site.build("--strict")
    yield site
    site.repo.close()


def _pages(site_dir: Path, notice_id: str) -> list[str]:
    """Every HTML page of a notice (its own folder, without other notices nested in it)."""
    return sorted(p.parent.relative_to(site_dir).as_posix() + "/" for p in (site_dir / notice_id).rglob("index.html"))


def _feeds(html: str) -> list[tuple[str, str]]:
    head = lxml.html.fromstring(html).find("head")
    return [
        (str(link.get("title")), str(link.get("href")))
        for link in head.iter("link")
        if link.get("type") == "application/atom+xml"
    ]


@pytest.mark.parametrize(
    ("notice_id", "title"), [("privacy", "Privacy notice: new versions"), ("legal/cookies", f"{TITLE}: new versions")]
)
def test_every_notice_page_advertises_its_feed_and_the_site_s(built: SiteRepo, notice_id: str, title: str) -> None:
    site_dir = built.root / "site"
    pages = [*_pages(site_dir, notice_id), f"embed/{notice_id}/"]
    kinds = {"", "1/", "1/r1/", "1/r2/", "1/r2/diff/", "2/", "2/diff/", "changelog/", "compare/"}
    if notice_id == "privacy":
        assert {f"privacy/{k}" for k in kinds} <= set(pages)
    for page in pages:
        feeds = _feeds(built.page(page))
        assert [t for t, _ in feeds] == [title, "Every notice: new versions"], page
        for _, href in feeds:
            target = site_dir / posixpath.normpath(posixpath.join(page, href))
            assert target.is_file() and lxml.etree.parse(str(target)).getroot().tag.endswith("feed"), (page, href)
        html = built.page(page)
        body = html[html.index("<body") :]
        assert "notices:head" not in body and 'rel="alternate" type="application/atom+xml"' not in body, page


def test_the_notice_page_and_change_log_show_a_follow_link(built: SiteRepo) -> None:
    for page, href in (("privacy/", "feed.xml"), ("privacy/changelog/", "../feed.xml")):
        links = lxml.html.fromstring(built.page(page)).xpath('//a[@class="notices-feed"]')
        assert [(a.text_content(), a.get("href")) for a in links] == [("Follow changes (Atom feed)", href)], page


def test_a_browser_finds_the_feeds(built: SiteRepo) -> None:
    with serve(built.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        for path in ("privacy/", "privacy/1/r2/diff/", "legal/cookies/changelog/"):
            page.goto(base + path)
            found = page.evaluate(
                "[...document.head.querySelectorAll('link[rel=alternate][type=\"application/atom+xml\"]')]"
                ".map(l => [l.title, l.href])"
            )
            notice_id = path.split("/changelog/")[0] if "cookies" in path else "privacy"
            assert [href for _, href in found] == [f"{base}{notice_id}/feed.xml", f"{base}feed.xml"], path
            for _, href in found:
                response = page.request.get(href)
                assert response.ok and b"<feed" in response.body(), href
        page.goto(base + "legal/cookies/")
        assert page.evaluate("document.head.querySelector('link[type=\"application/atom+xml\"]').title") == (
            f"{TITLE}: new versions"
        )
        page.get_by_role("link", name="Follow changes (Atom feed)").click()
        page.wait_for_url(base + "legal/cookies/feed.xml")
