"""One schema for the plugin's options, so `notices check` fails exactly where the build would.

The MkDocs plugin (``load_config``) and the CLI (``mkdocs_yml``) both hand the raw
values under ``plugins: - notices:`` to :func:`validate_options`; neither has
rules of its own. Every problem is one ``ConfigError`` that names the option, its
line in mkdocs.yml when known, what is wrong and what to write instead, with
"did you mean" for a misspelt option. The hooks list is checked by
``hooks.parse_hooks`` and the heading patterns by ``Classifier.from_option``, the
same functions that later use them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from notices.base.errors import ConfigError, shown
from notices.changes.classify import Classifier
from notices.publish.hooks import Locate, parse_hooks

__all__ = [
    "OPTION_NAMES",
    "Locate",
    "OptionError",
    "PluginOptions",
    "check_directory_urls",
    "validate_options",
]


class OptionError(ConfigError):
    """A plugin option is wrong; ``option`` names it (MkDocs reports errors per option)."""

    def __init__(self, option: str, error: ConfigError) -> None:
        super().__init__(error.message, path=error.path, line=error.line, hint=error.hint)
        self.option = option


class PluginOptions(BaseModel):
    """The options of ``plugins: - notices:`` in mkdocs.yml, typed and with their defaults."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    enabled: bool = True
    """Off switch, e.g. for a quick local preview without history."""
    include: list[str] = Field(default_factory=list)
    """Globs (relative to docs_dir) of pages that are notices even without `version`."""
    versions_dir: str = Field(default="versions", min_length=1)
    changelog_dir: str = Field(default="changelog", min_length=1)
    cache_dir: str = Field(default=".cache/notices", min_length=1)
    cache: bool = True
    """Keep computed pages in cache_dir between builds; off makes every build a cold one."""
    previous_manifest: str | None = None
    """The last deployment's versions.json (path or URL); env NOTICES_PREVIOUS_MANIFEST wins."""
    hooks: list[Any] = Field(default_factory=list)
    """Notification hooks, validated by ``hooks.parse_hooks``; run by `notices notify`, never by the build."""
    raw_html: bool = False
    """Parse raw HTML in notices (sanitized everywhere) instead of showing it as text."""
    elements: dict[str, str | list[str]] = Field(default_factory=dict)
    """Heading patterns (regex or list of regexes) per GDPR element, replacing the defaults."""
    retired: dict[str, str | None] = Field(default_factory=dict)
    """Notices deleted long ago (id: the notice that replaced it, or null: withdrawn), for an adopted history."""
    renamed: dict[str, str] = Field(default_factory=dict)
    """Old id: new id, for a notice renamed and rewritten at once (Git sees no rename)."""
    languages: dict[str, str] = Field(default_factory=dict)
    """Glob (as in ``include``) → language code, for notices whose text declares none (adopted policies)."""
    messages: dict[str, dict[str, str]] = Field(default_factory=dict)
    """The site's own wording of the tool's messages: language → English message → text (``i18n``)."""
    pdf: bool = False
    """Write a PDF of every version (``/<id>/<version>/<id>-<version>.pdf``); needs the ``pdf`` extra."""

    @field_validator("include", mode="before")
    @classmethod
    def _one_glob(cls, value: Any) -> Any:
        """``include: policies/*.md`` means a list of one glob, as a reader would expect."""
        return [value] if isinstance(value, str) else value

    @field_validator("hooks", mode="before")
    @classmethod
    def _no_hooks(cls, value: Any) -> Any:
        """``hooks:`` with nothing under it is YAML's null: no hooks."""
        return [] if value is None else value

    @field_validator("elements", "retired", "renamed", "languages", "messages", mode="before")
    @classmethod
    def _no_elements(cls, value: Any) -> Any:
        return {} if value is None else value


OPTION_NAMES = tuple(PluginOptions.model_fields)

_EXPECTED: dict[str, tuple[str, str]] = {
    "enabled": ("true or false", "enabled: false"),
    "include": ("a list of globs relative to docs_dir", "include: [policies/*.md]"),
    "versions_dir": ("a folder path", "versions_dir: versions"),
    "changelog_dir": ("a folder path", "changelog_dir: changelog"),
    "cache_dir": ("a folder path", "cache_dir: .cache/notices"),
    "cache": ("true or false", "cache: false"),
    "previous_manifest": (
        "the path or URL of the last deployment's versions.json",
        "previous_manifest: https://notices.example.org/versions.json",
    ),
    "hooks": ("a list of hooks (each with `command` or `url`)", "hooks: [{command: hooks/email.py}]"),
    "raw_html": ("true or false", "raw_html: true"),
    "elements": (
        "a mapping of GDPR element to a heading pattern or a list of them",
        "elements: {retention: 'how long we keep'}",
    ),
    "retired": (
        "a mapping of notice id to the id of the notice that replaced it (or null: withdrawn, nothing replaced it)",
        "retired: {pantry: privacy, beta-app: null}",
    ),
    "renamed": ("a mapping of old notice id to new notice id", "renamed: {legal/terms: terms}"),
    "languages": ("a mapping of glob to language code", "languages: {'policies/fr/*.md': fr}"),
    "messages": (
        "a mapping of language to a mapping of English message to your text",
        "messages: {en: {'Previous versions': 'Earlier versions'}}",
    ),
    "pdf": ("true or false", "pdf: true"),
}


def _nowhere(keys: tuple[str | int, ...]) -> tuple[str, int | None]:
    return "mkdocs.yml", None


