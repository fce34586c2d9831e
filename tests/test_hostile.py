"""Hostile notice text wherever readers meet it, loaded in Chromium: nothing runs, nothing
is fetched from outside the site.

Notice text reaches a page by more roads than the body: headings (the theme's table of
contents, the search index, the diff pages' outline), the title (``<title>``, the nav of
every page, the header, banners on other notices), the summary, purposes, change notes and
the titles of translations and successors. The site is built once per ``raw_html``
setting with the whole corpus in every one of those fields, and every page kind is
visited: the page in force, versions, revisions, diff, compare (redlined in the browser),
change log, embed, the web component, the search box; feeds and API are checked as data.
"""

from __future__ import annotations

import html as html_lib
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import lxml.etree
import lxml.html
import pytest
from browser import chromium, serve
from conftest import SiteRepo
from fixtures.hostile import EVERYTHING, HOSTILE, PAYLOADS, TITLE_ATTACK, hostile_headings

from notices.site.redline import words_html
from notices.text.blocks import Word
from notices.text.sanitize import clean

SENTINEL = """
window.__pwned = undefined;
window.__dialogs = 0;
"""
# Elements that run, load or submit; none may come from notice text.
ACTIVE = {"script", "iframe", "frame", "object", "embed", "base", "meta", "link", "form", "input", "style", "svg",
          "math", "noscript", "template", "textarea", "button", "select"}  # fmt: skip
DANGEROUS_URL = re.compile(r"\s*(javascript|vbscript|data):", re.I)
RICH = ["hostile", "hostile.da", "old"]
"""The notices with the corpus in every field (the body-only notices are in HOSTILE)."""


def _notice(title: str, version: str, effective: str, body: str, **extra: object) -> str:
    lines = ["---", f"title: {json.dumps(title)}", f'version: "{version}"', f"effective: {effective}"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in extra.items()]
    return "\n".join([*lines, "---", body, ""])


def _build(root: Path, raw_html: bool) -> SiteRepo:
    site = SiteRepo(root)
    if raw_html:
        site.write(
            "mkdocs.yml",
            (site.root / "mkdocs.yml").read_text().replace("  - notices\n", "  - notices:\n      raw_html: true\n"),
        )
    files: dict[str, str | bytes | None] = {}
    for name, body in HOSTILE.items():
        files[f"docs/{name}.md"] = f'---\ntitle: "Hostile {name}"\nversion: "1"\neffective: 2024-01-01\n---\n{body}\n'
    # `lang` is free text on a notice that is not a translation; pages and the API carry it.
    lang = 'en" onmouseover="window.__pwned=301" x="'
    files["docs/title-attack.md"] = _notice(TITLE_ATTACK, "1", "2024-01-01", "Text.", lang=lang)
    # One notice with the corpus in every field: two versions, the first corrected once
    # (a revision page), change notes for both, a translation and a notice it supersedes.
    title, body = "Hostile " + EVERYTHING, hostile_headings()
    purposes = ["Purpose " + p for p in PAYLOADS]
    theme = {
        "description": "Description " + EVERYTHING,
        "subtitle": "Subtitle " + EVERYTHING,
        "tags": ["Tag " + p for p in PAYLOADS],  # Material's search shows them as HTML
        "status": EVERYTHING,  # a class attribute in the nav
    }
    first = _notice(title, "1", "2024-01-01", body, summary="Summary " + EVERYTHING, purposes=purposes, **theme)
    files["docs/hostile.md"] = first
    # Control characters (YAML and Markdown carry them, XML cannot) in what the feeds show.
    old = _notice(
        "Old " + EVERYTHING,
        "1",
        "2023-01-01",
        "Old text.\n\n## Old heading " + EVERYTHING,
        summary="Old summary \x01\x0b",
    )
    files["docs/old.md"] = old
    files["changelog/hostile/1.md"] = f"First note {EVERYTHING}\n\n## Note heading {EVERYTHING}\n\nMore {EVERYTHING}\n"
    site.commit("hostile notices", files)
    site.commit("correct version 1", {"docs/hostile.md": first.replace("Text 1 ", "Corrected text 1 ")})
    # Version 2 adds the body corpus, so the diff and compare pages redline it.
    second = body.replace("Text 3 ", f"Changed text 3 {EVERYTHING} ") + f"\n## New section {EVERYTHING}\n\nNew.\n"
    second += "".join(f"\n## Corpus {name}\n\n{text}\n" for name, text in HOSTILE.items())
    site.commit(
        "version 2",
        {
            "docs/hostile.md": _notice(
                title + " two",
                "2",
                "2025-01-01",
                second,
                summary="Summary two " + EVERYTHING,
                purposes=["New purpose " + p for p in PAYLOADS],
                supersedes=["old"],
                **theme,
            ),
            "docs/hostile.da.md": _notice(
                "Oversat " + EVERYTHING, "2", "2025-01-01", "Tekst.\n\n## Afsnit " + EVERYTHING
            ),
            "changelog/hostile/2.md": f"Second note {EVERYTHING}\x01\x0b\x1f\n",
        },
    )
    site.build()
    host = "".join(
        f'<privacy-notice src="api/v1/{name}/current.json" seen-version="0"></privacy-notice>'
        for name in [*HOSTILE, "title-attack", *RICH]
    )
    (site.root / "site/host.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>{host}'
        '<script src="embed/notice.js"></script></body></html>'
    )
    return site


