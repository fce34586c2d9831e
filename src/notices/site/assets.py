"""The few styles notice pages add to the theme; served from the site, never a CDN."""

from __future__ import annotations

import functools
import json
from importlib.resources import files

from notices.base.i18n import Overrides, catalog_languages, messages
from notices.changes.editorial import place_words

__all__ = ["CSS_PATH", "JS_PATH", "NOTICES_CSS", "component_js", "notices_js", "static_file"]

CSS_PATH = "assets/notices/notices.css"
JS_PATH = "assets/notices/notices.js"


def static_file(name: str) -> str:
    return files("notices.site").joinpath(f"static/{name}").read_text(encoding="utf-8")


def component_js(overrides: Overrides | None = None) -> str:
    """The ``<privacy-notice>`` element (static/privacy-notice.js) with its few words in every
    language the tool has a catalog for: it shows a notice in the notice's language, and its
    error in the page's, without a second request."""
    table = {}
    for lang in sorted(catalog_languages()):
        t = messages(lang, overrides)
        table[lang] = {
            "meta": t.text("Version {label} · effective {date}"),
            "upcoming": t.text("Version {label} takes effect on {date}."),
            "failed": t.text("The privacy notice could not be loaded."),
        }
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return static_file("privacy-notice.js").replace("/*notices:messages*/{}", data.replace("</", "<\\/"), 1)


@functools.cache
def notices_js() -> str:
    """Change navigation, the compare page's redline and the date picker (static/notices.js).

    The compare page judges edits as the build does: the words of country names, which are
    never a spelling fix, come from the same Babel data as ``editorial``'s."""
    from notices.site.compare import script_words  # the compare page's words; English where a page gives none

    places = json.dumps(sorted(place_words()), ensure_ascii=False, separators=(",", ":"))
    english = json.dumps(script_words(messages("en")), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    english = english.replace("</", "<\\/")
    script = static_file("notices.js").replace("/*notices:places*/[]", places, 1)
    return script.replace("/*notices:words*/{}", english, 1)


NOTICES_CSS = """\
.md-typeset .notices-meta { color: var(--md-default-fg-color--light); margin-top: -0.6em; }
.md-typeset .notices-versions li { margin-bottom: .2em; }
.md-typeset .notices-banner { font-size: .8rem; }
.md-typeset .notices-reasons { margin: .8em 0; }
.md-typeset .notices-reasons li { margin-bottom: .6em; }
/* Links in running text must not rely on colour alone (WCAG 1.4.1). */
.md-typeset .notices-page a { text-decoration: underline; text-underline-offset: .15em; }
/* Redlines: never colour alone. Removed text is struck through, added text underlined;
   both colours have over 7:1 contrast on their backgrounds. */
.md-typeset del { color: #8a1020; background: #fdecea; text-decoration: line-through; text-decoration-thickness: 2px; }
.md-typeset ins { color: #0b4f1e; background: #e3f4e8; text-decoration: underline; text-decoration-thickness: 2px; }
/* Editorial edits (punctuation, case, spelling, formatting, link targets): shown, but quieter:
   a thin line, a paler fill, text still over 7:1. */
.md-typeset del.notices-ed { color: #6b2630; background: #faf4f4; text-decoration-thickness: 1px; }
.md-typeset ins.notices-ed { color: #24452e; background: #f2f8f3; text-decoration-style: dotted;
  text-decoration-thickness: 1px; }
.md-typeset .notices-change.notices-editorial { border-left-style: dashed; border-left-color: #767676; }
.md-typeset .notices-relink { text-decoration: underline dotted #5e5e5e; }
.md-typeset .notices-linknote { font-size: .75em; color: #4a4a4a; }
.md-typeset .notices-legend { font-size: .75rem; color: #3d3d3d; }
.notices-sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.md-typeset .notices-change { scroll-margin-top: 5rem; border-left: .2rem solid #8a5a00; padding-left: .6rem; }
.md-typeset .notices-change:focus { outline: 2px solid #1a4f9c; outline-offset: 2px; }
.md-typeset tr.notices-change { border-left: 0; }
.md-typeset .notices-redline { overflow-wrap: anywhere; }
.md-typeset .notices-redline li[data-depth="2"] { margin-left: 1.5em; }
.md-typeset .notices-redline li[data-depth="3"] { margin-left: 3em; }
.md-typeset .notices-badge { display: inline-block; font-size: .7rem; font-weight: 700; padding: 0 .4em;
  border-radius: .2em; border: 1px solid currentColor; color: #3d3d3d; margin-right: .3em; }
.md-typeset .notices-badge--material { color: #8a1020; }
.md-typeset .notices-badge--purposes { color: #6a1b9a; }
.md-typeset .notices-badge--override { color: #5d4037; }
.md-typeset .notices-badge--upcoming { color: #0d47a1; }
.md-typeset .notices-changenav { position: sticky; top: 3rem; z-index: 1; background: var(--md-default-bg-color);
  padding: .2rem 0; }
.md-typeset .notices-compare select { font: inherit; max-width: 100%; }
/* A printed page is a clean copy of the text: title, version line, banners, body and where it
   came from; no theme chrome, navigation or controls. */
.notices-permanent { display: none; }
@media print {
  .md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, .md-top, .md-banner, .md-dialog, .md-consent,
  .md-content__button, .md-source-file, .headerlink,
  .notices-changenav, .notices-languages, .notices-when, .notices-feed, .notices-pdf, .notices-compare,
  #previous-versions, .notices-versions, #change-log, .notices-changelog, .notices-changelog + p,
  #translations, .notices-translations { display: none !important; }
  .md-main__inner, .md-content, .md-content__inner { margin: 0 !important; padding: 0 !important;
    max-width: none !important; }
  .notices-page .notices-permanent { display: block; font-size: .8em; color: #000; }
  .notices-page .notices-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em;
    overflow-wrap: anywhere; }
  .md-typeset .notices-banner, .md-typeset .notices-body table, .md-typeset .notices-body li { break-inside: avoid; }
  .md-typeset h2, .md-typeset h3 { break-after: avoid; }
}
"""
