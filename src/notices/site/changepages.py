"""Diff pages (``/<id>/<v>/diff/``), the change log page and the change log section.

Each entry says what a reader needs to judge a change: which GDPR elements
changed, whether it is material, whether the purposes changed (legal must tell
users then), and whether legal overruled the computed classification.
"""

from __future__ import annotations

import posixpath
from html import escape

from ..changes import redline
from ..classify import label
from ..diff import RedBlock, diff_blocks
from ..model import Notice, NoticeSet, Revision, Version, VersionChange
from ..render import Heading, blocks_of, for_page, render, site_link
from ..supersession import withdrawn
from .feeds import feed_link
from .fragments import format_date, hreflang_links, page_content, revision_kind
from .headings import demote
from .redline import redline_html
from .urls import (
    changelog_dir,
    compare_dir,
    diff_dir,
    notice_dir,
    relative,
    revision_diff_dir,
    revision_dir,
    version_dir,
)

__all__ = ["badges", "changelog_content", "changelog_section", "diff_content", "revision_diff_content"]


def badges(notices: NoticeSet, notice: Notice, version: Version, change: VersionChange) -> str:
    items = []
    if change.material:
        items.append(("material", "Material change"))
    elif change.previous is not None:
        items.append(("editorial", "Editorial change"))
    if change.purpose_changed:
        items.append(("purposes", "Purposes changed"))
    if change.overridden:
        computed = "material" if change.computed_material else "not material"
        decided = "material" if change.material else "not material"
        items.append(("override", f"Marked {decided} by legal (computed: {computed})"))
    if version.effective > notices.today:
        items.append(("upcoming", "Upcoming"))
    if notice.superseded_by:
        items.append(("superseded", "Superseded"))
    elif withdrawn(notice, notices.today):
        items.append(("superseded", "Withdrawn"))
    return " ".join(f'<span class="notices-badge notices-badge--{k}">{escape(t)}</span>' for k, t in items)


def _elements_line(change: VersionChange) -> str:
    if not change.changed_elements:
        return ""
    names = ", ".join(escape(label(e)) for e in change.changed_elements)
    return f'<p class="notices-elements">Changed elements: {names}.</p>\n'


_RULES = {
    "purpose-statement": "a reason for using data that the text did not state before, or no longer states",
    "purposes-section": "the section on the purposes of processing changed",
    "declared-purposes": "the declared `purposes` changed",
    "element": "the section on this element changed",
    "number": "a number, date or duration changed",
}


def _reasons(change: VersionChange) -> str:
    """Each flag with the sentences behind it, so legal can confirm or overrule it in the PR."""
    if not change.reasons or not (change.material or change.purpose_changed):
        return ""
    items = []
    for element, rule, removed, added in change.reasons:
        parts = [f"<strong>{escape(label(element))}</strong>: {escape(_RULES.get(rule, rule))}"]
        if removed:
            parts.append(f'<span class="notices-sr">removed:</span> <del>{escape(removed)}</del>')
        if added:
            parts.append(f'<span class="notices-sr">added:</span> <ins>{escape(added)}</ins>')
        items.append("<li>" + "<br>".join(parts) + "</li>")
    count = len(items)
    noun = "sentence" if count == 1 else "sentences"
    return (
        f'<details class="notices-reasons"><summary>Why this is flagged ({count} {noun})</summary>\n<ul>'
        + "".join(items)
        + "</ul></details>\n"
    )


def _purposes_lists(change: VersionChange) -> str:
    parts = []
    for title, items in (("Purposes added", change.purposes_added), ("Purposes removed", change.purposes_removed)):
        if items:
            parts.append(f"<p>{title}:</p><ul>" + "".join(f"<li>{escape(p)}</li>" for p in items) + "</ul>")
    return "".join(parts)


def diff_content(notices: NoticeSet, notice: Notice, version: Version) -> tuple[str, tuple[Heading, ...]]:
    """The redline of ``version`` against the one before it, and its table of contents."""
    previous = notice.previous_of(version)
    assert previous is not None
    page = diff_dir(notice.id, version.label)
    change = notices.change(notice.id, version.label)
    source = posixpath.dirname(notice.id)

    def href(url: str) -> str:
        return site_link(url, source, notice_dir(notice.id), page)

    blocks = redline(previous, version)
    lines = redline_html(blocks, href, cache_key=notice.id)  # diff pages share a depth
    words_changed = any(b.changes_text for b in blocks)
    old_link = relative(version_dir(notice.id, previous.label), page)
    new_link = relative(version_dir(notice.id, version.label), page)
    html = page_content(
        notice,
        page,
        f'<h1 id="notice-title">{escape(version.title)}: what changed in version {escape(version.label)}</h1>\n'
        + f'<p class="notices-meta"><a href="{old_link}">Version {escape(previous.label)}</a> '
        f"(effective {format_date(previous.effective)}) → "
        f'<a href="{new_link}">version {escape(version.label)}</a> (effective {format_date(version.effective)})</p>\n'
        + f'<p class="notices-badges">{badges(notices, notice, version, change)}</p>\n'
        + _elements_line(change)
        + _reasons(change)
        + _purposes_lists(change)
        + _note(notices, notice, version, page)
        + _change_nav(lines.count, words_changed)
        + lines.legend
        + _redline_div(lines.html)
        + f'<p class="notices-links"><a href="{relative(compare_dir(notice.id), page)}">Compare other versions</a> · '
        f'<a href="{relative(changelog_dir(notice.id), page)}">Change log</a></p>\n',
        site_lang=notices.lang,
        head=hreflang_links(notices, notice, page, place=lambda other: _same_diff(other, version.label)),
    )
    toc = tuple(Heading(2, anchor, title) for title, anchor in lines.sections)
    return html, toc


