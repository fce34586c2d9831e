"""Keep unchanged notices' folders through MkDocs' emptying of the site folder.

A normal ``mkdocs build`` deletes the whole site folder first. For a notice with
hundreds of versions that means hundreds of folders deleted and created again,
and on common file systems creating a folder right after deleting thousands
costs far more than writing a page. So before MkDocs empties the site, each
notice's folders are moved into a hidden folder inside it (MkDocs keeps dot
folders), and after MkDocs built the notice's page they are moved back, if the
notice's output key is the one they were built with and every file in them
still has the length and modification time recorded when it was written (or,
if only its time differs, the same CRC-32). Anything else (a changed notice,
a file edited by hand, an unknown file) is not moved back, and the hidden
folder is deleted at the end of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import shutil
import zlib
from pathlib import Path

from notices.base.urls import embed_dir, notice_dir
from notices.reuse.outputs import OutputStore

__all__ = ["Stage"]

STAGE = ".notices-stage"
_FORMAT = 1


def _roots(notice_id: str) -> list[str]:
    """The site paths that hold only this notice's files (the notice folder also holds MkDocs' page)."""
    return [notice_dir(notice_id), embed_dir(notice_id), f"api/v1/{notice_id}/", f"api/v1/{notice_id}.json"]


class Stage:
    def __init__(self, cache_root: Path | None, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.dir = site_dir / STAGE
        self.state_file: Path | None = None
        if cache_root is not None:
            slug = hashlib.blake2b(str(site_dir.resolve()).encode(), digest_size=10).hexdigest()
            self.state_file = cache_root / "sites" / f"{slug}.bin"
        self.staged: dict[str, str] = {}
        """Notice id → the output key its staged folders were built with."""
        self.numbers: dict[str, int] = {}

    def set_aside(self) -> None:
        """Before MkDocs empties the site: move the notices' folders into the hidden folder.

        Every notice the last build wrote is moved, also one that is gone now: what is
        not moved back is deleted, as MkDocs would have done.
        """
        shutil.rmtree(self.dir, ignore_errors=True)  # left by a build that failed
        state = self._state()
        if not state or not self.site_dir.is_dir():
            return
        with contextlib.suppress(OSError):
            self.dir.mkdir()
            for number, (notice_id, key) in enumerate(sorted(state.items())):
                self.numbers[notice_id] = number
                for index, root in enumerate(_roots(notice_id)):
                    source = self.site_dir / root
                    if source.exists():
                        os.rename(source, self.dir / f"{number}.{index}")
                self.staged[notice_id] = key

    def restore(self, notice_id: str, key: str, store: OutputStore) -> list[str] | None:
        """Move the notice's folders back if they are exactly what ``key`` writes; their page folders."""
        if self.staged.get(notice_id) != key:
            return None
        index = store.index(notice_id, key)
        if index is None:
            return None
        files, folders = index
        number = self.numbers[notice_id]
        roots = _roots(notice_id)
        expected: dict[str, tuple[int, int, int]] = {}
        for path, size, crc, mtime in files:
            root = next((i for i, r in enumerate(roots) if path.startswith(r) or path == r), None)
            if root is None:
                return None
            rest = path[len(roots[root]) :]
            expected[f"{number}.{root}/{rest}" if rest else f"{number}.{root}"] = (size, crc, mtime)
        own_page = f"{number}.0/index.html"
        found: set[str] = set()
        found_folders: set[str] = set()
        for index_number in range(len(roots)):
            top = self.dir / f"{number}.{index_number}"
            if top.is_file():
                found.add(top.name)
            for folder, _, names in os.walk(top):
                rel = os.path.relpath(folder, self.dir)
                found_folders.add(rel)
                found.update(f"{rel}/{name}" for name in names)
        if own_page not in expected:
            found.discard(own_page)  # MkDocs' page of the notice, built afresh
        folders_expected = {os.path.dirname(rel) for rel in expected}
        for folder in list(folders_expected):
            while "/" in folder:
                folder = os.path.dirname(folder)
                folders_expected.add(folder)
        folders_expected.discard("")
        if found != set(expected) or not found_folders <= folders_expected | {f"{number}.0"}:
            return None  # a file or folder added, removed or renamed since: write the notice afresh
        for rel, (size, crc, mtime) in expected.items():
            stat = os.stat(self.dir / rel)
            if stat.st_size != size:
                return None
            if stat.st_mtime_ns == mtime:
                continue  # as written, unless someone edited it and set its time back
            with open(self.dir / rel, "rb") as staged:
                data = staged.read()
            if zlib.crc32(data) != crc:
                return None
        try:
            for index_number, site_root in enumerate(roots):
                top = self.dir / f"{number}.{index_number}"
                if not top.exists():
                    continue
                target = self.site_dir / site_root
                if index_number == 0:
                    # MkDocs writes the notice's own page into this folder, maybe right now, from
                    # another thread: never replace the folder, only add what it lacks.
                    target.mkdir(parents=True, exist_ok=True)
                    for name in os.listdir(top):
                        if name != "index.html" or own_page in expected:
                            os.replace(top / name, target / name)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(top, target)
        except OSError:
            return None  # what was moved back is overwritten when the notice is written
        return [str(folder) for folder in folders]

    def abandon(self) -> None:
        """A build that failed: put back what is still set aside where nothing took its place.

        If the failure came before MkDocs emptied the site (another plugin's check), the
        previous site is whole again; after that, the next build checks what it finds.
        """
        for notice_id, number in self.numbers.items():
            for index, root in enumerate(_roots(notice_id)):
                staged, target = self.dir / f"{number}.{index}", self.site_dir / root
                if staged.exists() and not target.exists():
                    with contextlib.suppress(OSError):
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.rename(staged, target)
        shutil.rmtree(self.dir, ignore_errors=True)

    def finish(self, outputs: dict[str, str]) -> None:
        """Drop what was not moved back; remember which key built each notice's folders."""
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.state_file is None:
            return
        with contextlib.suppress(OSError):
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_file.with_name(f".{self.state_file.name}.{os.getpid()}")
            tmp.write_bytes(marshal.dumps((_FORMAT, outputs)))
            os.replace(tmp, self.state_file)

    def _state(self) -> dict[str, str]:
        if self.state_file is None:
            return {}
        try:
            fmt, outputs = marshal.loads(self.state_file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if fmt != _FORMAT or not isinstance(outputs, dict):
            return {}
        return {str(k): str(v) for k, v in outputs.items()}
