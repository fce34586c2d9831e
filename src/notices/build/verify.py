"""``notices verify SITE``: is this built folder or deployed site what the build wrote and Git says?

Two independent kinds of check, so that editing one record to hide a change does not pass:

- **Files**: every file listed in ``api/v1/files.json`` (everything in the tool's
  folders, the notice pages in force included) has the recorded sha256 and size;
  none is missing; in a folder, no file in the tool's folders is unlisted (a stray).
  Over HTTP a site cannot be listed, so strays are not seen there.
- **Git**: the manifest's hashes are the texts in Git (or the legacy files); every
  version and revision page and the notice page in force show the text rendered
  from Git; the API files, embeds, feeds and compare data are byte for byte what the
  history gives on the build's date (recorded in the file list), and every page the
  history calls for exists.

Each problem names the file and what to do about it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from notices.base.model import NoticeSet
from notices.base.urls import changelog_dir, compare_dir, diff_dir, notice_dir, revision_dir, version_dir
from notices.build.filelist import FILES, FORMAT, tool_folders, walk
from notices.build.parts import _files as notice_files
from notices.build.sitelock import INCOMPLETE
from notices.publish.manifest import build_manifest
from notices.site.api import API, api_index
from notices.site.assets import component_js
from notices.site.feeds import site_feed
from notices.site.fragments import _body as page_body  # what pages show; verify checks it
from notices.site.schema import SCHEMA

__all__ = ["verify_site"]

REBUILD = "rebuild from Git and deploy the whole site folder the build wrote"
_WORKERS = 16


class _Site(Protocol):
    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None when it does not exist."""

    def read_many(self, paths: list[str]) -> Iterator[tuple[str, bytes | None]]: ...

    def listing(self, folders: Iterable[str]) -> list[str] | None:
        """Every file in ``folders``; None where a site cannot be listed (HTTP)."""

    def problems(self) -> list[str]: ...


class _Folder:
    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, path: str) -> bytes | None:
        try:
            return (self.root / path).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def read_many(self, paths: list[str]) -> Iterator[tuple[str, bytes | None]]:
        for path in paths:
            yield path, self.read(path)

    def listing(self, folders: Iterable[str]) -> list[str] | None:
        return walk(self.root, folders)

    def problems(self) -> list[str]:
        found = []
        if (self.root / INCOMPLETE).exists():
            found.append(f"{INCOMPLETE}: the build of this folder was stopped, failed or is still running; build again")
        # temporary names of the tool's writers; a whole build leaves none
        found += [
            f"{path.relative_to(self.root)}: a stray temporary file of an interrupted build; delete it, or build again"
            for path in sorted(self.root.rglob("*.lnk"))
        ]
        return found


class _Remote:
    """A deployed site over HTTP(S): each file fetched at its exact path, several at a time."""

    def __init__(self, url: str) -> None:
        import httpx

        self.base = url if url.endswith("/") else url + "/"
        self.client = httpx.Client(timeout=30, follow_redirects=False, headers={"accept-encoding": "gzip"})
        self.failed: list[str] = []

    def read(self, path: str) -> bytes | None:
        import httpx

        url = self.base + quote(path)
        try:
            response = self.client.get(url)
        except httpx.HTTPError as exc:
            self.failed.append(f"{path}: could not fetch {url} ({exc}); check the address and try again")
            return None
        if response.status_code in (404, 410):
            return None
        if response.status_code != 200:
            where = response.headers.get("location")
            self.failed.append(
                f"{path}: {url} answered HTTP {response.status_code}"
                + (f" (to {where})" if where else "")
                + " instead of the file; the server must serve every file the build wrote at its path"
            )
            return None
        return response.content

    def read_many(self, paths: list[str]) -> Iterator[tuple[str, bytes | None]]:
        with ThreadPoolExecutor(_WORKERS, thread_name_prefix="notices-verify") as pool:
            yield from zip(paths, pool.map(self.read, paths), strict=True)

    def listing(self, folders: Iterable[str]) -> list[str] | None:
        return None

    def problems(self) -> list[str]:
        return self.failed


