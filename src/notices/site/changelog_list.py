"""The change log that ends a notice's own page, and the badges every change list shows.

Kept apart from the change pages so that the notice's page (``fragments``) and the
change pages can both build on it without importing each other.
"""

from __future__ import annotations

from html import escape

from notices.base.model import Notice, NoticeSet, Version, VersionChange
from notices.base.urls import changelog_dir, compare_dir, diff_dir, relative, version_dir
from notices.site.feeds import feed_link
from notices.sources.languages import words
from notices.sources.supersession import withdrawn
from notices.text.render import blocks_of

__all__ = ["badges", "changelog_section"]


def badges(notices: NoticeSet, notice: Notice, version: Version, change: VersionChange) -> str:
    t = words(notices, notice)
    items = []
    if change.material:
        items.append(("material", t.html("Material change")))
    elif change.previous is not None:
        items.append(("editorial", t.html("Editorial change")))
    if change.purpose_changed:
        items.append(("purposes", t.html("Purposes changed")))
    if change.overridden:
        if change.material:
            items.append(("override", t.html("Marked material by legal (computed: not material)")))
        else:
            items.append(("override", t.html("Marked not material by legal (computed: material)")))
    if version.effective > notices.today:
        items.append(("upcoming", t.html("Upcoming")))
    if notice.superseded_by:
        items.append(("superseded", t.html("Superseded")))
    elif withdrawn(notice, notices.today):
        items.append(("superseded", t.html("Withdrawn")))
    return " ".join(f'<span class="notices-badge notices-badge--{k}">{text}</span>' for k, text in items)


def changelog_section(notices: NoticeSet, notice: Notice, page: str) -> str:
    """The "Change log" that ends a notice's own page, as the seed notices have."""
    t = words(notices, notice)
    items = []
    for version in reversed(notice.versions):
        change = notices.change(notice.id, version.label)
        label = escape(version.label)
        link = relative(version_dir(notice.id, version.label), page)
        line = f'<a href="{link}">{t.html("Version {label}", label=label)}</a>'
        line += ", " + t.html("effective {date}", date=t.date_html(version.effective))
        note = notices.notes.get((notice.id, version.label))
        summary = version.latest.meta.summary
        if note is not None:
            shown, more = _note_summary(note.body)
            line += ": " + escape(shown)
            if more:
                entry = relative(changelog_dir(notice.id), page) + f"#version-{label}"
                hidden = t.html("on version {label}", label=label)
                line += f' <a href="{entry}">{t.html("…more")}<span class="notices-sr"> {hidden}</span></a>'
        elif summary:
            line += ": " + escape(summary)
        if change.previous is not None:
            line += f' (<a href="{relative(diff_dir(notice.id, version.label), page)}">{t.html("what changed")}</a>)'
        items.append(f"<li>{line} {badges(notices, notice, version, change)}</li>")
    return (
        f'<h2 id="change-log">{t.html("Change log")}</h2>\n<ul class="notices-changelog">\n'
        + "\n".join(items)
        + f'\n</ul>\n<p><a href="{relative(changelog_dir(notice.id), page)}">{t.html("Full change log")}</a> · '
        f'<a href="{relative(compare_dir(notice.id), page)}">{t.html("Compare any two versions")}</a> · '
        f"{feed_link(notice, page, t)}</p>\n"
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
