"""The redline as accessible HTML: ``<del>``/``<ins>`` with spoken labels, change anchors.

Colour is never the only signal: removed text is struck through, added text
underlined, and each carries visually hidden "removed:"/"added:" text for screen
readers. Every changed block is an anchor (``#change-N``) the "next change" and
"previous change" buttons step through.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html import escape

from notices.base.i18n import Messages, messages
from notices.changes.diff import RedBlock, Segment, link_targets, relinked_runs
from notices.reuse.memos import memo
from notices.text.blocks import Block, Word

__all__ = ["RedlineHtml", "change_nav", "legend_html", "redline_html", "redline_words", "words_html"]

_SR = '<span class="notices-sr">{}</span>'


@functools.cache  # one table per page language (``i18n.messages`` shares its objects)
def redline_words(t: Messages) -> dict[str, str]:
    """Every word the redline writes, as HTML, for this module and the compare page's script alike
    (``notices.js`` gets this table with the page, so both redlines read the same in any language)."""
    return {
        "removed": t.html("removed:") + " ",
        "added": t.html("added:") + " ",
        "removed-ed": t.html("removed (editorial):") + " ",
        "added-ed": t.html("added (editorial):") + " ",
        "moved-away": t.html("Moved"),
        "moved-here": t.html("Moved"),
        "split": t.html("Paragraph split"),
        "joined": t.html("Paragraphs joined"),
        "reformatted": t.html("Formatting only"),
        "moved-to": t.html("Moved to {place}"),
        "moved-from": t.html("Moved from {place}"),
        "below": t.html("below"),
        "above": t.html("above"),
        "renamed-to": t.html("renamed to “{title}”"),
        "renamed-from": t.html("renamed from “{title}”"),
        "how-split": t.html("split"),
        "how-joined": t.html("joined"),
        "how-edited": t.html("edited"),
        "editorial": t.html("Editorial: {kinds}"),
        "kind-punctuation": t.html("punctuation"),
        "kind-case": t.html("case"),
        "kind-spelling": t.html("spelling"),
        "kind-whitespace": t.html("whitespace"),
        "kind-link": t.html("link"),
        "kind-formatting": t.html("formatting"),
        "link-changed": t.html("link changed, was {targets}"),
        "link-added": t.html("link added"),
        "link-removed": t.html("link removed, was {targets}"),
        "and": t.html("{first} and {second}"),
        "legend": legend_html(t),
    }


def legend_html(t: Messages) -> str:
    """Shown above a redline that has editorial changes (the compare page writes the same)."""
    removed, added = t.html("removed"), t.html("added")
    text = t.html(
        "Editorial changes (punctuation, case, spelling, formatting, link targets) are marked more lightly: "
        "{quiet_removed} {quiet_added}, against {removed} {added} for other changes. A changed link shows "
        "its words once, with its old target.",
        quiet_removed=f'<del class="notices-ed">{removed}</del>',
        quiet_added=f'<ins class="notices-ed">{added}</ins>',
        removed=f"<del>{removed}</del>",
        added=f"<ins>{added}</ins>",
    )
    return f'<p class="notices-legend">{text}</p>'


def _put(template: str, **values: str) -> str:
    """Fill a ``redline_words`` template the way the script does (one pass, by name)."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group()), template)


def _link_note(w: dict[str, str], old: list[str], new: list[str]) -> str:
    """What happened to a run's link, as the redline says it next to the link (HTML)."""

    def joined(items: list[str]) -> str:
        out = escape(items[0])
        for item in items[1:]:
            out = _put(w["and"], first=out, second=escape(item))
        return out

    if old and new:
        return _put(w["link-changed"], targets=joined(old))
    return w["link-added"] if new else _put(w["link-removed"], targets=joined(old))


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def _safe_link(url: str) -> bool:
    """What a browser would read as the scheme (tabs and newlines dropped) is one that cannot run.

    The parser already refuses ``javascript:`` links; the redline checks again because
    its HTML does not pass through the sanitizer (which would drop its classes).
    """
    scheme = _SCHEME.match(re.sub(r"[\t\n\r]", "", url).lstrip(_C0_AND_SPACE))
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


def _open(mark: str, href: Callable[[str], str]) -> str:
    if mark.startswith("a:"):
        return f'<a href="{escape(href(mark[2:]))}">' if _safe_link(mark[2:]) else ""
    if mark.startswith("img:"):
        return ""
    return {"strong": "<strong>", "em": "<em>", "code": "<code>", "s": "<s>"}.get(mark, "")


def _close(mark: str) -> str:
    if mark.startswith("a:"):
        return "</a>" if _safe_link(mark[2:]) else ""
    return {"strong": "</strong>", "em": "</em>", "code": "</code>", "s": "</s>"}.get(mark, "")


