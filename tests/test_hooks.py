"""Manifest, events and hooks with real parts: a real HTTP receiver on 127.0.0.1 that
verifies Standard Webhooks signatures, real command hooks, real builds and reruns."""

from __future__ import annotations

import base64
import http.server
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MKDOCS_YML, SiteRepo, notice
from standardwebhooks import Webhook

SECRET = "whsec_" + base64.b64encode(b"a-test-secret-of-32-bytes-length").decode()
BODY = "## Who we are\n\nExample Ltd.\n\n## Why we use your data\n\nTo take orders.\n"


class Receiver:
    """A webhook receiver whose next answers can be scripted: ok, 500, 429, 400, hang, close, trickle.

    ``delay`` holds every answer back (a slow receiver, so concurrent senders overlap);
    ``trickle`` answers one byte of headers every 0.25 s for half a minute.
    """

    def __init__(self) -> None:
        self.script: list[str] = []
        self.delivered: list[str] = []
        self.attempts = 0
        self.bad_signatures = 0
        self.delay = 0.0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                receiver.attempts += 1
                body = self.rfile.read(int(self.headers["content-length"]))
                step = receiver.script.pop(0) if receiver.script else "ok"
                if step == "hang":
                    time.sleep(4)  # twice the 2 s deadline the tests give: a loaded machine still sees it hang
                    return
                if step == "close":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if step == "trickle":
                    self.close_connection = True
                    try:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nx-pad: ")
                        for _ in range(120):
                            self.wfile.write(b"a")
                            self.wfile.flush()
                            time.sleep(0.25)
                    except OSError:
                        pass  # the sender gave up: what a deadline is for
                    return
                time.sleep(receiver.delay)
                try:
                    event = Webhook(SECRET).verify(body, dict(self.headers))
                except Exception:
                    receiver.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                code = {"ok": 200, "500": 500, "429": 429, "400": 400}[step]
                self.send_response(code)
                if step == "429":
                    self.send_header("Retry-After", "1")
                self.send_header("content-length", "0")
                self.end_headers()
                if code == 200:
                    assert self.headers["webhook-id"] == event["id"]
                    receiver.delivered.append(event["id"])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def hooks_yml(site: SiteRepo, hooks: str) -> None:
    site.write("mkdocs.yml", MKDOCS_YML.replace("  - notices\n", "  - notices:\n      hooks:\n" + hooks))


