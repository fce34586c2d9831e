"""A progress bar for long builds: on a terminal only, and only once a build takes a while.

A quick build (or one in CI, whose output is a log, not a terminal) prints nothing
extra; a large cold build shows how many notices are done.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

__all__ = ["Progress"]

DELAY = 1.0
"""Seconds before the bar appears."""


class Progress:
    def __init__(self, total: int, what: str = "computing and writing", stream: TextIO | None = None) -> None:
        self.total = total
        self.what = what
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self.enabled = self.stream.isatty()
        self._lock = threading.Lock()

    def advance(self) -> None:
        """Thread-safe: workers report through the pool's result thread."""
        with self._lock:
            self._advance()

    def _advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.started < DELAY or self.done >= self.total:
                return
            self._bar = RichProgress(
                TextColumn("notices: {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.what, total=self.total, completed=self.done)
            return
        assert self._task is not None
        self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