def words_html(words: tuple[Word, ...] | list[Word], href: Callable[[str], str], first: bool = False) -> str:
    """Words with their formatting; a run of equal formatting is opened once."""
    out: list[str] = []
    run: list[Word] = []

    def flush() -> None:
        if not run:
            return
        marks = run[0].marks
        pieces = []
        for index, word in enumerate(run):
            if word.space and (index or out or not first):
                pieces.append(" ")
            pieces.append(word.text)
        text = escape("".join(pieces))
        lead = " " if text.startswith(" ") else ""
        opened = "".join(_open(m, href) for m in marks)
        closed = "".join(_close(m) for m in reversed(marks))
        out.append(lead + opened + text.lstrip(" ") + closed)
        run.clear()

    for word in words:
        if run and word.marks != run[0].marks:
            flush()
        run.append(word)
    flush()
    return "".join(out)


def _shown_target(url: str) -> str:
    """A link target as the redline names it: without the ``../`` that only the page's depth adds
    (the diff and compare pages sit at different depths and must read the same)."""
    return re.sub(r"^(?:\.\./)+", "", url)


def _targets(words: tuple[Word, ...], href: Callable[[str], str]) -> list[str]:
    return list(dict.fromkeys(_shown_target(href(t)) for t in link_targets(words)))


def _relinked(seg: Segment, href: Callable[[str], str], first: bool, w: dict[str, str]) -> str:
    """Same words, other link targets: the words once, each changed link with a quiet note
    naming its old target (read out by screen readers too)."""
    out: list[str] = []
    for new, old in relinked_runs(seg):
        html = words_html(new, href, first and not out)
        if new[0].marks != old[0].marks:
            note = _link_note(w, _targets(old, href), _targets(new, href))
            lead = " " if html.startswith(" ") else ""
            html = (
                f'{lead}<span class="notices-relink">{html.lstrip(" ")}'
                f'<span class="notices-linknote"> ({note})</span></span>'
            )
        out.append(html)
    return "".join(out)


def _segment(seg: Segment, href: Callable[[str], str], first: bool, w: dict[str, str]) -> str:
    if seg.op == "~":
        return _relinked(seg, href, first, w)
    inner = words_html(seg.words, href, first)
    lead = " " if inner.startswith(" ") else ""
    inner = inner.lstrip(" ")
    if seg.op == "=":
        return lead + inner
    tag, said = ("del", "removed") if seg.op == "-" else ("ins", "added")
    if seg.editorial:
        return f'{lead}<{tag} class="notices-ed">{_SR.format(w[said + "-ed"])}{inner}</{tag}>'
    return f"{lead}<{tag}>{_SR.format(w[said])}{inner}</{tag}>"


def _cells(segments: list[Segment]) -> list[list[Segment]]:
    """Split a table row's segments at the cell separators (kept in the words)."""
    cells: list[list[Segment]] = [[]]
    for seg in segments:
        part: list[Word] = []
        for word in seg.words:
            if "cell" in word.marks and seg.op != "-":
                if part:
                    cells[-1].append(Segment(seg.op, tuple(part)))
                part = []
                cells.append([])
            elif "cell" not in word.marks:
                part.append(word)
        if part:
            cells[-1].append(Segment(seg.op, tuple(part)))
    return cells


def _container(block: Block) -> str:
    if block.kind == "li":
        return block.container if block.container in {"ul", "ol"} else "ul"
    if block.kind in {"tr", "th"}:
        return "table"
    # admonitions and footnotes (the site's Markdown extensions) read as such: a box, a note
    return block.container if block.container in {"blockquote", "admonition", "footnotes"} else ""


_OPEN = {"table": "<table><tbody>", "admonition": '<div class="admonition">', "footnotes": '<div class="footnote">'}
_CLOSE = {"table": "</tbody></table>", "admonition": "</div>", "footnotes": "</div>"}


def _block_html(block: RedBlock, href: Callable[[str], str], attrs: str, note: str, w: dict[str, str]) -> str:
    shown = block.shown
    if shown.kind in {"tr", "th"}:
        cell = "th" if shown.kind == "th" else "td"
        cells = _cells(block.segments)
        body = "".join(
            f"<{cell}>" + "".join(_segment(s, href, i == 0, w) for i, s in enumerate(c)) + f"</{cell}>" for c in cells
        )
        if note:
            body = body.replace(f"<{cell}>", f"<{cell}>{note}", 1)
        return f"<tr{attrs}>{body}</tr>"
    inner = note + "".join(_segment(s, href, i == 0, w) for i, s in enumerate(block.segments)).strip()
    kind = shown.kind
    if kind == "hr":
        return f"<hr{attrs}>"
    if kind == "code":
        return f"<pre{attrs}><code>{inner}</code></pre>"
    if kind == "li":
        depth = f' data-depth="{shown.depth}"' if shown.depth > 1 else ""
        return f"<li{attrs}{depth}>{inner}</li>"
    return f"<{kind}{attrs}>{inner}</{kind}>"


