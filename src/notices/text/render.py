"""Notice Markdown to HTML with the site's own Markdown, and to blocks with markdown-it-py.

The HTML (and so the table of contents) comes from Python-Markdown configured as the
site's ``markdown_extensions`` (``markdown.site_html``), so a notice renders exactly
like a plain page of the same site; the redline's blocks come from markdown-it-py.
Each distinct body is rendered once per process and memoised by its hash: a
notice with 40 versions usually has far fewer distinct texts than page writes,
and MkDocs' own per-page Markdown work is what makes versioned sites slow.
Raw HTML is escaped unless the site allows it, and always sanitized: a notice is text written by legal,
and a page that embeds it must not run anything it contains.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from notices.base.chunks import pieces
from notices.reuse.memos import Bounded, memo
from notices.text import markdown as _markdown_module
from notices.text.blocks import Block, Context, blocks_from_tokens, blocks_in_context
from notices.text.comments import without_tool_comments
from notices.text.links import rebase_links
from notices.text.markdown import _parser, markdown_key, parse, plain_site, site_html, site_html_with_bases, slugify
from notices.text.sanitize import clean

__all__ = ["Heading", "Rendered", "blocks_of", "for_page", "render", "site_link", "slugify", "text_of"]

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


_HREF = re.compile(r'(<(?:a|img)\s[^>]*?\b(?:href|src)=")([^"]*)(")')
_PARSED: dict[tuple[str, str], tuple[Rendered, list[Block]]] = memo(
    Bounded(24 << 20, lambda hit: len(hit[0].html) + 16 * len(hit[1]))
)
"""Bounded: a long history of a long policy would otherwise keep every version's HTML."""
_PLACED: dict[tuple[tuple[str, str], str, str], Rendered] = memo(Bounded(24 << 20, lambda hit: len(hit.html)))


def _plain(name: str) -> str:
    """A ``toc`` token's name as text (Python-Markdown escapes it; the adapters escape titles)."""
    return html_lib.unescape(name).strip()


def _flat(tokens: list[dict[str, Any]]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(int(token["level"]), str(token["id"]), _plain(str(token.get("name", "")))))
        out.extend(_flat(list(token.get("children") or [])))
    return out


def _parsed(body: str) -> tuple[tuple[str, str], Rendered, list[Block]]:
    """One parse per distinct body: its HTML (links as written) and its redline blocks.

    A long body is read piece by piece (``chunks``), each distinct piece once: the next
    version of a 300 KB policy costs the pieces it changed, not 300 KB. The key is the text
    itself (Python keeps a string's hash), so asking again costs nothing; a body read in
    pieces is rebuilt from them when the bounded table has let its HTML go."""
    key = (markdown_key(), body)
    hit = _PARSED.get(key)
    if hit is None:
        digest = (key[0], hashlib.blake2b(body.encode("utf-8"), digest_size=16).digest())
        made = _BODIES.get(digest)
        if made is None:
            found = _piecewise(body)
            if found is not None:
                _BODIES[digest] = found[2]
                hit = found[0], found[1]
        else:
            hit = _assembled(made)
        if hit is None:
            hit = _whole(body)
        _PARSED[key] = hit
    return key, hit[0], hit[1]


_BODIES: dict[tuple[str, bytes], tuple[_PieceIn, ...]] = memo({})
"""A body read in pieces: its pieces and the context each was read in (a few pointers a body),
by the body's digest: revisions hold their texts compressed, so a text as key would be a copy
of every version's text."""


def _whole(body: str) -> tuple[Rendered, list[Block]]:
    body = without_tool_comments(body)
    if plain_site():
        tokens = parse(body)
        found = _token_headings(tokens)
        md = _parser()
        html = clean(md.renderer.render(tokens, md.options, {}))
        return Rendered(html=html, headings=_outline(found), flat_headings=tuple(found)), blocks_from_tokens(tokens)
    html, toc = site_html(body)
    flat = _flat(toc)
    # Always through the allow-list: raw HTML (when allowed) is sanitized, and even
    # plain Markdown could embed a third-party image that reports readers.
    rendered = Rendered(html=clean(html), headings=_outline(flat), flat_headings=tuple(flat))
    return rendered, blocks_from_tokens(parse(body))


def _token_headings(tokens: list[Any]) -> list[Heading]:
    found: list[Heading] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            title = "".join(
                child.content for child in inline.children or [] if child.type in {"text", "code_inline"}
            ).strip()
            found.append(Heading(int(token.tag[1]), str(token.attrGet("id")), title))
    return found


