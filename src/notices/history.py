"""Assemble every notice's versions from Git history, the working tree and legacy files.

The rules are the ones a privacy team states in words: a version label only goes
up, one label has one effective date, a file keeps its history when it is moved,
and a notice disappears only when another one supersedes it. Problems in the file
a person edits now are errors; problems in a commit long past cannot be fixed by
editing, so they are reported as warnings and that text is not published.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .cache import Cache
from .errors import HistoryError, NoticesError, SourceError
from .frontmatter import decode, parse_file, unknown_key_problems, validate
from .gitrepo import Commit, GitReader, blob_id
from .grouping import Candidate, check_legacy_labels, group
from .legacy import LegacyFile, read_legacy
from .model import FrontMatter, Notice, NoticeSet, Source, version_key
from .options import Options
from .supersession import WORKTREE, link_supersession, orphan_error
from .textcache import TextCache
from .translations import link_translations, translation_suffix

__all__ = ["load_notices"]

_ZERO = "0" * 40
# Process-wide memos for `mkdocs serve`, whose rebuilds run in one process: the log of a
# commit and the texts of past commits are immutable, so an edit re-reads neither.
_LOGS: dict[tuple[str, str, str], list[Commit]] = {}
_READ: dict[tuple[str, str, bool, str], Candidate | NoticesError | None] = {}


@dataclass(slots=True)
class _State:
    """One text a notice file had: in a commit, or in the working tree."""

    path: str
    blob: str
    commit: Commit | None
    data: bytes | None = None
    """Working-tree bytes; Git states are read lazily through cat-file."""


@dataclass(slots=True)
class _Lineage:
    """A file followed through renames: the unit that becomes one notice."""

    states: list[_State] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    deleted_in: str | None = None

    @property
    def path(self) -> str:
        return self.paths[-1]


class _Loader:
    def __init__(self, options: Options, reader: GitReader, texts: TextCache | None = None) -> None:
        self.texts = texts
        self.options = options
        self.reader = reader
        self.root = reader.root
        self.docs = reader.relpath(options.docs_dir)
        self.warnings: list[str] = []

    # -- lineages ---------------------------------------------------------

    def lineages(self) -> list[_Lineage]:
        live: dict[str, _Lineage] = {}
        dead: dict[str, _Lineage] = {}
        every: list[_Lineage] = []

        def start(path: str) -> _Lineage:
            lineage = dead.pop(path, None)
            if lineage is None:
                lineage = _Lineage()
                every.append(lineage)
            lineage.deleted_in = None
            if not lineage.paths or lineage.paths[-1] != path:
                lineage.paths.append(path)
            live[path] = lineage
            return lineage

        key = (str(self.root), self.reader.head or "", self.docs)
        commits = _LOGS.get(key) if self.reader.head else None
        if commits is None:
            commits = self.reader.log([self.docs])
            if self.reader.head:
                _LOGS[key] = commits
        for commit in commits:
            for change in commit.changes:
                if change.status == "D":
                    if change.path in live and change.path.endswith(".md"):
                        gone = live.pop(change.path)
                        gone.deleted_in = commit.sha
                        dead[change.path] = gone
                    continue
                if not change.path.endswith(".md"):
                    continue
                if change.status == "R" and change.old_path in live:
                    lineage = live.pop(change.old_path)
                    lineage.paths.append(change.path)
                    live[change.path] = lineage
                else:
                    lineage = live.get(change.path) or start(change.path)
                lineage.states.append(_State(change.path, change.blob, commit))

        docs_dir = self.options.docs_dir
        on_disk = {self.reader.relpath(p) for p in docs_dir.rglob("*.md")} if docs_dir.is_dir() else set()
        for path in sorted(on_disk):
            data = (self.root / path).read_bytes()
            lineage = live.get(path) or start(path)
            sha = blob_id(data)
            if not lineage.states or lineage.states[-1].blob != sha:
                lineage.states.append(_State(path, sha, None, data))
        for path in set(live) - on_disk:
            live[path].deleted_in = WORKTREE
        return every

    # -- reading states ---------------------------------------------------

    def prefetch(self, lineages: list[_Lineage], newest_only: bool = False) -> None:
        """Read in one pass the past texts that neither this process nor the cache remembers."""
        wanted = []
        for lineage in lineages:
            include = self.included(self.notice_id(lineage.path))  # as ``candidates`` keys them
            for state in lineage.states[-1:] if newest_only else lineage.states:
                if state.data is not None or state.blob == _ZERO:
                    continue
                if state.commit is not None and not newest_only:  # ``is_notice`` reads the newest text itself
                    key = (state.blob, state.path, include, state.commit.sha)
                    if key in _READ or (self.texts is not None and self.texts.has(key)):
                        continue
                wanted.append(state.blob)
        self.reader.prefetch(wanted)

    def _bytes(self, state: _State) -> bytes:
        return state.data if state.data is not None else self.reader.blob(state.blob, state.path)

    def _edited(self, path: str) -> dt.datetime:
        """An uncommitted text's time: when it was saved, so rebuilding it changes nothing."""
        stamp = (self.root / path).stat().st_mtime
        return dt.datetime.fromtimestamp(int(stamp), tz=dt.timezone.utc)

    def notice_id(self, path: str) -> str:
        rel = PurePosixPath(path).relative_to(self.docs) if self.docs != "." else PurePosixPath(path)
        return str(rel.with_suffix(""))

    def included(self, notice_id: str) -> bool:
        return any(fnmatch.fnmatch(notice_id + ".md", glob) for glob in self.options.include)

    def is_notice(self, lineage: _Lineage) -> bool:
        """A page with `version` in its newest text, or one the `include` globs name."""
        if self.included(self.notice_id(lineage.path)):
            return True
        last = next((s for s in reversed(lineage.states) if s.blob != _ZERO), None)
        if last is None:
            return False
        text = decode(self._bytes(last), last.path)
        parsed = parse_file(text, last.path) if _mentions_version(text) else None
        return parsed is not None and "version" in parsed.data

    def candidates(self, lineage: _Lineage) -> list[Candidate]:
        include = self.included(self.notice_id(lineage.path))
        result: list[Candidate] = []
        newest = len(lineage.states) - 1
        dates: dict[dt.date, int] = {}
        for index, state in enumerate(lineage.states):
            editable = index == newest and lineage.deleted_in is None
            try:
                candidate = self._cached_candidate(state, include, editable)
            except HistoryError:
                raise  # a missing or damaged object would silently drop a published version
            except NoticesError as exc:
                if editable:
                    raise
                self.warnings.append(f"{exc.render()} (in commit {_short(state)}; this text is not published)")
                continue
            if candidate is None:
                continue
            if result and result[-1].identity == candidate.identity:
                continue  # only keys the tool does not use changed: not a new text
            if candidate.meta.version is None:
                day = candidate.published.date()
                count = dates[day] = dates.get(day, 0) + 1
                label = day.isoformat() if count == 1 else f"{day.isoformat()}-{count}"
                candidate.meta = replace(candidate.meta, version=label, effective=candidate.meta.effective or day)
            result.append(candidate)
        return result

    def _cached_candidate(self, state: _State, include: bool, editable: bool) -> Candidate | None:
        """Texts in past commits never change: ``mkdocs serve`` reads each of them once."""
        if editable or state.commit is None:
            return self._candidate(state, include, editable)
        key = (state.blob, state.path, include, state.commit.sha)
        if key not in _READ:
            found, candidate = self.texts.get(key) if self.texts is not None else (False, None)
            try:
                _READ[key] = candidate if found else self._candidate(state, include, editable)
            except HistoryError:
                raise  # not a fact about the text: the next build, after a repair, must read it again
            except NoticesError as exc:
                _READ[key] = exc
        hit = _READ[key]
        if isinstance(hit, NoticesError):
            raise hit
        if self.texts is not None:
            self.texts.put(key, hit)
        return replace(hit) if hit is not None else None  # callers relabel their copy

    def _candidate(self, state: _State, include: bool, editable: bool) -> Candidate | None:
        raw = self._bytes(state)
        text = decode(raw, state.path)
        parsed = parse_file(text, state.path)
        fallback = _first_heading(parsed.body) or PurePosixPath(state.path).stem.replace("-", " ").capitalize()
        meta = validate(parsed, state.path, fallback_title=fallback if include else None)
        when = state.commit.time if state.commit else self._edited(state.path)
        if editable:
            for key, line, suggestion in unknown_key_problems(parsed):
                if include and meta.version is None:
                    self.warnings.append(
                        f"{state.path}:{line}: unknown key `{key}`; did you mean `{suggestion}`? (ignored)"
                    )
                else:
                    raise SourceError(
                        f"unknown key `{key}`",
                        path=state.path,
                        line=line,
                        hint=f"did you mean `{suggestion}`?",
                    )
        if meta.version is None and not include:
            return None  # written before the page became a notice
        if meta.version is not None and meta.effective is None and translation_suffix(state.path) is None:
            raise SourceError(
                f"version {meta.version} has no `effective` date",
                path=state.path,
                line=parsed.key_lines.get("version"),
                hint="add `effective: YYYY-MM-DD`, the date this version takes effect",
            )
        identity = _identity(meta, parsed.body)
        if state.commit is None:
            source = Source("worktree", state.path, blob=state.blob)
        else:
            source = Source("git", state.path, blob=state.blob, commit=state.commit.sha)
        return Candidate(
            meta=meta,
            body=parsed.body,
            sha256=hashlib.sha256(raw).hexdigest(),
            identity=identity,
            source=source,
            published=when,
            path=state.path,
            key_lines=parsed.key_lines,
            editable=editable,
        )