class RedlineHtml:
    """The redline's HTML and the outline of changed sections for the page's table of contents."""

    def __init__(self, html: str, sections: list[tuple[str, str]], count: int, legend: str = "") -> None:
        self.html = html
        self.sections = sections
        """(section title, anchor of its first change)."""
        self.count = count
        self.legend = legend
        """``legend`` when some change is editorial, else empty."""


def _moved_label(blocks: list[RedBlock], index: int, numbers: dict[int, int], w: dict[str, str]) -> str:
    """Badge of a move: "Moved from above, split"; a heading says its other name ("renamed from …")."""
    block = blocks[index]
    assert block.partner is not None
    away = block.status == "moved-away"
    place = f'<a href="#change-{numbers[block.partner]}">{w["below" if block.partner > index else "above"]}</a>'
    label = _put(w["moved-to" if away else "moved-from"], place=place)
    for how in block.how:
        other = blocks[block.partner].new if away else blocks[block.partner].old
        if how == "renamed" and other is not None:
            text = _put(w["renamed-to" if away else "renamed-from"], title=escape(other.text))
        else:
            text = w.get(f"how-{how}", escape(how))
        label += f", {text}"
    return label


_EQUAL: dict[tuple[str, int], str] = memo({})


def redline_html(
    blocks: list[RedBlock],
    href: Callable[[str], str],
    cache_key: str | None = None,
    t: Messages | None = None,
) -> RedlineHtml:
    """``cache_key`` names the pages that share ``href`` (e.g. a notice's diff pages, which
    sit at the same depth): an unchanged block's HTML is then built once for all of them.
    ``t``: the page's words (English by default).
    """
    w = redline_words(t or messages("en"))
    numbers: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if block.is_change:
            numbers[index] = len(numbers) + 1
    out: list[str] = []
    open_container = ""
    sections: list[tuple[str, str]] = []
    legend = ""
    for index, block in enumerate(blocks):
        shown = block.shown
        container = _container(shown)
        if container != open_container:
            if open_container:
                out.append(_CLOSE.get(open_container, f"</{open_container}>"))
            if container:
                out.append(_OPEN.get(container, f"<{container}>"))
            open_container = container
        if cache_key is not None and block.status == "equal":
            hit = _EQUAL.get((cache_key, id(shown)))
            if hit is not None:
                out.append(hit)
                continue
            out.append(_block_html(block, href, "", "", w))
            _EQUAL[(cache_key, id(shown))] = out[-1]
            continue
        attrs = ""
        note = ""
        if index in numbers:
            number = numbers[index]
            editorial = block.editorial
            quiet = " notices-editorial" if editorial or block.status == "reformatted" else ""
            attrs = f' id="change-{number}" class="notices-change notices-{block.status}{quiet}" tabindex="-1"'
            title = shown.headings[-1].title if shown.headings else (t or messages("en")).text("Introduction")
            if not any(t == title for t, _ in sections):
                sections.append((title, f"change-{number}"))
            label = w.get(block.status, "")
            if block.status in {"moved-away", "moved-here"} and block.partner is not None:
                label = _moved_label(blocks, index, numbers, w)
            elif editorial:
                kinds = ", ".join(w.get(f"kind-{kind}", escape(kind)) for kind in editorial)
                label = _put(w["editorial"], kinds=kinds)
            if editorial or any(seg.editorial for seg in block.segments):
                legend = w["legend"]
            if label:
                note = f'<span class="notices-badge notices-note">{label}</span> '
        out.append(_block_html(block, href, attrs, note, w))
    if open_container:
        out.append(_CLOSE.get(open_container, f"</{open_container}>"))
    return RedlineHtml("\n".join(out), sections, len(numbers), legend)


def change_nav(t: Messages, counted: str) -> str:
    """The previous/next buttons over a redline (the compare page's script writes the same)."""
    return (
        f'<nav class="notices-changenav" aria-label="{t.html("Changes")}"><p><strong>{counted}</strong> '
        f'<a class="md-button" href="#change-1" data-notices-step="-1">{t.html("Previous change")}</a> '
        f'<a class="md-button" href="#change-1" data-notices-step="1">{t.html("Next change")}</a></p></nav>\n'
    )
