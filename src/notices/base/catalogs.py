"""Keeping the message catalogs whole: extract the messages, update and check every ``.po``.

The English messages live in the code (``Messages.text`` and friends, ``N_`` in tables);
Babel extracts them into ``locales/notices.pot`` and merges them into each language's
catalog, as ``pybabel extract``/``update`` would. ``check`` is what the tests and
``make catalogs`` ask: every message translated in every catalog, no fuzzy or stale entry,
and each translation with exactly the placeholders of its message, so a translator's typo
can never print ``{date}`` to a reader or drop the link a sentence is about.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from notices.base.i18n import LOCALES, placeholders

__all__ = ["CatalogProblem", "check", "extract", "known_messages", "update"]

KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "text": None,
    "html": None,
    "ntext": (1, 2),
    "nhtml": (1, 2),
    "plural_table": (1, 2),
    "N_": None,
}
"""The calls whose literal first argument (first two: singular, plural) is a message."""

PACKAGE = Path(__file__).parents[1]


@dataclass(frozen=True)
class CatalogProblem:
    lang: str
    message: str
    what: str

    def __str__(self) -> str:
        return f"locales/{self.lang}.po: {self.message!r}: {self.what}"


def _messages(path: Path) -> Iterator[tuple[int, str | tuple[str, str]]]:
    """(line, message) of every call to a ``KEYWORDS`` name with literal arguments in ``path``.

    Read from the syntax tree (``ast``), not from tokens: most messages sit inside f-strings,
    which Babel's token-based extractor does not look into on every Python version."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in KEYWORDS:
            continue
        count = 2 if KEYWORDS[name] else 1
        args = node.args[:count]
        if len(args) == count and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            values = [str(a.value) for a in args if isinstance(a, ast.Constant)]
            yield node.lineno, (values[0], values[1]) if count == 2 else values[0]


def extract() -> Catalog:
    """The English messages of the package, as a template (``notices.pot``)."""
    template = Catalog(project="notices", domain="notices", fuzzy=False)
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, message in _messages(path):
            template.add(message, locations=[(f"notices/{path.relative_to(PACKAGE).as_posix()}", line)])
    return template


_STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
"""Catalog headers carry no build date: an update that changes no message changes no file."""


@functools.cache
def known_messages() -> dict[str, str]:
    """Message id → its full English text (singular and plural), from the shipped template."""
    with (LOCALES / "notices.pot").open("rb") as f:
        template = read_po(f)
    out = {}
    for message in template:
        if message.id:
            ids = _ids(message.id)
            out[ids[0]] = " ".join(ids)
    return out


def _po(catalog: Catalog, **options: bool) -> bytes:
    catalog.creation_date = _STAMP
    catalog.revision_date = _STAMP
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=True, **options)
    return out.getvalue()


def update() -> list[str]:
    """Write ``notices.pot`` and merge it into every ``<lang>.po``; the languages changed."""
    template = extract()
    (LOCALES / "notices.pot").write_bytes(_po(template, no_location=False))
    changed = []
    for path in sorted(LOCALES.glob("*.po")):
        with path.open("rb") as f:
            catalog = read_po(f, locale=path.stem)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        data = _po(catalog, no_location=True)
        if data != path.read_bytes():
            path.write_bytes(data)
            changed.append(path.stem)
    return changed


def new_catalog(lang: str, folder: Path = LOCALES) -> Path:
    """Start ``<lang>.po`` from the template, with the language's plural rule (``pybabel init``)."""
    template = extract()
    catalog = Catalog(locale=Locale.parse(lang), domain="notices", project="notices", fuzzy=False)
    catalog.update(template)
    path = folder / f"{lang}.po"
    path.write_bytes(_po(catalog, no_location=True))
    return path


def _ids(message: object) -> tuple[str, ...]:
    return tuple(message) if isinstance(message, (tuple, list)) else (str(message),)


def check(folder: Path = LOCALES) -> Iterator[CatalogProblem]:
    """Every way a catalog can let a reader down, one problem at a time."""
    template = extract()
    wanted = {m.id if isinstance(m.id, str) else m.id[0]: m for m in template if m.id}
    for path in sorted(folder.glob("*.po")):
        lang = path.stem
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        have = {}
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            have[key] = message
            if key not in wanted:
                yield CatalogProblem(lang, key, "the code no longer has this message (run `make catalogs`)")
                continue
            if message.fuzzy:
                yield CatalogProblem(lang, key, "marked fuzzy: review the translation and remove the flag")
            strings = _ids(message.string)
            if not all(s.strip() for s in strings):
                yield CatalogProblem(lang, key, "not translated")
                continue
            expected = placeholders(" ".join(_ids(message.id)))
            for form in strings:
                if placeholders(form) != expected:
                    yield CatalogProblem(
                        lang,
                        key,
                        f"the translation {form!r} has the placeholders {sorted(placeholders(form))}, "
                        f"the message {sorted(expected)}",
                    )
            if isinstance(message.id, (tuple, list)) and len(strings) != catalog.num_plurals:
                yield CatalogProblem(lang, key, f"{len(strings)} plural forms; the language has {catalog.num_plurals}")
        for key in wanted:
            if key not in have:
                yield CatalogProblem(lang, key, "missing (run `make catalogs`, then translate it)")


def main() -> None:
    """``python -m notices.base.catalogs``: update every catalog, then list what is left to translate."""
    changed = update()
    if changed:
        print("updated:", ", ".join(changed))
    problems = list(check())
    for problem in problems:
        print(problem)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
