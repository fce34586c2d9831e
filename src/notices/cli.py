"""``notices`` command line: argv to core calls, and the one place errors are printed."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from notices.base.errors import NoticesError
from notices.base.model import Notice, NoticeSet, Version
from notices.build.into_site import build_site, missing_plugin_output
from notices.build.load import load_site
from notices.build.verify import verify_site
from notices.changes.assess import redline
from notices.changes.classify import Classifier
from notices.changes.completeness import missing_elements
from notices.changes.redline_text import printable, redline_lines
from notices.config.mkdocs_yml import find_config, load_options, read_config, site_name, site_url
from notices.publish.events import compute_events
from notices.publish.hooks import Hook, parse_hooks, require_site_url
from notices.publish.manifest import build_manifest, check_append_only, load_manifest, previous_from
from notices.publish.notify import notify as run_notify
from notices.publish.outbox import Outbox
from notices.reuse.cache import Cache
from notices.site.pdf import use_cache as use_pdf_cache

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _echo(message: str = "", err: bool = False) -> None:
    """Everything the CLI prints may quote a notice: never let its control characters reach the terminal."""
    click.echo(printable(message), err=err)


def _workflow_escape(text: str, prop: bool = False) -> str:
    """GitHub's workflow-command escaping: a newline in a title must not start a command of its own."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _annotate(level: str, text: str, path: str | None = None, line: int | None = None) -> None:
    """GitHub annotations, so a PR shows the problem on the line that has it."""
    props = (f"file={_workflow_escape(path, True)}" if path else "", f"line={line}" if line else "")
    where = ",".join(p for p in props if p)
    text = _workflow_escape(text)
    _echo(f"::{level} {where}::{text}" if where else f"::{level}::{text}")


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
            _echo(f"error: {exc.render()}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _notice(notices: NoticeSet, notice_id: str) -> Notice:
    notice = notices.get(notice_id)
    if notice is None:
        close = difflib.get_close_matches(notice_id, list(notices.notices), n=1)
        raise NoticesError(
            f"there is no notice `{notice_id}`",
            hint=(f"did you mean `{close[0]}`? " if close else "") + "notices: " + ", ".join(notices.notices),
        )
    return notice


def _version(notice: Notice, label: str) -> Version:
    try:
        return notice.version(label)
    except KeyError:
        raise NoticesError(
            f"`{notice.id}` has no version {label}",
            hint="versions: " + ", ".join(v.label for v in notice.versions),
        ) from None


def _load(config: Path | None) -> NoticeSet:
    options, _ = load_options(config)
    return load_site(options)


@click.group()
@click.version_option(package_name="mkdocs-privacy-notices", prog_name="notices")
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
@click.option("--previous", "previous", default=None, metavar="M", help="The last deployment's versions.json or URL.")
@click.option(
    "--site", type=click.Path(path_type=Path), default=None, help="Also check a built site for the plugin's output."
)
@_edge
def check(config: Path | None, strict: bool, previous: str | None, site: Path | None) -> None:
    """Everything a PR check needs: front matter, history, append-only, GDPR
    completeness (warnings) and the events the merge would fire (a dry run)."""
    options, enabled = load_options(config)
    if site is not None and enabled:
        problem = missing_plugin_output(site)
        if problem is not None:
            raise problem
    notices = load_site(options)
    hooks = parse_hooks(list(options.hooks), str(find_config(config)))
    _require_site_url(config, hooks)
    manifest = build_manifest(notices, site_url(config), notices.commit)
    before = previous_from(options.previous_manifest, previous)
    check_append_only(before, manifest)
    warnings = notices.warnings + missing_elements(notices, Classifier.from_option(options.elements))
    for warning in warnings:
        if os.environ.get("GITHUB_ACTIONS"):
            _annotate(
                "warning", dataclasses.replace(warning, path=None, line=None).render(), warning.path, warning.line
            )
        _echo(f"warning: {warning}", err=True)
    count = sum(len(n.versions) for n in notices)
    _echo(f"{len(notices.notices)} notices, {count} versions: ok" + (" (with warnings)" if warnings else ""))
    if before is not None:
        found = compute_events(before, manifest)
        _echo(f"on merge: {len(found)} events")
        run_notify(found, hooks, Outbox(None), Path.cwd(), _echo, dry_run=True)
    if strict and warnings:
        _echo(f"error: {len(warnings)} warnings and --strict is set", err=True)
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
            state = f" withdrawn on {notice.withdrawn_on}" if notice.withdrawn_on and not state else state
            _echo(f"{notice.id}\t{len(notice.versions)} versions\tcurrent {current.label}{state}")
        return
    notice = _notice(notices, notice_id)
    in_force = notice.in_force(notices.today)
    for version in notice.versions:
        flag = "current" if version is in_force else "upcoming" if version.effective > notices.today else ""
        _echo(f"{version.label}\t{version.effective}\t{flag}")
        for revision in version.revisions:
            source = revision.source
            where = source.commit[:12] if source.commit else source.kind
            _echo(f"  r{revision.number}\t{revision.published:%Y-%m-%d}\t{where}\t{revision.sha256[:12]}")


@main.command()
@_config
@click.argument("notice_id")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--color/--no-color", default=None, help="Colour (default: when writing to a terminal).")
@click.option("--context", is_flag=True, help="Show unchanged blocks too.")
@_edge
def diff(
    config: Path | None, notice_id: str, old: str | None, new: str | None, color: bool | None, context: bool
) -> None:
    """Redline between two versions of NOTICE_ID.

    With no versions: the newest version against the one before it. With OLD
    only: OLD against the newest. Plain output marks [-removed-] and {+added+}, and
    a link whose words stayed but whose target changed as words{~link changed, was URL~}.
    Each line starts with what happened to its block (~ changed, + added, - removed,
    < moved away, > moved here, | split, & joined, % reformatted); editorial edits are
    named in brackets after it.
    """
    notices = _load(config)
    notice = _notice(notices, notice_id)
    newest = notice.versions[-1]
    if old is None:
        target = newest
        base = notice.previous_of(newest)
        if base is None:
            raise NoticesError(f"`{notice.id}` has only one version; there is nothing to compare")
    else:
        base = _version(notice, old)
        target = _version(notice, new) if new is not None else newest
    colour = sys.stdout.isatty() if color is None else color
    change = notices.change(notice.id, target.label) if notice.previous_of(target) is base else None
    _echo(f"{notice.id}: version {base.label} ({base.effective}) -> version {target.label} ({target.effective})")
    if change is not None and change.changed_elements:
        _echo("changed: " + ", ".join(change.changed_elements) + (" (material)" if change.material else ""))
    lines = redline_lines(redline(base, target), context=context, colour=colour, sections=not context)
    click.echo("\n".join(lines) if lines else "no change in the text", color=colour)


_previous = click.option(
    "--previous",
    "previous",
    default=None,
    metavar="M",
    help="The last deployment's versions.json (path or URL), or `none`. Wins over NOTICES_PREVIOUS_MANIFEST, "
    "which wins over the plugin's previous_manifest option.",
)


def _site_manifest(site: Path) -> dict[str, Any]:
    problem = missing_plugin_output(site)
    if problem is not None:
        raise problem
    return load_manifest(str(site / "versions.json"), published=True)


def _require_site_url(config: Path | None, hooks: list[Hook]) -> None:
    """Hooks e-mail links; without ``site_url`` they would be relative and dead (error on the `hooks` line)."""
    if hooks:
        require_site_url(hooks, site_url(config), read_config(config).locator.option(("hooks",)))


def _events(
    config: Path | None, site: Path, previous: str | None, hooks: list[Hook] | None = None
) -> list[dict[str, Any]]:
    options, _ = load_options(config)
    before = previous_from(options.previous_manifest, previous)
    if before is None:
        raise NoticesError(
            "no previous manifest, so every version ever published would count as new",
            hint="pass --previous with the last deployment's versions.json, or `--previous none` for the first "
            "deployment (every version is then announced once)",
        )
    current = _site_manifest(site)
    if hooks and not str(current.get("site_url") or "").strip():
        raise NoticesError(
            "the site was built without `site_url`, so its events link to relative URLs (privacy/1/)",
            path=str(site / "versions.json"),
            hint="build it again now that mkdocs.yml sets `site_url`, then queue or notify",
        )
    return compute_events(before, current)


@main.command()
@_config
@click.option("--site", type=click.Path(path_type=Path), required=True, help="The built site folder.")
@_previous
@_edge
def events(config: Path | None, site: Path, previous: str | None) -> None:
    """Print the events the site publishes (JSON lines): now minus the previous deployment."""
    for event in _events(config, site, previous):
        line = json.dumps(event, ensure_ascii=False, sort_keys=True)  # escapes C0 controls, not C1
        click.echo(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", line))


_outbox = click.option(
    "--outbox",
    "--deliveries",
    "outbox",
    type=click.Path(path_type=Path),
    default=None,
    help="The outbox: events owed and what each hook received (default: <cache_dir>/deliveries.json). "
    "Keep it where a failed, cancelled or rerun job finds it.",
)


def _hooks(config: Path | None) -> tuple[list[Hook], Outbox]:
    options, _ = load_options(config)
    hooks = parse_hooks(list(options.hooks), str(find_config(config)))
    _require_site_url(config, hooks)
    return hooks, Outbox(options.cache_dir / "deliveries.json")


@main.command()
@_config
@click.option("--site", type=click.Path(path_type=Path), required=True, help="The built site folder.")
@_previous
@_outbox
@_edge
def queue(config: Path | None, site: Path, previous: str | None, outbox: Path | None) -> None:
    """Decide what users are owed, before deploying: add the site's new events to the outbox.

    Run it against the live site's manifest before the deploy and keep the outbox;
    `notices notify --outbox` then delivers it, however many runs that takes.
    """
    hooks, default = _hooks(config)
    box = Outbox(outbox) if outbox else default
    found = _events(config, site, previous, hooks)
    with box.locked(_echo):
        new = box.queue(found, hooks)
        pairs, _ = box.owed(hooks)
    _echo(
        f"{len(found)} events: {len(new)} queued, {len(found) - len(new)} already in the outbox; "
        f"{len(pairs)} deliveries owed"
    )


@main.command()
@_config
@click.option(
    "--site",
    type=click.Path(path_type=Path),
    default=None,
    help="The built site folder: its new events are queued first. Without it, only what the outbox owes is sent.",
)
@_previous
@click.option("--dry-run", is_flag=True, help="Show what would be sent to which hook; run nothing.")
@_outbox
@_edge
def notify(config: Path | None, site: Path | None, previous: str | None, dry_run: bool, outbox: Path | None) -> None:
    """Deliver what is owed to the hooks in mkdocs.yml, each (event, hook) exactly once."""
    hooks, default = _hooks(config)
    if site is None and previous is not None:
        raise NoticesError("--previous needs --site (the built site to compare with it)")
    found = _events(config, site, previous, hooks) if site is not None else []
    if not hooks:
        _echo(f"{len(found)} events; no hooks are configured in mkdocs.yml")
        return
    box = Outbox(outbox) if outbox else default
    cwd = find_config(config).parent.resolve()
    if dry_run:
        box.load()
        run_notify(found, hooks, box, cwd, _echo, dry_run=True)
        pairs, _ = box.owed(hooks)
        _echo(f"{len(found)} new events; {len(pairs)} deliveries owed (dry run)")
        return
    with box.locked(_echo):
        failures = run_notify(found, hooks, box, cwd, _echo)
        sent = sum(len(by) for by in box.delivered.values())
    if failures:
        for failure in failures:
            _echo(f"undelivered: {failure}", err=True)
        held = sum("held back:" in f or "not attempted:" in f for f in failures)
        raise NoticesError(
            f"{len(failures)} deliveries failed" + (f" ({held} of them held back)" if held else ""),
            path=str(box.path),
            hint="fix the hook or receiver and run `notices notify` again with this outbox; what was delivered "
            "is not sent twice",
        )
    _echo(f"{len(found)} new events; all delivered ({sent} deliveries recorded in {box.path})")


@main.command()
@_config
@click.argument("site")
@click.option(
    "--previous",
    "previous",
    default=None,
    metavar="SITE",
    help="The deployment this one replaces (folder or http(s):// URL): every file it published must still be there.",
)
@_edge
def verify(config: Path | None, site: str, previous: str | None) -> None:
    """Check a built site folder, or a deployed site (an http(s):// URL), against its file list, manifest and Git."""
    if "://" in site and not site.startswith(("http://", "https://")):
        raise NoticesError(f"cannot verify {site}", hint="pass a built site folder or an http(s):// URL")
    if "://" not in site and not Path(site).is_dir():
        raise NoticesError("the site folder does not exist", path=site, hint="pass the folder the build wrote")
    options = load_options(config)[0]
    notices = load_site(options)
    # PDFs are checked against Git like the API files: rendered again, or taken from the build's cache
    use_pdf_cache(Cache(options.cache_dir) if options.pdf and options.cache else None)
    before = None if previous is None else previous if "://" in previous else Path(previous)
    problems = verify_site(
        site if "://" in site else Path(site), notices, site_name(config), site_url(config), previous=before
    )
    for problem in problems:
        _echo(f"differs: {problem}", err=True)
    if problems:
        raise NoticesError(f"{len(problems)} differences from what the build wrote and Git says", path=site)
    _echo(f"{site}: every file the build wrote is there unchanged, and matches the manifest and Git")


@main.command()
@_config
@click.option("--site", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@_previous
@_edge
def build(config: Path | None, site: Path, previous: str | None) -> None:
    """Add versions, diffs, feeds, API and embeds to a site any generator built
    (Zensical, MkDocs without the plugin, or plain HTML)."""
    options, _ = load_options(config)
    written = build_site(options, site, site_url(config), site_name(config), previous)
    _echo(f"{site}: wrote {len(written)} notice pages, feeds, API files and versions.json")
