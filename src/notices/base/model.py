"""Plain data the whole tool shares; no I/O, so every layer can be tested alone."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from notices.base.errors import NoticesError, NoticesWarning

__all__ = [
    "Analyser",
    "Candidate",
    "FrontMatter",
    "Note",
    "Notice",
    "NoticeSet",
    "Revision",
    "Source",
    "Version",
    "VersionChange",
    "pack",
    "unpack",
    "version_key",
]

SourceKind = Literal["git", "legacy", "worktree"]


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front matter fields this tool reads; every other key is kept but ignored."""

    title: str
    """Shown as the page heading and in feeds."""
    version: str | None
    """Label that only goes up; None on an ``include`` page that has none."""
    effective: dt.date | None
    """Date the version takes effect; a future date makes it upcoming."""
    summary: str | None = None
    supersedes: tuple[str, ...] = ()
    """Ids of notices this one replaces."""
    purposes: tuple[str, ...] | None = None
    """Declared purposes of processing, when legal lists them."""
    material: bool | None = None
    """Legal's override of the computed classification."""
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a revision's text came from: the content address that makes it permanent."""

    kind: SourceKind
    path: str
    """Repository-relative path of the file that held the text."""
    blob: str | None = None
    """Git blob id (``git`` and ``worktree`` only)."""
    commit: str | None = None
    """Commit that first published the text (``git`` only)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One distinct text published under a version label."""

    notice: str
    version: str
    number: int
    """1-based position among the revisions of its version."""
    meta: FrontMatter
    packed: bytes
    """The Markdown after the front matter, compressed (``pack``): a long history's texts are
    held for the whole build, and in each worker forked from it; read it as ``body``."""
    sha256: str
    """Hash of the source text as published (front matter and body)."""
    source: Source
    published: dt.datetime
    """When this text was first published (commit time; effective date for legacy files)."""

    @property
    def body(self) -> str:
        """Markdown after the front matter."""
        return unpack(self.packed)


@dataclass(slots=True)
class Version:
    """A version label with its revisions, oldest first; the newest one is what it says."""

    label: str
    effective: dt.date
    revisions: list[Revision] = field(default_factory=list)

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]

    @property
    def title(self) -> str:
        return self.latest.meta.title


@dataclass(slots=True)
class Notice:
    """Every version of one document, under its newest id."""

    id: str
    path: str | None
    """Current file under docs (repository-relative), None once it was deleted."""
    versions: list[Version] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    """Ids the notice had before it was renamed or moved; each gets redirects."""
    superseded_by: str | None = None
    superseded_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    """The day a notice stopped applying with nothing in its place (``retired: {id: null}``):
    a discontinued product's policy. Its versions stay online; none is in force after that day."""
    supersedes: tuple[str, ...] = ()
    deleted_in: str | None = None
    """Commit that deleted its file, if it was deleted."""
    lang: str | None = None
    """Language of the text; None means the site's language."""
    translation_of: str | None = None
    """For ``docs/privacy.da.md``: ``privacy``. Its version labels are the versions it translates."""
    translations: dict[str, str] = field(default_factory=dict)
    """Language code → id of the notice holding that translation."""
    _positions: tuple[list[Version], dict[int, int]] | None = field(default=None, init=False, repr=False, compare=False)
    """Its version list and each version's index in it (by identity), for ``position``."""

    @property
    def title(self) -> str:
        return self.versions[-1].title

    def in_force(self, today: dt.date) -> Version:
        """The version readers are bound by today (the first one if all are upcoming)."""
        current = self.versions[0]
        for version in self.versions:
            if version.effective <= today:
                current = version
        return current

    def upcoming(self, today: dt.date) -> Version | None:
        """The next version that has been published but is not in effect yet."""
        for version in self.versions:
            if version.effective > today:
                return version
        return None

    def version(self, label: str) -> Version:
        for version in self.versions:
            if version.label == label:
                return version
        raise KeyError(label)

    def next_after(self, version: Version) -> Version | None:
        index = self.position(version)
        return self.versions[index + 1] if index + 1 < len(self.versions) else None

    def previous_of(self, version: Version) -> Version | None:
        index = self.position(version)
        return self.versions[index - 1] if index > 0 else None

    def position(self, version: Version) -> int:
        """Where ``version`` is, by identity, in constant time: pages ask it of every version,
        and ``list.index`` compares versions field by field (quadratic in a long history)."""
        hit = self._positions
        if hit is None or hit[0] is not self.versions or len(hit[1]) != len(self.versions):
            hit = self._positions = (self.versions, {id(v): i for i, v in enumerate(self.versions)})
        index = hit[1].get(id(version))
        if index is None or self.versions[index] is not version:
            return self.versions.index(version)  # an equal copy, or none (ValueError, as before)
        return index


