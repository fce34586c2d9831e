"""MkDocs adapter: turns MkDocs events into core calls; holds no logic of its own.

The notice's own page is rendered by the core (markdown-it) instead of
Python-Markdown, then kept as the shell that every version page is filled into
after the build, so old versions never enter MkDocs' navigation or page loop.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import re
from html import escape, unescape
from pathlib import Path
from typing import Any

from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from notices.base.errors import NoticesError
from notices.base.urls import notice_dir, relative
from notices.build.session import BuildSession
from notices.build.writer import Kept, write_file
from notices.config.mkdocs_yml import Locator, check_i18n_layout, options_from_values
from notices.config.schema import OptionError, check_directory_urls, validate_options
from notices.mkdocs_plugin_config import NoticesConfig
from notices.publish.hooks import parse_hooks, require_site_url
from notices.site.assets import CSS_PATH, JS_PATH, NOTICES_CSS, notices_js
from notices.site.shell import Shell, place_head
from notices.sources.languages import language_of, page_language, search_languages
from notices.sources.translations import translation_suffix
from notices.text.headings import permalink_from_mkdocs, set_permalink
from notices.text.links import rebase, rebase_links
from notices.text.markdown import set_site_markdown
from notices.text.render import Heading

__all__ = ["NoticesPlugin"]

log = logging.getLogger("mkdocs.plugins.notices")


def _safe_title(html: str, title: str) -> str:
    """Material strips tags from the title and un-escapes it; write it escaped, whole."""
    head_end = html.find("</head>")
    start = html.find("<title>")
    end = html.rfind("</title>", 0, head_end if head_end >= 0 else len(html))
    if start < 0 or end < start:
        return html
    return html[:start] + f"<title>{escape(title)}</title>" + html[end + len("</title>") :]


def _privacy_plugin_localises(config: MkDocsConfig) -> bool:
    """Whether Material's privacy plugin is on and downloads external assets into the site.

    Listed but off (``enabled: false``, ``assets: false``, ``assets_fetch: false``), it
    leaves the Google Fonts link on every page. When it is on, every notice page is
    filled into the page in force as the plugin left it, so all of them are localised.
    """
    plugin = config.plugins.get("material/privacy") or config.plugins.get("privacy")
    if plugin is None:
        return False
    options = plugin.config
    return all(bool(getattr(options, key, True)) for key in ("enabled", "assets", "assets_fetch"))


def _search_languages(config: MkDocsConfig) -> None:
    """Material's search stems the whole index in its ``lang`` list: add the translations' languages.

    Only when the site left ``lang`` unset (then the search plugin would take the theme's
    language alone); it must run before the search plugin's ``on_config`` fills that in.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or getattr(search.config, "lang", None) or not Path(config.docs_dir).is_dir():
        return
    if not type(search).__module__.startswith("material."):
        return  # MkDocs' own search plugin fills its default in load_config: the site's choice
    tags = [tag for path in Path(config.docs_dir).rglob("*.md") if (tag := translation_suffix(path.name))]
    if not tags:
        return
    theme = importlib.import_module("material")  # its search plugin is loaded, so the theme is installed
    folder = Path(str(theme.__file__)).parent / "templates/assets/javascripts/lunr/min"
    supported = {p.name.split(".")[1] for p in folder.glob("lunr.*.min.js")}
    try:
        default = str(search._translate(config, "search.config.lang"))
    except Exception:  # noqa: BLE001 - a private helper of Material's; the theme's language otherwise
        default = str(config.theme.get("language") or "en")
    search.config.lang = search_languages(default, tags, supported)


def _warn_outside_resources(config: MkDocsConfig) -> None:
    """A privacy notice page must not tell Google (or a CDN) who reads it."""
    theme = config.theme
    if theme.name != "material":
        return
    if theme.get("font") is False or _privacy_plugin_localises(config):
        return
    log.warning(
        "notices: the Material theme loads Google Fonts on every page, so readers of your notices are "
        "reported to Google; set `theme.font: false` in mkdocs.yml or enable Material's `privacy` plugin"
    )


