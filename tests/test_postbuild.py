"""`notices build` after another generator: the same output as the plugin, and the guard
against the silent loss when a generator ignores the plugin (Zensical does)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from browser import chromium, serve
from conftest import SiteRepo, notice
from test_api import history

START, END = "<!-- notices:start -->", "<!-- notices:end -->"


def _region(html: str) -> str:
    return html[html.index(START) : html.index(END)] if START in html else ""


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_post_processing_a_plain_mkdocs_build_equals_the_plugin(site: SiteRepo) -> None:
    history(site)
    site.build("--strict")
    plugin = _tree(site.root / "site")
    shutil.rmtree(site.root / "site")
    config = (site.root / "mkdocs.yml").read_text()
    site.write("mkdocs.yml", config.replace("  - notices\n", "  - notices:\n      enabled: false\n"))
    site.build()
    before = set(_tree(site.root / "site"))
    site.write("mkdocs.yml", config)
    out = site.notices("build", "--site", "site").stdout
    assert "wrote" in out
    post = _tree(site.root / "site")
    ours = {p for p in plugin if p not in before or START.encode() in plugin[p]}
    assert {p for p in post if p in ours} == ours  # the same set of files
    for path in sorted(ours):
        if path.endswith(".html"):
            assert _region(post[path].decode()) == _region(plugin[path].decode()), path
        elif path.endswith((".json", ".xml", ".js", ".css")) and path != "api/v1/files.json":  # digests of pages
            assert post[path] == plugin[path], path
    assert site.notices("verify", "site").returncode == 0


def test_plain_html_site(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", "## Purposes\n\nOrders.\n")})
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-06-01", "## Purposes\n\nOrders and offers.\n")})
    out = site.root / "public"
    (out / "privacy").mkdir(parents=True)
    (out / "privacy/index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Privacy notice - Example</title>'
        '<link rel="stylesheet" href="../style.css"></head><body><nav><a href="../">Home</a></nav>'
        "<main><h1>Privacy notice</h1><p>Rendered by some generator.</p></main></body></html>"
    )
    site.notices("build", "--site", "public")
    page = (out / "privacy/1/index.html").read_text()
    assert 'href="../../style.css"' in page and 'href="../../"' in page  # the site's look, rebased
    assert (
        "This is version 1, in effect from 1 January 2024 to 1 June 2024."
        in page.replace("<time", "").replace("</time>", "")
        or "This is version 1" in page
    )
    assert "Orders and offers." in (out / "privacy/index.html").read_text()
    assert (out / "versions.json").is_file() and (out / "api/v1/privacy/current.json").is_file()


def test_check_fails_when_the_generator_ignored_the_plugin(site: SiteRepo) -> None:
    history(site)
    (site.root / "site").mkdir()
    (site.root / "site/index.html").write_text("<html><body>built elsewhere</body></html>")
    result = site.notices("check", "--site", "site", check=False)
    assert result.returncode == 1
    assert "the generator ignored the plugin" in result.stderr and "run `notices build --site site`" in result.stderr
    notify = site.notices("notify", "--site", "site", "--previous", "none", check=False)
    assert notify.returncode == 1 and "notices build" in notify.stderr


ZENSICAL = Path(sys.executable).parent / "zensical"


def test_zensical_build_then_notices_build(site: SiteRepo) -> None:
    history(site)
    subprocess.run([str(ZENSICAL), "build"], cwd=site.root, check=True, capture_output=True, timeout=300)
    assert not (site.root / "site/versions.json").exists()  # Zensical ignored the plugin
    assert site.notices("check", "--site", "site", check=False).returncode == 1
    site.notices("build", "--site", "site")
    assert site.notices("check", "--site", "site").returncode == 0
    requests: list[str] = []
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "privacy/")
        assert "Version 3 · effective 1 January 2025" in page.locator(".notices-meta").first.inner_text()
        page.locator(".notices-versions").get_by_role("link", name="Version 1", exact=True).click()
        page.wait_for_url(base + "privacy/1/")
        assert "This is version 1" in page.locator(".notices-banner").first.inner_text()
        page.get_by_role("link", name="version 3", exact=True).click()
        page.wait_for_url(base + "privacy/")
    assert [u for u in requests if urlparse(u).hostname != "127.0.0.1"] == []
