"""Real repositories, real ``mkdocs build``: every version at its permanent URL."""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import subprocess
import sys

from conftest import SiteRepo, notice

V1 = "## Who we are\n\nExample Ltd runs a bakery app.\n\n## Purposes\n\nTo take orders.\n"
V2 = V1.replace("To take orders.", "To take and deliver orders.")
V3 = V2 + "\n## Retention\n\nWe keep orders for five years.\n"


def history(site: SiteRepo) -> None:
    site.write("versions/privacy/1.md", notice("1", "2020-01-01", V1))
    site.commit("v2", {"docs/privacy.md": notice("2", "2023-01-01", V2)})
    site.commit("v2 typo", {"docs/privacy.md": notice("2", "2023-01-01", V2.replace("bakery", "baking"))})
    site.commit("v3", {"docs/privacy.md": notice("3", "2025-01-01", V3)})
    site.commit("v4 upcoming", {"docs/privacy.md": notice("4", "2027-01-01", V3 + "\nNew in four.\n")})


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_every_version_and_revision_is_published(site: SiteRepo) -> None:
    history(site)
    site.build("--strict")
    current = site.page("privacy")
    assert "Version 3 · effective" in text(current) and "1 January 2025" in text(current)
    assert "We keep orders for five years." in current and "New in four." not in current
    assert "Version 4 takes effect on 1 January 2027" in text(current)
    for label in ("1", "2", "3", "4"):
        assert f'href="{label}/"' in current  # previous versions, generated
    old = text(site.page("privacy/1"))
    assert "This is version 1, in effect from 1 January 2020 to 1 January 2023." in old
    assert "The current version is version 3" in old
    assert "Example Ltd runs a bakery app." in old
    upcoming = text(site.page("privacy/4"))
    assert "This is version 4, which takes effect on 1 January 2027" in upcoming
    assert "This is the version in force" in text(site.page("privacy/3"))
    # version 2 was corrected: both texts stay online, the version page shows the newest
    assert "baking app" in site.page("privacy/2") and "bakery app" not in site.page("privacy/2")
    assert "bakery app" in site.page("privacy/2/r1") and "baking app" in site.page("privacy/2/r2")
    assert "Revision 1 of version 2" in text(site.page("privacy/2/r1"))
    assert not (site.root / "site/privacy/3/r1").exists()
    # every page's version list and date lookup link each version from that page (made once a notice)
    for page in ("privacy", "privacy/1", "privacy/3", "privacy/2"):
        listed = re.search(r'<ul class="notices-versions">(.*?)</ul>', site.page(page), re.S)
        assert listed, page
        links = re.findall(r'href="([^"]+)"', listed.group(1))
        folder = page + "/"
        targets = [posixpath.normpath(posixpath.join(folder, link)) for link in links]
        assert targets == ["privacy/4", "privacy/3", "privacy/2", "privacy/1"], (page, links)
        lookup = re.search(r'data-versions="([^"]+)"', site.page(page))
        if lookup:
            days = json.loads(html.unescape(lookup.group(1)))
            assert all(posixpath.normpath(posixpath.join(folder, t)).startswith("privacy") for _, t in days if t)


def test_version_pages_use_the_theme_and_stay_out_of_navigation(site: SiteRepo) -> None:
    history(site)
    site.build()
    page = site.page("privacy/1")
    assert 'href="../../assets/stylesheets/main.' in page  # rebased from the notice page's ../
    assert '"base": "../../"' in page
    assert "<title>Privacy notice (version 1) - Example Ltd notices</title>" in page
    assert '<link rel="canonical" href="https://notices.example.org/privacy/1/">' in page
    assert 'href="#retention"' not in page  # its own table of contents, not the current one
    assert 'href="#retention"' in site.page("privacy/3")
    sitemap = (site.root / "site/sitemap.xml").read_text()
    assert "privacy/1/" not in sitemap
    search = (site.root / "site/search/search_index.json").read_text()
    assert "privacy/1/" not in search


def test_renamed_notice_keeps_history_and_old_urls_redirect(site: SiteRepo) -> None:
    history(site)
    site.move("docs/privacy.md", "docs/legal/privacy.md", "move under legal/")
    site.build("--strict")
    assert "bakery app" in site.page("legal/privacy/1")
    assert "baking app" in site.page("legal/privacy/2/r2")
    redirect = site.page("privacy/2")
    assert 'http-equiv="refresh" content="0; url=../../legal/privacy/2/"' in redirect
    assert 'url=../legal/privacy/"' in site.page("privacy")
    assert 'url=../../../legal/privacy/2/r1/"' in site.page("privacy/2/r1")