def two_versions(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2027-01-01", BODY + "\nAnd marketing.\n")})


def notify(site: SiteRepo, *extra: str, secret: bool = True) -> Any:
    env_secret = {"NOTICES_WEBHOOK_SECRET": SECRET} if secret else {}
    old = dict(os.environ)
    os.environ.update(env_secret)
    try:
        return site.notices("notify", "--site", "site", *extra, check=False)
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_webhook_survives_500_429_hang_and_close_and_delivers_once(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        '          events: ["*"]\n          timeout: 2\n          retries: 5\n          backoff: 0.05\n',
    )
    two_versions(site)
    site.build()
    events = [
        json.loads(line) for line in site.notices("events", "--site", "site", "--previous", "none").stdout.splitlines()
    ]
    assert {e["type"] for e in events} == {"version.published", "purpose.changed"}
    upcoming = next(e for e in events if e["version"] == "2" and e["type"] == "purpose.changed")
    assert upcoming["effective"] == "2027-01-01" and upcoming["url"] == "https://notices.example.org/privacy/2/"
    receiver.script = ["500", "429", "hang", "close"]
    result = notify(site, "--previous", "none")
    assert result.returncode == 0, result.stderr
    assert sorted(receiver.delivered) == sorted(e["id"] for e in events)
    assert receiver.bad_signatures == 0
    again = notify(site, "--previous", "none")
    assert again.returncode == 0 and sorted(receiver.delivered) == sorted(e["id"] for e in events)
    for output in (
        result.stdout,
        result.stderr,
        again.stdout,
        (site.root / ".cache/notices/deliveries.json").read_text(),
    ):
        assert SECRET not in output and SECRET.removeprefix("whsec_") not in output


def test_receiver_down_fails_loudly_then_rerun_delivers_only_the_rest(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        "          timeout: 5\n          retries: 1\n          backoff: 0.01\n",
    )
    two_versions(site)
    site.build()
    receiver.script = ["ok", "500", "500"]  # the second event fails twice; the third waits behind it
    failed = notify(site, "--previous", "none")
    assert failed.returncode == 1
    assert "undelivered:" in failed.stderr and "HTTP 500 after 2 attempts" in failed.stderr
    assert "held back: an earlier event of privacy to this hook is undelivered" in failed.stderr
    assert "2 deliveries failed (1 of them held back)" in failed.stderr
    first = list(receiver.delivered)
    assert len(first) == 1 and receiver.attempts == 3
    done = notify(site, "--previous", "none")
    assert done.returncode == 0
    assert sorted(receiver.delivered) == sorted(set(receiver.delivered))  # nothing twice
    assert len(receiver.delivered) == 3


def test_client_errors_are_not_retried_and_missing_secret_is_named(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(
        site, f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n          backoff: 0.01\n"
    )
    two_versions(site)
    site.build()
    receiver.script = ["400"] * 10
    result = notify(site, "--previous", "none")
    assert result.returncode == 1 and "HTTP 400 (not retried" in result.stderr
    assert receiver.attempts == 1  # no retries; the notice's later events wait behind the refused one
    assert result.stderr.count("held back: an earlier event of privacy") == 2
    unset = notify(site, "--previous", "none", secret=False)
    assert unset.returncode == 1 and "NOTICES_WEBHOOK_SECRET (the webhook secret) is not set" in unset.stderr


def test_ten_reruns_of_build_and_notify_deliver_each_event_once(site: SiteRepo) -> None:
    site.write(
        "hooks/record.py", "import json, sys\nopen('received.txt', 'a').write(json.load(sys.stdin)['id'] + '\\n')\n"
    )
    hooks_yml(site, "        - command: python3 hooks/record.py\n")
    two_versions(site)
    previous = "none"
    for run in range(10):
        if run == 4:
            site.commit("v3", {"docs/privacy.md": notice("3", "2027-06-01", BODY + "\nAnd marketing and analytics.\n")})
        site.build()
        assert notify(site, "--previous", previous).returncode == 0
        if run % 2:  # deployments happen on every other run; in between, notify just reruns
            shutil.copy(site.root / "site/versions.json", site.root / "deployed.json")
            previous = "deployed.json"
    received = (site.root / "received.txt").read_text().split()
    assert len(received) == len(set(received)) == 5  # v1, v2 (+purpose), v3 (+purpose)


def test_command_hook_timeout_is_a_failure(site: SiteRepo) -> None:
    site.write("hooks/slow.py", "import time\ntime.sleep(5)\n")
    hooks_yml(
        site, "        - command: python3 hooks/slow.py\n          timeout: 0.5\n          events: [purpose.changed]\n"
    )
    two_versions(site)
    site.build()
    result = notify(site, "--previous", "none")
    assert result.returncode == 1 and "timed out after 0.5 s and was stopped" in result.stderr


def test_dry_run_and_pr_check_show_what_would_fire(site: SiteRepo) -> None:
    site.write("hooks/never.py", "raise SystemExit('a PR must never run hooks')\n")
    hooks_yml(site, "        - command: python3 hooks/never.py\n          events: [purpose.changed]\n")
    two_versions(site)
    site.build()
    dry = notify(site, "--previous", "none", "--dry-run")
    assert dry.returncode == 0
    assert "would send evt_" in dry.stdout and "purpose.changed privacy version 2 (effective 2027-01-01)" in dry.stdout
    check = site.notices("check", "--previous", "none")
    assert "on merge: 3 events" in check.stdout and "-> command:python3 hooks/never.py" in check.stdout
    assert not (site.root / ".cache/notices/deliveries.json").exists()


def test_hook_config_errors(site: SiteRepo) -> None:
    two_versions(site)
    hooks_yml(site, "        - comand: hooks/x.py\n")
    result = site.notices("check", check=False)
    assert result.returncode == 1 and "`hooks` entry 1: unknown key `comand` — did you mean `command`?" in result.stderr
    hooks_yml(site, "        - url: https://example.org/hook\n")
    assert "a webhook needs `secret_env`" in site.build(check=False).stderr


def test_notify_without_previous_manifest_refuses(site: SiteRepo) -> None:
    hooks_yml(site, "        - command: python3 -c pass\n")
    two_versions(site)
    site.build()
    result = notify(site)
    assert result.returncode == 1 and "pass --previous with the last deployment's versions.json" in result.stderr


def _published(site: SiteRepo) -> Path:
    site.build()
    saved = site.root / "deployed.json"
    shutil.copy(site.root / "site/versions.json", saved)
    return saved


def test_force_push_rewrite_is_refused_and_the_previous_site_kept(site: SiteRepo) -> None:
    two_versions(site)
    deployed = _published(site)
    site.repo.git.reset("--hard", "HEAD~1")
    site.commit("v2 rewritten", {"docs/privacy.md": notice("2", "2027-01-01", BODY + "\nSomething else.\n")})
    os.environ["NOTICES_PREVIOUS_MANIFEST"] = str(deployed)
    try:
        before = site.page("privacy/2")
        result = site.build(check=False)
        check = site.notices("check", check=False)
    finally:
        del os.environ["NOTICES_PREVIOUS_MANIFEST"]
    assert result.returncode == 1
    assert "refusing to publish: `privacy` version 2 revision 1 was published with sha256" in result.stderr
    assert "its text changed after publishing" in result.stderr and "re-add the old text" in result.stderr
    assert site.page("privacy/2") == before
    assert check.returncode == 1 and check.stderr.startswith("error: docs/privacy.md: refusing to publish")


def test_edited_legacy_file_is_refused(site: SiteRepo) -> None:
    site.write("versions/privacy/1.md", notice("1", "2020-01-01", "Old.\n"))
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-01-01", BODY)})
    deployed = _published(site)
    site.commit("edit legacy", {"versions/privacy/1.md": notice("1", "2020-01-01", "Old, edited.\n")})
    result = site.notices("check", "--previous", str(deployed), check=False)
    assert result.returncode == 1
    assert "versions/privacy/1.md" in result.stderr and "`privacy` version 1 revision 1" in result.stderr
    assert "add corrections as a new version" in result.stderr


def test_dropped_notice_is_refused(site: SiteRepo) -> None:
    two_versions(site)
    site.commit("terms", {"docs/terms.md": notice("1", "2024-01-01", BODY, title="Terms")})
    deployed = _published(site)
    site.repo.git.reset("--hard", "HEAD~1")  # the notice vanishes from history
    result = site.notices("check", "--previous", str(deployed), check=False)
    assert result.returncode == 1 and "notice `terms` was published but is gone from this build" in result.stderr


def test_verify_finds_edited_pages_and_api_files(site: SiteRepo) -> None:
    two_versions(site)
    site.build()
    assert site.notices("verify", "site").returncode == 0
    page = site.root / "site/privacy/1/index.html"
    page.write_text(page.read_text().replace("To take orders.", "To sell your data."))
    api = site.root / "site/api/v1/privacy/2.json"
    data = json.loads(api.read_text())
    data["sha256"] = "0" * 64
    api.write_text(json.dumps(data))
    result = site.notices("verify", "site", check=False)
    assert result.returncode == 1
    assert "privacy/1/index.html: the text differs from version 1 in Git" in result.stderr
    assert "api/v1/privacy/2.json: `sha256` differs" in result.stderr


def test_manifest_is_deterministic(site: SiteRepo) -> None:
    two_versions(site)
    site.build()
    first = (site.root / "site/versions.json").read_bytes()
    site.build()
    assert (site.root / "site/versions.json").read_bytes() == first
    manifest = json.loads(first)
    revision = manifest["notices"]["privacy"]["versions"][0]["revisions"][0]
    assert revision["source"]["kind"] == "git" and len(revision["sha256"]) == 64


# -- secrets, delivery logs and hook checks (issue 12) ------------------------------------------------


def test_a_secret_never_reaches_output_or_a_command_hooks_environment(site: SiteRepo, receiver: Receiver) -> None:
    site.write(
        "hooks/leaky.py",
        "import json, os, sys\n"
        "json.dump(dict(os.environ), open('hook-env.json', 'w'))\n"
        "sys.stderr.write('failed with ' + os.environ.get('LEAK', '') + '\\n')\n"
        "raise SystemExit(3)\n",
    )
    hooks_yml(
        site,
        "        - command: python3 hooks/leaky.py\n          events: [version.published]\n"
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n          backoff: 0.01\n",
    )
    two_versions(site)
    site.build()
    os.environ["LEAK"] = SECRET  # what a careless hook echoes: the secret itself
    try:
        result = notify(site, "--previous", "none")
        dry = notify(site, "--previous", "none", "--dry-run")
    finally:
        del os.environ["LEAK"]
    assert result.returncode == 1 and "exited with 3: failed with [secret]" in result.stderr
    env = json.loads((site.root / "hook-env.json").read_text())
    assert "NOTICES_WEBHOOK_SECRET" not in env and "PATH" in env
    assert len(receiver.delivered) == 3  # the webhook still had its secret
    for output in (result.stdout, result.stderr, dry.stdout, dry.stderr):
        assert SECRET not in output and SECRET.removeprefix("whsec_") not in output
        assert "Traceback" not in output


@pytest.mark.parametrize("secret", ["not base64 at all!", "whsec_***", "whsec_"])
def test_a_secret_that_is_not_base64_is_named_not_shown(site: SiteRepo, receiver: Receiver, secret: str) -> None:
    hooks_yml(site, f"        - url: {receiver.url}\n          secret_env: BAD_SECRET\n          backoff: 0.01\n")
    two_versions(site)
    site.build()
    os.environ["BAD_SECRET"] = secret
    try:
        result = site.notices("notify", "--site", "site", "--previous", "none", check=False)
    finally:
        del os.environ["BAD_SECRET"]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "BAD_SECRET does not hold a Standard Webhooks secret (`whsec_` followed by base64)" in result.stderr
    if len(secret) > 8:
        assert secret not in result.stderr + result.stdout
    assert receiver.attempts == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"delivered": 5}', "`delivered`: input should be a valid dictionary"),
        ('{"delivered": {"evt_1": ["a"]}}', "`delivered.evt_1`: input should be a valid dictionary"),
        ('{"delivered": {"evt_1": {"hook": 5}}}', "`delivered.evt_1.hook`: input should be a valid string"),
        ("[1, 2]", "input should be a valid dictionary"),
        ("{}", "`delivered` is missing"),
        ("{oops", "not JSON"),
        (None, "the delivery log is a folder, not a file"),
    ],
)
def test_a_damaged_delivery_log_is_one_clear_error(site: SiteRepo, content: str | None, message: str) -> None:
    hooks_yml(site, "        - command: python3 -c pass\n")
    two_versions(site)
    site.build()
    log = site.root / ".cache/notices/deliveries.json"
    if content is None:
        log.mkdir(parents=True)
    else:
        site.write(".cache/notices/deliveries.json", content)
    result = notify(site, "--previous", "none")
    assert result.returncode == 1 and ".cache/notices/deliveries.json" in result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_command_hook_that_cannot_start_fails_check_and_build(site: SiteRepo) -> None:
    two_versions(site)
    hooks_yml(site, "        - command: hooks/missing.sh\n")
    for result in (site.notices("check", check=False), site.build(check=False)):
        assert result.returncode == 1
        assert "mkdocs.yml:10: `hooks` entry 1: `command` runs hooks/missing.sh, which does not exist" in result.stderr
    site.write("hooks/missing.sh", "#!/bin/sh\nexit 0\n")
    for result in (site.notices("check", check=False), site.build(check=False)):
        assert result.returncode == 1 and "which is not executable — run `chmod +x hooks/missing.sh`" in result.stderr
    (site.root / "hooks/missing.sh").chmod(0o755)
    assert site.notices("check").returncode == 0