@dataclass(frozen=True, slots=True)
class VersionChange:
    previous: str | None
    """Label of the version compared against; None for the first version."""
    changed_elements: tuple[str, ...]
    changed_sections: tuple[str, ...]
    """Titles of the sections (in the new text) whose words changed, in reading order."""
    purposes_added: tuple[str, ...]
    purposes_removed: tuple[str, ...]
    purpose_changed: bool
    computed_material: bool
    material: bool
    overridden: bool
    """True when front matter `material:` overrules the computed value."""
    change_count: int
    reasons: tuple[tuple[str, str, str, str], ...] = ()
    """Why it is material: (element, rule, sentence before, sentence after) per changed sentence."""
    revisions: tuple[tuple[int, bool, bool, tuple[str, ...], tuple[tuple[str, str, str, str], ...]], ...] = ()
    """What each revision after the first changed against the one before it:
    (number, material, purpose changed, elements, reasons). A material revision is an
    event of its own, since its version label was announced before it existed."""


@dataclass(frozen=True, slots=True)
class Note:
    notice: str
    version: str
    path: str
    body: str
    """Markdown of the note."""


Analyser = Callable[[Notice], dict[str, VersionChange]]
"""What each version of a notice changed, per version label (``changes.assess.analyse``
with the site's classifier)."""


@dataclass(slots=True)
class NoticeSet:
    """All notices of a site, keyed by id, in a stable order."""

    notices: dict[str, Notice]
    today: dt.date
    warnings: list[NoticesWarning] = field(default_factory=list)
    lang: str = "en"
    """The site's language, for notices that do not name theirs."""
    commit: str | None = None
    """The commit the site is built from."""
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)
    """Human change notes by (notice id, version label)."""
    pdf: bool = False
    """Every version also has a PDF (option ``pdf``): pages link it, the API lists it."""
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    """The site's own wording of the tool's messages (option ``messages``): language → English → text."""
    analyser: Analyser | None = None
    """How a notice's changes are found; ``build.load.load_site`` gives it."""
    _changes: dict[str, dict[str, VersionChange]] = field(default_factory=dict)

    def changes_of(self, notice_id: str) -> dict[str, VersionChange]:
        """What each version of the notice changed, analysed the first time it is asked for.

        A build hands in what its cache or a worker already found (``know_changes``);
        anything else is analysed here, so no page can read it too early and nothing
        has to fill it in a particular order.
        """
        known = self._changes.get(notice_id)
        if known is None:
            if self.analyser is None:
                raise NoticesError(
                    f"the changes of notice `{notice_id}` were asked for, but these notices were loaded "
                    "without a way to analyse them",
                    hint="this is a bug in notices; please report it",
                )
            known = self._changes[notice_id] = self.analyser(self.notices[notice_id])
        return known

    def change(self, notice_id: str, label: str) -> VersionChange:
        return self.changes_of(notice_id)[label]

    def know_changes(self, notice_id: str, changes: dict[str, VersionChange]) -> None:
        """The notice's changes as a build's cache or worker found them, so they are not analysed again."""
        self._changes[notice_id] = changes

    def __iter__(self) -> Iterator[Notice]:
        return iter(self.notices.values())

    def get(self, notice_id: str) -> Notice | None:
        return self.notices.get(notice_id)


_PART = re.compile(r"\d+|[^\d]+")


def version_key(label: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order for labels: ``2 < 10``, ``2024-05-12 < 2024-05-12-2``, ``1.9 < 1.10``."""
    parts: list[tuple[int, int, str]] = []
    for part in _PART.findall(label):
        if part.isdigit():
            parts.append((0, int(part), ""))
        elif part not in {".", "-", "_"}:
            parts.append((1, 0, part))
    return tuple(parts)


def pack(body: str) -> bytes:
    """A revision's text as ``Revision.packed`` holds it: a fifth to a third of its size."""
    return zlib.compress(body.encode("utf-8"), 1)


def unpack(packed: bytes) -> str:
    """The text ``pack`` made of it."""
    return zlib.decompress(packed).decode("utf-8")


@dataclass(slots=True)
class Candidate:
    """A revision before versions are formed, with what an error message needs."""

    meta: FrontMatter
    packed: bytes
    """The body (Markdown after the front matter), compressed as ``Revision.packed`` holds it: the
    process keeps every text it read for the next rebuild of ``mkdocs serve``."""
    sha256: str
    identity: str
    source: Source
    published: dt.datetime
    path: str
    key_lines: dict[str, int]
    editable: bool
    """True when the user can fix a problem by editing (working tree, newest commit, legacy)."""

    @property
    def body(self) -> str:
        return unpack(self.packed)
