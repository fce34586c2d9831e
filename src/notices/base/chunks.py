"""A notice body cut into pieces that Markdown reads independently, so each is parsed once.

Consecutive versions of a long policy share almost all of their text: a 300 KB notice
with 500 versions is 150 MB of Markdown but only a few MB of distinct paragraphs.
Parsing each version whole costs the whole history; parsing each distinct piece once
costs what changed. A cut is made only where CommonMark (and Python-Markdown) start
afresh: after a blank line, before a line at the left margin that cannot continue what
came before (no list marker, quote, table row, definition, tab or attribute line),
outside fenced code and HTML comments. There no list, quote, table, admonition or
paragraph is open, so the tokens, HTML and blocks of the pieces are those of the whole.

Where to cut depends on the text near the cut, not on where the last cut was (a heading,
or a line whose hash says so, once a piece is long enough), so an edit early in the
text moves no cut after the next one: the pieces after it are the previous version's.

What does reach across pieces makes the body one piece: reference-style link and
footnote definitions (``[x]: …``, ``[^1]: …``), abbreviations, ``[TOC]``, snippets,
and, with raw HTML on, HTML blocks that may span blank lines. Heading ids are unique
in the whole document; the caller checks that no two pieces share a heading's base id
(``render`` falls back to the whole body then), so the pieces' ids are the whole's.
"""

from __future__ import annotations

import itertools
import re
import zlib

__all__ = ["MIN_PIECE", "pieces"]

MIN_PIECE = 1024
"""A piece is at least about this long: a parse has a fixed cost, and a paragraph of one
line is not worth a cache entry of its own."""
CUT_ONE_IN = 4
"""Besides headings, about one eligible line in this many starts a piece (by its hash)."""

_DEFINITION = re.compile(r"^ {0,3}\*?\[[^\]\n]+\]:", re.M)
"""A reference-style link, footnote or abbreviation definition: it reaches the whole document."""
_RAW_SPANNING = re.compile(r"<(?:script|pre|style|textarea)\b|<\?|<![A-Z]|<!\[CDATA\[|^ {0,3}<[A-Za-z]", re.I | re.M)
"""With raw HTML on: HTML that may run past a blank line (CommonMark's HTML blocks 1, 3–5,
and Python-Markdown's block-level raw HTML, which ends only at its closing tag)."""
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CONTINUES = re.compile(r"[-*+>|:={<\s]|\d{1,9}[.)](?:\s|$)")
"""A line that may continue what came before even after a blank line: a list item, a quote,
a table row, a definition (``:``), a tab (``===``), an attribute list, indented text, or HTML
(a tool comment is blanked before parsing, so the line after it may continue a list)."""


def _crosses(body: str) -> bool:
    """Whether something in the body reaches the whole document (substring tests first: the
    patterns are slow on a 300 KB text, and most texts have none of them)."""
    return ("]:" in body and bool(_DEFINITION.search(body))) or "[TOC]" in body or "--8<--" in body


def _term(lines: list[str], index: int) -> bool:
    """Whether the line is a definition list's term (its definition follows, ``:   …``):
    Python-Markdown joins definition lists that only a blank line separates."""
    return index + 1 < len(lines) and lines[index + 1].startswith(":")


def _cut_here(line: str) -> bool:
    if _HEADING.match(line):
        return True
    return not _CONTINUES.match(line) and zlib.crc32(line.encode()) % CUT_ONE_IN == 0


def pieces(body: str, raw_html: bool) -> list[str] | None:
    """The body as consecutive pieces whose concatenation is the body, or None when it must be
    read whole."""
    if len(body) < 2 * MIN_PIECE or _crosses(body) or (raw_html and _RAW_SPANNING.search(body)):
        return None
    lines = body.split("\n")
    cuts = [0]
    fence = ""
    comment = False
    blank = True
    size = 0
    for index, line in enumerate(lines):
        size += len(line) + 1
        if comment:
            comment = "-->" not in line
            blank = False
            continue
        if fence:
            stripped = line.strip()
            if stripped.startswith(fence[0]) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = ""
            blank = False
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
        elif "<!--" in line and "-->" not in line[line.index("<!--") :]:
            comment = True
        elif blank and index and line and size >= MIN_PIECE and _cut_here(line) and not _term(lines, index):
            cuts.append(index)
            size = len(line) + 1
        blank = not line.strip()
    if len(cuts) < 2:
        return None
    cuts.append(len(lines))
    out = ["\n".join(lines[start:end]) + "\n" for start, end in itertools.pairwise(cuts)]
    out[-1] = out[-1][:-1]  # the body's own ending, as written
    return out
