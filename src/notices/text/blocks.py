"""A notice body as a list of blocks of words, the unit the redline aligns and compares.

Words carry their inline formatting (emphasis, link target, code) so that a
changed link target or emphasis is a visible change, while whitespace, line
wrapping and list numbering are not part of the text at all, so reformatting
never shows as a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it.token import Token

from notices.reuse.memos import memo
from notices.text.markdown import parse, slugify

__all__ = ["Block", "Context", "HeadingRef", "Word", "blocks_from_tokens", "blocks_in_context", "body_blocks"]

_WORD = re.compile(r"(\s*)(\w+(?:['’]\w+)*|[^\w\s])")


@dataclass(frozen=True, slots=True)
class Word:
    """A word or punctuation mark; equal when text and formatting are equal."""

    text: str
    marks: tuple[str, ...] = ()
    """Inline formatting, outermost first: ``em``, ``strong``, ``s``, ``code``, ``a:<href>``, ``img:<src>``."""
    space: bool = field(default=True, compare=False)
    """Whether white space precedes it; presentation only, never a change."""
    id: int = field(default=0, compare=False)
    """Small integer standing for (text, marks): what the differ compares, cheaply."""


@dataclass(frozen=True, slots=True)
class HeadingRef:
    title: str
    id: str
    explicit: bool
    """True when the author wrote ``{#id}``: such an id names the GDPR element outright."""


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    """``h1``–``h6``, ``p``, ``li``, ``tr``, ``th`` (table header row), ``code``, ``hr``."""
    words: tuple[Word, ...]
    container: str = ""
    """``ul``/``ol``/``table``/``blockquote`` the block sits in, for grouping on output."""
    depth: int = 0
    """Nesting depth inside lists and quotes."""
    headings: tuple[HeadingRef, ...] = ()
    """The headings this block sits under, outermost first (a heading includes itself)."""
    ids: tuple[int, ...] = field(default=(), compare=False)
    """The words' ids."""
    key_id: int = field(default=0, compare=False)
    """Small integer standing for (category, words): equal blocks for alignment."""
    plain: str | None = field(default=None, compare=False)
    """The text, joined once: blocks are shared by many versions, and every version's API file needs it."""

    @property
    def category(self) -> str:
        """What alignment compares: a heading's level or a list's type is only form."""
        if self.kind.startswith("h") and self.kind[1:].isdigit():
            return "h"
        return "tr" if self.kind == "th" else self.kind

    @property
    def text(self) -> str:
        return self.plain if self.plain is not None else join_words(self.words)


def join_words(words: tuple[Word, ...] | list[Word]) -> str:
    out = []
    for index, word in enumerate(words):
        if index and word.space:
            out.append(" ")
        out.append(word.text)
    return "".join(out)


# Interning: the versions of a notice share most of their words and blocks, so each
# distinct word and block exists once in memory, and compares as a small integer.
_WORD_IDS: dict[tuple[str, tuple[str, ...]], int] = memo({})
_WORDS: dict[tuple[str, tuple[str, ...], bool], Word] = memo({})
_KEY_IDS: dict[tuple[str, tuple[int, ...]], int] = memo({})
_BLOCK_POOL: dict[tuple[object, ...], Block] = memo({})


def word(text: str, marks: tuple[str, ...] = (), space: bool = True) -> Word:
    hit = _WORDS.get((text, marks, space))
    if hit is None:
        wid = _WORD_IDS.setdefault((text, marks), len(_WORD_IDS) + 1)
        hit = _WORDS[(text, marks, space)] = Word(text, marks, space, wid)
    return hit


def _block(kind: str, words: list[Word], container: str, depth: int, headings: tuple[HeadingRef, ...]) -> Block:
    ids = tuple(w.id for w in words)
    spaces = tuple(w.space for w in words)
    pool_key = (kind, ids, spaces, container, depth, headings)
    hit = _BLOCK_POOL.get(pool_key)
    if hit is None:
        category = "h" if kind[0] == "h" and kind[1:].isdigit() else "tr" if kind == "th" else kind
        key_id = _KEY_IDS.setdefault((category, ids), len(_KEY_IDS) + 1)
        text = join_words(words)
        hit = _BLOCK_POOL[pool_key] = Block(kind, tuple(words), container, depth, headings, ids, key_id, text)
    return hit


_SPLITS: dict[tuple[str, tuple[str, ...], bool], tuple[Word, ...]] = memo({})


def _split(text: str, marks: tuple[str, ...], first_space: bool) -> list[Word]:
    """Words of a text run; most runs recur unchanged in the next version, so cache them."""
    key = (text, marks, first_space)
    hit = _SPLITS.get(key)
    if hit is None:
        words: list[Word] = []
        for match in _WORD.finditer(text):
            space = bool(match.group(1)) or (first_space and not words)
            words.append(word(match.group(2), marks, space))
        hit = _SPLITS[key] = tuple(words)
    return list(hit)


def _inline(children: list[Token]) -> list[Word]:
    marks: list[str] = []
    words: list[Word] = []
    pending_space = False
    for child in children:
        kind = child.type
        if kind == "html_inline" and "task-list-item-checkbox" in child.content:
            words.append(word("☑" if "checked" in child.content else "☐", tuple(marks), pending_space))
            pending_space = True
            continue
        if kind in {"text", "html_inline"}:
            content = child.content
            if "{" in content and ("{%" in content or "{{" in content or "{#" in content):
                content = _TEMPLATE.sub("", content)
            new = _split(content, tuple(marks), pending_space)
            words.extend(new)
            if new:
                pending_space = content[-1:].isspace()
            else:
                pending_space = pending_space or content[-1:].isspace()
            continue
        if kind in {"softbreak", "hardbreak"}:
            pending_space = True
        elif kind == "code_inline":
            words.extend(_split(child.content, (*marks, "code"), pending_space))
            pending_space = False
        elif kind == "image":
            alt = "".join(c.content for c in child.children or []) or "image"
            words.append(word(f"[{alt}]", (*marks, f"img:{child.attrGet('src')}"), pending_space))
            pending_space = False
        elif kind == "link_open":
            marks.append(f"a:{child.attrGet('href')}")
        elif kind in {"em_open", "strong_open", "s_open"}:
            marks.append(kind[:-5])
        elif kind.endswith("_close") and marks:
            marks.pop()
    return words


_OPENS = {
    "bullet_list_open": "ul",
    "ordered_list_open": "ol",
    "blockquote_open": "blockquote",
    "table_open": "table",
    "admonition_open": "admonition",
    "footnote_block_open": "footnotes",
    "dl_open": "dl",
}
"""Containers a block can sit in: admonitions, footnotes and definition lists come from the
site's Markdown extensions (``markdown.parse``), so a change inside one reads as such."""
_CLOSES = {name.replace("_open", "_close"): container for name, container in _OPENS.items()}


_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
"""Template syntax (Jinja, Liquid, Django: ``{% block %}``, ``{{ url_for(…) }}``): markup a
server fills in, never words a reader sees."""


_HTML_CONTAINERS = {"ul": "ul", "ol": "ol", "table": "table", "blockquote": "blockquote", "dl": "dl"}
_HTML_BLOCKS = frozenset("p li dt dd h1 h2 h3 h4 h5 h6 tr caption figcaption summary address pre".split())
_HTML_IN_ROW = frozenset("p li dt dd ul ol dl div br blockquote address pre section".split())
"""Blocks inside a table cell: the cell's text runs on (a browser shows them in the cell)."""
_HTML_BREAKS = frozenset(
    "div section article main header footer nav aside form fieldset details figure hr br body html "
    "thead tbody tfoot".split()
)
_HTML_MARKS = {
    "a": "a",
    "strong": "strong",
    "b": "strong",
    "em": "em",
    "i": "em",
    "s": "s",
    "del": "s",
    "strike": "s",
    "code": "code",
}
_HTML_SKIP = frozenset("script style template noscript head title svg button select option textarea".split())
"""Elements whose text is no part of the notice: scripts, styles, the page's head, form controls."""


class _HtmlReader(HTMLParser):
    """Blocks of a raw HTML block, read as a browser shows it: tags, attributes (classes, ids,
    link targets aside), comments and template syntax are form; the text in paragraphs,
    list items, headings and table rows is the words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, list[Word], str, int]] = []
        self.containers: list[str] = []
        self.marks: list[tuple[str, str]] = []
        self.kind = ""
        self.words: list[Word] = []
        self.space = False
        self.skip = 0
        self.row = 0

    def _flush(self) -> None:
        if self.words:
            container = self.containers[-1] if self.containers else ""
            kind = self.kind or ("li" if container in {"ul", "ol"} else "p")
            if kind in {"dt", "dd", "figcaption", "summary", "address", "pre"}:
                kind = "p"
            if container == "table" and kind not in {"tr", "th", "caption"} and not kind.startswith("h"):
                kind = "tr"
            self.out.append((kind, self.words, container, len(self.containers)))
        self.words, self.space = [], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIP:
            self.skip += 1
            return
        if self.row and tag in _HTML_IN_ROW:
            self.space = True
            return
        if tag == "tr":
            self.row += 1
        if tag in _HTML_CONTAINERS:
            self._flush()
            self.kind = ""
            self.containers.append(_HTML_CONTAINERS[tag])
        elif tag in _HTML_BLOCKS:
            if not (tag == "p" and self.kind in {"li", "tr", "th"} and not self.words):
                self._flush()
                self.kind = "li" if tag == "li" else tag
        elif tag in {"td", "th"}:
            if tag == "th":
                self.kind = "th"
            if self.words:
                self.words.append(word("|", ("cell",), True))
            self.space = True
        elif tag in _HTML_BREAKS:
            if tag == "br":
                self.space = True
            else:
                self._flush()
                self.kind = ""
        elif tag in _HTML_MARKS:
            mark = _HTML_MARKS[tag]
            if mark == "a":
                mark = f"a:{dict(attrs).get('href') or ''}"
            self.marks.append((tag, mark))
        elif tag == "img":
            alt = dict(attrs).get("alt") or "image"
            src = dict(attrs).get("src") or ""
            self.words.append(word(f"[{alt}]", (*self._marks(), f"img:{src}"), self.space or not self.words))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIP:
            self.skip = max(0, self.skip - 1)
        elif self.row and tag in _HTML_IN_ROW:
            self.space = True
        elif tag in _HTML_CONTAINERS:
            self._flush()
            self.kind = ""
            if self.containers:
                self.containers.pop()
        elif tag in _HTML_BLOCKS or (tag in _HTML_BREAKS and tag != "br"):
            if tag == "tr":
                self.row = max(0, self.row - 1)
            self._flush()
            self.kind = "li" if self.containers and self.containers[-1] in {"ul", "ol"} and tag == "p" else ""
        elif tag in _HTML_MARKS:
            for k in range(len(self.marks) - 1, -1, -1):
                if self.marks[k][0] == tag:
                    del self.marks[k:]
                    break

    def _marks(self) -> tuple[str, ...]:
        return tuple(mark for _, mark in self.marks)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        new = _split(data, self._marks(), self.space or (bool(self.words) and data[:1].isspace()))
        self.words.extend(new)
        if new:
            self.space = data[-1:].isspace()
        else:
            self.space = self.space or data[-1:].isspace()


_HTML_READ: dict[str, tuple[tuple[str, tuple[Word, ...], str, int], ...]] = memo({})


def html_blocks(content: str) -> tuple[tuple[str, tuple[Word, ...], str, int], ...]:
    """(kind, words, container, depth) of each block of a raw HTML block; once per content."""
    hit = _HTML_READ.get(content)
    if hit is None:
        reader = _HtmlReader()
        reader.feed(_TEMPLATE.sub(" ", content))
        reader.close()
        reader._flush()
        hit = _HTML_READ[content] = tuple((k, tuple(w), c, d) for k, w, c, d in reader.out)
    return hit


def _plain(children: list[Token]) -> str:
    """A heading's title as text, as a table of contents shows it (no ``**`` or backticks)."""
    return "".join(c.content for c in children if c.type in {"text", "code_inline"}).strip()


def body_blocks(body: str) -> list[Block]:
    return blocks_from_tokens(parse(body))


Context = tuple[tuple[int, HeadingRef], ...]
"""The headings open where a piece of a body starts (level, heading), outermost first."""


def blocks_from_tokens(tokens: list[Token]) -> list[Block]:
    """Blocks in reading order (call before links in the tokens are rewritten)."""
    return blocks_in_context(tokens, ())[0]


def blocks_in_context(tokens: list[Token], context: Context) -> tuple[list[Block], Context]:
    """The blocks of a piece of a body (``chunks``) under the headings open where it starts,
    and the headings open where it ends: the next piece's context."""
    blocks: list[Block] = []
    containers: list[str] = []
    headings: list[tuple[int, HeadingRef]] = list(context)
    row: list[Word] = []
    header_row = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in _OPENS:
            containers.append(_OPENS[kind])
        elif kind in _CLOSES:
            containers.pop()
        elif kind == "heading_open":
            level = int(token.tag[1])
            words = _inline(tokens[index + 1].children or [])
            ref = HeadingRef(
                title=_plain(tokens[index + 1].children or []),
                id=str(token.attrGet("id")),
                explicit=bool(token.meta.get("explicit_id")),
            )
            headings = [(lv, h) for lv, h in headings if lv < level] + [(level, ref)]
            blocks.append(_block(token.tag, words, "", 0, tuple(h for _, h in headings)))
        elif kind in {"paragraph_open", "admonition_title_open", "dt_open"}:
            inline = tokens[index + 1]
            container = containers[-1] if containers else ""
            block_kind = "li" if container in {"ul", "ol"} else "p"
            blocks.append(
                _block(
                    block_kind,
                    _inline(inline.children or []),
                    container,
                    len(containers),
                    tuple(h for _, h in headings),
                )
            )
        elif kind == "tr_open":
            row, header_row = [], False
        elif kind in {"th_open", "td_open"}:
            header_row = kind == "th_open"
            if row:
                row.append(word("|", ("cell",), True))
        elif kind == "inline" and containers and containers[-1] == "table":
            cell = _inline(token.children or [])
            if cell:
                cell[0] = word(cell[0].text, cell[0].marks, True)
            row.extend(cell)
        elif kind == "tr_close":
            blocks.append(
                _block("th" if header_row else "tr", row, "table", len(containers), tuple(h for _, h in headings))
            )
        elif kind in {"fence", "code_block"}:
            blocks.append(_block("code", _split(token.content, ("code",), False), "", 0, tuple(h for _, h in headings)))
        elif kind == "hr":
            blocks.append(_block("hr", [], "", 0, tuple(h for _, h in headings)))
        elif kind == "html_block":  # raw HTML (the ``raw_html`` option): its text, as a browser shows it
            outer = containers[-1] if containers else ""
            for block_kind, html_words, container, depth in html_blocks(token.content):
                if block_kind == "caption":  # a table's title: a heading of the table alone
                    level = min(6, (headings[-1][0] if headings else 1) + 1)
                    title = join_words(html_words).strip()
                    ref = HeadingRef(title=title, id=slugify(title), explicit=False)
                    blocks.append(_block(f"h{level}", list(html_words), "", 0, (*(h for _, h in headings), ref)))
                    continue
                if block_kind[0] == "h" and block_kind[1:].isdigit():
                    level = int(block_kind[1])
                    title = join_words(html_words).strip()
                    ref = HeadingRef(title=title, id=slugify(title), explicit=False)
                    headings = [(lv, h) for lv, h in headings if lv < level] + [(level, ref)]
                blocks.append(
                    _block(
                        block_kind,
                        list(html_words),
                        container or outer,
                        depth + len(containers),
                        tuple(h for _, h in headings),
                    )
                )
    return blocks, tuple(headings)
