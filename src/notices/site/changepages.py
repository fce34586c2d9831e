"""Diff pages (``/<id>/<v>/diff/``) and the change log page.

Each entry says what a reader needs to judge a change: which GDPR elements
changed, whether it is material, whether the purposes changed (legal must tell
users then), and whether legal overruled the computed classification.
"""

from __future__ import annotations

import posixpath
from html import escape

from notices.base.i18n import N_, Messages
from notices.base.model import Notice, NoticeSet, Revision, Version, VersionChange
from notices.base.urls import (
    changelog_dir,
    compare_dir,
    diff_dir,
    notice_dir,
    relative,
    revision_diff_dir,
    revision_dir,
    version_dir,
)
from notices.changes.assess import redline
from notices.changes.classify import label
from notices.changes.diff import RedBlock, diff_blocks
from notices.site.changelog_list import badges
from notices.site.feeds import feed_link
from notices.site.fragments import hreflang_links, page_content, revision_kind
from notices.site.redline import change_nav, redline_html
from notices.sources.languages import words
from notices.text.headings import demote
from notices.text.render import Heading, blocks_of, for_page, render, site_link

__all__ = ["changelog_content", "diff_content", "revision_diff_content"]


def _elements_line(t: Messages, change: VersionChange) -> str:
    if not change.changed_elements:
        return ""
    names = ", ".join(escape(t.text(label(e))) for e in change.changed_elements)
    return f'<p class="notices-elements">{t.html("Changed elements: {elements}.", elements=names)}</p>\n'


_RULES = {
    "purpose-statement": N_("a reason for using data that the text did not state before, or no longer states"),
    "purposes-section": N_("the section on the purposes of processing changed"),
    "declared-purposes": N_("the declared `purposes` changed"),
    "element": N_("the section on this element changed"),
    "number": N_("a number, date or duration changed"),
}


def _reasons(t: Messages, change: VersionChange) -> str:
    """Each flag with the sentences behind it, so legal can confirm or overrule it in the PR."""
    if not change.reasons or not (change.material or change.purpose_changed):
        return ""
    items = []
    for element, rule, removed, added in change.reasons:
        why = t.text(_RULES[rule]) if rule in _RULES else rule
        parts = [f"<strong>{escape(t.text(label(element)))}</strong>: {escape(why)}"]
        if removed:
            parts.append(f'<span class="notices-sr">{t.html("removed:")}</span> <del>{escape(removed)}</del>')
        if added:
            parts.append(f'<span class="notices-sr">{t.html("added:")}</span> <ins>{escape(added)}</ins>')
        items.append("<li>" + "<br>".join(parts) + "</li>")
    summary = t.nhtml("Why this is flagged ({count} sentence)", "Why this is flagged ({count} sentences)", len(items))
    return f'<details class="notices-reasons"><summary>{summary}</summary>\n<ul>' + "".join(items) + "</ul></details>\n"


def _purposes_lists(t: Messages, change: VersionChange) -> str:
    parts = []
    for title, items in (
        (t.html("Purposes added:"), change.purposes_added),
        (t.html("Purposes removed:"), change.purposes_removed),
    ):
        if items:
            parts.append(f"<p>{title}</p><ul>" + "".join(f"<li>{escape(p)}</li>" for p in items) + "</ul>")
    return "".join(parts)


