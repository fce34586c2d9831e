"""Hostile text in the fields a theme prints (headings, title, summary, front matter Material
shows, change notes): accepted, and shown as text on every page and in every feed."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import lxml.html

from badinput import PRIVACY_BODY, Case

XSS = '<img src=x onerror=alert(1)> "><svg onload=alert(2)> <base href=http://evil.example/>'


def _privacy(extra: str = "", body: str = PRIVACY_BODY.format(years=2), title: str = "Privacy notice") -> str:
    return f'---\ntitle: {title}\nversion: "4"\neffective: 2024-09-01\nsupersedes: [community]\n{extra}---\n{body}'


def _inert(site: Path) -> None:
    """No page carries an event handler, a ``<base>`` or a script from the notice."""
    for file in site.rglob("*.html"):
        for element in lxml.html.fromstring(file.read_bytes()).iter():
            if not isinstance(element.tag, str):
                continue
            where = file.relative_to(site)
            assert element.tag != "base", f"{where}: <base>"
            assert not any(a.lower().startswith("on") for a in element.attrib), f"{where}: <{element.tag}> handler"
            assert not (element.tag == "script" and "alert" in element.text_content()), f"{where}: script"


def _heading_is_text(site: Path) -> None:
    _inert(site)
    tree = lxml.html.fromstring((site / "privacy/index.html").read_bytes())
    toc = [" ".join(a.text_content().split()) for a in tree.xpath('//nav[contains(@class, "md-nav--secondary")]//a')]
    assert "Contact " + " ".join(XSS.split()) in toc, toc


def _feeds_parse(site: Path) -> None:
    _inert(site)
    for feed in [site / "feed.xml", site / "privacy/feed.xml"]:
        text = lxml.etree.fromstring(feed.read_bytes()).xpath("string(.)")
        assert "Control" in text and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


CASES = [
    Case(
        "hostile-heading-in-force",
        {"docs/privacy.md": _privacy(body=PRIVACY_BODY.format(years=2) + f"\n## Contact {XSS}\n\nWrite to us.\n")},
        expect="accepted",
        verify=_heading_is_text,
    ),
    Case(
        "hostile-title-and-theme-front-matter",
        {
            "docs/privacy.md": _privacy(
                "summary: '" + XSS.replace("'", "''") + "'\n"
                "description: '" + XSS.replace("'", "''") + "'\nsubtitle: '" + XSS.replace("'", "''") + "'\n",
                title="'Privacy " + XSS.replace("'", "''") + "'",
            ),
            "changelog/privacy/4.md": f"Note {XSS}\n",
        },
        expect="accepted",
        verify=_inert,
    ),
    Case(
        "control-characters-in-feed-text",
        {
            "docs/privacy.md": _privacy('summary: "Control \\x01 \\x0b summary"\n', title='"Privacy \\x0c notice"'),
            "changelog/privacy/4.md": "Control \x01 note \x1f\n",
        },
        expect="accepted",
        verify=_feeds_parse,
    ),
]
