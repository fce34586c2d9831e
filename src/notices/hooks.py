"""Notification hooks from ``mkdocs.yml``: commands and Standard Webhooks.

A command gets the event JSON on stdin; exit 0 means delivered. A webhook is an
HTTP POST signed per Standard Webhooks (``webhook-id`` = event id, so receivers
can deduplicate; ``webhook-signature`` = ``v1,`` + base64 HMAC-SHA256 of
``id.timestamp.body`` with the ``whsec_`` secret named by ``secret_env``). Transient
failures (connection errors, timeouts, 429, 5xx) are retried with exponential
backoff and jitter, honouring ``Retry-After``; other 4xx are final.
"""

from __future__ import annotations

import base64
import difflib
import fnmatch
import hashlib
import hmac
import json
import os
import random
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Hook", "Outcome", "deliver", "parse_hooks", "sign"]

_KEYS = {"command", "url", "events", "secret_env", "timeout", "retries", "backoff", "name"}


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


def parse_hooks(raw: Any, where: str = "mkdocs.yml") -> list[Hook]:
    """Validate the ``hooks`` option: every mistake named with its fix."""
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        raise ConfigError("`hooks` must be a list", path=where, hint="see the README, section Hooks")
    hooks: list[Hook] = []
    for index, item in enumerate(raw, start=1):
        label = f"`hooks` entry {index}"
        if not isinstance(item, dict):
            raise ConfigError(f"{label} must be a mapping with `command` or `url`", path=where)
        for key in item:
            if key not in _KEYS:
                close = difflib.get_close_matches(str(key), sorted(_KEYS), n=1)
                raise ConfigError(
                    f"{label}: unknown key `{key}`",
                    path=where,
                    hint=f"did you mean `{close[0]}`?" if close else "keys: " + ", ".join(sorted(_KEYS)),
                )
        command, url = item.get("command"), item.get("url")
        if bool(command) == bool(url):
            raise ConfigError(f"{label} needs exactly one of `command` and `url`", path=where)
        events = item.get("events", ["*"])
        if isinstance(events, str):
            events = [events]
        if url and not str(url).startswith(("https://", "http://")):
            raise ConfigError(f"{label}: `url` must be an http(s) URL", path=where)
        secret_env = item.get("secret_env")
        if url and not secret_env:
            raise ConfigError(
                f"{label}: a webhook needs `secret_env`, the environment variable holding its whsec_ secret",
                path=where,
                hint="add e.g. `secret_env: NOTICES_WEBHOOK_SECRET`; never write the secret in mkdocs.yml",
            )
        hooks.append(
            Hook(
                name=str(item.get("name") or (f"command:{command}" if command else f"url:{url}")),
                events=tuple(str(e) for e in events),
                command=str(command) if command else None,
                url=str(url) if url else None,
                secret_env=str(secret_env) if secret_env else None,
                timeout=float(item.get("timeout", 30)),
                retries=int(item.get("retries", 5)),
                backoff=float(item.get("backoff", 1.0)),
            )
        )
    return hooks


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks signature (a test checks it with the ``standardwebhooks`` package)."""
    key = base64.b64decode(secret.removeprefix("whsec_") + "==")
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, to_sign, hashlib.sha256).digest()).decode()


def _body(event: dict[str, Any]) -> bytes:
    return json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _run_command(hook: Hook, event: dict[str, Any], cwd: Path) -> Outcome:
    assert hook.command is not None
    argv = shlex.split(hook.command)
    first = cwd / argv[0]
    if first.exists():
        argv[0] = str(first)
    try:
        done = subprocess.run(argv, input=_body(event), capture_output=True, timeout=hook.timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return Outcome(False, f"timed out after {hook.timeout:g} s and was stopped")
    except OSError as exc:
        return Outcome(False, f"could not run: {exc.strerror or exc}")
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        return Outcome(False, f"exited with {done.returncode}: {tail[0][:200]}")
    return Outcome(True, "exit 0")


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


def _post(hook: Hook, event: dict[str, Any]) -> Outcome:
    import httpx

    assert hook.url is not None and hook.secret_env is not None
    secret = os.environ.get(hook.secret_env)
    if not secret:
        return Outcome(False, f"environment variable {hook.secret_env} (the webhook secret) is not set", 0)
    body = _body(event)
    detail = ""
    attempts = 0
    with httpx.Client(timeout=hook.timeout) as client:
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
                response = client.post(hook.url, content=body, headers=headers)
            except httpx.TimeoutException:
                detail = f"no answer within {hook.timeout:g} s"
            except httpx.TransportError as exc:
                detail = f"connection failed ({type(exc).__name__})"
            else:
                if 200 <= response.status_code < 300:
                    return Outcome(True, f"HTTP {response.status_code}", attempts)
                detail = f"HTTP {response.status_code}"
                if response.status_code != 429 and response.status_code < 500:
                    return Outcome(False, detail + " (not retried: the receiver refused it)", attempts)
                wait = _retry_after(response.headers.get("retry-after"))
            if attempt < hook.retries:
                delay = wait if wait is not None else hook.backoff * (2**attempt) * (0.5 + random.random() / 2)
                time.sleep(min(delay, 300.0))
    return Outcome(False, detail + f" after {attempts} attempts", attempts)


def deliver(hook: Hook, event: dict[str, Any], cwd: Path) -> Outcome:
    return _run_command(hook, event, cwd) if hook.command else _post(hook, event)