def _toc_tokens(headings: tuple[Heading, ...] | list[Heading]) -> list[Any]:
    """MkDocs' toc tokens carry HTML (Material writes ``name`` as it is); a heading is text."""
    return [
        {"level": h.level, "id": escape(h.id), "name": escape(h.title), "children": _toc_tokens(h.children)}
        for h in headings
    ]


def _check_i18n(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    plugin_config = getattr(i18n, "config", None) if i18n is not None else None
    structure = plugin_config.get("docs_structure") if isinstance(plugin_config, dict) else None
    if structure is None and plugin_config is not None:
        structure = getattr(plugin_config, "docs_structure", None)
    check_i18n_layout(structure, lambda: Locator.of(config.config_file_path).setting("plugins"))


def _alternate_language_build(config: MkDocsConfig) -> str | None:
    """The folder of the language mkdocs-static-i18n is building now, if it is not the site's own.

    That plugin builds each other language by running MkDocs' build again, from its own
    ``on_post_build``, into ``site/<lang>/`` with the same plugin objects; the first
    build (this plugin's complete run) has already written every notice.
    """
    i18n = config.plugins.get("i18n")
    if i18n is None or not getattr(i18n, "building", False):
        return None
    language = str(getattr(i18n, "current_language", "") or "")
    return f"{language}/" if language else None


_OWN_FACTS = re.compile(r'<span class="(?:git-revision-date-localized-plugin|md-source-file__fact)\b[^"]*"')
_SPAN = re.compile(r"<span\b|</span>")
_EMPTY_ASIDE = re.compile(r'<aside class="md-source-file">\s*</aside>')


def _own_facts_removed(html: str) -> str:
    """The page in force without the facts of its source file, for the pages of other versions.

    mkdocs-git-revision-date-localized-plugin dates a page by its file's last commit
    (and creation): true of the text in force, false of every older version, whose
    page would say it was last updated today. Old pages show their own dates (the
    notice's version list and effective dates), so these are dropped, with the
    Material box that held only them.
    """
    out, pos = [], 0
    for match in _OWN_FACTS.finditer(html):
        end = _span_end(html, match.start()) if match.start() >= pos else None
        if end is not None and "git-revision-date-localized-plugin" in html[match.start() : end]:
            out.append(html[pos : match.start()])
            pos = end
    out.append(html[pos:])
    return _EMPTY_ASIDE.sub("", "".join(out))


def _span_end(html: str, start: int) -> int | None:
    """Where the ``<span>`` opening at ``start`` closes (spans nest); None if it never does."""
    depth = 0
    for tag in _SPAN.finditer(html, start):
        depth += 1 if tag.group() == "<span" else -1
        if depth == 0:
            return tag.end()
    return None


_DATE_PICKER = re.compile(r'(<form class="notices-when" data-versions=")([^"]*)(")')


def _rebase_page(html: str, folder: str, target: str) -> str:
    """A notice's page rendered for ``folder``, its links made to work at ``target``.

    The date picker's targets are in a JSON attribute, which the script follows as they are.
    """
    prefix = relative(folder, target).rstrip("/") or "."

    def picker(match: re.Match[str]) -> str:
        pairs = [[day, rebase(url, prefix)] for day, url in json.loads(unescape(match.group(2)))]
        return match.group(1) + escape(json.dumps(pairs)) + match.group(3)

    return _DATE_PICKER.sub(picker, rebase_links(html, prefix))


def _asset(config: MkDocsConfig, folder: Path, path: str, text: str) -> File:
    """A generated file backed by a file on disk, not by content in memory.

    Plugins that sort files by where they come from (mkdocs-static-i18n, Material's
    privacy plugin) read ``abs_src_path``; a file made from content has none, and
    mkdocs-static-i18n crashes on it.
    """
    source = folder / path
    if not source.is_file() or source.read_text(encoding="utf-8") != text:
        write_file(folder, path, text)
    return File.generated(config, path, abs_src_path=str(source))


# MkDocs builds each `serve` rebuild with new plugin objects; what a dirty rebuild may
# reuse from the build before it (in the same process, the same site folder) lives here.
_DIRTY = False
_KEPT: dict[str, tuple[dict[str, Shell], Kept]] = {}


class NoticesPlugin(BasePlugin[NoticesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.session: BuildSession | None = None
        self.pages: dict[str, str] = {}
        self.shells: dict[str, Shell] = {}
        self.titles: dict[str, str] = {}
        self.assets_dir: Path | None = None
        """Where the plugin's CSS and JS are written before MkDocs copies them (under cache_dir)."""
        self.site: tuple[str, str, Path] = ("en", "", Path("site"))
        """Language, site_url and site folder of the site's own build (an alternate one changes them)."""
        self.alternate: str | None = None
        """In a build of another language by mkdocs-static-i18n: its folder in the site, e.g. ``da/``."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        global _DIRTY
        _DIRTY = dirty

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """Validate with the core's option schema, the one `notices check` uses, before MkDocs' own."""
        locator = Locator.of(config_file_path) if config_file_path else None
        base = Path(config_file_path).parent.resolve() if config_file_path else None
        try:
            checked = validate_options(options, locate=locator.option if locator else None, base=base)
        except OptionError as exc:
            self.config = NoticesConfig(config_file_path=config_file_path)
            return [(exc.option, exc)], []
        return super().load_config(checked.model_dump(), config_file_path)

    @event_priority(10)  # before Material's search fills in its default language (_search_languages)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            check_directory_urls(
                config.use_directory_urls, lambda: Locator.of(config.config_file_path).setting("use_directory_urls")
            )
            if self.config.hooks:  # hooks send links: relative ones are dead in an e-mail
                where = Locator.of(config.config_file_path).option(("hooks",))
                require_site_url(self.config.hooks, config.site_url or "", where)
            _check_i18n(config)
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        _warn_outside_resources(config)
        _search_languages(config)
        config.extra_css.append(CSS_PATH)
        config.extra_javascript.append(JS_PATH)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read and check every notice before MkDocs cleans the site folder.

        A build that fails here leaves the previously built site untouched.
        """
        if not self.config.enabled:
            self.session = None  # the same object may have built the site before, enabled
            return
        config_dir = Path(config.config_file_path).parent
        self.alternate = _alternate_language_build(config)
        if self.alternate is None:  # the site's own build; an alternate one reads the site as it did
            self.site = (str(config.theme.get("language") or "en"), config.site_url or "", Path(config.site_dir))
        lang, site_url, site_dir = self.site
        options = options_from_values(config_dir, config.docs_dir, dict(self.config), config.site_name, lang)
        set_permalink(permalink_from_mkdocs(config.markdown_extensions, config.mdx_configs))  # toc: permalink
        set_site_markdown(config.markdown_extensions, config.mdx_configs)  # notices render like the site
        self.assets_dir = options.cache_dir / "assets"
        self._close()
        try:
            if self.alternate is not None:
                # Every notice, version and translation was written by the site's own build;
                # this one only renders the notice pages MkDocs builds for the language.
                self.session = BuildSession.pages_only(options, site_dir, site_url, config.site_name)
                return
            self.session = BuildSession.prepare(
                options,
                site_dir,
                site_url,
                config.site_name,
                say=log.info,
                warn=lambda warning: log.warning(warning.render()),
                check=lambda: parse_hooks(self.config.hooks, "mkdocs.yml"),
                kept=_KEPT.get(str(site_dir), ({}, {}))[1] if _DIRTY else None,
                emptied=not _DIRTY,  # MkDocs is about to empty the site folder
            )
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None

    def _close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Legacy versions and change notes live outside docs/; rebuild when they change."""
        config_dir = Path(config.config_file_path).parent
        for folder in (self.config.versions_dir, self.config.changelog_dir):
            if (config_dir / folder).is_dir():
                server.watch(str(config_dir / folder))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        # MkDocs keeps one object of a plugin with `on_startup` for every build in a process
        # (in-process builds, `serve`): nothing may be left from the build before.
        self.pages, self.shells = {}, {}
        if not self.config.enabled or self.session is None:
            return None
        # A live notice's page is its id plus .md under docs_dir, by definition of the id.
        self.pages = {f"{n.id}.md": n.id for n in self.session.notices if n.path is not None}
        # MkDocs builds pages in the order of its files
        self.session.prefer([self.pages[f.src_uri] for f in files.documentation_pages() if f.src_uri in self.pages])
        assert self.assets_dir is not None
        files.append(_asset(config, self.assets_dir, CSS_PATH, NOTICES_CSS))
        files.append(_asset(config, self.assets_dir, JS_PATH, notices_js()))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if page.file.src_uri in self.pages:
            # MkDocs' templates do not escape titles; a notice's title is text, never markup.
            if isinstance(page.meta.get("title"), str):
                self.titles[page.file.src_uri] = page.meta["title"]
                page.meta["title"] = escape(page.meta["title"])
            # The same for the other front matter Material prints as is: the meta description,
            # the nav's subtitle and status (a class attribute), and tags (search results).
            for key in ("description", "subtitle", "author", "status"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = escape(page.meta[key])
            if isinstance(page.meta.get("tags"), list):
                page.meta["tags"] = [escape(t) if isinstance(t, str) else t for t in page.meta["tags"]]
            return ""  # the core renders notices; spare Python-Markdown the work
        return None

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        notice_id = self.pages.get(page.file.src_uri)
        if notice_id is None or self.session is None:
            return None
        try:
            current = self.session.current(notice_id)
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        page.toc = get_toc(_toc_tokens(current.toc))
        if self.alternate is not None:  # the text was rendered for its own folder: rebase its links
            written = Path(page.file.abs_dest_path).resolve().relative_to(self.site[2].resolve()).parent.as_posix()
            return _rebase_page(current.html, notice_dir(notice_id), written.strip("/") + "/")
        return current.html

    # Last, after the plugins that rewrite the finished page (Material's privacy plugin
    # localises its fonts and scripts at -50): the shell every version is filled into
    # must be the page as it is written, not as it was before them.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        notice_id = self.pages.get(page.file.src_uri)
        if notice_id is None or self.session is None:
            return None
        title = self.titles.get(page.file.src_uri, str(page.title or ""))
        output = place_head(_safe_title(output, f"{title} - {config.site_name}"))  # feed links into <head>
        if self.alternate is not None:
            return output
        notices = self.session.notices  # the page is in its notice's language, not the theme's
        output = page_language(output, language_of(notices, notices.notices[notice_id]))
        shell = self.shells[notice_id] = Shell(_own_facts_removed(output), notice_dir(notice_id), title)
        try:  # hand its versions to the writer now, while MkDocs renders the next pages
            self.session.page_built(notice_id, shell)
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        return output

    def _all_shells(self, site_dir: Path) -> dict[str, Shell]:
        """In a dirty build MkDocs skips unchanged pages: their shells are the ones built before."""
        if not _DIRTY:
            return self.shells
        shells = dict(_KEPT.get(str(site_dir), ({}, {}))[0])
        shells.update(self.shells)
        assert self.session is not None
        notices = self.session.notices
        for notice_id in self.pages.values():
            if notice_id not in shells:
                folder = notice_dir(notice_id)
                with contextlib.suppress(OSError, NoticesError):
                    html = (site_dir / folder / "index.html").read_text(encoding="utf-8")
                    shells[notice_id] = Shell(_own_facts_removed(html), folder, notices.notices[notice_id].title)
        return {notice_id: shells[notice_id] for notice_id in self.pages.values() if notice_id in shells}

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.session is None:
            return
        if self.alternate is not None:
            self._close()
            return
        site_dir = Path(config.site_dir)
        try:
            result = self.session.finish(self._all_shells(site_dir))
            log.info(result.summary)
            if _DIRTY:
                _KEPT[str(site_dir)] = (result.shells, result.outputs)
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        finally:
            self._close()

    def on_build_error(self, *, error: Exception) -> None:
        self._close()
