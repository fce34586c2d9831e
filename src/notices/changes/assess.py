"""What each version changed: the redline against its predecessor, classified.

``material`` follows the GDPR reading of a notice: a change to any element
(purposes, recipients, retention, …) is material; reformatting and changes
outside the recognised sections are editorial. Legal can overrule the computed
value with ``material: false`` (or ``true``); the override is kept visible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices.base.errors import SourceError
from notices.base.model import Notice, Revision, Version, VersionChange
from notices.changes.classify import ELEMENTS, GENERAL, Classifier
from notices.changes.diff import RedBlock, diff_blocks
from notices.changes.editorial import _tokens
from notices.changes.materiality import (
    CONTACT_ELEMENTS,
    PURPOSE_RULES,
    Reason,
    SentenceChange,
    Stated,
    block_purposes,
    changed_sentences,
    condition_restated,
    contacts_regrouped,
    content_element,
    document_sentences,
    has_purpose,
    is_history,
    lead_in,
    names_only,
    purpose_rule,
    restated,
    sentence_index,
    sentences,
)
from notices.changes.purposes import named_before, serves_the_reader
from notices.reuse.memos import Bounded, memo
from notices.text.blocks import Block
from notices.text.render import blocks_of

__all__ = ["Assessment", "analyse", "assess", "check_revisions", "reasons_json", "redline", "revision_change"]

_REDLINES: dict[tuple[str, str], list[RedBlock]] = memo(Bounded(60_000, len))
"""Bounded (in blocks): a long history's pairs are diffed again for their pages rather than all kept."""


def redline(old: Version, new: Version) -> list[RedBlock]:
    """The redline of two versions' newest texts; computed once, used by analysis and pages."""
    key = (old.latest.sha256, new.latest.sha256)
    hit = _REDLINES.get(key)
    if hit is None:
        hit = _REDLINES[key] = diff_blocks(blocks_of(old.latest.body), blocks_of(new.latest.body))
    return hit


