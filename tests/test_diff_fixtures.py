"""Redline fixtures: input/expected blocks in ``tests/fixtures/diff/*.txt``.

Each file has ``--- old``, ``--- new`` and ``--- expected`` sections; expected
is the plain redline (one line per changed block). ``UPDATE_FIXTURES=1`` writes
the current output as expected, for review in the diff of the commit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
import pytest

from notices.changes.diff import diff_blocks, side_words
from notices.changes.redline_text import redline_lines
from notices.site.redline import redline_html
from notices.text.blocks import body_blocks

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "diff").glob("*.txt"))


def _squash(text: str) -> str:
    """Compare texts without the white space the markup adds or removes."""
    return re.sub(r"\s+", "", text)


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^--- (\w+)\n", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_redline_fixture(path: Path) -> None:
    sections = _sections(path.read_text(encoding="utf-8"))
    old, new = body_blocks(sections["old"]), body_blocks(sections["new"])
    redline = diff_blocks(old, new)
    got = "\n".join(redline_lines(redline)) + "\n"
    # either side's text comes back exactly from the redline
    assert side_words(redline, "old") == [w for b in old for w in b.words]
    assert side_words(redline, "new") == [w for b in new for w in b.words]
    # and in the HTML a reader gets: drop one side's marks and the spoken labels
    html = redline_html(redline, lambda href: href).html
    for side, drop in (("old", "ins"), ("new", "del")):
        tree = lxml.html.fragment_fromstring(f"<div>{html}</div>")
        for element in tree.xpath(
            f"//{drop} | //*[contains(@class, 'notices-sr') or contains(@class, 'notices-badge') "
            "or contains(@class, 'notices-linknote')]"
        ):
            element.drop_tree()
        words = [w for b in (old if side == "old" else new) for w in b.words if "cell" not in w.marks]
        assert _squash(tree.text_content()) == _squash(" ".join(w.text for w in words)), side
    if os.environ.get("UPDATE_FIXTURES"):
        body = path.read_text(encoding="utf-8").split("--- expected\n")[0]
        path.write_text(body + "--- expected\n" + got, encoding="utf-8")
    assert "expected" in sections, f"{path.name} has no expected section; run with UPDATE_FIXTURES=1"
    assert got == sections["expected"]


def test_javascript_port_uses_the_same_editorial_word_lists() -> None:
    """notices.js repeats the editorial module's lists (the compare page judges edits as the build does):
    a list changed on one side only would make the two redlines differ on some pairs."""
    from notices.changes import editorial
    from notices.site.assets import notices_js

    js = notices_js()
    flow = re.search(r"var FLOW = new Set\(\((.*?)\)\.split", js, re.S)
    assert flow is not None
    words = "".join(re.findall(r'"([^"]*)"', flow.group(1))).split()
    assert set(words) == editorial._FLOW
    same = re.search(r"var SAME_PAIRS = \[(.*?)\n  \];", js, re.S)
    assert same is not None
    pairs = re.findall(r'\["([^"]*)", "([^"]*)"\]', same.group(1))
    assert pairs == editorial._SAME_PAIRS
    quotes = re.search(r"var QUOTES = \{(.*?)\};", js, re.S)
    assert quotes is not None
    table = {
        chr(int(k, 16)): v for k, v in re.findall(r'"\\u([0-9a-f]{4})": (?:"([^"]*)"|\'[^\']*\')', quotes.group(1))
    }
    table |= {chr(int(k, 16)): '"' for k in re.findall(r'"\\u([0-9a-f]{4})": \'"\'', quotes.group(1))}
    assert {chr(k): v for k, v in editorial._QUOTES.items()} == table
    for name in ("NUMBER_WORDS", "FUNCTION_NUMBERS", "NEGATION_WORDS", "CONJUNCTIONS", "REFERENCE", "POINTERS"):
        found = re.search(rf"var {name} = new Set\(\(?(.*?)\)?\.split", js, re.S)
        assert found is not None, name
        listed = "".join(re.findall(r'"([^"]*)"', found.group(1))).split()
        assert set(listed) == getattr(editorial, f"_{name}"), name