def _same_diff(other: Notice, label: str) -> str | None:
    """A translation's redline of the same version, when it has that version and one before it."""
    version = next((v for v in other.versions if v.label == label), None)
    return diff_dir(other.id, label) if version is not None and other.previous_of(version) is not None else None


def _redline_div(html: str) -> str:
    """The redline under the page's title: a body's ``#`` headings one level down, as on version pages."""
    return f'<div class="notices-redline">\n{demote(html)}\n</div>\n'


def revision_redline(before: Revision, after: Revision) -> list[RedBlock]:
    """What a correction changed: the same block-then-word diff as between versions."""
    return diff_blocks(blocks_of(before.body), blocks_of(after.body))


def revision_diff_content(
    notices: NoticeSet, notice: Notice, version: Version, revision: Revision
) -> tuple[str, tuple[Heading, ...]]:
    """``/<id>/<v>/r<k>/diff/``: revision ``k`` against revision ``k - 1`` of the same version.

    A version corrected after publication keeps its label, so readers were not told
    again; this page is how anyone can check that a "typo fix" was one.
    """
    before = version.revisions[revision.number - 2]
    page = revision_diff_dir(notice.id, version.label, revision.number)
    source = posixpath.dirname(notice.id)

    def href(url: str) -> str:
        return site_link(url, source, notice_dir(notice.id), page)

    blocks = revision_redline(before, revision)
    lines = redline_html(blocks, href, cache_key=f"{notice.id}\0revision-diff")  # these pages share a depth
    words_changed = any(b.changes_text for b in blocks)
    old_link = relative(revision_dir(notice.id, version.label, before.number), page)
    new_link = relative(revision_dir(notice.id, version.label, revision.number), page)
    kind = revision_kind(notices, notice, version, revision.number)
    title = escape(revision.meta.title)
    html = page_content(
        notice,
        page,
        f'<h1 id="notice-title">{title}: what changed in revision {revision.number} of version '
        f"{escape(version.label)}</h1>\n"
        + f'<p class="notices-meta"><a href="{old_link}">Revision {before.number}</a> '
        f"(published {format_date(before.published.date())}) → "
        f'<a href="{new_link}">revision {revision.number}</a> (published {format_date(revision.published.date())})'
        "</p>\n" + f'<p class="notices-badges"><span class="notices-badge notices-badge--revision">'
        f"{escape(kind[0].upper() + kind[1:])}</span></p>\n"
        + f"<p>Version {escape(version.label)} was edited after it was first published, under the same label. "
        "Below is every word that changed: struck through is the text readers saw before, underlined the "
        "corrected text.</p>\n"
        + _change_nav(lines.count, words_changed)
        + _redline_div(lines.html)
        + f'<p class="notices-links"><a href="{relative(version_dir(notice.id, version.label), page)}">'
        f"Version {escape(version.label)}</a> · "
        f'<a href="{relative(changelog_dir(notice.id), page)}">Change log</a></p>\n',
        site_lang=notices.lang,
    )
    toc = tuple(Heading(2, anchor, section) for section, anchor in lines.sections)
    return html, toc


def _change_nav(count: int, words_changed: bool) -> str:
    same = "" if words_changed else '<p class="notices-nochange">The words did not change; only their form did.</p>\n'
    if count == 0:
        return '<p class="notices-nochange">The text did not change; only its metadata did.</p>\n'
    noun = "change" if count == 1 else "changes"
    return same + (
        f'<nav class="notices-changenav" aria-label="Changes"><p><strong>{count} {noun}.</strong> '
        '<a class="md-button" href="#change-1" data-notices-step="-1">Previous change</a> '
        '<a class="md-button" href="#change-1" data-notices-step="1">Next change</a></p></nav>\n'
    )


def _note(notices: NoticeSet, notice: Notice, version: Version, page: str) -> str:
    note = notices.notes.get((notice.id, version.label))
    if note is None:
        return ""
    folder = posixpath.dirname(note.path)
    body = for_page(render(note.body, folder, notice_dir(notice.id)), notice_dir(notice.id), page).html
    return f'<div class="notices-note">{body}</div>\n'