Check = Callable[[bytes | None], "tuple[str, str] | None"]
"""One check of one file: given its bytes (None: missing), a (kind, problem) or None."""


class _Problems:
    """Problems grouped by file; one per kind (missing, changed, text, stray) and file."""

    def __init__(self) -> None:
        self.by_path: dict[str, dict[str, str]] = {}

    def add(self, path: str, kind: str, text: str) -> None:
        self.by_path.setdefault(path, {}).setdefault(kind, f"{path}: {text}")

    def lines(self) -> list[str]:
        return [line for kinds in self.by_path.values() for line in kinds.values()]


def _open(site: Path | str) -> _Site:
    remote = isinstance(site, str) and site.startswith(("http://", "https://"))
    return _Remote(str(site)) if remote else _Folder(Path(site))


def verify_site(
    site: Path | str,
    notices: NoticeSet,
    site_name: str,
    site_url: str | None = None,
    previous: Path | str | None = None,
) -> list[str]:
    """Every difference between ``site`` (a folder or an http(s) URL) and what the build wrote and Git says.

    ``site_name`` and ``site_url`` are mkdocs.yml's (feeds and API files carry them; the
    site URL defaults to the one the manifest records). Every file is read once (fetched
    once over HTTP), with all the checks that concern it. ``previous``, the deployment this
    one replaces (folder or URL): every file its list names must be in this one's too.
    """
    where = _open(site)
    problems = _Problems()
    manifest = _manifest(where, problems)
    if manifest is None and where.problems():
        return [*where.problems(), *problems.lines()]  # the site does not answer: nothing more to learn
    listing = _file_list(where, problems)
    url = site_url if site_url is not None else str((manifest or {}).get("site_url") or "")
    if manifest is not None:
        _check_manifest(manifest, notices, problems)
    plan: dict[str, list[Check]] = {}
    saved = notices.today
    notices.today = _build_day(where, listing, notices.today)  # "current" and "upcoming" as on the build's day
    _check_day(notices.today, notices, problems)
    try:
        if listing is not None:
            _plan_files(listing, plan)
        _plan_pages(notices, plan)
        _plan_generated(notices, url, site_name, plan)
        for path, data in where.read_many(sorted(plan)):
            for check in plan[path]:
                found = check(data)
                if found is not None:
                    problems.add(path, *found)
    finally:
        notices.today = saved
    if listing is not None:
        _find_strays(where, listing, notices, problems)
    before: list[str] = []
    if previous is not None and listing is not None:
        before = _kept_from(_open(previous), str(previous), listing, problems)
    return [*where.problems(), *before, *problems.lines()]


def _kept_from(old: _Site, name: str, listing: dict[str, Any], problems: _Problems) -> list[str]:
    """Every URL the previous deployment published answers in this one: apps poll the API,
    readers keep links to versions and redlines. Problems reading the previous list come back."""
    found = _file_list(old, _Problems())
    if found is None:
        return [*old.problems(), f"{name}: no readable {FILES} to compare with (pass the live site's URL or folder)"]
    for path in sorted(set(found["paths"]) - set(listing["paths"])):
        problems.add(
            path,
            "gone",
            f"published by the previous deployment ({name}) and missing from this one, so a saved link or an "
            "app's request would fail: restore what wrote it (a notice's file may go only once another "
            "`supersedes` it or `retired` names it; an option such as `pdf` turned off removes its files)",
        )
    return list(old.problems())


def _manifest(where: _Site, problems: _Problems) -> dict[str, Any] | None:
    raw = where.read("versions.json")
    if raw is None:
        problems.add("versions.json", "missing", f"missing (is this a site built with the notices plugin?); {REBUILD}")
        return None
    try:
        manifest = json.loads(raw)
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("notices"), dict):
        problems.add("versions.json", "text", f"not a notices manifest (damaged or edited); {REBUILD}")
        return None
    return manifest


