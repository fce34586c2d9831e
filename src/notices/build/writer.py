"""Write every version, revision and redirect page of every notice into the site."""

from __future__ import annotations

import hashlib
import itertools
import os
import traceback
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from notices.base.errors import NoticesError
from notices.base.model import NoticeSet
from notices.base.progress import Progress
from notices.build.parts import Page
from notices.build.producer import Producer, current_job, outcome
from notices.reuse.memos import forget_all
from notices.reuse.outputs import OutputStore, Recorder, place
from notices.reuse.stage import Stage
from notices.site.moved import language_address, old_addresses
from notices.site.shell import Shell

__all__ = ["Kept", "SiteWriter", "write_file"]


def write_file(site_dir: Path, path: str, data: bytes | str | Iterable[str]) -> None:
    """Atomically, so a reader (or a concurrent build) never sees half a file. ``data`` may come
    in parts (the manifest of a large site), written as they come."""
    target = site_dir / path
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        out = open(tmp, "wb")  # noqa: SIM115 - a folder per page: create it only when missing
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = open(tmp, "wb")  # noqa: SIM115
    with out:
        if isinstance(data, (bytes, str)):
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        else:
            for part in data:
                out.write(part.encode("utf-8"))
    os.replace(tmp, target)


Kept = dict[str, tuple[str, list[str]]]
"""Per notice id: the output key and folders of the files a site folder holds."""


