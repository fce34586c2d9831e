"""Notification hooks from ``mkdocs.yml``: commands and Standard Webhooks.

A command gets the event JSON on stdin; exit 0 means delivered. A webhook is an
HTTP POST signed per Standard Webhooks (``webhook-id`` = event id, so receivers
can deduplicate; ``webhook-signature`` = ``v1,`` + base64 HMAC-SHA256 of
``id.timestamp.body`` with the ``whsec_`` secret named by ``secret_env``). Transient
failures (connection errors, timeouts, 429, 5xx) are retried with exponential
backoff and jitter, honouring ``Retry-After``; other 4xx are final.

``timeout`` is a deadline for a whole attempt, not for each read: a receiver that
trickles a byte a second, or a command whose child keeps running, is stopped when
it is up (a command with everything it started, so nothing it spawned delivers
after the attempt counted as failed).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import difflib
import fnmatch
import functools
import hashlib
import hmac
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError, shown
from .events import EVENT_TYPES

__all__ = [
    "Hook",
    "Locate",
    "Outcome",
    "deliver",
    "parse_hooks",
    "redact",
    "require_site_url",
    "secret_key",
    "secrets",
    "sign",
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


@dataclass(frozen=True, slots=True)
class Outcome:
    delivered: bool
    detail: str
    attempts: int = 1
    answered: bool = True
    """False when a webhook's receiver never answered (down, unreachable, too slow): the next
    event to it would only wait as long again, so the rest of the run holds them back."""


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


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret; ValueError (never naming the secret) when it is not one."""
    text = secret.strip().removeprefix("whsec_")
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None
    if not key:
        raise ValueError("empty")
    return key


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks signature (a test checks it with the ``standardwebhooks`` package)."""
    key = secret_key(secret)
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, to_sign, hashlib.sha256).digest()).decode()


def _body(event: dict[str, Any]) -> bytes:
    return json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def secrets(hooks: list[Hook]) -> list[str]:
    """Every webhook secret the hooks name that is set: what no output may show."""
    found: list[str] = []
    for hook in hooks:
        value = os.environ.get(hook.secret_env or "") if hook.secret_env else None
        if value:
            found += [value.strip(), value.strip().removeprefix("whsec_")]
    return sorted({s for s in found if len(s) >= 8}, key=len, reverse=True)  # shorter would redact words


def redact(text: str, hidden: list[str]) -> str:
    """``text`` with every secret replaced, so an echoed stderr or error cannot leak one."""
    for secret in hidden:
        text = text.replace(secret, "[secret]")
    return text


def _run_command(hook: Hook, event: dict[str, Any], cwd: Path, hide: frozenset[str] = frozenset()) -> Outcome:
    assert hook.command is not None
    argv = shlex.split(hook.command)
    first = cwd / argv[0]
    if first.exists():
        argv[0] = str(first)
    # A command never sees the webhook secrets of other hooks.
    env = {k: v for k, v in os.environ.items() if k not in hide or k == hook.secret_env}
    try:
        # its own process group, so a timeout stops what it started too (a mailer it spawned)
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        return Outcome(False, f"could not run: {exc.strerror or exc}")
    try:
        _, stderr = process.communicate(_body(event), timeout=hook.timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        return Outcome(False, f"timed out after {hook.timeout:g} s and was stopped")
    except BaseException:
        _stop(process)
        raise
    if process.returncode != 0:
        tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        return Outcome(False, f"exited with {process.returncode}: {tail[0][:200]}")
    return Outcome(True, "exit 0")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the command's whole process group, then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # a grandchild left the group and kept the pipes
        pass


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


async def _send(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Any:
    import httpx

    async with httpx.AsyncClient(timeout=timeout) as client:
        return await client.post(url, content=body, headers=headers)


def _attempt(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Any:
    """One POST that ends by ``timeout`` whatever the receiver does: httpx's timeouts are per read,
    so the whole request runs under one deadline (cancelling it closes the connection)."""
    return asyncio.run(asyncio.wait_for(_send(url, body, headers, timeout), timeout))


def _post(hook: Hook, event: dict[str, Any]) -> Outcome:
    import httpx

    assert hook.url is not None and hook.secret_env is not None
    secret = os.environ.get(hook.secret_env)
    if not secret:
        return Outcome(False, f"environment variable {hook.secret_env} (the webhook secret) is not set", 0)
    try:
        secret_key(secret)
    except ValueError:
        return Outcome(
            False,
            f"environment variable {hook.secret_env} does not hold a Standard Webhooks secret "
            "(`whsec_` followed by base64); copy the secret exactly as the receiver issued it",
            0,
        )
    body = _body(event)
    detail = ""
    attempts = 0
    answered = False
    for attempt in range(hook.retries + 1):
        attempts = attempt + 1
        stamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": event["id"],
            "webhook-timestamp": str(stamp),
            "webhook-signature": sign(secret, event["id"], stamp, body),
            "user-agent": "notices",
        }
        wait: float | None = None
        try:
            response = _attempt(hook.url, body, headers, hook.timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            detail = f"no answer within {hook.timeout:g} s"
            answered = False
        except httpx.TransportError as exc:
            detail = f"connection failed ({type(exc).__name__})"
            answered = False
        else:
            answered = True
            if 200 <= response.status_code < 300:
                return Outcome(True, f"HTTP {response.status_code}", attempts)
            detail = f"HTTP {response.status_code}"
            if response.status_code != 429 and response.status_code < 500:
                return Outcome(False, detail + " (not retried: the receiver refused it)", attempts)
            wait = _retry_after(response.headers.get("retry-after"))
        if attempt < hook.retries:
            delay = wait if wait is not None else hook.backoff * (2**attempt) * (0.5 + random.random() / 2)
            time.sleep(min(delay, 300.0))
    return Outcome(False, detail + f" after {attempts} attempts", attempts, answered=answered)


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


def deliver(hook: Hook, event: dict[str, Any], cwd: Path, hide: frozenset[str] = frozenset()) -> Outcome:
    """Send one event; ``hide`` names the secret variables a command must not inherit."""
    return _run_command(hook, event, cwd, hide) if hook.command else _post(hook, event)
