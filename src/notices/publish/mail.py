"""The words of an e-mail telling users about a change, in the notice's language.

A hook that mails users (``hooks/email-users.py`` in the demo) should not have to
translate: the event says which notice changed, how, and in which language (``lang``;
``None`` is the site's), and these are the tool's catalogs' words for it. The company's
name, greeting style and addresses stay the hook's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from notices.base.i18n import messages
from notices.changes.classify import label

__all__ = ["change_email"]


def change_email(event: Mapping[str, Any], default_lang: str = "en") -> tuple[str, list[str]]:
    """(subject, body lines) for a ``version.published`` / ``purpose.changed`` / ``material.changed`` event."""
    t = messages(event.get("lang") or default_lang)
    effective = event.get("effective")
    when = t.date(dt.date.fromisoformat(effective)) if effective else ""
    title = str(event.get("title") or "")
    subject = t.text("Changes to our {title} from {date}", title=title, date=when)
    lines = [
        t.text("Hello,"),
        "",
        t.text(
            "On {date}, version {label} of our {title} takes effect.",
            date=when,
            label=event.get("version") or "",
            title=title,
        ),
    ]
    if event.get("type") == "purpose.changed":
        lines.append(t.text("It changes the purposes for which we use your personal data."))
        added = (event.get("purposes") or {}).get("added") or []
        if added:
            lines.append(t.text("New purposes: {purposes}.", purposes=", ".join(added)))
    elif event.get("type") == "material.changed" and event.get("element"):
        lines.append(t.text("It changes this part of the notice: {element}.", element=t.text(label(event["element"]))))
    if event.get("summary"):
        lines += ["", str(event["summary"])]
    lines += ["", t.text("Read the new version: {url}", url=event.get("url") or "")]
    if event.get("diff_url"):
        lines.append(t.text("See exactly what changed: {url}", url=event["diff_url"]))
    return subject, lines
