"""The one markdown-it parser the renderer and the differ share, so ids and tokens agree."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["RAW_HTML", "parse", "set_raw_html", "slugify"]

_EXPLICIT_ID = re.compile(r"\s*\{#([A-Za-z][\w.-]*)\}\s*$")


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
        token.meta["explicit_id"] = explicit is not None


RAW_HTML = False
"""Whether raw HTML in notices is parsed as HTML (the ``raw_html`` option). Off, it is
shown as text; on, every page the tool writes sanitizes it (``sanitize.clean``)."""


def set_raw_html(enabled: bool) -> None:
    global RAW_HTML
    RAW_HTML = enabled


@lru_cache(maxsize=2)
def _parser_for(html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("notices_heading_ids", _heading_ids)
    return md


def _parser() -> MarkdownIt:
    return _parser_for(RAW_HTML)


def parse(body: str) -> list[Token]:
    """Tokens with heading ids set (``{#id}`` honoured and recorded in ``meta``)."""
    return _parser().parse(body)
