"""One build of a site folder at a time, and a mark on a site that is not whole.

Two builds writing one folder interleave their files (and their temporary names);
a build killed half-way leaves a folder that looks like a site. Neither may be
deployed, nor used to decide which users to notify. So a build holds a lock beside
the site folder for its whole run (a second build waits for it, then refuses), and
marks the folder incomplete from the moment it starts changing it until its
manifest, the last file, is written. ``notices verify``, ``events`` and ``notify``
refuse a folder that carries the mark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from filelock import FileLock, Timeout

from notices.base.errors import NoticesError

__all__ = ["INCOMPLETE", "SiteLock", "mark_complete", "mark_incomplete", "require_complete"]

INCOMPLETE = ".notices-incomplete"
"""A dot file, so MkDocs' cleaning of the site folder keeps it and deployments skip it."""


def _timeout() -> float:
    value = os.environ.get("NOTICES_LOCK_TIMEOUT", "600")
    try:
        return float(value)
    except ValueError:
        raise NoticesError(
            f"NOTICES_LOCK_TIMEOUT={value!r} is not a number of seconds",
            hint="set it to how long a build may wait for another build of the same site, e.g. 600",
        ) from None


class SiteLock:
    """The lock of one site folder, kept in the cache folder (ignored by Git like the cache)."""

    def __init__(self, site_dir: Path, cache_dir: Path) -> None:
        site_dir = site_dir.resolve()
        self.site_dir = site_dir
        digest = hashlib.blake2b(str(site_dir).encode(), digest_size=8).hexdigest()
        self.path = cache_dir / "locks" / f"{site_dir.name}-{digest}.lock"
        self._lock: FileLock | None = None

    def acquire(self, say: object = None) -> None:
        """Wait for another build of this folder to finish; refuse after NOTICES_LOCK_TIMEOUT."""
        if self._lock is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if callable(say):
                say(f"notices: another build of {self.site_dir} is running; waiting for it to finish")
            try:
                lock.acquire(timeout=_timeout())
            except Timeout:
                raise NoticesError(
                    "another build of this site folder is still running",
                    path=str(self.site_dir),
                    hint=f"wait for it to finish (or stop it), then build again; the lock is {self.path}",
                ) from None
        self._lock = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def mark_incomplete(site_dir: Path) -> None:
    """Written before the build changes anything in the folder."""
    site_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    (site_dir / INCOMPLETE).write_text(f"build started {stamp} by process {os.getpid()}\n", encoding="utf-8")


def mark_complete(site_dir: Path) -> None:
    """Removed once the manifest is written: from then on the folder is a whole site."""
    (site_dir / INCOMPLETE).unlink(missing_ok=True)


def require_complete(site_dir: Path) -> None:
    """Refuse a site folder whose build was stopped or is still running."""
    marker = site_dir / INCOMPLETE
    if marker.exists():
        started = marker.read_text(encoding="utf-8", errors="replace").strip()
        raise NoticesError(
            f"this site folder is an incomplete build ({started}); it was stopped, failed, or is still running",
            path=str(site_dir),
            hint="build the site again and use the folder only once the build has succeeded; "
            "do not deploy it or notify from it",
        )
