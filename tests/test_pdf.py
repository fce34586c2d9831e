"""A fixed copy of each version: the print stylesheet, and a PDF per version (option ``pdf: true``).

One site is built once for the module (with a receiver on 127.0.0.1 that counts every request
made to it: a notice links an image there), then rebuilt warm, after a new version, and cold;
the PDFs are checked against the API, the file list and ``notices verify``.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from browser import chromium, serve
from conftest import MKDOCS_YML, SiteRepo, in_process, notice

from notices.base.errors import NoticesError
from notices.config.schema import OptionError, validate_options
from notices.reuse.cache import Cache
from notices.site import pdf as pdf_module
from notices.site.schema import SCHEMA


class _Counting(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("content-type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def receiver() -> Iterator[tuple[str, list[str]]]:
    """A loopback host that records requests: nothing may ever ask it for anything."""
    seen: list[str] = []
    handler = type("Handler", (_Counting,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _body(version: str, host: str) -> str:
    return (
        f"We process orders (text of version {version}).\n\n"
        f"![A remote picture]({host}/image-{version}.png)\n\n"
        "## Your rights\n\nWrite to [our office](https://example.org/contact) or see the [cookies](cookies.md).\n"
    )


def _build(site: SiteRepo, *extra: str) -> list[str]:
    """Build in this process, with no worker processes: the PDFs WeasyPrint rendered (counted here)."""
    pdf_module.RENDERED.clear()
    result = in_process("mkdocs", ["build", "--strict", *extra], site.root, env={"NOTICES_WORKERS": "1"})
    assert result.returncode == 0, result.stderr
    return list(pdf_module.RENDERED)


def _pdfs(site: SiteRepo, folder: str = "site") -> dict[str, bytes]:
    return {str(p.relative_to(site.root / folder)): p.read_bytes() for p in (site.root / folder).rglob("*.pdf")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, receiver: tuple[str, list[str]]) -> Iterator[dict[str, Any]]:
    host, seen = receiver
    site = SiteRepo(tmp_path_factory.mktemp("pdf") / "site-repo")
    site.write("mkdocs.yml", MKDOCS_YML.replace("  - notices\n", "  - notices:\n      pdf: true\n"))
    site.commit("cookies", {"docs/cookies.md": notice("1", "2024-01-01", "We use one cookie.\n", title="Cookies")})
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", _body("1", host))})
    fixed = _body("1", host).replace("orders", "your orders")
    site.commit("v1 fix", {"docs/privacy.md": notice("1", "2024-01-01", fixed)})
    site.commit("v2", {"docs/privacy.md": notice("2", "2025-01-01", _body("2", host))})
    cold = _build(site)
    first = _pdfs(site)
    yield {"site": site, "cold": cold, "first": first, "seen": seen}
    site.repo.close()


def test_every_version_has_its_pdf_listed_with_its_sha256(built: dict[str, Any]) -> None:
    site: SiteRepo = built["site"]
    assert sorted(built["first"]) == ["cookies/1/cookies-1.pdf", "privacy/1/privacy-1.pdf", "privacy/2/privacy-2.pdf"]
    assert all(data.startswith(b"%PDF-") for data in built["first"].values())
    assert len(built["cold"]) == 3
    files = _pdfs(site)  # (another test of this module may have added a version since)
    for notice_id in ("privacy", "cookies"):
        index = json.loads((site.root / f"site/api/v1/{notice_id}.json").read_text())
        jsonschema.validate(index, SCHEMA)
        for entry in index["versions"]:
            path = f"{notice_id}/{entry['version']}/{notice_id}-{entry['version']}.pdf"
            assert entry["pdf"] == {
                "url": f"https://notices.example.org/{path}",
                "sha256": hashlib.sha256(files[path]).hexdigest(),
            }
    listed = json.loads((site.root / "site/api/v1/files.json").read_text())["paths"]
    assert listed["privacy/1/privacy-1.pdf"][0] == hashlib.sha256(files["privacy/1/privacy-1.pdf"]).hexdigest()
    page = site.page("privacy/1/")
    assert '<span class="notices-pdf"> · <a href="privacy-1.pdf" type="application/pdf">Download PDF</a>' in page
    current = json.loads((site.root / "site/api/v1/privacy.json").read_text())["current"]
    assert f'href="{current}/privacy-{current}.pdf" type="application/pdf">Download PDF' in site.page("privacy/")
    assert "Download PDF" not in site.page("privacy/1/r1/")  # the PDF is of revision 2's text
    assert 'href="../privacy-1.pdf"' in site.page("privacy/1/r2/")


def test_the_pdf_is_the_latest_text_with_its_version_and_address(built: dict[str, Any]) -> None:
    """What goes into WeasyPrint: the facts a paper copy needs, and nothing that changes later."""
    from notices.build.load import load_site
    from notices.config.mkdocs_yml import load_options

    site: SiteRepo = built["site"]
    notices = load_site(load_options(site.root / "mkdocs.yml")[0])
    privacy = notices.notices["privacy"]
    html = pdf_module.pdf_source(notices, privacy, privacy.versions[0], "https://notices.example.org/", "Example")
    assert "<title>Privacy notice (version 1)</title>" in html
    assert "We process your orders" in html and "We process orders" not in html  # revision 2
    assert "Version 1 · effective" in html and "revision 2, published" in html
    assert 'Permanent address: <a href="https://notices.example.org/privacy/1/">' in html
    assert 'href="https://notices.example.org/cookies/"' in html  # links work on paper too
    assert '<meta name="dcterms.created" content="2024-01-03T12:00:00Z">' in html  # from Git, not the clock
    assert "superseded" not in html.lower() and "current" not in html.lower()


def test_no_request_leaves_the_build(built: dict[str, Any], receiver: tuple[str, list[str]]) -> None:
    """The notices link an image on the receiver: neither the build nor WeasyPrint asked for it."""
    assert built["seen"] == []
    host, seen = receiver
    document = (
        f'<!doctype html><html><head><link rel="stylesheet" href="{host}/style.css">'
        f"<style>@import url({host}/import.css); body {{ background: url({host}/bg.png); }}</style></head>"
        f'<body><p>Text</p><img src="{host}/picture.png"><img src="file:///etc/hostname">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==" alt="dot"></body></html>'
    )
    assert pdf_module.render_pdf(document).startswith(b"%PDF-")
    assert seen == []


def test_verify_checks_the_pdfs(built: dict[str, Any]) -> None:
    site: SiteRepo = built["site"]
    assert site.notices("verify", "site").returncode == 0
    copy = site.root / "tampered"
    shutil.copytree(site.root / "site", copy)
    target = copy / "privacy/1/privacy-1.pdf"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    result = site.notices("verify", "tampered", check=False)
    assert result.returncode == 1
    assert "privacy/1/privacy-1.pdf: changed after the build" in result.stderr
    assert "privacy/1/privacy-1.pdf: differs from what the history in Git gives" in result.stderr


def test_without_weasyprint_the_option_is_a_clear_error(built: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    with pytest.raises(OptionError) as caught:
        validate_options({"pdf": True}, locate=lambda keys: ("mkdocs.yml", 9 if keys == ("pdf",) else None))
    error = caught.value
    assert error.option == "pdf" and (error.path, error.line) == ("mkdocs.yml", 9)
    assert "`pdf: true` needs WeasyPrint, which is not installed here" in error.message
    assert 'pip install "mkdocs-privacy-notices[pdf]"' in str(error.hint)
    site: SiteRepo = built["site"]
    result = site.notices("check", check=False)
    assert result.returncode == 1
    assert "error: mkdocs.yml:9: `pdf: true` needs WeasyPrint" in result.stderr
    assert 'pip install "mkdocs-privacy-notices[pdf]"' in result.stderr
    build = site.build("--site-dir", "elsewhere", check=False)
    assert build.returncode == 1 and "mkdocs-privacy-notices[pdf]" in build.stderr, build.stderr
    assert not (site.root / "elsewhere").exists()
    assert validate_options({"pdf": False}).pdf is False  # off, WeasyPrint is never imported
    with pytest.raises(NoticesError, match="WeasyPrint cannot be loaded") as loading:
        pdf_module.render_pdf("<p>Text</p>")  # installed but unloadable (no Pango): said when first needed
    assert "libpangoft2" in str(loading.value.hint)


PRINT_HIDDEN = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".notices-when",
    ".notices-versions",
    ".notices-pdf",
]


@pytest.mark.browser
def test_pages_print_as_clean_documents(built: dict[str, Any]) -> None:
    site: SiteRepo = built["site"]
    with serve(site.root / "site") as base, chromium() as browser:
        page = browser.new_page()
        current = json.loads((site.root / "site/api/v1/privacy.json").read_text())["current"]
        for path, version, shown in (("privacy/", current, ()), ("privacy/1/", "1", (".notices-banner",))):
            page.goto(base + path)
            permanent = page.locator(".notices-permanent")
            assert not permanent.is_visible()  # on screen, the address bar says it
            page.emulate_media(media="print")
            for selector in PRINT_HIDDEN:
                found = page.locator(selector)
                assert found.count() and not found.first.is_visible(), (path, selector)
            for selector in ("h1", ".notices-meta", ".notices-body", *shown):
                assert page.locator(selector).first.is_visible(), (path, selector)
            assert permanent.inner_text() == f"Permanent address: {base}privacy/{version}/"
            after = page.evaluate(
                "getComputedStyle(document.querySelector('.notices-body a[href^=\"https\"]'), '::after').content"
            )
            assert after == '" (" attr(href) ")"' or "example.org/contact" in after, after
            page.emulate_media(media="screen")


def test_a_warm_build_renders_only_what_changed_and_old_pdfs_never_change(built: dict[str, Any]) -> None:
    """Last in the module: it adds a version (the other tests read what they check from the site)."""
    site: SiteRepo = built["site"]
    assert _build(site) == []  # nothing changed: every notice kept, no PDF rendered
    assert _pdfs(site) == built["first"]
    site.commit("a new page in the nav", {"docs/about.md": "# About us\n\nWho we are.\n"})
    assert _build(site) == []  # every page is filled into a new theme; the PDFs come from the cache
    assert _pdfs(site) == built["first"]
    assert "About us" in site.page("privacy/1/")
    body = Cache(site.root / ".cache/notices").path("body", "privacy").read_bytes()
    assert built["first"]["privacy/1/privacy-1.pdf"] not in body  # kept once, in its own entry
    shutil.rmtree(site.root / ".cache/notices/pdf")  # a body naming a lost PDF is a miss: computed again
    site.commit("another page", {"docs/team.md": "# Team\n\nWho works here.\n"})
    assert len(_build(site)) == 3
    assert _pdfs(site) == built["first"]
    host = "http://127.0.0.1:9"
    site.commit("v3", {"docs/privacy.md": notice("3", "2025-06-01", _body("3", host))})
    rendered = _build(site)  # the notice is computed again: its two old PDFs come from the cache
    assert len(rendered) == 1
    now = _pdfs(site)
    assert {k: v for k, v in now.items() if k in built["first"]} == built["first"]
    # a cold build (no cache) renders every PDF again, to the same bytes
    shutil.rmtree(site.root / ".cache")
    assert len(_build(site)) == 4
    assert _pdfs(site) == now
