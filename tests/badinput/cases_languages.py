"""Language tags in file names: what is a translation, what is a mistake (issue 16).

A name's last dotted part that starts like a language code (``.de``, ``.de-AT``, ``.sr-Latn-RS``)
is a BCP 47 tag: a good one makes a translation, a bad one is an error naming the file and
the subtag, never a notice of its own with a dotted id.
"""

from __future__ import annotations

import json
from pathlib import Path

from badinput import Case

_DE = "---\ntitle: Datenschutz\nversion: '3'\n---\n## Wer wir sind\n\nExample Ltd.\n"


def _translation_of_privacy(tag: str) -> object:
    def verify(site: Path) -> None:
        notices = json.loads((site / "versions.json").read_text())["notices"]
        entry = notices[f"privacy.{tag}"]
        assert entry["translation_of"] == "privacy" and entry["lang"] == tag, entry
        assert f'<html lang="{tag}"' in (site / f"privacy.{tag}/index.html").read_text(encoding="utf-8")

    return verify


CASES = [
    Case(
        "lang-unknown-region",
        {"docs/privacy.de-XY.md": _DE},
        where="docs/privacy.de-XY.md",
        says="`XY` is not a region.*privacy.de-AT.md.*privacy-de-XY.md",
    ),
    Case(
        "lang-two-regions", {"docs/privacy.de-AT-DE.md": _DE}, where="docs/privacy.de-AT-DE.md", says="names one region"
    ),
    Case(
        "lang-stray-subtag",
        {"docs/privacy.de-2.md": _DE},
        where="docs/privacy.de-2.md",
        says="`2` is not a script, region or variant",
    ),
    Case(
        "lang-same-tag-other-case",
        {"docs/privacy.de-AT.md": _DE, "docs/privacy.de-at.md": _DE},
        where="docs/privacy.de-",
        says="two files claim `privacy` in `de-(AT|at)`",
    ),
    Case(
        "lang-script-and-region-ok",
        {"docs/privacy.sr-Latn-RS.md": _DE.replace("Datenschutz", "Privatnost")},
        expect="accepted",
        verify=_translation_of_privacy("sr-Latn-RS"),
    ),
]
