"""Write every version, revision and redirect page of every notice into the site."""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path

from ..model import Notice, NoticeSet
from .api import API, api_files
from .assets import static_file
from .changepages import changelog_content, diff_content
from .compare import compare_content, compare_files
from .embed import embed_dir, embed_page
from .feeds import notice_feed, site_feed
from .fragments import current_content, rendered_body, revision_content, version_content
from .schema import SCHEMA
from .shell import Shell
from .urls import changelog_dir, compare_dir, diff_dir, notice_dir, relative, revision_dir, version_dir

__all__ = ["redirect_page", "write_file", "write_pages"]


def redirect_page(target: str, page: str) -> str:
    """A static redirect that works without a server and names where the text went."""
    link = escape(relative(target, page))
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>Moved</title><meta http-equiv="refresh" content="0; url={link}">'
        f'<link rel="canonical" href="{link}"><meta name="robots" content="noindex"></head>'
        f'<body><p>This notice has moved to <a href="{link}">{link}</a>.</p></body></html>\n'
    )


def write_file(site_dir: Path, path: str, data: bytes | str) -> None:
    """Atomically, so a reader (or a concurrent build) never sees half a file."""
    target = site_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    tmp.replace(target)


def _write(site_dir: Path, folder: str, html: str, written: list[str]) -> None:
    write_file(site_dir, folder + "index.html", html)
    written.append(folder)


def write_pages(
    notices: NoticeSet,
    site_dir: Path,
    shells: dict[str, Shell],
    site_url: str = "",
    site_name: str = "",
) -> list[str]:
    """Write pages for every notice; ``shells`` maps notice ids to their built page.

    A notice without a built page (its file was deleted after it was superseded)
    borrows its successor's page, or any notice's, so it keeps the site's look.
    Returns the folders written, so adapters can report or verify them.
    """
    written: list[str] = []
    any_shell = next(iter(shells.values()), None)
    for notice in notices:
        shell = shells.get(notice.id) or shells.get(notice.superseded_by or "") or any_shell
        if shell is None:
            continue
        if notice.id not in shells:
            folder = notice_dir(notice.id)
            rendered = rendered_body(notice, notice.in_force(notices.today).latest, folder)
            _write(
                site_dir,
                folder,
                shell.fill(folder, current_content(notices, notice), notice.title, rendered.headings),
                written,
            )
        _write_versions(notices, notice, site_dir, shell, written)
        _write_changes(notices, notice, site_dir, shell, written)
        write_file(site_dir, f"{notice.id}/feed.xml", notice_feed(notices, notice, site_url, site_name))
        for alias in notice.aliases:
            _write_redirects(notice, alias, site_dir, written)
    write_file(site_dir, "feed.xml", site_feed(notices, site_url, site_name))
    for notice in notices:
        write_file(site_dir, embed_dir(notice.id) + "index.html", embed_page(notices, notice))
    write_file(site_dir, "embed/notice.js", static_file("privacy-notice.js"))
    for path, data in api_files(notices, site_url):
        write_file(site_dir, path, data)
    write_file(site_dir, API + "schema.json", json.dumps(SCHEMA, indent=1) + "\n")
    return written


def _write_changes(notices: NoticeSet, notice: Notice, site_dir: Path, shell: Shell, written: list[str]) -> None:
    for version in notice.versions:
        if notice.previous_of(version) is None:
            continue
        folder = diff_dir(notice.id, version.label)
        html, toc = diff_content(notices, notice, version)
        title = f"{version.title}: changes in version {version.label}"
        _write(site_dir, folder, shell.fill(folder, html, title, toc), written)
    folder = changelog_dir(notice.id)
    html, toc = changelog_content(notices, notice)
    _write(site_dir, folder, shell.fill(folder, html, f"{notice.title}: change log", toc), written)
    folder = compare_dir(notice.id)
    html = compare_content(notices, notice)
    _write(site_dir, folder, shell.fill(folder, html, f"{notice.title}: compare versions", ()), written)
    for name, data in compare_files(notice).items():
        write_file(site_dir, folder + name, data)


def _write_versions(notices: NoticeSet, notice: Notice, site_dir: Path, shell: Shell, written: list[str]) -> None:
    for version in notice.versions:
        folder = version_dir(notice.id, version.label)
        headings = rendered_body(notice, version.latest, folder).headings
        title = f"{version.title} (version {version.label})"
        _write(
            site_dir, folder, shell.fill(folder, version_content(notices, notice, version), title, headings), written
        )
        if len(version.revisions) < 2:
            continue
        for revision in version.revisions:
            folder = revision_dir(notice.id, version.label, revision.number)
            page = revision_content(notices, notice, version, revision)
            title = f"{revision.meta.title} (version {version.label}, revision {revision.number})"
            _write(
                site_dir,
                folder,
                shell.fill(folder, page, title, rendered_body(notice, revision, folder).headings),
                written,
            )


def _write_redirects(notice: Notice, alias: str, site_dir: Path, written: list[str]) -> None:
    pairs = [(notice_dir(alias), notice_dir(notice.id))]
    for version in notice.versions:
        pairs.append((version_dir(alias, version.label), version_dir(notice.id, version.label)))
        if len(version.revisions) > 1:
            for revision in version.revisions:
                pairs.append(
                    (
                        revision_dir(alias, version.label, revision.number),
                        revision_dir(notice.id, version.label, revision.number),
                    )
                )
    for old, new in pairs:
        if (site_dir / old / "index.html").exists() and old not in written:
            continue  # a page of another notice now lives at this address
        _write(site_dir, old, redirect_page(new, old), written)