def test_superseded_product_policy_stays_published_with_a_banner(site: SiteRepo) -> None:
    site.commit("main", {"docs/privacy.md": notice("1", "2023-01-01", V1)})
    site.commit(
        "studio",
        {"docs/products/studio.md": notice("1", "2022-01-01", "Studio text.\n", title="Studio policy")},
    )
    site.write("versions/products/forum/1.md", notice("1", "2019-05-01", "Forum text.\n", title="Forum policy"))
    site.commit(
        "v2 supersedes the product policies",
        {
            "docs/privacy.md": notice("2", "2025-01-01", V2, supersedes="[products/studio, products/forum]"),
            "docs/products/studio.md": None,
        },
    )
    site.build("--strict")
    for notice_id, body in (("products/studio", "Studio text."), ("products/forum", "Forum text.")):
        for page in (notice_id, f"{notice_id}/1"):
            html = site.page(page)
            assert body in html
            assert "This document was superseded by" in text(html) and "1 January 2025" in text(html)
    successor = site.page("privacy")
    assert "Documents superseded" in successor
    assert 'href="../products/studio/"' in successor and 'href="../products/forum/"' in successor


def test_include_adopts_an_existing_policy_repo(site: SiteRepo) -> None:
    """Hundreds of commits, a folder move, Liquid text and foreign front matter."""
    site.write(
        "mkdocs.yml",
        site.root.joinpath("mkdocs.yml")
        .read_text()
        .replace("  - notices\n", "  - notices:\n      include: ['policies/*.md', 'legal/*.md']\n"),
    )
    body = "# Cookie policy\n\nHello {{ user.name }} {% if consent %}thanks{% endif %}.\n"
    for n in range(120):
        front = f"---\nlayout: policy\npermalink: /cookies/\nrevision_note: r{n}\n---\n"
        if n % 3 != 2:
            body += f"\nChange {n}.\n"
        site.commit(f"edit {n}", {"docs/policies/cookies.md": front + body})
        if n % 4 == 0:  # a second commit on the same day
            site.clock -= __import__("datetime").timedelta(days=1)
    site.move("docs/policies/cookies.md", "docs/legal/cookies.md", "move policies to legal")
    site.commit("typo-ish key", {"docs/legal/cookies.md": "---\nversions: 2\n---\n" + body + "\nLast.\n"})
    result = site.build()
    assert "unknown key `versions`; did you mean `version`?" in result.stderr
    pages = (site.root / "site/legal/cookies").glob("*/index.html")
    versions = sorted(p.parent.name for p in pages if p.parent.name not in {"changelog", "compare"})
    assert len(versions) == 81  # 80 text changes + the last edit; front-matter-only commits are not versions
    assert any(v.endswith("-2") for v in versions)
    page = site.page("legal/cookies")
    assert "Hello {{ user.name }} {% if consent %}thanks{% endif %}." in page
    assert "Last." in page
    assert "url=../../legal/cookies/" in site.page("policies/cookies")
    strict = site.build("--strict", check=False)
    assert strict.returncode == 1  # the warning fails a strict build


def test_git_is_read_with_a_fixed_number_of_processes(site: SiteRepo) -> None:
    for n in range(30):
        site.commit(f"v{n}", {"docs/privacy.md": notice(str(n + 1), f"2024-01-{n + 1:02d}", V1 + f"\n{n}\n")})
    script = (
        "import subprocess, sys\n"
        "from pathlib import Path\n"
        "calls = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    calls.append(args)\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "from notices import load_notices\n"
        "from notices.config.mkdocs_yml import load_options\n"
        "options, _ = load_options(Path('mkdocs.yml'))\n"
        "notices = load_notices(options)\n"
        "assert len(notices.notices['privacy'].versions) == 30\n"
        "logs = sum(c[1] == 'log' for c in calls)\n"
        "batches = sum(c[1:] == ['cat-file', '--batch'] for c in calls)\n"
        "print(len(calls), logs, batches)\n"
    )
    result = site.run(sys.executable, "-c", script)
    total, logs, batches = map(int, result.stdout.split())
    assert (logs, batches) == (1, 1), result.stdout  # one log pass, one persistent cat-file
    assert total <= 5, result.stdout  # plus gitpython's `git version` probes and one rev-parse


