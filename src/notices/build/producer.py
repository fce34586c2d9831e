"""Each notice's parts, from the build cache or computed, in worker processes when it pays.

A cold build of a large site spends most of its time parsing Markdown and
diffing versions, per notice and independent between notices, so the notices
the cache does not hold are computed in a pool of forked processes (one per
core), which start while MkDocs builds its own pages. Workers hand their
results over through the cache folder (a private temporary one when caching is
off), so the parent only ever holds the notice it is writing.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, BinaryIO

from notices.base import errors
from notices.base.errors import NoticesError
from notices.base.model import NoticeSet, VersionChange
from notices.base.options import Options
from notices.base.progress import Progress
from notices.build.parts import (
    Head,
    Item,
    Parts,
    body_records,
    compute,
    compute_stream,
    decode_head,
    encode_head,
    notice_key,
    read_body,
)
from notices.reuse.cache import Cache, tool_digest
from notices.reuse.memos import forget_all
from notices.site.pdf import use_cache as use_pdf_cache
from notices.text.headings import permalink_key

__all__ = ["Producer", "current_job", "outcome", "start_producer", "worker_count"]

WORKERS_ENV = "NOTICES_WORKERS"
_MIN_FOR_POOL = 4
"""Below this many notices to compute, forking costs more than it saves."""


def worker_count() -> int:
    """``NOTICES_WORKERS`` (which also forces the pool for few notices) or the cores this process may use."""
    value = os.environ.get(WORKERS_ENV, "")
    if value.strip():
        try:
            return max(1, int(value))
        except ValueError:
            raise NoticesError(
                f"{WORKERS_ENV}={value!r} is not a number", hint="set it to the number of processes, or unset it"
            ) from None
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# The job a forked worker computes for; set in the parent before the fork.
_JOB: Producer | None = None


def outcome(result: Future[Any], what: str) -> Any:
    """A worker's result; a dead worker is an error that says what to do."""
    try:
        return result.result()
    except BrokenProcessPool:
        raise NoticesError(
            f"{what} failed: a worker process died (killed, or out of memory?)",
            hint=f"build in one process with {WORKERS_ENV}=1, or give the build more memory",
        ) from None


def current_job() -> Producer:
    """In a worker: the producer it was forked from, without the parent's scheduling.

    The fork happens at the first submission, so the copy holds the parent's queue
    and pool; a worker computes what it is given and never schedules work itself.
    """
    assert _JOB is not None
    _JOB._pool = None
    _JOB.queue = []
    _JOB.pending = {}
    return _JOB


WorkerError = tuple[str, str, str | None, int | None, str | None] | str
"""What a worker hands back instead of raising: a user's error as its parts (class name,
message, path, line, hint), so the parent raises the same error a one-process build
would; anything else (a bug) as its traceback."""


def _work(notice_id: str) -> WorkerError | None:
    """In a worker: compute one notice into the cache; the error, if any."""
    job = current_job()
    try:
        job.compute_into_cache(notice_id)
        return None
    except NoticesError as exc:
        return (type(exc).__name__, exc.message, exc.path, exc.line, exc.hint)
    except Exception:
        return traceback.format_exc()
    finally:
        forget_all()


def _raise(error: WorkerError, notice_id: str) -> None:
    if isinstance(error, tuple):
        kind, message, path, line, hint = error
        raise getattr(errors, kind, NoticesError)(message, path=path, line=line, hint=hint)
    raise NoticesError(
        f"computing the pages of notice `{notice_id}` failed in a worker:\n{error}",
        hint="this is a bug in notices; please report it with the text above",
    )


