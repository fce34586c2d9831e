"""mkdocs.yml, previous manifests and a damaged clone: the build and `notices check` fail alike,
with one message (file, line, what, how to fix) and never a traceback or git's bare `fatal:`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MKDOCS_YML, SiteRepo, notice

BODY = "## Who we are\n\nExample Ltd.\n\n## Why we use your data\n\nTo take orders.\n"


def _versions(site: SiteRepo, count: int = 3) -> None:
    for n in range(1, count + 1):
        site.commit(f"v{n}", {"docs/privacy.md": notice(str(n), f"2024-0{n}-01", BODY + f"\nChange {n}.\n")})


def _options(site: SiteRepo, text: str) -> None:
    """Replace `- notices` in mkdocs.yml by `- notices:` with ``text`` (YAML, unindented) under it."""
    indented = "".join(f"      {line}\n" for line in text.splitlines())
    site.write("mkdocs.yml", MKDOCS_YML.replace("  - notices\n", "  - notices:\n" + indented))


def _clear(output: str) -> None:
    assert "Traceback" not in output and "fatal:" not in output, output


def _both_fail(site: SiteRepo, *, check_args: tuple[str, ...] = ()) -> tuple[str, str]:
    """Run `notices check` and `mkdocs build`; both must fail clearly. Returns their stderr."""
    check = site.notices("check", *check_args, check=False)
    build = site.build(check=False)
    assert check.returncode == 1, check.stdout + check.stderr
    assert build.returncode == 1, build.stdout + build.stderr
    _clear(check.stderr)
    _clear(build.stderr)
    return check.stderr, build.stderr


# -- one schema: check fails exactly where the build does --------------------------------------------

WRONG_OPTIONS = [
    ("raw_html: 'yes'", "mkdocs.yml:9: `raw_html` must be true or false, not 'yes'", "(without quotes)"),
    ("cache: 'no'", "mkdocs.yml:9: `cache` must be true or false, not 'no'", "cache: false"),
    ("include: 5", "mkdocs.yml:9: `include` must be a list of globs", "include: [policies/*.md]"),
    ("elements: [x]", "mkdocs.yml:9: `elements` must be a mapping of GDPR element", "elements: {"),
    ("cahce: false", "mkdocs.yml:9: `cahce` is not an option of the notices plugin", "did you mean `cache`?"),
    ("enabled: 1", "mkdocs.yml:9: `enabled` must be true or false, not 1", "enabled: false"),
    ("versions_dir: ['a']", "mkdocs.yml:9: `versions_dir` must be a folder path, not a list", "versions_dir:"),
    ("previous_manifest: 3", "mkdocs.yml:9: `previous_manifest` must be the path or URL", "versions.json"),
    ("elements:\n  retention: 5", "mkdocs.yml:10: `elements.retention` must be a heading pattern", "e.g."),
    ("elements:\n  retension: x", "mkdocs.yml:10: `elements` names `retension`", "did you mean `retention`?"),
    ("elements:\n  retention: '(('", "mkdocs.yml:10: `elements.retention`: '((' is not a valid regular", "escape"),
    ("include: [1]", "mkdocs.yml:9: `include` entry 1 must be a glob, not 1", "quote it"),
    ("hooks: {command: x}", "mkdocs.yml:9: `hooks` must be a list of hooks", "hooks: [{command:"),
    (
        "hooks:\n  - command: python3 -c pass\n    timeout: soon",
        "mkdocs.yml:11: `hooks` entry 1: `timeout` must be a number of seconds above 0, not 'soon'",
        "timeout: 30",
    ),
    (
        "hooks:\n  - command: python3 -c pass\n    retries: -1",
        "mkdocs.yml:11: `hooks` entry 1: `retries` must be a whole number",
        "retries: 5",
    ),
    (
        "hooks:\n  - command: python3 -c pass\n    events: [purposes.changed]",
        "mkdocs.yml:11: `hooks` entry 1: `events` names `purposes.changed`, which is no event type",
        "did you mean `purpose.changed`?",
    ),
    (
        "hooks:\n  - command: hooks/missing.py",
        "mkdocs.yml:10: `hooks` entry 1: `command` runs hooks/missing.py, which does not exist",
        "add the script",
    ),
    (
        "hooks:\n  - command: hooks/plain.py",
        "mkdocs.yml:10: `hooks` entry 1: `command` runs hooks/plain.py, which is not executable",
        "chmod +x hooks/plain.py",
    ),
    (
        "hooks:\n  - command: no-such-program-here --x",
        "`command` runs `no-such-program-here`, which is not on PATH",
        "install no-such-program-here",
    ),
    ("hooks:\n  - 5", "mkdocs.yml:10: `hooks` entry 1 must be a mapping with `command` or `url`, not 5", "url"),
    (
        "hooks:\n  - url: https://example.org/x\n    command: x",
        "mkdocs.yml:10: `hooks` entry 1 needs exactly one of `command` and `url`",
        "split it",
    ),
]


@pytest.mark.parametrize(("options", "message", "hint"), WRONG_OPTIONS, ids=[w[0] for w in WRONG_OPTIONS])
def test_a_wrong_option_fails_check_and_build_alike(site: SiteRepo, options: str, message: str, hint: str) -> None:
    site.write("hooks/plain.py", "print('never run')\n")
    _options(site, options)
    _versions(site, 1)
    check, build = _both_fail(site)
    for output in (check, build):
        assert message in output and hint in output, output
    assert not (site.root / "site").exists()


def test_use_directory_urls_false_is_an_error_in_check_too(site: SiteRepo) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + "use_directory_urls: false\n")
    _versions(site, 1)
    for output in _both_fail(site):
        assert "mkdocs.yml:9: `use_directory_urls: false` cannot be used with the notices plugin" in output
        assert "set `use_directory_urls: true`" in output


def test_disabled_plugin_is_still_checked_but_may_use_flat_urls(site: SiteRepo) -> None:
    _options(site, "enabled: false")
    site.write("mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text() + "use_directory_urls: false\n")
    _versions(site, 1)
    assert site.notices("check").returncode == 0
    assert site.build().returncode == 0


def test_env_tag_inherit_and_dict_form_plugins_read_as_mkdocs_reads_them(site: SiteRepo) -> None:
    site.write(
        "base.yml",
        "site_name: Base\nsite_url: !ENV [NOTICES_TEST_SITE_URL, 'https://fallback.example/']\n"
        "theme:\n  name: material\n  font: false\n",
    )
    site.write(
        "mkdocs.yml",
        "INHERIT: base.yml\nsite_name: !ENV NOTICES_TEST_SITE_NAME\nplugins:\n  search: {}\n  notices:\n"
        "    hooks:\n      - command: python3 hooks/never.py\n        events: [purpose.changed]\n",
    )
    site.write("hooks/never.py", "raise SystemExit('a check must not run hooks')\n")
    _versions(site, 2)
    os.environ.update(NOTICES_TEST_SITE_URL="https://from-env.example/", NOTICES_TEST_SITE_NAME="From env")
    try:
        site.build()
        check = site.notices("check", "--previous", "none")
    finally:
        del os.environ["NOTICES_TEST_SITE_URL"], os.environ["NOTICES_TEST_SITE_NAME"]
    assert "<title>Privacy notice - From env</title>" in site.page("privacy")
    manifest = json.loads((site.root / "site/versions.json").read_text())
    assert manifest["site_url"] == "https://from-env.example/"
    assert "-> command:python3 hooks/never.py" in check.stdout  # the hooks were found in dict-form plugins
    assert "on merge: 3 events" in check.stdout
    events = site.notices("events", "--site", "site", "--previous", "none").stdout.splitlines()
    assert json.loads(events[0])["url"].startswith("https://from-env.example/privacy/")


def test_an_option_in_an_inherited_file_is_reported_there(site: SiteRepo) -> None:
    site.write("base.yml", MKDOCS_YML.replace("  - notices\n", "  - notices:\n      raw_html: 'yes'\n"))
    site.write("mkdocs.yml", "INHERIT: base.yml\n")
    _versions(site, 1)
    for output in _both_fail(site):
        assert "base.yml:9: `raw_html` must be true or false" in output
    site.write("mkdocs.yml", "INHERIT: nowhere.yml\n")
    check = site.notices("check", check=False)
    assert check.returncode == 1 and "mkdocs.yml:1: `INHERIT: nowhere.yml` names a file that does not exist" in (
        check.stderr
    )


def test_valid_options_still_build(site: SiteRepo) -> None:
    site.write("hooks/run.py", "print('ok')\n")
    (site.root / "hooks/run.py").chmod(0o755)
    _options(
        site,
        "include: 'policies/*.md'\ncache: false\nraw_html: true\nhooks:\n  - command: hooks/run.py\n"
        "    events: purpose.*\n    timeout: 5\n  - url: https://example.org/x\n    secret_env: X_SECRET\n"
        "elements:\n  retention: [how long, retention]\n",
    )
    _versions(site, 1)
    assert site.notices("check").returncode == 0
    site.build()
    assert (site.root / "site/privacy/1/index.html").is_file()


# -- previous manifests ------------------------------------------------------------------------------

PREVIOUS = [
    ("not-json", "{", "prev.json:1: the previous manifest is not JSON"),
    ("a-list", "[]", "prev.json: this is not a notices manifest"),
    (
        "no-revisions",
        json.dumps({"manifest": 1, "notices": {"privacy": {"versions": [{"version": "1"}]}}}),
        "prev.json: this manifest is damaged or from another tool: `notices.privacy.versions[0].revisions` is missing",
    ),
    (
        "versions-a-string",
        json.dumps({"manifest": 1, "notices": {"privacy": {"versions": "x"}}}),
        "`notices.privacy.versions` is wrong",
    ),
    ("notice-a-list", json.dumps({"manifest": 1, "notices": {"privacy": [1]}}), "`notices.privacy` is wrong"),
    (
        "revision-number-a-string",
        json.dumps(
            {
                "manifest": 1,
                "notices": {
                    "privacy": {
                        "versions": [
                            {"version": "1", "revisions": [{"revision": "1", "sha256": "0", "source": {"kind": "git"}}]}
                        ]
                    }
                },
            }
        ),
        "`notices.privacy.versions[0].revisions[0].revision` is wrong",
    ),
    ("binary", b"\xff\xfe\x00garbage", "prev.json: cannot read the previous manifest"),
]


@pytest.mark.parametrize(("name", "content", "message"), PREVIOUS, ids=[p[0] for p in PREVIOUS])
def test_a_malformed_previous_manifest_is_one_clear_error(
    site: SiteRepo, name: str, content: str | bytes, message: str
) -> None:
    _versions(site, 2)
    site.build()
    site.write("prev.json", content)
    for args in (("check", "--previous", "prev.json"), ("events", "--site", "site", "--previous", "prev.json")):
        result = site.notices(*args, check=False)
        assert result.returncode == 1 and message in result.stderr, result.stderr
        _clear(result.stderr)
    os.environ["NOTICES_PREVIOUS_MANIFEST"] = "prev.json"
    try:
        build = site.build(check=False)
    finally:
        del os.environ["NOTICES_PREVIOUS_MANIFEST"]
    assert build.returncode == 1 and message in build.stderr
    _clear(build.stderr)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:9/versions.json", "could not fetch the previous manifest from http://127.0.0.1:9/"),
        ("http://[::1/versions.json", "could not fetch the previous manifest from http://[::1/versions.json"),
        ("http://127.0.0.1:99999/versions.json", "could not fetch the previous manifest"),
    ],
)
def test_a_previous_manifest_url_that_fails_is_one_clear_error(site: SiteRepo, url: str, message: str) -> None:
    _versions(site, 1)
    result = site.notices("check", "--previous", url, check=False)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    _clear(result.stderr)


def test_a_damaged_site_manifest_is_named(site: SiteRepo) -> None:
    _versions(site, 2)
    site.build()
    manifest = site.root / "site/versions.json"
    data = json.loads(manifest.read_text())
    del data["notices"]["privacy"]["versions"][1]["changed_elements"]
    manifest.write_text(json.dumps(data))
    result = site.notices("events", "--site", "site", "--previous", "none", check=False)
    assert result.returncode == 1 and "site/versions.json" in result.stderr
    assert "`notices.privacy.versions[1].changed_elements` is missing" in result.stderr
    _clear(result.stderr)


def test_the_previous_flag_wins_over_the_environment(site: SiteRepo) -> None:
    _versions(site, 2)
    site.build()
    os.environ["NOTICES_PREVIOUS_MANIFEST"] = "does-not-exist.json"
    try:
        events = site.notices("events", "--site", "site", "--previous", "none")
        check = site.notices("check", "--previous", "none")
        env_only = site.notices("check", check=False)
    finally:
        del os.environ["NOTICES_PREVIOUS_MANIFEST"]
    assert len(events.stdout.splitlines()) == 3
    assert "on merge: 3 events" in check.stdout
    assert env_only.returncode == 1 and "does-not-exist.json: the previous manifest does not exist" in env_only.stderr


# -- a damaged clone ---------------------------------------------------------------------------------


def _git(site: SiteRepo, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=site.root, input=stdin, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _built_with_three_versions(site: SiteRepo) -> str:
    """A built site, without the cache (which would supply the texts): a fresh CI clone has none."""
    _versions(site, 3)
    site.build()
    shutil.rmtree(site.root / ".cache")
    return site.page("privacy/2")


def _refused_and_site_kept(site: SiteRepo, before: str, *expected: str) -> None:
    check, build = _both_fail(site)
    for output in (check, build):
        for text in expected:
            assert text in output, output
        assert "git fetch --refetch" in output and "clone the repository afresh" in output
    assert site.page("privacy/2") == before  # the refused build did not touch the previous site


def test_a_missing_loose_object_is_an_error_not_a_dropped_version(site: SiteRepo) -> None:
    before = _built_with_three_versions(site)
    blob = _git(site, "rev-parse", "HEAD~1:docs/privacy.md")
    (site.root / ".git/objects" / blob[:2] / blob[2:]).unlink()
    _refused_and_site_kept(site, before, f"docs/privacy.md: Git object {blob[:12]}", "is missing or damaged")
    build = site.build(check=False)
    assert "WARNING" not in build.stderr  # never downgraded to "this text is not published"


def test_a_corrupt_pack_is_an_error_without_gits_fatal_line(site: SiteRepo) -> None:
    before = _built_with_three_versions(site)
    blob = _git(site, "rev-parse", "HEAD~1:docs/privacy.md")
    name = _git(site, "pack-objects", ".git/objects/pack/pack", stdin=blob + "\n")
    (site.root / ".git/objects" / blob[:2] / blob[2:]).unlink()
    pack = site.root / f".git/objects/pack/pack-{name}.pack"
    data = bytearray(pack.read_bytes())
    for index in range(20, len(data) - 24):
        data[index] ^= 0x5A
    pack.chmod(0o644)
    pack.write_bytes(bytes(data))
    _refused_and_site_kept(site, before, f"Git object {blob[:12]}")


def test_a_missing_pack_is_an_error_without_gits_fatal_line(site: SiteRepo) -> None:
    before = _built_with_three_versions(site)
    _git(site, "gc", "--quiet")
    for file in (site.root / ".git/objects/pack").iterdir():
        file.chmod(0o644)
        file.unlink()
    _refused_and_site_kept(site, before, "this clone's Git objects are damaged or incomplete", "bad object HEAD")


def test_core_modules_stay_free_of_mkdocs() -> None:
    code = (
        "import sys, notices.config.mkdocs_yml, notices.config.schema, notices.publish.hooks;"
        " print('mkdocs' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_load_options_names_the_line_of_a_wrong_option(tmp_path: Path) -> None:
    from notices.base.errors import ConfigError
    from notices.config.mkdocs_yml import load_options

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - notices:\n      hooks: 5\n")
    with pytest.raises(ConfigError) as caught:
        load_options(tmp_path / "mkdocs.yml")
    assert caught.value.line == 4 and "`hooks` must be a list of hooks (each with `command` or `url`), not 5" in (
        caught.value.message
    )
