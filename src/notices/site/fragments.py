"""HTML fragments of notice pages: header, banners, version lists.

The fragments use Material's admonition classes so they look native in a
Material site and stay plain, readable HTML anywhere else. Every piece of text
from front matter is escaped here; bodies come escaped from ``render``.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Callable
from html import escape

from ..languages import UI_LANGUAGE, attributes, canonical, display_name, language_of, same_language
from ..model import Notice, NoticeSet, Revision, Version
from ..render import Rendered, for_page, render
from ..supersession import ended_on, retired, withdrawn
from ..translations import outdated
from .feeds import HEAD_END, feed_head
from .headings import under_title, with_permalinks
from .urls import notice_dir, pdf_file, relative, revision_diff_dir, revision_dir, version_dir
from .when import lookup_data

__all__ = [
    "current_content",
    "format_date",
    "in_ui_language",
    "page_content",
    "rendered_body",
    "revision_content",
    "version_content",
]

START = '<!-- notices:start --><div class="notices-page">'
END = "</div><!-- notices:end -->"


def page_content(notice: Notice, page: str, html: str, *, site_lang: str | None = None, head: str = "") -> str:
    """A generated page's content: between the markers, its feed links (and ``head``, e.g. the
    ``hreflang`` alternates) for the head, and heading permalinks when the site asks for them
    (``headings``). On a page in another language than the tool's strings, those are marked
    as English (``in_ui_language``)."""
    lang = notice.lang or site_lang
    feeds = feed_head(notice, page)
    html = in_ui_language(html, lang) if lang else html
    return with_permalinks(START + feeds[: -len(HEAD_END)] + head + HEAD_END + html + END)


_TEXT_ISLANDS = re.compile(
    r'<div (?:class="notices-body"|class="notices-redline"|id="notices-compare-result")(?![^>]*\slang=)'
)
"""The containers of the notice's own text on a page: in the notice's language, whatever is around them."""


def in_ui_language(html: str, lang: str) -> str:
    """``html`` wrapped as ``UI_LANGUAGE`` when the page is in ``lang``, its text containers in ``lang``.

    The page's ``<html lang>`` is the notice's language (``languages.page_language``); until
    message catalogs come the banners and labels around the text are English, and a screen
    reader must read them as English, and the notice's text (body, redline) in its language.
    """
    if same_language(lang.split("-")[0], UI_LANGUAGE):
        return html
    text = attributes(lang, always_dir=True)
    html = _TEXT_ISLANDS.sub(lambda m: m.group() + text, html)
    return f'<div class="notices-ui"{attributes(UI_LANGUAGE, always_dir=True)}>\n{html}</div>\n'


def _languages(notices: NoticeSet, notice: Notice) -> list[tuple[str, Notice]]:
    """(language, notice) of the original and each of its translations; empty without translations."""
    main = notices.notices.get(notice.translation_of or "") or notice
    if not main.translations:
        return []
    return [(language_of(notices, main), main)] + [
        (lang, notices.notices[other]) for lang, other in sorted(main.translations.items())
    ]


def _counterpart(other: Notice, label: str | None) -> str | None:
    """The page of ``other`` that says what this page says: its page in force, or the same version's."""
    if label is None:
        return notice_dir(other.id)
    return version_dir(other.id, label) if any(v.label == label for v in other.versions) else None


def hreflang_links(
    notices: NoticeSet,
    notice: Notice,
    page: str,
    label: str | None = None,
    place: Callable[[Notice], str | None] | None = None,
) -> str:
    """``<link rel="alternate" hreflang>`` to every translation of this page, itself included, and
    ``x-default`` for the original (the binding text), as search engines pair translations.

    ``place`` gives a translation's page of the same kind (its change log, its compare page, its
    redline of the same version); by default its page in force, or its page of version ``label``."""
    links = []
    languages = _languages(notices, notice)
    where = place or (lambda other: _counterpart(other, label))
    for lang, other in languages:
        target = where(other)
        if target is not None:
            links.append((lang, target))
    if len(links) < 2:
        return ""
    original = where(languages[0][1])
    if original is not None:
        links.append(("x-default", original))
    return "".join(
        f'<link rel="alternate" hreflang="{escape(lang if lang == "x-default" else canonical(lang))}" '
        f'href="{escape(relative(target, page))}">'
        for lang, target in links
    )


