"""One allow-list for every HTML the tool hands to apps or writes from raw notice HTML.

nh3 (Ammonia) parses like a browser, so mXSS tricks that survive naive filters do
not survive it. The list keeps what a notice needs (structure, links, heading ids,
the redline's classes) and drops everything that runs, loads or submits: scripts,
event handlers, ``style``, forms, frames, ``base``/``meta``, and any URL scheme but
http(s)/mailto. Images must be relative: a notice embedded in an app must not make
its readers' browsers call a third party.
"""

from __future__ import annotations

import re

import nh3

__all__ = ["clean"]

TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "s", "del", "ins", "sub", "sup", "small", "abbr", "span", "div",
    "a", "img", "time",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"id", "lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
}
CLASSES = {
    "span": {"notices-sr", "notices-badge"},
    "div": {"notices-body", "notices-banner", "admonition", "note", "warning", "info"},
    "p": {"admonition-title", "notices-meta"},
    "li": {"notices-change"},
}
SCHEMES = {"http", "https", "mailto"}
_ABSOLUTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and _ABSOLUTE.match(value):
        return None  # an outside image would tell a third party who reads the notice
    if attribute == "id" and value.lstrip().startswith("__"):
        # The theme finds its configuration and its toggles by such ids (Material's
        # #__config, #__search …), taking the first in the page: a notice's would win.
        return None
    return value


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=SCHEMES,
        allowed_classes=CLASSES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
