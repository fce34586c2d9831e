"""The build cache: what a notice's pages cost to compute, kept between builds.

Entries are addressed by a key that hashes everything their content depends on
(the notice's texts and history, related notices, notes, options, the date's
effect on statuses and the tool's own code), so an entry is either right or
never looked up. Each file carries its key and a checksum of its payload: a
corrupt, truncated or foreign file is a miss (and is replaced), never output.
Files are written to a private temporary name and renamed into place, so
concurrent builds sharing the folder see whole entries or none.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

__all__ = ["Cache", "tool_digest"]

_MAGIC = b"notices-cache 1\n"
_CHECK = 12  # bytes: CRC-32 and length of the payload, both big-endian


def _check(payload: bytes) -> bytes:
    """CRC-32 catches flipped bits and the length a truncation; the key in the header catches the rest."""
    return zlib.crc32(payload).to_bytes(4, "big") + len(payload).to_bytes(8, "big")


class Cache:
    """Entries under ``root/<kind>/``; ``root=None`` keeps them in a private temporary folder."""

    def __init__(self, root: Path | None) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.persistent = root is not None
        if root is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="notices-cache-")
            root = Path(self._tmp.name)
        self.root = root

    def path(self, kind: str, name: str) -> Path:
        """One file per (kind, name); ``name`` is e.g. a notice id, so a new key replaces the old entry."""
        slug = hashlib.blake2b(name.encode(), digest_size=10).hexdigest()
        return self.root / kind / f"{slug}.bin"

    def get(self, kind: str, name: str, key: str) -> bytes | None:
        path = self.path(kind, name)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header = len(_MAGIC) + len(key) + 1 + _CHECK
        ok = (
            data.startswith(_MAGIC)
            and data[len(_MAGIC) : len(_MAGIC) + len(key) + 1] == key.encode() + b"\n"
            and _check(data[header:]) == data[header - _CHECK : header]
        )
        if not ok:
            return None
        return data[header:]

    def put(self, kind: str, name: str, key: str, payload: bytes) -> None:
        """Best effort: a cache that cannot be written makes builds slower, never wrong."""
        path = self.path(kind, name)
        digest = _check(payload)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_MAGIC + key.encode() + b"\n" + digest)
                    out.write(payload)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def put_stream(self, kind: str, name: str, key: str, pieces: Iterable[bytes]) -> bool:
        """``put`` of the concatenation of ``pieces``, written as they come, so an entry as large as
        a long history's pages never sits in memory whole. The pieces are all consumed even if
        the file cannot be written (they are a computation the caller needs); False then."""
        path = self.path(kind, name)
        crc = length = 0
        out: BinaryIO | None = None
        tmp = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            out = os.fdopen(fd, "w+b")
            out.write(_MAGIC + key.encode() + b"\n" + bytes(_CHECK))
        except OSError:
            out = None
        try:
            for piece in pieces:
                crc, length = zlib.crc32(piece, crc), length + len(piece)
                if out is not None:
                    try:
                        out.write(piece)
                    except OSError:
                        out.close()
                        out = None
            if out is None:
                return False
            out.seek(len(_MAGIC) + len(key) + 1)
            out.write(crc.to_bytes(4, "big") + length.to_bytes(8, "big"))
            out.close()
            out = None
            os.replace(tmp, path)
            return True
        except OSError:
            return False
        finally:
            if out is not None:
                out.close()
            if tmp and os.path.exists(tmp):
                Path(tmp).unlink(missing_ok=True)

    def open_stream(self, kind: str, name: str, key: str) -> BinaryIO | None:
        """The payload of an entry as an open file at its start, once its checksum has been
        verified in one streaming pass; None for a missing, foreign or damaged entry."""
        try:
            f = self.path(kind, name).open("rb")
        except OSError:
            return None
        try:
            start = len(_MAGIC) + len(key) + 1
            header = f.read(start + _CHECK)
            if header[:start] != _MAGIC + key.encode() + b"\n" or len(header) != start + _CHECK:
                f.close()
                return None
            crc = length = 0
            while block := f.read(1 << 20):
                crc, length = zlib.crc32(block, crc), length + len(block)
            if crc.to_bytes(4, "big") + length.to_bytes(8, "big") != header[start:]:
                f.close()
                return None
            f.seek(start + _CHECK)
            return f
        except OSError:
            f.close()
            return None

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


_TOOL: list[str] = []


def tool_digest() -> str:
    """The tool's own code and the versions of the libraries that shape its output.

    A changed line in the package (an upgrade, or a developer's edit) changes
    every key, so a cache never serves pages an older tool rendered.
    """
    if not _TOOL:
        from importlib.metadata import PackageNotFoundError, version

        h = hashlib.blake2b(digest_size=16)
        package = Path(__file__).parents[1]
        for path in sorted(package.rglob("*")):
            if path.suffix in {".py", ".js", ".css", ".json", ".po"} and path.is_file():
                h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
        for dist in ("markdown-it-py", "mdit-py-plugins", "nh3", "feedgen", "PyYAML"):
            try:
                h.update(f"{dist}={version(dist)}\0".encode())
            except PackageNotFoundError:
                h.update(f"{dist}=?\0".encode())
        _TOOL.append(h.hexdigest())
    return _TOOL[0]