def _language_switcher(notices: NoticeSet, notice: Notice, page: str, label: str | None = None) -> str:
    """The translations of this page by their own names; outdated ones marked (on the page in force)."""
    items = []
    languages = _languages(notices, notice)
    for lang, other in languages:
        target = _counterpart(other, label)
        if target is None:
            continue
        name = escape(display_name(lang))
        if other is notice:
            items.append(
                f'<li><a href="{relative(target, page)}" aria-current="page"{attributes(lang)}>{name}</a></li>'
            )
            continue
        state = ""
        if label is None and other.translation_of and outdated(other, languages[0][1], notices.today):
            state = ' <span class="notices-outdated">(outdated)</span>'
        items.append(
            f'<li><a href="{relative(target, page)}" hreflang="{escape(canonical(lang))}"{attributes(lang)}>'
            f"{name}</a>{state}</li>"
        )
    if len(items) < 2:
        return ""
    return (
        '<nav class="notices-languages" aria-labelledby="notices-languages-label">'
        '<p><span id="notices-languages-label">Languages:</span></p>'
        f"<ul>{''.join(items)}</ul></nav>\n"
    )


def format_date(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.day} {day:%B} {day.year}</time>'


def _admonition(kind: str, title: str, text: str, extra: str = "") -> str:
    """A Material admonition; ``text`` is inline HTML, ``extra`` block HTML after it."""
    return (
        f'<div class="admonition {kind} notices-banner" role="note">'
        f'<p class="admonition-title">{escape(title)}</p><p>{text}</p>{extra}</div>\n'
    )


def _header(notice: Notice, version: Version, revision: Revision, page: str, lang: str, pdf: bool = False) -> str:
    """Title and facts; the title in the notice's language ``lang`` (the facts are the tool's).

    ``pdf``: the version has a PDF of this text (option ``pdf``), linked beside the facts."""
    meta = f"Version {escape(version.label)} · effective {format_date(version.effective)}"
    if len(version.revisions) > 1:
        meta += f" · revision {revision.number} of {len(version.revisions)}"
    if notice.previous_of(version) is not None:
        diff = relative(f"{notice.id}/{version.label}/diff/", page)
        meta += f' · <a href="{diff}">what changed in version {escape(version.label)}</a>'
    if pdf:
        href = escape(relative(pdf_file(notice.id, version.label), page))
        meta += f'<span class="notices-pdf"> · <a href="{href}" type="application/pdf">Download PDF</a></span>'

    title_lang = attributes(lang)
    return (
        f'<h1 id="notice-title"{title_lang}>{escape(revision.meta.title)}</h1>\n<p class="notices-meta">{meta}</p>\n'
        + _permanent_address(notice, version, page)
    )


def _permanent_address(notice: Notice, version: Version, page: str) -> str:
    """Printed only: where a paper copy came from. The page in force names its version's address,
    which never changes; the page script turns the link's text into the absolute URL."""
    target = version_dir(notice.id, version.label) if page == notice_dir(notice.id) else page
    href = escape(relative(target, page))
    return f'<p class="notices-permanent">Permanent address: <a href="{href}">/{escape(target)}</a></p>\n'


