"""Atom feeds of new versions, per notice and for the whole site (feedgen).

Entry ids are the versions' permanent URLs (or ``urn:notices:`` names without a
``site_url``) and dates come from history, never from the clock, so rebuilding
the same history gives byte-identical feeds and readers never see duplicates.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from feedgen.feed import FeedGenerator

from notices.base.i18n import Messages, messages
from notices.base.model import Notice, NoticeSet, Version
from notices.base.urls import diff_dir, relative, version_dir
from notices.changes.classify import label
from notices.sources.languages import canonical, language_of, words

__all__ = [
    "HEAD_END",
    "HEAD_START",
    "SITE_FEED",
    "feed_head",
    "feed_link",
    "feed_links",
    "feed_path",
    "notice_feed",
    "site_feed",
]

HEAD_START = "<!-- notices:head -->"
HEAD_END = "<!-- /notices:head -->"
"""What a page's content asks to have in ``<head>``, moved there by ``shell.place_head``."""

SITE_FEED = "feed.xml"


def feed_path(notice_id: str) -> str:
    return f"{notice_id}/feed.xml"


def _feed_title(notice: Notice, t: Messages) -> str:
    return t.text("{title}: new versions", title=notice.title)


def feed_links(notice: Notice, page: str, t: Messages) -> str:
    """The ``<link rel="alternate">`` of the notice's feed and the site's, for ``page``'s head.

    Browsers, feed readers and extensions find feeds only this way; titles are escaped
    (a notice title is text, never markup) and in the page's language ``t``.
    """
    links = [(feed_path(notice.id), _feed_title(notice, t)), (SITE_FEED, t.text("Every notice: new versions"))]
    return "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(_xml(title))}" '
        f'href="{escape(relative(path, page))}">'
        for path, title in links
    )


def feed_head(notice: Notice, page: str, t: Messages) -> str:
    """``feed_links`` between the markers a page's content carries them in (see ``shell.place_head``)."""
    return HEAD_START + feed_links(notice, page, t) + HEAD_END


def feed_link(notice: Notice, page: str, t: Messages) -> str:
    """The visible link to the notice's feed, for readers who want to follow its changes."""
    href = escape(relative(feed_path(notice.id), page))
    return (
        f'<a class="notices-feed" href="{href}" type="application/atom+xml">{t.html("Follow changes (Atom feed)")}</a>'
    )


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text as XML 1.0 can carry it: a control character in a title or note (which YAML
    and Markdown allow) would make lxml refuse the whole feed, so it is dropped."""
    return _NOT_XML.sub("", text)


def _url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path if site_url else path


def _id(site_url: str, notice: Notice, version: Version) -> str:
    if site_url:
        return _url(site_url, version_dir(notice.id, version.label))
    return f"urn:notices:{notice.id}:{version.label}"


def _content(notices: NoticeSet, notice: Notice, version: Version, site_url: str) -> str:
    t = words(notices, notice)
    change = notices.change(notice.id, version.label)
    parts = [
        "<p>"
        + t.html(
            "Version {label} of {title} takes effect on {date}.",
            label=escape(version.label),
            title=escape(notice.title),
            date=escape(t.date(version.effective)),
        )
        + "</p>"
    ]
    note = notices.notes.get((notice.id, version.label))
    if note is not None:
        parts.append(f"<p>{escape(note.body)}</p>")
    elif version.latest.meta.summary:
        parts.append(f"<p>{escape(version.latest.meta.summary)}</p>")
    if change.changed_sections:
        sections = escape(", ".join(change.changed_sections))
        parts.append("<p>" + t.html("Changed sections: {sections}.", sections=sections) + "</p>")
    if change.changed_elements:
        elements = escape(", ".join(t.text(label(e)) for e in change.changed_elements))
        parts.append("<p>" + t.html("Changed elements: {elements}.", elements=elements) + "</p>")
    if change.purpose_changed:
        parts.append(f"<p><strong>{t.html('The purposes of processing changed.')}</strong></p>")
    if change.previous is not None:
        link = escape(_url(site_url, diff_dir(notice.id, version.label)))
        parts.append(f'<p><a href="{link}">{t.html("See what changed")}</a></p>')
    return "".join(parts)


def _published(version: Version) -> dt.datetime:
    return version.revisions[0].published


def _add(fg: FeedGenerator, notices: NoticeSet, notice: Notice, version: Version, site_url: str) -> None:
    entry = fg.add_entry(order="append")
    entry.id(_id(site_url, notice, version))
    t = words(notices, notice)
    title = t.text(
        "{title}: version {label}, effective {date}",
        title=notice.title,
        label=version.label,
        date=version.effective.isoformat(),
    )
    entry.title(_xml(title))
    entry.link(href=_url(site_url, version_dir(notice.id, version.label)), rel="alternate")
    entry.published(_published(version))
    entry.updated(_published(version))
    entry.content(_xml(_content(notices, notice, version, site_url)), type="html")


def _feed(
    title: str,
    feed_id: str,
    self_url: str,
    site_name: str,
    versions: list[tuple[Notice, Version]],
    notices: NoticeSet,
    site_url: str,
    lang: str,
) -> bytes:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(_xml(title))
    fg.language(canonical(lang))
    fg.author({"name": _xml(site_name) or "notices"})
    fg.link(href=self_url, rel="self")
    fg.generator("notices")
    stamps = [_published(v) for _, v in versions] or [dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)]
    fg.updated(max(stamps))
    for notice, version in sorted(versions, key=lambda nv: (_published(nv[1]), nv[0].id), reverse=True):
        _add(fg, notices, notice, version, site_url)
    return bytes(fg.atom_str(pretty=True))


def notice_feed(notices: NoticeSet, notice: Notice, site_url: str, site_name: str) -> bytes:
    path = feed_path(notice.id)
    feed_id = _url(site_url, path) if site_url else f"urn:notices:{notice.id}:feed"
    return _feed(
        _feed_title(notice, words(notices, notice)),
        feed_id,
        _url(site_url, path),
        site_name,
        [(notice, v) for v in notice.versions],
        notices,
        site_url,
        language_of(notices, notice),
    )


def site_feed(notices: NoticeSet, site_url: str, site_name: str) -> bytes:
    versions = [(n, v) for n in notices for v in n.versions]
    feed_id = _url(site_url, SITE_FEED) if site_url else "urn:notices:feed"
    t = messages(notices.lang, notices.messages)
    return _feed(
        t.text("{site}: new versions of every notice", site=site_name or t.text("Notices")),
        feed_id,
        _url(site_url, SITE_FEED),
        site_name,
        versions,
        notices,
        site_url,
        notices.lang,
    )
