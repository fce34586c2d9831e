"""Write every version, revision and redirect page of every notice into the site."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from ..model import Notice, NoticeSet
from .fragments import current_content, rendered_body, revision_content, version_content
from .shell import Shell
from .urls import notice_dir, relative, revision_dir, version_dir

__all__ = ["redirect_page", "write_pages"]


def redirect_page(target: str, page: str) -> str:
    """A static redirect that works without a server and names where the text went."""
    link = escape(relative(target, page))
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>Moved</title><meta http-equiv="refresh" content="0; url={link}">'
        f'<link rel="canonical" href="{link}"><meta name="robots" content="noindex"></head>'
        f'<body><p>This notice has moved to <a href="{link}">{link}</a>.</p></body></html>\n'
    )


def _write(site_dir: Path, folder: str, html: str, written: list[str]) -> None:
    path = site_dir / folder / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".index.html.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    written.append(folder)


def write_pages(
    notices: NoticeSet,
    site_dir: Path,
    shells: dict[str, Shell],
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
        for alias in notice.aliases:
            _write_redirects(notice, alias, site_dir, written)
    return written


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
