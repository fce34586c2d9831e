"""``notices`` command line: argv to core calls, and the one place errors are printed."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import NoticesError
from .history import load_notices
from .model import NoticeSet
from .siteconfig import load_options

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _annotate(level: str, text: str, path: str | None = None, line: int | None = None) -> None:
    """GitHub annotations, so a PR shows the problem on the line that has it."""
    where = ",".join(p for p in (f"file={path}" if path else "", f"line={line}" if line else "") if p)
    click.echo(f"::{level} {where}::{text}" if where else f"::{level}::{text}")


def _edge(func: F) -> F:
    """Render NoticesError once: ``error: file:line: what — how to fix``; exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NoticesError as exc:
            if os.environ.get("NOTICES_DEBUG"):
                raise
            if os.environ.get("GITHUB_ACTIONS"):
                _annotate("error", exc.message + (f" — {exc.hint}" if exc.hint else ""), exc.path, exc.line)
            click.echo(f"error: {exc.render()}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _load(config: Path | None) -> NoticeSet:
    options, _ = load_options(config)
    return load_notices(options)


@click.group()
@click.version_option(package_name="notices")
def main() -> None:
    """Publish privacy notices from Git: every version at a permanent URL.

    Set NOTICES_DEBUG=1 to see a traceback instead of the one-line error.
    """


_config = click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path),
    default=None,
    help="Path to mkdocs.yml (default: ./mkdocs.yml).",
)


@main.command()
@_config
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@_edge
def check(config: Path | None, strict: bool) -> None:
    """Validate every notice, its front matter and its history (for a PR check)."""
    notices = _load(config)
    for warning in notices.warnings:
        if os.environ.get("GITHUB_ACTIONS"):
            _annotate("warning", warning)
        click.echo(f"warning: {warning}", err=True)
    count = sum(len(n.versions) for n in notices)
    click.echo(
        f"{len(notices.notices)} notices, {count} versions: ok" + (" (with warnings)" if notices.warnings else "")
    )
    if strict and notices.warnings:
        click.echo(f"error: {len(notices.warnings)} warnings and --strict is set", err=True)
        sys.exit(1)


@main.command(name="list")
@_config
@click.argument("notice_id", required=False)
@_edge
def list_versions(config: Path | None, notice_id: str | None) -> None:
    """List notices, or the versions and revisions of one notice."""
    notices = _load(config)
    if notice_id is None:
        for notice in notices:
            current = notice.in_force(notices.today)
            state = f" superseded by {notice.superseded_by}" if notice.superseded_by else ""
            click.echo(f"{notice.id}\t{len(notice.versions)} versions\tcurrent {current.label}{state}")
        return
    notice = notices.get(notice_id)
    if notice is None:
        raise NoticesError(f"no notice `{notice_id}`", hint="known: " + ", ".join(notices.notices) or "none")
    in_force = notice.in_force(notices.today)
    for version in notice.versions:
        flag = "current" if version is in_force else "upcoming" if version.effective > notices.today else ""
        click.echo(f"{version.label}\t{version.effective}\t{flag}")
        for revision in version.revisions:
            source = revision.source
            where = source.commit[:12] if source.commit else source.kind
            click.echo(f"  r{revision.number}\t{revision.published:%Y-%m-%d}\t{where}\t{revision.sha256[:12]}")
