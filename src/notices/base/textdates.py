"""The effective date a policy states in its own text ("Effective date: March 3, 2021").

Policies adopted from a repository that never had front matter (``include`` mode)
usually say when they take effect in their first lines. That date is the legal one;
the commit's day is only when someone saved the file. Month names come from Babel's
locale data, so "3. marts 2021" and "1er février 2024" read as well as English.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel.dates import get_month_names

__all__ = ["stated_effective"]

_LOCALES = ("en", "de", "fr", "da", "nb", "sv", "nl", "es", "it", "pt", "fi", "pl")
_LEAD = re.compile(
    r"(?:effective\s+(?:date\s*)?(?:as\s+of|from|on)|effective(?:\s+date)?|in\s+effect\s+(?:from|as\s+of)|"
    r"date\s+of\s+effect|gültig\s+ab|in\s+kraft\s+(?:ab|seit)|en\s+vigueur\s+(?:le|à\s+compter\s+du|depuis\s+le)|"
    r"date\s+d['’]entrée\s+en\s+vigueur|gældende\s+fra|ikrafttrædelse(?:sdato)?|gäller\s+från|"
    r"van\s+kracht\s+(?:vanaf|per)|vigente\s+desde|in\s+vigore\s+dal|em\s+vigor\s+desde)"
    r"\s*[:\-–—]?\s*(?:\*\*|__|_|\*)?\s*",
    re.I,
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_FIRST = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})\b")
_LOOK = 600
"""Characters of the text's start searched: the date stands in the first lines."""


@cache
def _months() -> dict[str, int]:
    found: dict[str, int] = {}
    for locale in _LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    found.setdefault(name.lower().rstrip("."), number)
    return found


def stated_effective(body: str) -> dt.date | None:
    """The date after "Effective date" (or a like phrase) near the start of a text."""
    head = body[:_LOOK]
    for lead in _LEAD.finditer(head):
        rest = head[lead.end() : lead.end() + 40]
        found = _date(rest)
        if found is not None:
            return found
    return None


def _date(text: str) -> dt.date | None:
    try:
        if match := _ISO.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if (match := _MONTH_FIRST.match(text)) and match[1].lower() in _months():
            return dt.date(int(match[3]), _months()[match[1].lower()], int(match[2]))
        if (match := _DAY_FIRST.match(text)) and match[2].lower() in _months():
            return dt.date(int(match[3]), _months()[match[2].lower()], int(match[1]))
    except ValueError:
        return None  # "February 30": not a date, so not the effective one
    return None
