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