_MOVES = {"moved-away", "moved-here"}
_PURPOSE_COLUMN = re.compile(
    r"\bpurposes?\b|\bused for\b|\bfunction\b|\bzweck|\bfinalit|\bformål|\bfinalidad|\bdoel", re.I
)
"""A table header naming the column that says why each cookie or item is used."""
_PURPOSE_LEAD = re.compile(
    r"\b(to|for|purposes?|in order to|afin de|pour|um|zu|für|zwecke?|til|for at|para|per|om)\s*:\s*$", re.I
)
"""A paragraph that introduces a list of purposes ("npm uses your e-mail address to:")."""
_RIGHTS_LEAD = re.compile(
    r"\b(rights?|entitled|droits?|derechos?|diritt[oi]|direitos?)\b|(rechte?|rechten|rettigheder|rättigheter|rettigheter)\b",
    re.I,
)
"""A lead that lists the reader's rights ("You have the right to:")."""
_NOT_A_PURPOSE_LEAD = re.compile(
    r"\b(rights?|entitled|able|want|wish|choose|free|ask|request|droits?|derechos?|diritt[oi]|direitos?)\b|"
    r"(rechte?|rechten|rettigheder|rättigheter|rettigheter)\b|^(?!.*\bum\b).*\bzu\s*:\s*$",
    re.I,
)
"""A lead that lists the reader's rights or choices ("You have the right to:", "Ihnen stehen folgende
Rechte zu:"; a German "zu:" without "um" ends a verb, no goal): its items are no purposes."""


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

    # Only blocks whose words changed are compared sentence by sentence (the redline has
    # aligned the rest already); every block counts for the purposes each text states.
    old_blocks: list[tuple[str, str]] = []
    new_blocks: list[tuple[str, str]] = []
    old_stated: set[str] = set()
    new_stated: set[str] = set()
    purpose_table = {"old": False, "new": False}
    purpose_list = {"old": False, "new": False}
    rights_list = {"old": False, "new": False}
    rights_items: set[str] = set()
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
        if shown.category == "h" or any(is_history(h.title) for h in shown.headings):
            continue  # a section renamed, or the notice's own change log: the text decides
        if block.changes_text and block.old is not None and block.new is not None and _relabelled(block.old, block.new):
            if "link" not in editorial:
                editorial.append("link")
            block = RedBlock("equal", block.old, block.new)  # read for what it states, compared as unchanged
        for side, part, stated, into in (
            ("old", block.old, old_stated, old_blocks),
            ("new", block.new, new_stated, new_blocks),
        ):
            if part is None:
                continue
            if part.kind == "th":
                purpose_table[side] = _PURPOSE_COLUMN.search(part.text) is not None
            elif part.kind != "tr":
                purpose_table[side] = False
            if part.kind == "p":
                lead = part.text.rstrip().endswith(":")
                rights_list[side] = lead and _RIGHTS_LEAD.search(part.text) is not None
                purpose_list[side] = (
                    lead
                    and _PURPOSE_LEAD.search(part.text) is not None
                    and _NOT_A_PURPOSE_LEAD.search(part.text) is None
                )
            elif part.kind != "li":
                purpose_list[side] = rights_list[side] = False
            stated |= block_purposes(part.text)
            if block.changes_text:
                # a row of a cookie table's "Purpose" column, an item of a list "We use your
                # e-mail address to:" introduces: each states a purpose, whatever its words
                listed = (part.kind == "tr" and purpose_table[side]) or (part.kind == "li" and purpose_list[side])
                if part.kind == "li" and rights_list[side]:
                    rights_items.update(sentences(part.text))  # "You have the right to: … request a copy"
                into.append((part.text, "purposes" if listed else classifier.block(part)))
    old_sentences = document_sentences(old_blocks)
    new_sentences = document_sentences(new_blocks)
    old_known, new_known = Stated.of(old_stated), Stated.of(new_stated)
    indexes: dict[str, dict[tuple[str, int], list[tuple[str, ...]]]] = {}

    def index(side: str) -> dict[tuple[str, int], list[tuple[str, ...]]]:
        if side not in indexes:  # only when a sentence was dropped or added whole
            indexes[side] = sentence_index([getattr(b, side).text for b in lines if getattr(b, side) is not None])
        return indexes[side]

    shown_new: list[str] = []

    def beside(text: str) -> list[str]:
        """The sentences around one of the new text's, unchanged blocks included."""
        if not shown_new:
            shown_new.extend(t for b in lines if b.new is not None for t in sentences(b.new.text))
        at = [n for n, t in enumerate(shown_new) if t == text]
        return [shown_new[m] for n in at for m in range(max(0, n - 2), min(len(shown_new), n + 3)) if m != n]

    for change, old_element, element in changed_sentences(old_sentences, new_sentences):
        if change.editorial:
            editorial.extend(k for k in change.kinds if k not in editorial)
            continue
        if bool(change.removed) != bool(change.added) and lead_in(change.removed or change.added):
            if "lead-in" not in editorial:
                editorial.append("lead-in")
            continue  # "Google Analytics sets the following cookies:" dropped: the table says it all
        if bool(change.removed) != bool(change.added) and (
            restated(change.removed, index("new")) if change.removed else restated(change.added, index("old"))
        ):
            if "duplicate" not in editorial:
                editorial.append("duplicate")
            continue  # a sentence dropped that another still says, or repeated where it is said
        renamed = names_only(change)
        found = (
            [] if _describes_controller(change, element, old_element) else purpose_rule(change, old_known, new_known)
        )
        named = (
            bool(found) and not change.removed and all(named_before(k, (s.key for s in old_sentences)) for k in found)
        )
        if named:
            pass  # "This helps us count how many people visit" where the list named "visitor counts"
        elif rights_items and {change.removed, change.added} - {""} <= rights_items:
            pass  # an item of a list of the reader's rights: what the reader may ask, no use of data
        elif found:
            flag("purposes", Reason("purposes", "purpose-statement", change.removed, change.added))
        elif "purposes" in (element, old_element) and not renamed:
            # a purpose it already states, or a function the reader asked for ("Used to keep you
            # logged in"): material, no new purpose
            quiet = (
                has_purpose(change)
                or serves_the_reader(change.added or change.removed)
                or _duration_only(change.added or change.removed)
            )
            flag(
                "purposes", Reason("purposes", "element" if quiet else "purposes-section", change.removed, change.added)
            )
        if renamed and "number" not in change.kinds:
            if "names" not in editorial:
                editorial.append("names")
            continue  # products or sites named, nothing said about data
        if not found and change.removed and change.added and condition_restated(change, beside(change.added)):
            if "condition" not in editorial:
                editorial.append("condition")
            continue  # "When you ask us to close your account" said by the sentence before
        for where in dict.fromkeys((element, old_element)):
            if where == GENERAL:
                where = content_element(change) or GENERAL
            if where not in (GENERAL, "purposes"):
                rule = "number" if "number" in change.kinds else "element"
                flag(where, Reason(where, rule, change.removed, change.added))
    _regrouped_contacts(lines, elements, reasons, editorial)
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