def test_an_unknown_event_type_is_an_error_with_a_suggestion(site: SiteRepo) -> None:
    two_versions(site)
    hooks_yml(site, "        - command: python3 -c pass\n          events: [purposes.changed]\n")
    for result in (site.notices("check", check=False), site.build(check=False)):
        assert result.returncode == 1
        assert "mkdocs.yml:11: `hooks` entry 1: `events` names `purposes.changed`, which is no event type" in (
            result.stderr
        )
        assert "did you mean `purpose.changed`?" in result.stderr
    hooks_yml(site, "        - command: python3 -c pass\n          events: ['material.*', version.published]\n")
    assert site.notices("check").returncode == 0


def test_the_previous_flag_wins_over_the_environment_for_notify(site: SiteRepo) -> None:
    hooks_yml(site, "        - command: python3 -c pass\n")
    two_versions(site)
    site.build()
    os.environ["NOTICES_PREVIOUS_MANIFEST"] = "x"
    try:
        result = notify(site, "--previous", "none", "--dry-run")
    finally:
        del os.environ["NOTICES_PREVIOUS_MANIFEST"]
    assert result.returncode == 0 and result.stdout.count("would send") == 3, result.stderr


# -- concurrency, deadlines, down receivers, absolute links (issue 13) --------------------------------