def _legacy_candidate(file: LegacyFile) -> Candidate:
    effective = file.meta.effective
    assert effective is not None  # read_legacy requires it
    return Candidate(
        meta=file.meta,
        body=file.body,
        sha256=file.sha256,
        identity=_identity(file.meta, file.body),
        source=Source("legacy", file.path),
        published=dt.datetime.combine(effective, dt.time(), tzinfo=dt.timezone.utc),
        path=file.path,
        key_lines=file.key_lines,
        editable=True,
    )


def load_notices(options: Options, reader: GitReader | None = None) -> NoticeSet:
    """Read every notice of a site. Raises NoticesError; returns warnings with the set."""
    reader = reader or GitReader(options.docs_dir if options.docs_dir.exists() else Path.cwd())
    reader.check_history()
    texts = TextCache(Cache(options.cache_dir)) if options.cache else None
    loader = _Loader(options, reader, texts)
    by_id: dict[str, tuple[_Lineage, list[Candidate]]] = {}
    aliases: dict[str, list[str]] = {}
    found_lineages = loader.lineages()
    loader.prefetch(found_lineages, newest_only=True)  # is it a notice?
    found_lineages = [found for found in found_lineages if loader.is_notice(found)]
    loader.prefetch(found_lineages)
    for found in found_lineages:
        notice_id = loader.notice_id(found.path)
        by_id[notice_id] = (found, loader.candidates(found))
        aliases[notice_id] = [
            old for old in dict.fromkeys(loader.notice_id(p) for p in found.paths) if old != notice_id
        ]
    legacy: dict[str, list[Candidate]] = {}
    for file in read_legacy(options.versions_dir, reader.root):
        owner = next((nid for nid, old in aliases.items() if file.notice in old), file.notice)
        legacy.setdefault(owner, []).append(_legacy_candidate(file))

    notices: dict[str, Notice] = {}
    lines: dict[str, tuple[str, int | None]] = {}
    for notice_id in sorted(set(by_id) | set(legacy)):
        lineage: _Lineage | None = None
        candidates: list[Candidate] = []
        if notice_id in by_id:
            lineage, candidates = by_id[notice_id]
        old = sorted(legacy.get(notice_id, []), key=lambda c: version_key(str(c.meta.version)))
        check_legacy_labels(old)
        versions = group(notice_id, old + candidates, loader.warnings)
        if not versions:
            continue
        alive = lineage is not None and lineage.deleted_in is None
        notice = Notice(
            id=notice_id,
            path=lineage.path if lineage is not None and alive else None,
            versions=versions,
            aliases=aliases.get(notice_id, []),
            supersedes=versions[-1].latest.meta.supersedes,
            deleted_in=lineage.deleted_in if lineage is not None else None,
        )
        notices[notice_id] = notice
        newest = (candidates or old)[-1]
        lines[notice_id] = (newest.path, newest.key_lines.get("supersedes"))
    link_translations(notices, options.lang)
    link_supersession(notices, lines)
    for notice in notices.values():
        if notice.path is None and notice.superseded_by is None:
            raise orphan_error(notice, loader.docs)
    reader.forget_prefetched()
    if texts is not None:
        texts.save()
    return NoticeSet(notices=notices, today=options.today, warnings=loader.warnings)


def _identity(meta: FrontMatter, body: str) -> str:
    """What makes two texts the same text: the fields the tool reads and the words."""
    return hashlib.sha256(repr(meta).encode() + b"\0" + body.strip().encode()).hexdigest()


def _mentions_version(text: str) -> bool:
    return text.startswith(("---", "\ufeff---")) and "\nversion" in text.split("\n---", 2)[0] + "\n"


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip().rstrip("#").strip() or None
    return None


def _short(state: _State) -> str:
    return state.commit.sha[:12] if state.commit else "working tree"