def _file_list(where: _Site, problems: _Problems) -> dict[str, Any] | None:
    raw = where.read(FILES)
    if raw is None:
        problems.add(
            FILES,
            "missing",
            "missing, so changed, missing and stray files cannot be told; the site was built by a notices "
            f"release that did not record the files' digests, or the list was deleted: {REBUILD}",
        )
        return None
    try:
        listing = json.loads(raw)
        ok = listing.get("files") == FORMAT and isinstance(listing.get("paths"), dict)
        ok = ok and all(
            _inside(path) and isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], int)
            for path, v in listing["paths"].items()
        )
        ok = ok and all(isinstance(f, str) and _inside(f) for f in listing.get("folders") or [])
    except (ValueError, AttributeError):
        ok = False
    if not ok:
        problems.add(FILES, "changed", f"not a file list this release of notices wrote (damaged or edited); {REBUILD}")
        return None
    return dict(listing)


def _inside(path: str) -> bool:
    """A site-relative path that stays in the site: an edited list must not make verify read
    (or fetch) anything else."""
    parts = path.removesuffix("/").split("/")
    return bool(path) and "\\" not in path and "\0" not in path and all(p not in ("", ".", "..") for p in parts)


def _check_day(day: dt.date, notices: NoticeSet, problems: _Problems) -> None:
    """A list that claims a build day before the newest text was published shows an older state."""
    newest = max((r.published.date() for n in notices for v in n.versions for r in v.revisions), default=None)
    if newest is not None and day < newest - dt.timedelta(days=1):  # a day for clocks that disagree
        problems.add(
            FILES,
            "today",
            f"says the site was built for {day.isoformat()}, before its newest text was published "
            f"({newest.isoformat()}): it shows an older state of the notices; {REBUILD}",
        )


def _build_day(where: _Site, listing: dict[str, Any] | None, default: dt.date) -> dt.date:
    """The date the build was made for: pages say "current" and "upcoming" as of that day."""
    day = listing.get("today") if listing else None
    if day is None:
        raw = where.read(API + "index.json")
        try:
            day = json.loads(raw).get("today") if raw else None
        except (ValueError, AttributeError):
            day = None
    try:
        return dt.date.fromisoformat(str(day)) if day else default
    except ValueError:
        return default


def _plan_files(listing: dict[str, Any], plan: dict[str, list[Check]]) -> None:
    def digest(want: str, size: int) -> Check:
        def check(data: bytes | None) -> tuple[str, str] | None:
            if data is None:
                return "missing", f"missing (the build wrote it, {size} bytes); {REBUILD}; a deploy must not drop files"
            have = hashlib.sha256(data).hexdigest()
            if have == want and len(data) == size:
                return None
            return "changed", (
                f"changed after the build (sha256 {have[:12]}…, {len(data)} bytes; the build wrote {want[:12]}…, "
                f"{size} bytes); restore the file the build wrote, or {REBUILD}"
            )

        return check

    for path, (want, size) in listing["paths"].items():
        plan.setdefault(path, []).append(digest(want, size))


def _find_strays(where: _Site, listing: dict[str, Any], notices: NoticeSet, problems: _Problems) -> None:
    folders = [f for f in listing.get("folders") or [] if isinstance(f, str) and ".." not in f.split("/")]
    for path in where.listing(sorted({*folders, *tool_folders(notices)})) or []:
        if path not in listing["paths"] and not path.endswith(".lnk"):
            problems.add(
                path,
                "stray",
                "not written by the build, in a folder the notices tool owns (a stray: an old or an added file); "
                f"delete it, or {REBUILD}",
            )


def _check_manifest(manifest: dict[str, Any], notices: NoticeSet, problems: _Problems) -> None:
    fresh = build_manifest(notices, manifest.get("site_url") or "", notices.commit)
    for notice_id, notice in manifest["notices"].items():
        mine = fresh["notices"].get(notice_id)
        if mine is None:
            problems.add(
                "versions.json", notice_id, f"`{notice_id}` is in the site's manifest but not in Git; {REBUILD}"
            )
            continue
        git = {(v["version"], r["revision"]): r["sha256"] for v in mine["versions"] for r in v["revisions"]}
        for version in notice.get("versions") or []:
            for revision in version.get("revisions") or []:
                key = (version.get("version"), revision.get("revision"))
                if git.get(key) != revision.get("sha256"):
                    problems.add(
                        "versions.json",
                        f"{notice_id} {key}",
                        f"{notice_id} {key[0]} r{key[1]}: the manifest says sha256 {str(revision.get('sha256'))[:12]}, "
                        f"Git has {str(git.get(key))[:12]}; {REBUILD}",
                    )