def _superseded_banner(notices: NoticeSet, notice: Notice, page: str) -> str:
    if withdrawn(notice, notices.today) and notice.withdrawn_on is not None:
        return _admonition(
            "warning",
            "Withdrawn",
            f"This document was withdrawn on {format_date(notice.withdrawn_on)}. It no longer applies, and no "
            "other notice replaced it; its versions stay here for the record.",
        )
    if not notice.superseded_by or notice.superseded_on is None:
        return ""
    successor = notices.notices[notice.superseded_by]
    link = relative(notice_dir(successor.id), page)
    return _admonition(
        "warning",
        "Superseded",
        f'This document was superseded by <a href="{link}">{escape(successor.title)}</a> '
        f"on {format_date(notice.superseded_on)}.",
    )


def _version_banner(notices: NoticeSet, notice: Notice, version: Version, page: str) -> str:
    in_force = notice.in_force(notices.today)
    current_link = f'<a href="{relative(notice_dir(notice.id), page)}">version {escape(in_force.label)}</a>'
    end = ended_on(notice)
    if version is in_force and withdrawn(notice, notices.today) and end is not None:
        return _admonition(
            "warning",
            "No longer in force",
            f"This is version {escape(version.label)}, the last one of this document, in effect from "
            f"{format_date(version.effective)} to {format_date(end)}, when the document was withdrawn.",
        )
    if version is in_force and retired(notice, notices.today) and notice.superseded_on is not None:
        successor = notices.notices[str(notice.superseded_by)]
        link = f'<a href="{relative(notice_dir(successor.id), page)}">{escape(successor.title)}</a>'
        return _admonition(
            "warning",
            "No longer in force",
            f"This is version {escape(version.label)}, the last one of this document, in effect from "
            f"{format_date(version.effective)} to {format_date(notice.superseded_on)}. It was superseded by {link}.",
        )
    if version is in_force:
        return _admonition("info", "Current version", "This is the version in force. Its address will not change.")
    if version.effective > notices.today:
        return _admonition(
            "note",
            "Upcoming version",
            f"This is version {escape(version.label)}, which takes effect on "
            f"{format_date(version.effective)}. Until then, {current_link} is in force.",
        )
    following = notice.next_after(version)
    until = f" to {format_date(following.effective)}" if following else ""
    return _admonition(
        "warning",
        "Earlier version",
        f"This is version {escape(version.label)}, in effect from {format_date(version.effective)}"
        f"{until}. The current version is {current_link}.",
    )


def _translation_banner(notices: NoticeSet, notice: Notice, page: str) -> str:
    """On a translation: which version it translates, and whether that is still in force."""
    if notice.translation_of is None:
        return ""
    main = notices.notices[notice.translation_of]
    link = (
        f'<a href="{relative(notice_dir(main.id), page)}" lang="{escape(main.lang or notices.lang)}">'
        + escape(main.title)
        + "</a>"
    )
    if outdated(notice, main, notices.today):
        in_force = main.in_force(notices.today)
        return _admonition(
            "warning",
            "Outdated translation",
            f"This translation is of version {escape(notice.versions[-1].label)}. Version "
            f"{escape(in_force.label)} of the original is in force and binding: {link}.",
        )
    return _admonition("info", "Translation", f"A translation of {link}; the original is binding.")


def _translations_list(notices: NoticeSet, notice: Notice, page: str) -> str:
    if not notice.translations:
        return ""
    items = []
    for lang, notice_id in sorted(notice.translations.items()):
        other = notices.notices[notice_id]
        state = " (outdated)" if outdated(other, notice, notices.today) else ""
        link = relative(notice_dir(other.id), page)
        items.append(
            f'<li><a href="{link}" hreflang="{escape(canonical(lang))}"{attributes(lang)}>{escape(other.title)}</a> '
            f"(<span{attributes(lang)}>{escape(display_name(lang))}</span>, "
            f"version {escape(other.versions[-1].label)}){state}</li>"
        )
    return '<h2 id="translations">Translations</h2>\n<ul class="notices-translations">' + "".join(items) + "</ul>\n"