def _regrouped_contacts(
    lines: list[RedBlock], elements: list[str], reasons: list[Reason], editorial: list[str]
) -> None:
    """Unflag a contact section whose changes only regroup its contact details (see
    ``materiality.contacts_regrouped``); any other element's flag is kept."""
    contacts = [e for e in elements if e in CONTACT_ELEMENTS]
    if not contacts:
        return
    texts = ([b.old.text for b in lines if b.old is not None], [b.new.text for b in lines if b.new is not None])
    changed = (
        [b.old.text for b in lines if b.changes_text and b.old is not None],
        [b.new.text for b in lines if b.changes_text and b.new is not None],
    )
    for element in contacts:
        mine = [r for r in reasons if r.element == element]
        if any(r.rule not in ("element", "number") for r in mine):
            continue
        if contacts_regrouped(
            [r.removed for r in mine if r.removed], [r.added for r in mine if r.added], texts, changed
        ):
            elements.remove(element)
            reasons[:] = [r for r in reasons if r.element != element]
            if "contacts" not in editorial:
                editorial.append("contacts")


_DURATION = re.compile(
    r"^(?:[^|]*\|\s*)?(?:\d+|an?|one)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    r"stunden?|tagen?|wochen?|monate?n?|jahren?|heures?|jours?|semaines?|mois|ans?|session)\.?$",
    re.I,
)


def _duration_only(text: str) -> bool:
    """A cookie row's lifetime alone ("notify_admin_session | 20 hours"): a retention term, no use."""
    return _DURATION.match(text.strip()) is not None


_ABOUT_THE_READER = frozenset("you your yours personal vous votre vos sie ihre ihrer ihren ihnen".split())


def _describes_controller(change: SentenceChange, element: str, old_element: str) -> bool:
    """Whether a sentence of the "who we are" section describes the organisation ("We are a
    centre of excellence …, collaborating with departments to help them …"): its goals are the
    organisation's mission, no use of data, unless the sentence speaks of the reader's data."""
    if "controller" not in (element, old_element) or {element, old_element} - {"controller", GENERAL}:
        return False
    return _ABOUT_THE_READER.isdisjoint(_tokens(change.removed)) and _ABOUT_THE_READER.isdisjoint(_tokens(change.added))


def _links(block: Block) -> list[tuple[str, tuple[str, ...]]]:
    """A block's words as runs: each link's target with its label, each plain word alone."""
    runs: list[tuple[str, list[str]]] = []
    for word in block.words:
        href = next((m for m in word.marks if m.startswith("a:")), "")
        if href and runs and runs[-1][0] == href:
            runs[-1][1].append(word.text)
        else:
            runs.append((href, [word.text]))
    return [(href, tuple(words)) for href, words in runs]


