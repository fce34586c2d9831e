"""Fill a page the site generator already built with another version's content.

Rendering the theme's template once per version is what makes versioned MkDocs
sites slow (and ties the output to MkDocs). Instead the generator renders each
notice's page once; every version, revision and redirect page is that page with
its content, title and table of contents swapped and its relative URLs rebased
to the new folder. String work on one page is cheap, and it works on any
generator's output that marks its content.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import escape

from notices.base.errors import NoticesError
from notices.site.feeds import HEAD_END, HEAD_START
from notices.site.fragments import END, START
from notices.text.links import rebase_links
from notices.text.render import Heading

__all__ = ["NAV_MOST", "Shell", "compact", "place_head", "trim_nav"]

_TOC = re.compile(r'<ul class="md-nav__list" data-md-component="toc"[^>]*>')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_CANONICAL = re.compile(r'(<link rel="canonical" href=")([^"]*)(")')
_HEADER_TOPIC = re.compile(r'(data-md-component="header-topic">\s*<span class="md-ellipsis">)(.*?)(</span>)', re.S)


def _head_block(html: str, start: int = 0) -> tuple[int, int] | None:
    """Where the first head block at or after ``start`` sits, markers included."""
    begin = html.find(HEAD_START, start)
    if begin < 0:
        return None
    end = html.find(HEAD_END, begin)
    return None if end < 0 else (begin, end + len(HEAD_END))


def _into_head(before: str, block: str) -> str:
    """``before`` (a page up to its content) with its head block replaced by ``block``."""
    content_at = before.find(START)
    old = _head_block(before)
    if old is not None and (content_at < 0 or old[1] <= content_at):
        return before[: old[0]] + block + before[old[1] :]
    if not block:
        return before
    at = before.find("</head>")
    return before if at < 0 else before[:at] + block + before[at:]


def place_head(html: str) -> str:
    """A built page whose content asks for head elements (feed links), with them in ``<head>``.

    The content is written for any generator, so it carries what belongs in the head
    between markers; this moves it there, replacing what an earlier fill put there.
    """
    start = html.find(START)
    found = _head_block(html, start) if start >= 0 else None
    if found is None:
        return html
    block = html[found[0] : found[1]]
    html = html[: found[0]] + html[found[1] :]
    return _into_head(html[:start], block) + html[start:]


def _content_head(content: str) -> tuple[str, str]:
    """(the content's head block, the content without it); an empty block when it has none."""
    found = _head_block(content)
    if found is None:
        return "", content
    return content[found[0] : found[1]], content[: found[0]] + content[found[1] :]


def _toc_items(headings: tuple[Heading, ...] | list[Heading]) -> str:
    items = []
    for heading in headings:
        child = ""
        if heading.children:
            child = (
                f'<nav class="md-nav" aria-label="{escape(heading.title)}">'
                f'<ul class="md-nav__list">{_toc_items(heading.children)}</ul></nav>'
            )
        items.append(
            f'<li class="md-nav__item"><a href="#{escape(heading.id)}" class="md-nav__link">'
            f'<span class="md-ellipsis">{escape(heading.title)}</span></a>{child}</li>'
        )
    return "".join(items)


def _replace_toc(html: str, headings: tuple[Heading, ...]) -> str:
    """Swap the inner list of each Material TOC; nested lists are matched by depth."""
    out, pos = [], 0
    for match in _TOC.finditer(html):
        if match.start() < pos:
            continue
        depth, cursor = 1, match.end()
        tags = re.compile(r"<ul\b|</ul>")
        while depth:
            tag = tags.search(html, cursor)
            if tag is None:
                return html
            depth += 1 if tag.group() == "<ul" else -1
            cursor = tag.end()
        out.append(html[pos : match.end()])
        out.append(_toc_items(headings))
        out.append("</ul>")
        pos = cursor
    out.append(html[pos:])
    return "".join(out)


_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"[ \t\r]*\n\s*")