def test_core_never_imports_mkdocs() -> None:
    script = (
        "import sys, notices, notices.cli, notices.sources.history, notices.build.writer\n"
        "assert not [m for m in sys.modules if m.startswith('mkdocs')], sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_cli_lists_versions_and_revisions(site: SiteRepo) -> None:
    history(site)
    out = site.notices("list", "privacy").stdout
    assert re.search(r"^3\t2025-01-01\tcurrent$", out, re.M)
    assert re.search(r"^4\t2027-01-01\tupcoming$", out, re.M)
    assert "  r2\t" in out
    assert "privacy\t4 versions\tcurrent 3" in site.notices("list").stdout


def test_only_the_first_parent_history_is_published(site: SiteRepo) -> None:
    """Drafts on a merged branch were never published; only the merge result is."""
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", V1)})
    site.repo.git.checkout("-b", "draft")
    site.commit("draft 1", {"docs/privacy.md": notice("2", "2024-06-01", V2 + "\nDraft wording.\n")})
    site.commit("draft 2", {"docs/privacy.md": notice("2", "2024-06-01", V2)})
    site.repo.git.checkout("main")
    site.commit("unrelated", {"docs/index.md": "# Home\n\nUpdated.\n"})
    site.repo.git.merge(
        "--no-ff",
        "-m",
        "merge draft",
        "draft",
        env={
            "GIT_AUTHOR_NAME": "A",
            "GIT_AUTHOR_EMAIL": "a@x",
            "GIT_COMMITTER_NAME": "A",
            "GIT_COMMITTER_EMAIL": "a@x",
        },
    )
    site.build("--strict")
    assert not (site.root / "site/privacy/2/r1").exists()
    assert "Draft wording." not in site.page("privacy/2")
    out = site.notices("list", "privacy").stdout
    assert out.count("  r") == 2  # one revision of each version


def test_relative_links_in_bodies_work_from_every_version_page(site: SiteRepo) -> None:
    body = "See the [cookie notice](cookies.md#top), [home](index.md) and [terms](../terms/).\n"
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", body)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-02-01", body + "\nMore.\n")})
    site.build()
    assert 'href="../cookies/#top"' in site.page("privacy")
    assert 'href="../../cookies/#top"' in site.page("privacy/1")
    assert 'href="../../"' in site.page("privacy/1") and 'href="../../terms/"' in site.page("privacy/1")


def test_after_a_rename_every_file_ever_published_still_answers(site: SiteRepo) -> None:
    """Each path of the notice in the last build's `files.json` (pages, diffs of versions and of
    revisions, change log, compare, feed, embed, API) still answers after `git mv`: the same
    file, a redirect to its new address, or the same JSON at the old path."""
    history(site)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - notices\n", "  - notices:\n      pdf: true\n"))
    site.commit("a PDF of every version")
    site.build("--strict")
    before = json.loads((site.root / "site/api/v1/files.json").read_text())["paths"]
    assert "privacy/2/privacy-2.pdf" in before
    old = sorted(p for p in before if "privacy" in p)
    shutil.copytree(site.root / "site", site.root.parent / "live")  # the deployment the next one replaces
    assert any("/r2/diff/" in p for p in old) and any(p.startswith("embed/privacy") for p in old), old
    site.move("docs/privacy.md", "docs/legal/privacy.md", "move under legal/")
    site.build("--strict")
    missing = [p for p in old if not (site.root / "site" / p).is_file()]
    assert missing == [], "\n".join(missing)
    for path in old:
        now = (site.root / "site" / path).read_bytes()
        moved = site.root / "site" / path.replace("privacy", "legal/privacy", 1)
        if path.endswith(".pdf"):  # named after the notice: a downloaded copy says what it is
            moved = moved.with_name(moved.name.replace("privacy", "legal-privacy"))
        if path.endswith("index.html"):
            found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', now.decode())
            assert found, path
            landing = posixpath.normpath(posixpath.join(posixpath.dirname(path), found.group(1)))
            assert landing + "/index.html" == str(moved.relative_to(site.root / "site")), path
        else:  # JSON and the feed cannot redirect: the same content
            assert now == moved.read_bytes(), path
    assert site.notices("verify", "site").returncode == 0  # and files.json covers the copies
    assert site.notices("verify", "site", "--previous", str(site.root.parent / "live")).returncode == 0
    listing = site.root.parent / "live/api/v1/files.json"  # had the live site a file this build lacks:
    data = json.loads(listing.read_text())
    data["paths"]["privacy/9/index.html"] = ["0" * 64, 1]
    listing.write_text(json.dumps(data))
    gone = site.notices("verify", "site", "--previous", str(site.root.parent / "live"), check=False)
    assert gone.returncode == 1 and "privacy/9/index.html: published by the previous deployment" in gone.stderr
    # without a site_url the API's links are relative: made afresh for the old path, they resolve from there
    config.write_text(config.read_text().replace("site_url: https://notices.example.org/\n", ""))
    site.build("--strict")
    current = json.loads((site.root / "site/api/v1/privacy/current.json").read_text())
    for key in ("url", "notice_url", "index_url"):
        assert not current[key].startswith("http"), current[key]
        target = posixpath.normpath(posixpath.join("api/v1/privacy", current[key]))
        assert (site.root / "site" / target).exists() and "legal/privacy" in target, (key, target)
