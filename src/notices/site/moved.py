"""Old addresses of a renamed notice: every file it ever had keeps answering.

Apps poll ``api/v1/<id>/current.json``, iframes load ``embed/<id>/``, feed readers
follow ``<id>/feed.xml`` and people bookmark redlines; none of them learns of a
``git mv``. So each file the notice has now is answered at its old path too: an
HTML page by a redirect to its new address (a static site has no other), any other
file by the same content (JSON and feeds cannot redirect; API documents are made
afresh for the old path, so links that are relative without a ``site_url`` still
resolve from there).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from html import escape
from pathlib import Path

from notices.base.model import Notice, NoticeSet
from notices.base.urls import embed_dir, notice_dir, pdf_file, relative
from notices.site.api import notice_api_files
from notices.sources.translations import translation_suffix

__all__ = ["language_address", "old_addresses", "redirect_page"]

_PAGE = "index.html"


def redirect_page(target: str, page: str) -> str:
    """A static redirect that works without a server and names where the text went."""
    link = escape(relative(target, page))
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>Moved</title><meta http-equiv="refresh" content="0; url={link}">'
        f'<link rel="canonical" href="{link}"><meta name="robots" content="noindex"></head>'
        f'<body><p>This notice has moved to <a href="{link}">{link}</a>.</p></body></html>\n'
    )


def language_address(notice: Notice) -> str | None:
    """``da/cookies`` for the translation ``cookies.da``: the layout readers type and MkDocs' i18n
    plugins use (``/da/cookies/``). Its pages redirect to the notice's own (``/cookies.da/``),
    which stay the permanent ones: they were published first, and a notice's URL never moves."""
    suffix = translation_suffix(notice.id + ".md") if notice.translation_of else None
    if suffix is None:
        return None
    return f"{suffix}/{notice.id[: -len(suffix) - 1]}"


def old_addresses(
    notices: NoticeSet, notice: Notice, alias: str, site_dir: Path, site_url: str, pages_only: bool = False
) -> Iterator[tuple[str, str | Path]]:
    """(old site path, what answers there) for every file ``notice`` has now, as it was under ``alias``:
    a page's text, or the file to link there (the same bytes, without reading or copying them);
    with ``pages_only``, its pages only (an address of convenience, never published as data)."""
    yield notice_dir(alias) + _PAGE, redirect_page(notice_dir(notice.id), notice_dir(alias))
    for new_root, old_root in ((notice_dir(notice.id), notice_dir(alias)), (embed_dir(notice.id), embed_dir(alias))):
        others = [new_root + o.id[len(notice.id) + 1 :] + "/" for o in notices if o.id.startswith(notice.id + "/")]
        for path in _files(site_dir, new_root):
            if path == notice_dir(notice.id) + _PAGE or any(path.startswith(other) for other in others):
                continue  # the page in force is above; a notice nested in this one's folder has its own
            old = old_root + path[len(new_root) :]
            if path.endswith("/" + _PAGE):
                yield old, redirect_page(path.removesuffix(_PAGE), old.removesuffix(_PAGE))
            elif not pages_only and not path.endswith(".pdf"):  # PDFs below, under the names they had
                yield old, site_dir / path
    if pages_only:
        return
    pdfs: dict[str, str] = {}
    for version in notice.versions:
        pdf = site_dir / pdf_file(notice.id, version.label)
        if pdf.is_file():
            pdfs[version.label] = hashlib.sha256(pdf.read_bytes()).hexdigest()
            yield pdf_file(alias, version.label), pdf
    yield from notice_api_files(notices, notice, site_url, under=alias, pdfs=pdfs or None)


def _files(site_dir: Path, folder: str) -> list[str]:
    """Site-relative paths of the files under ``folder``, sorted (skipping half-written temporaries)."""
    found = []
    base = site_dir / folder
    for here, _, names in os.walk(base):
        rel = os.path.relpath(here, site_dir).replace(os.sep, "/")
        found += [f"{rel}/{name}" for name in names if not name.endswith(".tmp")]
    return sorted(found)
