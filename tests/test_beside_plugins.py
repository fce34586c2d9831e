"""Beside the plugins users already have: one site with Material's privacy, search, blog and
tags plugins, mkdocs-redirects, mkdocs-static-i18n and mkdocs-git-revision-date-localized.

One in-process build (no download: the privacy plugin's cache is seeded and any request it
would make fails the test), then the pages a reader meets, in Chromium on 127.0.0.1.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from hashlib import sha1
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from browser import chromium, serve
from conftest import TODAY, SiteRepo, forget_process_state, notice
from mkdocs.commands.build import build
from mkdocs.config import load_config

from notices.base.errors import ConfigError
from notices.config.mkdocs_yml import load_options

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "plugins" / "mkdocs.yml"
FONTS = (
    "https://fonts.googleapis.com/css?family=Roboto:300,300i,400,400i,700,700i%7C"
    "Roboto+Mono:400,400i,700,700i&display=fallback"
)
"""The Google Fonts style sheet Material links for `font: {text: Roboto}`."""
MERMAID = "unpkg.com/mermaid@11/dist/mermaid.min.js"
"""Material's bundle names this script; the privacy plugin fetches it too."""

LEGACY_1 = """\
---
title: Privacy notice
version: "1"
effective: 2019-04-01
---
## Who we are

Example Ltd, 2019.

## What we collect

Email addresses.
"""


def _body(collect: str) -> str:
    return f"## Who we are\n\nExample Ltd.\n\n## What we collect\n\n{collect}\n"


def _seed_privacy_cache(root: Path) -> None:
    """What Material's privacy plugin would download, in its cache, so the build needs no network.

    The plugin stores a file whose URL has no extension under its name plus a query digest,
    saves the body with the extension of its content type and links one to the other.
    """
    external = root / ".cache/plugin/privacy/assets/external"
    url = urlparse(FONTS)
    css = external / url.hostname / f"css.{sha1(url.query.encode()).hexdigest()[:8]}"  # type: ignore[operator]
    css.parent.mkdir(parents=True)
    css.with_name(css.name + ".css").write_text(
        "@font-face { font-family: 'Roboto'; font-style: normal; font-weight: 400;\n"
        "  src: url(https://fonts.gstatic.com/s/roboto/v1/fake.woff2) format('woff2'); }\n",
        encoding="utf-8",
    )
    os.symlink(css.name + ".css", css)
    woff = external / "fonts.gstatic.com/s/roboto/v1/fake.woff2"
    woff.parent.mkdir(parents=True)
    woff.write_bytes(b"wOF2 not a real font")
    script = external / MERMAID
    script.parent.mkdir(parents=True)
    script.write_text("/* not mermaid */\n", encoding="utf-8")


def _make_site(root: Path) -> SiteRepo:
    site = SiteRepo(root)
    site.write("mkdocs.yml", FIXTURE.read_text(encoding="utf-8"))
    site.write("versions/privacy/1.md", LEGACY_1)
    site.write("docs/blog/index.md", "# Blog\n")
    site.write("docs/blog/posts/hello.md", "---\ndate: 2024-01-05\ntags: [news]\n---\n# Hello\n\nA post.\n")
    site.write("docs/tags.md", "# Tags\n\n<!-- material/tags -->\n")
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-01-01", _body("Emails and names."), tags="[legal]")})
    site.commit("cookies", {"docs/cookies.md": notice("1", "2024-01-01", "## Cookies\n\nNone.\n", title="Cookies")})
    site.commit(
        "v3",
        {
            "docs/privacy.md": notice("3", "2025-01-01", _body("Emails, names and addresses."), tags="[legal]"),
            "docs/privacy.da.md": notice(
                "3",
                "2025-01-01",
                "## Hvem vi er\n\nExample Ltd.\n\n## Hvad vi indsamler\n\nAdresser.\n",
                title="Privatlivspolitik",
            ),
        },
    )
    site.commit("cookies 2", {"docs/cookies.md": notice("2", "2025-02-01", "## Cookies\n\nOne.\n", title="Cookies")})
    return site


@dataclass
class Built:
    site: SiteRepo
    log: list[str]
    downloads: list[str] = field(default_factory=list)

    @property
    def dir(self) -> Path:
        return self.site.root / "site"