def _corrections(notices: NoticeSet, notice: Notice, version: Version, page: str) -> str:
    """The corrections published under the label, each with its redline."""
    if len(version.revisions) < 2:
        return ""
    items = []
    for revision in version.revisions[1:]:
        diff = relative(revision_diff_dir(notice.id, version.label, revision.number), page)
        items.append(
            f"<li>Revision {revision.number}, published {format_date(revision.published.date())}: "
            f"{escape(revision_kind(notices, notice, version, revision.number))} "
            f'(<a href="{diff}">what changed in revision {revision.number}</a>)</li>'
        )
    return "<p>Corrected after publication:</p>\n<ul>" + "".join(items) + "</ul>\n"


def _entry(notices: NoticeSet, notice: Notice, version: Version, page: str) -> str:
    change = notices.change(notice.id, version.label)
    link = relative(version_dir(notice.id, version.label), page)
    parts = [
        f'<h2 id="version-{escape(version.label)}"><a href="{link}">Version {escape(version.label)}</a></h2>\n',
        f'<p class="notices-meta">Effective {format_date(version.effective)} '
        f"{badges(notices, notice, version, change)}</p>\n",
        _note(notices, notice, version, page),
    ]
    if change.previous is None:
        parts.append("<p>First published version.</p>\n")
    else:
        sections = ", ".join(escape(s) for s in change.changed_sections) or "none (form only)"
        diff = relative(diff_dir(notice.id, version.label), page)
        parts.append(
            f"<p>Changed sections: {sections}. "
            f'<a href="{diff}">See what changed in version {escape(version.label)}</a>.</p>\n'
        )
        parts.append(_reasons(change))
    parts.append(_corrections(notices, notice, version, page))
    return "".join(parts)


def changelog_content(notices: NoticeSet, notice: Notice) -> tuple[str, tuple[Heading, ...]]:
    page = changelog_dir(notice.id)
    entries = [_entry(notices, notice, v, page) for v in reversed(notice.versions)]
    html = page_content(
        notice,
        page,
        f'<h1 id="notice-title">{escape(notice.title)}: change log</h1>\n'
        + f'<p class="notices-meta">Every version, newest first. '
        f'<a href="{relative(notice_dir(notice.id), page)}">Read the version in force</a>. '
        f"{feed_link(notice, page)}</p>\n" + "".join(entries),
        site_lang=notices.lang,
        head=hreflang_links(notices, notice, page, place=lambda other: changelog_dir(other.id)),
    )
    toc = tuple(Heading(2, f"version-{v.label}", f"Version {v.label}") for v in reversed(notice.versions))
    return html, toc


def changelog_section(notices: NoticeSet, notice: Notice, page: str) -> str:
    """The "Change log" that ends a notice's own page, as the seed notices have."""
    items = []
    for version in reversed(notice.versions):
        change = notices.change(notice.id, version.label)
        line = f'<a href="{relative(version_dir(notice.id, version.label), page)}">Version {escape(version.label)}</a>'
        line += f", effective {format_date(version.effective)}"
        note = notices.notes.get((notice.id, version.label))
        summary = version.latest.meta.summary
        if note is not None:
            shown, more = _note_summary(note.body)
            line += ": " + escape(shown)
            if more:
                entry = relative(changelog_dir(notice.id), page) + f"#version-{escape(version.label)}"
                line += (
                    f' <a href="{entry}">…more<span class="notices-sr"> on version {escape(version.label)}</span></a>'
                )
        elif summary:
            line += ": " + escape(summary)
        if change.previous is not None:
            line += f' (<a href="{relative(diff_dir(notice.id, version.label), page)}">what changed</a>)'
        items.append(f"<li>{line} {badges(notices, notice, version, change)}</li>")
    return (
        '<h2 id="change-log">Change log</h2>\n<ul class="notices-changelog">\n'
        + "\n".join(items)
        + f'\n</ul>\n<p><a href="{relative(changelog_dir(notice.id), page)}">Full change log</a> · '
        f'<a href="{relative(compare_dir(notice.id), page)}">Compare any two versions</a> · '
        f"{feed_link(notice, page)}</p>\n"
    )


def _note_summary(markdown: str) -> tuple[str, bool]:
    """A change note's first paragraph, whole, and whether the note says more.

    The list on the notice's page has room for a sentence or two, but never for half
    of one: a paragraph wrapped over lines is joined, not cut at its first line break.
    Headings only name the note, so the first paragraph (or list item) is what it says.
    """
    blocks = [b for b in blocks_of(markdown) if b.words]
    text = [b for b in blocks if not b.kind.startswith("h")] or blocks
    if not text:
        return "", False
    first = " ".join(text[0].text.split())
    return first, len(text) > 1
