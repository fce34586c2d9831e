"""Texts in order become versions: the rules that a version label only goes up, that one
label has one effective date, and that effective dates never go back.

A problem in a text a person can still edit is an error; in a commit long past it
cannot be fixed by editing, so it is a warning and that text is not published.
"""

from __future__ import annotations

import datetime as dt
import re

from notices.base.errors import NoticesWarning, SourceError
from notices.base.model import Candidate, Revision, Version, version_key

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRAILING = re.compile(r"\d+$")

__all__ = ["check_legacy_before_git", "check_legacy_labels", "group"]


def group(notice_id: str, candidates: list[Candidate], warnings: list[NoticesWarning]) -> list[Version]:
    """Turn the ordered texts into versions, enforcing that labels and dates only go up."""
    versions: list[Version] = []
    for candidate in candidates:
        meta = candidate.meta
        label = str(meta.version)
        previous = versions[-1] if versions else None
        # A translation without `effective` takes the date of the version it translates (set later).
        effective = meta.effective or (previous.effective if previous else dt.date.min)
        problem: SourceError | None = None
        line = candidate.key_lines.get("version")
        if previous and label == previous.label:
            if meta.effective is not None and effective != previous.effective:
                problem = SourceError(
                    f"version {label} is published with effective date {previous.effective} and now with {effective}",
                    path=candidate.path,
                    line=candidate.key_lines.get("effective"),
                    hint=f"keep `effective: {previous.effective}` for version {label}, "
                    "or give the new text a new version label",
                )
        elif any(v.label == label for v in versions):
            after = previous.label if previous else "?"
            problem = SourceError(
                f"version {label} was already published and is followed by {after}",
                path=candidate.path,
                line=line,
                hint=f"give this text a label after {previous.label if previous else label}",
            )
        elif previous and version_key(label) < version_key(previous.label):
            problem = SourceError(
                f"version {label} comes after version {previous.label}: versions only go up",
                path=candidate.path,
                line=line,
                hint=f"use a label after {previous.label}, e.g. {_suggest(previous.label)}",
            )
        elif any(version_key(v.label) == version_key(label) for v in versions):
            same = next(v.label for v in versions if version_key(v.label) == version_key(label))
            problem = SourceError(
                f"version {label} is the same number as version {same} (labels compare by their numbers)",
                path=candidate.path,
                line=line,
                hint=f"use a label after {previous.label if previous else same}, "
                f"e.g. {_suggest(previous.label if previous else same)}",
            )
        elif previous and meta.effective is not None and effective < previous.effective:
            problem = SourceError(
                f"version {label} takes effect on {effective}, before version {previous.label} ({previous.effective})",
                path=candidate.path,
                line=candidate.key_lines.get("effective"),
                hint=f"set `effective` to {previous.effective} or later",
            )
        if problem is not None:
            if candidate.editable:
                raise problem
            commit = candidate.source.commit or "?"
            warnings.append(NoticesWarning.skipped(problem, commit[:12]))
            continue
        if previous is None or label != previous.label:
            previous = Version(label=label, effective=effective)
            versions.append(previous)
        previous.revisions.append(
            Revision(
                notice=notice_id,
                version=label,
                number=len(previous.revisions) + 1,
                meta=meta,
                packed=candidate.packed,
                sha256=candidate.sha256,
                source=candidate.source,
                published=candidate.published,
            )
        )
    return versions


def check_legacy_labels(old: list[Candidate]) -> None:
    seen: dict[str, str] = {}
    for candidate in old:
        label = str(candidate.meta.version)
        if label in seen:
            raise SourceError(
                f"two legacy files claim version {label} (the other is {seen[label]})",
                path=candidate.path,
                line=candidate.key_lines.get("version"),
                hint="give each legacy file its own version label",
            )
        seen[label] = candidate.path


def check_legacy_before_git(old: list[Candidate], git: list[Candidate]) -> None:
    """Legacy files predate the Git history; one that claims a later label would push Git's texts out.

    Grouping would skip those past commits with a warning, and published versions
    would leave the site: the legacy file, which can be edited, is the one to fix.
    """
    if not old or not git:
        return
    first = git[0]
    first_key = version_key(str(first.meta.version))
    for candidate in old:
        label = str(candidate.meta.version)
        if version_key(label) >= first_key:
            raise SourceError(
                f"legacy version {label} is not older than version {first.meta.version}, "
                f"the first in the Git history of {first.path}",
                path=candidate.path,
                line=candidate.key_lines.get("version"),
                hint=f"legacy versions come before the Git history: give it a label before {first.meta.version}, "
                "or delete the file if Git already has this text",
            )


def _suggest(label: str) -> str:
    """A label after ``label`` that is itself valid: the next day after a date (never the 32nd),
    the next number written as wide (``09`` → ``10``, never ``010``)."""
    if _DATE.fullmatch(label):
        try:
            return (dt.date.fromisoformat(label) + dt.timedelta(days=1)).isoformat()
        except ValueError:
            pass  # not a day ("2025-13-45"): a label like any other
    digits = _TRAILING.search(label)
    if digits:
        return label[: digits.start()] + str(int(digits.group()) + 1).zfill(len(digits.group()))
    return label + ".1"