class SiteWriter:
    """Writes (or keeps, or links from the cache) each notice's files as soon as its shell exists.

    The plugin hands over each notice's shell while MkDocs is still rendering pages, so
    the writing (in the workers, or a thread for kept and linked files) overlaps
    MkDocs' own work; ``finish`` writes what is left.
    ``kept`` (a dirty build) names notices whose files the site folder already holds:
    when their key is unchanged they are not touched at all.
    """

    def __init__(
        self,
        notices: NoticeSet,
        site_dir: Path,
        producer: Producer,
        progress: Progress | None = None,
        kept: Kept | None = None,
        stage: Stage | None = None,
    ) -> None:
        self.stage = stage
        self.kept_in_place = 0
        self.notices = notices
        self.site_dir = site_dir
        self.producer = producer
        self.progress = progress
        self.kept = kept or {}
        self.outputs: Kept = {}
        self.tasks: dict[str, Future[Any]] = {}
        self.linking: dict[str, tuple[Future[list[str] | None], Shell | None, bool, str]] = {}
        self._linker: ThreadPoolExecutor | None = None
        self.store = OutputStore(producer.cache.root if producer.cache.persistent else None)

    def notice(self, notice_id: str, shell: Shell | None, own: bool, here: bool = False) -> None:
        """Write one notice's files: in a worker when there are workers (unless ``here``)."""
        key = _output_key(self.producer.keys[notice_id], shell, own)
        kept = self.kept.get(notice_id)
        still_there = kept is not None and all((self.site_dir / f / "index.html").exists() for f in kept[1][:1])
        if kept is not None and kept[0] == key and still_there:
            self._done(notice_id, kept)
            return
        staged = self.stage is not None and self.stage.staged.get(notice_id) == key
        if self.producer.parallel and not here and not staged:
            args = (notice_id, shell, own, str(self.site_dir))
            self.tasks[notice_id] = self.producer.submit(_write_task, args, self._advance)
            return
        if not here:
            # Linking is system calls (which release the GIL): a thread does it while MkDocs
            # renders the next pages; a notice the cache misses is written in ``finish``.
            if self._linker is None:
                self._linker = ThreadPoolExecutor(1, thread_name_prefix="notices-link")
            linking = self._linker.submit(self._reuse, notice_id, key)
            self.linking[notice_id] = (linking, shell, own, key)
            return
        self._write_here(notice_id, shell, own, key, self._reuse(notice_id, key))

    def _reuse(self, notice_id: str, key: str) -> list[str] | None:
        """The notice's folders from the last build, or linked from the cache; None: write it."""
        if self.stage is not None:
            folders = self.stage.restore(notice_id, key, self.store)
            if folders is not None:
                self.kept_in_place += 1
                return folders
        return self.store.link_into(notice_id, key, self.site_dir)

    def summary(self) -> str:
        """How the notices' files got into the site, for the build log."""
        return f"files: {self.kept_in_place} notices kept in place, {self.store.linked} linked from the cache"

    def _write_here(self, notice_id: str, shell: Shell | None, own: bool, key: str, folders: list[str] | None) -> None:
        if folders is None:
            recorder = Recorder()
            _write_notice(notice_id, self.site_dir, shell, not own, self.producer, recorder)
            self.store.save(notice_id, key, self.site_dir, recorder)
            folders = recorder.folders
        self._done(notice_id, (key, folders))

    def _done(self, notice_id: str, output: tuple[str, list[str]]) -> None:
        self.outputs[notice_id] = output
        self._advance()

    def _advance(self) -> None:
        if self.progress is not None:
            self.progress.advance()

    def _collect(self) -> None:
        for notice_id, (linking, shell, own, key) in self.linking.items():
            self._write_here(notice_id, shell, own, key, linking.result())
        self.linking.clear()
        if self._linker is not None:
            self._linker.shutdown()
            self._linker = None
        for notice_id, task in self.tasks.items():
            result = outcome(task, f"writing the pages of notice `{notice_id}`")
            if isinstance(result, str):
                raise NoticesError(f"writing the pages of notice `{notice_id}` failed in a worker:\n{result}")
            key, folders = result
            self.outputs[notice_id] = (str(key), [str(f) for f in folders])
        self.tasks.clear()

    def finish(self, shells: dict[str, Shell], site_url: str = "") -> list[str]:
        """Write the notices not written yet and the redirects from old addresses; the folders written.

        A notice without a built page (its file was deleted after it was superseded)
        borrows its successor's page, or any notice's, so it keeps the site's look.
        """
        notices = self.notices
        any_shell = next(iter(shells.values()), None)
        for notice in notices:
            if notice.id not in self.outputs and notice.id not in self.tasks and notice.id not in self.linking:
                shell = shells.get(notice.id) or shells.get(notice.superseded_by or "") or any_shell
                self.notice(notice.id, shell, notice.id in shells)
        self._collect()
        written = [folder for notice in notices for folder in self.outputs[notice.id][1]]
        if any_shell is not None:
            written += self._old_addresses(set(written), site_url)
        return written

    def _old_addresses(self, pages: set[str], site_url: str) -> list[str]:
        """Every file of a renamed notice at its old path too; a page (MkDocs' or another notice's)
        that now lives at one of those paths wins. The folders of the redirect pages written."""
        site_dir, made, folders = self.site_dir, set[str](), []
        for notice in self.notices:
            language = language_address(notice)
            addresses = [(alias, False) for alias in notice.aliases] + ([(language, True)] if language else [])
            for alias, pages_only in addresses:
                for old, data in old_addresses(self.notices, notice, alias, site_dir, site_url, pages_only):
                    folder = old.removesuffix("index.html")
                    if folder in pages or (old not in made and (site_dir / old).exists()):
                        continue
                    if isinstance(data, Path):
                        place(str(data), f"{site_dir}/{old}")
                    else:
                        write_file(site_dir, old, data)
                    made.add(old)
                    if old.endswith("index.html"):
                        folders.append(folder)
        return sorted(folders)


def _write_task(notice_id: str, shell: Shell | None, own: bool, site_dir: str) -> tuple[str, list[str]] | str:
    """In a worker: write one notice; its output key and folders, or the error text."""
    try:
        job = current_job()
        writer = SiteWriter(job.notices, Path(site_dir), job)
        writer.notice(notice_id, shell, own, here=True)
        return writer.outputs[notice_id]
    except Exception:
        return traceback.format_exc()
    finally:
        forget_all()


def _output_key(notice_key: str, shell: Shell | None, own: bool) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{notice_key}\0{own}\0".encode())
    if shell is not None:
        h.update(f"{shell.page}\0{shell.title}\0{shell.html}".encode())
    return h.hexdigest()


def _write_notice(
    notice_id: str, site_dir: Path, shell: Shell | None, borrowed: bool, producer: Producer, recorder: Recorder
) -> None:
    def put(path: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        write_file(site_dir, path, raw)
        recorder.add(path, raw)

    head = producer.head(notice_id)
    items = producer.body(notice_id)  # one at a time: a long history is never held whole
    for item in itertools.chain([head.current] if borrowed else [], items):
        if isinstance(item, Page):
            if shell is not None:
                put(item.folder + "index.html", shell.fill(item.folder, item.html, item.title, item.toc))
                recorder.folders.append(item.folder)
        else:
            path, data = item
            put(path, data)
