"""Diff pages, classification, change notes, change logs and feeds on real builds."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree as etree
import pytest
import rnc2rng
from conftest import SiteRepo, notice

from notices.base.errors import ConfigError
from notices.changes.classify import Classifier
from notices.text.blocks import body_blocks

BASE = """\
Intro text of the notice.

## Who we are

Example Ltd, 1 High Street.

## Why we use your data

1. To take orders.
2. To deliver them.

## How long we keep it

Orders: five years.
"""


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def three_versions(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BASE)})
    site.commit(
        "v2 reflow only",
        {
            "docs/privacy.md": notice(
                "2",
                "2024-02-01",
                BASE.replace("1. To take", "3. To take")
                .replace("## How long", "### How long")
                .replace("Example Ltd, 1 High", "Example Ltd,\n1 High"),
            )
        },
    )
    site.commit(
        "v3 purposes",
        {
            "docs/privacy.md": notice(
                "3", "2024-03-01", BASE.replace("2. To deliver them.", "2. To deliver them.\n3. To send offers.")
            )
        },
    )


def test_diff_pages_and_classification(site: SiteRepo) -> None:
    three_versions(site)
    site.commit("note", {"changelog/privacy/3.md": "We now send offers, if you agree.\n"})
    site.build("--strict")
    v2 = text(site.page("privacy/2/diff"))
    assert "Editorial change" in v2 and "Material change" not in v2
    assert "The words did not change; only their form did." in v2  # renumbering, heading level, wrapping
    v3 = site.page("privacy/3/diff")
    assert "Material change" in text(v3) and "Purposes changed" in text(v3)
    assert "Changed elements: Purposes of processing." in text(v3)
    inserted = '<ins><span class="notices-sr">added: </span>To send offers.</ins>'
    assert f'<li id="change-1" class="notices-change notices-inserted" tabindex="-1">{inserted}</li>' in v3
    assert "We now send offers, if you agree." in v3
    assert 'href="#change-1" data-notices-step="1">Next change' in v3
    log = text(site.page("privacy/changelog"))
    assert log.index("Version 3") < log.index("Version 2") < log.index("Version 1")
    assert "Changed sections: Why we use your data." in log
    current = site.page("privacy")
    assert 'id="change-log"' in current and "We now send offers, if you agree." in current
    assert 'href="3/diff/"' in current


def test_material_override_is_shown(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BASE)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-02-01", BASE.replace("five", "six"), material="false")})
    site.build()
    page = text(site.page("privacy/2/diff"))
    assert "Marked not material by legal (computed: material)" in page
    assert "Editorial change" in page


def test_declared_purposes_change_is_a_purpose_change(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", "## Intro\n\nText.\n", purposes="[orders]")})
    site.commit(
        "v2", {"docs/privacy.md": notice("2", "2024-02-01", "## Intro\n\nText.\n", purposes="[orders, marketing]")}
    )
    site.build()
    page = text(site.page("privacy/2/diff"))
    assert "Purposes changed" in page and "Purposes added:marketing" in page


def test_explicit_heading_id_and_elements_option_win() -> None:
    blocks = body_blocks("## Storage {#retention}\n\nFive years.\n\n## Our promise\n\nText.\n")
    classifier = Classifier.from_option({"purposes": [r"promise"]})
    assert classifier.block(blocks[1]) == "retention"
    assert classifier.block(blocks[3]) == "purposes"
    assert Classifier.from_option(None).block(blocks[3]) == "general"


def test_elements_option_errors() -> None:
    with pytest.raises(ConfigError, match=r"`elements.purposes`: '\(unclosed' is not a valid regular expression"):
        Classifier.from_option({"purposes": ["why", "(unclosed"]})
    with pytest.raises(ConfigError, match="did you mean `retention`"):
        Classifier.from_option({"retension": "x"})


def test_bad_elements_option_fails_the_build(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BASE)})
    site.write(
        "mkdocs.yml",
        (site.root / "mkdocs.yml")
        .read_text()
        .replace("  - notices\n", "  - notices:\n      elements:\n        purposes: '(unclosed'\n"),
    )
    result = site.build(check=False)
    assert result.returncode == 1 and "is not a valid regular expression" in result.stderr
    assert "Traceback" not in result.stderr
    check = site.notices("check", check=False)
    assert check.returncode == 1 and re.match(r"error: mkdocs.yml:\d+: `elements.purposes`", check.stderr)


@pytest.mark.parametrize(
    ("path", "content", "message"),
    [
        (
            "changelog/privacy/9.md",
            "Nine.\n",
            "change note for version 9 of `privacy`, which has no such version — "
            "name the file after a published version: 1.md",
        ),
        ("changelog/privcy/1.md", "One.\n", "change note for `privcy`, which is not a notice"),
        (
            "changelog/privacy/1.md",
            "---\nsummary: [unclosed\n---\nOne.\n",
            "changelog/privacy/1.md:2: malformed YAML front matter",
        ),
    ],
)
def test_bad_change_notes(site: SiteRepo, path: str, content: str, message: str) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BASE), path: content})
    result = site.notices("check", check=False)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert site.build(check=False).returncode == 1


def _atom_schema() -> etree.RelaxNG:
    rnc = Path(__file__).parent / "fixtures" / "atom.rnc"
    rng = rnc2rng.dumps(rnc2rng.load(str(rnc))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def test_feeds_are_valid_atom_and_stable(site: SiteRepo) -> None:
    three_versions(site)
    site.build()
    schema = _atom_schema()
    feeds = {p: (site.root / "site" / p).read_bytes() for p in ("feed.xml", "privacy/feed.xml")}
    for path, data in feeds.items():
        document = etree.fromstring(data)
        assert schema.validate(document), (path, schema.error_log)
        entries = document.findall("{http://www.w3.org/2005/Atom}entry")
        assert len(entries) == 3
        first_id = entries[0].findtext("{http://www.w3.org/2005/Atom}id")
        assert first_id == "https://notices.example.org/privacy/3/"
    site.build()
    again = {p: (site.root / "site" / p).read_bytes() for p in feeds}
    assert again == feeds  # byte-identical rebuild


def test_cli_diff_plain_and_colour(site: SiteRepo) -> None:
    three_versions(site)
    plain = site.notices("diff", "privacy").stdout
    assert "version 2 (2024-02-01) -> version 3 (2024-03-01)" in plain
    assert "+ li: {+To send offers.+}" in plain and "@@ Why we use your data" in plain
    assert "\x1b[" not in plain
    coloured = site.notices("diff", "privacy", "1", "3", "--color").stdout
    assert "\x1b[32;4mTo send offers.\x1b[0m" in coloured
    assert "% h2->h3: How long we keep it" in site.notices("diff", "privacy", "1", "2").stdout
    bad = site.notices("diff", "privacy", "7", check=False)
    assert bad.returncode == 1 and "has no version 7 — versions: 1, 2, 3" in bad.stderr