@dataclass(slots=True)
class _Piece:
    """A parsed piece of bodies (``chunks``): its HTML, headings and their ids' bases, and its
    blocks under each context it was read in (the tokens are dropped once blocks are made)."""

    text: str
    html: str
    flat: tuple[Heading, ...]
    bases: tuple[str, ...]
    tokens: list[Any] | None
    after: dict[Context, tuple[list[Block], Context]] = field(default_factory=dict)


_PIECES: dict[tuple[str, str], _Piece] = memo({})


def _piece(text: str) -> _Piece:
    key = (markdown_key(), text)
    hit = _PIECES.get(key)
    if hit is None:
        source = without_tool_comments(text)
        tokens = parse(source)
        if plain_site():
            md = _parser()
            flat = _token_headings(tokens)
            html = clean(md.renderer.render(tokens, md.options, {}))
            bases = [str(t.meta.get("id_base", t.attrGet("id"))) for t in tokens if t.type == "heading_open"]
        else:
            raw, toc, bases = site_html_with_bases(source)
            flat = _flat(toc)
            html = clean(raw) + "\n"
        hit = _PIECES[key] = _Piece(text, html, tuple(flat), tuple(bases), tokens)
    return hit


def _piece_blocks(piece: _Piece, context: Context) -> tuple[list[Block], Context]:
    hit = piece.after.get(context)
    if hit is None:
        tokens = piece.tokens if piece.tokens is not None else parse(without_tool_comments(piece.text))
        hit = piece.after[context] = blocks_in_context(tokens, context)
        piece.tokens = None  # the next version reads it in the same context: no need to keep them
    return hit


_PieceIn = tuple["_Piece", "Context"]


def _piecewise(body: str) -> tuple[Rendered, list[Block], tuple[_PieceIn, ...]] | None:
    """The body from its pieces, or None when it must be read whole (see ``chunks``), or when
    two pieces have headings of the same base id (the whole document numbers those)."""
    if not _markdown_module.piecewise():
        return None
    texts = pieces(body, _markdown_module.RAW_HTML)  # read now: the option is set per build
    if texts is None:
        return None
    seen: set[str] = set()
    made: list[_PieceIn] = []
    context: Context = ()
    for text in texts:
        piece = _piece(text)
        if not seen.isdisjoint(piece.bases):
            return None
        seen.update(piece.bases)
        made.append((piece, context))
        context = _piece_blocks(piece, context)[1]
    rendered, blocks = _assembled(tuple(made))
    return rendered, blocks, tuple(made)


def _assembled(made: tuple[_PieceIn, ...]) -> tuple[Rendered, list[Block]]:
    html: list[str] = []
    flat: list[Heading] = []
    blocks: list[Block] = []
    for piece, context in made:
        html.append(piece.html)
        flat.extend(piece.flat)
        blocks.extend(_piece_blocks(piece, context)[0])
    joined = "".join(html) if plain_site() else "".join(html)[:-1]
    return Rendered(html=joined, headings=_outline(flat), flat_headings=tuple(flat)), blocks


def text_of(body: str) -> str:
    """Plain text for apps that show no HTML: one paragraph per block."""
    return "\n\n".join(b.text for b in blocks_of(body) if b.words) + "\n"


def blocks_of(body: str) -> list[Block]:
    """The body's blocks for the redline, from the same parse as its HTML."""
    return _parsed(body)[2]


def render(body: str, source_dir: str = "", notice_dir: str = "") -> Rendered:
    """HTML of a body, its relative links pointing from the notice's own page (cached).

    Pages deeper than the notice's own page rebase the links with ``for_page``.
    """
    parsed, rendered, _ = _parsed(body)
    if not (source_dir or notice_dir):
        return rendered
    key = (parsed, source_dir, notice_dir)
    hit = _PLACED.get(key)
    if hit is None:
        html = _HREF.sub(
            lambda m: m.group(1) + site_link(m.group(2), source_dir, notice_dir, notice_dir) + m.group(3),
            rendered.html,
        )
        # Most notices link nowhere relative: share the parse instead of a copy of it.
        same = html == rendered.html
        hit = _PLACED[key] = rendered if same else Rendered(html, rendered.headings, rendered.flat_headings)
    return hit


def for_page(rendered: Rendered, notice_dir: str, page_dir: str) -> Rendered:
    """The same HTML with its relative links rebased from the notice's page to ``page_dir``."""
    prefix = posixpath.relpath(notice_dir.rstrip("/") or ".", page_dir.rstrip("/") or ".")
    if prefix == ".":
        return rendered
    return Rendered(rebase_links(rendered.html, prefix), rendered.headings, rendered.flat_headings)
