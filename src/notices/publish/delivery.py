"""Sending one event to one hook: a command, or a Standard Webhooks POST.

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
import hashlib
import hmac
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices.publish.hooks import Hook

__all__ = ["Outcome", "deliver", "redact", "secret_key", "secrets", "sign"]


@dataclass(frozen=True, slots=True)
class Outcome:
    delivered: bool
    detail: str
    attempts: int = 1
    answered: bool = True
    """False when a webhook's receiver never answered (down, unreachable, too slow): the next
    event to it would only wait as long again, so the rest of the run holds them back."""


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
    # The tool's own Python first on PATH: a `#!/usr/bin/env python3` hook can import
    # `notices` (e.g. `notices.publish.mail` for the e-mail's words) wherever the tool is installed.
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", os.defpath)])
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


def deliver(hook: Hook, event: dict[str, Any], cwd: Path, hide: frozenset[str] = frozenset()) -> Outcome:
    """Send one event; ``hide`` names the secret variables a command must not inherit."""
    return _run_command(hook, event, cwd, hide) if hook.command else _post(hook, event)
