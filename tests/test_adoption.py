"""Adopting a real policy repository: retired notices and renames declared in mkdocs.yml."""

from __future__ import annotations

import html
import json
import re

import pytest
from browser import chromium, serve
from conftest import SiteRepo, notice

PRIVACY = notice("1", "2024-01-02", "## Why we use your data\n\nTo deliver your orders.\n")


def _history(site: SiteRepo) -> None:
    site.commit("privacy", {"docs/privacy.md": PRIVACY})
    site.commit("pantry", {"docs/pantry.md": notice("1", "2024-01-03", "Pantry keeps your recipes.\n", "Pantry")})
    site.commit("forum", {"docs/forum.md": notice("1", "2024-01-04", "The forum keeps your posts.\n", "Forum")})
    site.commit("terms", {"docs/legal/terms.md": notice("1", "2024-01-05", "You may cook.\n", "Terms")})
    site.commit("drop pantry", {"docs/pantry.md": None})  # 2024-01-06
    site.commit("drop forum", {"docs/forum.md": None})  # 2024-01-07
    # moved and rewritten in one commit that adds another notice too: no rename to follow
    site.commit(
        "move terms",
        {
            "docs/legal/terms.md": None,
            "docs/terms.md": notice("2", "2024-01-08", "You may cook and bake.\n", "Terms"),
            "docs/cookies.md": notice("1", "2024-01-08", "We set no cookies.\n", "Cookies"),
        },
    )


def _options(site: SiteRepo, options: str) -> None:
    config = site.root.joinpath("mkdocs.yml").read_text()
    site.write("mkdocs.yml", config.replace("  - notices\n", "  - notices:\n" + options))


def test_every_notice_deleted_without_a_successor_is_named_in_one_run(site: SiteRepo) -> None:
    _history(site)
    result = site.build(check=False)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "pantry" in out and "forum" in out and "legal/terms" in out, out
    assert "retired:" in out
    assert "renamed: {legal/terms: cookies or terms}" in out  # moved and rewritten in a commit long past


@pytest.fixture
def adopted(site: SiteRepo) -> SiteRepo:
    _history(site)
    _options(
        site,
        "      retired:\n        pantry: privacy\n        forum: null\n      renamed:\n        legal/terms: terms\n",
    )
    site.build()
    return site


def test_retired_notices_are_superseded_from_the_day_their_file_went(adopted: SiteRepo) -> None:
    pantry = json.loads((adopted.root / "site/api/v1/pantry/current.json").read_text())
    assert pantry["superseded_by"] == "privacy" and pantry["superseded_on"] == "2024-01-06"
    privacy = json.loads((adopted.root / "site/api/v1/privacy.json").read_text())
    assert [v["version"] for v in privacy["versions"]] == ["1"]  # no new version to declare it
    assert "No longer in force" in adopted.page("pantry/1")


def test_a_declared_rename_keeps_the_old_versions_and_urls(adopted: SiteRepo) -> None:
    terms = json.loads((adopted.root / "site/api/v1/terms.json").read_text())
    assert [v["version"] for v in terms["versions"]] == ["1", "2"]
    assert "terms" in (adopted.root / "site/legal/terms/index.html").read_text()  # the old URL answers


def test_a_notice_withdrawn_with_no_successor_says_so_everywhere(adopted: SiteRepo) -> None:
    """``forum: null``: a discontinued product's notice. Its versions stay online; every page,
    the API, the embed and the date lookup say it no longer applies and nothing replaced it."""
    index = json.loads((adopted.root / "site/api/v1/forum.json").read_text())
    assert index["withdrawn_on"] == "2024-01-07" and index["superseded_by"] is None
    current = json.loads((adopted.root / "site/api/v1/forum/current.json").read_text())
    assert current["status"] == "withdrawn" and current["until"] == "2024-01-07"
    assert current["withdrawn_on"] == "2024-01-07" and current["superseded_by_url"] is None
    listing = json.loads((adopted.root / "site/api/v1/index.json").read_text())
    assert next(n for n in listing["notices"] if n["notice"] == "forum")["withdrawn_on"] == "2024-01-07"
    pantry = json.loads((adopted.root / "site/api/v1/pantry/current.json").read_text())
    assert pantry["status"] == "superseded" and pantry["withdrawn_on"] is None
    for page in ("forum", "forum/1"):
        text = adopted.page(page)
        assert "Withdrawn" in text and "withdrawn on" in text, page
        assert "This is the version in force" not in text and "superseded by" not in text, page
    assert "when the document was withdrawn" in adopted.page("forum/1")
    assert "withdrawn on" in (adopted.root / "site/embed/forum/index.html").read_text()
    form = re.search(r'<form class="notices-when" data-versions="([^"]*)"', adopted.page("forum"))
    assert form and json.loads(html.unescape(form.group(1)))[-1] == ["2024-01-07", ""]
    manifest = json.loads((adopted.root / "site/versions.json").read_text())
    assert manifest["notices"]["forum"]["withdrawn_on"] == "2024-01-07"
    out = adopted.notices("events", "--site", "site", "--previous", "none").stdout
    events = [json.loads(line) for line in out.splitlines()]
    withdrawn = [e for e in events if e["type"] == "notice.withdrawn"]
    assert [(e["notice"], e["effective"]) for e in withdrawn] == [("forum", "2024-01-07")]
    again = adopted.notices("events", "--site", "site", "--previous", "site/versions.json").stdout
    assert again.strip() == ""  # told once: a later deployment does not repeat it
    with serve(adopted.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "forum/")
        page.fill("#notices-date", "2024-03-01")
        page.click("form.notices-when button")
        status = page.locator(".notices-when-result")
        status.wait_for()
        assert "withdrawn on 7 January 2024" in status.inner_text()
        page.fill("#notices-date", "2024-01-05")
        page.click("form.notices-when button")
        page.wait_for_url(base + "forum/1/")


@pytest.mark.parametrize(
    "options, said",
    [
        ("      retired:\n        pantri: privacy\n        forum: privacy\n", "did you mean `pantry`"),
        ("      retired:\n        pantry: privasy\n        forum: privacy\n", "did you mean `privacy`"),
        ("      retired:\n        privacy: pantry\n", "is still published"),
        ("      renamed:\n        privacy: terms\n", "still exists"),
        ("      renamed:\n        legal/term: terms\n", "did you mean `legal/terms`"),
        ("      retired: [pantry]\n", "`retired`"),
        ("      retired:\n        pantri: null\n        forum: null\n", "did you mean `pantry`"),
        ("      retired:\n        privacy: null\n", "is still published"),
    ],
)
def test_declarations_that_cannot_be_right_are_refused(site: SiteRepo, options: str, said: str) -> None:
    _history(site)
    _options(site, options)
    result = site.build(check=False)
    assert result.returncode != 0
    assert said in result.stdout + result.stderr
