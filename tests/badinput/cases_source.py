"""Bad notice files: fences, YAML, values, encodings, links, supersession, translations,
legacy versions and change notes.

The base site has privacy 1–3 (3 supersedes the deleted community policy), a cookie
notice and its Danish translation. Every privacy text here keeps `supersedes:
[community]`, so a case that breaks privacy must be reported on privacy, not as
"community was deleted and nothing supersedes it".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from badinput import MKDOCS_YML, PRIVACY_BODY, Case

SUPERSEDES = "supersedes: [community]\n"
BODY = PRIVACY_BODY.format(years=2)


def _privacy(
    version: str = '"4"', effective: str = "2024-09-01", extra: str = "", title: str = "Privacy notice"
) -> str:
    return f"---\ntitle: {title}\nversion: {version}\neffective: {effective}\n{SUPERSEDES}{extra}---\n{BODY}"


P4 = _privacy()
FRONT = f'title: Privacy notice\nversion: "4"\neffective: 2024-09-01\n{SUPERSEDES}'
"""Front matter lines of privacy 4 (line 2 onwards), for cases that break the fences."""


def _manifest(site: Path) -> dict[str, dict[str, object]]:
    notices: dict[str, dict[str, object]] = json.loads((site / "versions.json").read_text())["notices"]
    return notices


def _labels(site: Path, notice: str) -> list[str]:
    versions = _manifest(site)[notice]["versions"]
    assert isinstance(versions, list)
    return [str(v["version"]) for v in versions]


def _expect_labels(notice: str, labels: list[str]) -> object:
    def verify(site: Path) -> None:
        found = _labels(site, notice)
        assert found == labels, f"{notice} has versions {found}, expected {labels}"

    return verify


def _revisions(site: Path, notice: str, label: str) -> int:
    versions = _manifest(site)[notice]["versions"]
    assert isinstance(versions, list)
    return next(len(v["revisions"]) for v in versions if v["version"] == label)


def _crlf_same_as_lf(site: Path) -> None:
    assert _labels(site, "privacy") == ["1", "2", "3"], _labels(site, "privacy")
    assert _revisions(site, "privacy", "3") == 1, "a change of line ends alone made a new revision"


def _crlf_new_version(site: Path) -> None:
    assert _labels(site, "privacy") == ["1", "2", "3", "4"]
    page = (site / "privacy" / "4" / "index.html").read_text(encoding="utf-8")
    assert "\r" not in page and "Orders are kept for 2 years." in page


def _octal(site: Path) -> None:
    assert _labels(site, "privacy") == ["1", "2", "3", "010"], _labels(site, "privacy")
    assert (site / "privacy" / "010" / "index.html").is_file()


def _label_as_written(label: str) -> object:
    def verify(site: Path) -> None:
        assert _labels(site, "privacy") == ["1", "2", "3", label], _labels(site, "privacy")

    return verify


def _renamed(site: Path) -> None:
    manifest = _manifest(site)
    assert "privacy" not in manifest, "the old id should be an alias of the renamed notice"
    assert _labels(site, "policy") == ["1", "2", "3", "4"]
    assert manifest["policy"]["aliases"] == ["privacy"]


def _translation(lang: str) -> object:
    def verify(site: Path) -> None:
        entry = _manifest(site)[f"privacy.{lang}"]
        assert entry["translation_of"] == "privacy" and entry["lang"] == lang, entry

    return verify


def _big(site: Path) -> None:
    assert _labels(site, "privacy") == ["1", "2", "3", "4"]
    assert (site / "privacy" / "4" / "index.html").stat().st_size > 1_000_000


def _link(target: str, name: str) -> object:
    def setup(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / name)

    return setup


def _outside_link(root: Path) -> None:
    outside = root.parent / "outside.md"
    outside.write_text(_privacy(title="Outside"))
    os.symlink(outside, root / "docs" / "outside.md")


def _folder_named_md(root: Path) -> None:
    (root / "docs" / "folder.md").mkdir()
    (root / "docs" / "folder.md" / "inside.md").write_text("# Inside\n\nA page.\n")


def _no_notices_lost(site: Path) -> None:
    assert _labels(site, "privacy") == ["1", "2", "3"] and _labels(site, "cookies") == ["1"]


def _reuse_old_id(root: Path) -> None:
    """Rename privacy to policy in one commit, then add a new, different privacy.md in the next."""
    import git

    repo = git.Repo(root)
    actor = git.Actor("Ada Editor", "ada@example.org")
    repo.git.mv("docs/privacy.md", "docs/policy.md")
    repo.index.commit(
        "rename", author=actor, committer=actor, author_date="2024-09-02T12:00:00", commit_date="2024-09-02T12:00:00"
    )
    (root / "docs" / "privacy.md").write_text(
        "---\ntitle: Other\nversion: '1'\neffective: 2024-09-03\n---\n## Other\n\nA different notice.\n"
    )
    repo.git.add(A=True)
    repo.index.commit(
        "new privacy",
        author=actor,
        committer=actor,
        author_date="2024-09-03T12:00:00",
        commit_date="2024-09-03T12:00:00",
    )
    repo.close()


def _superseded_by(notice: str, successor: str) -> object:
    def verify(site: Path) -> None:
        assert _manifest(site)[notice]["superseded_by"] == successor

    return verify


INCLUDE_YML = MKDOCS_YML.replace("  - notices\n", "  - notices:\n      include: [rules.md]\n")


LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefghijkl", "bcdefghijklm", strict=True)
)


CASES = [
    # -- item 2: a notice that stops parsing as one is an error, never a vanished notice ----------
    Case(
        "src-fence-closing-missing",
        {"docs/privacy.md": "---\n" + FRONT + BODY},
        where="docs/privacy.md:1",
        says="no closing `---`",
    ),
    Case(
        "src-fence-opening-missing",
        {"docs/privacy.md": FRONT + "---\n" + BODY},
        where="docs/privacy.md:1",
        says="no opening `---`",
    ),
    Case(
        "src-fence-extra-opening",
        {"docs/privacy.md": "---\n---\n" + FRONT + "---\n" + BODY},
        where="docs/privacy.md:2",
        says="ends the front matter before its first key",
    ),
    Case(
        "src-fence-both-missing", {"docs/privacy.md": FRONT + BODY}, where="docs/privacy.md:1", says="no front matter"
    ),
    Case(
        "src-fence-dots-close",
        {"docs/privacy.md": "---\n" + FRONT + "...\n" + BODY},
        expect="accepted",
        verify=_expect_labels("privacy", ["1", "2", "3", "4"]),
    ),
    Case("src-empty-file", {"docs/privacy.md": ""}, where="docs/privacy.md:1", says="file is empty.*privacy"),
    Case(
        "src-empty-file-uncommitted",
        {"docs/privacy.md": ""},
        commit=False,
        where="docs/privacy.md:1",
        says="file is empty",
    ),
    Case("src-whitespace-only", {"docs/privacy.md": "\n  \n\n"}, where="docs/privacy.md:1", says="file is empty"),
    Case("src-front-matter-removed", {"docs/privacy.md": BODY}, where="docs/privacy.md:1", says="no front matter"),
    Case(
        "src-version-removed",
        {"docs/privacy.md": f"---\ntitle: Privacy notice\n{SUPERSEDES}---\n{BODY}"},
        where="docs/privacy.md:2",
        says="no `version`",
    ),
    Case(
        "src-version-empty",
        {"docs/privacy.md": _privacy(version="")},
        where="docs/privacy.md:3",
        says="`version` has no value",
    ),
    Case("src-translation-emptied", {"docs/cookies.da.md": ""}, where="docs/cookies.da.md:1", says="file is empty"),
    Case(
        "src-new-page-without-version-ok",
        {"docs/about.md": "---\ntitle: About\n---\n# About\n\nUs.\n"},
        expect="accepted",
        verify=lambda site: _no_notices_lost(site),
    ),
    Case(
        "src-new-page-with-horizontal-rule-ok",
        {"docs/about.md": "---\n\n# About\n\nversion history below\n"},
        expect="accepted",
    ),
    # -- item 5: published values are what the author wrote --------------------------------------
    Case(
        "src-version-octal-as-written", {"docs/privacy.md": _privacy(version="010")}, expect="accepted", verify=_octal
    ),
    Case(
        "src-version-1.10-as-written",
        {"docs/privacy.md": _privacy(version="3.10")},
        expect="accepted",
        verify=_label_as_written("3.10"),
    ),
    Case(
        "src-version-4.0-as-written",
        {"docs/privacy.md": _privacy(version="4.0")},
        expect="accepted",
        verify=_label_as_written("4.0"),
    ),
    Case(
        "src-version-same-number-as-before",
        {"docs/privacy.md": _privacy(version="03")},
        where="docs/privacy.md:3",
        says="same number as version 3",
    ),
    Case(
        "src-version-bool", {"docs/privacy.md": _privacy(version="yes")}, where="docs/privacy.md:3", says="true/false"
    ),
    Case("src-version-list", {"docs/privacy.md": _privacy(version="[4]")}, where="docs/privacy.md:3", says="`version`"),
    Case(
        "src-version-too-long",
        {"docs/privacy.md": _privacy(version="a" * 71)},
        where="docs/privacy.md:3",
        says="71 characters.*at most 64",
    ),
    Case(
        "src-version-slash",
        {"docs/privacy.md": _privacy(version='"4/5"')},
        where="docs/privacy.md:3",
        says="part of the URL",
    ),
    Case(
        "src-version-reserved",
        {"docs/privacy.md": _privacy(version="compare")},
        where="docs/privacy.md:3",
        says="reserved",
    ),
    Case(
        "src-effective-unix-time",
        {"docs/privacy.md": _privacy(effective="4084214400")},
        where="docs/privacy.md:4",
        says="not a date.*YYYY-MM-DD",
    ),
    Case(
        "src-effective-with-time",
        {"docs/privacy.md": _privacy(effective="2024-09-01T10:00:00")},
        where="docs/privacy.md:4",
        says="YYYY-MM-DD",
    ),
    Case(
        "src-effective-impossible",
        {"docs/privacy.md": _privacy(effective="2024-02-30")},
        where="docs/privacy.md:4",
        says="not a real date",
    ),
    Case(
        "src-effective-month-13",
        {"docs/privacy.md": _privacy(effective="2024-13-01")},
        where="docs/privacy.md:4",
        says="not a real date",
    ),
    Case(
        "src-effective-european",
        {"docs/privacy.md": _privacy(effective="01.09.2024")},
        where="docs/privacy.md:4",
        says="YYYY-MM-DD",
    ),
    Case(
        "src-effective-missing",
        {"docs/privacy.md": P4.replace("effective: 2024-09-01\n", "")},
        where="docs/privacy.md:3",
        says="no `effective`",
    ),
    Case(
        "src-duplicate-version",
        {"docs/privacy.md": _privacy(extra='version: "5"\n')},
        where="docs/privacy.md:6",
        says="`version` appears twice.*line 3",
    ),
    Case(
        "src-duplicate-title",
        {"docs/privacy.md": _privacy(extra="title: Other\n")},
        where="docs/privacy.md:6",
        says="`title` appears twice",
    ),
    Case("src-title-empty", {"docs/privacy.md": _privacy(title="")}, where="docs/privacy.md:2", says="no `title`"),
    Case(
        "src-title-mapping",
        {"docs/privacy.md": _privacy(title="\n  en: Privacy")},
        where="docs/privacy.md:2",
        says="`title`: must be text",
    ),
    Case(
        "src-title-number-as-written",
        {"docs/privacy.md": _privacy(title="2024")},
        expect="accepted",
        verify=lambda site: None,
    ),
    Case(
        "src-unknown-key-typo",
        {"docs/privacy.md": _privacy(extra="sumary: x\n")},
        where="docs/privacy.md:6",
        says="did you mean `summary`",
    ),
    # -- item 6: the root cause, on its own file ----------------------------------------------------
    Case(
        "src-capital-version-typo",
        {"docs/privacy.md": P4.replace("version:", "Version:")},
        where="docs/privacy.md:3",
        says="unknown key `Version`.*did you mean `version`",
    ),
    Case(
        "src-front-matter-list",
        {"docs/privacy.md": "---\n- title: Privacy\n- version: '4'\n---\n" + BODY},
        where="docs/privacy.md:2",
        says="not a list",
    ),
    Case(
        "src-front-matter-scalar",
        {"docs/privacy.md": "---\nPrivacy notice, version 4\n---\n" + BODY},
        where="docs/privacy.md:2",
        says="key: value",
    ),
    Case(
        "src-front-matter-malformed",
        {"docs/privacy.md": _privacy(extra="summary: [unclosed\n")},
        where="docs/privacy.md",
        says="malformed YAML",
    ),
    Case(
        "src-rename-and-rewrite",
        {
            "docs/privacy.md": None,
            "docs/policy.md": _privacy().replace(
                BODY, "## Completely new words\n\nNothing in common with the old text at all.\n"
            ),
        },
        expect="accepted",
        verify=_renamed,
    ),
    Case(
        "src-rename-rewrite-version-restarts",
        {"docs/privacy.md": None, "docs/policy.md": _privacy(version='"1"').replace(BODY, "## New\n\nWords.\n")},
        where="docs/policy.md:3",
        says="read as docs/privacy.md renamed",
    ),
    Case(
        "src-delete-add-and-supersede-elsewhere-ok",
        {
            "docs/privacy.md": None,
            "docs/a.md": "---\ntitle: A\nversion: '1'\neffective: 2024-09-01\n---\n## A\n\nWords of A.\n",
            "docs/cookies.md": "---\ntitle: Cookies\nversion: '2'\neffective: 2024-09-01\nsupersedes: [privacy]\n---\n"
            "## Cookies\n\nTwo.\n",
        },
        expect="accepted",
        verify=_superseded_by("privacy", "cookies"),
    ),
    Case(
        "src-delete-and-add-two",
        {
            "docs/privacy.md": None,
            "docs/a.md": "---\ntitle: A\nversion: '1'\neffective: 2024-09-01\n---\n## A\n\nWords of A.\n",
            "docs/b.md": "---\ntitle: B\nversion: '1'\neffective: 2024-09-01\n---\n## B\n\nWords of B.\n",
        },
        where="docs/privacy.md",
        says="same commit added",
    ),
    Case(
        "src-new-successor-typo",
        {
            "docs/privacy.md": None,
            "docs/policy.md": P4.replace("version:", "Version:").replace(
                SUPERSEDES, "supersedes: [community, privacy]\n"
            ),
        },
        where="docs/policy.md:3",
        says="did you mean `version`",
    ),
    Case(
        "src-new-successor-no-version",
        {
            "docs/privacy.md": None,
            "docs/policy.md": "---\ntitle: Policy\nsupersedes: [community, privacy]\n---\n" + BODY,
        },
        where="docs/policy.md:2",
        says="no `version`",
    ),
    # -- encodings and bytes -----------------------------------------------------------------------
    Case("src-utf16-bom", {"docs/privacy.md": P4.encode("utf-16")}, where="docs/privacy.md:1", says="UTF-16"),
    Case("src-utf16-no-bom", {"docs/privacy.md": P4.encode("utf-16-le")}, where="docs/privacy.md:1", says="UTF-16"),
    Case(
        "src-latin1",
        {"docs/privacy.md": (P4 + "Fødsel\n").encode("latin-1")},
        where="docs/privacy.md:",
        says="not UTF-8.*ø",
    ),
    Case(
        "src-utf8-bom-ok",
        {"docs/privacy.md": b"\xef\xbb\xbf" + P4.encode()},
        expect="accepted",
        verify=_expect_labels("privacy", ["1", "2", "3", "4"]),
    ),
    Case("src-crlf-ok", {"docs/privacy.md": P4.replace("\n", "\r\n")}, expect="accepted", verify=_crlf_new_version),
    Case(
        "src-crlf-only-change-ok",
        {
            "docs/privacy.md": _privacy('"3"', "2024-06-01")
            .replace(BODY, PRIVACY_BODY.format(years=3))
            .replace("\n", "\r\n")
        },
        expect="accepted",
        verify=_crlf_same_as_lf,
    ),
    Case(
        "src-cr-only-ok",
        {"docs/privacy.md": P4.replace("\n", "\r")},
        expect="accepted",
        verify=_expect_labels("privacy", ["1", "2", "3", "4"]),
    ),
    Case("src-nul-byte", {"docs/privacy.md": P4 + "a\0b\n"}, where="docs/privacy.md:", says="NUL byte"),
    Case(
        "src-huge-file-ok", {"docs/privacy.md": P4 + ("word " * 20 + "\n\n") * 12_000}, expect="accepted", verify=_big
    ),
    # -- YAML hazards --------------------------------------------------------------------------------
    Case(
        "src-billion-laughs",
        {"docs/privacy.md": _privacy(extra="a: &a [lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS)},
        where="docs/privacy.md:",
        says="aliases",
    ),
    Case(
        "src-tab-indent",
        {"docs/privacy.md": P4.replace("version:", "\tversion:")},
        where="docs/privacy.md:3",
        says="tab",
    ),
    Case(
        "src-yaml-tag",
        {"docs/privacy.md": _privacy(extra="x: !!python/object:os.system ls\n")},
        where="docs/privacy.md",
        says="malformed YAML",
    ),
    # -- supersession ----------------------------------------------------------------------------------
    Case(
        "src-supersedes-itself",
        {"docs/privacy.md": P4.replace(SUPERSEDES, "supersedes: [community, privacy]\n")},
        where="docs/privacy.md:5",
        says="lists itself",
    ),
    Case(
        "src-supersedes-unknown",
        {"docs/privacy.md": P4.replace(SUPERSEDES, "supersedes: [community, cokies]\n")},
        where="docs/privacy.md:5",
        says="did you mean `cookies`",
    ),
    Case(
        "src-supersession-cycle",
        {
            "docs/privacy.md": P4.replace(SUPERSEDES, "supersedes: [community, cookies]\n"),
            "docs/cookies.md": "---\ntitle: Cookies\nversion: '2'\neffective: 2024-09-01\n"
            "supersedes: [privacy]\n---\n## Cookies\n\nOne.\n",
        },
        says="supersession cycle",
    ),
    Case(
        "src-supersedes-dropped",
        {"docs/privacy.md": P4.replace(SUPERSEDES, "")},
        where="docs/privacy.md:2",
        says="no longer names `community`",
    ),
    Case(
        "src-supersedes-not-a-list",
        {"docs/privacy.md": P4.replace(SUPERSEDES, "supersedes: {community: 1}\n")},
        where="docs/privacy.md:5",
        says="list of text",
    ),
    # -- translations ------------------------------------------------------------------------------------
    Case(
        "src-translation-clash-site-language",
        {"docs/privacy.en.md": P4},
        where="docs/privacy.en.md",
        says="two files claim `privacy` in `en`",
    ),
    Case(
        "src-translation-unknown-code",
        {"docs/privacy.xx.md": _privacy('"3"', "2024-06-01")},
        where="docs/privacy.xx.md",
        says="not a language code",
    ),
    Case(
        "src-translation-upper-case",
        {"docs/privacy.EN.md": _privacy('"3"', "2024-06-01")},
        where="docs/privacy.EN.md",
        says="lower case.*privacy.en.md",
    ),
    Case(
        "src-translation-region-ok",
        {"docs/privacy.de-AT.md": "---\ntitle: Datenschutz\nversion: '3'\n---\n## Wer wir sind\n\nExample Ltd.\n"},
        expect="accepted",
        verify=_translation("de-AT"),
    ),
    Case(
        "src-translation-of-unknown-version",
        {"docs/privacy.de.md": "---\ntitle: Datenschutz\nversion: '9'\n---\n## Wer\n\nWir.\n"},
        where="docs/privacy.de.md",
        says="no such version",
    ),
    Case(
        "src-translation-without-main",
        {"docs/terms.de.md": "---\ntitle: AGB\nversion: '1'\n---\nText.\n"},
        where="docs/terms.de.md",
        says="not a notice",
    ),
    Case(
        "src-translation-lang-disagrees",
        {
            "docs/cookies.da.md": "---\ntitle: Cookies\nversion: '1'\nlang: sv\n"
            "---\n## Cookies\n\nVi sætter en cookie.\n"
        },
        where="docs/cookies.da.md",
        says="file name says `da`",
    ),
    # -- versions that go the wrong way -------------------------------------------------------------------
    Case(
        "src-version-goes-down",
        {"docs/privacy.md": _privacy('"2"')},
        where="docs/privacy.md:3",
        says="already published",
    ),
    Case(
        "src-version-below-first",
        {"docs/privacy.md": _privacy('"0"')},
        where="docs/privacy.md:3",
        says="versions only go up",
    ),
    Case(
        "src-same-label-two-dates",
        {"docs/privacy.md": _privacy('"3"', "2024-07-01")},
        where="docs/privacy.md:4",
        says="published with effective date 2024-06-01",
    ),
    Case(
        "src-effective-goes-back",
        {"docs/privacy.md": _privacy('"4"', "2024-05-01")},
        where="docs/privacy.md:4",
        says="before version 3",
    ),
    # -- links and odd files under docs/ ---------------------------------------------------------------------
    Case("src-symlink-outside-repo", setup=_outside_link, where="docs/outside.md", says="symbolic link"),
    Case(
        "src-symlink-to-notice",
        setup=_link("privacy.md", "docs/privacy-copy.md"),
        where="docs/privacy-copy.md",
        says="symbolic link",
    ),
    Case("src-symlink-loop", setup=_link("loop.md", "docs/loop.md"), where="docs/loop.md", says="loop of links"),
    Case(
        "src-symlink-dangling", setup=_link("nowhere.md", "docs/gone.md"), where="docs/gone.md", says="does not exist"
    ),
    Case("src-symlink-to-plain-page-ok", setup=_link("index.md", "docs/home.md"), expect="accepted"),
    Case("src-folder-named-md-ok", setup=_folder_named_md, expect="accepted", verify=lambda site: None),
    # -- legacy versions ------------------------------------------------------------------------------------------
    Case("src-legacy-empty", {"versions/privacy/0.md": ""}, where="versions/privacy/0.md:1", says="empty"),
    Case(
        "src-legacy-no-front-matter",
        {"versions/privacy/0.md": "Old text.\n"},
        where="versions/privacy/0.md:1",
        says="needs `version`",
    ),
    Case(
        "src-legacy-fence-missing",
        {"versions/privacy/0.md": "---\ntitle: Old\nversion: '0'\neffective: 2020-01-01\nOld text.\n"},
        where="versions/privacy/0.md:1",
        says="no closing",
    ),
    Case(
        "src-legacy-duplicate-key",
        {"versions/privacy/0.md": "---\ntitle: Old\nversion: '0'\nversion: '0.5'\neffective: 2020-01-01\n---\nOld.\n"},
        where="versions/privacy/0.md:4",
        says="appears twice",
    ),
    Case(
        "src-legacy-octal-as-written",
        {"versions/privacy/0.md": "---\ntitle: Old\nversion: 00\neffective: 2020-01-01\n---\nOld.\n"},
        expect="accepted",
        verify=_expect_labels("privacy", ["00", "1", "2", "3"]),
    ),
    Case(
        "src-legacy-clashes-with-git",
        {"versions/privacy/x.md": "---\ntitle: Old\nversion: '2'\neffective: 2020-01-01\n---\nOld.\n"},
        where="versions/privacy/x.md",
        says="version 2",
    ),
    Case(
        "src-legacy-unknown-notice",
        {"versions/privcy/0.md": "---\ntitle: Old\nversion: '0'\neffective: 2020-01-01\n---\nOld.\n"},
        where="privcy",
        says="did you mean `privacy`",
    ),
    Case(
        "src-legacy-dangling-link",
        setup=_link("nowhere.md", "versions/privacy/0.md"),
        where="versions/privacy/0.md",
        says="does not exist",
    ),
    Case(
        "src-legacy-utf16",
        {"versions/privacy/0.md": "---\ntitle: Old\nversion: '0'\neffective: 2020-01-01\n---\nOld.\n".encode("utf-16")},
        where="versions/privacy/0.md:1",
        says="UTF-16",
    ),
    # -- change notes --------------------------------------------------------------------------------------------
    Case(
        "src-note-unknown-version",
        {"changelog/privacy/9.md": "Changed.\n"},
        where="changelog/privacy/9.md",
        says="no such version",
    ),
    Case(
        "src-note-unknown-notice",
        {"changelog/privcy/3.md": "Changed.\n"},
        where="changelog/privcy/3.md",
        says="not a notice",
    ),
    Case("src-note-empty", {"changelog/privacy/3.md": ""}, where="changelog/privacy/3.md:1", says="empty"),
    Case(
        "src-note-latin1",
        {"changelog/privacy/3.md": "Fødsel\n".encode("latin-1")},
        where="changelog/privacy/3.md:1",
        says="not UTF-8",
    ),
    Case(
        "src-note-folder-named-md-ok",
        setup=lambda root: (root / "changelog" / "privacy" / "3.md").mkdir(parents=True),
        expect="accepted",
    ),
    Case("src-note-for-superseded-ok", {"changelog/community/1.md": "The forum policy.\n"}, expect="accepted"),
    # -- more values ----------------------------------------------------------------------------------------
    Case(
        "src-version-date-label-ok",
        {"docs/privacy.md": _privacy(version="2024-09-01")},
        expect="accepted",
        verify=_label_as_written("2024-09-01"),
    ),
    Case(
        "src-version-hex-goes-down",
        {"docs/privacy.md": _privacy(version="0x10")},
        where="docs/privacy.md:3",
        says="only go up",
    ),
    Case(
        "src-summary-mapping",
        {"docs/privacy.md": _privacy(extra="summary: {a: b}\n")},
        where="docs/privacy.md:6",
        says="`summary`: must be text",
    ),
    Case(
        "src-purposes-not-a-list",
        {"docs/privacy.md": _privacy(extra="purposes: {a: b}\n")},
        where="docs/privacy.md:6",
        says="list of text",
    ),
    Case(
        "src-material-not-bool",
        {"docs/privacy.md": _privacy(extra="material: maybe\n")},
        where="docs/privacy.md:6",
        says="`material`",
    ),
    Case(
        "src-lang-number",
        {"docs/privacy.md": _privacy(extra="lang: 12\n")},
        where="docs/privacy.md:6",
        says="`lang`: must be text",
    ),
    Case(
        "src-colon-in-title",
        {"docs/privacy.md": _privacy(title="Privacy: how we use data")},
        where="docs/privacy.md:2",
        says="malformed YAML",
    ),
    Case(
        "src-fence-trailing-spaces-ok",
        {"docs/privacy.md": P4.replace("---\n", "---  \n")},
        expect="accepted",
        verify=_expect_labels("privacy", ["1", "2", "3", "4"]),
    ),
    Case(
        "src-bom-and-crlf-ok",
        {"docs/privacy.md": b"\xef\xbb\xbf" + P4.replace("\n", "\r\n").encode()},
        expect="accepted",
        verify=_expect_labels("privacy", ["1", "2", "3", "4"]),
    ),
    Case("src-old-id-reused", setup=_reuse_old_id, where="docs/privacy.md", says="old id of `policy`"),
    Case(
        "src-supersedes-as-text-ok",
        {"docs/privacy.md": P4.replace(SUPERSEDES, "supersedes: community\n")},
        expect="accepted",
        verify=_superseded_by("community", "privacy"),
    ),
    Case(
        "src-superseded-twice",
        {
            "docs/cookies.md": "---\ntitle: Cookies\nversion: '2'\neffective: 2024-09-01\n"
            "supersedes: [community]\n---\n## Cookies\n\nTwo.\n"
        },
        says="superseded by both",
    ),
    Case(
        "src-include-emptied",
        {"mkdocs.yml": INCLUDE_YML, "docs/rules.md": ""},
        where="docs/rules.md:1",
        says="file is empty",
    ),
    Case(
        "src-include-plain-page-ok",
        {"mkdocs.yml": INCLUDE_YML, "docs/rules.md": "---\n\n# House rules\n\nBe kind.\n"},
        expect="accepted",
    ),
    Case(
        "src-note-front-matter-only",
        {"changelog/privacy/3.md": "---\ntitle: x\n---\n"},
        where="changelog/privacy/3.md:1",
        says="empty",
    ),
    Case(
        "src-upper-case-suffix-not-a-language-ok",
        {"docs/terms.US.md": "---\ntitle: US terms\nversion: '1'\neffective: 2024-09-01\n---\n## Terms\n\nUS.\n"},
        expect="accepted",
        verify=_expect_labels("terms.US", ["1"]),
    ),
    Case(
        "src-renamed-to-txt",
        {"docs/privacy.md": None, "docs/privacy.txt": P4},
        where="docs/privacy.md",
        says="was deleted in commit",
    ),
    Case(
        "src-legacy-effective-backwards",
        {
            "versions/privacy/a.md": "---\ntitle: Old\nversion: '0.1'\neffective: 2021-01-01\n---\nOld.\n",
            "versions/privacy/b.md": "---\ntitle: Old\nversion: '0.2'\neffective: 2020-01-01\n---\nOlder.\n",
        },
        where="versions/privacy/b.md:4",
        says="before version 0.1",
    ),
    Case(
        "src-translation-region-lower-ok",
        {"docs/privacy.pt-br.md": "---\ntitle: Privacidade\nversion: '3'\n---\n## Quem somos\n\nExample Ltd.\n"},
        expect="accepted",
        verify=_translation("pt-br"),
    ),
    # -- legacy files with the faults of notice files ----------------------------------------------------------
    Case(
        "src-legacy-tab-indent",
        {"versions/privacy/0.md": "---\ntitle: Old\n\tversion: '0'\neffective: 2020-01-01\n---\nOld.\n"},
        where="versions/privacy/0.md:3",
        says="tab",
    ),
    Case(
        "src-legacy-list",
        {"versions/privacy/0.md": "---\n- title: Old\n- version: '0'\n---\nOld.\n"},
        where="versions/privacy/0.md:2",
        says="not a list",
    ),
    Case(
        "src-legacy-bad-date",
        {"versions/privacy/0.md": "---\ntitle: Old\nversion: '0'\neffective: 2020-02-30\n---\nOld.\n"},
        where="versions/privacy/0.md:4",
        says="not a real date",
    ),
    Case(
        "src-legacy-unix-date",
        {"versions/privacy/0.md": "---\ntitle: Old\nversion: '0'\neffective: 1577836800\n---\nOld.\n"},
        where="versions/privacy/0.md:4",
        says="not a date",
    ),
    Case(
        "src-legacy-crlf-ok",
        {
            "versions/privacy/0.md": "---\ntitle: Old\nversion: '0'\neffective: 2020-01-01\n---\nOld.\n".replace(
                "\n", "\r\n"
            )
        },
        expect="accepted",
        verify=_expect_labels("privacy", ["0", "1", "2", "3"]),
    ),
    Case(
        "src-legacy-symlink-loop",
        setup=_link("0.md", "versions/privacy/0.md"),
        where="versions/privacy/0.md",
        says="loop of links",
    ),
    Case(
        "src-legacy-folder-named-md",
        setup=lambda root: (root / "versions" / "privacy" / "0.md").mkdir(parents=True),
        expect="accepted",
        verify=_expect_labels("privacy", ["1", "2", "3"]),
    ),
    Case(
        "src-legacy-no-title",
        {"versions/privacy/0.md": "---\nversion: '0'\neffective: 2020-01-01\n---\nOld.\n"},
        where="versions/privacy/0.md",
        says="no `title`",
    ),
    # -- translations, more -------------------------------------------------------------------------------------
    Case(
        "src-translation-main-same-lang",
        {
            "docs/cookies.md": "---\ntitle: Cookies\nversion: '1'\n"
            "effective: 2024-01-01\nlang: da\n---\n## Cookies\n\nWe set one cookie.\n"
        },
        where="docs/cookies.da.md",
        says="two files claim `cookies` in `da`",
    ),
    Case(
        "src-translation-upper-region-ok",
        {"docs/privacy.zh-Hans.md": "---\ntitle: 隐私\nversion: '3'\n---\n## 我们是谁\n\nExample Ltd.\n"},
        expect="accepted",
        verify=_translation("zh-Hans"),
    ),
    Case("src-note-for-translation-ok", {"changelog/cookies.da/1.md": "Første version.\n"}, expect="accepted"),
    Case(
        "src-note-for-label-as-written-ok",
        {"docs/privacy.md": _privacy(version="010"), "changelog/privacy/010.md": "Ten.\n"},
        expect="accepted",
    ),
]
