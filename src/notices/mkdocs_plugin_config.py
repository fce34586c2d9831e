"""The plugin's options as a MkDocs ``Config``: typed, validated, with MkDocs' own errors."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

__all__ = ["NoticesConfig"]


class NoticesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Off switch, e.g. for a quick local preview without history."""
    include = c.ListOfItems(c.Type(str), default=[])
    """Globs (relative to docs_dir) of pages that are notices even without `version`."""
    versions_dir = c.Type(str, default="versions")
    changelog_dir = c.Type(str, default="changelog")
    cache_dir = c.Type(str, default=".cache/notices")
    cache = c.Type(bool, default=True)
    """Keep computed pages in cache_dir between builds; off makes every build a cold one."""
    previous_manifest = c.Optional(c.Type(str))
    """The last deployment's versions.json (path or URL); env NOTICES_PREVIOUS_MANIFEST wins."""
    hooks = c.Type(list, default=[])
    """Notification hooks (commands and webhooks); run by `notices notify`, never by the build."""
    raw_html = c.Type(bool, default=False)
    """Parse raw HTML in notices (sanitized everywhere) instead of showing it as text."""
    elements = c.Type(dict, default={})
    """Heading patterns (regex or list of regexes) per GDPR element, replacing the defaults."""
    retired = c.Type(dict, default={})
    """Notices deleted long ago (id: the notice that replaced it), for an adopted history."""
    renamed = c.Type(dict, default={})
    """Old id: new id, for a notice renamed and rewritten at once (Git sees no rename)."""
    languages = c.Type(dict, default={})
    """Glob (as in ``include``) → language code, for notices whose text declares none."""
    messages = c.Type(dict, default={})
    """The site's own wording of the tool's messages: language → English message → text."""
    pdf = c.Type(bool, default=False)
    """Write a PDF of every version; needs the `pdf` extra (WeasyPrint)."""
