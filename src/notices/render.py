"""Notice Markdown to HTML with markdown-it-py, outside Python-Markdown.

Each distinct body is rendered once per process and memoised by its hash: a
notice with 40 versions usually has far fewer distinct texts than page writes,
and MkDocs' own per-page Markdown work is what makes versioned sites slow.
Raw HTML is escaped, never passed through: a notice is text written by legal,
and a page that embeds it must not run anything it contains.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

__all__ = ["Heading", "Rendered", "render", "slugify"]

_EXPLICIT_ID = re.compile(r"\s*\{#([A-Za-z][\w.-]*)\}\s*$")


@dataclass(slots=True)
class Heading:
    """A heading with the id a table of contents links to."""

    level: int
    id: str
    title: str
    children: list[Heading] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]
    """Nested table of contents, top-level headings first."""
    flat_headings: tuple[Heading, ...]


def slugify(text: str) -> str:
    """GitHub-style ids, ASCII-folded so URLs stay readable in any language."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^\w\s-]", "", folded.lower()).strip()
    return re.sub(r"[\s_-]+", "-", slug) or "section"


def _heading_ids(state: StateCore) -> None:
    """Give every heading a unique id; a trailing ``{#id}`` sets it explicitly."""
    seen: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        explicit = None
        if inline.children:
            last = inline.children[-1]
            match = _EXPLICIT_ID.search(last.content) if last.type == "text" else None
            if match:
                explicit = match.group(1)
                last.content = last.content[: match.start()]
                inline.content = _EXPLICIT_ID.sub("", inline.content)
        base = explicit or slugify(
            "".join(child.content for child in inline.children or [] if child.type in {"text", "code_inline"})
        )
        count = seen.get(base, 0)
        seen[base] = count + 1
        token.attrSet("id", base if count == 0 else f"{base}-{count}")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("notices_heading_ids", _heading_ids)
    return md


def _outline(flat: list[Heading]) -> tuple[Heading, ...]:
    roots: list[Heading] = []
    stack: list[Heading] = []
    for heading in flat:
        node = Heading(heading.level, heading.id, heading.title)
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return tuple(roots)


_CACHE: dict[str, Rendered] = {}


def render(body: str) -> Rendered:
    """Render once per distinct body; the result is shared, so treat it as read-only."""
    key = hashlib.sha256(body.encode()).hexdigest()
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    md = _parser()
    tokens = md.parse(body)
    flat: list[Heading] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            title = "".join(
                child.content for child in inline.children or [] if child.type in {"text", "code_inline"}
            ).strip()
            flat.append(Heading(int(token.tag[1]), str(token.attrGet("id")), title))
    html = md.renderer.render(tokens, md.options, {})
    result = Rendered(html=html, headings=_outline(flat), flat_headings=tuple(flat))
    _CACHE[key] = result
    return result
