"""What each version changed: the redline against its predecessor, classified.

``material`` follows the GDPR reading of a notice: a change to any element
(purposes, recipients, retention, …) is material; reformatting and changes
outside the recognised sections are editorial. Legal can overrule the computed
value with ``material: false`` (or ``true``); the override is kept visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from .classify import ELEMENTS, GENERAL, Classifier
from .diff import RedBlock, diff_blocks
from .materiality import (
    PURPOSE_RULES,
    Reason,
    changed_sentences,
    document_purposes,
    document_sentences,
    has_purpose,
    purpose_rule,
)
from .memos import memo
from .model import Notice, Version, VersionChange
from .render import blocks_of

__all__ = ["Assessment", "analyse", "assess", "reasons_json", "redline"]

_REDLINES: dict[tuple[str, str], list[RedBlock]] = memo({})


def redline(old: Version, new: Version) -> list[RedBlock]:
    """The redline of two versions' newest texts; computed once, used by analysis and pages."""
    key = (old.latest.sha256, new.latest.sha256)
    hit = _REDLINES.get(key)
    if hit is None:
        hit = _REDLINES[key] = diff_blocks(blocks_of(old.latest.body), blocks_of(new.latest.body))
    return hit


_MOVES = {"moved-away", "moved-here"}


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a redline changed, as the change log, the API and the hooks report it."""

    elements: tuple[str, ...]
    """Elements changed materially, in ELEMENTS order; ``general`` when only other text changed."""
    sections: tuple[str, ...]
    purpose_changed: bool
    material: bool
    reasons: tuple[Reason, ...]
    editorial: tuple[str, ...]
    """Kinds of editorial edits seen (link, punctuation, spelling, …), for the reader."""


def assess(
    lines: list[RedBlock],
    classifier: Classifier,
    old_purposes: tuple[str, ...] = (),
    new_purposes: tuple[str, ...] = (),
) -> Assessment:
    """Classify a redline sentence by sentence; see ``materiality`` for the rules."""
    elements: list[str] = []
    sections: list[str] = []
    reasons: list[Reason] = []
    editorial: list[str] = []

    def flag(element: str, reason: Reason) -> None:
        if element not in elements:
            elements.append(element)
        if reason not in reasons:
            reasons.append(reason)

    old_blocks: list[tuple[str, str]] = []
    new_blocks: list[tuple[str, str]] = []
    for block in lines:
        shown = block.new or block.old
        if shown is None:
            continue
        if block.changes_text:
            if shown.headings:
                title = shown.headings[-1].title
                if title not in sections:
                    sections.append(title)
            elif "Introduction" not in sections:
                sections.append("Introduction")
        if shown.category == "h":
            continue  # a section renamed: the text under it decides
        if block.old is not None:
            old_blocks.append((block.old.text, classifier.block(block.old)))
        if block.new is not None:
            new_blocks.append((block.new.text, classifier.block(block.new)))
    old_sentences = document_sentences([b for b in old_blocks])
    new_sentences = document_sentences([b for b in new_blocks])
    old_stated, new_stated = document_purposes(old_sentences), document_purposes(new_sentences)
    for change, old_element, element in changed_sentences(old_sentences, new_sentences):
        if change.editorial:
            editorial.extend(k for k in change.kinds if k not in editorial)
            continue
        if purpose_rule(change, old_stated, new_stated):
            flag("purposes", Reason("purposes", "purpose-statement", change.removed, change.added))
        elif "purposes" in (element, old_element):
            rule = "element" if has_purpose(change) else "purposes-section"  # a purpose it already states
            flag("purposes", Reason("purposes", rule, change.removed, change.added))
        for where in dict.fromkeys((element, old_element)):
            if where not in (GENERAL, "purposes"):
                rule = "number" if "number" in change.kinds else "element"
                flag(where, Reason(where, rule, change.removed, change.added))
    added = sorted(set(new_purposes) - set(old_purposes))
    removed = sorted(set(old_purposes) - set(new_purposes))
    for item in removed:
        flag("purposes", Reason("purposes", "declared-purposes", item, ""))
    for item in added:
        flag("purposes", Reason("purposes", "declared-purposes", "", item))
    if not elements and sections:
        elements.append(GENERAL)
    order = [*ELEMENTS, GENERAL]
    material = any(e != GENERAL for e in elements)
    return Assessment(
        tuple(sorted(elements, key=order.index)),
        tuple(sections),
        any(r.rule in PURPOSE_RULES for r in reasons),
        material,
        tuple(reasons),
        tuple(editorial),
    )


def reasons_json(change: VersionChange) -> list[dict[str, str]]:
    """The reasons of a change as the manifest, the API and events carry them."""
    return [{"element": e, "rule": r, "removed": old, "added": new} for e, r, old, new in change.reasons]


def analyse(notice: Notice, classifier: Classifier) -> dict[str, VersionChange]:
    out: dict[str, VersionChange] = {}
    previous: Version | None = None
    for version in notice.versions:
        meta = version.latest.meta
        if previous is None:
            out[version.label] = VersionChange(
                None, (), (), (), (), False, False, bool(meta.material), meta.material is not None, 0
            )
            previous = version
            continue
        lines = redline(previous, version)
        old_purposes = previous.latest.meta.purposes or ()
        new_purposes = meta.purposes or ()
        found = assess(lines, classifier, old_purposes, new_purposes)
        computed = found.material
        out[version.label] = VersionChange(
            previous=previous.label,
            changed_elements=found.elements,
            changed_sections=found.sections,
            purposes_added=tuple(sorted(set(new_purposes) - set(old_purposes))),
            purposes_removed=tuple(sorted(set(old_purposes) - set(new_purposes))),
            purpose_changed=found.purpose_changed,
            computed_material=computed,
            material=computed if meta.material is None else meta.material,
            overridden=meta.material is not None and meta.material != computed,
            change_count=sum(1 for b in lines if b.is_change and b.status != "moved-away"),
            reasons=tuple((r.element, r.rule, r.removed, r.added) for r in found.reasons),
        )
        previous = version
    return out
