"""Hooks that would notify users with links no one can open: `site_url` missing or empty."""

from __future__ import annotations

from badinput import MKDOCS_YML, Case

_HOOKS = "  - notices:\n      hooks:\n        - command: python3 -c pass\n"
_NO_URL = MKDOCS_YML.replace("site_url: https://notices.example.org/\n", "")

CASES = [
    Case(
        "hooks-without-site-url",
        {"mkdocs.yml": _NO_URL.replace("  - notices\n", _HOOKS)},
        where="mkdocs.yml:8",
        says=r"`hooks` are configured but `site_url` is not set.*privacy/1/.*set `site_url:`",
    ),
    Case(
        "hooks-with-empty-site-url",
        {"mkdocs.yml": MKDOCS_YML.replace("https://notices.example.org/", "''").replace("  - notices\n", _HOOKS)},
        where="mkdocs.yml:9",
        says=r"`site_url` is not set.*set `site_url:`",
    ),
    Case(
        "no-hooks-no-site-url",
        {"mkdocs.yml": _NO_URL},
        expect="accepted",
    ),
]
