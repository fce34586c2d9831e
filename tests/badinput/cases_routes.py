"""Pages and notices whose URLs collide with what the build generates."""

from __future__ import annotations

from badinput import Case

PAGE = "# A page\n\nText.\n"


def _notice(version: str = "1") -> str:
    return f'---\ntitle: A notice\nversion: "{version}"\neffective: 2024-01-01\n---\n## Text\n\nWords.\n'


CASES = [
    Case(
        "route-index-replaces-notice",
        {"docs/privacy/index.md": PAGE},
        where="docs/privacy/index.md",
        says="/privacy/.*same address",
    ),
    Case(
        "route-page-at-changelog",
        {"docs/privacy/changelog.md": PAGE},
        where="docs/privacy/changelog.md",
        says="change log",
    ),
    Case("route-page-at-compare", {"docs/privacy/compare.md": PAGE}, where="docs/privacy/compare.md", says="compare"),
    Case("route-page-at-version", {"docs/privacy/2.md": PAGE}, where="docs/privacy/2.md", says="version 2"),
    Case("route-notice-at-version", {"docs/privacy/3.md": _notice()}, where="docs/privacy/3.md", says="version 3"),
    Case("route-page-at-diff", {"docs/privacy/2/diff.md": PAGE}, where="docs/privacy/2/diff.md", says="redline"),
    Case("route-notice-in-embed", {"docs/embed/privacy.md": _notice()}, where="docs/embed/privacy.md", says="embed"),
    Case("route-page-in-api", {"docs/api/v1/privacy.json": "{}"}, where="docs/api/v1/privacy.json", says="API"),
    Case("route-page-feed-xml", {"docs/feed.xml.md": PAGE}, where="docs/feed.xml.md", says="feed"),
    Case("route-notice-feed-xml", {"docs/feed.xml.md": _notice()}, where="docs/feed.xml.md", says="feed"),
    Case("route-page-versions-json", {"docs/versions.json.md": PAGE}, where="docs/versions.json.md", says="manifest"),
    Case("route-file-versions-json", {"docs/versions.json": "{}"}, where="docs/versions.json", says="manifest"),
    Case(
        "route-notice-feed-of-notice", {"docs/privacy/feed.xml.md": PAGE}, where="docs/privacy/feed.xml.md", says="feed"
    ),
    Case(
        "route-superseded-notice-page",
        {"docs/community/index.md": PAGE},
        where="docs/community/index.md",
        says="community",
    ),
    Case("route-superseded-version-page", {"docs/community/1.md": PAGE}, where="docs/community/1.md", says="version 1"),
    Case(
        "route-notice-id-embed",
        {"docs/embed.md": PAGE, "docs/embed/notice.js.md": PAGE},
        where="docs/embed/notice.js.md",
        says="embed component",
    ),
    Case(
        "route-assets-collide",
        {"docs/assets/notices/notices.css": "x{}"},
        where="docs/assets/notices/notices.css",
        says="stylesheet",
    ),
    Case("route-sitemap-notice", {"docs/sitemap.xml.md": _notice()}, where="docs/sitemap.xml.md", says="sitemap"),
    Case(
        "route-uncommitted-clash",
        {"docs/privacy/changelog.md": PAGE},
        commit=False,
        where="docs/privacy/changelog.md",
        says="change log",
    ),
    Case(
        "route-translation-changelog",
        {"docs/cookies.da/changelog.md": PAGE},
        where="docs/cookies.da/changelog.md",
        says="change log",
    ),
    Case("route-unrelated-subpage-ok", {"docs/privacy/faq.md": PAGE}, expect="accepted"),
    Case("route-nested-notice-ok", {"docs/privacy/children.md": _notice()}, expect="accepted"),
]
