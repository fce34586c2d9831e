"""The few styles notice pages add to the theme; served from the site, never a CDN."""

from __future__ import annotations

__all__ = ["CSS_PATH", "NOTICES_CSS"]

CSS_PATH = "assets/notices/notices.css"

NOTICES_CSS = """\
.md-typeset .notices-meta { color: var(--md-default-fg-color--light); margin-top: -0.6em; }
.md-typeset .notices-versions li { margin-bottom: .2em; }
.md-typeset .notices-banner { font-size: .8rem; }
/* Links in running text must not rely on colour alone (WCAG 1.4.1). */
.md-typeset .notices-page a { text-decoration: underline; text-underline-offset: .15em; }
/* Material's footer text is 4.47:1 on its background; lift it over 4.5:1. */
.md-footer-meta .md-copyright { color: rgba(255, 255, 255, .72); }
"""