def _popen_notify(site: SiteRepo, *extra: str) -> Any:
    import subprocess

    from conftest import BIN, TODAY

    env = {**os.environ, "NOTICES_TODAY": TODAY, "NOTICES_WEBHOOK_SECRET": SECRET}
    return subprocess.Popen(
        [str(BIN / "notices"), "notify", "--site", "site", *extra],
        cwd=site.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_notify_runs_at_once_deliver_each_event_once(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(site, f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n")
    two_versions(site)
    site.build()
    receiver.delay = 0.3  # both runs are well inside their deliveries at the same time
    runs = [_popen_notify(site, "--previous", "none") for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
    assert len(receiver.delivered) == len(set(receiver.delivered)) == 3, receiver.delivered
    assert sum(out.count("delivered evt_") for out, _ in outputs) == 3


def test_a_trickling_receiver_is_cut_off_at_the_timeout(site: SiteRepo, receiver: Receiver) -> None:
    hooks_yml(
        site,
        f"        - url: {receiver.url}\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        "          events: [purpose.changed]\n          timeout: 1\n          retries: 0\n",
    )
    two_versions(site)
    site.build()
    receiver.script = ["trickle"]  # a byte every 0.25 s: no single read ever waits a second
    started = time.monotonic()
    result = notify(site, "--previous", "none")
    took = time.monotonic() - started
    assert result.returncode == 1 and "no answer within 1 s" in result.stderr, result.stderr
    # the receiver would trickle for 30 s: well under that, it was cut off (a busy machine's
    # start-up of the CLI can take seconds, so no tighter bound)
    assert took < 15, f"the attempt took {took:.1f} s"
    assert receiver.delivered == []


def test_a_command_hook_is_stopped_at_the_timeout_with_what_it_started(site: SiteRepo) -> None:
    site.write(
        "hooks/slow.sh", "#!/bin/sh\necho $$ > hook.pid\nsleep 30 &\necho $! > child.pid\nwait\ntouch late-delivery\n"
    )
    (site.root / "hooks/slow.sh").chmod(0o755)
    hooks_yml(site, "        - command: hooks/slow.sh\n          timeout: 1\n          events: [purpose.changed]\n")
    two_versions(site)
    site.build()
    started = time.monotonic()
    result = notify(site, "--previous", "none")
    took = time.monotonic() - started
    assert result.returncode == 1 and "timed out after 1 s and was stopped" in result.stderr
    assert took < 15, f"the attempt took {took:.1f} s"  # the hook would run 30 s
    # a stopped hook is stopped with what it started: the hook and its child are gone, so
    # nothing is delivered after the attempt counted as failed
    for name in ("hook.pid", "child.pid"):
        pid = int((site.root / name).read_text())
        deadline = time.monotonic() + 5
        while Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid), f"{name} {pid} still runs"
    assert not (site.root / "late-delivery").exists()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
    except (OSError, IndexError):
        return "Z"


def _nineteen_events(site: SiteRepo) -> None:
    """Six notices with two versions each (3 events each) and one with one version: 19 events."""
    first = {f"docs/n{i}.md": notice("1", "2024-01-01", BODY, title=f"Notice {i}") for i in range(7)}
    site.commit("v1 of seven notices", first)
    second = {
        f"docs/n{i}.md": notice("2", "2027-01-01", BODY + "\nAnd marketing.\n", title=f"Notice {i}") for i in range(6)
    }
    site.commit("v2 of six", second)


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nineteen_events_to_a_down_receiver_take_seconds_and_none_is_lost(site: SiteRepo, receiver: Receiver) -> None:
    down = f"http://127.0.0.1:{_closed_port()}/hook"
    hook = (
        "        - url: {}\n          name: app\n          secret_env: NOTICES_WEBHOOK_SECRET\n"
        "          timeout: 1\n          retries: 2\n"
    )
    hooks_yml(site, hook.format(down))
    _nineteen_events(site)
    site.build()
    events = [
        json.loads(line) for line in site.notices("events", "--site", "site", "--previous", "none").stdout.splitlines()
    ]
    assert len(events) == 19
    started = time.monotonic()
    result = notify(site, "--previous", "none")
    took = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.count("undelivered: ") == 19, result.stderr  # every one is named, none skipped silently
    assert "19 deliveries failed" in result.stderr
    assert took < 25, f"19 events to a down receiver took {took:.1f} s"  # one event at a time: about 45 s
    # the receiver is back (at a new address; `name` keeps it the same hook): everything arrives once,
    # and each notice's events in the order they were decided
    # (with a deadline a loaded machine cannot miss: a receiver that answers after the sender gave up
    # still got the event, and the retry is a double only `webhook-id` can take out, see the README)
    hooks_yml(site, hook.format(receiver.url).replace("timeout: 1\n", "timeout: 20\n"))
    receiver.delay = 0.05
    assert notify(site, "--previous", "none").returncode == 0
    assert sorted(receiver.delivered) == sorted(e["id"] for e in events)
    for name in {e["notice"] for e in events}:
        decided = [e["id"] for e in events if e["notice"] == name]
        assert [i for i in receiver.delivered if i in decided] == decided


NO_SITE_URL = MKDOCS_YML.replace("site_url: https://notices.example.org/\n", "")


def test_hooks_without_site_url_are_an_error_everywhere(site: SiteRepo) -> None:
    two_versions(site)
    site.build()  # no hooks yet: relative links are fine for a site nobody is notified about
    site.write(
        "mkdocs.yml",
        NO_SITE_URL.replace("  - notices\n", "  - notices:\n      hooks:\n        - command: python3 -c pass\n"),
    )
    where = "mkdocs.yml:8: `hooks` are configured but `site_url` is not set"
    for result in (
        site.notices("check", "--previous", "none", check=False),
        site.build(check=False),
        notify(site, "--previous", "none"),
    ):
        assert result.returncode == 1
        assert where in result.stderr, result.stderr
        assert "privacy/1/" in result.stderr and "set `site_url:`" in result.stderr
        assert "Traceback" not in result.stderr
    # a site built before site_url was set has relative links: notify says to rebuild it
    site.write("mkdocs.yml", NO_SITE_URL)
    site.build()
    hooks_yml(site, "        - command: python3 -c pass\n")
    stale = notify(site, "--previous", "none")
    assert stale.returncode == 1 and "site/versions.json: the site was built without `site_url`" in stale.stderr
    assert "build it again" in stale.stderr


def test_the_pr_check_lists_superseded_notices_and_corrections(site: SiteRepo) -> None:
    site.write("hooks/never.py", "raise SystemExit('a PR must never run hooks')\n")
    hooks_yml(site, "        - command: python3 hooks/never.py\n")
    site.commit(
        "two notices",
        {
            "docs/privacy.md": notice("1", "2024-01-01", BODY),
            "docs/pantry.md": notice("1", "2024-01-01", "## Pantry\n\nShopping lists.\n", title="Pantry policy"),
        },
    )
    first = _published(site)
    site.commit(
        "privacy 2 replaces the pantry policy",
        {"docs/privacy.md": notice("2", "2027-01-01", BODY, supersedes="[pantry]"), "docs/pantry.md": None},
    )
    check = site.notices("check", "--previous", str(first))
    assert "on merge: 2 events" in check.stdout, check.stdout
    assert "notice.superseded pantry version 1 (effective 2027-01-01): superseded by privacy version 2" in check.stdout
    assert "version.published privacy version 2 (effective 2027-01-01)" in check.stdout
    second = _published(site)
    site.commit(
        "v2, corrected",
        {
            "docs/privacy.md": notice(
                "2",
                "2027-01-01",
                BODY + "\nWe also use your messages to train our models.\n",
                supersedes="[pantry]",
                material="true",
            )
        },
    )
    check = site.notices("check", "--previous", str(second))
    assert "on merge: 1 events" in check.stdout, check.stdout
    assert "purpose.changed privacy version 2 revision 2 (effective 2027-01-01)" in check.stdout
    assert "-> command:python3 hooks/never.py" in check.stdout