def compact(html: str) -> str:
    """The theme's part of a page with each run of line breaks and indentation made one line
    break: the theme indents its navigation deeply (a third of a page's bytes where a site has
    a hundred notices, on every version's page), and a run of whitespace renders as one space,
    so the page looks and reads the same. Preformatted text, scripts and styles are left as
    they are."""
    parts = _VERBATIM.split(html)
    # split gives [text, verbatim, tag name, text, …]
    out = []
    for n, part in enumerate(parts):
        kind = n % 3
        if kind == 0:
            out.append(_INDENT.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


_NAV_TAGS = re.compile(r"<(/?)(ul|li|nav)\b([^>]*)>")


NAV_MOST = 24
"""How many plain entries one list of an archived page's navigation keeps whole."""


def trim_nav(html: str, most: int = NAV_MOST) -> str:
    """The page with each list of its primary navigation that holds more than ``most`` plain
    entries cut to its active entry and its sections. A site of hundreds of notices lists
    them all on every page; on the pages of old versions, diffs and change logs that list
    was most of the bytes (every version's page carried it), while a reader there goes back
    to the page in force, which keeps the whole navigation. Small lists stay as they are."""
    begin = html.find('<nav class="md-nav md-nav--primary"')
    if begin < 0:
        return html
    cuts: list[tuple[int, int]] = []
    stack: list[tuple[str, int, str, list[tuple[int, int, str]]]] = []
    for match in _NAV_TAGS.finditer(html, begin):
        closing, tag, attrs = match.group(1), match.group(2), match.group(3)
        if not closing:
            stack.append((tag, match.start(), attrs, []))
            continue
        if not stack or stack[-1][0] != tag:
            return html  # not markup this reads: leave the page as it is
        _, start, attrs, children = stack.pop()
        if tag == "li" and stack and stack[-1][0] == "ul":
            stack[-1][3].append((start, match.end(), attrs))
        elif tag == "ul" and 'data-md-component="toc"' not in attrs:
            plain = [(a, b) for a, b, li in children if li.strip() == 'class="md-nav__item"']
            if len(plain) > most:
                cuts += plain
        if not stack:
            break  # the primary navigation ends here
    kept, at = [], 0
    for start, end in sorted(cuts):
        kept.append(html[at:start])
        at = end
    return "".join(kept) + html[at:]


@dataclass(slots=True)
class Shell:
    """A built page whose content sits between the notices markers."""

    html: str
    page: str
    """Site-relative folder of the page, e.g. ``privacy/``."""
    title: str
    """The page title as it appears in ``<title>``, to swap for another."""
    _rebased: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.html = place_head(self.html)
        if START not in self.html or END not in self.html:
            raise NoticesError(
                f"the built page for {self.page} does not contain the notice content markers",
                hint="a plugin or theme override removed them; build with `plugins: [notices]`",
            )
        # what sits between the markers is never filled back: the build holds a shell per
        # notice, and a long notice's text would be most of it
        before, _, rest = self.html.partition(START)
        self.html = before + START + rest[rest.index(END) :]

    def _halves(self, target: str) -> tuple[str, str]:
        prefix = posixpath.relpath(self.page.rstrip("/") or ".", target.rstrip("/") or ".")
        hit = self._rebased.get(prefix)
        if hit is None:
            html = rebase_links(self.html, prefix, scripts=True)
            before, _, rest = html.partition(START)
            _, _, after = rest.partition(END)
            if prefix != ".":  # an archived page: the page in force keeps the whole navigation
                before = trim_nav(before)
            hit = self._rebased[prefix] = (compact(before), compact(after))
        return hit

    def fill(self, target: str, content: str, title: str, headings: tuple[Heading, ...]) -> str:
        """The page for ``target`` (a site-relative folder) with ``content`` in it."""
        before, after = self._halves(target)
        before = _TITLE.sub(
            lambda m: "<title>" + m.group(1).replace(escape(self.title), escape(title), 1) + "</title>",
            before,
            count=1,
        )
        before = _HEADER_TOPIC.sub(lambda m: m.group(1) + escape(title) + m.group(3), before, count=1)
        before = _CANONICAL.sub(lambda m: m.group(1) + _swap_suffix(m.group(2), self.page, target) + m.group(3), before)
        head, content = _content_head(content)
        before = _into_head(before, head)  # the shell's feed links are its own notice's
        return _replace_toc(before, headings) + content + _replace_toc(after, headings)


def _swap_suffix(url: str, page: str, target: str) -> str:
    if url.endswith(page):
        return url[: len(url) - len(page)] + target
    return url