class Producer:
    def __init__(
        self,
        notices: NoticeSet,
        site_url: str,
        site_name: str,
        context: str,
        cache: Cache,
    ) -> None:
        self.notices = notices
        self.site_url = site_url
        self.site_name = site_name
        self.cache = cache
        self.keys = {n.id: notice_key(notices, n, context) for n in notices}
        self.heads: dict[str, Head] = {}
        self.pending: dict[str, Future[WorkerError | None]] = {}
        self.missing: list[str] = []
        self.queue: list[str] = []
        """Notices to compute that no worker has been given yet, in the order they will be needed."""
        self._pool: ProcessPoolExecutor | None = None
        self.workers = 0
        self.progress: Progress | None = None
        """Advanced once per notice computed (the writer advances it once per notice written)."""

    # -- scheduling --------------------------------------------------------------

    def start(self) -> None:
        """Read the heads the cache holds; start computing the rest."""
        for notice_id in self.keys:
            head = self._cached_head(notice_id)
            if head is None:
                self.missing.append(notice_id)
            else:
                self._take(notice_id, head)
        forced = bool(os.environ.get(WORKERS_ENV, "").strip())
        workers = min(worker_count(), len(self.missing))
        if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            # `mkdocs serve` rebuilds in a thread beside its server's: a fork now could copy a
            # lock another thread holds (rebuilds are mostly one notice anyway). Without fork
            # (Windows) workers would have to re-read the whole history: one process it is.
            workers = 1
        if workers < 2 or (len(self.missing) < _MIN_FOR_POOL and not forced):
            return
        global _JOB
        _JOB = self  # stays set while the pool lives: the executor forks its workers at the first submission
        # A pool whose worker dies (killed, out of memory) fails the build instead of hanging it.
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self.workers = workers
        self.queue = list(self.missing)
        self._top_up()

    def prefer(self, order: list[str]) -> None:
        """Compute first what the caller will ask for first (MkDocs builds pages in nav order)."""
        rank = {notice_id: index for index, notice_id in enumerate(order)}
        self.queue.sort(key=lambda notice_id: rank.get(notice_id, len(rank)))

    def _submit(self, notice_id: str) -> None:
        assert self._pool is not None
        self.queue.remove(notice_id)
        self.pending[notice_id] = self._pool.submit(_work, notice_id)

    def _top_up(self) -> None:
        """Submit a few computations at a time, so their order can still follow the pages MkDocs
        asks for first (``prefer``) and a worker is never idle while the parent waits."""
        running = sum(1 for result in self.pending.values() if not result.done())
        while self.queue and running < self.workers + 1:
            self._submit(self.queue[0])
            running += 1

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, task: Callable[..., Any], args: tuple[Any, ...], done: Callable[[], None]) -> Future[Any]:
        """Run ``task`` in a worker (which holds this producer as ``current_job()``)."""
        assert self._pool is not None
        result = self._pool.submit(task, *args)
        result.add_done_callback(lambda _: done())
        self._top_up()
        return result

    def close(self) -> None:
        global _JOB
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            _JOB = None
        self.pending.clear()
        self.cache.close()

    # -- results ---------------------------------------------------------------------

    def head(self, notice_id: str) -> Head:
        head = self.heads.get(notice_id)
        if head is None:
            self._wait(notice_id)
            head = self.heads.get(notice_id) or self._cached_head(notice_id)
            if head is None:  # the worker could not store it: compute it here
                head = self._compute_here(notice_id)
            self._take(notice_id, head)
        return head

    def body(self, notice_id: str) -> Iterator[Item]:
        """Read once per build, by the writer: the notice's pages, then its files, one at a time
        from the cache (the parent holds one page at a time, however long the history)."""
        self.head(notice_id)
        stream = self.cache.open_stream("body", notice_id, self.keys[notice_id])
        if stream is None:
            self._compute_here(notice_id)
            stream = self.cache.open_stream("body", notice_id, self.keys[notice_id])
        if stream is None:  # the cache cannot be written here: compute the items in memory
            parts = self.compute(notice_id)
            return itertools.chain(parts.pages, parts.files)
        return self._read(notice_id, stream)

    def _read(self, notice_id: str, stream: BinaryIO) -> Iterator[Item]:
        """The body's items; an entry the reader cannot decode (a PDF gone from the cache) is
        computed again before anything of it is written."""
        with stream:
            try:
                items = list(read_body(stream)) if self._unsure(notice_id) else None
            except Exception:  # noqa: BLE001 - any undecodable entry is a miss
                parts = self.compute(notice_id)
                yield from parts.pages
                yield from parts.files
                return
            if items is not None:
                yield from items
                return
            yield from read_body(stream)

    def _unsure(self, notice_id: str) -> bool:
        """Whether the body may name PDFs the cache could have dropped: then it is decoded whole
        first (PDF bodies are small lists of names), so a missing one is found before writing."""
        return self.notices.pdf

    def summary(self, pages: int) -> str:
        """What the build cost, for the build log: how much the cache spared."""
        total, computed = len(self.keys), len(self.missing)
        where = f"in {self.workers} worker processes" if self.workers else "in this process"
        done = f"{computed} computed {where}" if computed else "none computed"
        return f"notices: {total} notices, {pages} pages; {done}, {total - computed} from the cache"

    def all_changes(self) -> dict[str, dict[str, VersionChange]]:
        """What every version of every notice changed, as the cache and the workers found it
        (the manifest and the site feed need them all): per notice id, per version label."""
        return {notice_id: self.head(notice_id).changes for notice_id in self.keys}

    # -- work --------------------------------------------------------------------------

    def compute(self, notice_id: str) -> Parts:
        notice = self.notices.notices[notice_id]
        return compute(self.notices, notice, self.site_url, self.site_name)

    def compute_into_cache(self, notice_id: str) -> Head:
        """Compute the notice, its items streamed into its cache entry as they are made."""
        notice = self.notices.notices[notice_id]
        head, items = compute_stream(self.notices, notice, self.site_url, self.site_name)
        key = self.keys[notice_id]
        if self.cache.put_stream("body", notice_id, key, body_records(items)):
            self.cache.put("head", notice_id, key, encode_head(head))  # last: a head promises its body
        return head

    def _compute_here(self, notice_id: str) -> Head:
        head = self.compute_into_cache(notice_id)
        if self.progress is not None:
            self.progress.advance()
        if self._pool is None and len(self.missing) > 1:
            forget_all()  # a cold build in one process: hold one notice's parses at a time
        return head

    def _wait(self, notice_id: str) -> None:
        if notice_id in self.queue:
            self._submit(notice_id)
        self._top_up()
        result = self.pending.pop(notice_id, None)
        if result is None:
            return
        error = outcome(result, f"computing the pages of notice `{notice_id}`")
        self._top_up()
        if self.progress is not None:
            self.progress.advance()
        if error is not None:
            _raise(error, notice_id)

    def _cached_head(self, notice_id: str) -> Head | None:
        data = self.cache.get("head", notice_id, self.keys[notice_id])
        if data is None:
            return None
        try:
            return decode_head(data)
        except Exception:  # noqa: BLE001 - any undecodable entry is a miss
            return None

    def _take(self, notice_id: str, head: Head) -> None:
        self.heads[notice_id] = head
        self.notices.know_changes(notice_id, head.changes)

    def __enter__(self) -> Producer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def start_producer(notices: NoticeSet, options: Options, site_url: str, site_name: str) -> Producer:
    """A started producer for a site; the caller closes it after writing."""
    elements = sorted(options.elements.items())
    context = repr((tool_digest(), site_url, site_name, options.raw_html, elements, permalink_key(), options.pdf))
    cache = Cache(options.cache_dir if options.cache else None)
    use_pdf_cache(cache if options.pdf else None)  # PDFs outlive a notice's other parts (site/pdf.py)
    producer = Producer(notices, site_url, site_name, context, cache)
    producer.start()
    return producer
