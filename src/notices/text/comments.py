"""Comments a notice's source keeps for its tools, kept out of what readers see.

Policy repositories carry ``<!-- markdownlint-disable MD013 -->``, ``<!-- prettier-ignore -->``
or ``<!-- TOC -->`` on lines of their own. With raw HTML off, Markdown would print them
as text on every page, in the API's text and in the redline (a change that is no change
of the notice). A comment that fills its block (CommonMark's HTML block of a comment, at
the top level) is blanked line for line, so line numbers in messages stay true; a comment
in running text, in a list or quote, or in code stays as written: there it is the
author's text, and removing it could change what surrounds it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

__all__ = ["without_tool_comments"]

_BLOCKS = MarkdownIt("commonmark", {"html": True})
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.S)


def without_tool_comments(body: str) -> str:
    if "<!--" not in body:
        return body
    lines = body.split("\n")
    for token in _BLOCKS.parse(body):
        if token.type == "html_block" and token.level == 0 and token.map and _ONLY_COMMENTS.fullmatch(token.content):
            start, end = token.map
            lines[start:end] = [""] * (end - start)
    return "\n".join(lines)
