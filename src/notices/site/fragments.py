"""HTML fragments of notice pages: header, banners, version lists.

The fragments use Material's admonition classes so they look native in a
Material site and stay plain, readable HTML anywhere else. Every piece of text
from front matter is escaped here; bodies come escaped from ``render``.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from html import escape

from notices.base.i18n import N_, Messages, catalog_language
from notices.base.model import Notice, NoticeSet, Revision, Version
from notices.base.urls import notice_dir, pdf_file, relative, revision_diff_dir, revision_dir, version_dir
from notices.reuse.memos import memo
from notices.site.changelog_list import changelog_section
from notices.site.feeds import HEAD_END, feed_head
from notices.site.when import lookup_data
from notices.sources.languages import attributes, canonical, display_name, language_of, words
from notices.sources.supersession import ended_on, retired, withdrawn
from notices.sources.translations import outdated
from notices.text.headings import under_title, with_permalinks
from notices.text.render import Rendered, for_page, render

__all__ = [
    "current_content",
    "in_ui_language",
    "page_content",
    "rendered_body",
    "revision_content",
    "version_content",
]

START = '<!-- notices:start --><div class="notices-page">'
END = "</div><!-- notices:end -->"


def page_content(notices: NoticeSet, notice: Notice, page: str, html: str, *, head: str = "") -> str:
    """A generated page's content: between the markers, its feed links (and ``head``, e.g. the
    ``hreflang`` alternates) for the head, and heading permalinks when the site asks for them
    (``headings``). On a page in a language the tool has no words in, those are marked as
    English (``in_ui_language``)."""
    lang = language_of(notices, notice)
    feeds = feed_head(notice, page, words(notices, notice))
    html = in_ui_language(html, lang)
    return with_permalinks(START + feeds[: -len(HEAD_END)] + head + HEAD_END + html + END)


_TEXT_ISLANDS = re.compile(
    r'<div (?:class="notices-body"|class="notices-redline"|id="notices-compare-result")(?![^>]*\slang=)'
)
"""The containers of the notice's own text on a page: in the notice's language, whatever is around them."""


def in_ui_language(html: str, lang: str) -> str:
    """``html`` wrapped as English when the page is in ``lang`` and the tool has no words in it.

    The page's ``<html lang>`` is the notice's language (``languages.page_language``). With a
    catalog for it, the banners and labels are in that language too; without one they are
    English, and a screen reader must read them as English and the notice's text (body,
    redline) in its language, so the text containers get ``lang`` and the rest ``en``.
    """
    if catalog_language(lang) != "en" or lang.split("-")[0].lower() == "en":
        return html
    text = attributes(lang, always_dir=True)
    html = _TEXT_ISLANDS.sub(lambda m: m.group() + text, html)
    return f'<div class="notices-ui"{attributes("en", always_dir=True)}>\n{html}</div>\n'


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
    t = words(notices, notice)
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
            state = f' <span class="notices-outdated">({t.html("outdated")})</span>'
        items.append(
            f'<li><a href="{relative(target, page)}" hreflang="{escape(canonical(lang))}"{attributes(lang)}>'
            f"{name}</a>{state}</li>"
        )
    if len(items) < 2:
        return ""
    return (
        '<nav class="notices-languages" aria-labelledby="notices-languages-label">'
        f'<p><span id="notices-languages-label">{t.html("Languages:")}</span></p>'
        f"<ul>{''.join(items)}</ul></nav>\n"
    )


def _admonition(kind: str, title: str, text: str, extra: str = "") -> str:
    """A Material admonition; ``title`` and ``text`` are HTML, ``extra`` block HTML after it."""
    return (
        f'<div class="admonition {kind} notices-banner" role="note">'
        f'<p class="admonition-title">{title}</p><p>{text}</p>{extra}</div>\n'
    )


def _header(
    t: Messages, notice: Notice, version: Version, revision: Revision, page: str, lang: str, pdf: bool = False
) -> str:
    """Title and facts; the title in the notice's language ``lang``.

    ``pdf``: the version has a PDF of this text (option ``pdf``), linked beside the facts."""
    label = escape(version.label)
    meta = t.html("Version {label} · effective {date}", label=label, date=t.date_html(version.effective))
    if len(version.revisions) > 1:
        meta += " · " + t.html(
            "revision {number} of {count}", number=str(revision.number), count=str(len(version.revisions))
        )
    if notice.previous_of(version) is not None:
        diff = relative(f"{notice.id}/{version.label}/diff/", page)
        meta += f' · <a href="{diff}">{t.html("what changed in version {label}", label=label)}</a>'
    if pdf:
        href = escape(relative(pdf_file(notice.id, version.label), page))
        meta += (
            f'<span class="notices-pdf"> · <a href="{href}" type="application/pdf">{t.html("Download PDF")}</a></span>'
        )

    title_lang = attributes(lang)
    return (
        f'<h1 id="notice-title"{title_lang}>{escape(revision.meta.title)}</h1>\n<p class="notices-meta">{meta}</p>\n'
        + _permanent_address(t, notice, version, page)
    )


def _permanent_address(t: Messages, notice: Notice, version: Version, page: str) -> str:
    """Printed only: where a paper copy came from. The page in force names its version's address,
    which never changes; the page script turns the link's text into the absolute URL."""
    target = version_dir(notice.id, version.label) if page == notice_dir(notice.id) else page
    href = escape(relative(target, page))
    link = f'<a href="{href}">/{escape(target)}</a>'
    return f'<p class="notices-permanent">{t.html("Permanent address: {address}", address=link)}</p>\n'


