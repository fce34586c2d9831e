"""Every file the build will write, known before it writes any, so clashes stop it first.

A page of the site and a generated route can claim the same file (``docs/privacy/
changelog.md`` and the change log of ``privacy``), or one can need a folder where the
other writes a file (``docs/feed.xml.md`` wants ``feed.xml/`` where the site feed is
written). Found after MkDocs emptied the site folder, such a clash leaves a site with
pages silently replaced, or no site at all; found here, before anything is touched,
it is one error naming the file that takes the address and how to free it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from notices.base.errors import SourceError
from notices.base.model import NoticeSet
from notices.base.urls import (
    changelog_dir,
    compare_dir,
    diff_dir,
    notice_dir,
    revision_diff_dir,
    revision_dir,
    version_dir,
)

__all__ = ["Claim", "check_routes", "docs_outputs", "generated_outputs"]

API = "api/v1/"
SITE_WIDE = {
    "feed.xml": "the site-wide Atom feed",
    "versions.json": "the manifest of every published version",
    "embed/notice.js": "the embed component",
    API + "index.json": "the API index",
    API + "schema.json": "the API schema",
    "assets/notices/notices.css": "the tool's stylesheet",
    "assets/notices/notices.js": "the tool's script",
    "sitemap.xml": "MkDocs' sitemap",
    "sitemap.xml.gz": "MkDocs' sitemap",
    "404.html": "the theme's not-found page",
    "search/search_index.json": "the search index",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """Who writes a file of the site, in words a person recognises."""

    owner: str
    """A docs file (``docs/privacy/changelog.md``), or a notice id prefixed ``notice:``."""
    what: str


def docs_outputs(docs_dir: Path, root: Path) -> dict[str, list[tuple[str, str]]]:
    """The site file each file under docs/ becomes, as MkDocs writes it with directory URLs.

    Hidden files and folders are skipped, as MkDocs skips them. Maps an output path to
    (source file relative to the repository, the page's URL) pairs.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    if not docs_dir.is_dir():
        return out
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = Path(folder) / name
            rel = full.relative_to(docs_dir).as_posix()
            try:
                source = full.relative_to(root).as_posix()
            except ValueError:
                source = rel
            out.setdefault(_page_output(rel), []).append((source, _url_of(rel)))
    return out


def _page_output(rel: str) -> str:
    if not rel.endswith(".md"):
        return rel
    path = PurePosixPath(rel[:-3])
    if path.name in {"index", "README"}:
        parent = str(path.parent)
        return "index.html" if parent == "." else f"{parent}/index.html"
    return f"{path}/index.html"


def _url_of(rel: str) -> str:
    out = _page_output(rel)
    return "/" + out.removesuffix("index.html")


def generated_outputs(notices: NoticeSet) -> list[tuple[str, Claim]]:
    """Every file the tool writes for the notices, with what it is."""
    out: list[tuple[str, Claim]] = []
    for notice in notices:
        owner = f"notice:{notice.id}"

        def put(path: str, what: str, owner: str = owner) -> None:
            out.append((path, Claim(owner, what)))

        if notice.path is None:  # a live notice's page is MkDocs' page of its file, claimed with the pages
            put(notice_dir(notice.id) + "index.html", f"the page of notice `{notice.id}`")
        for version in notice.versions:
            put(version_dir(notice.id, version.label) + "index.html", f"version {version.label} of `{notice.id}`")
            put(f"{API}{notice.id}/{version.label}.json", f"the API file of version {version.label} of `{notice.id}`")
            put(compare_dir(notice.id) + f"{version.label}.json", f"compare data of `{notice.id}`")
            if len(version.revisions) > 1:
                for revision in version.revisions:
                    folder = revision_dir(notice.id, version.label, revision.number)
                    what = f"revision {revision.number} of version {version.label} of `{notice.id}`"
                    put(folder + "index.html", what)
                for revision in version.revisions[1:]:
                    folder = revision_diff_dir(notice.id, version.label, revision.number)
                    put(folder + "index.html", f"the redline of revision {revision.number} of version {version.label}")
            if notice.previous_of(version) is not None:
                put(diff_dir(notice.id, version.label) + "index.html", f"the redline of version {version.label}")
        put(changelog_dir(notice.id) + "index.html", f"the change log of notice `{notice.id}`")
        put(compare_dir(notice.id) + "index.html", f"the compare page of notice `{notice.id}`")
        put(compare_dir(notice.id) + "blocks/0.json", f"compare data of `{notice.id}`")
        put(f"{notice.id}/feed.xml", f"the Atom feed of notice `{notice.id}`")
        put(f"embed/{notice.id}/index.html", f"the embed page of notice `{notice.id}`")
        put(f"{API}{notice.id}.json", f"the API index of notice `{notice.id}`")
        put(f"{API}{notice.id}/current.json", f"the API file of the current version of `{notice.id}`")
    return out


def check_routes(notices: NoticeSet, docs_dir: Path, root: Path) -> None:
    """Raise on the first clash between a page of the site and a generated file (or two of them).

    A live notice's own page (``docs/privacy.md`` → ``privacy/index.html``) is MkDocs'
    page, which the tool fills, so it is claimed with the pages. Generated files are
    claimed first and pages after them, so the error blames the page: the file a
    person can rename.
    """
    table = _Claims(notices)
    for path, what in SITE_WIDE.items():
        table.claim(path, Claim("site", what))
    for path, claim in generated_outputs(notices):
        table.claim(path, claim)
    for path, sources in docs_outputs(docs_dir, root).items():
        for source, url in sources:
            table.claim(path, Claim(source, f"the page {url} (from `{source}`)"))


class _Claims:
    """Files and the folders they need; a clash is found in time linear in the paths."""

    def __init__(self, notices: NoticeSet) -> None:
        self.notices = notices
        self.files: dict[str, Claim] = {}
        self.folders: dict[str, Claim] = {}

    def claim(self, path: str, claim: Claim) -> None:
        taken = self.files.get(path)
        if taken is not None and taken.owner != claim.owner:
            raise self._clash(claim, taken, f"both are written to `{path}`")
        needs_folder = self.folders.get(path)
        if needs_folder is not None and needs_folder.owner != claim.owner:
            raise self._clash(claim, needs_folder, f"`{path}` would have to be a file and a folder")
        parts = path.split("/")
        for depth in range(1, len(parts)):
            prefix = "/".join(parts[:depth])
            blocker = self.files.get(prefix)
            if blocker is not None and blocker.owner != claim.owner:
                raise self._clash(claim, blocker, f"`{prefix}` would have to be a file and a folder")
            self.folders.setdefault(prefix, claim)
        self.files.setdefault(path, claim)

    def _clash(self, new: Claim, old: Claim, why: str) -> SourceError:
        other = old.what + (" (written by the build)" if old.owner == "site" else "")
        return SourceError(
            f"{new.what} and {other} claim the same address: {why}",
            path=_owner_path(new.owner, self.notices),
            hint="rename or move this file so that its URL is free; the tool writes /<id>/<version>/, "
            "/<id>/changelog/, /<id>/compare/, /<id>/feed.xml, /embed/<id>/, /api/v1/…, /feed.xml and "
            "/versions.json. Nothing was built or changed",
        )


def _owner_path(owner: str, notices: NoticeSet) -> str | None:
    if not owner.startswith("notice:"):
        return owner if owner != "site" else None
    notice = notices.notices.get(owner.removeprefix("notice:"))
    if notice is None:
        return None
    return notice.path or (notice.versions[-1].latest.source.path if notice.versions else None)
