"""What the core needs to know about a site, independent of MkDocs' Config."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notices.base.errors import ConfigError

__all__ = ["Options", "today_from_env"]


def today_from_env() -> dt.date:
    """``NOTICES_TODAY`` pins the clock, so a build of the same history is reproducible."""
    value = os.environ.get("NOTICES_TODAY")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"NOTICES_TODAY={value!r} is not a date", hint="set it as YYYY-MM-DD or unset it") from None


@dataclass(frozen=True, slots=True)
class Options:
    """Site settings, with paths already resolved against the config file's folder."""

    docs_dir: Path
    versions_dir: Path
    changelog_dir: Path
    cache_dir: Path
    cache: bool = True
    """Keep computed pages in ``cache_dir`` between builds (off: a private folder per build)."""
    include: tuple[str, ...] = ()
    """Globs (relative to docs_dir) of pages that are notices even without `version`."""
    elements: dict[str, str | list[str]] = field(default_factory=dict)
    """Heading patterns per GDPR element, replacing the defaults (see ``classify``)."""
    previous_manifest: str | None = None
    """The last deployment's versions.json (path or URL); ``NOTICES_PREVIOUS_MANIFEST`` wins."""
    hooks: tuple[Any, ...] = ()
    """Raw ``hooks`` option, validated by ``hooks.parse_hooks`` where hooks are used."""
    raw_html: bool = False
    """Parse raw HTML in notices (sanitized on every page) instead of showing it as text."""
    retired: dict[str, str | None] = field(default_factory=dict)
    """Notices deleted long ago, by id, and the notice that replaced each; None: withdrawn, with no successor."""
    renamed: dict[str, str] = field(default_factory=dict)
    """Old id → new id, for a rename Git could not follow (renamed and rewritten at once)."""
    languages: dict[str, str] = field(default_factory=dict)
    """Glob → language code, for notices whose text declares no `lang` and whose name has no suffix."""
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    """The site's own wording of the tool's messages (``i18n``): language → English message → text."""
    pdf: bool = False
    """Write a PDF of every version (``site.pdf``); needs WeasyPrint (the ``pdf`` extra)."""
    today: dt.date = field(default_factory=today_from_env)
    site_name: str = ""
    lang: str = "en"
    """The site's language (MkDocs ``theme.language``)."""