def _superseded_banner(notices: NoticeSet, notice: Notice, page: str) -> str:
    t = words(notices, notice)
    if withdrawn(notice, notices.today) and notice.withdrawn_on is not None:
        return _admonition(
            "warning",
            t.html("Withdrawn"),
            t.html(
                "This document was withdrawn on {date}. It no longer applies, and no other notice "
                "replaced it; its versions stay here for the record.",
                date=t.date_html(notice.withdrawn_on),
            ),
        )
    if not notice.superseded_by or notice.superseded_on is None:
        return ""
    successor = notices.notices[notice.superseded_by]
    link = f'<a href="{relative(notice_dir(successor.id), page)}">{escape(successor.title)}</a>'
    return _admonition(
        "warning",
        t.html("Superseded"),
        t.html(
            "This document was superseded by {successor} on {date}.",
            successor=link,
            date=t.date_html(notice.superseded_on),
        ),
    )


def _version_banner(notices: NoticeSet, notice: Notice, version: Version, page: str) -> str:
    t = words(notices, notice)
    in_force = notice.in_force(notices.today)
    current_link = (
        f'<a href="{relative(notice_dir(notice.id), page)}">'
        f"{t.html('version {label}', label=escape(in_force.label))}</a>"
    )
    label = escape(version.label)
    end = ended_on(notice)
    if version is in_force and withdrawn(notice, notices.today) and end is not None:
        return _admonition(
            "warning",
            t.html("No longer in force"),
            t.html(
                "This is version {label}, the last one of this document, in effect from {start} to {end}, "
                "when the document was withdrawn.",
                label=label,
                start=t.date_html(version.effective),
                end=t.date_html(end),
            ),
        )
    if version is in_force and retired(notice, notices.today) and notice.superseded_on is not None:
        successor = notices.notices[str(notice.superseded_by)]
        link = f'<a href="{relative(notice_dir(successor.id), page)}">{escape(successor.title)}</a>'
        return _admonition(
            "warning",
            t.html("No longer in force"),
            t.html(
                "This is version {label}, the last one of this document, in effect from {start} to {end}. "
                "It was superseded by {successor}.",
                label=label,
                start=t.date_html(version.effective),
                end=t.date_html(notice.superseded_on),
                successor=link,
            ),
        )
    if version is in_force:
        return _admonition(
            "info",
            t.html("Current version"),
            t.html("This is the version in force. Its address will not change."),
        )
    if version.effective > notices.today:
        return _admonition(
            "note",
            t.html("Upcoming version"),
            t.html(
                "This is version {label}, which takes effect on {date}. Until then, {current} is in force.",
                label=label,
                date=t.date_html(version.effective),
                current=current_link,
            ),
        )
    following = notice.next_after(version)
    if following is not None:
        text = t.html(
            "This is version {label}, in effect from {start} to {end}. The current version is {current}.",
            label=label,
            start=t.date_html(version.effective),
            end=t.date_html(following.effective),
            current=current_link,
        )
    else:
        text = t.html(
            "This is version {label}, in effect from {start}. The current version is {current}.",
            label=label,
            start=t.date_html(version.effective),
            current=current_link,
        )
    return _admonition("warning", t.html("Earlier version"), text)


