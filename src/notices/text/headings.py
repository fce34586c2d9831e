"""Headings on the pages the tool writes: one ``<h1>``, and permalinks when the site asks.

Every generated page has its own ``<h1>`` (the notice's title, or "…: change log"),
so a body that starts with ``# Privacy notice`` would give the page two, and screen
reader users navigating by heading would find the title twice. The rule, the same
for the page in force, old versions, revisions, the embed and the API's HTML:

- a first ``# heading`` that repeats the title (case and spacing aside) is left out;
- if the body still has ``#`` headings, every heading goes one level down (``#`` → h2,
  ``##`` → h3 …; h6 stays h6), so the body sits under the page's title;
- ids never change, so anchors published once keep working.

Redlines demote the same way but keep the first heading: a change to it is a change.

Sites that set ``markdown_extensions: [toc: {permalink: true}]`` get Python-Markdown's
permalinks on their own pages; ``with_permalinks`` gives the tool's pages the same
(symbol, title, class and position), read from the config the plugin gets.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from notices.text.render import Heading, Rendered

__all__ = [
    "Permalink",
    "demote",
    "permalink_from_mkdocs",
    "permalink_from_yaml",
    "permalink_key",
    "set_permalink",
    "under_title",
    "with_permalinks",
]


@dataclass(frozen=True, slots=True)
class Permalink:
    """Python-Markdown's ``toc`` permalink options, with its defaults."""

    symbol: str = "&para;"
    """As written in mkdocs.yml: HTML entities are kept, as Python-Markdown keeps them."""
    title: str = "Permanent link"
    css: str = "headerlink"
    leading: bool = False


PERMALINK: Permalink | None = None
"""The site's setting for this build (set by the adapter before pages are computed;
forked workers inherit it)."""


def set_permalink(permalink: Permalink | None) -> None:
    global PERMALINK
    PERMALINK = permalink


def permalink_key() -> str:
    """What the setting adds to the cache key: pages computed under another one differ."""
    return repr(PERMALINK)


def permalink_from_mkdocs(extensions: Iterable[Any], configs: Mapping[str, Any]) -> Permalink | None:
    """The permalink setting from MkDocs' ``markdown_extensions`` and ``mdx_configs``.

    ``permalink: true`` uses ¶; a string is the symbol itself (``"#"``); false or
    absent means no permalinks, as in Python-Markdown.
    """
    names = {str(e) for e in extensions if isinstance(e, str)}
    for name in ("toc", "markdown.extensions.toc"):
        if name not in names and name not in configs:
            continue
        options = configs.get(name) or {}
        if not isinstance(options, Mapping):
            return None
        value = options.get("permalink", False)
        if value is False or value is None or value == "":
            return None
        symbol = "&para;" if value is True else str(value)
        return Permalink(
            symbol=symbol,
            title=str(options.get("permalink_title", "Permanent link")),
            css=str(options.get("permalink_class", "headerlink")),
            leading=bool(options.get("permalink_leading", False)),
        )
    return None


def permalink_from_yaml(extensions: Any) -> Permalink | None:
    """The same from ``markdown_extensions`` as written in mkdocs.yml (for the CLI, which has
    no MkDocs config): a list of names and ``{name: options}`` mappings, or one mapping."""
    if isinstance(extensions, Mapping):
        extensions = [{k: v} for k, v in extensions.items()]
    if not isinstance(extensions, list):
        return None
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in extensions:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, Mapping):
            for name, options in entry.items():
                names.append(str(name))
                configs[str(name)] = options
    return permalink_from_mkdocs(names, configs)


_HEADING = re.compile(r"<h([2-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


_AMP = re.compile(r"&(?!#?\w+;)")


def _symbol(symbol: str) -> str:
    """Escaped, but an entity stays an entity (``&para;``), as Python-Markdown writes it."""
    return _AMP.sub("&amp;", symbol).replace("<", "&lt;").replace(">", "&gt;")


def with_permalinks(html: str, permalink: Permalink | None = None) -> str:
    """A permalink in every ``<h2>``–``<h6>`` that has an id (the page's ``<h1>`` is the page).

    A redline's changed headings are left alone: their ids number the changes, which
    the page's "Previous/Next change" buttons step through, and the redline must read
    the same as the compare page's.
    """
    setting = permalink or PERMALINK
    if setting is None:
        return html

    def add(match: re.Match[str]) -> str:
        level, attrs, inner = match.groups()
        found = _ID.search(attrs)
        if found is None or "notices-change" in attrs or f'class="{escape(setting.css)}"' in inner:
            return match.group(0)
        link = (
            f'<a class="{escape(setting.css)}" href="#{found.group(1)}" '
            f'title="{escape(setting.title)}">{_symbol(setting.symbol)}</a>'
        )
        inner = link + inner if setting.leading else inner + link
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return _HEADING.sub(add, html)


_LEVEL = re.compile(r"<(/?)h([1-6])\b")


def demote(html: str) -> str:
    """Every heading one level down when there is an ``<h1>`` (h6 stays h6); else unchanged."""
    if not re.search(r"<h1\b", html):
        return html
    return _LEVEL.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


_LEADING = re.compile(r"\A\s*<h1\b[^>]*>(.*?)</h1>\s*", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _down(headings: Iterable[Heading]) -> list[Heading]:
    return [Heading(min(h.level + 1, 6), h.id, h.title, _down(h.children)) for h in headings]


def under_title(rendered: Rendered, title: str) -> Rendered:
    """A body as shown under a page's own title (see the module's rule)."""
    html, roots, flat = rendered.html, list(rendered.headings), list(rendered.flat_headings)
    leading = _LEADING.match(html)
    if leading and flat and flat[0].level == 1 and _same(html_lib.unescape(_TAGS.sub("", leading.group(1))), title):
        html = html[leading.end() :]
        flat = flat[1:]
        if roots and roots[0].id == rendered.flat_headings[0].id:
            roots = list(roots[0].children) + roots[1:]
    if not any(h.level == 1 for h in flat):
        if html is rendered.html:
            return rendered
        return Rendered(html, tuple(roots), tuple(flat))
    return Rendered(demote(html), tuple(_down(roots)), tuple(_down(flat)))