def diff_content(notices: NoticeSet, notice: Notice, version: Version) -> tuple[str, tuple[Heading, ...]]:
    """The redline of ``version`` against the one before it, and its table of contents."""
    previous = notice.previous_of(version)
    assert previous is not None
    t = words(notices, notice)
    page = diff_dir(notice.id, version.label)
    change = notices.change(notice.id, version.label)
    source = posixpath.dirname(notice.id)

    def href(url: str) -> str:
        return site_link(url, source, notice_dir(notice.id), page)

    blocks = redline(previous, version)
    lines = redline_html(blocks, href, cache_key=notice.id, t=t)  # diff pages share a depth
    words_changed = any(b.changes_text for b in blocks)
    old_link = relative(version_dir(notice.id, previous.label), page)
    new_link = relative(version_dir(notice.id, version.label), page)
    old = f'<a href="{old_link}">{t.html("Version {label}", label=escape(previous.label))}</a>'
    new = f'<a href="{new_link}">{t.html("version {label}", label=escape(version.label))}</a>'
    html = page_content(
        notices,
        notice,
        page,
        f'<h1 id="notice-title">{diff_title(t, version.title, version.label, html=True)}</h1>\n'
        + '<p class="notices-meta">'
        + t.html(
            "{old} (effective {old_date}) → {new} (effective {new_date})",
            old=old,
            old_date=t.date_html(previous.effective),
            new=new,
            new_date=t.date_html(version.effective),
        )
        + "</p>\n"
        + f'<p class="notices-badges">{badges(notices, notice, version, change)}</p>\n'
        + _elements_line(t, change)
        + _reasons(t, change)
        + _purposes_lists(t, change)
        + _note(notices, notice, version, page)
        + _change_nav(t, lines.count, words_changed)
        + lines.legend
        + _redline_div(lines.html)
        + f'<p class="notices-links"><a href="{relative(compare_dir(notice.id), page)}">'
        f"{t.html('Compare other versions')}</a> · "
        f'<a href="{relative(changelog_dir(notice.id), page)}">{t.html("Change log")}</a></p>\n',
        head=hreflang_links(notices, notice, page, place=lambda other: _same_diff(other, version.label)),
    )
    toc = tuple(Heading(2, anchor, title) for title, anchor in lines.sections)
    return html, toc


def diff_title(t: Messages, title: str, label: str, *, html: bool = False) -> str:
    """``Privacy notice: what changed in version 3``, the redline's heading and its page's title."""
    if html:
        return t.html("{title}: what changed in version {label}", title=escape(title), label=escape(label))
    return t.text("{title}: what changed in version {label}", title=title, label=label)


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

    t = words(notices, notice)
    blocks = revision_redline(before, revision)
    lines = redline_html(blocks, href, cache_key=f"{notice.id}\0revision-diff", t=t)  # these pages share a depth
    words_changed = any(b.changes_text for b in blocks)
    old_link = relative(revision_dir(notice.id, version.label, before.number), page)
    new_link = relative(revision_dir(notice.id, version.label, revision.number), page)
    kind = revision_kind(notices, notice, version, revision.number, title=True)
    label = escape(version.label)
    old = f'<a href="{old_link}">{t.html("Revision {number}", number=str(before.number))}</a>'
    new = f'<a href="{new_link}">{t.html("revision {number}", number=str(revision.number))}</a>'
    html = page_content(
        notices,
        notice,
        page,
        '<h1 id="notice-title">'
        + revision_diff_title(t, revision.meta.title, version.label, revision.number, html=True)
        + "</h1>\n"
        + '<p class="notices-meta">'
        + t.html(
            "{old} (published {old_date}) → {new} (published {new_date})",
            old=old,
            old_date=t.date_html(before.published.date()),
            new=new,
            new_date=t.date_html(revision.published.date()),
        )
        + "</p>\n"
        + f'<p class="notices-badges"><span class="notices-badge notices-badge--revision">{escape(kind)}</span></p>\n'
        + "<p>"
        + t.html(
            "Version {label} was edited after it was first published, under the same label. Below is every "
            "word that changed: struck through is the text readers saw before, underlined the corrected text.",
            label=label,
        )
        + "</p>\n"
        + _change_nav(t, lines.count, words_changed)
        + _redline_div(lines.html)
        + f'<p class="notices-links"><a href="{relative(version_dir(notice.id, version.label), page)}">'
        f"{t.html('Version {label}', label=label)}</a> · "
        f'<a href="{relative(changelog_dir(notice.id), page)}">{t.html("Change log")}</a></p>\n',
    )
    toc = tuple(Heading(2, anchor, section) for section, anchor in lines.sections)
    return html, toc


