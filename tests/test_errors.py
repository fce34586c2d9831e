"""Every kind of bad input: one clear message (file, line, what, how to fix), nothing published."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SiteRepo, notice

BODY = "## Who we are\n\nExample Ltd.\n"


def _one(site: SiteRepo, text: str) -> None:
    site.commit("notice", {"docs/privacy.md": text})


def malformed_yaml(site: SiteRepo) -> None:
    _one(site, "---\ntitle: Privacy\nversion: 1\neffective: [2024-01-01\n---\nBody\n")


def missing_title(site: SiteRepo) -> None:
    _one(site, '---\nversion: "1"\neffective: 2024-01-01\n---\nBody\n')


def version_goes_down(site: SiteRepo) -> None:
    _one(site, notice("3", "2024-01-01", BODY))
    _one(site, notice("2", "2024-06-01", BODY + "More.\n"))


def version_repeats_with_other_date(site: SiteRepo) -> None:
    _one(site, notice("3", "2024-01-01", BODY))
    _one(site, notice("3", "2024-02-01", BODY + "Typo fixed.\n"))


def version_reused_later(site: SiteRepo) -> None:
    _one(site, notice("3", "2024-01-01", BODY))
    _one(site, notice("4", "2024-02-01", BODY + "Four.\n"))
    _one(site, notice("3", "2024-01-01", BODY + "Back to three.\n"))


def invalid_date(site: SiteRepo) -> None:
    _one(site, notice("1", "01/02/2024", BODY))


def impossible_date(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-02-30", BODY))


def effective_before_previous(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-05-01", BODY))
    _one(site, notice("2", "2024-04-01", BODY + "Two.\n"))


def unknown_key(site: SiteRepo) -> None:
    _one(site, notice("1", None, BODY, efective="2024-01-01"))


def float_version(site: SiteRepo) -> None:
    _one(site, "---\ntitle: Privacy\nversion: 3.10\neffective: 2024-01-01\n---\nBody\n")


def supersedes_unknown(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY, supersedes="[privcy-old]"))


def supersedes_itself(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY, supersedes="[privacy]"))


def supersession_cycle(site: SiteRepo) -> None:
    site.commit(
        "two",
        {
            "docs/a.md": notice("1", "2024-01-01", BODY, title="A", supersedes="[b]"),
            "docs/b.md": notice("1", "2024-01-01", BODY, title="B", supersedes="[a]"),
        },
    )


def not_utf8(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    site.commit(
        "latin-1",
        {"docs/privacy.md": notice("2", "2024-02-01", BODY).encode() + "Fødsel\n".encode("latin-1")},
    )


def legacy_outside_folder(site: SiteRepo) -> None:
    _one(site, notice("2", "2024-01-01", BODY))
    site.commit("legacy", {"versions/1.md": notice("1", "2020-01-01", BODY)})


def legacy_symlink_outside(site: SiteRepo) -> None:
    _one(site, notice("2", "2024-01-01", BODY))
    outside = site.root.parent / "outside.md"
    outside.write_text(notice("1", "2020-01-01", BODY))
    (site.root / "versions/privacy").mkdir(parents=True)
    os.symlink(outside, site.root / "versions/privacy/1.md")
    site.commit("link")


def deleted_without_successor(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    site.commit("other", {"docs/terms.md": notice("1", "2024-01-01", BODY, title="Terms")})
    site.commit("delete", {"docs/privacy.md": None})


def shallow_clone(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    _one(site, notice("2", "2024-02-01", BODY + "Two.\n"))
    _one(site, notice("3", "2024-03-01", BODY + "Three.\n"))
    clone = site.root.parent / "shallow"
    site.run("git", "clone", "--quiet", "--depth", "1", f"file://{site.root}", str(clone))
    site.root = clone


def not_a_repo(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    plain = site.root.parent / "plain"
    plain.mkdir()
    for name in ("mkdocs.yml", "docs/index.md", "docs/privacy.md"):
        (plain / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / name).write_bytes((site.root / name).read_bytes())
    site.root = plain


CASES: list[tuple[Callable[[SiteRepo], None], str, str, str]] = [
    # setup, location the message starts with, what it says, part of the fix
    (malformed_yaml, "docs/privacy.md:4:", "malformed YAML", "indentation"),
    (missing_title, "docs/privacy.md:2:", "no `title`", "add a line `title:"),
    (version_goes_down, "docs/privacy.md:3:", "version 2 comes after version 3", "e.g. 4"),
    (
        version_repeats_with_other_date,
        "docs/privacy.md:4:",
        "published with effective date 2024-01-01",
        "new version label",
    ),
    (version_reused_later, "docs/privacy.md:3:", "version 3 was already published", "label after 4"),
    (invalid_date, "docs/privacy.md:4:", "is not a date", "YYYY-MM-DD"),
    (impossible_date, "docs/privacy.md:4:", "is not a real date", "YYYY-MM-DD"),
    (effective_before_previous, "docs/privacy.md:4:", "before version 1 (2024-05-01)", "2024-05-01 or later"),
    (unknown_key, "docs/privacy.md:4:", "unknown key `efective`", "did you mean `effective`?"),
    (float_version, "docs/privacy.md:3:", "quote it", 'version: "3.1"'),
    (supersedes_unknown, "docs/privacy.md:5:", "names `privcy-old`, which is not a notice", "id of a notice"),
    (supersedes_itself, "docs/privacy.md:5:", "lists itself", "remove it"),
    (supersession_cycle, "docs/a.md:5:", "supersession cycle: a → b → a", "remove one"),
    (not_utf8, "docs/privacy.md:9:", "not UTF-8", "save the file as UTF-8"),
    (legacy_outside_folder, "versions/1.md:", "outside a notice folder", "versions/<notice id>/1.md"),
    (legacy_symlink_outside, "versions/privacy/1.md:", "symbolic link pointing outside", "copy the old text"),
    (deleted_without_successor, "docs/privacy.md:", "was deleted in", "supersedes: [privacy]"),
    (shallow_clone, "", "shallow clone", "git fetch --unshallow"),
    (not_a_repo, "", "not inside a Git repository", "git init"),
]


@pytest.mark.parametrize(("setup", "where", "what", "fix"), CASES, ids=[c[0].__name__ for c in CASES])
def test_cli_check_names_file_line_problem_and_fix(
    site: SiteRepo, setup: Callable[[SiteRepo], None], where: str, what: str, fix: str
) -> None:
    setup(site)
    result = site.notices("check", check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one message, no traceback
    message = lines[0]
    assert message.startswith("error: ")
    assert where in message and what in message and fix in message, message
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "setup",
    [version_goes_down, supersedes_unknown, shallow_clone, deleted_without_successor],
    ids=lambda f: f.__name__,
)
def test_mkdocs_build_fails_cleanly_and_keeps_previous_site(site: SiteRepo, setup: Callable[[SiteRepo], None]) -> None:
    setup(site)
    previous = Path(site.root / "site" / "privacy" / "1" / "index.html")
    previous.parent.mkdir(parents=True)
    previous.write_text("published before")
    result = site.build(check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Error: notices:" in result.stderr or "ERROR" in result.stderr, result.stderr
    assert previous.read_text() == "published before"


def test_github_annotations_point_at_the_line(site: SiteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    missing_title(site)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = site.notices("check", check=False)
    assert "::error file=docs/privacy.md,line=2::the notice has no `title`" in result.stdout


def test_cli_without_mkdocs_yml(tmp_path: Path) -> None:
    import subprocess

    from conftest import BIN

    result = subprocess.run([str(BIN / "notices"), "check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("error: mkdocs.yml: no mkdocs.yml here — run the command in the site's folder")
