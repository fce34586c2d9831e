"""A version dated by its commit takes the day in the committer's own time zone."""

from __future__ import annotations

import json

from conftest import AUTHOR, SiteRepo


def test_an_evening_commit_west_of_utc_keeps_its_own_day(site: SiteRepo) -> None:
    config = site.root.joinpath("mkdocs.yml").read_text()
    site.write("mkdocs.yml", config.replace("  - notices\n", "  - notices:\n      include: ['terms.md']\n"))
    for n, (stamp, text) in enumerate(
        [
            ("1713409200 -0700", "# Terms\n\nWe keep orders.\n"),  # 17 April 2024, 20:00 in California
            ("1713495600 -0700", "# Terms\n\nWe keep orders for a year.\n"),  # 18 April, 20:00
            ("1713420000 +1000", "# Terms\n\nWe keep orders for two years.\n"),  # 18 April 16:00 in Sydney
        ]
    ):
        site.write("docs/terms.md", text)
        site.repo.git.add(A=True)
        site.repo.index.commit(f"edit {n}", author=AUTHOR, committer=AUTHOR, author_date=stamp, commit_date=stamp)
    site.build()
    versions = json.loads((site.root / "site/api/v1/terms.json").read_text())["versions"]
    assert [v["version"] for v in versions] == ["2024-04-17", "2024-04-18", "2024-04-18-2"]
    assert versions[0]["published"].endswith("-07:00")
