"""One notice's share of the site, computed without the site's look.

Everything a notice publishes except the theme around it (the shell) depends
only on the notice, the notices it names (translations, successor,
predecessors), its change notes and a few options. So it is computed as a
unit, in any process, stored in the build cache under a key of exactly those
inputs, and filled into the shells by the adapter that has them.

A unit has two parts: the *head* (what the version changed, and the notice's
own page, which MkDocs needs while it builds its pages) and the *body* (every
other page and file). Both are plain tuples serialized with ``marshal``: no
code runs when an entry is read, and reading one is fast.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from notices.base.model import Notice, NoticeSet, VersionChange
from notices.base.urls import (
    changelog_dir,
    compare_dir,
    diff_dir,
    embed_dir,
    notice_dir,
    revision_diff_dir,
    revision_dir,
    version_dir,
)
from notices.site.api import notice_api_files
from notices.site.changepages import changelog_content, diff_content, revision_diff_content
from notices.site.compare import compare_content, compare_files
from notices.site.embed import embed_page
from notices.site.feeds import notice_feed
from notices.site.fragments import current_content, rendered_body, revision_content, version_content
from notices.site.pdf import Pdf, kept_pdf, pdf_files
from notices.sources.languages import words
from notices.text.markdown import markdown_key
from notices.text.render import Heading

__all__ = [
    "Head",
    "Item",
    "Page",
    "Parts",
    "body_records",
    "compute",
    "compute_stream",
    "decode_head",
    "encode",
    "encode_head",
    "notice_key",
    "read_body",
]

_FORMAT = 3


@dataclass(frozen=True, slots=True)
class Page:
    """A page's content before it is put into the site's theme."""

    folder: str
    html: str
    title: str
    toc: tuple[Heading, ...]


@dataclass(frozen=True, slots=True)
class Head:
    changes: dict[str, VersionChange]
    current: Page
    """The notice's own page; adapters that have no built page for it write this one."""


@dataclass(frozen=True, slots=True)
class Parts:
    head: Head
    pages: list[Page]
    """Version, revision, diff, change-log and compare pages, in writing order."""
    files: list[tuple[str, str | bytes]]
    """Feed, embed, compare data and API files: (site path, content)."""


Item = Page | tuple[str, str | bytes]
"""What a notice publishes, one at a time: a page (for the theme), or a file (site path, content)."""


def compute_stream(notices: NoticeSet, notice: Notice, site_url: str, site_name: str) -> tuple[Head, Iterator[Item]]:
    """The head now (what the build needs of every notice), and every page and file of
    ``notice`` as they are made: a long history's pages are written, or stored, one by one,
    never held together."""
    changes = notices.changes_of(notice.id)
    folder = notice_dir(notice.id)
    rendered = rendered_body(notice, notice.in_force(notices.today).latest, folder)
    head = Head(changes, Page(folder, current_content(notices, notice), notice.title, rendered.headings))

    def items() -> Iterator[Item]:
        yield from _pages(notices, notice)
        yield from _files(notices, notice, site_url, site_name)

    return head, items()


def compute(notices: NoticeSet, notice: Notice, site_url: str, site_name: str) -> Parts:
    """Every page and file of ``notice``, held together (tests, and small notices)."""
    head, items = compute_stream(notices, notice, site_url, site_name)
    pages: list[Page] = []
    files: list[tuple[str, str | bytes]] = []
    for item in items:
        (pages if isinstance(item, Page) else files).append(item)  # type: ignore[arg-type]
    return Parts(head, pages, files)


