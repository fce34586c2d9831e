"""The build cache and worker processes: a warm, parallel or concurrent build writes
exactly the site a cold build in one process writes, and a damaged cache is rebuilt."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, MKDOCS_YML, TODAY, SiteRepo, notice

from notices.base.model import FrontMatter, Notice, Revision, Source, Version
from notices.base.progress import Progress

BODY = "Intro.\n\n## Who we are\n\nExample Ltd.\n\n## Why we use your data\n\nTo take orders.\n"


def history(site: SiteRepo) -> None:
    """Five notices: versions, a correction, an upcoming version, a translation, a
    superseded policy, a renamed notice and a change note."""
    site.write(".gitignore", ".cache/\nsite/\nref*/\nout*/\n")
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("typo", {"docs/privacy.md": notice("1", "2024-01-01", BODY.replace("Intro.", "Introduction."))})
    site.commit("old", {"docs/old.md": notice("1", "2023-01-01", "Old text.\n", title="Old policy")})
    site.commit(
        "v2",
        {
            "docs/privacy.md": notice("2", "2025-01-01", BODY + "\nAnd marketing.\n", supersedes="[old]"),
            "docs/old.md": None,
            "changelog/privacy/2.md": "We now send offers, if you agree.\n",
        },
    )
    site.commit(
        "v3 upcoming",
        {"docs/privacy.md": notice("3", "2026-09-01", BODY + "\nAnd more marketing.\n", supersedes="[old]")},
    )
    site.commit("da", {"docs/privacy.da.md": '---\ntitle: Privatlivspolitik\nversion: "2"\n---\n## Hvem\n\nTekst.\n'})
    site.commit(
        "cookies", {"docs/cookie.md": notice("1", "2024-02-01", "## Cookies\n\nOne cookie.\n", title="Cookies")}
    )
    site.move("docs/cookie.md", "docs/cookies.md", "rename")
    site.commit("terms", {"docs/terms.md": notice("1", "2024-02-01", "## Terms\n\n[Privacy](privacy.md)\n")})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def reference(site: SiteRepo, today: str = TODAY) -> dict[str, bytes]:
    """A cold build in one process without any cache: what every other build must equal.

    A real process, as the builds compared with it are (built in this one, the search
    index differed: see the report on issue 15)."""
    site.write("nocache.yml", MKDOCS_YML.replace("  - notices\n", "  - notices:\n      cache: false\n"))
    env = {"NOTICES_WORKERS": "1", "NOTICES_TODAY": today}
    run(site, env, "-f", "nocache.yml", "-d", "ref")
    return snapshot(site.root / "ref")


def run(site: SiteRepo, env: dict[str, str], *args: str) -> str:
    full = {**os.environ, "NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **env}
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", *args], cwd=site.root, env=full, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def assert_same(built: dict[str, bytes], ref: dict[str, bytes]) -> None:
    assert sorted(built) == sorted(ref)
    different = [path for path in ref if built[path] != ref[path]]
    assert not different, different[:10]


def test_warm_builds_write_what_a_cold_build_writes(site: SiteRepo) -> None:
    history(site)
    log = run(site, {})
    assert "5 notices" in log and "5 computed" in log and "0 from the cache" in log
    assert_same(snapshot(site.root / "site"), reference(site))

    log = run(site, {})  # nothing changed: nothing computed, every folder kept through MkDocs' cleaning
    assert "none computed, 5 from the cache; files: 5 notices kept in place, 0 linked" in log, log
    assert_same(snapshot(site.root / "site"), reference(site))

    site.commit("v4", {"docs/privacy.md": notice("4", "2026-10-01", BODY + "\nAnd even more.\n", supersedes="[old]")})
    log = run(site, {})  # the new version changes privacy and the notices that show it
    assert "3 computed" in log and "2 from the cache" in log, log  # privacy, its translation, old
    assert "2 notices kept in place" in log, log
    assert_same(snapshot(site.root / "site"), reference(site))

    site.commit("note", {"changelog/privacy/3.md": "Upcoming: more marketing.\n"})
    log = run(site, {})
    assert "1 computed" in log, log
    assert_same(snapshot(site.root / "site"), reference(site))

    site.write("docs/terms.md", notice("2", "2024-03-01", "## Terms\n\nEdited, not committed.\n"))
    log = run(site, {})
    assert "1 computed" in log, log
    assert_same(snapshot(site.root / "site"), reference(site))

    later = "2026-09-15"  # version 3 takes effect: statuses change, texts do not
    run(site, {"NOTICES_TODAY": later})
    assert_same(snapshot(site.root / "site"), reference(site, later))


def test_a_damaged_cache_is_noticed_and_rebuilt(site: SiteRepo) -> None:
    history(site)
    ref = reference(site)
    cache = site.root / ".cache/notices"

    def damage(how: str) -> int:
        count = 0
        for path in sorted(p for p in cache.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if not data:
                continue
            count += 1
            if how == "flip":
                middle = len(data) // 2
                changed = data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]
            elif how == "truncate":
                changed = data[: len(data) // 2]
            else:
                changed = b""
            with open(path, "r+b") as out:  # in place, as a faulty disk (or a plugin editing the site) would
                out.truncate(0)
                out.write(changed)
        return count

    for how in ("flip", "truncate", "empty"):
        run(site, {})
        assert damage(how) > 20
        run(site, {})
        assert_same(snapshot(site.root / "site"), ref)

    # foreign entries: each notice's cache files swapped for another notice's
    run(site, {})
    for kind in ("head", "body"):
        files = sorted((cache / kind).iterdir())
        data = [f.read_bytes() for f in files]
        for file, other in zip(files, data[1:] + data[:1], strict=True):
            file.write_bytes(other)
    log = run(site, {})
    assert "5 computed" in log, log
    assert_same(snapshot(site.root / "site"), ref)


def test_concurrent_builds_share_a_cache_safely(site: SiteRepo) -> None:
    history(site)
    ref = reference(site)
    env = {**os.environ, "NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(2):
        builds = [
            subprocess.Popen(
                [str(BIN / "mkdocs"), "build", "-q", "-d", f"out{n}"],
                cwd=site.root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for n in range(3)
        ]
        for build in builds:
            _, err = build.communicate(timeout=300)
            assert build.returncode == 0, err.decode()
        for n in range(3):
            assert_same(snapshot(site.root / f"out{n}"), ref)
    run(site, {})
    assert_same(snapshot(site.root / "site"), ref)


@pytest.mark.parametrize("workers", ["1", "2", "3"])
def test_worker_processes_write_the_same_site(site: SiteRepo, workers: str) -> None:
    history(site)
    log = run(site, {"NOTICES_WORKERS": workers}, "-f", "mkdocs.yml")
    assert ("worker processes" in log) == (workers != "1"), log
    assert_same(snapshot(site.root / "site"), reference(site))


def test_a_bad_worker_count_is_a_clear_error(site: SiteRepo) -> None:
    history(site)
    env = {**os.environ, "NOTICES_WORKERS": "two", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=site.root, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "NOTICES_WORKERS='two' is not a number" in done.stderr
    assert "set it to the number of processes" in done.stderr


def test_the_cache_key_reads_every_field_of_a_notice() -> None:
    """A field added to the model but not to the key would let a stale page through."""
    from notices.build import parts

    names = {
        Notice: {f.name for f in dataclasses.fields(Notice) if f.init},  # not init: an index of its own fields
        Version: {f.name for f in dataclasses.fields(Version)},
        Revision: {f.name for f in dataclasses.fields(Revision)},
        Source: {f.name for f in dataclasses.fields(Source)},
        FrontMatter: {f.name for f in dataclasses.fields(FrontMatter)},
    }
    source = Path(parts.__file__).read_text()
    fingerprint = source[source.index("def _fingerprint") : source.index("def notice_key")]
    for field in names[Notice] - {"versions"}:
        assert f"notice.{field}" in fingerprint, field
    for field in names[Version] - {"revisions"}:
        assert f"v.{field}" in fingerprint, field
    # a revision's body (``packed``) and the fields repeated from its notice and version are covered by its
    # hash and the notice's own fields; the rest enter whole (Source and FrontMatter by repr)
    for field in names[Revision] - {"packed", "notice", "version"}:
        assert f"r.{field}" in fingerprint, field
    assert names == {
        Notice: {"id", "path", "versions", "aliases", "superseded_by", "superseded_on", "withdrawn_on", "supersedes"}
        | {"deleted_in", "lang", "translation_of", "translations"},
        Version: {"label", "effective", "revisions"},
        Revision: {"notice", "version", "number", "meta", "packed", "sha256", "source", "published"},
        Source: {"kind", "path", "blob", "commit"},
        FrontMatter: {"title", "version", "effective", "summary", "supersedes", "purposes", "material", "lang"},
    }


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_only_when_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    import notices.base.progress

    quiet = io.StringIO()
    bar = Progress(10, stream=quiet)
    monkeypatch.setattr(notices.base.progress, "DELAY", 0.0)
    for _ in range(10):
        bar.advance()
    bar.close()
    assert quiet.getvalue() == ""  # not a terminal: a log stays clean

    terminal = _Terminal()
    bar = Progress(10, stream=terminal)
    for _ in range(5):
        bar.advance()
    assert bar._bar is not None  # shown once the delay has passed
    for _ in range(5):
        bar.advance()
    bar.close()
    assert "notices" in terminal.getvalue()

    monkeypatch.setattr(notices.base.progress, "DELAY", 3600.0)
    fast = _Terminal()
    bar = Progress(10, stream=fast)
    for _ in range(10):
        bar.advance()
    bar.close()
    assert fast.getvalue() == ""  # a quick build shows nothing


def test_hand_edits_and_stray_files_in_the_site_do_not_survive_a_rebuild(site: SiteRepo) -> None:
    """Unchanged notices' folders are kept through MkDocs' emptying of the site folder only
    when every file in them is exactly what the build wrote."""
    history(site)
    ref = reference(site)
    run(site, {})
    built = site.root / "site"
    page = built / "privacy/2/index.html"
    with open(page, "r+b") as out:  # in place, as an editor or a post-processing script might
        out.seek(100)
        out.write(b"HAND EDIT")
    (built / "terms/1/stray.html").write_text("left over")
    (built / "cookies/9").mkdir()
    (built / ".notices-stage/0.0").mkdir(parents=True)  # left by a build that was killed
    log = run(site, {})
    # terms and cookies are linked from the cache; privacy is written afresh, since the edit in place
    # reached the cache's copy too (they are one file)
    assert "2 notices kept in place, 2 linked from the cache" in log, log
    assert_same(snapshot(built), ref)
    assert not (built / ".notices-stage").exists()
    assert not (built / "cookies/9").exists()


def test_a_worker_that_dies_fails_the_build_with_what_to_do(site: SiteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    from notices.base.errors import NoticesError
    from notices.build import producer
    from notices.build.load import load_site
    from notices.config.mkdocs_yml import load_options

    history(site)
    monkeypatch.setenv("NOTICES_WORKERS", "2")
    monkeypatch.setenv("NOTICES_TODAY", TODAY)
    options, _ = load_options(site.root / "mkdocs.yml")
    notices = load_site(dataclasses.replace(options, cache=False))
    monkeypatch.setattr(producer.Producer, "compute_into_cache", lambda self, notice_id: os._exit(3))  # as if killed
    # an xdist worker has a second thread (its channel), and the producer never forks beside one:
    # without this, compute would run (and exit) in the test process itself
    monkeypatch.setattr(producer.threading, "active_count", lambda: 1)
    job = producer.start_producer(notices, dataclasses.replace(options, cache=False), "", "")
    try:
        with pytest.raises(NoticesError, match="a worker process died") as caught:
            job.head("privacy")
        assert "NOTICES_WORKERS=1" in caught.value.render()
    finally:
        job.close()


def test_a_users_error_in_a_worker_reads_as_in_one_process(site: SiteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker hands back a user's error by its parts (kind, message, file, line, hint), not as a
    traceback: the parent raises the same error a one-process build would; a bug keeps its traceback."""
    from notices.base.errors import NoticesError, SourceError
    from notices.build import producer
    from notices.build.load import load_site
    from notices.config.mkdocs_yml import load_options

    history(site)
    monkeypatch.setenv("NOTICES_WORKERS", "2")
    monkeypatch.setenv("NOTICES_TODAY", TODAY)
    options, _ = load_options(site.root / "mkdocs.yml")
    notices = load_site(dataclasses.replace(options, cache=False))
    monkeypatch.setattr(producer.threading, "active_count", lambda: 1)  # see the test above

    def bad_link(self: object, notice_id: str) -> None:
        raise SourceError("a link to nowhere", path="docs/privacy.md", line=7, hint="link a page that exists")

    monkeypatch.setattr(producer.Producer, "compute_into_cache", bad_link)
    job = producer.start_producer(notices, dataclasses.replace(options, cache=False), "", "")
    try:
        with pytest.raises(SourceError) as caught:
            job.head("privacy")
        assert caught.value.render() == "docs/privacy.md:7: a link to nowhere — link a page that exists"
    finally:
        job.close()
    monkeypatch.setattr(producer.Producer, "compute_into_cache", lambda self, notice_id: 1 / 0)
    job = producer.start_producer(notices, dataclasses.replace(options, cache=False), "", "")
    try:
        with pytest.raises(NoticesError) as bug:
            job.head("privacy")
        assert "ZeroDivisionError" in bug.value.render() and "a bug in notices" in bug.value.render()
    finally:
        job.close()


def test_a_build_that_fails_before_mkdocs_cleans_leaves_the_site_whole(site: SiteRepo) -> None:
    """Folders set aside for MkDocs' cleaning go back when another plugin stops the build first."""
    history(site)
    run(site, {})
    before = snapshot(site.root / "site")
    site.write(
        "stop.py",
        "from mkdocs.exceptions import PluginError\n\n\ndef on_pre_build(config):\n    raise PluginError('stop')\n",
    )
    site.write("stopping.yml", MKDOCS_YML + "hooks:\n  - stop.py\n")
    env = {**os.environ, "NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", "stopping.yml"], cwd=site.root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and "stop" in done.stderr
    assert_same(snapshot(site.root / "site"), before)
    assert not (site.root / "site/.notices-stage").exists()
