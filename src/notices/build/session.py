"""One build of a site's notices, whichever generator builds the rest: prepare → page built → finish.

The MkDocs plugin drives it from MkDocs' events: each notice's page arrives while
MkDocs renders the next ones, so the notice's other pages are written meanwhile.
``notices build`` drives it after another generator's build, with every page there
at once. The sequence (lock the folder, read and check the notices, refuse a change
to a published version, start the workers, mark the folder incomplete until the
manifest is written) lives only here; each adapter turns its own events into these
calls, and gets back what the build made as a :class:`BuildResult`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notices.base.errors import NoticesWarning
from notices.base.model import NoticeSet, VersionChange
from notices.base.options import Options
from notices.base.progress import Progress
from notices.build.filelist import write_file_list
from notices.build.load import load_site
from notices.build.parts import Page
from notices.build.producer import Producer, start_producer
from notices.build.sitelock import SiteLock, mark_complete, mark_incomplete
from notices.build.writer import Kept, SiteWriter, write_file
from notices.publish.manifest import check_append_only, manifest_chunks, previous_from, published_versions
from notices.reuse.stage import Stage
from notices.site.api import API, api_index
from notices.site.assets import component_js
from notices.site.feeds import site_feed
from notices.site.schema import SCHEMA
from notices.site.shell import Shell

__all__ = ["BuildResult", "BuildSession"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made, for the adapter to report (and a dirty rebuild to keep)."""

    written: list[str]
    """The folders of every page written: versions, revisions, diffs, change logs, redirects."""
    changes: dict[str, dict[str, VersionChange]]
    """What each version changed, per notice id and version label, as ``versions.json`` says."""
    outputs: Kept
    """Per notice: the key and folders of its files, which a dirty rebuild may keep as they are."""
    shells: dict[str, Shell]
    """The page each notice's other pages were filled into."""
    summary: str
    """For the build log: notices and pages, what was computed, what the cache spared."""


