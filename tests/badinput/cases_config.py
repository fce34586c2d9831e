"""mkdocs.yml options and hooks, previous manifests, and a clone with missing or damaged Git objects."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from badinput import MKDOCS_YML, Case


def _yml(options: str, extra: str = "") -> dict[str, str | bytes | None]:
    """mkdocs.yml with ``options`` (unindented YAML) under `- notices:`; options start on line 9."""
    indented = "".join(f"      {line}\n" for line in options.splitlines())
    return {"mkdocs.yml": MKDOCS_YML.replace("  - notices\n", "  - notices:\n" + indented) + extra}


def _option(name: str, options: str, where: str, says: str, **files: str) -> Case:
    return Case(name, {**_yml(options), **files}, where=where, says=says)


def _previous(name: str, content: str, says: str) -> Case:
    """The last deployment's manifest from NOTICES_PREVIOUS_MANIFEST (`check --previous` would override it)."""
    return Case(
        name,
        {"previous.json": content},
        where="previous.json",
        says=says,
        env={"NOTICES_PREVIOUS_MANIFEST": "previous.json"},
        check=False,
    )


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _no_cache(root: Path) -> None:
    """A fresh CI clone has no cache, which would otherwise supply the past texts (nor does a new
    process have the texts this one read while building the base)."""
    from notices.sources import history

    shutil.rmtree(root / ".cache", ignore_errors=True)
    history._READ.clear()


def _drop_loose_blob(root: Path) -> None:
    _no_cache(root)
    blob = _git(root, "rev-parse", "HEAD~1:docs/privacy.md")
    (root / ".git/objects" / blob[:2] / blob[2:]).unlink()


def _corrupt_blob_pack(root: Path) -> None:
    _no_cache(root)
    blob = _git(root, "rev-parse", "HEAD~1:docs/privacy.md")
    name = _git(root, "pack-objects", ".git/objects/pack/pack", stdin=blob + "\n")
    (root / ".git/objects" / blob[:2] / blob[2:]).unlink()
    pack = root / f".git/objects/pack/pack-{name}.pack"
    data = bytearray(pack.read_bytes())
    for index in range(20, len(data) - 24):
        data[index] ^= 0x5A
    pack.chmod(0o644)
    pack.write_bytes(bytes(data))


def _drop_all_packs(root: Path) -> None:
    _no_cache(root)
    _git(root, "gc", "--quiet")
    for file in (root / ".git/objects/pack").iterdir():
        file.chmod(0o644)
        file.unlink()


def _manifest(notices: object) -> str:
    return json.dumps({"manifest": 1, "notices": notices})


_EXECUTABLE = "#!/bin/sh\nexit 0\n"

