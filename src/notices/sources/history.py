"""Assemble every notice's versions from Git history, the working tree and legacy files.

The rules are the ones a privacy team states in words: a version label only goes
up, one label has one effective date, a file keeps its history when it is moved,
and a notice disappears only when another one supersedes it. Problems in the file
a person edits now are errors; problems in a commit long past cannot be fixed by
editing, so they are reported as warnings and that text is not published.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from notices.base.errors import ConfigError, HistoryError, NoticesError, NoticesWarning, SourceError
from notices.base.model import Candidate, FrontMatter, Notice, NoticeSet, Source, Version, pack, version_key
from notices.base.options import Options
from notices.base.textdates import stated_effective
from notices.reuse.cache import Cache
from notices.reuse.textcache import TextCache
from notices.sources.frontmatter import decode, parse_file, unknown_key_problems, validate
from notices.sources.gitrepo import Commit, GitReader, blob_id
from notices.sources.grouping import check_legacy_before_git, check_legacy_labels, group
from notices.sources.legacy import LegacyFile, read_legacy
from notices.sources.supersession import WORKTREE, link_supersession, orphan_error
from notices.sources.translations import link_translations, translation_suffix

__all__ = ["load_notices"]

_ZERO = "0" * 40
# Process-wide memos for `mkdocs serve`, whose rebuilds run in one process: the log of a
# commit and the texts of past commits are immutable, so an edit re-reads neither.
_LOGS: dict[tuple[str, str, str], list[Commit]] = {}
_READ: dict[tuple[str, str, bool, str], Candidate | NoticesError | None] = {}
_WAS_NOTICE: dict[str, bool] = {}
"""Blob id → whether that text had `version` (a page's past, read once per process)."""


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
    deleted_on: dt.date | None = None
    """The day of the commit that deleted it (the committer's own day)."""
    added_with: tuple[str, ...] = ()
    """Pages added by the commit that deleted this file: its successor, if it has one."""
    sole: bool = False
    """Whether that commit deleted no other page (a rename Git missed is then unambiguous)."""
    guessed: tuple[str, str, str] | None = None
    """(old path, new path, commit) of a rename Git did not detect but we followed."""

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
        self.warnings: list[NoticesWarning] = []

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
            added = tuple(c.path for c in commit.changes if c.status == "A" and c.path.endswith(".md"))
            deleted = sum(c.status == "D" and c.path in live and c.path.endswith(".md") for c in commit.changes)
            for change in commit.changes:
                if change.status == "D":
                    if change.path in live and change.path.endswith(".md"):
                        gone = live.pop(change.path)
                        gone.deleted_in, gone.deleted_on = commit.sha, commit.time.date()
                        gone.added_with = added
                        gone.sole = deleted == 1
                        dead[change.path] = gone
                    continue
                if not change.path.endswith(".md"):
                    if change.status == "R" and change.old_path in live and change.old_path.endswith(".md"):
                        gone = live.pop(change.old_path)  # renamed to a file that is no page: deleted here
                        gone.deleted_in, gone.deleted_on = commit.sha, commit.time.date()
                        dead[change.old_path] = gone
                    continue
                if change.status == "R" and change.old_path in live:
                    lineage = live.pop(change.old_path)
                    lineage.paths.append(change.path)
                    live[change.path] = lineage
                else:
                    lineage = live.get(change.path) or start(change.path)
                lineage.states.append(_State(change.path, change.blob, commit))

        docs_dir = self.options.docs_dir
        on_disk: dict[str, bytes] = {}
        for file in docs_dir.rglob("*.md") if docs_dir.is_dir() else ():
            rel = file.relative_to(docs_dir).as_posix()
            path = rel if self.docs == "." else f"{self.docs}/{rel}"
            found = self._disk_bytes(file, path)
            if found is not None:
                on_disk[path] = found
        for path, data in sorted(on_disk.items()):
            lineage = live.get(path) or start(path)
            sha = blob_id(data)
            if not lineage.states or lineage.states[-1].blob != sha:
                lineage.states.append(_State(path, sha, None, data))
        for path in set(live) - set(on_disk):
            live[path].deleted_in = WORKTREE
        return every

    def _disk_bytes(self, file: Path, path: str) -> bytes | None:
        """A page's bytes in the working tree; None for what is not a notice file (a folder, a link).

        Git stores a symbolic link as the path it points to, so a notice behind a link
        could never be published from history: that is an error. A link that leads
        nowhere is one too (MkDocs would stop on it with a traceback); links to plain
        pages are MkDocs' business.
        """
        if file.is_symlink():
            try:
                target = file.resolve(strict=True)
                data = target.read_bytes() if target.is_file() else None
            except (OSError, RuntimeError):
                raise SourceError(
                    "symbolic link to a file that does not exist (or a loop of links)",
                    path=path,
                    hint="fix the link or delete it; MkDocs cannot read the page either",
                ) from None
            if data is not None and _looks_like_notice(data.decode("utf-8", "replace")):
                shown = target.relative_to(self.root).as_posix() if target.is_relative_to(self.root) else str(target)
                raise SourceError(
                    f"a notice cannot be a symbolic link (this one points to {shown})",
                    path=path,
                    hint="Git keeps the link, not the text, so its versions could not be published from "
                    f"history; replace the link with the file itself (`cp --remove-destination {shown} {path}`)",
                )
            return None
        if not file.is_file():
            return None  # a folder named like a page
        try:
            return file.read_bytes()
        except OSError as exc:
            raise SourceError(
                f"cannot read the file ({exc.strerror})", path=path, hint="check that it exists and is readable"
            ) from None

    # -- reading states ---------------------------------------------------

    def prefetch(self, lineages: list[_Lineage], newest_only: bool = False) -> None:
        """Read in one pass the past texts that neither this process nor the cache remembers."""
        wanted = []
        for lineage in lineages:
            include = self.included(self.notice_id(lineage.path))  # as ``candidates`` keys them
            for state in lineage.states[-1:] if newest_only else lineage.states:
                if state.data is not None or state.blob == _ZERO:
                    continue
                if state.commit is not None and not newest_only:  # ``is_notice_now`` reads the newest text itself
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

    def is_notice_now(self, lineage: _Lineage) -> bool:
        """A page the `include` globs name, or one with `version` in its newest text."""
        if self.included(self.notice_id(lineage.path)):
            return True
        last = next((s for s in reversed(lineage.states) if s.blob != _ZERO), None)
        if last is None:
            return False
        text = decode(self._bytes(last), last.path)
        return _looks_like_notice(text) and _is_notice_data(parse_file(text, last.path).data)

    def was_notice(self, lineage: _Lineage) -> bool:
        """Whether an earlier text had `version`: once a notice, always a notice.

        A newest text that lost its `version` (an empty file, a deleted fence) is then an
        error on that file, instead of the notice and its published versions quietly
        leaving the site.
        """
        return any(self._was_notice(state) for state in lineage.states[:-1] if state.blob != _ZERO)

    def _was_notice(self, state: _State) -> bool:
        """Whether a text had `version` (read leniently: a text long past cannot be fixed)."""
        known = _WAS_NOTICE.get(state.blob)
        if known is None:
            text = self._bytes(state).decode("utf-8", "replace").replace("\r\n", "\n")  # a missing object raises
            try:
                known = _looks_like_notice(text) and "version" in parse_file(text, state.path).data
            except NoticesError:
                known = False
            _WAS_NOTICE[state.blob] = known
        return known

    def history_blobs(self, lineage: _Lineage) -> list[str]:
        """Past texts ``was_notice`` may read, so one pass can fetch them all."""
        return [s.blob for s in lineage.states[:-1] if s.data is None and s.blob != _ZERO and s.blob not in _WAS_NOTICE]

    def candidates(self, lineage: _Lineage) -> list[Candidate]:
        include = self.included(self.notice_id(lineage.path))
        result: list[Candidate] = []
        newest = len(lineage.states) - 1
        dates: dict[dt.date, int] = {}
        last_day: dt.date | None = None
        for index, state in enumerate(lineage.states):
            editable = index == newest and lineage.deleted_in is None
            try:
                candidate = self._cached_candidate(state, include, editable)
            except HistoryError:
                raise  # a missing or damaged object would silently drop a published version
            except _Gone as exc:
                if result or self.was_notice(lineage):
                    raise
                raise exc.new_page() from None  # it never was a notice: nothing would leave the site
            except NoticesError as exc:
                if editable:
                    raise
                self.warnings.append(NoticesWarning.skipped(exc, _short(state)))
                continue
            if candidate is None:
                continue
            if result and result[-1].identity == candidate.identity:
                continue  # only keys the tool does not use changed: not a new text
            if candidate.meta.version is None:
                day = candidate.published.date()
                if last_day is not None and day < last_day:  # a rebase or a wrong clock: history decides
                    self.warnings.append(
                        NoticesWarning(
                            f"commit {_short(state)} is dated {day.isoformat()}, before the text it "
                            f"follows in the history ({last_day.isoformat()}); ordered by history, its version is "
                            f"labelled and takes effect as of {last_day.isoformat()}",
                            path=state.path,
                        )
                    )
                    day = last_day
                last_day = day
                count = dates[day] = dates.get(day, 0) + 1
                label = day.isoformat() if count == 1 else f"{day.isoformat()}-{count}"
                effective = candidate.meta.effective or _effective(candidate, result[-1] if result else None) or day
                if result and result[-1].meta.effective and effective < result[-1].meta.effective:
                    effective = result[-1].meta.effective  # saved while the previous text was still announced
                candidate.meta = replace(candidate.meta, version=label, effective=effective)
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
        if editable and not text.strip():
            if include:
                raise SourceError(
                    "the file is empty, and an empty text cannot be published as a version",
                    path=state.path,
                    line=1,
                    hint="write the notice's text in it, or delete the file "
                    f"(once published, add `supersedes: [{self.notice_id(state.path)}]` to its successor)",
                )
            raise self._gone(state, "the file is empty", 1)
        parsed = parse_file(text, state.path)
        if editable:
            for key, line, suggestion in unknown_key_problems(parsed):
                if include and "version" not in parsed.data:
                    self.warnings.append(
                        NoticesWarning(
                            f"unknown key `{key}`; did you mean `{suggestion}`? (ignored)", path=state.path, line=line
                        )
                    )
                else:
                    raise SourceError(
                        f"unknown key `{key}`",
                        path=state.path,
                        line=line,
                        hint=f"did you mean `{suggestion}`?",
                    )
            if not include and parsed.data.get("version") is None:
                what = "the file has no front matter"
                if parsed.data:
                    what = "`version` has no value" if "version" in parsed.data else "the front matter has no `version`"
                line = parsed.key_lines.get("version", 2) if parsed.data else 1
                raise self._gone(state, what, line)
        fallback = _first_heading(parsed.body) or PurePosixPath(state.path).stem.replace("-", " ").capitalize()
        meta = validate(parsed, state.path, fallback_title=fallback if include else None)
        when = state.commit.time if state.commit else self._edited(state.path)
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
            packed=pack(parsed.body),
            sha256=hashlib.sha256(raw).hexdigest(),
            identity=identity,
            source=source,
            published=when,
            path=state.path,
            key_lines=parsed.key_lines,
            editable=editable,
        )

    def _gone(self, state: _State, what: str, line: int) -> _Gone:
        """The newest text of a notice is not a notice: say so, rather than let its versions vanish."""
        notice_id = self.notice_id(state.path)
        restore = (
            f"`git checkout -- {state.path}`"
            if state.commit is None
            else f"`git checkout {state.commit.sha[:12]}^ -- {state.path}`"
        )
        return _Gone(
            f"{what}, so notice `{notice_id}` would leave the site with its published versions",
            path=state.path,
            line=line,
            hint=f"put back its front matter (`---`, `title:`, `version:`, `effective:`, `---`), e.g. {restore}; "
            f"to retire the notice, delete the file and add `supersedes: [{notice_id}]` to the notice "
            "that replaces it",
        )


