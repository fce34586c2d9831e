"""The tool's own words in the reader's language: gettext catalogs (Babel) and locale dates.

A GDPR notice must be given in a language its reader understands, and the words around
it (banners, labels, the change log, the redline's legend) are part of what the reader
reads. Every such string is a gettext message whose id is its English text; the
catalogs are ``locales/<lang>.po`` in the package, read with Babel (as MkDocs' own
themes read theirs) and compiled in memory, so a catalog edit needs no build step.

Messages hold ``{name}`` placeholders. They are filled by a tiny formatter, never by
``str.format``: a site may override any message (option ``messages``), and a
placeholder such as ``{x.__class__}`` must stay text, not reach into Python. In HTML,
the template is escaped first and the values (HTML the caller escaped) put in after.

A language without a catalog gets English, and its pages mark the English parts as
English (``fragments.in_ui_language``) so a screen reader voices them right.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

__all__ = [
    "LOCALES",
    "N_",
    "Messages",
    "catalog_language",
    "catalog_languages",
    "messages",
    "placeholders",
]

LOCALES = Path(__file__).parents[1] / "locales"
"""``<lang>.po`` per language, and ``notices.pot``: the English messages they translate."""

_ALIASES = {"no": "nb", "nn": "nb"}
"""Tags whose catalog has another name: Norwegian is written Bokmål by most readers (``nb``)."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

Overrides = Mapping[str, Mapping[str, str]]
"""A site's own wording (option ``messages``): language → English message → text."""


def N_(message: str) -> str:
    """Marks a message kept in a table for extraction (gettext's ``gettext_noop``); translated where shown."""
    return message


def placeholders(message: str) -> frozenset[str]:
    """The ``{name}`` slots of a message; a translation or override must keep exactly these."""
    return frozenset(_PLACEHOLDER.findall(message))


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), template)


@functools.cache
def catalog_languages() -> frozenset[str]:
    """The languages the tool ships words for (English is the messages themselves)."""
    return frozenset({"en"} | {p.stem for p in LOCALES.glob("*.po")})


@functools.cache
def catalog_language(tag: str) -> str:
    """The catalog for a BCP 47 tag: ``de-AT`` reads ``de``, ``pt-BR`` ``pt``, ``no`` ``nb``; else ``en``."""
    parts = tag.replace("_", "-").lower().split("-")
    known = catalog_languages()
    for candidate in ("_".join(parts[:2]), parts[0]):
        candidate = _ALIASES.get(candidate, candidate)
        if candidate in known:
            return candidate
    return "en"


@functools.cache
def _translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    with (LOCALES / f"{lang}.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled)


@functools.cache
def _locale(tag: str) -> Locale:
    for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
        try:
            return Locale.parse(_ALIASES.get(candidate, candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("en")


@dataclass(frozen=True, eq=False)  # one shared object per language and overrides (``messages``)
class Messages:
    """The tool's words for one page's language ``tag``, with the site's overrides."""

    tag: str
    overrides: Overrides = field(default_factory=dict)

    @functools.cached_property  # a page asks these of every message it shows
    def lang(self) -> str:
        """The language the words are in: the tag's catalog, or ``en``."""
        return catalog_language(self.tag)

    @functools.cached_property
    def rtl(self) -> bool:
        """Whether the words run right to left: their values (labels such as ``2024-05-12``, Latin
        titles, dates) are then isolated, or the browser's bidi algorithm reorders their parts."""
        return _locale(self.lang).text_direction == "rtl"

    def _values(self, values: Mapping[str, object], html: bool) -> dict[str, str]:
        out = {k: str(v) for k, v in values.items()}
        if self.rtl:
            return {k: f"<bdi>{v}</bdi>" if html else f"\u2068{v}\u2069" for k, v in out.items()}
        return out

    def _own(self, msgid: str) -> str | None:
        for key in (self.tag, self.lang):
            table = self.overrides.get(key)
            if table is not None and msgid in table:
                return table[msgid]
        return None

    def text(self, msgid: str, /, **values: object) -> str:
        """``msgid`` in this language, its placeholders filled with ``values`` as text."""
        own = self._own(msgid)
        template = own if own is not None else _translations(self.lang).gettext(msgid)
        return _fill(template, self._values(values, html=False))

    def ntext(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form for ``count`` (``{count}`` is filled too); an override gives one text for every count."""
        own = self._own(singular)
        template = own if own is not None else _translations(self.lang).ngettext(singular, plural, count)
        return _fill(template, self._values({"count": count, **values}, html=False))

    def html(self, msgid: str, /, **values: str) -> str:
        """``msgid`` escaped as HTML; ``values`` are HTML already (the caller escaped them)."""
        own = self._own(msgid)
        template = own if own is not None else _translations(self.lang).gettext(msgid)
        return _fill(escape(template, quote=False), self._values(values, html=True))

    def nhtml(self, singular: str, plural: str, count: int, /, **values: str) -> str:
        own = self._own(singular)
        template = own if own is not None else _translations(self.lang).ngettext(singular, plural, count)
        return _fill(escape(template, quote=False), self._values({"count": count, **values}, html=True))

    def plural_table(self, singular: str, plural: str) -> dict[str, str]:
        """The form of each CLDR plural category, for a script that picks one with
        ``Intl.PluralRules`` (gettext's plural expression is not for a browser to evaluate)."""
        locale = _locale(self.lang)
        table: dict[str, str] = {}

        def form(n: int) -> str:  # without isolation marks: the script fills in the number
            return self._plain_ntext(singular, plural, n).replace(str(n), "{count}", 1)

        for n in range(0, 201):
            table.setdefault(locale.plural_form(n), form(n))
        table.setdefault("other", form(200))  # where "other" is for fractions only
        return table

    def _plain_ntext(self, singular: str, plural: str, count: int) -> str:
        own = self._own(singular)
        template = own if own is not None else _translations(self.lang).ngettext(singular, plural, count)
        return _fill(template, {"count": str(count)})

    def date(self, day: dt.date) -> str:
        """A date as readers of the language write it: "1 February 2024", "1. februar 2024".

        Plain ``en`` (and a language without a catalog, whose words are English) keeps the
        day-month-year the tool has always written, which no reader misreads; ``en-US`` and
        every other language get CLDR's long format (``de-AT`` writes "Jänner")."""
        if self.lang == "en" and not self.tag.lower().startswith("en-"):
            return f"{day.day} {day:%B} {day.year}"
        written = format_date(day, "long", locale=_locale(self.tag))
        if self.lang == "fr" and day.day == 1 and written.startswith("1 "):
            written = "1er" + written[1:]  # French writes the first of a month as an ordinal; CLDR does not
        return written

    def date_html(self, day: dt.date) -> str:
        return f'<time datetime="{day.isoformat()}">{escape(self.date(day))}</time>'


@functools.cache
def _cached(tag: str, overrides: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> Messages:
    return Messages(tag, {lang: dict(table) for lang, table in overrides})


def messages(tag: str, overrides: Overrides | None = None) -> Messages:
    """The words for a page in ``tag`` (one shared object per language and overrides)."""
    frozen = tuple(sorted((lang, tuple(sorted(table.items()))) for lang, table in (overrides or {}).items()))
    return _cached(tag, frozen)
