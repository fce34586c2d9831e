"""Every kind of bad input: one clear message (file, line, what, how to fix), nothing published."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

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


def bool_version(site: SiteRepo) -> None:
    _one(site, "---\ntitle: Privacy\nversion: yes\neffective: 2024-01-01\n---\nBody\n")


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


def _successor_setup(site: SiteRepo, successor: str | bytes) -> None:
    """`a` supersedes the deleted `b`; then `a` breaks: the error must be on `a`, not "b was deleted"."""
    site.commit("b", {"docs/b.md": notice("1", "2024-01-01", BODY, title="B")})
    site.commit("a", {"docs/a.md": notice("1", "2024-02-01", BODY, title="A", supersedes="[b]"), "docs/b.md": None})
    site.commit("break a", {"docs/a.md": successor})


def closing_fence_removed(site: SiteRepo) -> None:
    _successor_setup(site, '---\ntitle: A\nversion: "2"\neffective: 2024-03-01\nsupersedes: [b]\n' + BODY)


def opening_fence_removed(site: SiteRepo) -> None:
    _successor_setup(site, 'title: A\nversion: "2"\neffective: 2024-03-01\nsupersedes: [b]\n---\n' + BODY)


def emptied(site: SiteRepo) -> None:
    _successor_setup(site, "")


def front_matter_as_list(site: SiteRepo) -> None:
    _successor_setup(site, "---\n- title: A\n- version: '2'\n---\n" + BODY)


def capital_version(site: SiteRepo) -> None:
    _successor_setup(site, notice("2", "2024-03-01", BODY, title="A", supersedes="[b]").replace("version", "Version"))


def bad_date_in_successor(site: SiteRepo) -> None:
    _successor_setup(site, notice("2", "2024-03-32", BODY, title="A", supersedes="[b]"))


def duplicate_key(site: SiteRepo) -> None:
    _one(site, "---\ntitle: P\nversion: '1'\neffective: 2024-01-01\nversion: '2'\n---\nBody\n")


def unix_time_date(site: SiteRepo) -> None:
    _one(site, "---\ntitle: Privacy\nversion: '1'\neffective: 4084214400\n---\nBody\n")


def label_too_long(site: SiteRepo) -> None:
    _one(site, notice("a" * 71, "2024-01-01", BODY))


def utf16(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY).encode("utf-16"))


def nul_byte(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY + "a\0b\n"))


def symlink_outside_repo(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    outside = site.root.parent / "outside.md"
    outside.write_text(notice("1", "2024-01-01", BODY, title="Outside"))
    os.symlink(outside, site.root / "docs/outside.md")


def rename_rewrite_restarting_versions(site: SiteRepo) -> None:
    _one(site, notice("3", "2024-01-01", BODY))
    site.commit("rename", {"docs/privacy.md": None, "docs/policy.md": notice("1", "2024-02-01", "## New\n\nWords.\n")})


def delete_and_add_two(site: SiteRepo) -> None:
    _one(site, notice("3", "2024-01-01", BODY))
    site.commit(
        "split",
        {
            "docs/privacy.md": None,
            "docs/a.md": notice("1", "2024-02-01", "## A\n\nWords.\n", title="A"),
            "docs/b.md": notice("1", "2024-02-01", "## B\n\nWords.\n", title="B"),
        },
    )


def legacy_label_after_git(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    _one(site, notice("2", "2024-02-01", BODY + "Two.\n"))
    site.commit("legacy", {"versions/privacy/old.md": notice("2", "2020-01-01", BODY)})


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
    (bool_version, "docs/privacy.md:3:", "not true/false", "a label that goes up"),
    (supersedes_unknown, "docs/privacy.md:5:", "names `privcy-old`, which is not a notice", "id of a notice"),
    (supersedes_itself, "docs/privacy.md:5:", "lists itself", "remove it"),
    (supersession_cycle, "docs/a.md:5:", "supersession cycle: a → b → a", "remove one"),
    (not_utf8, "docs/privacy.md:9:", "not UTF-8", "save the file as UTF-8"),
    (legacy_outside_folder, "versions/1.md:", "outside a notice folder", "versions/<notice id>/1.md"),
    (legacy_symlink_outside, "versions/privacy/1.md:", "symbolic link pointing outside", "copy the old text"),
    (deleted_without_successor, "docs/privacy.md:", "was deleted in", "supersedes: [privacy]"),
    (closing_fence_removed, "docs/a.md:1:", "no closing `---`", "add a line `---`"),
    (opening_fence_removed, "docs/a.md:1:", "no opening `---`", "add a line `---` above line 1"),
    (emptied, "docs/a.md:1:", "the file is empty, so notice `a` would leave the site", "supersedes: [a]"),
    (front_matter_as_list, "docs/a.md:2:", "not a list", "without a leading `- `"),
    (capital_version, "docs/a.md:3:", "unknown key `Version`", "did you mean `version`?"),
    (bad_date_in_successor, "docs/a.md:4:", "is not a real date", "YYYY-MM-DD"),
    (duplicate_key, "docs/privacy.md:5:", "`version` appears twice", "keep one of the two lines"),
    (unix_time_date, "docs/privacy.md:4:", "4084214400 is not a date", "YYYY-MM-DD"),
    (label_too_long, "docs/privacy.md:3:", "71 characters long", "a label that goes up"),
    (utf16, "docs/privacy.md:1:", "UTF-16", "save the file as UTF-8"),
    (nul_byte, "docs/privacy.md:9:", "NUL byte", "save the file again"),
    (symlink_outside_repo, "docs/outside.md:", "cannot be a symbolic link", "replace the link with the file"),
    (rename_rewrite_restarting_versions, "docs/policy.md:3:", "version 1", "read as docs/privacy.md renamed"),
    (delete_and_add_two, "docs/privacy.md:", "was deleted in commit", "docs/a.md and docs/b.md"),
    (legacy_label_after_git, "versions/privacy/old.md:3:", "not older than version 1", "a label before 1"),
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


def test_a_warning_is_annotated_on_its_file_and_line(site: SiteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad text in a past commit is skipped with a warning that keeps its place (a structured
    warning, not a string the CLI splits), so the PR shows it on the line, with what was done."""
    _one(site, notice("1", "2024-01-01", BODY))
    _one(site, '---\nversion: "2"\neffective: 2024-02-01\n---\nBody\n')
    _one(site, notice("3", "2024-03-01", BODY + "More.\n"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = site.notices("check", check=False)
    line = next(x for x in result.stdout.splitlines() if x.startswith("::warning"))
    assert line.startswith("::warning file=docs/privacy.md,line=2::the notice has no `title`"), line
    assert "this text is not published)" in line and "docs/privacy.md:2" not in line, line
    assert "warning: docs/privacy.md:2: the notice has no `title`" in result.stderr, result.stderr


def test_cli_without_mkdocs_yml(tmp_path: Path) -> None:
    import subprocess

    from conftest import BIN

    result = subprocess.run([str(BIN / "notices"), "check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("error: mkdocs.yml: no mkdocs.yml here — run the command in the site's folder")


def _manifest(site: SiteRepo) -> dict[str, Any]:
    """Versions as the core reads them, in this process (no build needed)."""
    from notices import load_notices
    from notices.config.mkdocs_yml import load_options

    options, _ = load_options(site.root / "mkdocs.yml")
    loaded = load_notices(replace(options, cache=False))
    return {n.id: {v.label: len(v.revisions) for v in n.versions} | {"aliases": n.aliases} for n in loaded}


def test_version_label_is_what_was_written(site: SiteRepo) -> None:
    _one(site, "---\ntitle: P\nversion: 010\neffective: 2024-01-01\n---\nBody\n")
    site.commit("v", {"docs/privacy.md": "---\ntitle: P\nversion: 10.10\neffective: 2024-02-01\n---\nBody 2\n"})
    assert _manifest(site)["privacy"] == {"010": 1, "10.10": 1, "aliases": []}


def test_crlf_only_change_is_not_a_new_revision(site: SiteRepo) -> None:
    text = notice("1", "2024-01-01", BODY)
    _one(site, text)
    _one(site, text.replace("\n", "\r\n"))
    site.write("docs/privacy.md", text.replace("\n", "\r\n") + "\r\n")
    assert _manifest(site)["privacy"] == {"1": 1, "aliases": []}


def test_rename_with_rewrite_in_one_commit_is_followed(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    site.commit(
        "rename", {"docs/privacy.md": None, "docs/policy.md": notice("2", "2024-02-01", "## New\n\nAll new.\n")}
    )
    found = _manifest(site)
    assert "privacy" not in found and found["policy"] == {"1": 1, "2": 1, "aliases": ["privacy"]}


def test_odd_files_in_docs_are_no_traceback(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    (site.root / "docs/folder.md").mkdir()
    (site.root / "docs/folder.md/inside.md").write_text("# A page\n")
    assert site.notices("check").returncode == 0
    os.symlink("loop.md", site.root / "docs/loop.md")
    result = site.notices("check", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: docs/loop.md: symbolic link to a file that does not exist (or a loop")
    (site.root / "docs/loop.md").unlink()
    os.symlink("nowhere.md", site.root / "docs/gone.md")
    result = site.notices("check", check=False)
    assert result.stderr.startswith("error: docs/gone.md: symbolic link to a file that does not exist")


def test_a_page_that_never_was_a_notice_stays_a_page(site: SiteRepo) -> None:
    _one(site, notice("1", "2024-01-01", BODY))
    site.commit("about", {"docs/about.md": "---\ntitle: About\n---\nUs.\n"})
    site.commit("about 2", {"docs/about.md": ""})
    assert list(_manifest(site)) == ["privacy"]
