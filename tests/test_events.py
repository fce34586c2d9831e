"""Events beyond new versions: a retired notice tells its users which notice covers them now."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from conftest import SiteRepo, notice
from test_hooks import BODY, Receiver, hooks_yml, notify


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _events(site: SiteRepo, previous: str) -> list[dict[str, object]]:
    done = site.notices("events", "--site", "site", "--previous", previous)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_superseded_notice_fires_one_event_naming_its_successor(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        '          events: ["notice.superseded"]\n          retries: 1\n          backoff: 0.05\n',
    )
    site.commit(
        "two notices",
        {
            "docs/privacy.md": notice("1", "2024-01-01", BODY),
            "docs/pantry.md": notice("1", "2024-01-01", "## Pantry\n\nShopping lists.\n", title="Pantry policy"),
        },
    )
    site.build()
    shutil.copyfile(site.root / "site/versions.json", site.root / "first.json")
    assert not [e for e in _events(site, "first.json") if e["type"] == "notice.superseded"]

    site.commit(
        "privacy 2 replaces the pantry policy",
        {"docs/privacy.md": notice("2", "2024-06-01", BODY, supersedes="[pantry]"), "docs/pantry.md": None},
    )
    site.build()
    found = [e for e in _events(site, "first.json") if e["type"] == "notice.superseded"]
    assert len(found) == 1
    event = found[0]
    assert event["notice"] == "pantry" and event["title"] == "Pantry policy"
    assert event["url"] == "https://notices.example.org/pantry/"
    assert event["superseded_by"] == {
        "notice": "privacy",
        "title": "Privacy notice",
        "url": "https://notices.example.org/privacy/",
        "version": "2",
    }
    assert event["effective"] == "2024-06-01"

    result = notify(site, "--previous", "first.json")
    assert result.returncode == 0, result.stderr
    assert receiver.delivered == [event["id"]]
    # the same change, announced again by a rerun or against the new manifest: nothing new
    assert notify(site, "--previous", "first.json").returncode == 0
    shutil.copyfile(site.root / "site/versions.json", site.root / "second.json")
    assert not [e for e in _events(site, "second.json") if e["type"] == "notice.superseded"]
    assert receiver.delivered == [event["id"]]


PURPOSE = "\nWe also use your messages to train our models.\n"


def test_a_purpose_slipped_into_a_published_version_is_refused_with_the_fix(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-03-01", BODY + "\nWe answer within a week.\n")})
    site.build()
    before = (site.root / "site/versions.json").read_bytes()
    site.commit(
        "v2, corrected", {"docs/privacy.md": notice("2", "2024-03-01", BODY + "\nWe answer within a week.\n" + PURPOSE)}
    )
    for done in (site.notices("check", check=False), site.build(check=False)):
        assert done.returncode == 1
        out = done.stdout + done.stderr
        assert "docs/privacy.md:3: this edit of version 2, already published on 2024-01-03, changes the purposes" in out
        assert "train our models" in out
        assert 'publish it as a new version (e.g. `version: "3"`' in out and "`material: false`" in out
    assert (site.root / "site/versions.json").read_bytes() == before


def test_a_material_correction_kept_under_its_label_is_announced_once(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        '          events: ["purpose.changed"]\n          retries: 1\n          backoff: 0.05\n',
    )
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2027-01-01", BODY + "\nWe answer within a week.\n")})
    site.build()
    shutil.copyfile(site.root / "site/versions.json", site.root / "first.json")
    # legal keeps the label of the upcoming version but confirms the change is material
    site.commit(
        "v2, corrected",
        {
            "docs/privacy.md": notice(
                "2", "2027-01-01", BODY + "\nWe answer within a week.\n" + PURPOSE, material="true"
            )
        },
    )
    check = site.notices("check", "--previous", "first.json")
    assert "on merge: 1 events" in check.stdout, check.stdout
    site.build()
    events = _events(site, "first.json")
    assert [(e["type"], e["version"], e.get("revision")) for e in events] == [("purpose.changed", "2", 2)]
    assert events[0]["url"] == "https://notices.example.org/privacy/2/r2/"
    assert events[0]["reasons"][0]["added"] == PURPOSE.strip()
    api = json.loads((site.root / "site/api/v1/privacy.json").read_text())
    assert api["notify_since"]["2"]["purpose_changed"] is True
    assert notify(site, "--previous", "first.json").returncode == 0
    assert notify(site, "--previous", "first.json").returncode == 0
    assert receiver.delivered == [events[0]["id"]]


def test_an_editorial_correction_marked_by_legal_passes_quietly(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.build()
    shutil.copyfile(site.root / "site/versions.json", site.root / "first.json")
    site.commit("v1 corrected", {"docs/privacy.md": notice("1", "2024-01-01", BODY + PURPOSE, material="false")})
    site.build()
    assert _events(site, "first.json") == []
    # a later typo fix is compared with the text before it, not with the first one
    typo = (BODY + PURPOSE).replace("messages", "mesages")
    site.commit("v1 typo", {"docs/privacy.md": notice("1", "2024-01-01", typo)})
    site.build()
    assert _events(site, "first.json") == []


def test_diff_page_and_change_log_say_why_a_version_is_flagged(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-03-01", BODY + PURPOSE)})
    site.build()
    for page in ("privacy/2/diff", "privacy/changelog"):
        html = site.page(page)
        assert "Why this is flagged (1 sentence)" in html
        assert "a reason for using data that the text did not state before" in html
        assert "<ins>We also use your messages to train our models.</ins>" in html
    api = json.loads((site.root / "site/api/v1/privacy/2.json").read_text())
    assert api["reasons"] == [
        {"element": "purposes", "rule": "purpose-statement", "removed": "", "added": PURPOSE.strip()}
    ]