def _pages(notices: NoticeSet, notice: Notice) -> Iterator[Page]:
    t = words(notices, notice)  # the pages' <title>s are in the notice's language too
    for version in notice.versions:
        folder = version_dir(notice.id, version.label)
        headings = rendered_body(notice, version.latest, folder).headings
        html = version_content(notices, notice, version)
        yield Page(
            folder, html, t.text("{title} (version {label})", title=version.title, label=version.label), headings
        )
        if len(version.revisions) < 2:
            continue
        for revision in version.revisions:
            folder = revision_dir(notice.id, version.label, revision.number)
            html = revision_content(notices, notice, version, revision)
            title = t.text(
                "{title} (version {label}, revision {number})",
                title=revision.meta.title,
                label=version.label,
                number=revision.number,
            )
            yield Page(folder, html, title, rendered_body(notice, revision, folder).headings)
        for revision in version.revisions[1:]:
            html, toc = revision_diff_content(notices, notice, version, revision)
            title = t.text(
                "{title}: changes in revision {number} of version {label}",
                title=revision.meta.title,
                number=revision.number,
                label=version.label,
            )
            yield Page(revision_diff_dir(notice.id, version.label, revision.number), html, title, toc)
    for version in notice.versions:
        if notice.previous_of(version) is None:
            continue
        html, toc = diff_content(notices, notice, version)
        title = t.text("{title}: changes in version {label}", title=version.title, label=version.label)
        yield Page(diff_dir(notice.id, version.label), html, title, toc)
    html, toc = changelog_content(notices, notice)
    yield Page(changelog_dir(notice.id), html, t.text("{title}: change log", title=notice.title), toc)
    html = compare_content(notices, notice)
    yield Page(compare_dir(notice.id), html, t.text("{title}: compare versions", title=notice.title), ())


def _files(notices: NoticeSet, notice: Notice, site_url: str, site_name: str) -> Iterator[tuple[str, str | bytes]]:
    folder = compare_dir(notice.id)
    for name, data in compare_files(notice).items():
        yield folder + name, data
    yield f"{notice.id}/feed.xml", notice_feed(notices, notice, site_url, site_name)
    yield embed_dir(notice.id) + "index.html", embed_page(notices, notice)
    digests: dict[str, str] | None = None
    if notices.pdf:
        pdfs = pdf_files(notices, notice, site_url, site_name)
        yield from pdfs
        versions = zip(notice.versions, pdfs, strict=True)
        digests = {v.label: hashlib.sha256(data).hexdigest() for v, (_, data) in versions}
    yield from notice_api_files(notices, notice, site_url, pdfs=digests)


# --- keys ----------------------------------------------------------------------------


def related(notices: NoticeSet, notice: Notice) -> list[Notice]:
    """The notices whose metadata ``notice``'s pages show: successor, predecessors, translations."""
    ids: list[str] = []
    if notice.superseded_by:
        ids.append(notice.superseded_by)
    ids += [n.id for n in notices if n.superseded_by == notice.id]
    main = notices.notices.get(notice.translation_of or "") or notice
    ids += [main.id, *main.translations.values()]
    seen: set[str] = {notice.id}
    out = []
    for other_id in ids:
        if other_id not in seen and other_id in notices.notices:
            seen.add(other_id)
            out.append(notices.notices[other_id])
    return out


def _fingerprint(notice: Notice) -> str:
    """Every field of the notice, with each text as its hash (which covers front matter and body)."""
    versions = [
        (v.label, v.effective, [(r.number, r.sha256, r.meta, r.source, r.published) for r in v.revisions])
        for v in notice.versions
    ]
    return repr(
        (
            notice.id,
            notice.path,
            notice.aliases,
            notice.superseded_by,
            notice.superseded_on,
            notice.withdrawn_on,
            notice.supersedes,
            notice.deleted_in,
            notice.lang,
            notice.translation_of,
            notice.translations,
            versions,
        )
    )


