"""A superseded notice's last version no longer calls itself current, and "what did it say on …?"
opens the text that bound readers that day: the revision live then, the successor after
retirement (issue 17).

One site, built once: `studio` (version 1 corrected once, then version 2) is superseded by
`privacy` on 2025-01-01 and its file deleted; `privacy` version 2 is corrected after it took
effect; `privacy` version 3 is upcoming.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from browser import chromium, serve
from conftest import SiteRepo, notice
from test_verify_digests import built_and_loaded

from notices.base.model import NoticeSet
from notices.sources.supersession import live_from, until

BODY = "# Notice\n\n## Why we use your data\n\nTo take orders.\n"


def _at(site: SiteRepo, day: str) -> None:
    """The next commit is made on ``day`` (SiteRepo adds one day)."""
    site.clock = dt.datetime.fromisoformat(day + "T12:00:00+00:00") - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteRepo, NoticeSet]]:
    site = SiteRepo(tmp_path_factory.mktemp("superseded") / "repo")
    _at(site, "2024-01-02")
    site.commit("studio 1", {"docs/studio.md": notice("1", "2024-01-01", BODY, title="Studio notice")})
    _at(site, "2024-03-01")
    site.commit(
        "studio 1 fix", {"docs/studio.md": notice("1", "2024-01-01", BODY + "\nFixed.\n", title="Studio notice")}
    )
    _at(site, "2024-05-01")
    site.commit("studio 2", {"docs/studio.md": notice("2", "2024-06-01", BODY + "\nTwo.\n", title="Studio notice")})
    _at(site, "2024-12-01")
    privacy = notice("1", "2025-01-01", BODY, supersedes="[studio]")
    site.commit("privacy replaces studio", {"docs/privacy.md": privacy, "docs/studio.md": None})
    _at(site, "2025-12-01")
    site.commit("privacy 2", {"docs/privacy.md": notice("2", "2026-01-01", BODY + "\nAds.\n", supersedes="[studio]")})
    _at(site, "2026-02-01")
    fixed = notice("2", "2026-01-01", BODY + "\nAds, fixed.\n", supersedes="[studio]")
    site.commit("privacy 2 fix", {"docs/privacy.md": fixed})
    _at(site, "2026-04-01")
    site.commit("privacy 3", {"docs/privacy.md": notice("3", "2027-01-01", BODY + "\nThree.\n", supersedes="[studio]")})
    yield built_and_loaded(site)
    site.repo.close()


def _json(site: SiteRepo, path: str) -> Any:
    return json.loads((site.root / "site" / path).read_text())


def _lookup_data(site: SiteRepo, page: str) -> list[list[str]]:
    found = re.search(r'<form class="notices-when" data-versions="([^"]*)"', site.page(page))
    assert found, page
    return list(json.loads(html.unescape(found.group(1))))


def _open(data: list[list[str]], day: str) -> str | None:
    """What the page script does: the last entry on or before the day."""
    target = None
    for start, link in data:
        if start <= day:
            target = link
    return target


def test_the_last_version_of_a_superseded_notice_is_not_current(built: tuple[SiteRepo, NoticeSet]) -> None:
    site, _ = built
    current = _json(site, "api/v1/studio/current.json")
    assert current["version"] == "2" and current["status"] == "superseded"
    assert current["until"] == "2025-01-01"
    assert current["superseded_by"] == "privacy" and current["superseded_on"] == "2025-01-01"
    assert current["superseded_by_url"] == "https://notices.example.org/api/v1/privacy/current.json"
    index = _json(site, "api/v1/studio.json")
    assert [v["until"] for v in index["versions"]] == ["2024-06-01", "2025-01-01"]
    assert index["versions"][-1]["status"] == "superseded"
    assert _json(site, "api/v1/studio/2.json")["until"] == "2025-01-01"
    live = _json(site, "api/v1/privacy/current.json")
    assert live["superseded_by"] is None and live["superseded_by_url"] is None and live["status"] == "current"
    assert live["until"] == "2027-01-01"  # version 3 is upcoming


def test_superseded_fields_match_the_published_schema(built: tuple[SiteRepo, NoticeSet]) -> None:
    site, _ = built
    schema = _json(site, "api/v1/schema.json")
    for path, kind in [
        ("api/v1/studio/current.json", "current"),
        ("api/v1/privacy/current.json", "current"),
        ("api/v1/studio/2.json", "version"),
        ("api/v1/studio.json", "notice"),
        ("api/v1/files.json", "files"),
    ]:
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        errors = list(validator.iter_errors(_json(site, path)))
        assert not errors, (path, errors[0].message)


def test_the_last_version_page_names_its_successor(built: tuple[SiteRepo, NoticeSet]) -> None:
    site, _ = built
    for page in ("studio/2", "studio"):
        text = site.page(page)
        assert "This is the version in force" not in text and "(current" not in text, page
    last = site.page("studio/2")
    assert "No longer in force" in last and 'to <time datetime="2025-01-01">' in last
    assert 'superseded by <a href="../../privacy/">Privacy notice</a>' in last
    assert "last version, superseded" in site.page("studio")
    assert "This is the version in force" in site.page("privacy/2")


def test_the_date_lookup_opens_the_revision_live_that_day_and_the_successor_after(
    built: tuple[SiteRepo, NoticeSet],
) -> None:
    site, _ = built
    studio = _lookup_data(site, "studio/2")
    expected = {
        "2023-12-31": None,  # before anything took effect
        "2024-01-01": "../1/r1/",  # version 1 took effect before its first text was published: that text
        "2024-02-15": "../1/r1/",  # revision 1 was live
        "2024-03-01": "../1/",  # revision 2 (the version page's text) from the day it was published
        "2024-07-01": "./",
        "2024-12-31": "./",
        "2025-01-01": "../../privacy/1/",  # retired: the successor
        "2026-01-15": "../../privacy/2/r1/",
        "2026-02-01": "../../privacy/2/",
        "2027-02-01": "../../privacy/3/",
    }
    assert {day: _open(studio, day) for day in expected} == expected
    privacy = _lookup_data(site, "privacy")
    assert _open(privacy, "2026-01-20") == "2/r1/" and _open(privacy, "2026-03-01") == "2/"
    assert _open(privacy, "2024-06-01") is None  # privacy did not exist yet: the form says so
    assert [d for d, _ in studio] == sorted(d for d, _ in studio)


def test_live_from_and_until_in_the_core(built: tuple[SiteRepo, NoticeSet]) -> None:
    _, notices = built
    studio = notices.notices["studio"]
    live = [(day.isoformat(), n.id, v.label, r.number) for day, n, v, r in live_from(notices, studio)]
    assert live == [
        ("2024-01-01", "studio", "1", 1),
        ("2024-03-01", "studio", "1", 2),
        ("2024-06-01", "studio", "2", 1),
        ("2025-01-01", "privacy", "1", 1),
        ("2026-01-01", "privacy", "2", 1),
        ("2026-02-01", "privacy", "2", 2),
        ("2027-01-01", "privacy", "3", 1),
    ]
    assert until(studio, studio.versions[-1]) == dt.date(2025, 1, 1)
    privacy = notices.notices["privacy"]
    assert until(privacy, privacy.versions[-1]) is None


def test_the_page_script_opens_that_page(built: tuple[SiteRepo, NoticeSet]) -> None:
    site, _ = built
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        for day, landing in [("2024-02-15", "studio/1/r1/"), ("2025-06-01", "privacy/1/")]:
            page.goto(base + "studio/2/")
            page.fill("#notices-date", day)
            page.click("form.notices-when button")
            page.wait_for_url(base + landing)
