"""MkDocs adapter: turns MkDocs events into core calls; holds no logic of its own.

The notice's own page is rendered by the core (markdown-it) instead of
Python-Markdown, then kept as the shell that every version page is filled into
after the build, so old versions never enter MkDocs' navigation or page loop.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .config_schema import OptionError, check_directory_urls, validate_options
from .errors import NoticesError
from .hooks import parse_hooks, require_site_url
from .load import load_site
from .manifest import build_manifest, check_append_only, manifest_json, previous_from
from .mkdocs_plugin_config import NoticesConfig
from .model import NoticeSet
from .progress import Progress
from .render import Heading
from .site.assets import CSS_PATH, JS_PATH, NOTICES_CSS, notices_js
from .site.filelist import write_file_list
from .site.producer import Producer, start_producer
from .site.shell import Shell
from .site.stage import Stage
from .site.urls import notice_dir
from .site.writer import Kept, SiteWriter, write_file
from .siteconfig import Locator, options_from_values
from .sitelock import SiteLock, mark_complete, mark_incomplete

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


def _warn_outside_resources(config: MkDocsConfig) -> None:
    """A privacy notice page must not tell Google (or a CDN) who reads it."""
    theme = config.theme
    if theme.name != "material":
        return
    if theme.get("font") is False or "material/privacy" in config.plugins or "privacy" in config.plugins:
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


# MkDocs builds each `serve` rebuild with new plugin objects; what a dirty rebuild may
# reuse from the build before it (in the same process, the same site folder) lives here.
_DIRTY = False
_KEPT: dict[str, tuple[dict[str, Shell], Kept]] = {}


class NoticesPlugin(BasePlugin[NoticesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.notices: NoticeSet | None = None
        self.pages: dict[str, str] = {}
        self.shells: dict[str, Shell] = {}
        self.titles: dict[str, str] = {}
        self.producer: Producer | None = None
        self.writer: SiteWriter | None = None
        self.stage: Stage | None = None
        self.progress: Progress | None = None
        self.lock: SiteLock | None = None
        self.marked: Path | None = None
        """The site folder this build marked incomplete, until it is whole again."""

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
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        _warn_outside_resources(config)
        config.extra_css.append(CSS_PATH)
        config.extra_javascript.append(JS_PATH)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read and check every notice before MkDocs cleans the site folder.

        A build that fails here leaves the previously built site untouched.
        """
        if not self.config.enabled:
            return
        config_dir = Path(config.config_file_path).parent
        lang = str(config.theme.get("language") or "en")
        options = options_from_values(config_dir, config.docs_dir, dict(self.config), config.site_name, lang)
        self._close()
        try:
            # one build of a site folder at a time; a second one waits here, before MkDocs cleans
            self.lock = SiteLock(Path(config.site_dir), options.cache_dir)
            self.lock.acquire(log.info)
            self.notices = load_site(options, analyse_changes=False)
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        for warning in self.notices.warnings:
            log.warning(warning)
        try:
            parse_hooks(self.config.hooks, "mkdocs.yml")
            published = build_manifest(self.notices, config.site_url or "", self.notices.commit, with_changes=False)
            check_append_only(previous_from(self.config.previous_manifest), published)
            # Workers start now and compute while MkDocs builds the other pages.
            self.producer = start_producer(self.notices, options, config.site_url or "", config.site_name)
            # one step per notice computed, one per notice written
            self.progress = Progress(len(self.producer.missing) + len(self.notices.notices))
            self.producer.progress = self.progress
            mark_incomplete(Path(config.site_dir))  # until versions.json is written
            self.marked = Path(config.site_dir)
            if not _DIRTY and self.producer.cache.persistent:  # MkDocs is about to empty the site folder
                self.stage = Stage(self.producer.cache.root, Path(config.site_dir))
                self.stage.set_aside()
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None

    def _close(self) -> None:
        if self.stage is not None:  # a failed build: the next one starts from what is on disk
            self.stage.abandon()
            self.stage = None
        if self.marked is not None:
            # Stopped before MkDocs emptied the folder (another plugin failed): the old
            # manifest is still there, so the folder is the previous, whole site again.
            if (self.marked / "versions.json").is_file():
                mark_complete(self.marked)
            self.marked = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.writer = None
        if self.producer is not None:
            self.producer.close()
            self.producer = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Legacy versions and change notes live outside docs/; rebuild when they change."""
        config_dir = Path(config.config_file_path).parent
        for folder in (self.config.versions_dir, self.config.changelog_dir):
            if (config_dir / folder).is_dir():
                server.watch(str(config_dir / folder))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.notices is None:
            return None
        # A live notice's page is its id plus .md under docs_dir, by definition of the id.
        self.pages = {f"{n.id}.md": n.id for n in self.notices if n.path is not None}
        self.shells = {}
        if self.producer is not None:  # MkDocs builds pages in the order of its files
            order = [self.pages[f.src_uri] for f in files.documentation_pages() if f.src_uri in self.pages]
            self.producer.prefer(order)
        files.append(File.generated(config, CSS_PATH, content=NOTICES_CSS))
        files.append(File.generated(config, JS_PATH, content=notices_js()))
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
        if notice_id is None or self.producer is None:
            return None
        try:
            current = self.producer.head(notice_id).current
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        page.toc = get_toc(_toc_tokens(current.toc))
        return current.html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        notice_id = self.pages.get(page.file.src_uri)
        if notice_id is None:
            return None
        title = self.titles.get(page.file.src_uri, str(page.title or ""))
        output = _safe_title(output, f"{title} - {config.site_name}")
        shell = self.shells[notice_id] = Shell(output, notice_dir(notice_id), title)
        try:  # hand its versions to the writer now, while MkDocs renders the next pages
            self._writer(config).notice(notice_id, shell, own=True)
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        return output

    def _writer(self, config: MkDocsConfig) -> SiteWriter:
        if self.writer is None:
            assert self.notices is not None and self.producer is not None
            kept = _KEPT.get(str(Path(config.site_dir)), ({}, {}))[1] if _DIRTY else None
            site_dir = Path(config.site_dir)
            self.writer = SiteWriter(self.notices, site_dir, self.producer, self.progress, kept, self.stage)
        return self.writer

    def _all_shells(self, site_dir: Path) -> dict[str, Shell]:
        """In a dirty build MkDocs skips unchanged pages: their shells are the ones built before."""
        if not _DIRTY:
            return self.shells
        shells = dict(_KEPT.get(str(site_dir), ({}, {}))[0])
        shells.update(self.shells)
        assert self.notices is not None
        for notice_id in self.pages.values():
            if notice_id not in shells:
                folder = notice_dir(notice_id)
                with contextlib.suppress(OSError, NoticesError):
                    html = (site_dir / folder / "index.html").read_text(encoding="utf-8")
                    shells[notice_id] = Shell(html, folder, self.notices.notices[notice_id].title)
        return {notice_id: shells[notice_id] for notice_id in self.pages.values() if notice_id in shells}

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.notices is None or self.producer is None:
            return
        site_dir = Path(config.site_dir)
        try:
            writer = self._writer(config)
            shells = self._all_shells(site_dir)
            written = writer.finish(shells, config.site_url or "", config.site_name)
            manifest = build_manifest(self.notices, config.site_url or "", self.notices.commit)
            write_file(site_dir, "versions.json", manifest_json(manifest))
            cache = self.producer.cache
            write_file_list(site_dir, self.notices, cache.root if cache.persistent else None)  # last: lists the rest
            if self.progress is not None:
                self.progress.close()  # before the log line, which would land inside the bar
            log.info(f"{self.producer.summary(len(written))}; {writer.summary()}")
            if _DIRTY:
                _KEPT[str(site_dir)] = (shells, writer.outputs)
            if self.stage is not None:
                self.stage.finish({notice_id: key for notice_id, (key, _) in writer.outputs.items()})
                self.stage = None
            mark_complete(site_dir)  # the last step: from here on the folder is a whole site
            self.marked = None
        except NoticesError as exc:
            raise PluginError(f"notices: {exc.render()}") from None
        finally:
            self._close()

    def on_build_error(self, *, error: Exception) -> None:
        self._close()