class _Gone(SourceError):
    """The newest text of a page read as a notice is not one (see ``_Loader._gone``)."""

    def new_page(self) -> SourceError:
        """For a page that never was a notice, yet names one in `supersedes` (or writes `Version:`)."""
        what = self.message.split(", so notice", 1)[0]
        return SourceError(
            f"{what}, but it `supersedes` other notices, which only a notice can do",
            path=self.path,
            line=self.line,
            hint="add `version: …` and `effective: YYYY-MM-DD` to make it a notice, or remove `supersedes`",
        )


def _legacy_candidate(file: LegacyFile) -> Candidate:
    effective = file.meta.effective
    assert effective is not None  # read_legacy requires it
    return Candidate(
        meta=file.meta,
        packed=pack(file.body),
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
    now = {id(found): loader.is_notice_now(found) for found in found_lineages}
    pages = [found for found in found_lineages if not now[id(found)]]
    loader.reader.prefetch([blob for found in pages for blob in loader.history_blobs(found)])
    found_lineages = [found for found in found_lineages if now[id(found)] or loader.was_notice(found)]
    loader.prefetch(found_lineages)
    for found in found_lineages:
        notice_id = loader.notice_id(found.path)
        by_id[notice_id] = (found, loader.candidates(found))
        aliases[notice_id] = [
            old for old in dict.fromkeys(loader.notice_id(p) for p in found.paths) if old != notice_id
        ]
    _follow_declared_renames(by_id, aliases, options.renamed)
    _follow_undetected_renames(loader, by_id, aliases)
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
        check_legacy_before_git(old, candidates)
        if lineage is not None and lineage.guessed is not None:
            versions = _grouped_after_guess(notice_id, old + candidates, loader.warnings, lineage.guessed, loader)
        else:
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
    _check_old_ids(notices)
    link_translations(notices, options.lang, options.languages)
    link_supersession(notices, lines)
    _declared_retirements(notices, by_id, options)
    orphans = [
        notice
        for notice in notices.values()
        if notice.path is None and notice.superseded_by is None and notice.withdrawn_on is None
    ]
    if orphans:
        errors = [_orphan(notice, notices, by_id, lines, loader) for notice in orphans]
        error = errors[0]
        if len(orphans) > 1:  # an adopted history: every file ever deleted, told at once, each with its fix
            others = ", ".join(f"`{o.id}`" for o in orphans[1:])
            error.message += f" (and {len(orphans) - 1} more deleted without a successor: {others})"
            error.hint = (
                (error.hint or "") + "; to declare notices retired long ago without editing any text, "
                "list them all under the plugin's `retired:` option (id: the notice that replaced it, "
                "or id: null for one withdrawn with no successor). The others:"
                + "".join(f"\n  {other.render()}" for other in errors[1:])
            )
        raise error
    reader.forget_prefetched()
    if texts is not None:
        texts.save()
    return NoticeSet(
        notices=notices,
        today=options.today,
        warnings=loader.warnings,
        lang=options.lang,
        commit=reader.head,
        pdf=options.pdf,
        messages=options.messages,
    )


def _orphan(
    notice: Notice,
    notices: dict[str, Notice],
    by_id: dict[str, tuple[_Lineage, list[Candidate]]],
    lines: dict[str, tuple[str, int | None]],
    loader: _Loader,
) -> SourceError:
    """The error for a notice deleted without a successor, with the fix that fits how it went."""
    lineage = by_id[notice.id][0] if notice.id in by_id else None
    added = tuple(p for p in lineage.added_with if (loader.root / p).is_file()) if lineage else ()
    similar = None if lineage is not None else _similar(notice.id, [k for k in notices if k != notice.id])
    _dropped_from_supersedes(notice, notices, lines)
    return orphan_error(notice, loader.docs, added, similar)


def _grouped_after_guess(
    notice_id: str,
    candidates: list[Candidate],
    warnings: list[NoticesWarning],
    guess: tuple[str, str, str],
    loader: _Loader,
) -> list[Version]:
    """Versions of a lineage joined across a rename Git did not see; if they clash, say we joined them."""
    old, new, commit = guess
    try:
        return group(notice_id, candidates, warnings)
    except SourceError as exc:
        exc.hint = (exc.hint + "; " if exc.hint else "") + (
            f"{new} is read as {old} renamed, because commit {commit[:12]} deleted one and added the other; "
            f"if it is a new notice, add `supersedes: [{loader.notice_id(old)}]` to it"
        )
        raise


def _follow_declared_renames(
    by_id: dict[str, tuple[_Lineage, list[Candidate]]], aliases: dict[str, list[str]], renamed: dict[str, str]
) -> None:
    """``renamed: {old: new}``: the adopter says a deleted notice lives on under a new id.

    A rename and a rewrite in one commit (or a merge) leaves Git nothing to match; the
    old texts become the new notice's earlier versions and the old URLs redirect."""
    for old_id, new_id in renamed.items():
        _known_ids("renamed", (old_id, new_id), by_id, "renamed: {old-id: new-id}")
        old, old_candidates = by_id[old_id]
        if old.deleted_in is None:
            raise ConfigError(
                f"`renamed` says `{old_id}` became `{new_id}`, but {old.path} still exists",
                path="mkdocs.yml",
                hint=f"delete {old.path} (its history stays under `{new_id}`), or drop the entry",
            )
        new, new_candidates = by_id.pop(new_id)
        del by_id[old_id]
        new.paths[:0] = old.paths
        by_id[new_id] = (new, old_candidates + new_candidates)
        aliases[new_id] = list(dict.fromkeys([*aliases.pop(old_id, []), old_id, *aliases.get(new_id, [])]))


def _known_ids(option: str, ids: tuple[str, ...], known: Mapping[str, object], form: str) -> None:
    """An option that names notices names ones this history has, or says which was meant."""
    for wanted in ids:
        if wanted not in known:
            close = difflib.get_close_matches(wanted, list(known), n=1)
            raise ConfigError(
                f"`{option}` names `{wanted}`, which is no notice in this history",
                path="mkdocs.yml",
                hint=(f"did you mean `{close[0]}`? " if close else "")
                + f"use notice ids (paths under docs/ without .md): `{form}`",
            )


def _declared_retirements(
    notices: dict[str, Notice], by_id: dict[str, tuple[_Lineage, list[Candidate]]], options: Options
) -> None:
    """``retired: {old: successor}``: a notice deleted long ago, superseded from the day its
    file went, without a `supersedes:` edit that would itself publish a new version today.
    ``retired: {old: null}``: withdrawn that day, nothing in its place (a discontinued product)."""
    for old_id, successor in options.retired.items():
        named = (old_id,) if successor is None else (old_id, successor)
        _known_ids("retired", named, notices, "retired: {old-id: successor-id, or null}")
        notice = notices[old_id]
        if notice.path is not None:
            raise ConfigError(
                f"`retired` lists `{old_id}`, but {notice.path} is still published",
                path="mkdocs.yml",
                hint=f"delete {notice.path} to retire it (its versions stay online), or drop the entry",
            )
        lineage = by_id[old_id][0] if old_id in by_id else None
        deleted_on = (lineage.deleted_on if lineage and lineage.deleted_on else None) or options.today
        if successor is None:
            if notice.superseded_by is not None:
                raise ConfigError(
                    f"`retired` says `{old_id}` was withdrawn with no successor, but `{notice.superseded_by}` "
                    f"supersedes it (its `supersedes:`)",
                    path="mkdocs.yml",
                    hint=f"write `{old_id}: {notice.superseded_by}`, or drop the entry",
                )
            notice.withdrawn_on = deleted_on
            continue
        if successor == old_id:
            raise ConfigError(
                f"`retired` says `{old_id}` replaced itself", path="mkdocs.yml", hint="name the notice that replaced it"
            )
        if notice.superseded_by not in (None, successor):
            raise ConfigError(
                f"`{old_id}` is superseded by `{notice.superseded_by}` (its `supersedes:`), and `retired` says "
                f"`{successor}`",
                path="mkdocs.yml",
                hint="keep one of the two",
            )
        notice.superseded_by = successor
        notice.superseded_on = deleted_on


def _follow_undetected_renames(
    loader: _Loader, by_id: dict[str, tuple[_Lineage, list[Candidate]]], aliases: dict[str, list[str]]
) -> None:
    """A notice deleted and a notice added in one commit, nothing superseding the old one: a rename.

    Git's ``-M`` misses a rename when the text was rewritten too, and the old notice
    would read as deleted without a successor. Followed only when it is unambiguous:
    the commit deleted that one page and added one, both with the same language
    suffix, and no notice (the new one included) says it `supersedes` the old id.
    """
    named = {target for _, found in by_id.values() if found for target in found[-1].meta.supersedes}
    for old_id, (old, old_candidates) in list(by_id.items()):
        if old.deleted_in in (None, WORKTREE) or not old.sole or len(old.added_with) != 1 or old_id in named:
            continue
        new_path = old.added_with[0]
        if not old_candidates or translation_suffix(old.path) != translation_suffix(new_path):
            continue
        new_id = next(
            (
                nid
                for nid, (lineage, _) in by_id.items()
                if lineage.paths[0] == new_path
                and lineage.states
                and lineage.states[0].commit is not None
                and lineage.states[0].commit.sha == old.deleted_in
            ),
            None,
        )
        if new_id is None:
            continue
        new, new_candidates = by_id.pop(new_id)
        del by_id[old_id]
        new.paths[:0] = old.paths
        new.guessed = (old.path, new_path, old.deleted_in)
        by_id[new_id] = (new, old_candidates + new_candidates)
        aliases[new_id] = list(dict.fromkeys([*aliases.pop(old_id, []), old_id, *aliases.get(new_id, [])]))


def _check_old_ids(notices: dict[str, Notice]) -> None:
    """A new file at the old path of a renamed notice would take over the URLs that redirect to it.

    `/privacy/1/` has served version 1 of the renamed notice; serving another text
    there would change a published version behind the readers' backs.
    """
    for notice in notices.values():
        for alias in notice.aliases:
            other = notices.get(alias)
            if other is not None and other.path is not None:
                raise SourceError(
                    f"`{alias}` is the old id of `{notice.id}` (renamed to {notice.path or notice.id}); "
                    f"its published URLs, such as /{alias}/, redirect there and cannot show this notice",
                    path=other.path,
                    hint=f"give this file another name (e.g. `git mv {other.path} "
                    f"{other.path.removesuffix('.md')}-new.md`), or move {notice.path or notice.id} back here "
                    "if this is the same notice",
                )


def _dropped_from_supersedes(
    notice: Notice, notices: dict[str, Notice], lines: dict[str, tuple[str, int | None]]
) -> None:
    """An orphan that an earlier version of another notice superseded: the edit to fix is that one's."""
    for other in notices.values():
        earlier = [v.label for v in other.versions if notice.id in v.latest.meta.supersedes]
        if earlier and other.path is not None:
            path, line = lines.get(other.id, (other.path, None))
            raise SourceError(
                f"`supersedes` no longer names `{notice.id}`, which version {earlier[-1]} superseded; "
                f"its file is deleted, so its published versions would have no successor",
                path=path,
                line=line or 2,
                hint=f"keep `{notice.id}` in `supersedes` (e.g. `supersedes: [{notice.id}]`)",
            )


def _similar(notice_id: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(notice_id, known, n=1, cutoff=0.75)
    return close[0] if close else None


def _identity(meta: FrontMatter, body: str) -> str:
    """What makes two texts the same text: the fields the tool reads and the words."""
    return hashlib.sha256(repr(meta).encode() + b"\0" + body.strip().encode()).hexdigest()


def _looks_like_notice(text: str) -> bool:
    """A cheap look before parsing: a `version` or `supersedes` line before the first closing fence."""
    lines = text.removeprefix("\ufeff").split("\n", 400)[:400]
    start = 1 if lines[0].rstrip() == "---" else 0
    for line in lines[start:]:
        if _CLOSE.match(line):
            return False
        if _NOTICE_KEY.match(line):
            return True
    return False


_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*\r?$")
_NOTICE_KEY = re.compile(r"^(version|supersedes)[ \t]*:", re.IGNORECASE)


def _is_notice_data(data: dict[str, object]) -> bool:
    """`Version:` counts too, so that the typo gets its "did you mean" instead of a plain page."""
    return any(key.lower() == "version" or key == "supersedes" for key in data)


def _effective(candidate: Candidate, previous: Candidate | None) -> dt.date | None:
    """The effective date an adopted text states ("Effective date: 3 March 2021"), when it
    is news: a date the text kept from the version before (a typo fixed, the date line
    left alone) or one before that version took effect would put two texts in force on
    one day, so the commit's day dates the version then."""
    stated = stated_effective(candidate.body)
    if stated is None or previous is None:
        return stated
    if stated == stated_effective(previous.body) or (previous.meta.effective and stated <= previous.meta.effective):
        return None
    return stated


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip().rstrip("#").strip() or None
    return None


def _short(state: _State) -> str:
    return state.commit.sha[:12] if state.commit else "working tree"
