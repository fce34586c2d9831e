"""Publish privacy notices from Git: every version at a permanent URL.

The core (everything but ``cli`` and ``mkdocs_plugin``) never imports MkDocs,
so it can serve any site generator and is tested without one.
"""

from __future__ import annotations

from .errors import ConfigError, HistoryError, NoticesError, SourceError
from .history import load_notices
from .model import FrontMatter, Notice, NoticeSet, Revision, Source, Version
from .options import Options

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
