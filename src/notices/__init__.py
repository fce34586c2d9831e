"""Publish privacy notices from Git: every version at a permanent URL.

The core (everything but ``cli`` and ``mkdocs_plugin``) never imports MkDocs,
so it can serve any site generator and is tested without one.
"""

from __future__ import annotations

from notices.base.errors import ConfigError, HistoryError, NoticesError, SourceError
from notices.base.model import FrontMatter, Notice, NoticeSet, Revision, Source, Version
from notices.base.options import Options
from notices.sources.history import load_notices

__all__ = [
    "ConfigError",
    "FrontMatter",
    "HistoryError",
    "Notice",
    "NoticeSet",
    "NoticesError",
    "Options",
    "Revision",
    "Source",
    "SourceError",
    "Version",
    "load_notices",
]

__version__ = "0.1.0"
