"""Write every version, revision and redirect page of every notice into the site."""

from __future__ import annotations

import hashlib
import json
import os
from html import escape
from pathlib import Path

from ..model import Notice, NoticeSet
from ..progress import Progress
from .api import API, api_index
from .assets import static_file
from .feeds import site_feed
from .outputs import OutputStore, Recorder
from .producer import Producer
from .schema import SCHEMA
from .shell import Shell
from .urls import notice_dir, relative, revision_dir, version_dir

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
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        out = open(tmp, "wb")  # noqa: SIM115 - a folder per page: create it only when missing
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = open(tmp, "wb")  # noqa: SIM115
    with out:
        out.write(raw)
    os.replace(tmp, target)


def _write(site_dir: Path, folder: str, html: str, written: list[str]) -> None:
    write_file(site_dir, folder + "index.html", html)
    written.append(folder)


def write_pages(
    notices: NoticeSet,
    site_dir: Path,
    shells: dict[str, Shell],
    producer: Producer,
    site_url: str = "",
    site_name: str = "",
    progress: Progress | None = None,
) -> list[str]:
    """Write pages for every notice; ``shells`` maps notice ids to their built page.

    A notice without a built page (its file was deleted after it was superseded)
    borrows its successor's page, or any notice's, so it keeps the site's look.
    An unchanged notice's files are linked from the cache instead of written.
    Returns the folders written, so adapters can report or verify them.
    """
    written: list[str] = []
    store = OutputStore(producer.cache.root if producer.cache.persistent else None)
    any_shell = next(iter(shells.values()), None)
    for notice in notices:
        shell = shells.get(notice.id) or shells.get(notice.superseded_by or "") or any_shell
        key = _output_key(producer.keys[notice.id], shell, notice.id in shells)
        folders = store.link_into(notice.id, key, site_dir)
        if folders is None:
            recorder = Recorder()
            _write_notice(notice.id, site_dir, shell, notice.id not in shells, producer, recorder)
            store.save(notice.id, key, site_dir, recorder)
            folders = recorder.folders
        written += folders
        if shell is not None:
            for alias in notice.aliases:
                _write_redirects(notice, alias, site_dir, written)
        if progress is not None:
            progress.advance()
    producer.all_changes()
    write_file(site_dir, "feed.xml", site_feed(notices, site_url, site_name))
    write_file(site_dir, "embed/notice.js", static_file("privacy-notice.js"))
    write_file(site_dir, *api_index(notices, site_url))
    write_file(site_dir, API + "schema.json", json.dumps(SCHEMA, indent=1) + "\n")
    return written


def _output_key(notice_key: str, shell: Shell | None, own: bool) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{notice_key}\0{own}\0".encode())
    if shell is not None:
        h.update(f"{shell.page}\0{shell.title}\0{shell.html}".encode())
    return h.hexdigest()


def _write_notice(
    notice_id: str, site_dir: Path, shell: Shell | None, borrowed: bool, producer: Producer, recorder: Recorder
) -> None:
    def put(path: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        write_file(site_dir, path, raw)
        recorder.add(path, raw)

    head = producer.head(notice_id)
    pages, files = producer.body(notice_id)
    if shell is not None:
        for page in [head.current, *pages] if borrowed else pages:
            put(page.folder + "index.html", shell.fill(page.folder, page.html, page.title, page.toc))
            recorder.folders.append(page.folder)
    for path, data in files:
        put(path, data)


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
