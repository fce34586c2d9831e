"""The language of a notice's pages: BCP 47 tags, their direction and names, ``<html lang dir>``.

A page is in its notice's language (a translation's suffix, ``lang:`` in front matter,
else the site's ``theme.language``). Screen readers pick their voice from ``lang``,
browsers lay out right-to-left text by ``dir``, and search engines pair translations by
``hreflang``; all three must follow the notice, not the site's theme. The tool's own
strings come from message catalogs (``i18n``) in the page's language; a language without
a catalog gets English strings, marked as English where they share a page with its text.

Tags are validated against CLDR's lists (through Babel, which MkDocs already
installs): a file name ``privacy.de-AT.md`` is the Austrian German text of
``privacy``, and ``privacy.de-XY.md`` is a mistake to report, not a notice of its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html import escape

from babel import Locale, UnknownLocaleError

from notices.base.i18n import Messages, messages
from notices.base.model import Notice, NoticeSet

__all__ = [
    "attributes",
    "canonical",
    "direction",
    "display_name",
    "language_of",
    "page_language",
    "same_language",
    "search_languages",
    "tag_problem",
    "words",
]


_RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"})
"""Scripts written right to left (Unicode's Bidi_Class R/AL scripts in use today)."""


def language_of(notices: NoticeSet, notice: Notice) -> str:
    """The notice's language: its own (suffix or ``lang:``), else the site's (``theme.language``)."""
    return notice.lang or notices.lang


def words(notices: NoticeSet, notice: Notice) -> Messages:
    """The tool's words on the pages of ``notice``: its language's catalog, the site's overrides."""
    return messages(language_of(notices, notice), notices.messages)


def _subtags(tag: str) -> list[str]:
    return tag.replace("_", "-").split("-")


def canonical(tag: str) -> str:
    """``pt-br`` → ``pt-BR``, ``zh-hans`` → ``zh-Hans``: BCP 47's conventional case (tags match case-insensitively)."""
    parts = _subtags(tag)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language (``de-AT`` and ``de-at`` do; ``de`` and ``de-AT`` do not)."""
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


@functools.cache
def _cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Known (scripts, regions, variants), from CLDR's English names."""
    en = Locale("en")
    return frozenset(en.scripts), frozenset(en.territories), frozenset(str(v).upper() for v in en.variants)


def tag_problem(tag: str) -> str | None:
    """What is wrong with the subtags after the language in ``tag``; None for a good tag.

    Only the shapes a notice translation needs: language, then an optional script
    (``Hans``), region (``AT``, ``419``) and variants (``1996``), each one CLDR knows.
    """
    scripts, regions, variants = _cldr()
    stage = 0  # 1 after a script, 2 after a region: the order BCP 47 requires
    for part in _subtags(tag)[1:]:
        if len(part) == 4 and part.isalpha() and stage < 1:
            if part.title() not in scripts:
                return f"`{part}` is not a script (ISO 15924, e.g. Latn, Cyrl, Hans)"
            stage = 1
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            if stage >= 2:
                return f"`{part}`: a tag names one region"
            if part.upper() not in regions:
                return f"`{part}` is not a region (ISO 3166-1, e.g. AT, BR, or UN M.49, e.g. 419)"
            stage = 2
        elif (5 <= len(part) <= 8 and part.isalnum()) or (len(part) == 4 and part[0].isdigit() and part.isalnum()):
            if part.upper() not in variants:
                return f"`{part}` is not a registered variant"
            stage = 3
        else:
            return f"`{part}` is not a script, region or variant subtag"
    return None


@functools.cache
def _locale(tag: str) -> Locale | None:
    """Babel's locale for ``tag``, else for its language alone (CLDR has no data for every pair)."""
    parts = _subtags(tag)
    for tried in (tag, parts[0]):
        try:
            return Locale.parse(tried.replace("_", "-"), sep="-")
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return None


def direction(tag: str) -> str:
    """``rtl`` or ``ltr``: a script subtag decides (``az-Arab``), else the language (``ar``, ``he``, ``fa``)."""
    for part in _subtags(tag)[1:]:
        if len(part) == 4 and part.isalpha():
            return "rtl" if part.title() in _RTL_SCRIPTS else "ltr"
    locale = _locale(tag)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


@functools.cache
def display_name(tag: str) -> str:
    """The language's name in itself (``dansk``, ``Deutsch (Österreich)``, ``العربية``), for a switcher.

    A region CLDR has no locale for (``sv-DK``) is named in the language's own words;
    a language Babel does not know is shown as its tag.
    """
    try:
        full = Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        full = None
    if full is not None and full.display_name:
        return str(full.display_name)
    base = _locale(tag)
    if base is None or not base.display_name:
        return canonical(tag)
    extra = []
    for part in _subtags(tag)[1:]:
        name = base.scripts.get(part.title()) or base.territories.get(part.upper())
        extra.append(str(name) if name else part)
    return str(base.display_name) + (f" ({', '.join(extra)})" if extra else "")


def attributes(tag: str, always_dir: bool = False) -> str:
    """`` lang="ar" dir="rtl"``: the attributes an element in ``tag`` needs (``dir`` only when rtl, unless asked)."""
    text_dir = direction(tag)
    out = f' lang="{escape(canonical(tag))}"'
    if text_dir == "rtl" or always_dir:
        out += f' dir="{text_dir}"'
    return out


_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_BODY_DIR = re.compile(r"""<body\b[^>]*?\s(dir\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))""", re.I)
_LANG_DIR = re.compile(r"""\s(?:lang|dir)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def page_language(html: str, tag: str) -> str:
    """``html`` with its ``<html>`` element's ``lang`` and ``dir`` set for ``tag``.

    The theme wrote them for the site's language; a page of a notice in another
    language (a translation, or a notice with ``lang:``) says its own. ``dir`` is
    written when the text is right-to-left or the theme had written one (an rtl site's
    page of an ltr notice must say ``ltr``); a ``dir`` the theme put on ``<body>`` (Material
    does) follows too, or it would win over the ``<html>`` one.
    """
    match = _HTML_TAG.search(html)
    if match is None:
        return html
    inner = match.group()[len("<html") : -1]
    rest = _LANG_DIR.sub("", inner)
    had_dir = re.search(r"\sdir\s*=", inner, re.I) is not None
    new = "<html" + attributes(tag, always_dir=had_dir) + rest + ">"
    html = html[: match.start()] + new + html[match.end() :]
    body = _BODY_DIR.search(html, match.start() + len(new))  # Material writes the theme's on <body> too
    if body is None:
        return html
    return html[: body.start(1)] + f'dir="{direction(tag)}"' + html[body.end(1) :]


_LUNR_NAMES = {"nb": "no", "nn": "no"}
"""Languages lunr (Material's search) knows under another code."""


def search_languages(site_lang: str, tags: Iterable[str], supported: Iterable[str]) -> list[str]:
    """The languages Material's search should stem with: the site's, then each translation's it supports.

    Material's search has one language setting for the whole index, not one per page;
    a list stems every page with each of them, which is how a Danish text becomes
    findable by its words' stems on a German site. Unsupported languages are left out
    (their pages are still found by whole words).
    """
    known = set(supported) | {"en"}
    out: list[str] = []
    for tag in [site_lang, *sorted(tags, key=str.lower)]:
        primary = _subtags(tag)[0].lower()
        name = _LUNR_NAMES.get(primary, primary)
        if name in known and name not in out:
            out.append(name)
    return out
