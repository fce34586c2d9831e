"""The outbox: what users are owed is decided before the deploy and kept until delivered.

The deploy workflow is played step by step with the real CLI and a real receiver on
127.0.0.1: build, queue against the live manifest, deploy (copy to ``live/``),
notify; then failures, cancellations and reruns of the whole sequence.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BIN, TODAY, SiteRepo, notice
from test_hooks import BODY, SECRET, Receiver, hooks_yml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


class Workflow:
    """The steps of .github/workflows/notices-deploy.yml, on a fresh runner each time (no cache)."""

    def __init__(self, site: SiteRepo) -> None:
        self.site = site
        self.outbox = site.root / "outbox-branch/outbox.json"  # what the workflow keeps on the notices-outbox branch

    def build(self) -> None:
        shutil.rmtree(self.site.root / ".cache", ignore_errors=True)  # actions/cache keeps nothing of a failed job
        self.site.build()

    def queue(self) -> str:
        live = self.site.root / "live/versions.json"
        previous = str(live) if live.exists() else "none"
        done = self.site.notices("queue", "--site", "site", "--previous", previous, "--outbox", str(self.outbox))
        return done.stdout

    def deploy(self) -> None:
        shutil.rmtree(self.site.root / "live", ignore_errors=True)
        shutil.copytree(self.site.root / "site", self.site.root / "live")

    def notify(self) -> subprocess.CompletedProcess[str]:
        return self.site.run(*self._notify_argv(), check=False)

    def _notify_argv(self) -> list[str]:
        return [str(BIN / "notices"), "notify", "--outbox", str(self.outbox)]

    def run(self) -> subprocess.CompletedProcess[str]:
        """The whole workflow, as a push, a schedule or a "re-run all jobs" runs it."""
        self.build()
        self.queue()
        self.deploy()
        return self.notify()


@pytest.fixture
def workflow(site: SiteRepo, receiver: Receiver) -> Iterator[Workflow]:
    record = "import json, sys\nopen('received.txt', 'a').write(json.load(sys.stdin)['id'] + '\\n')\n"
    site.write("hooks/record.py", record)
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          name: app\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        "          timeout: 5\n          retries: 1\n          backoff: 0.05\n"
        "        - command: python3 hooks/record.py\n          name: mail\n",
    )
    os.environ["NOTICES_WEBHOOK_SECRET"] = SECRET
    try:
        yield Workflow(site)
    finally:
        del os.environ["NOTICES_WEBHOOK_SECRET"]


def _events(site: SiteRepo, previous: str) -> list[dict[str, Any]]:
    done = site.notices("events", "--site", "site", "--previous", previous)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_failed_notify_is_delivered_by_the_rerun_and_nothing_twice(
    site: SiteRepo, receiver: Receiver, workflow: Workflow
) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    first = workflow.run()
    assert first.returncode == 0, first.stderr
    assert len(receiver.delivered) == 1

    # v2 changes the purposes: two events, decided against the live site before it is replaced
    site.commit("v2", {"docs/privacy.md": notice("2", "2027-01-01", BODY + "\nAnd marketing.\n")})
    workflow.build()
    decided = _events(site, str(site.root / "live/versions.json"))
    assert [e["type"] for e in decided] == ["version.published", "purpose.changed"]
    assert "2 events: 2 queued, 0 already in the outbox; 4 deliveries owed" in workflow.queue()
    workflow.deploy()
    receiver.script = ["500", "500"]  # the app's receiver is down while this run notifies
    failed = workflow.notify()
    assert failed.returncode == 1
    assert "HTTP 500 after 2 attempts" in failed.stderr and "held back" in failed.stderr
    assert "2 deliveries failed (1 of them held back)" in failed.stderr

    # "Re-run all jobs": the live manifest is now v2's, so no event is new, but two are owed
    workflow.build()
    assert "0 events: 0 queued, 0 already in the outbox; 2 deliveries owed" in workflow.queue()
    workflow.deploy()
    rerun = workflow.notify()
    assert rerun.returncode == 0, rerun.stderr
    assert "all delivered" in rerun.stdout

    # v3 is queued, then the job is cancelled before the deploy; the next run deploys and delivers it
    site.commit("v3", {"docs/privacy.md": notice("3", "2027-06-01", BODY + "\nAnd marketing and analytics.\n")})
    workflow.build()
    assert "2 events: 2 queued" in workflow.queue()
    workflow.build()
    assert "2 events: 0 queued, 2 already in the outbox; 4 deliveries owed" in workflow.queue()
    workflow.deploy()
    assert workflow.notify().returncode == 0

    # and a scheduled rebuild the next day owes nothing and sends nothing
    assert workflow.run().returncode == 0
    owed = [e["event"]["id"] for e in json.loads(workflow.outbox.read_text())["events"].values()]
    assert len(owed) == 5
    received = (site.root / "received.txt").read_text().split()
    assert sorted(receiver.delivered) == sorted(received) == sorted(owed)  # each event once, to each hook
    assert len(set(receiver.delivered)) == len(receiver.delivered) == 5
    assert not (site.root / ".cache/notices/deliveries.json").exists()  # everything lives in the outbox


def test_a_killed_notify_repeats_at_most_what_was_in_flight(
    site: SiteRepo, receiver: Receiver, workflow: Workflow
) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2027-01-01", BODY + "\nAnd marketing.\n")})
    workflow.build()
    workflow.queue()
    workflow.deploy()
    receiver.delay = 1.0
    env = {**os.environ, "NOTICES_TODAY": TODAY}
    process = subprocess.Popen(
        workflow._notify_argv(), cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while len(receiver.delivered) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # the runner dies: no cleanup, no last write
    process.communicate(timeout=30)
    receiver.delay = 0
    assert workflow.notify().returncode == 0
    ids = receiver.delivered
    assert len(set(ids)) == 3
    # one delivery can be repeated (sent, not yet recorded), always with the same webhook-id
    assert len(ids) - len(set(ids)) <= 1


def test_a_hook_added_later_is_not_sent_the_past_and_a_removed_one_is_named(
    site: SiteRepo, receiver: Receiver, workflow: Workflow
) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    receiver.script = ["500", "500"]
    assert workflow.run().returncode == 1  # owed to the app; the mail hook has it
    # the app's hook loses its name (a new key), and a third hook is added
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        "        - command: python3 hooks/record.py\n          name: mail\n"
        "        - command: python3 hooks/record.py\n          name: new\n",
    )
    result = workflow.notify()
    assert result.returncode == 0
    assert "warning: not sent: evt_" in result.stdout
    assert "is owed to app, which mkdocs.yml no longer has" in result.stdout
    assert "give the new hook `name: app`" in result.stdout
    assert receiver.delivered == [] and len((site.root / "received.txt").read_text().split()) == 1


def test_notify_with_site_and_previous_queues_and_delivers_in_one_step(site: SiteRepo, receiver: Receiver) -> None:
    """Without a separate queue step (the README's short form), the default outbox is in cache_dir."""
    hooks_yml(site, f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.build()
    os.environ["NOTICES_WEBHOOK_SECRET"] = SECRET
    try:
        dry = site.notices("notify", "--site", "site", "--previous", "none", "--dry-run")
        done = site.notices("notify", "--site", "site", "--previous", "none")
        owed = site.notices("notify")
    finally:
        del os.environ["NOTICES_WEBHOOK_SECRET"]
    assert "would send evt_" in dry.stdout and "1 new events; 1 deliveries owed (dry run)" in dry.stdout
    assert "1 new events; all delivered" in done.stdout
    assert "0 new events; all delivered" in owed.stdout and len(receiver.delivered) == 1
    box = json.loads((site.root / ".cache/notices/deliveries.json").read_text())
    assert list(box["delivered"]) == list(box["events"]) == receiver.delivered


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"outbox": 2, "delivered": {}}', "`outbox`: input should be 1"),
        ('{"delivered": {}, "events": {"evt_1": {"queued": "x", "owed": []}}}', "`events.evt_1.event` is missing"),
        (
            '{"delivered": {}, "events": {"evt_1": {"queued": "x", "owed": [], '
            '"event": {"id": "evt_2", "type": "version.published", "notice": "privacy"}}}}',
            "`events.evt_1` holds event evt_2",
        ),
    ],
)
def test_a_damaged_outbox_is_one_clear_error(site: SiteRepo, content: str, message: str) -> None:
    hooks_yml(site, "        - command: python3 -c pass\n")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.build()
    site.write("outbox.json", content)
    for result in (
        site.notices("queue", "--site", "site", "--previous", "none", "--outbox", "outbox.json", check=False),
        site.notices("notify", "--outbox", "outbox.json", check=False),
    ):
        assert result.returncode == 1 and "outbox.json" in result.stderr, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_deploy_workflow_queues_before_it_deploys_with_least_privilege() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/notices-deploy.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads `on` as true
    assert triggers["schedule"][0]["cron"]  # a daily rebuild: an upcoming version becomes current on its date
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    writers = {name for name, job in jobs.items() if job["permissions"].get("contents") == "write"}
    for name in writers:  # the jobs that can push run no project code: git only
        steps = " ".join(json.dumps(step) for step in jobs[name]["steps"])
        assert "git push" in steps and "pip install" not in steps and "mkdocs" not in steps, name
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}

    def before(job: str) -> set[str]:
        needs = jobs[job].get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        return set(needs).union(*(before(n) for n in needs))

    assert "save-outbox" in before("deploy") and "deploy" in before("notify")
    assert "notify" in before("record-deliveries") and jobs["record-deliveries"]["if"].startswith("always()")
    text = (ROOT / ".github/workflows/notices-deploy.yml").read_text()
    for step in ("notices queue --site site", "notices notify --outbox"):
        assert step in text