CASES = [
    # -- every option with a wrong type or value
    _option("config-enabled-string", "enabled: 'no'", "mkdocs.yml:9", "`enabled` must be true or false, not 'no'"),
    _option("config-raw-html-string", "raw_html: 'yes'", "mkdocs.yml:9", "`raw_html` must be true or false"),
    _option("config-pdf-string", "pdf: 'yes'", "mkdocs.yml:9", "`pdf` must be true or false.*without quotes"),
    _option("config-cache-string", "cache: 'no'", "mkdocs.yml:9", "`cache` must be true or false.*without quotes"),
    _option("config-include-int", "include: 5", "mkdocs.yml:9", "`include` must be a list of globs"),
    _option("config-include-entry-int", "include: [docs, 5]", "mkdocs.yml:9", "`include` entry 2 must be a glob"),
    _option("config-include-mapping", "include: {a: b}", "mkdocs.yml:9", "`include` must be a list of globs"),
    _option("config-versions-dir-list", "versions_dir: [a]", "mkdocs.yml:9", "`versions_dir` must be a folder"),
    _option("config-versions-dir-empty", "versions_dir: ''", "mkdocs.yml:9", "`versions_dir` must be a folder"),
    _option("config-changelog-dir-int", "changelog_dir: 3", "mkdocs.yml:9", "`changelog_dir` must be a folder"),
    _option("config-cache-dir-bool", "cache_dir: true", "mkdocs.yml:9", "`cache_dir` must be a folder path"),
    _option("config-previous-int", "previous_manifest: 3", "mkdocs.yml:9", "`previous_manifest` must be the path"),
    _option("config-elements-list", "elements: [x]", "mkdocs.yml:9", "`elements` must be a mapping"),
    _option("config-elements-value-int", "elements:\n  retention: 5", "mkdocs.yml:10", "`elements.retention` must be"),
    _option(
        "config-elements-unknown",
        "elements:\n  retension: x",
        "mkdocs.yml:10",
        "`retension`.*did you mean `retention`",
    ),
    _option("config-elements-bad-regex", "elements:\n  retention: '(('", "mkdocs.yml:10", "not a valid regular"),
    _option("config-unknown-option", "cahce: false", "mkdocs.yml:9", "`cahce` is not an option.*`cache`"),
    Case(
        "config-flat-urls",
        {"mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n"},
        where="mkdocs.yml:9",
        says="use_directory_urls: false",
    ),
    Case(
        "config-inherited-wrong-option",
        {
            "base.yml": MKDOCS_YML.replace("  - notices\n", "  - notices:\n      cache: 'no'\n"),
            "mkdocs.yml": "INHERIT: base.yml\n",
        },
        where="base.yml:9",
        says="`cache` must be true or false",
    ),
    Case(
        "config-env-site-url",
        {
            "mkdocs.yml": MKDOCS_YML.replace(
                "site_url: https://notices.example.org/", "site_url: !ENV [CASE_URL, 'https://fallback.example/']"
            )
        },
        expect="accepted",
        verify=lambda site: _assert_in(site / "versions.json", '"site_url": "https://fallback.example/"'),
    ),
    Case(
        "config-dict-plugins-hooks",
        {
            "mkdocs.yml": MKDOCS_YML.replace(
                "  - search\n  - notices\n", "  search: {}\n  notices:\n    hooks:\n      - command: hooks/missing.py\n"
            ),
        },
        where="mkdocs.yml:10",
        says="runs hooks/missing.py, which does not exist",
    ),
    # -- hooks entries
    _option("hooks-a-mapping", "hooks: {command: x}", "mkdocs.yml:9", "`hooks` must be a list of hooks"),
    _option("hooks-entry-int", "hooks:\n  - 5", "mkdocs.yml:10", "`hooks` entry 1 must be a mapping"),
    _option("hooks-unknown-key", "hooks:\n  - comand: x", "mkdocs.yml:10", "unknown key `comand`.*`command`"),
    _option("hooks-neither", "hooks:\n  - events: ['*']", "mkdocs.yml:10", "exactly one of `command` and `url`"),
    _option(
        "hooks-both",
        "hooks:\n  - command: python3 -c pass\n    url: https://example.org/x\n    secret_env: S",
        "mkdocs.yml:10",
        "exactly one of `command` and `url`",
    ),
    _option(
        "hooks-timeout-word",
        "hooks:\n  - command: python3 -c pass\n    timeout: soon",
        "mkdocs.yml:11",
        "`timeout` must be a number of seconds above 0, not 'soon'",
    ),
    _option(
        "hooks-timeout-zero",
        "hooks:\n  - command: python3 -c pass\n    timeout: 0",
        "mkdocs.yml:11",
        "`timeout` must be a number",
    ),
    _option(
        "hooks-retries-float",
        "hooks:\n  - command: python3 -c pass\n    retries: 2.5",
        "mkdocs.yml:11",
        "`retries` must be a whole number",
    ),
    _option(
        "hooks-backoff-negative",
        "hooks:\n  - command: python3 -c pass\n    backoff: -1",
        "mkdocs.yml:11",
        "`backoff` must be a number",
    ),
    _option(
        "hooks-events-int",
        "hooks:\n  - command: python3 -c pass\n    events: [1]",
        "mkdocs.yml:11",
        "`events` must name event types, not 1",
    ),
    _option(
        "hooks-event-typo",
        "hooks:\n  - command: python3 -c pass\n    events: [purposes.changed]",
        "mkdocs.yml:11",
        "`purposes.changed`.*did you mean `purpose.changed`",
    ),
    _option(
        "hooks-event-glob-matches-nothing",
        "hooks:\n  - command: python3 -c pass\n    events: ['notices.*']",
        "mkdocs.yml:11",
        "`notices.\\*`, which is no event type",
    ),
    _option("hooks-url-not-http", "hooks:\n  - url: ftp://x\n    secret_env: S", "mkdocs.yml:10", "http\\(s\\) URL"),
    _option("hooks-url-no-secret", "hooks:\n  - url: https://example.org/x", "mkdocs.yml:10", "needs `secret_env`"),
    _option(
        "hooks-command-missing",
        "hooks:\n  - command: hooks/email.py",
        "mkdocs.yml:10",
        "hooks/email.py, which does not exist",
    ),
    _option(
        "hooks-command-not-executable",
        "hooks:\n  - command: hooks/email.py",
        "mkdocs.yml:10",
        "not executable.*chmod \\+x hooks/email.py",
        **{"hooks/email.py": "print('hi')\n"},
    ),
    _option(
        "hooks-command-not-on-path",
        "hooks:\n  - command: no-such-mailer --all",
        "mkdocs.yml:10",
        "`no-such-mailer`, which is not on PATH",
    ),
    _option(
        "hooks-command-bad-quotes",
        'hooks:\n  - command: "python3 \'x"',
        "mkdocs.yml:10",
        "cannot be split into words",
    ),
    Case(
        "hooks-valid-with-globs",
        _yml("hooks:\n  - command: python3 -c pass\n    events: ['material.*', purpose.changed]\n    timeout: 5"),
        expect="accepted",
    ),
    # -- previous manifests
    _previous("previous-not-json", "{", "previous manifest is not JSON"),
    _previous("previous-a-list", "[1]", "not a notices manifest"),
    _previous("previous-no-notices", json.dumps({"manifest": 1}), "not a notices manifest"),
    _previous(
        "previous-no-revisions",
        _manifest({"privacy": {"versions": [{"version": "1"}]}}),
        "`notices.privacy.versions\\[0\\].revisions` is missing",
    ),
    _previous("previous-versions-string", _manifest({"privacy": {"versions": "1"}}), "`notices.privacy.versions`"),
    _previous("previous-notice-list", _manifest({"privacy": [1]}), "`notices.privacy` is wrong"),
    _previous(
        "previous-version-int",
        _manifest({"privacy": {"versions": [{"version": 1, "revisions": []}]}}),
        "`notices.privacy.versions\\[0\\].version` is wrong",
    ),
    Case(
        "previous-missing-file",
        {},
        where="gone.json",
        says="previous manifest does not exist",
        env={"NOTICES_PREVIOUS_MANIFEST": "gone.json"},
        check=False,
    ),
    Case(
        "previous-url-refused",
        {},
        where="",
        says="could not fetch the previous manifest from http://127.0.0.1:9/",
        env={"NOTICES_PREVIOUS_MANIFEST": "http://127.0.0.1:9/versions.json"},
        check=False,
    ),
    Case(
        "previous-url-invalid",
        {},
        where="",
        says="could not fetch the previous manifest",
        env={"NOTICES_PREVIOUS_MANIFEST": "http://[::1/versions.json"},
        check=False,
    ),
    # -- missing and damaged Git objects
    Case(
        "git-missing-loose-blob",
        {},
        where="docs/privacy.md",
        says="is missing or damaged.*git fetch --refetch",
        setup=_drop_loose_blob,
    ),
    Case(
        "git-corrupt-pack",
        {},
        where="docs/privacy.md",
        says="Git object .*clone the repository afresh",
        setup=_corrupt_blob_pack,
    ),
    Case(
        "git-missing-packs",
        {},
        where="",
        says="damaged or incomplete.*bad object HEAD.*--refetch",
        setup=_drop_all_packs,
    ),
]


def _assert_in(file: Path, text: str) -> None:
    content = file.read_text(encoding="utf-8")
    assert text in content, f"{file.name} lacks {text!r}"
