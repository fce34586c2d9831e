"""The embed page, the <privacy-notice> web component and the date picker, in Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from browser import chromium, serve
from conftest import SiteRepo
from test_api import history


def _host(site: SiteRepo, seen: str) -> None:
    (site.root / "site/app.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An app</title></head><body>'
        f'<privacy-notice src="api/v1/privacy/current.json" seen-version="{seen}"></privacy-notice>'
        "<script>window.events = [];"
        "document.addEventListener('notice-changed', e => window.events.push(e.detail));</script>"
        '<script src="embed/notice.js"></script></body></html>'
    )


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if urlparse(u).hostname != "127.0.0.1"]


def test_embed_page_is_self_contained_and_reflows(site: SiteRepo) -> None:
    history(site)
    site.build()
    html = site.page("embed/privacy")
    assert '<html lang="en">' in html and "Content-Security-Policy" in html
    assert "<script" not in html and "stylesheet" not in html
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 600})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.set_content(f'<iframe src="{base}embed/privacy/" style="width:320px;height:500px;border:0"></iframe>')
        frame = page.frame_locator("iframe")
        assert "Version 3 · effective 1 January 2025" in frame.locator(".meta").first.inner_text()
        assert "Version 4 takes effect on 1 January 2027" in frame.locator(".note").inner_text()
        inner = page.frames[1]
        assert inner.evaluate("document.documentElement.scrollWidth") <= 320
        assert frame.get_by_role("link", name="The full notice").get_attribute("href") == "../../privacy/"
        assert _outside(requests) == []


def test_web_component_renders_and_says_when_users_must_be_told(site: SiteRepo) -> None:
    history(site)
    site.build()
    _host(site, seen="1")
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "app.html")
        page.wait_for_function("window.events.length === 1")
        detail: dict[str, Any] = page.evaluate("window.events[0]")
        assert detail["from"] == "1" and detail["to"] == "3"
        assert detail["material"] is True and detail["purposeChanged"] is True
        assert detail["versions"] == ["3", "4"] and detail["upcoming"]["version"] == "4"
        shadow = page.locator("privacy-notice")
        assert "Version 3 · effective 1 January 2025" in shadow.locator(".meta").inner_text()
        assert "And marketing." in shadow.locator("article").inner_text()
        assert _outside(requests) == []
    _host(site, seen="3")
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "app.html")
        page.wait_for_function("document.querySelector('privacy-notice').version === '3'")
        assert page.evaluate("window.events.length") == 0  # the user saw the version in force


def test_date_picker_jumps_to_the_version_in_force_that_day(site: SiteRepo) -> None:
    history(site)
    site.build()
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "privacy/")
        page.fill("#notices-date", "2024-06-15")
        page.get_by_role("button", name="Show that version").click()
        page.wait_for_url(base + "privacy/2/")
        page.fill("#notices-date", "2023-01-01")
        page.get_by_role("button", name="Show that version").click()
        status = page.locator(".notices-when-result")
        assert "No version was in effect on 1 January 2023" in status.inner_text()
