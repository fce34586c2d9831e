"""The Markdown of notices: the site's own Python-Markdown for HTML, one markdown-it parser for blocks.

A notice page must look like every other page of the site, so its HTML comes from
Python-Markdown with the site's ``markdown_extensions`` and their options, the
configuration MkDocs renders the site's own pages with (handed in as plain data by
the adapters; this module never imports MkDocs). The redline compares blocks of
words, which markdown-it-py's token stream gives cheaply; it is taught the same
block syntax the site enables (admonitions, footnotes, definition lists, task lists,
tabs, attribute lists) so a change inside an admonition reads as one, without raw
markers. Heading ids are the tool's own on both sides (``slugify``, ``{#id}`` or
``{: #id }``), so anchors published once keep working and the redline's agree.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import markdown as pymd
from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from notices.base.errors import ConfigError

__all__ = [
    "RAW_HTML",
    "markdown_from_yaml",
    "markdown_key",
    "parse",
    "set_raw_html",
    "set_site_markdown",
    "site_html",
    "site_html_with_bases",
    "slugify",
]

_ATTR = r":?[ ]*(?:(?:[#.][\w:-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))[ ]*)+"
"""An attribute list as ``attr_list`` reads one: ``#id``, ``.class``, ``key=value``."""
_EXPLICIT_ID = re.compile(r"[ ]*\{(" + _ATTR + r")\}\s*$")
_ID_IN = re.compile(r"(?:^|[\s:{])#([A-Za-z][\w.:-]*)")
_LEADING_ATTR = re.compile(r"^\{" + _ATTR + r"\}")
_LINE_ATTR = re.compile(r"^[ ]*\{" + _ATTR + r"\}[ ]*$")
_ABBR = re.compile(r"^[ ]{0,3}\*\[[^\]\n]+\]:[^\n]*$", re.M)
_TAB = re.compile(r'^([ \t]*)===(\+?!?|!\+?)[ ]+"([^"\n]*)"[ ]*$', re.M)


def slugify(text: str) -> str:
    """GitHub-style ids, ASCII-folded so URLs stay readable in any language."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^\w\s-]", "", folded.lower()).strip()
    return re.sub(r"[\s_-]+", "-", slug) or "section"


class _Ids:
    """Unique heading ids in document order: ``base``, ``base-1``, ``base-2``…"""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def take(self, base: str) -> str:
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"


# --- the site's Markdown (HTML) --------------------------------------------------------

_ALWAYS = ("toc", "tables", "fenced_code", "attr_list")
"""MkDocs always adds the first three; ``attr_list`` because notices have always been
able to set a heading's id (``{#id}``), on any site."""

EXTENSIONS: tuple[Any, ...] = _ALWAYS
CONFIGS: dict[str, dict[str, Any]] = {}


def _name(extension: Any) -> str:
    """``markdown.extensions.toc`` and ``toc`` are one extension; an instance is its class."""
    if isinstance(extension, str):
        name = extension.split(":", 1)[0]
        return name[len("markdown.extensions.") :] if name.startswith("markdown.extensions.") else name
    return f"{type(extension).__module__}.{type(extension).__qualname__}"


def set_site_markdown(extensions: Iterable[Any], configs: Mapping[str, Any]) -> None:
    """The site's ``markdown_extensions`` and ``mdx_configs`` (as MkDocs holds them) for this build.

    Raises ``ConfigError`` if an extension cannot be loaded (and keeps the previous
    configuration). Heading permalinks are left to ``site.headings`` (they go on the
    page's headings after the body is placed under its title), so ``toc``'s
    ``permalink`` is dropped.
    """
    global EXTENSIONS, CONFIGS
    names: list[Any] = list(_ALWAYS)
    for extension in extensions:
        if _name(extension) not in {_name(n) for n in names}:
            names.append(extension)
    plain: dict[str, dict[str, Any]] = {}
    for key, options in configs.items():
        if isinstance(options, Mapping):
            plain[_name(key)] = dict(options)
    toc = plain.setdefault("toc", {})
    for option in ("permalink", "anchorlink", "permalink_leading", "anchorlink_class"):
        toc.pop(option, None)
    before = EXTENSIONS, CONFIGS
    EXTENSIONS, CONFIGS = tuple(_name(e) if isinstance(e, str) else e for e in names), plain
    _forget()
    try:
        _markdown(RAW_HTML)  # an extension that cannot load fails the build now, not in a worker
    except ConfigError:
        EXTENSIONS, CONFIGS = before
        _forget()
        raise


def _forget() -> None:
    _markdown.cache_clear()
    _parser_for.cache_clear()
    _key.cache_clear()


