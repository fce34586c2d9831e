"""Supersession: which notice replaced which, and the rule that nothing just vanishes.

A retired product policy stays published forever; what changes is that every
page of it names its successor. A notice may only lose its file once another
notice takes it over, otherwise its readers would lose the text they agreed to.
"""

from __future__ import annotations

import datetime as dt
import difflib

from notices.base.errors import SourceError
from notices.base.model import Notice, NoticeSet, Revision, Version

__all__ = [
    "WORKTREE",
    "Live",
    "ended_on",
    "link_supersession",
    "live_from",
    "orphan_error",
    "retired",
    "until",
    "withdrawn",
]

Live = tuple[dt.date, Notice, Version, Revision]
"""From this day on (until the next entry), this text of this version of this notice bound readers."""

WORKTREE = "the working tree"


def link_supersession(notices: dict[str, Notice], lines: dict[str, tuple[str, int | None]]) -> None:
    for notice in notices.values():
        path, line = lines.get(notice.id, (notice.path or notice.id, None))
        for target in notice.supersedes:
            if target == notice.id:
                raise SourceError(
                    f"`{notice.id}` lists itself in `supersedes`",
                    path=path,
                    line=line,
                    hint="remove it from the list",
                )
            other = notices.get(target)
            if other is None:
                close = sorted(notices, key=lambda known: -_similarity(known, target))[:1]
                raise SourceError(
                    f"`supersedes` names `{target}`, which is not a notice",
                    path=path,
                    line=line,
                    hint=(f"did you mean `{close[0]}`? " if close and _similarity(close[0], target) > 0.6 else "")
                    + "use the id of a notice: its path under docs/ without .md",
                )
            if other.superseded_by and other.superseded_by != notice.id:
                raise SourceError(
                    f"`{target}` is superseded by both `{other.superseded_by}` and `{notice.id}`",
                    path=path,
                    line=line,
                    hint="name it in the `supersedes` of only one notice",
                )
            other.superseded_by = notice.id
            other.superseded_on = _first_declared(notice, target)
    for notice in notices.values():
        seen = [notice.id]
        current = notice
        while current.superseded_by:
            if current.superseded_by in seen:
                path, line = lines.get(notice.id, (notice.path or notice.id, None))
                raise SourceError(
                    "supersession cycle: " + " → ".join([*seen, current.superseded_by]),
                    path=path,
                    line=line,
                    hint="a notice cannot (indirectly) supersede the notice that supersedes it; "
                    "remove one of the `supersedes` entries",
                )
            seen.append(current.superseded_by)
            current = notices[current.superseded_by]


def ended_on(notice: Notice) -> dt.date | None:
    """The day its last version stopped binding: superseded (a successor binds from then) or
    withdrawn (nothing does)."""
    return notice.superseded_on if notice.superseded_by else notice.withdrawn_on


def retired(notice: Notice, today: dt.date) -> bool:
    """Superseded or withdrawn by now: its last version is no longer in force."""
    end = ended_on(notice)
    return end is not None and end <= today


def withdrawn(notice: Notice, today: dt.date) -> bool:
    """Withdrawn by now, with no notice in its place."""
    return notice.superseded_by is None and notice.withdrawn_on is not None and notice.withdrawn_on <= today


def until(notice: Notice, version: Version) -> dt.date | None:
    """The day ``version`` stopped being in force: the next version's date, or the day the
    notice was superseded (its last version does not stay in force after that)."""
    following = notice.next_after(version)
    if following is not None:
        return following.effective
    return ended_on(notice)


