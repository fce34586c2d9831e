"""One build of a site folder at a time; a stopped build is marked, and nothing uses it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from conftest import BIN, TODAY, SiteRepo, notice
from test_cache import history, snapshot

from notices.build.sitelock import INCOMPLETE, SiteLock


def _popen(site: SiteRepo, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    full = {**os.environ, "NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.Popen(
        [str(BIN / "mkdocs"), "build", *args],
        cwd=site.root,
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_builds_of_one_site_run_one_after_the_other(site: SiteRepo) -> None:
    history(site)
    site.build()
    builds = [_popen(site) for _ in range(2)]
    for build in builds:
        _, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
    files = snapshot(site.root / "site")
    assert not [path for path in files if path.endswith(".lnk")]
    assert INCOMPLETE not in files
    assert site.notices("verify", "site").returncode == 0


def test_a_build_that_cannot_get_the_lock_refuses_and_leaves_the_site_alone(site: SiteRepo) -> None:
    history(site)
    site.build()
    before = snapshot(site.root / "site")
    lock = SiteLock(site.root / "site", site.root / ".cache/notices")
    lock.acquire()
    try:
        build = _popen(site, env={"NOTICES_LOCK_TIMEOUT": "0.5"})
        _, err = build.communicate(timeout=300)
    finally:
        lock.release()
    assert build.returncode == 1
    assert "another build of this site folder is still running" in err and " — wait for it to finish" in err
    assert snapshot(site.root / "site") == before


def test_a_killed_build_is_marked_and_refused_until_rebuilt(site: SiteRepo) -> None:
    history(site)
    site.build()
    # more work, so the build is still running when it is killed
    for n in range(12):
        site.write(f"docs/extra{n}.md", notice("1", "2024-01-01", f"## Part {n}\n\nText {n}.\n" * 40))
    site.commit("more notices")
    build = _popen(site, env={"NOTICES_WORKERS": "1"})
    marker = site.root / "site" / INCOMPLETE
    deadline = time.monotonic() + 120
    while not marker.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), "the build never marked the site incomplete"
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=60)

    verify = site.notices("verify", "site", check=False)
    assert verify.returncode == 1 and "stopped, failed or is still running" in verify.stdout + verify.stderr
    for command in (
        ["events", "--site", "site", "--previous", "none"],
        ["notify", "--site", "site", "--dry-run", "--previous", "none"],
    ):
        done = site.notices(*command, check=False)
        assert done.returncode == 1, command
        assert "incomplete build" in done.stderr and "build the site again" in done.stderr, done.stderr

    site.build()
    assert not marker.exists()
    assert site.notices("verify", "site").returncode == 0


def test_a_failed_build_after_cleaning_keeps_the_mark(site: SiteRepo, tmp_path: Path) -> None:
    history(site)
    site.build()
    site.write(
        "stop.py",
        "from mkdocs.exceptions import PluginError\n\n\ndef on_post_build(config):\n    raise PluginError('stop')\n",
    )
    config = (site.root / "mkdocs.yml").read_text() + "hooks:\n  - stop.py\n"
    site.write("stopping.yml", config)
    done = site.build("-f", "stopping.yml", check=False)
    assert done.returncode == 1
    assert not (site.root / "site" / INCOMPLETE).exists(), "our part finished: the site is whole"
    site.write(
        "stop.py",
        "from mkdocs.exceptions import PluginError\n\n\ndef on_page_content(html, page, config, "
        "files):\n    raise PluginError('stop')\n",
    )
    done = site.build("-f", "stopping.yml", check=False)
    assert done.returncode == 1
    assert (site.root / "site" / INCOMPLETE).exists(), "stopped after MkDocs emptied the site: marked"
