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
import io
import os
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["Cache", "tool_digest"]

_MAGIC = b"notices-cache 1\n"
_CHECK = 12  # bytes: CRC-32 and length of the payload, both big-endian


class _Inflating(io.RawIOBase):
    """A stream entry's payload, inflated as it is read: a long history's pages are never in
    memory whole. A payload that does not inflate raises ``zlib.error`` to the reader."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj()
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._left:
            if self._inflate.eof:
                return 0
            packed = self._inflate.unconsumed_tail or self._raw.read(1 << 16)
            if not packed:
                self._left = self._inflate.flush()
                if not self._left:
                    return 0
                break
            self._left = self._inflate.decompress(packed, 1 << 18)
        count = min(len(view), len(self._left))
        view[:count] = self._left[:count]
        self._left = self._left[count:]
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


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
        a long history's pages never sits in memory whole; compressed (zlib, its fastest level:
        a notice's pages are HTML, a fifth of the disk, and written and read once a build). The
        pieces are all consumed even if the file cannot be written (they are a computation the
        caller needs); False then. ``open_stream`` reads it back."""
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
        deflate = zlib.compressobj(1)
        try:
            for piece in pieces:
                if out is not None:
                    packed = deflate.compress(piece)
                    crc, length = zlib.crc32(packed, crc), length + len(packed)
                    try:
                        out.write(packed)
                    except OSError:
                        out.close()
                        out = None
            if out is None:
                return False
            packed = deflate.flush()
            crc, length = zlib.crc32(packed, crc), length + len(packed)
            out.write(packed)
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
        """The payload of an entry written by ``put_stream`` as an open file at its start (inflated
        as it is read), once its checksum has been verified in one streaming pass; None for a
        missing, foreign or damaged entry."""
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
            return io.BufferedReader(_Inflating(f), 1 << 16)
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
        package = Path(__file__).parent
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
