"""The few styles notice pages add to the theme; served from the site, never a CDN."""

from __future__ import annotations

__all__ = ["CSS_PATH", "NOTICES_CSS"]

CSS_PATH = "assets/notices/notices.css"

NOTICES_CSS = """\
.md-typeset .notices-meta { color: var(--md-default-fg-color--light); margin-top: -0.6em; }
.md-typeset .notices-versions li { margin-bottom: .2em; }
.md-typeset .notices-banner { font-size: .8rem; }
"""
