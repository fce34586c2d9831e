"""Human change notes: ``changelog/<id>/<version>.md``, one optional note per version."""

from __future__ import annotations

from pathlib import Path

from notices.base.errors import SourceError
from notices.base.model import Note, NoticeSet
from notices.sources.frontmatter import decode, parse_file

__all__ = ["read_notes"]


def read_notes(changelog_dir: Path, root: Path, notices: NoticeSet) -> dict[tuple[str, str], Note]:
    """Every note, checked against the notices and versions that exist."""
    notes: dict[tuple[str, str], Note] = {}
    if not changelog_dir.is_dir():
        return notes
    for file in sorted(changelog_dir.rglob("*.md")):
        try:
            rel = file.absolute().relative_to(root).as_posix()
        except ValueError:
            rel = str(file)
        if file.is_dir():
            continue  # a folder named like a note: the notes are inside it, or it is not ours
        if not file.exists():
            raise SourceError(
                "symbolic link to a file that does not exist (or a loop of links)",
                path=rel,
                hint="replace the link with the note itself, or delete it",
            )
        notice_id = file.parent.relative_to(changelog_dir).as_posix()
        label = file.stem
        notice = notices.get(notice_id)
        if notice is None or notice_id == ".":
            raise SourceError(
                f"change note for `{notice_id}`, which is not a notice",
                path=rel,
                hint="put notes in changelog/<notice id>/<version>.md, e.g. changelog/privacy/5.md; "
                "notices: " + ", ".join(notices.notices),
            )
        if not any(v.label == label for v in notice.versions):
            raise SourceError(
                f"change note for version {label} of `{notice_id}`, which has no such version",
                path=rel,
                hint="name the file after a published version: " + ", ".join(f"{v.label}.md" for v in notice.versions),
            )
        parsed = parse_file(decode(file.read_bytes(), rel), rel)
        if not parsed.body.strip():
            raise SourceError(
                "the change note is empty",
                path=rel,
                line=1,
                hint=f"write what changed in version {label}, or delete the file",
            )
        notes[(notice_id, label)] = Note(notice_id, label, rel, parsed.body.strip())
    return notes