@contextmanager
def _built(root: Path) -> Iterator[Built]:
    """The site, built once in this process with no network."""
    site = _make_site(root / "site-repo")
    _seed_privacy_cache(site.root)
    result = Built(site, [])

    def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
        result.downloads.append(url)
        raise requests.ConnectionError(f"the test has no network: {url}")

    class Record(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            result.log.append(f"{record.levelname} {record.getMessage()}")

    handler, mkdocs_log = Record(logging.INFO), logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(requests, "get", refuse)
            mp.chdir(site.root)  # the privacy plugin's cache_dir is relative to the working folder
            mp.setenv("NOTICES_TODAY", TODAY)
            mp.setenv("DISABLE_MKDOCS_2_WARNING", "true")
            forget_process_state()  # as a new process would start (other tests built in this one)
            build(load_config(str(site.root / "mkdocs.yml")))
        yield result
    finally:
        mkdocs_log.removeHandler(handler)
        site.repo.close()
        shutil.rmtree(site.root / "site", ignore_errors=True)


def _builds_offline_and_without_the_fonts_warning(built: Built) -> None:
    assert built.downloads == [], "the privacy plugin's seeded cache was missed"
    assert not [line for line in built.log if "Google Fonts" in line]
    assert not [line for line in built.log if line.startswith(("ERROR", "WARNING notices"))]
    for folder in ["privacy/1/", "privacy/3/diff/", "privacy/changelog/", "privacy.da/", "da/privacy/", "cookies/1/"]:
        assert (built.dir / folder / "index.html").is_file(), folder


# Pages a reader meets: the plugin's own, its generated ones, and the other plugins' pages.
PAGES = [
    "",
    "privacy/",
    "privacy/1/",
    "privacy/2/",
    "privacy/3/diff/",
    "privacy/changelog/",
    "privacy/compare/",
    "privacy.da/",
    "da/privacy/",
    "da/cookies/",
    "cookies/1/",
    "blog/",
    "tags/",
    "old-privacy/",
]


class Reader:
    """One browser page; every request it makes is recorded, and every response's status.

    A request to another host is recorded when it is made, whether it then fails or not
    (requests still under way when the next page opens are cancelled: no failure then).
    """

    def __init__(self, browser: Any) -> None:
        self.requests: list[str] = []
        self.statuses: list[tuple[str, int]] = []
        self.page = browser.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: self.statuses.append((r.url, r.status)))


def _no_page_requests_another_host(base: str, visit: Reader) -> None:
    fonts: dict[str, bool] = {}
    for path in PAGES:
        visit.requests.clear()
        visit.statuses.clear()
        visit.page.goto(base + path)
        outside = [url for url in visit.requests if urlparse(url).hostname != "127.0.0.1"]
        assert outside == [], f"/{path} requested {outside}"
        # Material's language selector looks for sitemap.xml files that mkdocs-static-i18n
        # does not write (da/sitemap.xml, privacy/sitemap.xml: the same without notices);
        # every other request must succeed.
        broken = [url for url, status in visit.statuses if status >= 400 and not url.endswith("/sitemap.xml")]
        assert broken == [], f"/{path}: {broken}"
        if path != "old-privacy/":
            fonts[path] = any("/assets/external/fonts.googleapis.com/" in url for url in visit.requests)
    # the fonts are there, from the site itself, on every page (a redirect shows its target)
    assert all(fonts.values()), [path for path, seen in fonts.items() if not seen]
    assert visit.page.url == base + "privacy/"  # mkdocs-redirects' page for old-privacy.md


def _text(visit: Reader, url: str) -> str:
    visit.page.goto(url)
    return str(visit.page.locator("article").inner_text())


def _old_pages_do_not_carry_the_current_files_dates(base: str, visit: Reader) -> None:
    """git-revision-date-localized dates the file's last commit; only the page in force shows it."""
    assert "January 4, 2024" in _text(visit, base + "privacy/")  # v3's commit: the text in force
    for path in ["privacy/1/", "privacy/2/", "privacy/3/diff/", "privacy/changelog/", "cookies/1/"]:
        text = _text(visit, base + path)
        assert "January 4, 2024" not in text and "January 5, 2024" not in text, path
        assert visit.page.locator(".git-revision-date-localized-plugin").count() == 0, path
        assert visit.page.locator(".md-source-file").count() == 0, path
    assert "2019" in _text(visit, base + "privacy/1/")  # its own date: effective 1 April 2019


def _follow(visit: Reader, text: str) -> str:
    """Open the first link in the article with this text (by its address: a click can land on
    Material's language menu, which drops over the article); the new page's URL."""
    href = visit.page.locator("article a", has_text=text).first.evaluate("a => a.href")
    visit.page.goto(href)
    return str(visit.page.url)


def _static_i18n_language_pages(base: str, visit: Reader) -> None:
    """The Danish build's notice pages show the notice in force; their links lead to its versions."""
    assert "Hvad vi indsamler" in _text(visit, base + "da/privacy/")
    assert visit.page.locator("html").get_attribute("lang") == "da"
    assert _follow(visit, "Version 3") == base + "privacy.da/3/"
    assert "Adresser." in visit.page.locator("article").inner_text()
    # a notice without a Danish text: the Danish build falls back to the English one
    assert "One." in _text(visit, base + "da/cookies/")
    assert _follow(visit, "Version 1") == base + "cookies/1/"
    assert "None." in visit.page.locator("article").inner_text()
    assert _text(visit, base + "privacy.da/").count("Adresser.") == 1


