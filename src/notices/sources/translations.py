"""Translations: ``docs/privacy.da.md`` is the Danish text of ``privacy``.

A translation's ``version`` names the version of the main text it translates,
and takes that version's effective date. A translation older than the version
in force is outdated: its pages and the API say so, because a reader must know
that the binding text says something it does not.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from pathlib import PurePosixPath

from notices.base.errors import ConfigError, SourceError
from notices.base.model import Notice
from notices.sources.languages import canonical, same_language, tag_problem

__all__ = ["LANGUAGES", "link_translations", "outdated", "translation_suffix"]

LANGUAGES = frozenset(
    "aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en "
    "eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja "
    "jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb "
    "nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq "
    "sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)
_SUFFIX = re.compile(r"^(?P<base>.+)\.(?P<lang>[A-Za-z]{2}(?:-[A-Za-z0-9]{1,8})*)$")
"""``.da``, ``.de-AT``, ``.zh-Hans``, ``.sr-Latn-RS``: a BCP 47 tag (language, then script, region,
variants) marks a translation; its subtags are checked (``languages.tag_problem``), so ``.de-XY`` is
reported rather than silently made a notice of its own."""
_URL_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~/-]*$")


def translation_suffix(path: str) -> str | None:
    """``da`` for ``docs/privacy.da.md``; None when the name has no language-like suffix."""
    match = _match(PurePosixPath(path).with_suffix("").name)
    return match.group("lang") if match else None


def _match(name: str) -> re.Match[str] | None:
    """The language suffix of a name: lower case (``.da``), or upper case of a real code (``.EN``).

    ``terms.US`` is not a translation (no language `us`): it stays a notice of its own.
    """
    match = _SUFFIX.match(name)
    if match is None:
        return None
    primary = match.group("lang").split("-")[0]
    return match if primary == primary.lower() or primary.lower() in LANGUAGES else None


def _checked_globs(by_glob: dict[str, str]) -> dict[str, str]:
    for glob, lang in by_glob.items():
        problem = tag_problem(str(lang)) if str(lang).split("-")[0].lower() in LANGUAGES else "it is no language code"
        if problem is not None:
            raise ConfigError(
                f"`languages` gives `{glob}` the language `{lang}`, but {problem}",
                path="mkdocs.yml",
                hint="write a BCP 47 tag such as `fr`, `de-AT` or `pt-BR`: `languages: {'policies/fr/*.md': fr}`",
            )
    return {glob: canonical(str(lang)) for glob, lang in by_glob.items()}


def outdated(notice: Notice, main: Notice, today: dt.date) -> bool:
    """Whether the version in force of the main text has no translation here."""
    return main.in_force(today).label not in {v.label for v in notice.versions}


def link_translations(notices: dict[str, Notice], site_lang: str, by_glob: dict[str, str] | None = None) -> None:
    """Check ids and languages, and tie each translation to its notice.

    ``by_glob`` (the ``languages`` option) gives the language of notices whose text declares
    none and whose name has no suffix: adopted policies carry no front matter to say it."""
    globs = _checked_globs(by_glob or {})
    for notice in notices.values():
        path = notice.path or f"{notice.id}.md"
        if not _URL_SAFE.match(notice.id) or "//" in notice.id:
            raise SourceError(
                f"the notice id `{notice.id}` cannot be part of a URL",
                path=path,
                hint="rename the file with letters, digits, '-', '_' and '.' only (e.g. `git mv` it to "
                f"{re.sub(r'[^A-Za-z0-9._/-]+', '-', notice.id).strip('-').lower()}.md); its old URLs will redirect",
            )
        match = _match(notice.id.rsplit("/", 1)[-1])
        declared = notice.versions[-1].latest.meta.lang
        if match is None:
            notice.lang = declared or next(
                (lang for glob, lang in globs.items() if fnmatch.fnmatch(notice.id + ".md", glob)), None
            )
            continue
        lang = match.group("lang")
        primary = lang.split("-")[0]
        if primary != primary.lower() and primary.lower() in LANGUAGES:
            fixed = notice.id.rsplit("/", 1)[-1][: -len(lang)] + primary.lower() + lang[len(primary) :]
            raise SourceError(
                f"`.{lang}` in the file name: a language code is written in lower case",
                path=path,
                hint=f"rename the file to {fixed}.md if it is a translation into `{primary.lower()}`; "
                "if it is not a translation, drop the dot (e.g. "
                f"{notice.id.rsplit('/', 1)[-1].replace('.', '-')}.md)",
            )
        if lang.split("-")[0] not in LANGUAGES:
            raise SourceError(
                f"`.{lang}` in the file name is not a language code",
                path=path,
                hint="name translations <notice>.<ISO 639-1 code>.md, e.g. privacy.da.md, or rename the file",
            )
        problem = tag_problem(lang)
        if problem is not None:
            name = notice.id.rsplit("/", 1)[-1]
            raise SourceError(
                f"`.{lang}` in the file name looks like a language tag, but {problem}",
                path=path,
                hint=f"if this is a translation, name it with a BCP 47 tag such as {name[: -len(lang)]}de-AT.md, "
                f"{name[: -len(lang)]}pt-BR.md or {name[: -len(lang)]}zh-Hans.md; if it is a notice of its own, "
                f"drop the dot: {name.replace('.', '-')}.md",
            )
        base = notice.id[: -len(lang) - 1]
        main = notices.get(base)
        if main is None:
            raise SourceError(
                f"translation into `{lang}` of `{base}`, which is not a notice",
                path=path,
                hint=f"add docs/{base}.md (the main text), or rename this file",
            )
        if declared and not same_language(declared, lang):
            raise SourceError(
                f"the file name says `{lang}` but `lang: {declared}` says otherwise",
                path=path,
                hint="make them agree, or drop `lang:` (the file name is enough)",
            )
        main_lang = main.versions[-1].latest.meta.lang or site_lang
        holder = (
            main
            if same_language(main_lang, lang)
            else next((notices[other] for tag, other in main.translations.items() if same_language(tag, lang)), None)
        )
        if holder is not None:
            raise SourceError(
                f"two files claim `{base}` in `{lang}`",
                path=path,
                hint=f"{holder.path or holder.id} is already in `{lang}`; remove one, or change its language",
            )
        labels = {v.label: v for v in main.versions}
        for version in notice.versions:
            target = labels.get(version.label)
            if target is None:
                raise SourceError(
                    f"translation of version {version.label} of `{base}`, which has no such version",
                    path=path,
                    hint="set `version:` to the version this text translates: " + ", ".join(labels),
                )
            version.effective = target.effective
        notice.lang = lang
        notice.translation_of = base
        main.translations[lang] = notice.id
