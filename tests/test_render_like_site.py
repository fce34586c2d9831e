"""Notices render like the rest of the site (issue 18): one text that uses each Markdown
extension, built as a plain MkDocs page and as a notice, gives the same body HTML on the
page in force, an old version, the embed and the API, and a redline with no raw markers.

One build serves every check (module-scoped); the unit tests at the end need none.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from conftest import SiteRepo, notice

from notices.text import markdown
from notices.text.headings import set_permalink
from notices.text.render import render
from notices.text.sanitize import clean

TEXT = (Path(__file__).parent / "fixtures" / "extensions.md").read_text(encoding="utf-8")
OLD = TEXT.replace("Questions go to the DPO.", "Questions go to our office.").replace(
    "(EU) 2016/679.", "of the European Union."
)
"""Version 1: a change inside the admonition and inside the footnote, the rest alike."""

EXTENSIONS = """\
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
  - footnotes
  - def_list
  - abbr
  - tables
  - md_in_html
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
"""
RAW_MARKERS = ("!!!", "???", "[^", "{:", "**", "===", "*[", "[x]", "[ ]")
_DROPPED = {"id", "for", "name", "rel", "data-tabs"}
"""Attributes left out of the comparison: ids differ by design (the tool's own scheme, so
anchors published once keep working); ``rel`` is the sanitizer's."""


def _canonical(element: lxml.html.HtmlElement) -> str:
    """An element as tag, attributes (booleans as present) and whitespace-collapsed text."""
    if not isinstance(element.tag, str):
        return " ".join((element.tail or "").split())
    attrs = " ".join(
        f"{k}={'' if k in {'checked', 'disabled', 'open'} else v}"
        for k, v in sorted(element.attrib.items())
        if k not in _DROPPED and not (k == "href" and "#" in v)  # the API makes links absolute
    )
    inner = " ".join((element.text or "").split())
    kids = "".join(_canonical(child) + " ".join((child.tail or "").split()) for child in element)
    return f"<{element.tag} {attrs}>{inner}{kids}</{element.tag}>"


def _normalised(elements: list[lxml.html.HtmlElement]) -> list[str]:
    out = []
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        for link in element.xpath('.//a[@class="headerlink"]'):
            link.drop_tree()
        out.append(_canonical(element))
    return out


def _body_of_plain(html: str) -> list[str]:
    article = lxml.html.fromstring(html).xpath('//article[contains(@class, "md-content__inner")]')[0]
    return _normalised([e for e in article if e.tag != "h1"])


def _body_of_notice(html: str) -> list[str]:
    body = lxml.html.fromstring(html).xpath('//div[@class="notices-body"]')[0]
    return _normalised(list(body))


def _fragment(html: str) -> list[str]:
    return _normalised(list(lxml.html.fragment_fromstring(f"<div>{html}</div>")))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteRepo]:
    site = SiteRepo(tmp_path_factory.mktemp("like-site") / "repo")
    yml = (site.root / "mkdocs.yml").read_text().replace("  - notices\n", "  - notices:\n      raw_html: true\n")
    site.write("mkdocs.yml", yml + EXTENSIONS)
    site.commit("v1", {"docs/privacy.md": notice("1", "2025-01-01", OLD), "docs/plain-old.md": OLD})
    site.commit("v2", {"docs/privacy.md": notice("2", "2026-01-01", TEXT), "docs/plain.md": TEXT})
    site.build()
    # The build set this process's Markdown and permalinks; later tests in it expect none.
    markdown.set_site_markdown((), {})
    set_permalink(None)
    yield site
    site.repo.close()


def test_page_in_force_renders_like_a_plain_page(built: SiteRepo) -> None:
    plain = _body_of_plain(built.page("plain"))
    assert any("admonition note" in e for e in plain) and any("footnote" in e for e in plain)  # the site has them
    assert _body_of_notice(built.page("privacy")) == plain


def test_old_version_renders_like_a_plain_page(built: SiteRepo) -> None:
    assert _body_of_notice(built.page("privacy/1")) == _body_of_plain(built.page("plain-old"))


def test_embed_and_api_render_like_a_plain_page(built: SiteRepo) -> None:
    plain = _body_of_plain(built.page("plain"))
    api = json.loads((built.root / "site/api/v1/privacy/2.json").read_text(encoding="utf-8"))
    assert _fragment(api["html"]) == plain
    main = lxml.html.fromstring(built.page("embed/privacy")).xpath("//main")[0]
    metas = [i for i, e in enumerate(main) if e.get("class") == "meta"]
    assert _normalised(list(main)[metas[0] + 1 : metas[-1]]) == plain