def revision_diff_title(t: Messages, title: str, label: str, number: int, *, html: bool = False) -> str:
    """The heading (and page title) of a correction's redline."""
    msgid = "{title}: what changed in revision {number} of version {label}"
    if html:
        return t.html(msgid, title=escape(title), number=str(number), label=escape(label))
    return t.text(msgid, title=title, number=str(number), label=label)


def _change_nav(t: Messages, count: int, words_changed: bool) -> str:
    same = (
        ""
        if words_changed
        else f'<p class="notices-nochange">{t.html("The words did not change; only their form did.")}</p>\n'
    )
    if count == 0:
        return f'<p class="notices-nochange">{t.html("The text did not change; only its metadata did.")}</p>\n'
    return same + change_nav(t, t.nhtml("{count} change.", "{count} changes.", count))


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
    t = words(notices, notice)
    items = []
    for revision in version.revisions[1:]:
        diff = relative(revision_diff_dir(notice.id, version.label, revision.number), page)
        what = f'<a href="{diff}">{t.html("what changed in revision {number}", number=str(revision.number))}</a>'
        items.append(
            "<li>"
            + t.html(
                "Revision {number}, published {date}: {kind} ({what})",
                number=str(revision.number),
                date=t.date_html(revision.published.date()),
                kind=escape(revision_kind(notices, notice, version, revision.number)),
                what=what,
            )
            + "</li>"
        )
    return f"<p>{t.html('Corrected after publication:')}</p>\n<ul>" + "".join(items) + "</ul>\n"


def _entry(notices: NoticeSet, notice: Notice, version: Version, page: str) -> str:
    t = words(notices, notice)
    change = notices.change(notice.id, version.label)
    link = relative(version_dir(notice.id, version.label), page)
    label = escape(version.label)
    parts = [
        f'<h2 id="version-{label}"><a href="{link}">{t.html("Version {label}", label=label)}</a></h2>\n',
        f'<p class="notices-meta">{t.html("Effective {date}", date=t.date_html(version.effective))} '
        f"{badges(notices, notice, version, change)}</p>\n",
        _note(notices, notice, version, page),
    ]
    if change.previous is None:
        parts.append(f"<p>{t.html('First published version.')}</p>\n")
    else:
        sections = ", ".join(escape(s) for s in change.changed_sections) or t.html("none (form only)")
        diff = relative(diff_dir(notice.id, version.label), page)
        see = f'<a href="{diff}">{t.html("See what changed in version {label}", label=label)}</a>'
        parts.append(f"<p>{t.html('Changed sections: {sections}.', sections=sections)} {see}.</p>\n")
        parts.append(_reasons(t, change))
    parts.append(_corrections(notices, notice, version, page))
    return "".join(parts)


def changelog_content(notices: NoticeSet, notice: Notice) -> tuple[str, tuple[Heading, ...]]:
    page = changelog_dir(notice.id)
    t = words(notices, notice)
    entries = [_entry(notices, notice, v, page) for v in reversed(notice.versions)]
    read = f'<a href="{relative(notice_dir(notice.id), page)}">{t.html("Read the version in force")}</a>'
    html = page_content(
        notices,
        notice,
        page,
        f'<h1 id="notice-title">{changelog_title(t, notice.title, html=True)}</h1>\n'
        + f'<p class="notices-meta">{t.html("Every version, newest first.")} {read}. '
        f"{feed_link(notice, page, t)}</p>\n" + "".join(entries),
        head=hreflang_links(notices, notice, page, place=lambda other: changelog_dir(other.id)),
    )
    toc = tuple(
        Heading(2, f"version-{v.label}", t.text("Version {label}", label=v.label)) for v in reversed(notice.versions)
    )
    return html, toc


def changelog_title(t: Messages, title: str, *, html: bool = False) -> str:
    if html:
        return t.html("{title}: change log", title=escape(title))
    return t.text("{title}: change log", title=title)
