"""A body read piece by piece renders exactly as read whole: HTML, headings, blocks (``chunks``).

Generated documents mix what could break a cut: fences whose lines start with ``#``,
comments that hide headings, lists and quotes before a heading, tables, duplicate
headings (ids numbered across the whole document), explicit ids, reference links; and
the same under the site's Python-Markdown with extensions.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from notices.base import chunks
from notices.base.chunks import pieces
from notices.reuse.memos import forget_all
from notices.text import markdown, render

SNIPPETS = [
    "A paragraph about how we use {w} data, with *emphasis* and a [link](https://example.org/{w}).",
    "- one {w}\n- two\n\n- three, loose",
    "1. first {w}\n2. second\n   continued",
    "> quoted {w}\n> still quoted",
    "```bash\n# not a heading {w}\nls\n\n# still code\n```",
    "~~~\n## also code {w}\n~~~",
    "<!-- a tool's comment {w} -->",
    "<!--\n\n## a commented-out section {w}\n\nhidden\n-->",
    "| a | b |\n|---|---|\n| {w} | 2 |",
    "    indented code {w}\n    # not a heading",
    "Setext {w}\n---",
    "Text with a hard break  \nand more {w}.",
    '!!! note "Note {w}"\n    Inside an admonition.\n\n    Second paragraph.',
    "Term {w}\n:   Its definition.",
    "#hashtag {w} is not a heading",
    "- an item {w}\n\n  its second paragraph\n\n- another",
    "1. one {w}\n\n   a paragraph in it\n\n2. two",
    "* a starred item {w}\n\n***\n\nAfter a rule.",
    '=== "Tab {w}"\n    In the first tab.\n\n=== "Other"\n    In the second.',
    "Trailing line {w}\n<!-- and a comment -->",
]
TITLES = ["Who we are", "What we collect", "Your rights", "Retention", "Cookies", "Contact", "Overview"]


def _document(rng: random.Random, sections: int) -> str:
    out = [f"Intro {rng.randrange(9)}.\n"]
    for index in range(sections):
        level = rng.choice([2, 2, 2, 3])
        title = rng.choice(TITLES) if rng.random() < 0.08 else f"Section {index}"
        explicit = f" {{#sec-{index}}}" if rng.random() < 0.1 else ""
        out.append("#" * level + f" {title}{explicit}\n")
        for _ in range(rng.randrange(1, 6)):
            out.append(rng.choice(SNIPPETS).format(w=rng.randrange(1000)) + "\n")
        if rng.random() < 0.3:  # some sections never end in a blank line before the next heading
            out[-1] = out[-1].rstrip("\n")
    if rng.random() < 0.05:
        out.append("[ref]: https://example.org/ref\n")
    return "\n".join(out) + ("\n" if rng.random() < 0.5 else "")


def _blocks(blocks: list[object]) -> list[tuple[object, ...]]:
    return [(b.kind, b.text, b.container, b.depth, tuple(h.id for h in b.headings)) for b in blocks]  # type: ignore[attr-defined]


@pytest.fixture(params=["plain", "site"])
def flavour(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "site":
        markdown.set_site_markdown(["admonition", "def_list", "pymdownx.details", "pymdownx.superfences"], {})
    forget_all()
    yield str(request.param)
    markdown.set_site_markdown([], {})
    forget_all()


@pytest.mark.parametrize("raw_html", [False, True])
def test_pieces_read_as_the_whole(flavour: str, raw_html: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "MIN_PIECE", 40)  # cut at every heading the rules allow
    rng = random.Random(f"{flavour}{raw_html}")
    markdown.set_raw_html(raw_html)
    cut = 0
    try:
        for _ in range(80):
            body = _document(rng, rng.randrange(4, 40))
            forget_all()
            whole, whole_blocks = render._whole(body)
            forget_all()
            found = render._piecewise(body)
            if found is None:
                continue
            cut += 1
            rendered, blocks, _ = found
            assert rendered.html == whole.html, body
            assert rendered.flat_headings == whole.flat_headings, body
            assert _blocks(blocks) == _blocks(whole_blocks), body
    finally:
        markdown.set_raw_html(False)
    assert cut >= 25  # most documents are cut, or this test proves nothing


def test_a_piece_is_reused_across_versions_and_parsed_once() -> None:
    forget_all()
    sections = [f"## Section {n}\n\n" + f"Paragraph {n} of a long policy. " * 80 + "\n" for n in range(30)]
    first = "Intro.\n\n" + "\n".join(sections)
    sections[7] = sections[7].replace("Paragraph 7", "Paragraph seven")
    second = "Intro.\n\n" + "\n".join(sections)
    render.blocks_of(first)
    parsed = len(render._PIECES)
    render.blocks_of(second)
    assert len(render._PIECES) == parsed + 1  # only the edited piece is new


def test_extensions_that_number_across_the_document_keep_it_whole() -> None:
    try:
        for extension in ("pymdownx.tabbed", "footnotes", "abbr", "pymdownx.highlight"):
            markdown.set_site_markdown(["admonition", extension], {})
            assert not markdown.piecewise(), extension
        markdown.set_site_markdown(["admonition", "def_list", "pymdownx.details"], {})
        assert markdown.piecewise()
    finally:
        markdown.set_site_markdown([], {})
        forget_all()


def test_what_reaches_across_the_document_keeps_it_whole() -> None:
    long = ("## A\n\n" + "Words. " * 400 + "\n\n") * 3
    assert pieces(long, raw_html=False) is not None
    assert pieces(long + "[x]: https://example.org\n", raw_html=False) is None  # a reference definition
    assert pieces(long + "[^1]: a footnote\n", raw_html=False) is None
    assert pieces(long + "*[GDPR]: General Data Protection Regulation\n", raw_html=False) is None
    assert pieces("<div>\n\n" + long + "</div>\n", raw_html=True) is None  # raw HTML may span blank lines
    assert pieces("<div>\n\n" + long + "</div>\n", raw_html=False) is not None  # text when raw HTML is off
    assert pieces("short\n\n## B\n\ntext\n", raw_html=False) is None  # not worth cutting
    assert "".join(pieces(long, raw_html=False) or []) == long