def _date_picker(notices: NoticeSet, notice: Notice, page: str) -> str:
    """The "what did it say on …?" form; the page script jumps to the text in force that day."""
    data = lookup_data(notices, notice, page)  # revisions and successors too (site/when.py)
    return (
        f'<form class="notices-when" data-versions="{escape(json.dumps(data))}">'
        '<p><label for="notices-date">What did it say on</label> '
        '<input type="date" id="notices-date" name="date" required> '
        '<button class="md-button" type="submit">Show that version</button> '
        '<span class="notices-when-result" role="status"></span></p></form>\n'
    )


def _upcoming_notice(notices: NoticeSet, notice: Notice, page: str) -> str:
    upcoming = notice.upcoming(notices.today)
    if upcoming is None or upcoming is notice.in_force(notices.today):
        return ""
    link = relative(version_dir(notice.id, upcoming.label), page)
    return _admonition(
        "note",
        "Upcoming change",
        f'<a href="{link}">Version {escape(upcoming.label)}</a> takes effect on {format_date(upcoming.effective)}.',
    )


def _versions_list(notices: NoticeSet, notice: Notice, page: str, shown: Version | None) -> str:
    in_force = notice.in_force(notices.today)
    items = []
    for version in reversed(notice.versions):
        label = f"Version {escape(version.label)}"
        notes = []
        if version is in_force:
            state = "withdrawn" if withdrawn(notice, notices.today) else "superseded"
            notes.append(f"last version, {state}" if retired(notice, notices.today) else "current")
        elif version.effective > notices.today:
            notes.append("upcoming")
        if version is shown:
            notes.append("this page")
        suffix = f" ({', '.join(notes)})" if notes else ""
        link = relative(version_dir(notice.id, version.label), page)
        items.append(f'<li><a href="{link}">{label}</a> — effective {format_date(version.effective)}{suffix}</li>')
    heading = "Previous versions" if shown is None else "All versions"
    return (
        f'<h2 id="previous-versions">{heading}</h2>\n<ul class="notices-versions">\n' + "\n".join(items) + "\n</ul>\n"
    )


def _superseded_list(notices: NoticeSet, notice: Notice, page: str) -> str:
    replaced = [n for n in notices if n.superseded_by == notice.id]
    if not replaced:
        return ""
    items = []
    for old in replaced:
        link = relative(notice_dir(old.id), page)
        when = format_date(old.superseded_on) if old.superseded_on else ""
        items.append(f'<li><a href="{link}">{escape(old.title)}</a>, superseded on {when}</li>')
    return (
        '<h2 id="documents-superseded">Documents superseded</h2>\n'
        "<p>This document supersedes:</p>\n<ul>\n" + "\n".join(items) + "\n</ul>\n"
    )


def revision_kind(notices: NoticeSet, notice: Notice, version: Version, number: int) -> str:
    """What revision ``number`` changed against the one before, in a reader's words."""
    for entry in notices.change(notice.id, version.label).revisions:
        if entry[0] == number:
            material, purpose = entry[1], entry[2]
            if purpose:
                return "the purposes changed"
            return "a material change" if material else "an editorial correction"
    return "a correction"


def _revisions_list(notices: NoticeSet, notice: Notice, version: Version, page: str, shown: Revision) -> str:
    if len(version.revisions) < 2:
        return ""
    items = []
    for revision in version.revisions:
        link = relative(revision_dir(notice.id, version.label, revision.number), page)
        mark = " (this page)" if revision is shown else ""
        change = ""
        if revision.number > 1:
            diff = relative(revision_diff_dir(notice.id, version.label, revision.number), page)
            kind = escape(revision_kind(notices, notice, version, revision.number))
            change = f' — {kind}: <a href="{diff}">what changed in revision {revision.number}</a>'
        items.append(
            f'<li><a href="{link}">Revision {revision.number}</a>, published '
            f"{format_date(revision.published.date())}{mark}{change}</li>"
        )
    return _admonition(
        "info",
        "Corrected after publication",
        f"Version {escape(version.label)} was edited after it was first published. Every published text stays online:",
        "<ul>" + "".join(items) + "</ul>",
    )


