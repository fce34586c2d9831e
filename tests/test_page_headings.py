"""One ``<h1>`` per generated page, and heading permalinks when the site sets ``toc: permalink``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from browser import chromium, serve
from conftest import MKDOCS_YML, SiteRepo, notice

from notices.text.headings import (
    Permalink,
    demote,
    permalink_from_mkdocs,
    permalink_from_yaml,
    under_title,
    with_permalinks,
)
from notices.text.render import render

# --- the rule, as pure functions ------------------------------------------------------


def test_a_leading_title_equal_to_the_page_title_is_left_out_and_the_rest_moves_down() -> None:
    shown = under_title(render("# Privacy  Notice\n\nIntro.\n\n# Who we are\n\n## Contact\n"), "Privacy notice")
    assert "<h1" not in shown.html and "Privacy" not in shown.html
    assert '<h2 id="who-we-are">' in shown.html and '<h3 id="contact">' in shown.html
    assert [(h.level, h.id) for h in shown.headings] == [(2, "who-we-are")]
    assert [(h.level, h.id) for h in shown.headings[0].children] == [(3, "contact")]


def test_a_body_that_starts_at_h2_is_unchanged() -> None:
    rendered = render("Intro.\n\n## Who we are\n\n### Contact\n")
    assert under_title(rendered, "Privacy notice") is rendered


def test_another_h1_first_is_kept_and_demoted_h6_stays_h6() -> None:
    shown = under_title(render("# Overview\n\n###### Deep\n"), "Privacy notice")
    assert shown.html.startswith('<h2 id="overview">Overview</h2>') and '<h6 id="deep">' in shown.html


def test_demote_leaves_code_alone() -> None:
    html = render("# A\n\n    <h1>code</h1>\n").html
    assert "&lt;h1&gt;code&lt;/h1&gt;" in demote(html) and "<h2" in demote(html)


def test_permalinks_as_python_markdown_writes_them() -> None:
    html = '<h1 id="t">T</h1><h2 id="a">A</h2><h3>no id</h3><h4 id="b" class="x">B <em>c</em></h4>'
    out = with_permalinks(html, Permalink())
    assert '<h1 id="t">T</h1>' in out  # the page's own title is the page
    assert '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>' in out
    assert "<h3>no id</h3>" in out and 'href="#b"' in out
    assert with_permalinks(out, Permalink()) == out  # idempotent
    leading = with_permalinks(html, Permalink(symbol="#", title="Link <here>", css="anchor", leading=True))
    assert '<h2 id="a"><a class="anchor" href="#a" title="Link &lt;here&gt;">#</a>A</h2>' in leading
    assert with_permalinks(html) == html  # no setting: no permalinks
    change = '<h2 id="change-1" class="notices-change notices-changed" tabindex="-1">A</h2>'
    assert with_permalinks(change, Permalink()) == change  # a redline's anchors are its changes


def test_the_setting_is_read_like_python_markdown() -> None:
    assert permalink_from_mkdocs(["toc"], {"toc": {"permalink": True}}) == Permalink()
    assert permalink_from_mkdocs(["toc"], {"toc": {"permalink": False}}) is None
    assert permalink_from_mkdocs(["toc"], {}) is None
    assert permalink_from_mkdocs(["tables"], {}) is None
    yaml_form = [{"toc": {"permalink": "¤", "permalink_title": "Anchor"}}, "admonition"]
    assert permalink_from_yaml(yaml_form) == Permalink(symbol="¤", title="Anchor")
    assert permalink_from_yaml({"markdown.extensions.toc": {"permalink": True}}) == Permalink()
    assert permalink_from_yaml(None) is None


def test_the_cli_reads_the_setting_from_mkdocs_yml(tmp_path: Path) -> None:
    from notices.config.mkdocs_yml import load_options
    from notices.text import headings

    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML + "markdown_extensions:\n  - toc:\n      permalink: '#'\n")
    try:
        load_options(tmp_path / "mkdocs.yml")
        assert headings.PERMALINK == Permalink(symbol="#")
        (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
        load_options(tmp_path / "mkdocs.yml")
        assert headings.PERMALINK is None
    finally:
        headings.set_permalink(None)


# --- on a built site ----------------------------------------------------------------------

BODY = "# Privacy notice\n\nIntro.\n\n# Who we are\n\nExample Ltd.\n\n## Contact\n\nWrite to us.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteRepo]:
    site = SiteRepo(tmp_path_factory.mktemp("headings") / "site-repo")
    extensions = "markdown_extensions:\n  - toc:\n      permalink: true\n"
    site.write("mkdocs.yml", MKDOCS_YML + extensions)
    site.write("docs/index.md", "# Home\n\n## Section\n\nNotices of Example Ltd.\n")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("fix", {"docs/privacy.md": notice("1", "2024-01-01", BODY.replace("Intro.", "Introduction."))})
    site.commit("v2", {"docs/privacy.md": notice("2", "2025-01-01", BODY + "\n## Rights\n\nAsk us.\n")})
    site.build("--strict")
    yield site
    site.repo.close()


PAGES = ["privacy/", "privacy/1/", "privacy/1/r1/", "privacy/1/r2/", "privacy/1/r2/diff/", "privacy/2/diff/"]


def _h1s(html: str) -> int:
    return len(lxml.html.fromstring(html).xpath("//h1"))


def test_every_generated_page_has_one_h1(built: SiteRepo) -> None:
    for path in [*PAGES, "privacy/changelog/", "privacy/compare/", "embed/privacy/"]:
        assert _h1s(built.page(path)) == 1, path
    api = json.loads((built.root / "site/api/v1/privacy/current.json").read_text())
    assert "<h1" not in api["html"] and '<h2 id="who-we-are">' in api["html"]
    assert "Privacy notice</h2>" not in api["html"]  # the repeated title is left out


def test_headings_have_the_site_s_permalinks_and_stable_ids(built: SiteRepo) -> None:
    home = lxml.html.fromstring(built.page(""))
    theirs = home.xpath('//h2[@id="section"]/a[@class="headerlink"]')[0]  # Python-Markdown's own
    # (a redline's headings have no ids: its anchors are its changes, #change-1 …)
    for path in [p for p in PAGES if not p.endswith("diff/")] + ["privacy/changelog/"]:
        tree = lxml.html.fromstring(built.page(path))
        links = tree.xpath('//div[contains(@class, "notices-page")]//*[self::h2 or self::h3]/a[@class="headerlink"]')
        assert links, path
        for link in links:
            assert link.get("title") == theirs.get("title") and link.text == theirs.text, path
            assert link.get("href") == "#" + link.getparent().get("id"), path
    page = built.page("privacy/")
    assert '<h2 id="who-we-are">Who we are<a class="headerlink"' in page
    assert '<h3 id="contact">' in page and re.search(r'<h2 id="change-log">Change log<a class="headerlink"', page)


def test_a_reader_follows_a_permalink(built: SiteRepo) -> None:
    with serve(built.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "privacy/1/")
        assert page.locator("h1").count() == 1
        heading = page.locator("h2#who-we-are")
        heading.hover()
        heading.locator("a.headerlink").click()
        page.wait_for_url(base + "privacy/1/#who-we-are")
        nav = page.locator("nav.md-nav--secondary a.md-nav__link").all_inner_texts()
        assert "Who we are" in [t.strip() for t in nav] and "Privacy notice" not in [t.strip() for t in nav]


def test_without_the_setting_there_are_no_permalinks(tmp_path: Path) -> None:
    site = SiteRepo(tmp_path / "site-repo")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.build()
    for path in ("privacy/", "privacy/1/"):
        assert "headerlink" not in built_content(site.page(path)), path
    site.repo.close()


def built_content(html: str) -> str:
    return html[html.index("notices:start") : html.index("notices:end")]
