"""``/api/v1/files.json``: the sha256 and size of every file in the tool's folders, as built.

``notices verify`` compares a built or deployed site with this list, so a file
edited, added or deleted after the build (by hand, by a later plugin, by a
broken deploy, by an attacker with write access to the web server) is found,
however small the edit and whether or not it keeps the file's size. The list
covers what the tool writes and what it fills in: the notice pages in force are
MkDocs' pages with the notice put in, so their final bytes are recorded.

The tool's folders (``folders``) are the ones it owns: each notice's folder
(also the old folders of a renamed notice), ``api/v1/``, ``embed/`` and
``assets/notices/``, plus the site-wide feed and the manifest. A file found there
that the list does not name is a stray. The list cannot name itself; the Git
checks of ``verify`` (texts, API files) do not depend on it.

Hashing a large site's files (hundreds of megabytes) on every warm build would cost
more than the warm build's own writing, so digests are kept in the cache by
(device, inode, size, modification time): a file kept in place or linked from the
cache by the writer is the same inode, unchanged, and is not read again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import marshal
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from notices.base.model import NoticeSet
from notices.base.urls import embed_dir, notice_dir
from notices.build.writer import write_file
from notices.site.api import API
from notices.site.assets import CSS_PATH
from notices.site.moved import language_address

__all__ = ["FILES", "FORMAT", "file_list", "tool_folders", "walk", "write_file_list"]

FILES = API + "files.json"
FORMAT = 1
_CACHE = "digests.bin"
_CHECK = 16
"""Bytes of the checksum in front of the kept digests."""
_TOP = ("feed.xml", "versions.json")
"""Files at the top of the site that the tool writes."""


def tool_folders(notices: NoticeSet) -> list[str]:
    """The folders whose every file the tool wrote or filled (site-relative, ending in ``/``),
    and the tool's files at the top of the site."""
    folders = {API, embed_dir("").rstrip("/") + "/", CSS_PATH.rsplit("/", 1)[0] + "/", *_TOP}
    for notice in notices:
        language = language_address(notice)
        for notice_id in (notice.id, *notice.aliases, *([language] if language else [])):
            folders.add(notice_dir(notice_id))
    # a folder inside another one is walked with it
    ordered = sorted(folders)
    return [f for f in ordered if not any(f != o and o.endswith("/") and f.startswith(o) for o in ordered)]


def walk(site: Path, folders: Iterable[str]) -> list[str]:
    """Every file under ``folders`` (and every top-level file named there), site-relative, sorted."""
    return sorted(_files(site, folders))


Status = tuple[int, int, int, int]
"""(device, inode, size, modification time): what says a file is the one digested before."""


def _status(found: os.stat_result) -> Status:
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def _files(site: Path, folders: Iterable[str]) -> dict[str, Status]:
    """What ``walk`` lists, with each file's status (one system call per file and folder)."""
    found: dict[str, Status] = {}
    base = f"{site}/"
    for folder in folders:
        if not folder.endswith("/"):
            with contextlib.suppress(OSError):
                status = os.stat(base + folder)
                if stat.S_ISREG(status.st_mode):
                    found[folder] = _status(status)
            continue
        stack = [folder]
        while stack:
            here = stack.pop()
            try:
                entries = list(os.scandir(base + here))
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(f"{here}{entry.name}/")
                elif entry.is_file():  # a link to a file is served as the file
                    found[here + entry.name] = _status(entry.stat())
    found.pop(FILES, None)
    return found


def _digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:  # hashlib.file_digest needs Python 3.11
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_list(site: Path, notices: NoticeSet, cache_root: Path | None = None) -> dict[str, Any]:
    """The list as written to ``files.json``: deterministic for the same files."""
    folders, entries = _listed(site, notices, cache_root)
    return {
        "files": FORMAT,
        "today": notices.today.isoformat(),
        "folders": folders,
        "paths": {path: [digest, size] for path, digest, size in entries},
    }


def _listed(
    site: Path, notices: NoticeSet, cache_root: Path | None
) -> tuple[list[str], Iterator[tuple[str, str, int]]]:
    """The tool's folders, and (path, sha256, size) of each file in them, sorted, as they are
    digested; the kept digests are saved when the last one is."""
    folders = tool_folders(notices)
    cache = cache_root / _CACHE if cache_root is not None else None
    found = _files(site, folders)

    def entries() -> Iterator[tuple[str, str, int]]:
        known = _load(cache) if cache is not None else {}
        seen: dict[Status, str] = {}
        for path in sorted(found):
            key = found[path]
            digest = known.get(key) or _digest(f"{site}/{path}")
            seen[key] = digest
            yield path, digest, key[2]
        if cache is not None and seen != known:
            _save(cache, seen)

    return folders, entries()


def _load(cache: Path) -> dict[tuple[int, int, int, int], str]:
    """The digests kept by the last build; nothing when the file is missing or damaged in any way
    (a wrong digest kept would be written into the list as if it were the file's)."""
    try:
        data = cache.read_bytes()
        check, payload = data[:_CHECK], data[_CHECK:]
        if hashlib.blake2b(payload, digest_size=_CHECK).digest() != check:
            return {}
        loaded = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _save(cache: Path, digests: dict[tuple[int, int, int, int], str]) -> None:
    """Best effort: a build never fails for its cache."""
    payload = marshal.dumps(digests)
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{_CACHE}.{os.getpid()}.tmp")
        tmp.write_bytes(hashlib.blake2b(payload, digest_size=_CHECK).digest() + payload)
        os.replace(tmp, cache)


def write_file_list(site: Path, notices: NoticeSet, cache_root: Path | None = None) -> None:
    """The last file a build writes (after ``versions.json``, which it lists). Written entry by
    entry, byte for byte ``json.dumps(file_list(…), ensure_ascii=False, indent=0, sort_keys=True)``:
    a large site lists a hundred thousand files, never held as one document."""
    folders, entries = _listed(site, notices, cache_root)
    dumps = functools.partial(json.dumps, ensure_ascii=False, indent=0)

    def parts() -> Iterator[str]:
        yield f'{{\n"files": {FORMAT},\n"folders": {dumps(folders)},\n"paths": '
        first = True
        for path, digest, size in entries:
            yield ("{\n" if first else ",\n") + f"{dumps(path)}: {dumps([digest, size])}"
            first = False
        yield "{}" if first else "\n}"
        yield f',\n"today": {dumps(notices.today.isoformat())}\n}}\n'

    write_file(site, FILES, parts())