def _search_tags_and_blog(base: str, visit: Reader) -> None:
    # search, from a generated page (its scripts' base URL is rebased to that folder)
    visit.page.goto(base + "privacy/2/")
    visit.page.locator("input.md-search__input").click()
    ready = "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"
    visit.page.wait_for_function(ready)
    visit.page.keyboard.type("addresses")
    found = "[...document.querySelectorAll('.md-search-result__item')].some(e => /Privacy notice/.test(e.textContent))"
    visit.page.wait_for_function(found, timeout=10_000)  # results come as the words are typed
    # tags: the notice's tag is listed on the tags page and shown on its old versions
    assert "Privacy notice" in _text(visit, base + "tags/")
    visit.page.goto(base + "privacy/1/")
    assert visit.page.locator(".md-tag", has_text="legal").count() >= 1
    # blog: Material's blog plugin builds its index beside the notices
    assert "Blog" in _text(visit, base + "blog/")


def test_one_site_with_the_plugins_users_have(tmp_path: Path) -> None:
    """One build and one browser for every check (a module fixture would be built again
    by each xdist worker that runs one of its tests)."""
    with _built(tmp_path) as built:
        _builds_offline_and_without_the_fonts_warning(built)
        with serve(built.dir) as base, chromium() as browser:
            visit = Reader(browser)
            _no_page_requests_another_host(base, visit)
            _old_pages_do_not_carry_the_current_files_dates(base, visit)
            _static_i18n_language_pages(base, visit)
            _search_tags_and_blog(base, visit)


def test_fonts_warning_when_the_privacy_plugin_is_off(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Listed but not localising, the privacy plugin leaves Google Fonts on every page: say so."""
    from notices.mkdocs_plugin import _warn_outside_resources

    (tmp_path / "docs").mkdir()
    for n, privacy in enumerate(["", "  - privacy:\n      enabled: false\n", "  - privacy:\n      assets: false\n"]):
        config_file = tmp_path / f"off-{n}.yml"
        config_file.write_text(
            "site_name: x\ntheme:\n  name: material\nplugins:\n" + privacy + "  - notices\n", encoding="utf-8"
        )
        caplog.clear()
        _warn_outside_resources(load_config(str(config_file)))
        assert "Google Fonts" in caplog.text, privacy


def test_only_the_git_dates_leave_the_shell() -> None:
    """Every type the plugin writes (timeago nests a span) goes; other facts and text stay."""
    from notices.mkdocs_plugin import _own_facts_removed

    icon = '<span class="md-icon" title="Last update"><svg><path d="M1"/></svg></span>'
    date = '<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date">May 1</span>'
    ago = (
        '<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-timeago">'
        '<span class="timeago" datetime="2024-05-01" locale="en"></span></span>'
    )
    authors = '<span class="md-source-file__fact"><span class="md-icon"></span><span>Ada</span></span>'
    aside = f'<aside class="md-source-file">\n<span class="md-source-file__fact">{icon}{date}</span>\n{{}}</aside>'
    fact = f'<span class="md-source-file__fact">{icon}{ago}</span>'
    assert _own_facts_removed("<p>x</p>" + aside.format(fact) + "<p>y</p>") == "<p>x</p><p>y</p>"
    kept = _own_facts_removed(aside.format(authors))
    assert "Ada" in kept and "git-revision" not in kept and "md-source-file" in kept
    assert _own_facts_removed(f"<p>Updated {date}.</p>") == "<p>Updated .</p>"  # another theme
    assert _own_facts_removed("<span class='x'>unclosed <span>") == "<span class='x'>unclosed <span>"


def test_the_static_i18n_folder_layout_is_refused_with_the_layout_to_use(tmp_path: Path) -> None:
    """`docs/da/privacy.md` would be a notice of its own, in the site's language: said, not built."""
    from mkdocs.exceptions import PluginError

    (tmp_path / "docs").mkdir()
    languages = (
        "      languages:\n        - {locale: en, default: true, name: English}\n        - {locale: da, name: Dansk}\n"
    )
    for structure, refused in (("folder", True), ("suffix", False)):
        config_file = tmp_path / f"{structure}.yml"
        config_file.write_text(
            "site_name: x\ntheme:\n  name: material\n  font: false\nplugins:\n  - i18n:\n"
            f"      docs_structure: {structure}\n{languages}  - notices\n",
            encoding="utf-8",
        )
        config = load_config(str(config_file))
        if not refused:
            config.plugins["notices"].on_config(config)
            load_options(config_file)  # `notices check` reads it alike
            continue
        with pytest.raises(PluginError) as caught:
            config.plugins["notices"].on_config(config)
        said = str(caught.value)
        assert "docs_structure: folder" in said and f"{structure}.yml" in said and "docs_structure: suffix" in said
        # `notices check` refuses it too, at the same line, before reading any notice
        with pytest.raises(ConfigError) as checked:
            load_options(config_file)
        assert (
            checked.value.message in said
            and checked.value.line == 5
            and checked.value.path.endswith(f"{structure}.yml")
        )
