"""The built site as a reader sees it, in headless Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from browser import chromium, serve
from conftest import SiteRepo, notice
from test_build import history

from notices.site.shell import compact, trim_nav


def test_reader_follows_previous_versions_and_back(site: SiteRepo) -> None:
    history(site)
    site.commit(
        "cookies",
        {
            "docs/cookies.md": notice(
                "1", "2024-01-01", "See the [privacy notice](privacy.md#purposes).\n", title="Cookies"
            )
        },
    )
    site.build("--strict")
    requests: list[str] = []
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "privacy/")
        assert page.locator("h1").inner_text() == "Privacy notice"
        assert "Version 3 · effective 1 January 2025" in page.locator(".notices-meta").inner_text()
        page.locator(".notices-versions").get_by_role("link", name="Version 1", exact=True).click()
        page.wait_for_url(base + "privacy/1/")
        banner = page.locator(".notices-banner").first.inner_text()
        assert "This is version 1, in effect from 1 January 2020 to 1 January 2023." in banner
        assert "bakery app" in page.content()
        # the theme works on the deeper page: its stylesheet applied, its search loads
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        page.get_by_role("link", name="version 3", exact=True).click()
        page.wait_for_url(base + "privacy/")
        assert "We keep orders for five years." in page.content()
        # a link inside an old version of another notice still reaches its target
        page.goto(base + "cookies/1/")
        page.locator(".notices-body a").click()
        page.wait_for_url(base + "privacy/#purposes")
        _theme_compacted_reads_and_lays_out_the_same(site, base, browser)
    outside = [url for url in requests if urlparse(url).hostname != "127.0.0.1"]
    assert outside == [], outside  # a privacy site must not leak its readers
    assert not any(url.endswith(".css") and "404" in url for url in requests)


_SEARCH_READY = "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
_LAYOUT = """() => [document.body.innerText, [...document.querySelectorAll('a, label, h1, .md-nav__item')].map(e => {
    const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.x, r.y, r.width, r.height]; })]"""


def _theme_compacted_reads_and_lays_out_the_same(site: SiteRepo, base: str, browser: Any) -> None:
    """The theme's part of every page the tool writes has its indentation collapsed (``compact``):
    a page the theme wrote, as it wrote it and compacted, reads and lays out the same in
    Chromium, at a desktop and a phone width (the drawer navigation)."""
    out = site.root / "site"
    written = (out / "404.html").read_text(encoding="utf-8")  # MkDocs' own page: never compacted
    compacted = compact(written)
    assert len(compacted) < len(written) * 0.9 and "\n    " not in compacted.split("<script")[0]
    (out / "404-compacted.html").write_text(compacted, encoding="utf-8")
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(base + "404.html")
        page.wait_for_function(_SEARCH_READY)  # the search box's words change once its index loads
        before = page.evaluate(_LAYOUT)
        page.goto(base + "404-compacted.html")
        page.wait_for_function(_SEARCH_READY)
        assert page.evaluate(_LAYOUT) == before
        page.close()
    # the pages the tool writes carry it: a version's page is compacted outside the notice's text
    version = (out / "privacy" / "1" / "index.html").read_text(encoding="utf-8")
    theme = version.split("<!-- notices:start -->")[0].split("<script")[0]
    assert "\n  " not in theme
    # a small site's archived pages keep the whole navigation
    assert 'class="md-nav__link">\n<span class="md-ellipsis">\nCookies' in version
    # a list of more entries than an archived page keeps is cut to the notice and the sections,
    # and the navigation still works: the notice's entry and its table of contents, at both widths
    current = (out / "privacy" / "index.html").read_text(encoding="utf-8")
    trimmed = trim_nav(current, most=1)
    assert trim_nav(current) == current and len(trimmed) < len(current)
    (out / "privacy" / "trimmed.html").write_text(trimmed, encoding="utf-8")
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(base + "privacy/trimmed.html")
        primary = page.locator("nav.md-nav--primary")
        assert primary.locator("a.md-nav__link", has_text="Cookies").count() == 0
        assert primary.locator("a.md-nav__link--active", has_text="Privacy notice").count() == 1
        toc = page.locator('[data-md-component="toc"]').first
        assert toc.locator("a").count() > 0
        if width == 390:  # the drawer opens and lists the notice
            page.locator("label.md-header__button[for='__drawer']").click()
            page.wait_for_timeout(300)
            assert primary.get_by_text("Privacy notice").first.is_visible()
        page.close()


def test_demo_site_makes_no_outside_request(tmp_path: object) -> None:
    """The repository's own demo, built from its own history."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = Path(str(tmp_path)) / "demo"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(out)], cwd=root, check=True, capture_output=True
    )
    for path in ("privacy/4/r1", "privacy/6", "products/pantry", "products/forum/1", "cookies"):
        assert (out / path / "index.html").is_file(), path
    requests: list[str] = []
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        for path in ("", "privacy/", "privacy/3/", "products/pantry/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        assert "superseded by" in page.locator(".notices-banner").first.inner_text()
    outside = [url for url in requests if urlparse(url).hostname != "127.0.0.1"]
    assert outside == [], outside