class BuildSession:
    """The notices' part of one build of one site folder.

    Use :meth:`prepare` (or :meth:`pages_only`), then :meth:`current` for the content of
    each notice's own page, :meth:`page_built` when its page is finished, and :meth:`finish`;
    :meth:`close` always, which after a failure leaves the folder as it found it where it can.
    """

    def __init__(self, notices: NoticeSet, producer: Producer, site_dir: Path, site_url: str, site_name: str) -> None:
        self.notices = notices
        self.producer = producer
        self.site_dir = site_dir
        self.site_url = site_url
        self.site_name = site_name
        self.lock: SiteLock | None = None
        self.progress: Progress | None = None
        self.stage: Stage | None = None
        self.writer: SiteWriter | None = None
        self.marked = False
        """The folder was marked incomplete by this build and is not whole again yet."""
        self.wrote = False
        """This build has started writing into the folder."""

    @classmethod
    def prepare(
        cls,
        options: Options,
        site_dir: Path,
        site_url: str,
        site_name: str,
        *,
        previous: str | None = None,
        say: Callable[[str], None] = print,
        warn: Callable[[NoticesWarning], None] | None = None,
        check: Callable[[], object] | None = None,
        kept: Kept | None = None,
        emptied: bool = False,
    ) -> BuildSession:
        """Read and check every notice, then start computing their pages.

        Nothing in ``site_dir`` changes before the checks pass, so a refused build
        leaves the site deployed before it whole. ``emptied``: the generator is about
        to empty the folder (MkDocs does), so the notices' files are set aside first
        and moved back if unchanged. ``kept``: what a dirty rebuild may leave in place.
        ``warn`` is given each warning of the notices as soon as they are read, ``check``
        runs the adapter's own checks after that (both before anything is computed).
        """
        lock = SiteLock(site_dir, options.cache_dir)
        lock.acquire(say)  # one build of a site folder at a time; a second one waits here
        producer: Producer | None = None
        try:
            notices = load_site(options)
            if warn is not None:
                for warning in notices.warnings:
                    warn(warning)
            if check is not None:
                check()
            check_append_only(
                previous_from(options.previous_manifest, previous),
                published_versions(notices, site_url, notices.commit),
            )
            # Workers start now and compute while the generator builds the other pages.
            producer = start_producer(notices, options, site_url, site_name)
            session = cls(notices, producer, site_dir, site_url, site_name)
        except BaseException:
            if producer is not None:
                producer.close()
            lock.release()
            raise
        session.lock = lock
        try:
            # one step per notice computed, one per notice written
            session.progress = producer.progress = Progress(len(producer.missing) + len(notices.notices))
            mark_incomplete(site_dir)  # until versions.json is written
            session.marked = True
            if emptied and producer.cache.persistent:
                session.stage = Stage(producer.cache.root, site_dir)
                session.stage.set_aside()
            session.writer = SiteWriter(notices, site_dir, producer, session.progress, kept, session.stage)
        except BaseException:
            session.close()
            raise
        return session

    @classmethod
    def pages_only(cls, options: Options, site_dir: Path, site_url: str, site_name: str) -> BuildSession:
        """A session that only renders notices' own pages (another language's build of a site
        whose own build wrote everything else): no lock, no checks, nothing written."""
        notices = load_site(options)
        return cls(notices, start_producer(notices, options, site_url, site_name), site_dir, site_url, site_name)

    def prefer(self, order: list[str]) -> None:
        """Compute first the notices whose pages the generator will ask for first."""
        self.producer.prefer(order)

    def current(self, notice_id: str) -> Page:
        """The content of the notice's own page (the version in force), for the generator's page."""
        return self.producer.head(notice_id).current

    def page_built(self, notice_id: str, shell: Shell) -> None:
        """The notice's page is finished: write its other pages into it, while the generator goes on."""
        assert self.writer is not None, "page_built on a pages_only session"
        self.wrote = True
        self.writer.notice(notice_id, shell, own=True)

    def write(self, path: str, data: str | bytes) -> None:
        """A file of the adapter's own into the site folder (which is then no longer the one before)."""
        self.wrote = True
        write_file(self.site_dir, path, data)

    def finish(self, shells: dict[str, Shell]) -> BuildResult:
        """Write what is left, then the site-wide files; the manifest last but the file list.

        ``shells`` holds every notice page the generator built (a dirty rebuild's too); a
        notice without one borrows its successor's page or any other.
        """
        assert self.writer is not None, "finish on a pages_only session"
        self.wrote = True
        site_dir, notices, writer = self.site_dir, self.notices, self.writer
        written = writer.finish(shells, self.site_url)
        changes = self.producer.all_changes()  # the site feed, API index and manifest read all of them
        write_file(site_dir, "feed.xml", site_feed(notices, self.site_url, self.site_name))
        write_file(site_dir, "embed/notice.js", component_js(notices.messages))
        write_file(site_dir, *api_index(notices, self.site_url))
        write_file(site_dir, API + "schema.json", json.dumps(SCHEMA, indent=1) + "\n")
        write_file(site_dir, "versions.json", manifest_chunks(notices, self.site_url, notices.commit))
        cache = self.producer.cache
        write_file_list(site_dir, notices, cache.root if cache.persistent else None)  # last: lists the rest
        if self.progress is not None:
            self.progress.close()  # before the adapter logs, which would land inside the bar
            self.progress = None
        if self.stage is not None:
            self.stage.finish({notice_id: key for notice_id, (key, _) in writer.outputs.items()})
            self.stage = None
        mark_complete(site_dir)  # the last step: from here on the folder is a whole site
        self.marked = False
        summary = f"{self.producer.summary(len(written))}; {writer.summary()}"
        return BuildResult(written, changes, dict(writer.outputs), shells, summary)

    def close(self) -> None:
        """End the session, finished or not; safe to call twice."""
        if self.stage is not None:  # a failed build: the next one starts from what is on disk
            self.stage.abandon()
            self.stage = None
        if self.marked and not self.wrote and (self.site_dir / "versions.json").is_file():
            # Stopped before anything was written or emptied (another plugin failed, a check
            # refused the build): the old manifest is still there, so the folder is whole.
            mark_complete(self.site_dir)
        self.marked = False
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.writer = None
        self.producer.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> BuildSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