def live_from(notices: NoticeSet, notice: Notice) -> list[Live]:
    """Which text bound readers from which day, in order, for "what did it say on …?".

    A version is in force from its effective date to the next one's; within that time
    the text is the revision published last by that day (the first revision when the
    version took effect before any of its texts was published: a backdated version), then
    each correction from the day it was published. From the day the notice was
    superseded, its successor's texts follow (and theirs, along a chain); from the day the
    last of them was withdrawn, nothing (the caller says so: ``ended_on`` of the last entry's notice).
    """
    out: list[Live] = []
    seen: set[str] = set()
    start: dt.date | None = None
    current: Notice | None = notice
    while current is not None and current.id not in seen:
        seen.add(current.id)
        end = ended_on(current)
        entries = [e for e in _own(current) if end is None or e[0] < end]
        if start is not None:  # a successor: what was in force on the day it took over, then later texts
            before = [e for e in entries if e[0] <= start]
            entries = [(start, *before[-1][1:])] if before else []
            entries += [e for e in _own(current) if e[0] > start and (end is None or e[0] < end)]
        out += entries
        if end is None or current.superseded_by is None:
            break
        start = end if start is None else max(start, end)
        current = notices.notices.get(current.superseded_by)
    return out


def _own(notice: Notice) -> list[Live]:
    out: list[Live] = []
    for version in notice.versions:
        following = notice.next_after(version)
        end = following.effective if following is not None else None
        if end is not None and end <= version.effective:
            continue  # another version takes effect the same day
        published = [(r.published.date(), r) for r in version.revisions]
        by_then = [r for day, r in published if day <= version.effective]
        out.append((version.effective, notice, version, by_then[-1] if by_then else version.revisions[0]))
        for day, revision in published:
            if day > version.effective and (end is None or day < end) and revision is not out[-1][3]:
                out.append((day, notice, version, revision))
    return out


def _first_declared(notice: Notice, target: str) -> dt.date:
    for version in notice.versions:
        if target in version.latest.meta.supersedes:
            return version.effective
    return notice.versions[-1].effective


def orphan_error(notice: Notice, docs: str, added: tuple[str, ...] = (), similar: str | None = None) -> SourceError:
    """A notice without a file and without a successor: its versions would vanish.

    ``added`` are the pages the deleting commit added (a rename Git did not see is the
    usual story); ``similar`` a notice whose id is close to a legacy-only one (a typo
    in the name of a ``versions/`` folder).
    """
    path = f"{docs}/{notice.id}.md"
    fix = f"add `supersedes: [{notice.id}]` to the notice that replaces it"
    where = notice.deleted_in
    if added:
        names = " and ".join(", ".join(added).rsplit(", ", 1))
        fix = (
            f"add `supersedes: [{notice.id}]` to {names if len(added) == 1 else 'the one of ' + names} "
            "that replaces it (the same commit added it: Git sees no rename when a file is moved and "
            "rewritten at once; to keep its history under the new name instead, move it with `git mv` "
            "in a commit of its own, or, in a history already written, declare the rename in mkdocs.yml: "
            f"`renamed: {{{notice.id}: {' or '.join(_id_of(a, docs) for a in added)}}}` under the plugin's options)"
        )
    if where is None:
        path = notice.versions[0].revisions[0].source.path  # the legacy file
        what, restore = f"has only legacy versions and no file {docs}/{notice.id}.md", "add that file"
        if similar is not None:
            restore = f"did you mean `{similar}`? rename the folder of its legacy versions, or add the file"
    elif where == WORKTREE:
        what, restore = "was deleted in the working tree", f"restore it (`git checkout -- {path}`)"
    else:
        what, restore = f"was deleted in commit {where[:12]}", f"restore it (`git checkout {where[:12]}^ -- {path}`)"
    return SourceError(
        f"notice `{notice.id}` {what}, but no notice supersedes it; its published versions must stay online",
        path=path,
        hint=f"{restore}, or {fix}; if nothing replaces it (a discontinued product), declare it withdrawn: "
        f"`retired: {{{notice.id}: null}}` under the plugin's options in mkdocs.yml",
    )


def _id_of(path: str, docs: str) -> str:
    """``docs/legal/terms.md`` → ``legal/terms``: the id a page in ``docs`` has."""
    return path.removeprefix(docs.rstrip("/") + "/").removesuffix(".md")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
