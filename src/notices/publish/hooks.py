"""Notification hooks from ``mkdocs.yml``: commands and Standard Webhooks.

Each entry is checked where it is written (file, line, did you mean …?): a typo in
``events`` or a command that cannot start would otherwise send nothing, silently.
Sending an event to a hook is ``delivery``'s job.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import os
import shlex
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from notices.base.errors import ConfigError, shown
from notices.publish.events import EVENT_TYPES

__all__ = [
    "Hook",
    "Locate",
    "parse_hooks",
    "require_site_url",
]

Locate = Callable[[tuple[str | int, ...]], tuple[str, int | None]]
"""Where a key path under the plugin's options is written: (file, line)."""


@dataclass(frozen=True, slots=True)
class Hook:
    name: str
    """Stable key of the hook in the delivery log."""
    events: tuple[str, ...]
    command: str | None = None
    url: str | None = None
    secret_env: str | None = None
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0

    def wants(self, event_type: str) -> bool:
        return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in self.events)


class _Entry(BaseModel):
    """One ``hooks`` entry as written in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", strict=True)

    command: str | None = None
    url: str | None = None
    events: list[str] = Field(default_factory=lambda: ["*"])
    secret_env: str | None = None
    timeout: float = Field(default=30.0, gt=0)
    retries: int = Field(default=5, ge=0, le=100)
    backoff: float = Field(default=1.0, ge=0)
    name: str | None = None

    @field_validator("events", mode="before")
    @classmethod
    def _one_event(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


_KEYS = tuple(_Entry.model_fields)
_EXPECTED = {
    "command": ("a command line", "command: hooks/email-users.py"),
    "url": ("an http(s) URL", "url: https://example.org/hooks/notices"),
    "events": ("a list of event types", "events: [purpose.changed]"),
    "secret_env": ("the name of an environment variable", "secret_env: NOTICES_WEBHOOK_SECRET"),
    "timeout": ("a number of seconds above 0", "timeout: 30"),
    "retries": ("a whole number from 0 to 100", "retries: 5"),
    "backoff": ("a number of seconds (0 or more)", "backoff: 1"),
    "name": ("a text", "name: email-users"),
}


def parse_hooks(
    raw: Any, where: str = "mkdocs.yml", *, locate: Locate | None = None, base: Path | None = None
) -> list[Hook]:
    """Validate the ``hooks`` option: every mistake named with its line and its fix.

    With ``base`` (the folder of mkdocs.yml) a command must also exist and be
    executable there, so a PR check finds a hook that could never run.
    """
    at: Locate = locate or (lambda keys: (where, None))
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        path, line = at(("hooks",))
        raise ConfigError(
            f"`hooks` must be a list of hooks, not {shown(raw)}",
            path=path,
            line=line,
            hint="write each hook as a `- command: …` or `- url: …` item (see the README, section Hooks)",
        )
    hooks: list[Hook] = []
    for index, item in enumerate(raw):
        fail = functools.partial(_entry_error, at, index)
        if not isinstance(item, dict):
            raise fail(
                f"must be a mapping with `command` or `url`, not {shown(item)}",
                hint="write `- command: hooks/notify.py` or `- url: https://…` with `secret_env:`",
            )
        for key in item:
            if key not in _KEYS:
                close = difflib.get_close_matches(str(key), sorted(_KEYS), n=1)
                raise fail(
                    f"unknown key `{key}`",
                    hint=f"did you mean `{close[0]}`?" if close else "keys: " + ", ".join(sorted(_KEYS)),
                    key=str(key),
                )
        try:
            entry = _Entry.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            key = str(error["loc"][0])
            expected, example = _EXPECTED[key]
            value = item.get(key)
            if key == "events" and isinstance(value, list) and len(error["loc"]) > 1:
                raise fail(
                    f"`events` must name event types, not {shown(value[int(error['loc'][1])])}",
                    hint="e.g. `events: [purpose.changed]`",
                    key=key,
                ) from None
            raise fail(
                f"`{key}` must be {expected}, not {shown(value)}", hint=f"write e.g. `{example}`", key=key
            ) from None
        command, url = entry.command, entry.url
        if bool(command) == bool(url):
            raise fail(
                "needs exactly one of `command` and `url`",
                hint="a hook is either a command (event JSON on stdin) or a webhook; split it into two entries",
            )
        for pattern in entry.events:
            problem = _event_problem(pattern)
            if problem is not None:
                raise fail(problem, hint=_event_hint(pattern), key="events")
        if url and not url.startswith(("https://", "http://")):
            raise fail(
                f"`url` must be an http(s) URL, not {url!r}", hint="e.g. `url: https://example.org/hooks`", key="url"
            )
        secret_env = entry.secret_env
        if url and not secret_env:
            raise fail(
                "a webhook needs `secret_env`, the environment variable holding its whsec_ secret",
                hint="add e.g. `secret_env: NOTICES_WEBHOOK_SECRET`; never write the secret in mkdocs.yml",
            )
        if command and base is not None:
            cannot = _command_problem(command, base)
            if cannot is not None:
                raise fail(cannot[0], hint=cannot[1], key="command")
        hooks.append(
            Hook(
                name=entry.name or (f"command:{command}" if command else f"url:{url}"),
                events=tuple(entry.events),
                command=command or None,
                url=url or None,
                secret_env=secret_env or None,
                timeout=entry.timeout,
                retries=entry.retries,
                backoff=entry.backoff,
            )
        )
    return hooks


def _entry_error(at: Locate, index: int, what: str, hint: str | None = None, key: str | None = None) -> ConfigError:
    path, line = at(("hooks", index, key) if key else ("hooks", index))
    label = f"`hooks` entry {index + 1}"
    text = f"{label} {what}" if what.startswith(("must ", "needs ")) else f"{label}: {what}"
    return ConfigError(text, path=path, line=line, hint=hint)


def _event_problem(pattern: str) -> str | None:
    """An entry that can never match would silently deliver nothing: say so instead."""
    if any(fnmatch.fnmatchcase(kind, pattern) for kind in EVENT_TYPES):
        return None
    return f"`events` names `{pattern}`, which is no event type"


def _event_hint(pattern: str) -> str:
    close = difflib.get_close_matches(pattern, EVENT_TYPES, n=1)
    known = "event types: " + ", ".join(EVENT_TYPES) + ', or "*" for all'
    return f"did you mean `{close[0]}`? " + known if close else known


def _command_problem(command: str, base: Path) -> tuple[str, str] | None:
    """A command hook that cannot start fails only at delivery, after the merge; catch it in the PR."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return f"`command` cannot be split into words ({exc})", "check the quotes in the command line"
    if not argv:
        return "`command` is empty", "write the program to run, e.g. `command: hooks/email-users.py`"
    program = argv[0]
    if "/" not in program and os.sep not in program:
        if shutil.which(program) is None:
            return (
                f"`command` runs `{program}`, which is not on PATH",
                f"install {program}, or give the path of a script in the repository, e.g. `hooks/{program}`",
            )
        return None
    file = base / program
    if not file.is_file():
        return (
            f"`command` runs {program}, which does not exist",
            f"add the script at {program} (relative to mkdocs.yml), or fix the path",
        )
    if not os.access(file, os.X_OK):
        return (
            f"`command` runs {program}, which is not executable",
            f"run `chmod +x {program}` and commit it (`git update-index --chmod=+x {program}`), "
            f"or run it through its interpreter, e.g. `command: python3 {program}`",
        )
    return None


def require_site_url(hooks: Sequence[object], url: str, where: tuple[str, int | None]) -> None:
    """Hooks send links to users; without ``site_url`` they are relative (``privacy/1/``) and dead.

    ``where`` is the (file, line) of the ``hooks`` option, the line that makes the URL needed.
    """
    if hooks and not url.strip():
        raise ConfigError(
            "`hooks` are configured but `site_url` is not set, so every event would link to a relative URL "
            "such as privacy/1/, which no e-mail or app can open",
            path=where[0],
            line=where[1],
            hint="set `site_url:` in mkdocs.yml to the address the site is deployed at, "
            "e.g. `site_url: https://notices.example.org/`",
        )
