"""Deliver what the outbox owes to the hooks: each (event, hook) once, with bounded concurrency.

The outbox (``outbox.Outbox``; by default ``<cache_dir>/deliveries.json``, outside
the built site, which ``mkdocs build`` wipes) holds the events owed and records each
(event, hook) delivered, so a rerun delivers only what is missing and a run that
fails can simply run again. The whole read-deliver-record holds the outbox's lock,
so two runs at once never deliver one event twice. If the outbox is lost,
receivers still deduplicate on ``webhook-id`` (the stable event id).

Deliveries run in a pool of ``WORKERS`` threads, one (hook, notice) at a time per
thread: the events of one notice reach a hook in the order they were queued, and
after one of them fails the rest of that notice wait for the next run (so the
order holds then too). A webhook whose receiver does not answer at all holds back
its remaining events for this run instead of making each of them wait out its
retries; all are listed as undelivered and the step fails.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from notices.publish.delivery import deliver, redact, secrets
from notices.publish.hooks import Hook
from notices.publish.outbox import Outbox

__all__ = ["WORKERS", "describe", "notify"]

WORKERS = 8
"""Deliveries at once. Enough that a slow or down receiver does not serialise a release's
events; few enough not to flood a small receiver (which can answer 429 with Retry-After)."""


def describe(event: dict[str, Any]) -> str:
    """One line per event, as the PR check and the notify log show it."""
    version = f"version {event['version']}" + (f" revision {event['revision']}" if event.get("revision") else "")
    what = f"{event['type']} {event['notice']} {version} (effective {event['effective']})"
    successor = event.get("superseded_by")
    if event["type"] == "notice.superseded" and isinstance(successor, dict):
        what += f": superseded by {successor.get('notice')}"
        what += f" version {successor['version']}" if successor.get("version") else ""
    elif event["type"] == "notice.withdrawn":
        what += ": withdrawn, no notice replaces it"
    elif event["type"] == "material.changed":
        what += f": {event['element']}"
    elif event.get("elements"):
        what += ": " + ", ".join(event["elements"])
    if event["type"] == "purpose.changed" and (event["purposes"]["added"] or event["purposes"]["removed"]):
        what += f" [purposes +{event['purposes']['added']} -{event['purposes']['removed']}]"
    return what


def notify(
    events: list[dict[str, Any]],
    hooks: list[Hook],
    outbox: Outbox,
    cwd: Path,
    echo: Callable[[str], None],
    dry_run: bool = False,
) -> list[str]:
    """Queue ``events`` (the new ones) and deliver all the outbox owes; returns what is undelivered.

    A dry run queues in memory only and prints what would be sent.
    """
    hidden = secrets(hooks)
    hide = frozenset(h.secret_env for h in hooks if h.secret_env)
    speak = threading.Lock()

    def say(text: str) -> None:
        with speak:
            echo(redact(text, hidden))

    outbox.queue(events, hooks, keep=not dry_run)
    pairs, orphans = outbox.owed(hooks)
    for event, name in orphans:
        say(
            f"warning: not sent: {event['id']} {describe(event)} is owed to {name}, which mkdocs.yml no longer "
            "has (or no longer sends this event type to); restore it, or give the new hook `name: "
            f"{name}` to send it there"
        )
    if dry_run:
        for event, hook in pairs:
            say(f"would send {event['id']} {describe(event)} -> {hook.name}")
        return []
    groups: dict[tuple[str, str], list[tuple[int, dict[str, Any], Hook]]] = {}
    for index, (event, hook) in enumerate(pairs):
        groups.setdefault((hook.name, event["notice"]), []).append((index, event, hook))
    failures: list[tuple[int, str]] = []
    down: set[str] = set()

    def fail(index: int, event: dict[str, Any], hook: Hook, why: str) -> None:
        what = f"{event['id']} {event['type']} {event['notice']} {event['version']}"
        with speak:
            failures.append((index, redact(f"{what} -> {hook.name}: {why}", hidden)))

    def run(group: list[tuple[int, dict[str, Any], Hook]]) -> None:
        for position, (index, event, hook) in enumerate(group):
            if stop.is_set():
                return  # interrupted: what is not recorded stays owed
            if hook.name in down:
                for later, event, hook in group[position:]:
                    fail(later, event, hook, "not attempted: the receiver did not answer an earlier event in this run")
                return
            outcome = deliver(hook, event, cwd, hide)
            if outcome.delivered:
                outbox.record(event["id"], hook.name)
                say(f"delivered {event['id']} {describe(event)} -> {hook.name} ({outcome.detail})")
                continue
            fail(index, event, hook, outcome.detail)
            if not outcome.answered:
                down.add(hook.name)
            for later, event, hook in group[position + 1 :]:
                fail(
                    later,
                    event,
                    hook,
                    f"held back: an earlier event of {event['notice']} to this hook is "
                    "undelivered, and each notice's events are delivered in order",
                )
            return

    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(groups))))
    try:
        for done in [pool.submit(run, group) for group in groups.values()]:
            done.result()  # a NoticesError (the outbox cannot be written) reaches the CLI
    except BaseException:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return [text for _, text in sorted(failures)]