def test_redline_reads_the_change_inside_an_admonition_and_a_footnote(built: SiteRepo) -> None:
    page = built.page("privacy/2/diff")
    redline = lxml.html.fromstring(page).xpath('//div[@class="notices-redline"]')[0]
    text = redline.text_content()
    for marker in RAW_MARKERS:
        assert marker not in text, marker
    inserted = " ".join(e.text_content() for e in redline.iter("ins"))
    deleted = " ".join(e.text_content() for e in redline.iter("del"))
    assert "DPO" in inserted and "office" in deleted  # inside the admonition
    assert "2016/679" in inserted and "European" in deleted  # inside the footnote
    boxed = " ".join(e.text_content() for e in redline.xpath('.//div[@class="admonition"]//ins'))
    noted = " ".join(e.text_content() for e in redline.xpath('.//div[@class="footnote"]//ins'))
    assert "DPO" in boxed and "2016/679" in noted  # and read as an admonition and a footnote
    toc = lxml.html.fromstring(page).xpath('//nav[contains(@class, "md-nav--secondary")]')
    assert toc and "**" not in toc[0].text_content() and "Introduction to us" in " ".join(toc[0].text_content().split())


def test_table_of_contents_is_plain_text(built: SiteRepo) -> None:
    nav = lxml.html.fromstring(built.page("privacy")).xpath('//nav[contains(@class, "md-nav--secondary")]')[0]
    assert "Introduction to us" in " ".join(nav.text_content().split())
    assert "**" not in nav.text_content() and "{:" not in nav.text_content()


def test_admonitions_and_footnotes_look_rendered(built: SiteRepo, tmp_path: Path) -> None:
    """Chromium: the admonition is a box with its title, the footnote a list at the end, the tab a tab."""
    from browser import chromium, serve

    with serve(built.root / "site") as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        page.goto(base + "privacy/")
        note = page.locator(".notices-body .admonition.note")
        assert note.locator(".admonition-title").inner_text().strip() == "How to read this"
        assert note.evaluate("e => getComputedStyle(e).borderLeftStyle") != "none" or note.evaluate(
            "e => getComputedStyle(e).borderStyle"
        )
        assert page.locator(".notices-body .footnote li").count() == 1
        assert page.locator(".notices-body details.warning summary").inner_text().strip() == "Retention"
        assert page.locator(".notices-body abbr[title='Data Protection Officer']").count() >= 1
        page.locator(".notices-body .tabbed-labels label").nth(1).click()
        assert page.locator(".notices-body .tabbed-block").nth(1).is_visible()
        page.screenshot(path=str(tmp_path / "extensions.png"), full_page=True)
        # the compare page's JavaScript redline boxes the admonition and the footnote as the diff page does
        page.goto(base + "privacy/compare/?from=1&to=2")
        page.wait_for_selector("#notices-compare-result[data-ready]")
        result = page.locator("#notices-compare-result .notices-redline")
        assert "DPO" in result.locator(".admonition ins").all_inner_texts()[0]
        assert "2016/679" in " ".join(result.locator(".footnote ins").all_inner_texts())
        compared = result.inner_text()
        page.goto(base + "privacy/2/diff/")
        assert page.locator(".notices-redline").inner_text() == compared
    assert (tmp_path / "extensions.png").stat().st_size > 10_000


# --- units -------------------------------------------------------------------------------


@pytest.fixture
def site_markdown() -> Iterator[None]:
    names, configs = markdown.markdown_from_yaml(
        [
            "attr_list",
            "admonition",
            "footnotes",
            "def_list",
            "abbr",
            "pymdownx.details",
            "pymdownx.superfences",
            {"pymdownx.tabbed": {"alternate_style": True}},
            "pymdownx.tasklist",
        ]
    )
    markdown.set_site_markdown(names, configs)
    yield
    markdown.set_site_markdown((), {})


def test_cache_key_includes_the_markdown_configuration(site_markdown: None) -> None:
    with_extensions = markdown.markdown_key()
    markdown.set_site_markdown((), {})
    assert markdown.markdown_key() != with_extensions
    markdown.set_site_markdown(["toc"], {"toc": {"slugify": _slug}})
    assert "_slug" in markdown.markdown_key() and "0x" not in markdown.markdown_key()  # same in every process


def _slug(value: str, separator: str) -> str:
    return value