def _translation_banner(notices: NoticeSet, notice: Notice, page: str) -> str:
    """On a translation: which version it translates, and whether that is still in force."""
    if notice.translation_of is None:
        return ""
    t = words(notices, notice)
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
            t.html("Outdated translation"),
            t.html(
                "This translation is of version {label}. Version {current} of the original is in force and "
                "binding: {original}.",
                label=escape(notice.versions[-1].label),
                current=escape(in_force.label),
                original=link,
            ),
        )
    return _admonition(
        "info", t.html("Translation"), t.html("A translation of {original}; the original is binding.", original=link)
    )


def _translations_list(notices: NoticeSet, notice: Notice, page: str) -> str:
    if not notice.translations:
        return ""
    t = words(notices, notice)
    items = []
    for lang, notice_id in sorted(notice.translations.items()):
        other = notices.notices[notice_id]
        state = f" ({t.html('outdated')})" if outdated(other, notice, notices.today) else ""
        link = relative(notice_dir(other.id), page)
        name = f"<span{attributes(lang)}>{escape(display_name(lang))}</span>"
        facts = t.html("{language}, version {label}", language=name, label=escape(other.versions[-1].label))
        items.append(
            f'<li><a href="{link}" hreflang="{escape(canonical(lang))}"{attributes(lang)}>{escape(other.title)}</a> '
            f"({facts}){state}</li>"
        )
    return (
        f'<h2 id="translations">{t.html("Translations")}</h2>\n<ul class="notices-translations">'
        + "".join(items)
        + "</ul>\n"
    )


def date_picker(t: Messages, data: object) -> str:
    """The "what did it say on …?" form; the page script jumps to the text in force that day.

    The script's own words (its answers) travel with the form, in the page's language."""
    script = {
        "none": t.text("No version was in effect on {date}; the first took effect on {first}."),
        "withdrawn": t.text("No version was in effect on {date}: the notice was withdrawn on {last}."),
        "lang": t.tag,
    }
    return (
        f'<form class="notices-when" data-versions="{escape(json.dumps(data))}" '
        f'data-notices-messages="{escape(json.dumps(script, ensure_ascii=False))}">'
        f'<p><label for="notices-date">{t.html("What did it say on")}</label> '
        '<input type="date" id="notices-date" name="date" required> '
        f'<button class="md-button" type="submit">{t.html("Show that version")}</button> '
        '<span class="notices-when-result" role="status"></span></p></form>\n'
    )


def _date_picker(notices: NoticeSet, notice: Notice, page: str) -> str:
    return date_picker(words(notices, notice), lookup_data(notices, notice, page))  # revisions, successors too


def _upcoming_notice(notices: NoticeSet, notice: Notice, page: str) -> str:
    upcoming = notice.upcoming(notices.today)
    if upcoming is None or upcoming is notice.in_force(notices.today):
        return ""
    t = words(notices, notice)
    link = relative(version_dir(notice.id, upcoming.label), page)
    version = f'<a href="{link}">{t.html("Version {label}", label=escape(upcoming.label))}</a>'
    return _admonition(
        "note",
        t.html("Upcoming change"),
        t.html("{version} takes effect on {date}.", version=version, date=t.date_html(upcoming.effective)),
    )


_ITEMS: dict[tuple[int, str], tuple[Notice, list[tuple[str, str, str, str]]]] = memo({})


