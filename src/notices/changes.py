"""What each version changed: the redline against its predecessor, classified.

``material`` follows the GDPR reading of a notice: a change to any element
(purposes, recipients, retention, …) is material; reformatting and changes
outside the recognised sections are editorial. Legal can overrule the computed
value with ``material: false`` (or ``true``); the override is kept visible.
"""

from __future__ import annotations

from .classify import ELEMENTS, GENERAL, Classifier
from .diff import RedBlock, diff_blocks
from .memos import memo
from .model import Notice, Version, VersionChange
from .render import blocks_of

__all__ = ["analyse", "redline"]

_REDLINES: dict[tuple[str, str], list[RedBlock]] = memo({})


def redline(old: Version, new: Version) -> list[RedBlock]:
    """The redline of two versions' newest texts; computed once, used by analysis and pages."""
    key = (old.latest.sha256, new.latest.sha256)
    hit = _REDLINES.get(key)
    if hit is None:
        hit = _REDLINES[key] = diff_blocks(blocks_of(old.latest.body), blocks_of(new.latest.body))
    return hit


def _changed(redline_blocks: list[RedBlock], classifier: Classifier) -> tuple[list[str], list[str]]:
    elements: list[str] = []
    sections: list[str] = []
    for block in redline_blocks:
        if not block.changes_text:
            continue
        sides = [b for b in (block.old, block.new) if b is not None]
        if block.status in {"moved-away", "moved-here"}:
            # a move within one element changes nothing; across elements it changes both
            here = classifier.block(sides[0])
            partner = redline_blocks[block.partner] if block.partner is not None else None
            there = classifier.block(partner.shown) if partner is not None else here
            if here == there:
                continue
        for side in sides:
            element = classifier.block(side)
            if element not in elements:
                elements.append(element)
        shown = block.new or block.old
        if shown is not None and shown.headings:
            title = shown.headings[-1].title
            if title not in sections:
                sections.append(title)
        elif "Introduction" not in sections:
            sections.append("Introduction")
    order = [*ELEMENTS, GENERAL]
    return sorted(elements, key=order.index), sections


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
        elements, sections = _changed(lines, classifier)
        old_purposes = set(previous.latest.meta.purposes or ())
        new_purposes = set(meta.purposes or ())
        added = tuple(sorted(new_purposes - old_purposes))
        removed = tuple(sorted(old_purposes - new_purposes))
        if (added or removed) and "purposes" not in elements:
            elements = sorted([*elements, "purposes"], key=[*ELEMENTS, GENERAL].index)
        computed = any(e != GENERAL for e in elements)
        out[version.label] = VersionChange(
            previous=previous.label,
            changed_elements=tuple(elements),
            changed_sections=tuple(sections),
            purposes_added=added,
            purposes_removed=removed,
            purpose_changed="purposes" in elements,
            computed_material=computed,
            material=computed if meta.material is None else meta.material,
            overridden=meta.material is not None and meta.material != computed,
            change_count=sum(1 for b in lines if b.is_change and b.status != "moved-away"),
        )
        previous = version
    return out