def _stable(value: Any) -> str:
    """A repr that is the same in every process (a function by its name, not its address)."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k!r}:{_stable(v)}" for k, v in sorted(value.items(), key=lambda i: str(i[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return repr(value)
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


@lru_cache(maxsize=4)
def _key(raw_html: bool, extensions: tuple[Any, ...]) -> str:
    names = [e if isinstance(e, str) else _stable(e) for e in extensions]
    return _stable([raw_html, names, CONFIGS, pymd.__version__])


def markdown_key() -> str:
    """What the Markdown configuration adds to a cache key: pages rendered under another differ."""
    return _key(RAW_HTML, EXTENSIONS)


def markdown_from_yaml(value: Any) -> tuple[list[str], dict[str, Any]]:
    """``markdown_extensions`` as written in mkdocs.yml: names and ``{name: options}`` mappings."""
    if isinstance(value, Mapping):
        value = [{k: v} for k, v in value.items()]
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, Mapping):
            for name, options in entry.items():
                names.append(str(name))
                if isinstance(options, Mapping):
                    # ``!!python/name:`` values (a slugify, an emoji index) read as "" without
                    # MkDocs' loader: leave those to the extension's default.
                    configs[str(name)] = {k: v for k, v in options.items() if v != ""}
    return names, configs


class _HeadingIds(Treeprocessor):  # type: ignore[misc]  # Markdown has no types
    """The tool's heading ids, set after ``attr_list`` (which sets ``{: #id }``) and before
    ``toc`` (which keeps an id it finds), so they match the redline's and stay as published."""

    def run(self, root: Any) -> None:
        ids = _Ids()
        bases: list[str] = []
        for element in root.iter():
            if isinstance(element.tag, str) and re.fullmatch(r"h[1-6]", element.tag):
                base = element.get("id")
                if not base or base.startswith("__"):  # the theme's ids are not a notice's to take
                    inner = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                    base = slugify(html_lib.unescape(inner))
                element.set("id", ids.take(base))
                bases.append(base)
        self.md.notices_id_bases = bases  # read by ``site_html``


class _NoticeExtension(Extension):  # type: ignore[misc]
    def __init__(self, raw_html: bool) -> None:
        super().__init__()
        self.raw_html = raw_html

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_HeadingIds(md), "notices_heading_ids", 6)
        if not self.raw_html:  # raw HTML is text unless the site allows it (then it is sanitized)
            for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
                if name in registry:
                    registry.deregister(name)


@lru_cache(maxsize=2)
def _markdown(raw_html: bool) -> pymd.Markdown:
    try:
        return pymd.Markdown(
            extensions=[*EXTENSIONS, _NoticeExtension(raw_html)],
            extension_configs={k: v for k, v in CONFIGS.items() if k in {_name(e) for e in EXTENSIONS}},
        )
    except (ImportError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"the site's `markdown_extensions` cannot be loaded: {exc}",
            hint="install the extension's package, or fix its options in mkdocs.yml",
        ) from None


def site_html(body: str) -> tuple[str, list[dict[str, Any]]]:
    """HTML of a body as the site's Markdown renders a page, and its ``toc`` tokens."""
    html, toc, _ = site_html_with_bases(body)
    return html, toc


def site_html_with_bases(body: str) -> tuple[str, list[dict[str, Any]], list[str]]:
    """``site_html`` and the base of each heading's id (before ``-1``, ``-2`` made it unique)."""
    md = _markdown(RAW_HTML)
    md.reset()
    md.notices_id_bases = []
    html = md.convert(body)
    return html, list(getattr(md, "toc_tokens", [])), list(md.notices_id_bases)


# --- markdown-it (blocks) ---------------------------------------------------------------


def plain_site() -> bool:
    """Whether the site adds no Markdown extension to what MkDocs always has: then markdown-it's
    own HTML is the page (one parse instead of two; Python-Markdown costs about 3× as much on
    a long policy). The two agree on the Markdown such sites write; see the README."""
    return {_name(e) if isinstance(e, str) else "" for e in EXTENSIONS} <= set(_ALWAYS)


_PIECEWISE = frozenset(
    {
        *_ALWAYS, "admonition", "def_list", "md_in_html", "sane_lists", "smarty", "nl2br", "meta",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.emoji", "pymdownx.mark",
        "pymdownx.tilde", "pymdownx.caret", "pymdownx.keys", "pymdownx.betterem", "pymdownx.smartsymbols",
    }
)  # fmt: skip
"""Extensions known to read each top-level block on its own: with only these, a body may be
rendered piece by piece (``chunks``). Others may number things across the document
(``pymdownx.tabbed``'s tab sets, ``pymdownx.highlight``'s line anchors, footnotes) or read
definitions from anywhere (``abbr``, ``pymdownx.snippets``)."""


