"""A page's language is its notice's (issue 16): ``<html lang dir>``, hreflang, the switcher.

One site, built once: a German site (``theme.language: de``) whose privacy notice has
Danish, Austrian German (outdated: it translates version 1) and Arabic translations, an
English cookie notice (``lang: en``) and a Japanese contact notice (``lang: ja``: the tool
has no Japanese words). The checks read the built files; Chromium checks what only a
browser shows (the direction applied, the words scripts write, axe).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, serve
from conftest import MKDOCS_YML, SiteRepo, notice

from notices.base.i18n import messages
from notices.sources.languages import canonical, direction, display_name, page_language, search_languages, tag_problem

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
DE = "## Wer wir sind\n\nExample GmbH.\n\n## Zwecke\n\nWir liefern Ihre Bestellungen{more}.\n"
DA = "## Hvem vi er\n\nExample GmbH.\n\n## Formål\n\nVi leverer dine ordrer{more}.\n"
AR = "## من نحن\n\nشركة مثال.\n\n## الأغراض\n\nنقوم بتوصيل طلباتك{more}.\n"
PAGES = ["privacy", "privacy.da", "privacy.de-AT", "privacy.ar"]


def _translation(version: str, title: str, body: str) -> str:
    return f"---\ntitle: {title}\nversion: '{version}'\n---\n{body}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteRepo]:
    repo = SiteRepo(tmp_path_factory.mktemp("languages") / "repo")
    repo.write("mkdocs.yml", MKDOCS_YML.replace("  font: false\n", "  font: false\n  language: de\n"))
    repo.commit(
        "version 1 and its translations",
        {
            "docs/privacy.md": notice("1", "2024-01-01", DE.format(more=""), title="Datenschutzerklärung"),
            "docs/privacy.da.md": _translation("1", "Privatlivspolitik", DA.format(more="")),
            "docs/privacy.de-AT.md": _translation("1", "Datenschutzerklärung (Österreich)", DE.format(more="")),
            "docs/privacy.ar.md": _translation("1", "سياسة الخصوصية", AR.format(more="")),
            "docs/cookies.md": notice("1", "2024-01-01", "## Cookies\n\nWe set one cookie.\n", "Cookies", lang="en"),
            "docs/contact.md": notice("1", "2024-01-01", "## 連絡先\n\nお問い合わせください。\n", "連絡先", lang="ja"),
        },
    )
    repo.commit(
        "version 2: Danish and Arabic follow, Austrian German does not",
        {
            "docs/privacy.md": notice("2", "2024-06-01", DE.format(more=" und Angebote"), title="Datenschutzerklärung"),
            "docs/privacy.da.md": _translation("2", "Privatlivspolitik", DA.format(more=" og tilbud")),
            "docs/privacy.ar.md": _translation("2", "سياسة الخصوصية", AR.format(more=" والعروض")),
        },
    )
    repo.build()
    yield repo
    repo.repo.close()


def _doc(site: SiteRepo, folder: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(site.page(folder.rstrip("/")))


def _alternates(site: SiteRepo, folder: str) -> dict[str, str]:
    """hreflang → site-relative folder, from the page's ``<head>``."""
    doc = _doc(site, folder)
    return {
        link.get("hreflang"): posixpath.normpath(posixpath.join(folder, link.get("href"))) + "/"
        for link in doc.head.findall("link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


def test_every_page_of_a_notice_is_in_its_language(site: SiteRepo) -> None:
    expected = {
        "privacy/": ("de", None),  # no suffix: the site's theme.language
        "privacy/1/": ("de", None),
        "cookies/": ("en", None),  # lang: en on a German site
        "privacy.da/": ("da", None),
        "privacy.da/1/": ("da", None),
        "privacy.da/changelog/": ("da", None),
        "privacy.da/2/diff/": ("da", None),
        "privacy.de-AT/": ("de-AT", None),
        "privacy.ar/": ("ar", "rtl"),
        "privacy.ar/1/": ("ar", "rtl"),
        "privacy.ar/2/diff/": ("ar", "rtl"),
        "privacy.ar/changelog/": ("ar", "rtl"),
        "privacy.ar/compare/": ("ar", "rtl"),
        "embed/privacy.ar/": ("ar", "rtl"),
        "embed/privacy.de-AT/": ("de-AT", None),
    }
    for folder, (lang, text_dir) in expected.items():
        root = _doc(site, folder)
        assert (root.get("lang"), root.get("dir")) == (lang, text_dir), folder
    assert "سياسة الخصوصية" in _doc(site, "privacy.ar/").findtext(".//title")
    # the tool's own words are in the page's language: nothing to mark as another
    ar = _doc(site, "privacy.ar/")
    assert not ar.find_class("notices-ui")
    assert ar.find_class("notices-body")[0].get("lang") == "ar"
    # a language without a catalog: its English words marked so, the text in its language
    ja = _doc(site, "contact/")
    assert ja.get("lang") == "ja"
    ui = ja.find_class("notices-ui")[0]
    assert (ui.get("lang"), ui.get("dir")) == ("en", "ltr") and "Previous versions" in ui.text_content()
    body = ja.find_class("notices-body")[0]
    assert body.get("lang") == "ja"
    diff = _doc(site, "privacy.da/2/diff/")
    assert diff.get("lang") == "da" and diff.find_class("notices-redline")[0].get("lang") in {None, "da"}
    assert _doc(site, "privacy/").find_class("notices-body")[0].get("lang") in {None, "de"}  # the page's
    assert _doc(site, "privacy/").get_element_by_id("notice-title").get("lang") == "de"  # the title, amid English
    assert not _doc(site, "cookies/").find_class("notices-ui")  # an English notice needs no marking
    api = site.root / "site/api/v1"
    assert json.loads((api / "privacy/current.json").read_text())["lang"] == "de"
    assert json.loads((api / "privacy.de-AT/current.json").read_text())["lang"] == "de-AT"
    assert json.loads((api / "cookies/current.json").read_text())["lang"] == "en"
    # one search index for the site: it stems with the site's language and the translations' (Material's lunr)
    search = json.loads((site.root / "site/search/search_index.json").read_text())
    assert search["config"]["lang"] == ["de", "ar", "da"]


def test_hreflang_alternates_are_complete_and_reciprocal(site: SiteRepo) -> None:
    everyone = {"de": "privacy/", "da": "privacy.da/", "de-AT": "privacy.de-AT/", "ar": "privacy.ar/"}
    for folder in everyone.values():
        assert _alternates(site, folder) == {**everyone, "x-default": "privacy/"}, folder
    # a version page pairs with the same version's translations: version 2 has no Austrian text
    v2 = {"de": "privacy/2/", "da": "privacy.da/2/", "ar": "privacy.ar/2/", "x-default": "privacy/2/"}
    for folder in ("privacy/2/", "privacy.da/2/", "privacy.ar/2/"):
        assert _alternates(site, folder) == v2, folder
    assert set(_alternates(site, "privacy.de-AT/1/")) == {"de", "da", "de-AT", "ar", "x-default"}
    assert _alternates(site, "cookies/") == {}  # no translations, no alternates
    # the change log, the compare page and a version's redline pair with their translations' own
    for kind in ("changelog/", "compare/"):
        pages = {lang: f"{folder}{kind}" for lang, folder in everyone.items()}
        for folder in pages.values():
            assert _alternates(site, folder) == {**pages, "x-default": f"privacy/{kind}"}, folder
    diffs = {lang: f"{folder}diff/" for lang, folder in v2.items()}
    for folder in ("privacy/2/diff/", "privacy.da/2/diff/", "privacy.ar/2/diff/"):
        assert _alternates(site, folder) == diffs, folder


def test_the_language_folder_layout_redirects_to_the_permanent_pages(site: SiteRepo) -> None:
    """`/da/privacy/` (the layout readers type and i18n plugins use) leads to `/privacy.da/`,
    the address published first; page for page, never as a second copy of the data."""
    for layout, permanent in [
        ("da/privacy/", "privacy.da/"),
        ("da/privacy/1/", "privacy.da/1/"),
        ("ar/privacy/2/diff/", "privacy.ar/2/diff/"),
        ("de-AT/privacy/changelog/", "privacy.de-AT/changelog/"),
        ("embed/da/privacy/", "embed/privacy.da/"),
    ]:
        found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', site.page(layout.rstrip("/")))
        assert found, layout
        assert posixpath.normpath(posixpath.join(layout, found.group(1))) + "/" == permanent, layout
    assert not (site.root / "site/api/v1/da").exists() and not (site.root / "site/da/privacy/feed.xml").exists()
    assert not (site.root / "site/de/privacy").exists()  # the original is no translation


def test_switcher_names_languages_in_their_own_words(site: SiteRepo) -> None:
    nav = _doc(site, "privacy/").find_class("notices-languages")[0]
    items = nav.findall(".//li")
    names = [li.find("a").text_content() for li in items]
    assert names == ["Deutsch", "العربية", "dansk", "Deutsch (Österreich)"]
    links = {li.find("a").text_content(): li.find("a") for li in items}
    assert links["Deutsch"].get("aria-current") == "page"
    assert links["العربية"].get("lang") == "ar" and links["العربية"].get("dir") == "rtl"
    assert links["dansk"].get("hreflang") == "da"
    said = f"({messages('de').text('outdated')})"  # the German site's words
    assert said != "(outdated)"
    outdated = {li.find("a").text_content() for li in items if said in li.text_content()}
    assert outdated == {"Deutsch (Österreich)"}  # it translates version 1; version 2 is in force
    listed = _doc(site, "privacy/").find_class("notices-translations")[0].text_content()
    facts = messages("de").text("{language}, version {label}", language="dansk", label="2")
    assert f"({facts})" in listed and said in listed
    assert _doc(site, "privacy.ar/").find_class("notices-languages")  # on every translation too
    assert not _doc(site, "cookies/").find_class("notices-languages")


def test_right_to_left_in_chromium_and_axe_clean(site: SiteRepo) -> None:
    requests: list[str] = []
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "privacy.ar/")
        seen = page.evaluate(
            """() => {
              const css = (sel) => getComputedStyle(document.querySelector(sel)).direction;
              return [document.documentElement.lang, css('body'), css('.notices-body'), css('.notices-banner')];
            }"""
        )
        assert seen == ["ar", "rtl", "rtl", "rtl"]  # page, text and the tool's Arabic banners right to left
        for folder in ("privacy.ar/", "privacy.ar/2/diff/"):  # switcher, banners, rtl text; a redline (axe is slow)
            page.goto(base + folder)
            results = Axe().run(page, context=".md-content", options=WCAG)
            assert results.violations_count == 0, (folder, results.generate_snapshot())
        page.close()
    assert [u for u in requests if urlparse(u).hostname != "127.0.0.1"] == []


def test_tags_directions_and_names() -> None:
    assert [canonical(t) for t in ("pt-br", "zh-hans", "DE-at", "es-419")] == ["pt-BR", "zh-Hans", "de-AT", "es-419"]
    rtl = ("ar", "he", "fa", "ur", "yi", "az-Arab")
    assert [direction(t) for t in rtl] == ["rtl"] * len(rtl)
    assert [direction(t) for t in ("da", "ku-Latn", "sr-Cyrl")] == ["ltr"] * 3
    assert display_name("sv-DK") == "svenska (Danmark)"  # CLDR has no sv_DK locale: named from its parts
    assert display_name("pt-BR") == "português (Brasil)"
    assert [tag_problem(t) for t in ("de-AT", "zh-Hant-TW", "de-CH-1996", "es-419")] == [None] * 4
    for bad, says in [("de-XY", "region"), ("de-Abcd", "script"), ("de-AT-DE", "one region"), ("de-2", "subtag")]:
        problem = tag_problem(bad)
        assert problem is not None and says in problem, (bad, problem)


def test_hreflang_is_relative_to_the_page(site: SiteRepo) -> None:
    """Relative even with a site_url: Material fetches ``sitemap.xml`` beside every alternate
    link, and an absolute one would make a local preview ask the production host."""
    import dataclasses

    from notices.build.load import load_site
    from notices.config.mkdocs_yml import load_options
    from notices.site.fragments import hreflang_links

    options, _ = load_options(site.root / "mkdocs.yml")
    notices = load_site(dataclasses.replace(options, cache=False))
    links = hreflang_links(notices, notices.notices["privacy.da"], "privacy.da/1/", "1")
    assert 'hreflang="de-AT" href="../../privacy.de-AT/1/"' in links
    assert 'hreflang="x-default" href="../../privacy/1/"' in links


def test_search_languages() -> None:
    supported = {"da", "de", "ar", "no", "pt"}
    assert search_languages("de", ["da", "de-AT", "ar", "pl"], supported) == ["de", "ar", "da"]  # no Polish stemmer
    assert search_languages("en", ["nb", "pt-BR"], supported) == ["en", "no", "pt"]


def test_page_language_rewrites_only_the_html_element() -> None:
    page = '<!doctype html><html lang="en" class="no-js"><head></head><body lang="x"></body></html>'
    assert page_language(page, "ar").startswith('<!doctype html><html lang="ar" dir="rtl" class="no-js">')
    assert '<body lang="x">' in page_language(page, "ar")  # no dir on <body>: none added
    material = '<html lang="en" class="no-js"><head></head><body dir="ltr" data-md-color-scheme="default">'
    assert '<body dir="rtl" data-md-color-scheme="default">' in page_language(material, "ar")  # or it would win
    rtl_theme = '<html dir="rtl" lang="he">'
    assert page_language(rtl_theme, "da") == '<html lang="da" dir="ltr">'  # an rtl site's ltr notice says so
    assert page_language("<p>no html element</p>", "da") == "<p>no html element</p>"


def test_hreflang_path_is_site_relative(site: SiteRepo) -> None:
    """The alternates resolve to real pages (relative to each page, as the site may move)."""
    for folder in PAGES:
        for target in _alternates(site, folder + "/").values():
            assert (site.root / "site" / target / "index.html").is_file(), (folder, target)
    assert Path(site.root / "site/privacy.ar/index.html").read_text(encoding="utf-8").count('hreflang="ar"') >= 1


# --- the tool's words in the page's language, as a reader sees them -------------------------

_TEXT = """() => {
  const copy = document.querySelector('.notices-page').cloneNode(true);
  // the tool's words inside the notice's text (badges, spoken labels, link notes) stay; the text goes
  const kept = [...copy.querySelectorAll('.notices-redline .notices-badge, .notices-sr, .notices-linknote')]
    .map((el) => el.textContent);
  copy.querySelectorAll('.notices-body, .notices-redline, #notice-title, .notices-languages, .notices-permanent a')
    .forEach((el) => el.remove());
  document.body.appendChild(copy);  // innerText needs layout
  const text = copy.innerText;
  copy.remove();
  return [document.title, text + '\\n' + kept.join('\\n'), document.documentElement.lang];
}"""


def _english_words(lang: str) -> set[str]:
    """Words of the tool's English messages that its catalog for ``lang`` never uses (a message
    left as its English, however it came there, does not count as using them)."""
    from notices.base.catalogs import known_messages

    def tokens(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[a-z_]+\}", " ", text))}

    english: set[str] = set()
    own: set[str] = set()
    t = messages(lang)
    for message in known_messages():
        english |= tokens(message)
        for said in (t.text(message), t.ntext(message, message, 2)):
            if said != message:
                own |= tokens(said)
    return english - own


def test_no_english_is_left_on_pages_in_other_languages(site: SiteRepo) -> None:
    """Every page kind of a Danish, a German (the site's language) and an Arabic notice, in
    Chromium after its scripts ran (the compare page's redline, the date field's answer):
    none of the tool's English words is left, outside the notice's own text."""
    pages = {
        "da": ["privacy.da/", "privacy.da/1/", "privacy.da/2/diff/", "privacy.da/changelog/",
               "privacy.da/compare/?from=1&to=2", "privacy.da/compare/?from=1&to=9", "embed/privacy.da/"],
        "de": ["privacy/", "privacy/1/", "privacy/2/diff/", "privacy/changelog/", "privacy/compare/?from=1&to=2",
               "privacy.de-AT/"],
        "ar": ["privacy.ar/", "privacy.ar/1/", "privacy.ar/2/diff/", "privacy.ar/changelog/",
               "privacy.ar/compare/?from=1&to=2", "embed/privacy.ar/"],
    }  # fmt: skip
    allowed = {"example", "gmbh", "ltd", "notices", "version"}  # the site's name and the notice's text
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        for lang, folders in pages.items():
            english = _english_words(lang) - allowed
            for folder in folders:
                page.goto(base + folder)
                if "compare" in folder:
                    page.wait_for_selector("#notices-compare-result > *")
                if folder.startswith("embed/"):
                    title, text, html_lang = (
                        page.title(),
                        page.locator("main").inner_text(),
                        page.evaluate("document.documentElement.lang"),
                    )
                    text = text.replace(page.locator("main h1").inner_text(), "")
                    for el in ("h2", "p:not(.meta):not(.note)"):
                        for part in page.locator(f"main {el}").all_inner_texts():
                            text = text.replace(part, "")
                else:
                    title, text, html_lang = page.evaluate(_TEXT)
                left = {w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() in english}
                assert html_lang.split("-")[0] == lang or folder.startswith("privacy.de-AT"), folder
                assert not left, (folder, sorted(left), text[:600])
                assert not {w for w in re.findall(r"[A-Za-z]{3,}", title) if w.lower() in english}, (folder, title)
            page.goto(base + pages[lang][0])
            page.fill("#notices-date", "2020-01-01")
            page.click("form.notices-when button")
            answer = page.locator(".notices-when-result")
            answer.wait_for()
            said = answer.inner_text()
            assert said and not {w for w in re.findall(r"[A-Za-z]{3,}", said) if w.lower() in english}, said
        page.close()


def test_pages_in_other_languages_are_axe_clean_with_their_words(site: SiteRepo) -> None:
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        for folder in ("privacy.da/", "privacy/2/diff/", "privacy.ar/changelog/", "contact/"):
            page.goto(base + folder)
            results = Axe().run(page, context=".md-content", options=WCAG)
            assert results.violations_count == 0, (folder, results.generate_snapshot())
        page.close()


def test_the_component_speaks_the_notices_language() -> None:
    from notices.site.assets import component_js

    script = component_js({"da": {"The privacy notice could not be loaded.": "Kunne ikke hentes."}})
    table = json.loads(re.search(r"var MESSAGES = (\{.*?\});\n", script).group(1))
    assert table["da"]["failed"] == "Kunne ikke hentes."
    assert table["de"]["meta"] == messages("de").text("Version {label} · effective {date}") != table["en"]["meta"]
    assert set(table) >= {"ar", "da", "de", "nb", "is", "ga", "mt"}
