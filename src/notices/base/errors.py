"""The one error type every layer raises, so each edge renders it the same way.

Exception tree::

    NoticesError            bad input or state a user can fix: carries path, line, hint
     ├── SourceError        a notice file, legacy file or front matter is wrong
     ├── HistoryError       the Git history cannot be read or is incomplete
     └── ConfigError        a plugin option or mkdocs.yml setting is wrong

The CLI prints ``error: path:line: message — hint`` and exits 1; the MkDocs
plugin wraps the same text in a ``PluginError``. Nothing else is shown to the
user, so every raise site must say what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ConfigError", "HistoryError", "NoticesError", "NoticesWarning", "SourceError", "shown"]


class NoticesError(Exception):
    """A problem the user can fix, with where it is and what to do."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def render(self) -> str:
        """One line a person can act on: ``file:line: what — how to fix``."""
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.hint:
            text += " — " + self.hint
        return text

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True, slots=True)
class NoticesWarning:
    """A problem the build goes on past (a bad text in an old commit, a missing GDPR section),
    kept with where it is so each edge places it itself: the CLI as a GitHub annotation on
    the file and line, the plugin as one log line. Rendered like ``NoticesError``."""

    message: str
    path: str | None = None
    line: int | None = None
    hint: str | None = None
    context: str | None = None
    """What the build did about it, after the hint: "(in commit …; this text is not published)"."""

    @classmethod
    def skipped(cls, problem: NoticesError, commit: str) -> NoticesWarning:
        """An error in a text the user can no longer edit (a past commit): that text is left out."""
        context = f"(in commit {commit}; this text is not published)"
        return cls(problem.message, problem.path, problem.line, problem.hint, context)

    def render(self) -> str:
        text = NoticesError(self.message, path=self.path, line=self.line, hint=self.hint).render()
        return f"{text} {self.context}" if self.context else text

    def __str__(self) -> str:
        return self.render()


class SourceError(NoticesError):
    """A notice, legacy version or change note is malformed."""


class HistoryError(NoticesError):
    """Git cannot give the full history (not a repo, shallow, missing object)."""


class ConfigError(NoticesError):
    """An option in mkdocs.yml is invalid."""


def shown(value: Any) -> str:
    """A value as the user wrote it: quoted text reads as text, so `'yes'` is not mistaken for yes."""
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)