def test_headings_keep_the_tools_ids_and_plain_titles(site_markdown: None) -> None:
    rendered = render(
        "## Introduction **to us**\n\n## Intro {: #kept }\n\n## Introduction to us\n\n## X {: #__config }"
    )
    assert [(h.id, h.title) for h in rendered.flat_headings] == [
        ("introduction-to-us", "Introduction to us"),
        ("kept", "Intro"),
        ("introduction-to-us-1", "Introduction to us"),
        ("x", "X"),
    ]
    assert 'id="__config"' not in rendered.html


def test_sanitizer_keeps_what_extensions_write_and_nothing_active() -> None:
    html = clean(
        '<div class="admonition note md-header" onclick="x"><p class="admonition-title">T</p></div>'
        '<input type="text" name="q"><input type="checkbox" checked><label for="__drawer">x</label>'
        '<th style="color: red">a</th><table><tr><td style="text-align: right;">1</td></tr></table>'
    )
    assert 'class="admonition note"' in html and "md-header" not in html and "onclick" not in html
    assert 'type="text"' not in html and 'disabled=""' in html and "__drawer" not in html
    assert "color" not in html and 'style="text-align: right;"' in html


def test_timing_of_a_large_text(site_markdown: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The site's Markdown on a 300 KB notice: the cost of one version's HTML (reported, bounded loosely)."""
    big = (TEXT.replace("[^gdpr]", "").split("*[DPO]")[0] + "\n") * (300_000 // len(TEXT) + 1)
    start = time.perf_counter()
    markdown.site_html(big)
    python_markdown = time.perf_counter() - start
    start = time.perf_counter()
    markdown.parse(big)
    markdown_it = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n300 KB: Python-Markdown {python_markdown:.2f} s, markdown-it {markdown_it:.2f} s")
    assert python_markdown < 30
    assert re.search(r"<div class=\"admonition note\">", markdown.site_html(TEXT)[0])


def test_the_cli_reads_the_sites_markdown_from_mkdocs_yml(tmp_path: Path) -> None:
    from notices.config.mkdocs_yml import load_options

    (tmp_path / "docs").mkdir()
    yml = "site_name: x\nplugins: [notices]\nmarkdown_extensions:\n  - admonition\n  - toc:\n"
    (tmp_path / "mkdocs.yml").write_text(
        yml + "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
    )
    try:
        load_options(tmp_path / "mkdocs.yml")
        assert markdown.enabled("admonition")
        assert '<div class="admonition note">' in render("!!! note\n    Text.\n\n## A heading").html
        # the functions themselves, as MkDocs loads them (not their names as text): a custom fence
        # renders as on the site's own pages (heading ids stay the tool's: they match the redline's)
        from pymdownx.superfences import fence_code_format

        assert callable(markdown.CONFIGS["toc"]["slugify"])
        assert markdown.CONFIGS["pymdownx.superfences"]["custom_fences"][0]["format"] is fence_code_format
        assert '<pre class="mermaid"><code>graph' in markdown.site_html("```mermaid\ngraph TD; A-->B\n```\n")[0]
    finally:
        markdown.set_site_markdown((), {})


def test_an_extension_that_cannot_load_is_a_clear_error(tmp_path: Path) -> None:
    from notices.base.errors import ConfigError
    from notices.config.mkdocs_yml import load_options

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [notices]\nmarkdown_extensions:\n  - no_such_ext\n")
    with pytest.raises(ConfigError) as caught:
        load_options(tmp_path / "mkdocs.yml")
    assert caught.value.line == 3 and "no_such_ext" in caught.value.render() and "install" in caught.value.render()
    assert not markdown.enabled("no_such_ext")  # the previous configuration stays
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins: [notices]\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.nope\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_options(tmp_path / "mkdocs.yml")
    assert caught.value.line == 5 and "pymdownx.nope" in caught.value.render()


def test_a_pull_requests_mkdocs_yml_cannot_run_code_in_the_cli(tmp_path: Path) -> None:
    """`notices check` reads mkdocs.yml from a pull request: a call into any package but
    Markdown's own stays a plain value."""
    from notices.config.mkdocs_yml import load_options

    (tmp_path / "docs").mkdir()
    marker = tmp_path / "ran"
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins: [notices]\nextra:\n"
        f"  x: !!python/object/apply:os.system ['touch {marker}']\n"
        f"  y: !!python/object/apply:subprocess.check_call [['touch', '{marker}']]\n"
    )
    load_options(tmp_path / "mkdocs.yml")
    assert not marker.exists()
