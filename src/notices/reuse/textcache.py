"""Texts of past commits, parsed once and kept in the build cache between processes.

A text in a past commit never changes, yet reading it costs a round trip to
``git cat-file`` plus YAML parsing: for a history of thousands of commits that
is most of what a warm build spends before it can decide what changed. The
parsed texts are kept in one cache entry, keyed by the tool's own digest, and
pruned to the texts the last build used.
"""

from __future__ import annotations

import datetime as dt
import marshal
from typing import Any

from notices.base.model import Candidate, FrontMatter, Source
from notices.reuse.cache import Cache, tool_digest

__all__ = ["TextCache", "TextKey"]

TextKey = tuple[str, str, bool, str]
"""(blob, path, include mode, commit)."""

_FORMAT = 2  # 2: bodies compressed
_NONE = 0  # a text before its page became a notice: nothing to publish


def _encode(candidate: Candidate | None) -> Any:
    if candidate is None:
        return _NONE
    m, s = candidate.meta, candidate.source
    effective = m.effective.isoformat() if m.effective else None
    meta = (m.title, m.version, effective, m.summary, m.supersedes, m.purposes, m.material, m.lang)
    return (
        meta,
        candidate.packed,
        candidate.sha256,
        candidate.identity,
        (s.kind, s.path, s.blob, s.commit),
        candidate.published.isoformat(),
        candidate.path,
        candidate.key_lines,
        candidate.editable,
    )


def _decode(data: Any) -> Candidate | None:
    if data == _NONE:
        return None
    meta, packed, sha256, identity, source, published, path, key_lines, editable = data
    title, version, effective, summary, supersedes, purposes, material, lang = meta
    front = FrontMatter(
        title,
        version,
        dt.date.fromisoformat(effective) if effective else None,
        summary,
        tuple(supersedes),
        tuple(purposes) if purposes is not None else None,
        material,
        lang,
    )
    return Candidate(
        meta=front,
        packed=packed,
        sha256=sha256,
        identity=identity,
        source=Source(*source),
        published=dt.datetime.fromisoformat(published),
        path=path,
        key_lines=dict(key_lines),
        editable=editable,
    )


class TextCache:
    """One entry per file path, read on the first text of that path this process does not
    remember (``mkdocs serve`` rarely needs any); a new commit rewrites one small entry."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.key = tool_digest()
        self.stored: dict[str, dict[TextKey, Any]] = {}
        self.used: dict[str, dict[TextKey, Any]] = {}

    def _shard(self, path: str) -> dict[TextKey, Any]:
        shard = self.stored.get(path)
        if shard is None:
            shard = self.stored[path] = {}
            data = self.cache.get("texts", path, self.key)
            if data is not None:
                try:
                    fmt, entries = marshal.loads(data)
                    if fmt == _FORMAT:
                        shard.update((tuple(k), v) for k, v in entries)
                except Exception:  # noqa: BLE001 - an undecodable entry is a miss
                    shard.clear()
        return shard

    def has(self, key: TextKey) -> bool:
        return key in self._shard(key[1])

    def get(self, key: TextKey) -> tuple[bool, Candidate | None]:
        """(found, candidate); a damaged record counts as not found."""
        data = self._shard(key[1]).get(key)
        if data is None:
            return False, None
        try:
            candidate = _decode(data)
        except Exception:  # noqa: BLE001
            return False, None
        self.used.setdefault(key[1], {})[key] = data
        return True, candidate

    def put(self, key: TextKey, candidate: Candidate | None) -> None:
        """Record a text this load used (read now, or remembered by this process)."""
        used = self.used.setdefault(key[1], {})
        if key not in used:
            stored = self.stored.get(key[1], {})
            used[key] = stored[key] if key in stored else _encode(candidate)

    def save(self) -> None:
        """Keep, per path read from the cache, the texts this load used (so an entry never
        outgrows the history), where that changed. Paths found in this process's memory
        were never read, and have nothing to add."""
        for path, stored in self.stored.items():
            used = self.used.get(path, {})
            if used.keys() != stored.keys():
                self.cache.put("texts", path, self.key, marshal.dumps((_FORMAT, tuple(used.items()))))