def _version_items(notices: NoticeSet, notice: Notice) -> list[tuple[str, str, str, str]]:
    """Each version's (label, "Version 3", "effective …", notes) in the page's words, newest first: the same
    on every page of the notice, so made once (every version page lists every version)."""
    key = (id(notice), notices.today.isoformat())
    hit = _ITEMS.get(key)
    if hit is None or hit[0] is not notice:  # the notice itself is kept: its id is never another's
        t = words(notices, notice)
        in_force = notice.in_force(notices.today)
        items = []
        for version in reversed(notice.versions):
            notes = ""
            if version is in_force:
                if not retired(notice, notices.today):
                    notes = t.html("current")
                elif withdrawn(notice, notices.today):
                    notes = t.html("last version, withdrawn")
                else:
                    notes = t.html("last version, superseded")
            elif version.effective > notices.today:
                notes = t.html("upcoming")
            effective = t.html("effective {date}", date=t.date_html(version.effective))
            items.append((version.label, t.html("Version {label}", label=escape(version.label)), effective, notes))
        hit = _ITEMS[key] = (notice, items)
    return hit[1]


def _versions_list(notices: NoticeSet, notice: Notice, page: str, shown: Version | None) -> str:
    t = words(notices, notice)
    this_page = t.html("this page")
    lines = []
    for label, name, effective, notes in _version_items(notices, notice):
        said = [n for n in (notes, this_page if shown is not None and label == shown.label else "") if n]
        suffix = f" ({', '.join(said)})" if said else ""
        link = relative(version_dir(notice.id, label), page)
        lines.append(f'<li><a href="{link}">{name}</a> — {effective}{suffix}</li>')
    heading = t.html("Previous versions") if shown is None else t.html("All versions")
    return (
        f'<h2 id="previous-versions">{heading}</h2>\n<ul class="notices-versions">\n' + "\n".join(lines) + "\n</ul>\n"
    )


def _superseded_list(notices: NoticeSet, notice: Notice, page: str) -> str:
    replaced = [n for n in notices if n.superseded_by == notice.id]
    if not replaced:
        return ""
    t = words(notices, notice)
    items = []
    for old in replaced:
        link = f'<a href="{relative(notice_dir(old.id), page)}">{escape(old.title)}</a>'
        if old.superseded_on:
            items.append(
                "<li>"
                + t.html("{document}, superseded on {date}", document=link, date=t.date_html(old.superseded_on))
                + "</li>"
            )
        else:
            items.append(f"<li>{link}</li>")
    return (
        f'<h2 id="documents-superseded">{t.html("Documents superseded")}</h2>\n'
        f"<p>{t.html('This document supersedes:')}</p>\n<ul>\n" + "\n".join(items) + "\n</ul>\n"
    )


def _revision_change(notices: NoticeSet, notice: Notice, version: Version, number: int) -> str:
    """ "purposes", "material", "editorial" or "" (not classified): what revision ``number`` changed."""
    for entry in notices.change(notice.id, version.label).revisions:
        if entry[0] == number:
            return "purposes" if entry[2] else "material" if entry[1] else "editorial"
    return ""


def revision_kind(notices: NoticeSet, notice: Notice, version: Version, number: int, title: bool = False) -> str:
    """What revision ``number`` changed against the one before, in a reader's words (text);
    ``title``: as a badge's words (capitalised in the catalog, not by code: not every script has case)."""
    t = words(notices, notice)
    kind = _revision_change(notices, notice, version, number)
    if title:
        kinds = {
            "purposes": N_("The purposes changed"),
            "material": N_("A material change"),
            "editorial": N_("An editorial correction"),
        }
        return t.text(kinds[kind]) if kind else t.text("A correction")
    kinds = {
        "purposes": N_("the purposes changed"),
        "material": N_("a material change"),
        "editorial": N_("an editorial correction"),
    }
    return t.text(kinds[kind]) if kind else t.text("a correction")


