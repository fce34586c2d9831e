"""``/embed/<id>/``: the version in force as one self-contained page for an iframe.

No theme, no script, no font or image from anywhere else: a Content-Security-Policy
forbids them, so even a sanitizer bug could not make an app's embedded notice run
code or call a third party. It reflows down to 320 px.
"""

from __future__ import annotations

import posixpath
from html import escape

from notices.base.model import Notice, NoticeSet
from notices.base.urls import embed_dir, notice_dir, relative, version_dir
from notices.site.feeds import feed_links
from notices.sources.languages import attributes, language_of, words
from notices.sources.supersession import withdrawn
from notices.text.headings import under_title
from notices.text.links import rebase_links
from notices.text.render import render

__all__ = ["embed_page"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"

_CSS = """
:root { color-scheme: light dark; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1d;
  background: #fff; }
main { max-width: 46rem; padding: 1rem; margin: 0 auto; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .4rem; } h3 { font-size: 1.05rem; }
.meta { color: #4a4a4a; margin: 0 0 1rem; }
.note { border-left: 4px solid #1a4f9c; background: #eef3fb; padding: .5rem .75rem; }
a { color: #0b4f8a; text-decoration: underline; }
table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
img { max-width: 100%; height: auto; }
@media (prefers-color-scheme: dark) {
  body { color: #e8e8e8; background: #121212; } .meta { color: #c4c4c4; }
  a { color: #8cc4ff; } .note { background: #14233a; }
}
"""


def embed_page(notices: NoticeSet, notice: Notice) -> str:
    page = embed_dir(notice.id)
    version = notice.in_force(notices.today)
    latest = version.latest
    rendered = render(latest.body, posixpath.dirname(notice.id), notice_dir(notice.id))  # sanitized by render
    body = under_title(rendered, latest.meta.title).html  # one <h1>: the title above
    body = rebase_links(body, posixpath.relpath(notice_dir(notice.id).rstrip("/"), page.rstrip("/")))
    tag = language_of(notices, notice)
    lang = attributes(tag)  # dir="rtl" too for Arabic, Hebrew …
    t = words(notices, notice)
    ui = attributes("en") if t.lang == "en" and not tag.lower().startswith("en") else ""  # no catalog: English
    upcoming = notice.upcoming(notices.today)
    note = ""
    if upcoming is not None and upcoming is not version:
        link = relative(version_dir(notice.id, upcoming.label), page)
        read = f'<a href="{link}" target="_blank" rel="noopener">{t.html("Read it")}</a>'
        text = t.html(
            "Version {label} takes effect on {date}.",
            label=escape(upcoming.label),
            date=t.date_html(upcoming.effective),
        )
        note = f'<p class="note"{ui}>{text} {read}.</p>\n'
    if notice.superseded_by:
        successor = notices.notices[notice.superseded_by]
        link = relative(notice_dir(successor.id), page)
        named = f'<a href="{link}" target="_blank" rel="noopener">{escape(successor.title)}</a>'
        note += f'<p class="note"{ui}>{t.html("This document was superseded by {successor}.", successor=named)}</p>\n'
    elif withdrawn(notice, notices.today) and notice.withdrawn_on is not None:
        text = t.html(
            "This document was withdrawn on {date}; it no longer applies.", date=t.date_html(notice.withdrawn_on)
        )
        note += f'<p class="note"{ui}>{text}</p>\n'
    full = relative(notice_dir(notice.id), page)
    meta = t.html(
        "Version {label} · effective {date}", label=escape(version.label), date=t.date_html(version.effective)
    )
    more = t.html("The full notice, its earlier versions and what changed")
    return (
        "<!doctype html>\n"
        f'<html{lang}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(latest.meta.title)}</title>\n{feed_links(notice, page, t)}\n<style>{_CSS}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>{escape(latest.meta.title)}</h1>\n"
        f'<p class="meta"{ui}>{meta}</p>\n'
        f"{note}{body}\n"
        f'<p class="meta"{ui}><a href="{full}" target="_blank" rel="noopener">{more}</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )
