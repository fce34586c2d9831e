"""The redline as plain text: ``[-removed-]{+added+}``, or coloured for a terminal.

One line per block that is not equal, prefixed by what happened to it. The
same text is the expected output of the diff fixture files, so the fixtures
read the way a person reviews a change.
"""

from __future__ import annotations

import re

from notices.changes.diff import RedBlock, Segment, link_note, link_targets, relinked_runs
from notices.text.blocks import Word, join_words

__all__ = ["MARKS", "block_line", "redline_lines"]

MARKS = {
    "equal": "=",
    "changed": "~",
    "inserted": "+",
    "deleted": "-",
    "moved-away": "<",
    "moved-here": ">",
    "split": "|",
    "joined": "&",
    "reformatted": "%",
}

_RED, _GREEN, _DIM, _RESET = "\x1b[31;9m", "\x1b[32;4m", "\x1b[2m", "\x1b[0m"
"""Removed struck through in red, added underlined in green; editorial edits dim."""


def _wrap(text: str, marks: tuple[str, ...]) -> str:
    """Markdown-like markers, so formatting and link changes are visible in plain text."""
    for mark in reversed(marks):
        if mark == "strong":
            text = f"**{text}**"
        elif mark == "em":
            text = f"*{text}*"
        elif mark == "code":
            text = f"`{text}`"
        elif mark == "s":
            text = f"~~{text}~~"
        elif mark.startswith("a:"):
            text = f"[{text}]({mark[2:]})"
        elif mark.startswith("img:"):
            text = f"!{text}({mark[4:]})"
    return text


def words_text(words: tuple[Word, ...]) -> str:
    """Words with their formatting, runs of the same formatting wrapped once."""
    out: list[str] = []
    run: list[Word] = []
    for word in [*words, None]:
        if run and (word is None or word.marks != run[0].marks or "cell" in word.marks):
            out.append((" " if out and run[0].space else "") + _wrap(join_words(run), run[0].marks))
            run = []
        if word is not None:
            run.append(word)
    return "".join(out)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from a notice, safe for a terminal: control characters (an escape sequence
    can retitle the window, rewrite the screen or hide lines) are shown, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _segment_text(segment: Segment, colour: bool) -> str:
    if segment.op == "~":
        out: list[str] = []
        for new, old in relinked_runs(segment):
            text = printable(words_text(new))
            if new[0].marks != old[0].marks:
                note = printable(link_note(link_targets(old), link_targets(new)))
                text += f"{_DIM}[{note}]{_RESET}" if colour else f"{{~{note}~}}"
            out.append((" " if out and new[0].space else "") + text)
        return "".join(out)
    text = printable(words_text(segment.words))
    if segment.op == "=":
        return text
    if colour:
        return (_DIM if segment.editorial else _RED if segment.op == "-" else _GREEN) + text + _RESET
    return f"[-{text}-]" if segment.op == "-" else f"{{+{text}+}}"


def block_line(block: RedBlock, colour: bool = False) -> str:
    """``~ p: …``; what else is known follows the kind: ``[editorial: spelling]``, ``[split]``."""
    parts: list[str] = []
    for segment in block.segments:
        space = " " if parts and segment.words and segment.words[0].space else ""
        parts.append(space + _segment_text(segment, colour))
    kind = block.shown.kind
    if block.status == "reformatted" and block.old is not None and block.new is not None:
        kind = f"{block.old.kind}->{block.new.kind}"
        if block.old.container != block.new.container:
            kind += f" ({block.old.container or 'none'}->{block.new.container or 'none'})"
    notes = list(block.how)
    if block.editorial:
        notes.append("editorial: " + ", ".join(block.editorial))
    if notes:
        kind += f" [{'; '.join(notes)}]"
    return f"{MARKS[block.status]} {kind}: " + "".join(parts)


def redline_lines(
    redline: list[RedBlock], *, context: bool = False, colour: bool = False, sections: bool = False
) -> list[str]:
    """Every block (``context``) or only the changed ones; ``sections`` adds ``@@ title`` lines."""
    lines: list[str] = []
    section = None
    for block in redline:
        if not (context or block.is_change):
            continue
        title = block.shown.headings[-1].title if block.shown.headings else "(introduction)"
        if sections and title != section and not block.shown.kind.startswith("h"):
            lines.append(f"@@ {printable(title)}")
        section = title
        lines.append(block_line(block, colour))
    return lines
