"""Deliver events to hooks, exactly once, with a log that survives partial failures.

The log (default ``<cache_dir>/deliveries.json``, outside the built site, which
``mkdocs build`` wipes) records each (event, hook) delivered. A rerun delivers
only what is missing, so after a failure the step can simply run again. If the
log is lost, receivers still deduplicate on ``webhook-id`` (the stable event id).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, StrictStr, ValidationError

from .errors import NoticesError
from .hooks import Hook, deliver, redact, secrets

__all__ = ["DeliveryLog", "notify"]


class DeliveryLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.delivered: dict[str, dict[str, str]] = {}
        if path.is_dir():
            raise NoticesError(
                "the delivery log is a folder, not a file",
                path=str(path),
                hint="remove or rename what is there, or pass another file with --deliveries",
            )
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.delivered = _Log.model_validate(data).delivered
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                why = _why(exc)
                raise NoticesError(
                    f"the delivery log is damaged ({why})",
                    path=str(path),
                    hint="move it aside and rerun: receivers deduplicate on webhook-id, commands should too",
                ) from None

    def done(self, event_id: str, hook: str) -> bool:
        return hook in self.delivered.get(event_id, {})

    def record(self, event_id: str, hook: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        self.delivered.setdefault(event_id, {})[hook] = now
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"delivered": self.delivered}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            raise NoticesError(
                f"cannot write the delivery log ({exc.strerror or exc}); event {event_id} was delivered to {hook}",
                path=str(self.path),
                hint="make the folder writable or pass another file with --deliveries; a rerun may deliver that "
                "event again (receivers deduplicate on webhook-id)",
            ) from None


class _Log(BaseModel):
    """``{"delivered": {event id: {hook name: when}}}``, as ``record`` writes it."""

    delivered: dict[str, dict[str, StrictStr]]


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


def describe(event: dict[str, Any]) -> str:
    what = f"{event['type']} {event['notice']} version {event['version']} (effective {event['effective']})"
    if event["type"] == "material.changed":
        what += f": {event['element']}"
    elif event.get("elements"):
        what += ": " + ", ".join(event["elements"])
    if event["type"] == "purpose.changed" and (event["purposes"]["added"] or event["purposes"]["removed"]):
        what += f" [purposes +{event['purposes']['added']} -{event['purposes']['removed']}]"
    return what


def notify(
    events: list[dict[str, Any]],
    hooks: list[Hook],
    log: DeliveryLog,
    cwd: Path,
    echo: Callable[[str], None],
    dry_run: bool = False,
) -> list[str]:
    """Deliver what is missing; returns the failures (empty when all is delivered)."""
    failures: list[str] = []
    hidden = secrets(hooks)
    hide = frozenset(h.secret_env for h in hooks if h.secret_env)

    def say(text: str) -> None:
        echo(redact(text, hidden))

    for event in events:
        targets = [h for h in hooks if h.wants(event["type"])]
        for hook in targets:
            if log.done(event["id"], hook.name):
                continue
            if dry_run:
                say(f"would send {event['id']} {describe(event)} -> {hook.name}")
                continue
            outcome = deliver(hook, event, cwd, hide)
            if outcome.delivered:
                log.record(event["id"], hook.name)
                say(f"delivered {event['id']} {describe(event)} -> {hook.name} ({outcome.detail})")
            else:
                what = f"{event['id']} {event['type']} {event['notice']} {event['version']}"
                failures.append(redact(f"{what} -> {hook.name}: {outcome.detail}", hidden))
    return failures