def notice_key(notices: NoticeSet, notice: Notice, context: str) -> str:
    """Hash of everything ``compute`` reads for ``notice``; ``context`` holds the options and tool digest.

    The date enters only through the statuses it decides (in force, upcoming), so
    a cache stays valid from one day to the next unless a version took effect.
    """
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{_FORMAT}\0{context}\0{notices.lang}\0{markdown_key()}\0".encode())  # the site's Markdown too
    h.update(repr(sorted((k, sorted(v.items())) for k, v in notices.messages.items())).encode())  # own wording
    for other in [notice, *related(notices, notice)]:
        h.update(_fingerprint(other).encode())
        h.update(repr([v.effective > notices.today for v in other.versions]).encode())
    for version in notice.versions:
        note = notices.notes.get((notice.id, version.label))
        h.update(repr(note).encode())
    return h.hexdigest()


# --- serialization -----------------------------------------------------------------


def _toc(headings: tuple[Heading, ...] | list[Heading]) -> tuple[Any, ...]:
    return tuple((h.level, h.id, h.title, _toc(h.children)) for h in headings)


def _untoc(data: tuple[Any, ...]) -> tuple[Heading, ...]:
    return tuple(Heading(int(level), str(hid), str(title), list(_untoc(kids))) for level, hid, title, kids in data)


def _page(page: Page) -> tuple[Any, ...]:
    return (page.folder, page.html, page.title, _toc(page.toc))


def _unpage(data: tuple[Any, ...]) -> Page:
    folder, html, title, toc = data
    if not (isinstance(folder, str) and isinstance(html, str) and isinstance(title, str)):
        raise ValueError("not a page")
    return Page(folder, html, title, _untoc(toc))


def encode_head(head: Head) -> bytes:
    changes = tuple((label, tuple(getattr(c, f) for f in _FIELDS)) for label, c in head.changes.items())
    return marshal.dumps((_FORMAT, changes, _page(head.current)))


def body_records(items: Iterator[Item] | list[Item]) -> Iterator[bytes]:
    """A body for the cache, record by record: the format, each page or file, and an end mark
    (a body cut short is a miss, not a notice with fewer pages)."""
    yield marshal.dumps(("notices-body", _FORMAT))
    count = 0
    for item in items:
        count += 1
        if isinstance(item, Page):
            yield marshal.dumps(("page", *_page(item)))
        else:
            path, data = item
            yield marshal.dumps(("file", path, ("pdf", data.name, data.key) if isinstance(data, Pdf) else data))
    yield marshal.dumps(("end", count))


def encode(parts: Parts) -> tuple[bytes, bytes]:
    """(head, body) as bytes for the cache."""
    return encode_head(parts.head), b"".join(body_records([*parts.pages, *parts.files]))


_FIELDS = VersionChange.__dataclass_fields__.keys()


def decode_head(data: bytes) -> Head:
    """Raises ValueError (and friends) on anything that is not a head of this format."""
    fmt, changes, current = marshal.loads(data)
    if fmt != _FORMAT:
        raise ValueError("format")
    return Head({label: VersionChange(*fields) for label, fields in changes}, _unpage(current))


def read_body(stream: BinaryIO) -> Iterator[Item]:
    """The items of a body written by ``body_records``, one at a time. Raises ValueError (and
    friends) on anything that is not a whole body of this format, or one whose PDFs the cache
    no longer holds; the checksum was verified before (``Cache.open_stream``)."""
    if marshal.load(stream) != ("notices-body", _FORMAT):
        raise ValueError("format")
    count = 0
    while True:
        record = marshal.load(stream)
        kind = record[0]
        if kind == "end":
            if record[1] != count:
                raise ValueError("a body cut short")
            return
        count += 1
        if kind == "page":
            yield _unpage(record[1:])
        elif kind == "file":
            yield str(record[1]), _content(record[2])
        else:
            raise ValueError(f"a record of kind {kind!r}")


def _content(content: Any) -> str | bytes:
    """A file's content; a PDF is kept once, in its own cache entry, and named in the body."""
    if not isinstance(content, tuple):
        return content  # type: ignore[no-any-return]
    _, name, key = content
    pdf = kept_pdf(str(name), str(key))
    if pdf is None:
        raise ValueError(f"the PDF {name!r} is no longer in the cache")
    return pdf