@pytest.fixture(scope="module", params=[False, True], ids=["raw_html-off", "raw_html-on"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteRepo]:
    site = _build(tmp_path_factory.mktemp("hostile") / "site-repo", request.param)
    yield site
    site.repo.close()


def _pages(site_dir: Path) -> list[str]:
    """Every page of the rich notices and the home page; the page in force of each body-only
    notice (their bodies are also in version 2 of ``hostile``, so its version, diff, compare
    and embed pages show them all; every other file is checked as data below)."""
    pages = [""]
    for name in RICH:
        for index in sorted((site_dir / name).rglob("index.html")):
            pages.append(index.parent.relative_to(site_dir).as_posix() + "/")
        pages.append(f"embed/{name}/")
    for name in [*HOSTILE, "title-attack"]:
        pages.append(f"{name}/")
    return pages


class _Visit:
    """One context for every page: a sentinel, a dialog handler, requests off the site refused."""

    def __init__(self, browser: Any) -> None:
        self.outside: list[str] = []
        self.problems: list[str] = []
        self.context = browser.new_context()
        self.context.add_init_script(SENTINEL)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        if urlparse(route.request.url).hostname != "127.0.0.1":
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog {dialog.message!r} on {self.page.url}")
        dialog.dismiss()

    def check(self, where: str) -> None:
        self.page.wait_for_timeout(50)
        pwned = self.page.evaluate("window.__pwned")
        if pwned is not None:
            self.problems.append(f"{where}: script ran ({pwned})")
        for link in self.page.locator(".notices-body a, main a").all()[:5]:
            href = link.get_attribute("href") or ""
            if DANGEROUS_URL.match(href):
                self.problems.append(f"{where}: dangerous link {href!r}")

    def goto(self, url: str, where: str, wait_for: str | None = None) -> None:
        self.page.goto(url)
        if wait_for:
            self.page.wait_for_function(wait_for)
        self.check(where)

    def search(self, url: str, query: str) -> int:
        """Type into Material's search box (it renders results with innerHTML); the result count."""
        self.page.goto(url)
        self.page.locator("input.md-search__input").click()
        ready = "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"
        self.page.wait_for_function(ready)
        self.page.keyboard.type(query)
        self.page.wait_for_selector(".md-search-result__item", timeout=10_000)
        self.check(f"search {query!r} on {url}")
        return int(self.page.locator(".md-search-result__item").count())


def test_no_script_runs_and_nothing_is_fetched_from_outside(hostile_site: SiteRepo) -> None:
    site_dir = hostile_site.root / "site"
    count = len(HOSTILE) + 1 + len(RICH)
    ready = f"[...document.querySelectorAll('privacy-notice')].filter(e => e.version).length === {count}"
    with serve(site_dir) as base, chromium() as browser:
        visit = _Visit(browser)
        pages = _pages(site_dir)
        kinds = {"hostile/", "hostile/1/r2/", "hostile/1/r2/diff/", "hostile/2/diff/", "hostile/changelog/"}
        assert kinds | {"hostile.da/", "old/"} <= set(pages)
        for path in pages:
            visit.goto(base + path, path)
        visit.goto(
            base + "hostile/compare/?from=1&to=2",
            "compare",
            "document.getElementById('notices-compare-result').dataset.ready === 'true'",
        )
        assert "Changed text 3" in visit.page.locator("#notices-compare-result").inner_text()
        visit.goto(
            base + "hostile/compare/?from=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D201%3E&to=2",
            "compare with a hostile query",
            "document.querySelector('#notices-compare-result [role=alert]') !== null",
        )
        # The parser refuses such links; the compare redline (no sanitizer after it) refuses them too.
        words = [[text, [f"a:{url}"], True] for text, url in UNSAFE_LINKS]
        block = {"s": "inserted", "o": None, "n": {"k": "p", "c": "", "d": 1, "w": words}, "g": [["+", words]]}
        html = visit.page.evaluate("block => window.noticesRedline.redlineHtml([block]).html", block)
        assert html.count("<a ") == 1 and 'href="https://example.org/"' in html, html
        visit.goto(base + "host.html", "host.html", ready)
        handlers = """[...document.querySelectorAll('privacy-notice')]
            .flatMap(e => [...e.shadowRoot.querySelectorAll('*')])
            .flatMap(el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName))"""
        assert visit.page.evaluate(handlers) == []
        results = "document.querySelectorAll('.md-search-result__item').length > 0"
        visit.goto(base + "?q=contact", "search from the address", results)  # a link anyone can send
        found = {
            query: visit.search(base + "hostile/", query) for query in ("section", "contact", "hostile", "oversat")
        }
        visit.context.close()
    assert not visit.problems, "\n".join(visit.problems)
    assert not visit.outside, "\n".join(visit.outside)
    assert all(found.values()), found


UNSAFE_LINKS = [
    ("a", "javascript:window.__pwned=401"),
    ("b", " JaVaScRiPt:window.__pwned=402"),
    ("c", "java\tscript:window.__pwned=403"),
    ("d", "\x01vbscript:msgbox(1)"),
    ("e", "data:text/html,<script>window.__pwned=404</script>"),
    ("f", "https://example.org/"),
]


def test_redline_links_only_to_schemes_that_cannot_run() -> None:
    words = tuple(Word(text, (f"a:{url}",)) for text, url in UNSAFE_LINKS)
    html = words_html(words, lambda url: url)
    assert html.count("<a ") == 1 and 'href="https://example.org/"' in html, html
    assert "a b c d e" in lxml.html.fragment_fromstring(f"<p>{html}</p>").text_content()


def test_notice_html_cannot_take_the_theme_s_ids() -> None:
    """Material reads its configuration from the first ``#__config`` in the page."""
    html = clean('<div id="__config">{}</div><input id="__search"><h2 id=" __drawer">x</h2><p id="who-we-are">y</p>')
    assert "__" not in html and 'id="who-we-are"' in html


def test_the_page_in_force_shows_hostile_headings_as_text(hostile_site: SiteRepo) -> None:
    """The theme's table of contents (Material writes its titles as HTML) lists each heading's text."""
    tree = lxml.html.fromstring(hostile_site.page("hostile"))
    links = tree.xpath('//nav[contains(@class, "md-nav--secondary")]//a[starts-with(@href, "#")]')
    toc = {" ".join(link.text_content().split()) for link in links}
    assert "Entity 2 <img src=x onerror=window.__pwned=102>" in toc  # escaped in the source: text either way
    assert "Code 4 --><img src=x onerror=window.__pwned=104><!--" in toc
    raw_html = "raw_html: true" in (hostile_site.root / "mkdocs.yml").read_text()
    assert ("Contact" if raw_html else "Contact <img src=x onerror=alert(document.domain)>") in toc


def _inert_input(element: lxml.html.HtmlElement) -> bool:
    """A task list's disabled check box or a tab's radio button: no form to submit, no id the theme reads."""
    kind, name = element.get("type"), element.get("name") or ""
    if element.tag != "input" or element.get("id", "").startswith("__") and not name.startswith("__tabbed_"):
        return False
    return (kind == "checkbox" and element.get("disabled") is not None) or (
        kind == "radio" and re.fullmatch(r"__tabbed_\d+", name) is not None
    )


def _active(fragment: str, where: str) -> list[str]:
    """What in an HTML fragment from notice text could run or load."""
    found = []
    tree = lxml.html.fragment_fromstring(f"<div>{fragment}</div>")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ACTIVE and not _inert_input(element):
            found.append(f"{where}: <{element.tag}>")
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on") or attribute == "style":
                found.append(f"{where}: <{element.tag} {attribute}>")
            if attribute in {"href", "src"} and DANGEROUS_URL.match(value):
                found.append(f"{where}: <{element.tag} {attribute}={value!r}>")
            if attribute == "src" and "evil.example" in value:
                found.append(f"{where}: <{element.tag} {attribute}={value!r}>")
    return found


def _tool_redirect(file: Path, where: str) -> bool:
    """Whether ``file`` is exactly the page ``moved.redirect_page`` writes to a folder of this site."""
    from notices.site.moved import redirect_page

    html = file.read_text(encoding="utf-8")
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    if not found or ":" in found.group(1):
        return False
    page = where.removesuffix("index.html")
    target = posixpath.normpath(posixpath.join(page, html_lib.unescape(found.group(1)))) + "/"
    return not target.startswith("../") and html == redirect_page(target, page)


def test_built_pages_carry_nothing_active(hostile_site: SiteRepo) -> None:
    """Every HTML file of the site, as data: no handler, base, refresh or script from the corpus."""
    problems = []
    site_dir = hostile_site.root / "site"
    for file in sorted(site_dir.rglob("*.html")):
        where = file.relative_to(site_dir).as_posix()
        if where == "host.html":
            continue
        tree = lxml.html.fromstring(file.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == "meta" and element.get("http-equiv") == "refresh" and _tool_redirect(file, where):
                continue  # the tool's own redirect page (a translation's /<lang>/<id>/), byte for byte
            if element.tag == "base" or (element.tag == "meta" and element.get("http-equiv") == "refresh"):
                problems.append(f"{where}: <{element.tag}>")
            if element.tag == "script" and re.search(
                r"pwned|alert|evil", element.text_content() + element.get("src", "")
            ):
                problems.append(f"{where}: script {element.text_content()[:60]!r}")
            for attribute, value in element.attrib.items():
                if attribute.lower().startswith("on") or "pwned" in attribute:
                    problems.append(f"{where}: <{element.tag} {attribute}={value!r}>")
                if attribute in {"href", "src", "action", "formaction"} and DANGEROUS_URL.match(value):
                    problems.append(f"{where}: <{element.tag} {attribute}={value!r}>")
    assert not problems, "\n".join(problems)


def test_search_index_carries_nothing_active(hostile_site: SiteRepo) -> None:
    """Material puts search results' titles and text into the page as HTML."""
    index = json.loads((hostile_site.root / "site/search/search_index.json").read_text())
    problems = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            problems += _active(doc[field], f"{doc['location']} {field}")
        for tag in doc.get("tags", []):
            problems += _active(tag, f"{doc['location']} tag")
    assert not problems, "\n".join(problems)
    titles = " ".join(doc["title"] for doc in index["docs"])
    assert "Section 2 &lt;img src=x onerror=window.__pwned=102&gt;" in titles  # the heading, as text


def test_feeds_are_valid_xml_with_nothing_active(hostile_site: SiteRepo) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    problems = []
    for path in ["feed.xml", *(f"{name}/feed.xml" for name in RICH)]:
        feed = lxml.etree.fromstring((hostile_site.root / "site" / path).read_bytes())
        for entry in feed.iter(f"{atom}entry"):
            title = entry.findtext(f"{atom}title") or ""
            assert "\n" not in title
            problems += _active(entry.findtext(f"{atom}content") or "", f"{path} content")
        assert EVERYTHING in (feed.findtext(f"{atom}title") or "") or path == "feed.xml"
    assert not problems, "\n".join(problems)


def test_api_html_carries_nothing_active(hostile_site: SiteRepo) -> None:
    problems = []
    for name in [*HOSTILE, "title-attack", *RICH]:
        folder = hostile_site.root / f"site/api/v1/{name}"
        for file in sorted(folder.glob("*.json")):
            data = json.loads(file.read_text())
            problems += _active(data["html"], f"{name}/{file.name}")
        data = json.loads((folder / "current.json").read_text())
        assert "Hostile" in data["title"] or data["title"] in {TITLE_ATTACK} or EVERYTHING in data["title"]
    assert not problems, "\n".join(problems)


def test_titles_read_as_written(hostile_site: SiteRepo) -> None:
    """Escaping is not stripping: the corpus in a title is shown as the text legal wrote."""
    title = "Hostile " + EVERYTHING
    for page in ["hostile/1", "hostile/1/r1"]:
        tree = lxml.html.fromstring(hostile_site.page(page))
        assert tree.xpath('string(//h1[@id="notice-title"])') == title, page
        assert tree.findtext(".//title").startswith(title), page
    tree = lxml.html.fromstring(hostile_site.page("hostile"))
    assert tree.xpath('string(//h1[@id="notice-title"])') == title + " two"
    assert tree.findtext(".//title") == title + " two - Example Ltd notices"
