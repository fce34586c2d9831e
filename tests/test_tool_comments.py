"""Comments left for Markdown tools (`<!-- markdownlint-disable -->`) are hidden, not printed."""

from __future__ import annotations

import json

import pytest
from conftest import SiteRepo, notice

from notices.text.comments import without_tool_comments
from notices.text.render import blocks_of, render, text_of

TOOLED = (
    "<!-- markdownlint-disable MD013 -->\n"
    "## Who we are\n\n"
    "<!-- prettier-ignore-start -->\n"
    "Larder Ltd runs a recipe app.\n"
    "<!-- prettier-ignore-end -->\n\n"
    "<!--\n  TOC: generated, do not edit\n-->\n"
    "## Purposes\n\nTo send you recipes.\n"
)


@pytest.mark.parametrize(
    "body",
    [
        "Text <!-- a note in running text --> stays.\n",
        "```\n<!-- in a code block -->\n```\n",
        "- an item\n  <!-- in a list -->\n",
        "> <!-- in a quote -->\n",
        "<!-- a comment --> followed by words on its line\n",
        "    <!-- indented: code -->\n",
    ],
)
def test_comments_that_are_the_authors_text_stay(body: str) -> None:
    assert without_tool_comments(body) == body


def test_tool_comments_are_blanked_line_for_line() -> None:
    out = without_tool_comments(TOOLED)
    assert "<!--" not in out and "markdownlint" not in out and "TOC" not in out
    assert out.count("\n") == TOOLED.count("\n")  # messages keep their line numbers
    assert out.splitlines()[1] == "## Who we are"


def test_no_page_text_or_redline_shows_them() -> None:
    html = render(TOOLED).html
    assert "markdownlint" not in html and "&lt;!--" not in html and "prettier" not in html
    assert "Larder Ltd runs a recipe app." in html
    assert "markdownlint" not in text_of(TOOLED)
    assert not any("<!--" in block.text for block in blocks_of(TOOLED))


def test_a_built_notice_shows_none_of_them(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", TOOLED)})
    changed = TOOLED.replace("To send you recipes.", "To send you recipes and offers.")
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-06-01", "<!-- vale off -->\n" + changed)})
    site.build("--strict")
    pages = ["privacy", "privacy/1", "privacy/2", "privacy/2/diff", "privacy/changelog", "embed/privacy"]
    for page in pages:
        html = (site.root / "site" / page / "index.html").read_text(encoding="utf-8")
        assert "markdownlint" not in html and "prettier" not in html and "vale off" not in html, page
    current = json.loads((site.root / "site/api/v1/privacy/current.json").read_text())
    assert "markdownlint" not in current["text"] + current["html"]
    diff = (site.root / "site/privacy/2/diff/index.html").read_text(encoding="utf-8")
    assert "and offers" in diff