def validate_options(raw: Any, locate: Locate | None = None, base: Path | None = None) -> PluginOptions:
    """The plugin's options, or the first problem with them as an ``OptionError``.

    ``locate`` maps a key path under the plugin's options to (file, line);
    ``base`` is the folder of mkdocs.yml, where command hooks must exist.
    """
    try:
        return _validate(raw, locate or _nowhere, base)
    except OptionError:
        raise
    except ConfigError as exc:
        raise OptionError("hooks", exc) from None


def _validate(raw: Any, where: Locate, base: Path | None) -> PluginOptions:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        path, line = where(())
        raise OptionError(
            "notices",
            ConfigError(
                f"the notices plugin's options must be a mapping of option: value, not {shown(raw)}",
                path=path,
                line=line,
                hint="write `- notices:` followed by indented `option: value` lines, or just `- notices`",
            ),
        )
    for key in raw:
        if key not in OPTION_NAMES:
            close = difflib.get_close_matches(str(key), OPTION_NAMES, n=1)
            path, line = where((str(key),))
            error = ConfigError(
                f"`{key}` is not an option of the notices plugin",
                path=path,
                line=line,
                hint=f"did you mean `{close[0]}`?" if close else "options: " + ", ".join(OPTION_NAMES),
            )
            raise OptionError(str(key), error)
    try:
        options = PluginOptions.model_validate(raw)
    except ValidationError as exc:
        raise OptionError(str(exc.errors()[0]["loc"][0]), _option_error(exc, raw, where)) from None
    parse_hooks(options.hooks, locate=where, base=base)
    try:
        Classifier.from_option(options.elements)
    except ConfigError as exc:
        key = next((k for k in options.elements if f"`{k}`" in exc.message or f"`elements.{k}`" in exc.message), None)
        path, line = where(("elements", key) if key else ("elements",))
        raise OptionError("elements", ConfigError(exc.message, path=path, line=line, hint=exc.hint)) from None
    _check_messages(options.messages, where)
    if options.pdf:
        from notices.site.pdf import require_library  # WeasyPrint is imported only by sites that ask for PDFs

        try:
            require_library(*where(("pdf",)))
        except ConfigError as exc:
            raise OptionError("pdf", exc) from None
    return options


def _check_messages(table: dict[str, dict[str, str]], where: Locate) -> None:
    """Each override names a message the tool writes, in a language tag, with its placeholders.

    A misspelt message would silently change nothing, and a dropped ``{date}`` would print
    a banner without its date: both are refused with the message meant, or the slots to keep."""
    from notices.base.catalogs import known_messages
    from notices.base.i18n import placeholders
    from notices.sources.languages import tag_problem

    known = known_messages()
    for lang, texts in table.items():
        problem = tag_problem(str(lang))
        if not re.fullmatch(r"[A-Za-z]{2,3}", str(lang).replace("_", "-").split("-")[0]):
            problem = "not a language tag (BCP 47: a two- or three-letter language code, then an optional region)"
        if problem:
            path, line = where(("messages", lang))
            raise OptionError(
                "messages",
                ConfigError(
                    f"`messages.{lang}`: {problem}",
                    path=path,
                    line=line,
                    hint="key each table by a language tag: da, de-AT",
                ),
            )
        for message, text in texts.items():
            path, line = where(("messages", lang, message))
            if message not in known:
                close = difflib.get_close_matches(message, list(known), n=1, cutoff=0.5)
                raise OptionError(
                    "messages",
                    ConfigError(
                        f"`messages.{lang}`: the tool writes no message {message!r}",
                        path=path,
                        line=line,
                        hint=(f"did you mean {close[0]!r}? " if close else "")
                        + "keys are the English messages, as listed in notices/locales/notices.pot",
                    ),
                )
            want, have = placeholders(known[message]), placeholders(text)
            if want != have:
                slots = ", ".join("{" + p + "}" for p in sorted(want)) or "none"
                raise OptionError(
                    "messages",
                    ConfigError(
                        f"`messages.{lang}`: the text for {message!r} has the placeholders "
                        f"{', '.join('{' + p + '}' for p in sorted(have)) or 'none'}",
                        path=path,
                        line=line,
                        hint=f"keep exactly the placeholders of the message: {slots}",
                    ),
                )


def _option_error(exc: ValidationError, raw: dict[str, Any], where: Locate) -> ConfigError:
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    name = str(loc[0])
    expected, example = _EXPECTED[name]
    value = raw.get(name)
    path, line = where(loc[:2] if name == "elements" else loc[:1])
    if name == "elements" and isinstance(value, dict) and len(loc) > 1:
        key = loc[1]
        return ConfigError(
            f"`elements.{key}` must be a heading pattern or a list of them, not {shown(value.get(key))}",
            path=path,
            line=line,
            hint=f"e.g. `{example}`",
        )
    if name == "include" and isinstance(value, list) and len(loc) > 1 and isinstance(loc[1], int):
        return ConfigError(
            f"`include` entry {loc[1] + 1} must be a glob, not {shown(value[loc[1]])}",
            path=path,
            line=line,
            hint=f"quote it if YAML reads it as something else, e.g. `{example}`",
        )
    quoted = " (without quotes)" if expected == "true or false" and isinstance(value, str) else ""
    return ConfigError(
        f"`{name}` must be {expected}, not {shown(value)}",
        path=path,
        line=line,
        hint=f"write e.g. `{example}`{quoted}",
    )


def check_directory_urls(value: Any, locate: Callable[[], tuple[str, int | None]] | None = None) -> None:
    """Permanent version URLs are folders; flat URLs would give every version a different address."""
    if value is False:
        path, line = locate() if locate else ("mkdocs.yml", None)
        raise ConfigError(
            "`use_directory_urls: false` cannot be used with the notices plugin: permanent version URLs "
            "are folders (/privacy/3/)",
            path=path,
            line=line,
            hint="set `use_directory_urls: true` in mkdocs.yml (or remove the line)",
        )
