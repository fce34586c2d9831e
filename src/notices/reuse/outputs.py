"""Finished files of each notice, kept in the cache and linked into the next build.

MkDocs empties the site folder on every build, so an unchanged notice would
have all its pages written again: hundreds of megabytes on a large site, more
than everything else a warm build does. Instead the files of each notice are
kept in the cache (hard links to what was written, so keeping them costs no
copy) and linked back into the new site when the notice, its shell and the
tool are unchanged. Every file is checked against its recorded CRC-32 and
length before it is linked: a cache file changed in place (by a plugin that
edits the built site, or by a faulty disk) is noticed, and the notice is
written afresh.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import marshal
import os
import shutil
import tempfile
import zlib
from pathlib import Path

__all__ = ["OutputStore", "Recorder", "place"]

_FORMAT = 3
_INDEX = "index.bin"


def _slug(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=10).hexdigest()


def place(source: str, target: str) -> None:
    """A hard link where the file system allows one, else a copy."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
    except FileExistsError:
        tmp = f"{target}.{os.getpid()}.lnk"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        place(source, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        if exc.errno not in {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP}:
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)


def _make_folders(site: str, paths: list[str]) -> None:
    """One mkdir per missing folder, parents first (cheaper than a failed link or makedirs each)."""
    folders: set[str] = set()
    for path in paths:
        folder = os.path.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    for folder in sorted(folders, key=lambda f: f.count("/")):
        with contextlib.suppress(FileExistsError):
            os.mkdir(site + folder)


class Recorder:
    """Collects the files one notice writes, to store them when it is done."""

    def __init__(self) -> None:
        self.files: list[tuple[str, int, int]] = []
        self.folders: list[str] = []

    def add(self, path: str, data: bytes) -> None:
        self.files.append((path, len(data), zlib.crc32(data)))


class OutputStore:
    def __init__(self, root: Path | None) -> None:
        self.root = root / "out" if root is not None else None
        self.linked = 0

    def _dir(self, name: str, key: str) -> Path | None:
        return self.root / f"{_slug(name)}-{key}" if self.root is not None else None

    def index(self, name: str, key: str) -> tuple[list[tuple[str, int, int, int]], list[str]] | None:
        """The files (path, length, CRC-32, modification time in ns when written) and page folders
        stored for ``name`` under ``key``."""
        where = self._dir(name, key)
        if where is None:
            return None
        try:
            fmt, stored_key, files, folders = marshal.loads((where / _INDEX).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if fmt != _FORMAT or stored_key != key:
            return None
        return [(str(p), int(n), int(c), int(t)) for p, n, c, t in files], [str(f) for f in folders]

    def link_into(self, name: str, key: str, site_dir: Path) -> list[str] | None:
        """Link the stored files of ``name`` into ``site_dir``; the folders written, or None on a miss."""
        where = self._dir(name, key)
        if where is None:
            return None
        try:
            fmt, stored_key, files, folders = marshal.loads((where / _INDEX).read_bytes())
            if fmt != _FORMAT or stored_key != key:
                return None
            base, site = f"{where}/", f"{site_dir}/"
            for number, (_, size, crc, _) in enumerate(files):
                with open(f"{base}{number}", "rb") as stored:
                    data = stored.read()
                if len(data) != size or zlib.crc32(data) != crc:
                    raise ValueError(f"{base}{number} changed")
            _make_folders(site, [path for path, _, _, _ in files])
            for number, (path, _, _, _) in enumerate(files):
                place(f"{base}{number}", site + path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, EOFError):
            shutil.rmtree(where, ignore_errors=True)  # damaged: the caller writes the notice afresh
            return None
        self.linked += 1
        return [str(folder) for folder in folders]

    def save(self, name: str, key: str, site_dir: Path, recorder: Recorder) -> None:
        """Keep what ``recorder`` saw written into ``site_dir``; best effort, never fails a build."""
        where = self._dir(name, key)
        if where is None or self.root is None:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
            try:
                stamped = []
                for number, (path, size, crc) in enumerate(recorder.files):  # flat: no folder per page
                    place(f"{site_dir}/{path}", f"{tmp}/{number}")
                    stamped.append((path, size, crc, os.stat(f"{site_dir}/{path}").st_mtime_ns))
                index = (_FORMAT, key, tuple(stamped), tuple(recorder.folders))
                (tmp / _INDEX).write_bytes(marshal.dumps(index))
                os.rename(tmp, where)  # whole folders appear at once; a concurrent build's stays
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                return
            prefix = _slug(name) + "-"
            for old in self.root.iterdir():
                if old.name.startswith(prefix) and old != where:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError:
            return