def _relabelled(old: Block, new: Block) -> bool:
    """Whether only the labels of links changed, each still pointing where it did, and only in
    names it keeps part of ("[Basecamp 3](…/export)" → "[Basecamp 4](…/export)"): the link
    names the same page. Words outside links, and every link target, are as they were; a label
    word changed must be a capitalised name or a number beside a name the label keeps."""
    a, b = _links(old), _links(new)
    if len(a) != len(b):
        return False
    changed = False
    for (href_a, words_a), (href_b, words_b) in zip(a, b, strict=True):
        if href_a != href_b or (not href_a and words_a != words_b):
            return False
        if words_a == words_b:
            continue
        changed = True
        kept = set(words_a) & set(words_b)
        if not any(w[:1].isupper() for w in kept):
            return False
        if any(not (w[:1].isupper() or w.isdigit()) for w in set(words_a) ^ set(words_b)):
            return False
    return changed


def revision_change(before: Revision, after: Revision, classifier: Classifier) -> Assessment:
    """What a corrected text changed against the text published before it under the same label."""
    lines = diff_blocks(blocks_of(before.body), blocks_of(after.body))
    return assess(lines, classifier, before.meta.purposes or (), after.meta.purposes or ())


def _revisions(version: Version, classifier: Classifier) -> tuple[Any, ...]:
    out = []
    for before, after in zip(version.revisions, version.revisions[1:], strict=False):
        found = revision_change(before, after, classifier)
        decided = after.meta.material
        material = (found.material or found.purpose_changed) if decided is None else decided
        purpose = found.purpose_changed and decided is not False
        reasons = tuple((r.element, r.rule, r.removed, r.added) for r in found.reasons) if material else ()
        out.append((after.number, material, purpose, found.elements if material else (), reasons))
    return tuple(out)


def check_revisions(notices: Iterable[Notice], classifier: Classifier, root: Path) -> None:
    """Refuse a material edit published under a label readers were already told about.

    Users were notified (or not) when the label first appeared; a purpose slipped in
    later by a "correction" would reach nobody. The file's newest text is the one a
    person can still fix: give it a new version label, or state ``material: false``
    when legal decides the edit is editorial (``material: true`` keeps the label and
    announces the change as an event of its own).
    """
    for notice in notices:
        if notice.path is None or not notice.versions:
            continue
        version = notice.versions[-1]
        if len(version.revisions) < 2 or version.latest.meta.material is not None:
            continue
        found = revision_change(version.revisions[-2], version.latest, classifier)
        if not (found.material or found.purpose_changed):
            continue
        what = "changes the purposes of processing" if found.purpose_changed else "is a material change"
        first = found.reasons[0] if found.reasons else None
        sentence = f" ({first.rule}: “{(first.added or first.removed)[:160]}”)" if first else ""
        raise SourceError(
            f"this edit of version {version.label}, already published on "
            f"{version.revisions[0].published.date().isoformat()}, {what}{sentence}",
            path=notice.path,
            line=_version_line(root / notice.path),
            hint=f'publish it as a new version (e.g. `version: "{_next_label(version.label)}"` with its own '
            "`effective` date), or add `material: false` if legal decides the edit is editorial",
        )


def _version_line(path: Path) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[:200], start=1):
            if line.startswith("version:"):
                return number
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _next_label(label: str) -> str:
    head, _, tail = label.rpartition(".")
    if tail.isdigit():
        return f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)
    return label + ".1"


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
                None,
                (),
                (),
                (),
                (),
                False,
                False,
                bool(meta.material),
                meta.material is not None,
                0,
                revisions=_revisions(version, classifier),
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
            revisions=_revisions(version, classifier),
        )
        previous = version
    return out
