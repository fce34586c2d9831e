"""Hostile Markdown rendered into pages, embed and API, loaded in Chromium: nothing runs,
nothing is fetched from outside the site."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import lxml.html
import pytest
from browser import chromium, serve
from conftest import SiteRepo
from fixtures.hostile import HOSTILE, TITLE_ATTACK

SENTINEL = """
window.__pwned = undefined;
window.__dialogs = 0;
"""


def _site(site: SiteRepo, raw_html: bool) -> None:
    if raw_html:
        site.write(
            "mkdocs.yml",
            (site.root / "mkdocs.yml").read_text().replace("  - notices\n", "  - notices:\n      raw_html: true\n"),
        )
    files: dict[str, str | bytes | None] = {}
    for name, body in HOSTILE.items():
        files[f"docs/{name}.md"] = f'---\ntitle: "Hostile {name}"\nversion: "1"\neffective: 2024-01-01\n---\n{body}\n'
    files["docs/title-attack.md"] = (
        f'---\ntitle: {json.dumps(TITLE_ATTACK)}\nversion: "1"\neffective: 2024-01-01\n---\nText.\n'
    )
    site.commit("hostile notices", files)
    site.build()
    host = "".join(
        f'<privacy-notice src="api/v1/{name}/current.json" seen-version="0"></privacy-notice>'
        for name in [*HOSTILE, "title-attack"]
    )
    (site.root / "site/host.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>{host}'
        '<script src="embed/notice.js"></script></body></html>'
    )


@pytest.fixture(params=[False, True], ids=["raw_html-off", "raw_html-on"])
def hostile_site(site: SiteRepo, request: pytest.FixtureRequest) -> Iterator[SiteRepo]:
    _site(site, request.param)
    yield site


def _visit(browser: Any, base: str, paths: list[str], wait_for: str | None = None) -> tuple[list[str], list[str]]:
    outside: list[str] = []
    problems: list[str] = []
    context = browser.new_context()
    context.add_init_script(SENTINEL)

    def route(route: Any) -> None:
        if urlparse(route.request.url).hostname != "127.0.0.1":
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (problems.append(f"dialog on {page.url}"), dialog.dismiss()))
    for path in paths:
        page.goto(base + path)
        if wait_for:
            page.wait_for_function(wait_for)
        page.wait_for_timeout(50)
        for link in page.locator(".notices-body a, main a").all()[:3]:
            href = link.get_attribute("href") or ""
            if re.match(r"\s*(javascript|vbscript|data):", href, re.I):
                problems.append(f"{path}: dangerous link {href!r}")
        if page.evaluate("window.__pwned") is not None:
            problems.append(f"{path}: script ran ({page.evaluate('window.__pwned')})")
    context.close()
    return outside, problems


def test_no_script_runs_and_nothing_is_fetched_from_outside(hostile_site: SiteRepo) -> None:
    names = [*HOSTILE, "title-attack"]
    with serve(hostile_site.root / "site") as base, chromium() as browser:
        pages = [f"{n}/" for n in names] + [f"{n}/1/" for n in names] + [f"embed/{n}/" for n in names]
        outside, problems = _visit(browser, base, pages)
        count = len(names)
        ready = f"[...document.querySelectorAll('privacy-notice')].filter(e => e.version).length === {count}"
        outside2, problems2 = _visit(browser, base, ["host.html"], wait_for=ready)
    assert problems + problems2 == []
    assert outside + outside2 == []


def test_api_html_carries_nothing_active(hostile_site: SiteRepo) -> None:
    forbidden = {"script", "iframe", "svg", "math", "base", "meta", "link", "object", "embed", "style", "form", "input"}
    for name in [*HOSTILE, "title-attack"]:
        data = json.loads((hostile_site.root / f"site/api/v1/{name}/current.json").read_text())
        tree = lxml.html.fragment_fromstring(f"<div>{data['html']}</div>")
        for element in tree.iter():
            assert element.tag not in forbidden, (name, element.tag)
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on") and attribute != "style", (name, attribute)
                if attribute in {"href", "src"}:
                    assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), (name, value)
                    assert "evil.example" not in value or attribute == "href", (name, value)
        assert "Hostile" in data["title"] or data["title"] == TITLE_ATTACK
