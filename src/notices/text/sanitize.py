"""One allow-list for every HTML the tool hands to apps or writes from raw notice HTML.

nh3 (Ammonia) parses like a browser, so mXSS tricks that survive naive filters do
not survive it. The list keeps what a notice needs (structure, links, heading ids,
the redline's classes, and what the site's Markdown extensions write: admonitions,
footnotes, abbreviations, details, tabs, task lists, highlighted code) and drops
everything that runs, loads or submits: scripts, event handlers, ``style`` (but a
table cell's ``text-align``), forms, frames, ``base``/``meta``, and any URL scheme
but http(s)/mailto. Images must be relative: a notice embedded in an app must not
make its readers' browsers call a third party. Classes are kept only from a fixed
list, so ``{: .md-header }`` cannot dress a notice as the theme's own furniture, and
the only inputs are disabled check boxes and the radio buttons of tabs.
"""

from __future__ import annotations

import re

import nh3

__all__ = ["clean"]

TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "s", "del", "ins", "sub", "sup", "small", "abbr", "span", "div",
    "a", "img", "time", "details", "summary", "input", "label", "mark",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"id", "lang", "dir", "title", "class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "div": {"data-tabs"},
}
_ADMONITIONS = {
    "admonition", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite", "inline", "end",
}  # fmt: skip
CLASSES = {
    "span": {"notices-sr", "notices-badge", "task-list-indicator", "filename", "hll", "linenos"},
    "div": {
        "notices-body", "notices-banner", "footnote", "highlight", "tabbed-set", "tabbed-alternate",
        "tabbed-labels", "tabbed-content", "tabbed-block", *_ADMONITIONS,
    },
    "details": _ADMONITIONS,
    "p": {"admonition-title", "notices-meta"},
    "li": {"notices-change", "task-list-item"},
    "ul": {"task-list"},
    "label": {"task-list-control"},
    "a": {"footnote-ref", "footnote-backref"},
    "table": {"highlighttable"},
    "td": {"linenos", "code"},
}  # fmt: skip
_CLASS_PREFIXES = {"code": ("language-",), "div": ("language-",), "pre": ("language-",)}
SCHEMES = {"http", "https", "mailto"}
_ABSOLUTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
_TABS = re.compile(r"__tabbed_\d+(?:_\d+)?")
_ALIGN = re.compile(r"\s*text-align:\s*(?:left|right|center);?\s*")


def _pygments() -> set[str]:
    """The short classes Pygments gives highlighted code (``k``, ``nf`` …), as ``codehilite`` writes them."""
    try:
        from pygments.token import STANDARD_TYPES
    except ImportError:  # pragma: no cover - Pygments comes with Material
        return set()
    return {name for name in STANDARD_TYPES.values() if name}


CLASSES["span"] |= _pygments()


def _classes(tag: str, value: str) -> str | None:
    allowed = CLASSES.get(tag, set())
    prefixes = _CLASS_PREFIXES.get(tag, ())
    kept = [c for c in value.split() if c in allowed or c.startswith(prefixes) and re.fullmatch(r"[\w-]+", c)]
    return " ".join(kept) or None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return _classes(tag, value)
    if tag == "img" and attribute == "src" and _ABSOLUTE.match(value):
        return None  # an outside image would tell a third party who reads the notice
    if attribute == "style":
        return value if _ALIGN.fullmatch(value) else None  # a table column's alignment, nothing else
    if (attribute == "id" and tag == "input") or attribute in {"name", "for"}:
        # Only the tabs' own radio buttons: a label for Material's ``__drawer`` would open it.
        return value if _TABS.fullmatch(value) else None
    if attribute == "id" and value.lstrip().startswith("__"):
        # The theme finds its configuration and its toggles by such ids (Material's
        # #__config, #__search …), taking the first in the page: a notice's would win.
        return None
    if attribute == "data-tabs":
        return value if re.fullmatch(r"\d+:\d+", value) else None
    if attribute == "type":
        return value if value in {"checkbox", "radio"} else None
    return value


_INPUT = re.compile(r"<input\b[^>]*>")


def _input(match: re.Match[str]) -> str:
    """A task list's check box, disabled, or a tab's radio button; any other input goes."""
    tag = match.group(0)
    if 'type="checkbox"' in tag:
        return tag if "disabled" in tag else tag[:-1].rstrip("/ ") + ' disabled="">'
    if 'type="radio"' in tag and re.search(r'\bname="__tabbed_\d+"', tag):
        return tag
    return ""


def clean(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _INPUT.sub(_input, cleaned) if "<input" in cleaned else cleaned