def rendered_body(notice: Notice, revision: Revision, page: str) -> Rendered:
    """The revision's body as shown on ``page`` under its title: links rebased to it, headings
    under the page's ``<h1>`` (``headings.under_title``), permalinks if the site has them."""
    home = notice_dir(notice.id)
    placed = for_page(render(revision.body, posixpath.dirname(notice.id), home), home, page)
    shown = under_title(placed, revision.meta.title)
    html = with_permalinks(shown.html)
    return shown if html is shown.html else Rendered(html, shown.headings, shown.flat_headings)


def _body(notice: Notice, revision: Revision, page: str) -> str:
    lang = attributes(notice.lang) if notice.lang else ""
    return f'<div class="notices-body"{lang}>\n{rendered_body(notice, revision, page).html}</div>\n'


def _changelog_section(notices: NoticeSet, notice: Notice, page: str) -> str:
    from .changepages import changelog_section  # changepages builds on this module's helpers

    return changelog_section(notices, notice, page)


def current_content(notices: NoticeSet, notice: Notice) -> str:
    """The notice's own page: the version in force, announcements, every version."""
    page = notice_dir(notice.id)
    version = notice.in_force(notices.today)
    revision = version.latest
    return page_content(
        notice,
        page,
        _header(notice, version, revision, page, language_of(notices, notice), notices.pdf)
        + _language_switcher(notices, notice, page)
        + _superseded_banner(notices, notice, page)
        + _translation_banner(notices, notice, page)
        + _upcoming_notice(notices, notice, page)
        + _body(notice, revision, page)
        + _superseded_list(notices, notice, page)
        + _translations_list(notices, notice, page)
        + _versions_list(notices, notice, page, None)
        + _date_picker(notices, notice, page)
        + _changelog_section(notices, notice, page),
        site_lang=notices.lang,
        head=hreflang_links(notices, notice, page),
    )


def version_content(notices: NoticeSet, notice: Notice, version: Version) -> str:
    page = version_dir(notice.id, version.label)
    revision = version.latest
    return page_content(
        notice,
        page,
        _header(notice, version, revision, page, language_of(notices, notice), notices.pdf)
        + _language_switcher(notices, notice, page, version.label)
        + _superseded_banner(notices, notice, page)
        + _version_banner(notices, notice, version, page)
        + _translation_banner(notices, notice, page)
        + _revisions_list(notices, notice, version, page, revision)
        + _body(notice, revision, page)
        + _versions_list(notices, notice, page, version)
        + _date_picker(notices, notice, page),
        site_lang=notices.lang,
        head=hreflang_links(notices, notice, page, version.label),
    )


def revision_content(notices: NoticeSet, notice: Notice, version: Version, revision: Revision) -> str:
    page = revision_dir(notice.id, version.label, revision.number)
    newest = version.latest
    if revision is newest:
        note = "This is the newest text of this version."
    else:
        link = relative(revision_dir(notice.id, version.label, newest.number), page)
        note = f'A corrected text of this version was published later: <a href="{link}">revision {newest.number}</a>.'
    if revision.number > 1:
        diff = relative(revision_diff_dir(notice.id, version.label, revision.number), page)
        note += (
            f' <a href="{diff}">What changed from revision {revision.number - 1}</a>'
            f" ({escape(revision_kind(notices, notice, version, revision.number))})."
        )
    banner = _admonition(
        "note",
        f"Revision {revision.number} of version {version.label}",
        f"Published {format_date(revision.published.date())}. {note}",
    )
    return page_content(
        notice,
        page,
        _header(notice, version, revision, page, language_of(notices, notice), notices.pdf and revision is newest)
        + _superseded_banner(notices, notice, page)
        + _version_banner(notices, notice, version, page)
        + banner
        + _revisions_list(notices, notice, version, page, revision)
        + _body(notice, revision, page),
        site_lang=notices.lang,
    )