def _revisions_list(notices: NoticeSet, notice: Notice, version: Version, page: str, shown: Revision) -> str:
    if len(version.revisions) < 2:
        return ""
    t = words(notices, notice)
    items = []
    for revision in version.revisions:
        link = relative(revision_dir(notice.id, version.label, revision.number), page)
        mark = f" ({t.html('this page')})" if revision is shown else ""
        change = ""
        if revision.number > 1:
            diff = relative(revision_diff_dir(notice.id, version.label, revision.number), page)
            kind = escape(revision_kind(notices, notice, version, revision.number))
            what = t.html("what changed in revision {number}", number=str(revision.number))
            change = f' — {kind}: <a href="{diff}">{what}</a>'
        name = f'<a href="{link}">{t.html("Revision {number}", number=str(revision.number))}</a>'
        published = t.html("{revision}, published {date}", revision=name, date=t.date_html(revision.published.date()))
        items.append(f"<li>{published}{mark}{change}</li>")
    return _admonition(
        "info",
        t.html("Corrected after publication"),
        t.html(
            "Version {label} was edited after it was first published. Every published text stays online:",
            label=escape(version.label),
        ),
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


def current_content(notices: NoticeSet, notice: Notice) -> str:
    """The notice's own page: the version in force, announcements, every version."""
    page = notice_dir(notice.id)
    version = notice.in_force(notices.today)
    revision = version.latest
    t = words(notices, notice)
    return page_content(
        notices,
        notice,
        page,
        _header(t, notice, version, revision, page, language_of(notices, notice), notices.pdf)
        + _language_switcher(notices, notice, page)
        + _superseded_banner(notices, notice, page)
        + _translation_banner(notices, notice, page)
        + _upcoming_notice(notices, notice, page)
        + _body(notice, revision, page)
        + _superseded_list(notices, notice, page)
        + _translations_list(notices, notice, page)
        + _versions_list(notices, notice, page, None)
        + _date_picker(notices, notice, page)
        + changelog_section(notices, notice, page),
        head=hreflang_links(notices, notice, page),
    )


def version_content(notices: NoticeSet, notice: Notice, version: Version) -> str:
    page = version_dir(notice.id, version.label)
    revision = version.latest
    t = words(notices, notice)
    return page_content(
        notices,
        notice,
        page,
        _header(t, notice, version, revision, page, language_of(notices, notice), notices.pdf)
        + _language_switcher(notices, notice, page, version.label)
        + _superseded_banner(notices, notice, page)
        + _version_banner(notices, notice, version, page)
        + _translation_banner(notices, notice, page)
        + _revisions_list(notices, notice, version, page, revision)
        + _body(notice, revision, page)
        + _versions_list(notices, notice, page, version)
        + _date_picker(notices, notice, page),
        head=hreflang_links(notices, notice, page, version.label),
    )


def revision_content(notices: NoticeSet, notice: Notice, version: Version, revision: Revision) -> str:
    page = revision_dir(notice.id, version.label, revision.number)
    newest = version.latest
    t = words(notices, notice)
    if revision is newest:
        note = t.html("This is the newest text of this version.")
    else:
        link = relative(revision_dir(notice.id, version.label, newest.number), page)
        later = f'<a href="{link}">{t.html("revision {number}", number=str(newest.number))}</a>'
        note = t.html("A corrected text of this version was published later: {revision}.", revision=later)
    if revision.number > 1:
        diff = relative(revision_diff_dir(notice.id, version.label, revision.number), page)
        what = t.html("What changed from revision {number}", number=str(revision.number - 1))
        kind = escape(revision_kind(notices, notice, version, revision.number))
        note += f' <a href="{diff}">{what}</a> ({kind}).'
    banner = _admonition(
        "note",
        t.html("Revision {number} of version {label}", number=str(revision.number), label=escape(version.label)),
        t.html("Published {date}.", date=t.date_html(revision.published.date())) + " " + note,
    )
    return page_content(
        notices,
        notice,
        page,
        _header(t, notice, version, revision, page, language_of(notices, notice), notices.pdf and revision is newest)
        + _superseded_banner(notices, notice, page)
        + _version_banner(notices, notice, version, page)
        + banner
        + _revisions_list(notices, notice, version, page, revision)
        + _body(notice, revision, page),
    )
