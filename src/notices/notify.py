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

from .errors import NoticesError
from .hooks import Hook, deliver

__all__ = ["DeliveryLog", "notify"]


class DeliveryLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.delivered: dict[str, dict[str, str]] = {}
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.delivered = {str(k): dict(v) for k, v in data.get("delivered", {}).items()}
            except (ValueError, AttributeError) as exc:
                raise NoticesError(
                    f"the delivery log is damaged ({exc})",
                    path=str(path),
                    hint="move it aside and rerun: receivers deduplicate on webhook-id, commands should too",
                ) from None

    def done(self, event_id: str, hook: str) -> bool:
        return hook in self.delivered.get(event_id, {})

    def record(self, event_id: str, hook: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        self.delivered.setdefault(event_id, {})[hook] = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"delivered": self.delivered}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self.path)


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
    for event in events:
        targets = [h for h in hooks if h.wants(event["type"])]
        for hook in targets:
            if log.done(event["id"], hook.name):
                continue
            if dry_run:
                echo(f"would send {event['id']} {describe(event)} -> {hook.name}")
                continue
            outcome = deliver(hook, event, cwd)
            if outcome.delivered:
                log.record(event["id"], hook.name)
                echo(f"delivered {event['id']} {describe(event)} -> {hook.name} ({outcome.detail})")
            else:
                what = f"{event['id']} {event['type']} {event['notice']} {event['version']}"
                failures.append(f"{what} -> {hook.name}: {outcome.detail}")
    return failures
