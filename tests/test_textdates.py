"""Adopted texts say when they take effect; the version takes that date, not the commit's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SiteRepo

from notices.base.textdates import stated_effective


@pytest.mark.parametrize(
    "text, day",
    [
        ("# Privacy\n\nEffective date: March 3, 2021\n", dt.date(2021, 3, 3)),
        ("**Effective date:** 17 April 2024", dt.date(2024, 4, 17)),
        ("Effective as of 2023-05-01.", dt.date(2023, 5, 1)),
        ("This policy is effective from 1 May 2022.", dt.date(2022, 5, 1)),
        ("Effective Date: Jan. 5, 2019", dt.date(2019, 1, 5)),
        ("Gültig ab 1. März 2024", dt.date(2024, 3, 1)),
        ("En vigueur le 1er février 2024", dt.date(2024, 2, 1)),
        ("Gældende fra 3. marts 2021", dt.date(2021, 3, 3)),
        ("Last updated: June 1, 2020", None),  # when it was edited, not when it applies
        ("Effective: February 30, 2020", None),
        ("We keep data.\n" * 100 + "Effective date: March 3, 2021", None),  # not near the start
    ],
)
def test_the_stated_effective_date(text: str, day: dt.date | None) -> None:
    assert stated_effective(text) == day


def test_adopted_versions_take_the_date_their_text_states(site: SiteRepo) -> None:
    config = site.root.joinpath("mkdocs.yml").read_text()
    site.write("mkdocs.yml", config.replace("  - notices\n", "  - notices:\n      include: ['terms.md']\n"))
    site.commit("one", {"docs/terms.md": "# Terms\n\nEffective date: 1 March 2024\n\nWe keep orders.\n"})
    site.commit("typo", {"docs/terms.md": "# Terms\n\nEffective date: 1 March 2024\n\nWe keep all orders.\n"})
    site.commit("two", {"docs/terms.md": "# Terms\n\nEffective date: 1 June 2024\n\nWe keep orders a year.\n"})
    site.commit("stale", {"docs/terms.md": "# Terms\n\nEffective date: 1 January 2020\n\nWe keep orders two years.\n"})
    site.build()
    versions = json.loads((site.root / "site/api/v1/terms.json").read_text())["versions"]
    # the date a text states; the commit's day when the text kept the date or states one gone by,
    # but never before the version before it takes effect
    assert [v["effective"] for v in versions] == ["2024-03-01", "2024-03-01", "2024-06-01", "2024-06-01"]
