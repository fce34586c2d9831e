"""GDPR Art. 13/14 completeness: which required elements a notice has no section for.

Only notices with a purposes section are read as Art. 13/14 notices (a cookie
notice is not one). The result is advice for a PR check, reported as warnings:
whether an element is really required depends on the processing.
"""

from __future__ import annotations

from notices.base.errors import NoticesWarning
from notices.base.model import NoticeSet
from notices.changes.classify import Classifier, label
from notices.text.render import blocks_of

__all__ = ["REQUIRED", "missing_elements"]

REQUIRED = (
    "controller",
    "purposes",
    "lawful-basis",
    "recipients",
    "retention",
    "rights",
    "complaint",
    "obligation",
    "automated-decisions",
)


def missing_elements(notices: NoticeSet, classifier: Classifier) -> list[NoticesWarning]:
    """One warning per notice version in force (or upcoming) that lacks required elements."""
    warnings: list[NoticesWarning] = []
    for notice in notices:
        if notice.superseded_by or notice.withdrawn_on or notice.translation_of:
            continue
        shown = [notice.in_force(notices.today)]
        upcoming = notice.upcoming(notices.today)
        if upcoming is not None and upcoming is not shown[0]:
            shown.append(upcoming)
        for version in shown:
            present = {classifier.block(b) for b in blocks_of(version.latest.body) if b.kind[0] == "h"}
            if "purposes" not in present:
                continue
            missing = [e for e in REQUIRED if e not in present]
            if missing:
                names = ", ".join(label(e) for e in missing)
                warnings.append(
                    NoticesWarning(
                        f"version {version.label} has no section for: {names} "
                        f"(GDPR Art. 13/14; add one, or mark the heading that covers it with {{#{missing[0]}}})",
                        path=notice.path or notice.id,
                    )
                )
    return warnings