def piecewise() -> bool:
    """Whether the site's Markdown lets a body be read piece by piece (``chunks``)."""
    return {_name(e) if isinstance(e, str) else "?" for e in EXTENSIONS} <= _PIECEWISE


def enabled(name: str) -> bool:
    return name in {_name(e) for e in EXTENSIONS}


def _heading_ids(state: StateCore) -> None:
    """Give every heading a unique id; a trailing ``{#id}`` / ``{: #id }`` sets it explicitly."""
    ids = _Ids()
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
                found = _ID_IN.search(match.group(1))
                explicit = found.group(1) if found and not found.group(1).startswith("__") else None
                last.content = last.content[: match.start()]
                inline.content = _EXPLICIT_ID.sub("", inline.content)
        base = explicit or slugify(
            "".join(child.content for child in inline.children or [] if child.type in {"text", "code_inline"})
        )
        token.attrSet("id", ids.take(base))
        token.meta["explicit_id"] = explicit is not None
        token.meta["id_base"] = base  # ids are unique per document: ``render`` checks pieces against it


def _attr_lists(state: StateCore) -> None:
    """Drop ``attr_list`` markers from text: they set attributes, they are not words."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        previous = ""
        for child in children:
            if child.type == "text":
                if previous.endswith("_close") or previous in {"code_inline", "image"}:
                    child.content = _LEADING_ATTR.sub("", child.content)
                lines = child.content.split("\n")
                if len(lines) > 1 and _LINE_ATTR.match(lines[-1]):
                    child.content = "\n".join(lines[:-1])
                elif child is children[-1] and _LINE_ATTR.match(child.content) and previous in {"softbreak", ""}:
                    child.content = ""
            previous = child.type


@lru_cache(maxsize=4)
def _parser_for(html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    if enabled("admonition") or enabled("pymdownx.details") or enabled("pymdownx.tabbed"):
        md.use(admon_plugin)
    if enabled("footnotes"):
        md.use(footnote_plugin)
    if enabled("def_list"):
        md.use(deflist_plugin)
    if enabled("pymdownx.tasklist"):
        md.use(tasklists_plugin)
    md.core.ruler.push("notices_heading_ids", _heading_ids)
    md.core.ruler.push("notices_attr_lists", _attr_lists)
    return md


RAW_HTML = False
"""Whether raw HTML in notices is parsed as HTML (the ``raw_html`` option). Off, it is
shown as text; on, every page the tool writes sanitizes it (``sanitize.clean``)."""


def set_raw_html(enabled: bool) -> None:
    global RAW_HTML
    RAW_HTML = enabled


def _parser() -> MarkdownIt:
    return _parser_for(RAW_HTML)


def parse(body: str) -> list[Token]:
    """Tokens with heading ids set (``{#id}`` honoured and recorded in ``meta``).

    Tabs (``=== "Title"``) are read as admonitions titled by the tab, so their
    content is text in the redline rather than code; abbreviations' definitions
    (``*[DPO]: …``) are left out, as the page leaves them out.
    """
    if enabled("pymdownx.tabbed") and "===" in body:
        body = _TAB.sub(lambda m: f'{m.group(1)}!!! tab "{m.group(3)}"', body)
    if enabled("abbr") and "*[" in body:  # definitions of abbreviations are not text (lines kept for maps)
        body = _ABBR.sub("", body)
    if RAW_HTML and "<" in body:
        body = _html_elements(body)
    return _parser().parse(body)


_BLOCK_TAG = re.compile(
    r"<(/?)(html|head|body|div|section|article|main|header|footer|nav|aside|ul|ol|dl|table|thead|tbody|tfoot|tr|td|th|"
    r"blockquote|p|li|dd|dt|details|figure|form|fieldset)\b[^>]*>",
    re.I,
)


def _html_elements(body: str) -> str:
    """Raw HTML blocks as Python-Markdown (MkDocs) reads them: an element opened at the start of
    a line runs to its closing tag, blank lines and indented lines inside it included, where
    CommonMark would end the HTML at the blank line and read what follows, indented, as code.
    A blank line inside becomes an empty comment, so every line keeps its number."""
    lines = body.split("\n")
    depth = 0
    changed = False
    for index, line in enumerate(lines):
        if not line.strip():
            if depth > 0:
                lines[index] = "<!---->"
                changed = True
            continue
        if depth <= 0 and not line.lstrip(" ").startswith("<"):
            depth = 0
            continue
        for match in _BLOCK_TAG.finditer(line):
            depth += -1 if match.group(1) else 1
    return "\n".join(lines) if changed else body
