"""The outbox: what users are owed, decided before a deployment and kept until delivered.

Events are "published now minus published before". A deployment moves "before", so
events computed after it are lost if delivery then fails: the rerun compares the
new live site with itself and finds nothing. The outbox fixes the order of things:
``notices queue`` writes the new events into it *before* the deploy, and
``notices notify`` delivers everything it still owes and records each delivery
in it. Kept where a failed, cancelled or rerun job finds it (a Git branch, an
artifact, a disk), it carries what is owed across any number of runs.

One JSON file, written whole under a temporary name and renamed::

    {"outbox": 1,
     "events": {"evt_…": {"queued": "2026-05-01T10:00:00+00:00",
                          "owed": ["url:https://…"],         # the hooks that wanted it when queued
                          "event": {…}}},                     # the event JSON, as delivered
     "delivered": {"evt_…": {"url:https://…": "2026-05-01T10:00:02+00:00"}}}

Events keep the order they were queued in. ``owed`` is fixed when an event is
queued, so a hook added later is not sent the past. A file with only
``delivered`` (the delivery log of earlier releases) is an outbox with nothing
queued. Every read-deliver-record runs under a file lock beside the outbox, so two
runs at once cannot both deliver the same event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from notices.base.errors import NoticesError
from notices.publish.hooks import Hook

__all__ = ["Outbox"]


class _Event(BaseModel):
    """What delivery needs of an event; the rest is carried as written."""

    model_config = ConfigDict(extra="allow")

    id: StrictStr
    type: StrictStr
    notice: StrictStr


class _Queued(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queued: StrictStr
    owed: list[StrictStr]
    event: _Event


class _File(BaseModel):
    """``record`` and ``queue`` write this; a delivery log of earlier releases has only ``delivered``."""

    outbox: Literal[1] = 1
    events: dict[str, _Queued] = Field(default_factory=dict)
    delivered: dict[str, dict[str, StrictStr]]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class Outbox:
    """Events owed to hooks, and what each hook has received.

    ``path`` None keeps it in memory only (the PR check's dry run: nothing is kept).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.events: dict[str, dict[str, Any]] = {}
        """Event id -> ``{"queued", "owed", "event"}``, in the order queued."""
        self.delivered: dict[str, dict[str, str]] = {}
        self._mutex = threading.Lock()  # deliveries run in threads; each record rewrites the file

    @contextlib.contextmanager
    def locked(self, say: Callable[[str], None]) -> Iterator[Outbox]:
        """Hold the outbox for a whole read-deliver-record; a second run waits, then reads what the first wrote.

        The lock is an OS lock on ``<outbox>.lock``: a run that is killed releases it.
        """
        if self.path is None:
            yield self
            return
        self._refuse_folder()
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(lock_path))
            try:
                lock.acquire(timeout=0)
            except Timeout:
                say(f"another run is delivering from {self.path}; waiting for it to finish")
                lock.acquire()
        except OSError as exc:
            raise NoticesError(
                f"cannot lock the outbox ({exc.strerror or exc})",
                path=str(lock_path),
                hint="make its folder writable, or pass another file with --outbox",
            ) from None
        try:
            self.load()
            yield self
        finally:
            lock.release()

    def _refuse_folder(self) -> None:
        if self.path is not None and self.path.is_dir():
            raise NoticesError(
                "the delivery log is a folder, not a file",
                path=str(self.path),
                hint="remove or rename what is there, or pass another file with --outbox",
            )

    def load(self) -> None:
        """Read the file (a missing one is an empty outbox); a damaged one is refused, never guessed at."""
        self.events, self.delivered = {}, {}
        if self.path is None:
            return
        self._refuse_folder()
        if not self.path.is_file():
            return
        try:
            data = _File.model_validate(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise NoticesError(
                f"the delivery log is damaged ({_why(exc)})",
                path=str(self.path),
                hint="move it aside and rerun: receivers deduplicate on webhook-id, commands should too",
            ) from None
        for event_id, queued in data.events.items():
            if queued.event.id != event_id:
                raise NoticesError(
                    f"the delivery log is damaged (`events.{event_id}` holds event {queued.event.id})",
                    path=str(self.path),
                    hint="restore it from its history (e.g. the outbox branch), or move it aside and rerun",
                )
            self.events[event_id] = {
                "queued": queued.queued,
                "owed": list(queued.owed),
                "event": queued.event.model_dump(),
            }
        self.delivered = data.delivered

    def queue(self, events: list[dict[str, Any]], hooks: list[Hook], keep: bool = True) -> list[dict[str, Any]]:
        """Add the events not queued before (by id); returns them. ``keep`` False changes only memory."""
        new = [e for e in events if e["id"] not in self.events]
        for event in new:
            owed = [h.name for h in hooks if h.wants(event["type"])]
            self.events[event["id"]] = {"queued": _now(), "owed": owed, "event": event}
        if new and keep:
            self.save()
        return new

    def owed(self, hooks: list[Hook]) -> tuple[list[tuple[dict[str, Any], Hook]], list[tuple[dict[str, Any], str]]]:
        """(event, hook) pairs still owed, in queue order; and those owed to hooks mkdocs.yml no longer has.

        An event goes only to hooks that wanted it when it was queued and still do.
        """
        pairs: list[tuple[dict[str, Any], Hook]] = []
        orphans: list[tuple[dict[str, Any], str]] = []
        for event_id, queued in self.events.items():
            event = queued["event"]
            for name in queued["owed"]:
                if self.done(event_id, name):
                    continue
                hook = next((h for h in hooks if h.name == name and h.wants(event["type"])), None)
                if hook is None:
                    orphans.append((event, name))
                else:
                    pairs.append((event, hook))
        return pairs, orphans

    def done(self, event_id: str, hook: str) -> bool:
        return hook in self.delivered.get(event_id, {})

    def record(self, event_id: str, hook: str) -> None:
        """Kept on disk before the next delivery starts, so a crash repeats at most the deliveries in flight."""
        with self._mutex:
            self.delivered.setdefault(event_id, {})[hook] = _now()
            try:
                self.save()
            except NoticesError as exc:
                raise NoticesError(
                    f"{exc.message}; event {event_id} was delivered to {hook}",
                    path=exc.path,
                    hint="make the folder writable or pass another file with --outbox; a rerun may deliver that "
                    "event again (receivers deduplicate on webhook-id)",
                ) from None

    def save(self) -> None:
        if self.path is None:
            return
        data = {"outbox": 1, "events": self.events, "delivered": self.delivered}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            raise NoticesError(
                f"cannot write the outbox ({exc.strerror or exc})",
                path=str(self.path),
                hint="make the folder writable or pass another file with --outbox",
            ) from None


def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        at = ".".join(str(part) for part in error["loc"])
        if not at:
            return 'input should be a valid dictionary: {"delivered": {event id: {hook: time}}}'
        return f"`{at}` is missing" if error["type"] == "missing" else f"`{at}`: {error['msg'].lower()}"
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON: {exc.msg} at line {exc.lineno}"
    return str(exc)
