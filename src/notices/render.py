"""Notice Markdown to HTML with markdown-it-py, outside Python-Markdown.

Each distinct body is rendered once per process and memoised by its hash: a
notice with 40 versions usually has far fewer distinct texts than page writes,
and MkDocs' own per-page Markdown work is what makes versioned sites slow.
Raw HTML is escaped, never passed through: a notice is text written by legal,
and a page that embeds it must not run anything it contains.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["Heading", "Rendered", "parse", "render", "site_link", "slugify"]

_EXPLICIT_ID = re.compile(r"\s*\{#([A-Za-z][\w.-]*)\}\s*$")
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?)")


def site_link(url: str, source_dir: str, notice_dir: str, page_dir: str) -> str:
    """A relative link written in a notice, as a link from the page it is shown on.

    Like MkDocs: a link to a ``.md`` file or an asset (``img/a.png``) is relative to
    the file under docs/; a folder URL (``../privacy/``) is relative to the notice's
    own page. Version pages sit deeper than that page, so every link is rebased.
    """
    if not url or _ABSOLUTE.match(url):
        return url
    path, hashmark, fragment = url.partition("#")
    if not path:
        return url
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if path.endswith(".md"):
        stem = posixpath.normpath(posixpath.join(source_dir, path))[:-3]
        target = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
    elif "." in last and not path.endswith("/") and last not in {".", ".."}:
        target = posixpath.normpath(posixpath.join(source_dir, path))
    else:
        target = posixpath.normpath(posixpath.join(notice_dir, path)) + "/"
    target = target.lstrip("/")
    if target in {"./", "."}:
        target = ""
    rel = posixpath.relpath(target.rstrip("/") or ".", page_dir.rstrip("/") or ".")
    if target == "" or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + hashmark + fragment


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
        token.meta["explicit_id"] = explicit is not None


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


def parse(body: str) -> list[Token]:
    """The token stream the renderer and the differ share (heading ids included)."""
    return _parser().parse(body)


_CACHE: dict[str, Rendered] = {}


def _rewrite_links(tokens: list[Token], dirs: tuple[str, str, str]) -> None:
    for token in tokens:
        if token.children:
            _rewrite_links(token.children, dirs)
        for attr in ("href", "src"):
            value = token.attrGet(attr)
            if isinstance(value, str):
                token.attrSet(attr, site_link(value, *dirs))


def render(body: str, source_dir: str = "", notice_dir: str = "", page_dir: str = "") -> Rendered:
    """Render once per distinct body and place; the result is shared, so treat it as read-only.

    ``source_dir`` is the docs-relative folder of the notice's file, ``notice_dir``
    the site folder of its own page and ``page_dir`` of the page being written.
    """
    key = hashlib.sha256(f"{source_dir}\0{notice_dir}\0{page_dir}\0{body}".encode()).hexdigest()
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    md = _parser()
    tokens = md.parse(body)
    if source_dir or notice_dir or page_dir:
        _rewrite_links(tokens, (source_dir, notice_dir, page_dir))
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