def _present(data: bytes | None) -> tuple[str, str] | None:
    return ("missing", f"missing; {REBUILD}") if data is None else None


def _shows(body: str, what: str) -> Check:
    def check(data: bytes | None) -> tuple[str, str] | None:
        if data is None:
            return _present(data)
        if body in data.decode("utf-8", "replace"):
            return None
        return "text", f"the text differs from {what} in Git; {REBUILD}"

    return check


def _plan_pages(notices: NoticeSet, plan: dict[str, list[Check]]) -> None:
    """Each page shows the text Git has; every page the history calls for exists."""
    for notice in notices:
        in_force = notice.in_force(notices.today)
        pages = [(notice_dir(notice.id), in_force, in_force.latest)]
        for version in notice.versions:
            pages.append((version_dir(notice.id, version.label), version, version.latest))
            if len(version.revisions) > 1:
                pages += [(revision_dir(notice.id, version.label, r.number), version, r) for r in version.revisions]
            if notice.previous_of(version) is not None:
                plan.setdefault(diff_dir(notice.id, version.label) + "index.html", []).append(_present)
        for folder in (changelog_dir(notice.id), compare_dir(notice.id)):
            plan.setdefault(folder + "index.html", []).append(_present)
        for folder, version, revision in pages:
            body = page_body(notice, revision, folder)
            what = f"version {version.label}" + (f" (revision {revision.number})" if len(version.revisions) > 1 else "")
            plan.setdefault(folder + "index.html", []).append(_shows(body, what))


def _raw(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _exactly(expected: bytes, path: str, again: Callable[[], bytes]) -> Check:
    """The file must be ``expected``, kept as its digest (a large site's files do not all fit in
    memory at once); ``again`` makes it anew to say what differs."""
    want, size = hashlib.sha256(expected).digest(), len(expected)

    def check(data: bytes | None) -> tuple[str, str] | None:
        if data is None:
            return _present(data)
        if len(data) == size and hashlib.sha256(data).digest() == want:
            return None
        return "text", _difference(path, data, again())

    return check


def _plan_generated(notices: NoticeSet, site_url: str, site_name: str, plan: dict[str, list[Check]]) -> None:
    """Files made from Git alone (no theme around them) must be exactly what the history gives."""

    def notice_file(notice_id: str, path: str) -> Callable[[], bytes]:
        notice = notices.notices[notice_id]
        return lambda: _raw(dict(notice_files(notices, notice, site_url, site_name))[path])

    for notice in notices:
        for path, data in notice_files(notices, notice, site_url, site_name):
            plan.setdefault(path, []).append(_exactly(_raw(data), path, notice_file(notice.id, path)))
    site_wide: dict[str, Callable[[], bytes]] = {
        API + "index.json": lambda: _raw(api_index(notices, site_url)[1]),
        "feed.xml": lambda: _raw(site_feed(notices, site_url, site_name)),
        "embed/notice.js": lambda: _raw(component_js(notices.messages)),
        API + "schema.json": lambda: _raw(json.dumps(SCHEMA, indent=1) + "\n"),
    }
    for path, make in site_wide.items():
        plan.setdefault(path, []).append(_exactly(make(), path, make))


def _difference(path: str, have: bytes, want: bytes) -> str:
    """What differs, in the terms of the file: the JSON fields, else just that it does."""
    if path.endswith(".json"):
        try:
            mine, theirs = json.loads(want), json.loads(have)
        except ValueError:
            return f"not the JSON the history gives; {REBUILD}"
        if isinstance(mine, dict) and isinstance(theirs, dict):
            keys = [k for k in {**mine, **theirs} if mine.get(k) != theirs.get(k)]
            if keys:
                named = ", ".join(f"`{k}`" for k in keys[:6]) + (" …" if len(keys) > 6 else "")
                return f"{named} differs from the text in Git; {REBUILD}"
    return f"differs from what the history in Git gives; {REBUILD}"
