"""``notices build``: add everything the tool publishes to a site another generator built.

Zensical reads ``mkdocs.yml`` but ignores plugins it does not know, and MkDocs
itself is unmaintained: a privacy team must not silently lose its old versions
when it changes generator. So the same core that the plugin drives can run after
any build: it takes each notice's built page as the shell (keeping the site's
look, navigation and search), puts the notice's own content in it, and writes
every version, diff, feed, API file, embed and the manifest, as the plugin does.
"""

from __future__ import annotations

import re
from pathlib import Path

from notices.base.errors import NoticesError
from notices.base.options import Options
from notices.base.urls import notice_dir, relative
from notices.build.session import BuildSession
from notices.build.sitelock import require_complete
from notices.site.assets import CSS_PATH, JS_PATH, NOTICES_CSS, notices_js
from notices.site.fragments import END, START
from notices.site.shell import Shell
from notices.sources.languages import language_of, page_language

__all__ = ["build_site", "missing_plugin_output"]

_REGIONS = (
    re.compile(r"(<article\b[^>]*\bmd-content__inner\b[^>]*>)(.*?)(</article>)", re.S),
    re.compile(r"(<main\b[^>]*>)(.*?)(</main>)", re.S),
    re.compile(r"(<body\b[^>]*>)(.*?)(</body>)", re.S),
)


def missing_plugin_output(site: Path) -> NoticesError | None:
    """The silent loss this module exists for: a build that ignored the plugin (or never finished)."""
    try:
        require_complete(site)
    except NoticesError as exc:
        return exc
    if (site / "versions.json").is_file():
        return None
    return NoticesError(
        "mkdocs.yml enables the notices plugin, but the built site has no versions.json: the generator "
        "ignored the plugin (Zensical does), so old versions, diffs, feeds, the API and hooks are missing",
        path=str(site),
        hint=f"run `notices build --site {site}` after the generator's build",
    )


def _as_shell(html: str, page: Path, folder: str) -> str:
    """The generator's page with its content region replaced by the notices markers."""
    if START in html:
        return html  # built with the plugin already
    for pattern in _REGIONS:
        match = pattern.search(html)
        if match:
            body = match.group(1) + START + END + match.group(3)
            html = html[: match.start()] + body + html[match.end() :]
            break
    else:
        raise NoticesError(
            'cannot find the page\'s content: no <article class="md-content__inner">, <main> or <body>',
            path=str(page),
            hint="notices build fills pages that have one of these; check the generator's theme",
        )
    css = f'<link rel="stylesheet" href="{relative(CSS_PATH, folder)}">'
    js = f'<script src="{relative(JS_PATH, folder)}"></script>'
    html = html.replace("</head>", css + "\n</head>", 1)
    return html.replace("</body>", js + "\n</body>", 1) if "</body>" in html else html + js


def build_site(options: Options, site: Path, site_url: str, site_name: str, previous: str | None = None) -> list[str]:
    """Write every notices page and file into ``site``; returns the folders written."""
    if not site.is_dir():
        raise NoticesError("the site folder does not exist", path=str(site), hint="build the site first")
    with BuildSession.prepare(options, site, site_url, site_name, previous=previous) as session:
        return session.finish(_shells(session, site)).written


def _shells(session: BuildSession, site: Path) -> dict[str, Shell]:
    """Each notice's page as the generator built it, its content replaced by the notice's own."""
    notices, shells = session.notices, {}
    for notice in notices:
        if notice.path is None:
            continue
        folder = notice_dir(notice.id)
        page = site / folder / "index.html"
        if not page.is_file():
            raise NoticesError(
                f"the generator built no page for notice `{notice.id}` at {folder}index.html",
                path=str(site),
                hint="build with directory URLs (MkDocs: use_directory_urls: true) so every notice has a folder",
            )
        raw = page.read_text(encoding="utf-8")
        title = notice.versions[-1].latest.meta.title
        # in the notice's language, not the theme's
        html = page_language(_as_shell(raw, page, folder), language_of(notices, notice))
        shell = Shell(html, folder, _page_title(raw) or title)
        current = session.current(notice.id)
        session.write(folder + "index.html", shell.fill(folder, current.html, title, current.toc))
        shells[notice.id] = Shell((site / folder / "index.html").read_text(encoding="utf-8"), folder, title)
    session.write(CSS_PATH, NOTICES_CSS)
    session.write(JS_PATH, notices_js())
    return shells


def _page_title(html: str) -> str | None:
    """The title the generator gave the page, as the text before ' - Site name'."""
    import html as html_lib

    match = re.search(r"<title>(.*?)</title>", html, re.S)
    if not match:
        return None
    return html_lib.unescape(match.group(1).strip()).rsplit(" - ", 1)[0]
