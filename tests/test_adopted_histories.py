"""Real policy repositories adopted in `include` mode: what their histories do that ours do not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SiteRepo

from notices.sources.grouping import _suggest

BODY = "# Privacy policy\n\nLarder Ltd keeps your e-mail address.\n\n## Purposes\n\nTo send receipts.\n"


def _include(site: SiteRepo, extra: str = "") -> None:
    config = site.root.joinpath("mkdocs.yml").read_text()
    site.write("mkdocs.yml", config.replace("  - notices\n", "  - notices:\n      include: ['policies/**']\n" + extra))


def _index(site: SiteRepo, notice_id: str) -> dict[str, object]:
    return dict(json.loads((site.root / f"site/api/v1/{notice_id}.json").read_text()))


@pytest.mark.parametrize(
    "label, suggested",
    [
        ("2025-10-31", "2025-11-01"),  # never the 32nd
        ("2025-09-09", "2025-09-10"),  # never 2025-09-010
        ("2025-12-31", "2026-01-01"),
        ("2025-10-31-2", "2025-10-31-3"),
        ("1.09", "1.10"),
        ("3", "4"),
        ("v2", "v3"),
        ("draft", "draft.1"),
    ],
)
def test_a_suggested_label_is_a_valid_one(label: str, suggested: str) -> None:
    assert _suggest(label) == suggested


def test_commits_dated_out_of_order_are_ordered_by_history_and_said_so(site: SiteRepo) -> None:
    """A rebase or a wrong clock: the newest commit is dated before the one it follows."""
    _include(site)
    site.commit("v1", {"docs/policies/privacy.md": BODY})
    site.commit("v2", {"docs/policies/privacy.md": BODY + "\nWe keep names too.\n"})
    site.clock -= dt.timedelta(days=10)
    site.commit("v3, dated before v2", {"docs/policies/privacy.md": BODY + "\nWe keep names and phones.\n"})
    site.clock += dt.timedelta(days=10)  # the clock is right again
    site.commit("v4", {"docs/policies/privacy.md": BODY + "\nWe keep names, phones and ages.\n"})
    result = site.build()
    assert "dated 2023-12-25, before the text it follows in the history (2024-01-03)" in result.stderr
    versions = _index(site, "policies/privacy")["versions"]
    assert isinstance(versions, list)
    assert [(v["version"], v["effective"]) for v in versions] == [
        ("2024-01-02", "2024-01-02"),
        ("2024-01-03", "2024-01-03"),
        ("2024-01-03-2", "2024-01-03"),  # every text published, in the order of the history
        ("2024-01-05", "2024-01-05"),
    ]
    assert "ages" in (site.root / "site/policies/privacy/index.html").read_text()


def test_a_commit_that_only_converts_line_endings_is_no_new_version(site: SiteRepo) -> None:
    _include(site)
    site.commit("v1 with CRLF", {"docs/policies/privacy.md": BODY.replace("\n", "\r\n").encode()})
    site.commit("dos2unix", {"docs/policies/privacy.md": BODY.encode()})
    site.build()
    versions = _index(site, "policies/privacy")["versions"]
    assert isinstance(versions, list) and len(versions) == 1 and len(versions[0]["revisions"]) == 1


def test_the_languages_option_gives_adopted_policies_their_language(site: SiteRepo) -> None:
    _include(site, "      languages:\n        'policies/fr/*.md': fr\n        'policies/de/*': de-at\n")
    site.commit(
        "three policies",
        {
            "docs/policies/privacy.md": BODY,
            "docs/policies/fr/confidentialite.md": "# Politique\n\nLarder SARL garde votre adresse.\n",
            "docs/policies/de/datenschutz.md": "# Datenschutz\n\nLarder GmbH speichert Ihre Adresse.\n",
        },
    )
    site.build()
    assert _index(site, "policies/fr/confidentialite")["lang"] == "fr"
    assert _index(site, "policies/de/datenschutz")["lang"] == "de-AT"  # BCP 47's case
    assert _index(site, "policies/privacy")["lang"] == "en"
    assert '<html lang="fr"' in (site.root / "site/policies/fr/confidentialite/index.html").read_text()


@pytest.mark.parametrize("lang, said", [("xx", "it is no language code"), ("de-XY", "de-XY")])
def test_a_language_that_is_none_is_refused(site: SiteRepo, lang: str, said: str) -> None:
    _include(site, f"      languages:\n        'policies/fr/*.md': {lang}\n")
    site.commit("one", {"docs/policies/fr/x.md": "# X\n\nText.\n"})
    result = site.build(check=False)
    assert result.returncode != 0
    assert "mkdocs.yml" in result.stderr and "`languages`" in result.stderr and said in result.stderr
