"""Front matter: split it off, parse it with line numbers, validate it with a schema.

Errors point at the line of the offending key, because the people who edit these
files are lawyers in a pull request, not developers reading a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import SourceError
from .model import FrontMatter

__all__ = [
    "OUR_KEYS",
    "ParsedFile",
    "decode",
    "parse_file",
    "split_front_matter",
    "unknown_key_problems",
    "validate",
]

OUR_KEYS = ("title", "version", "effective", "summary", "supersedes", "purposes", "material", "lang")
"""Keys this tool reads. Other keys are kept for the site generator and ignored here."""

# Keys MkDocs, Material and common plugins use; never reported as typos of ours.
_KNOWN_FOREIGN = frozenset(
    {
        "hide",
        "template",
        "description",
        "icon",
        "status",
        "tags",
        "search",
        "comments",
        "subtitle",
        "social",
        "authors",
        "date",
        "categories",
        "slug",
        "draft",
        "layout",
        "permalink",
        "redirect_from",
        "nav_order",
        "weight",
        "render_macros",
        "translations",
    }
)

_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_RESERVED_LABELS = frozenset({"compare", "changelog", "diff", "feed.xml", "api", "embed"})
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A notice file split into what the tool reads and the Markdown body."""

    data: dict[str, Any]
    """Every front matter key, ours or not."""
    body: str
    body_line: int
    """1-based line where the body starts, so body errors can point into the file."""
    key_lines: dict[str, int]


def decode(raw: bytes, path: str) -> str:
    """UTF-8 or a clear error naming the line with the bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
            hint="save the file as UTF-8 (in most editors: File → Save with encoding → UTF-8)",
        ) from None
    return text.removeprefix("\ufeff")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml or None, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None, text, 1


class _Schema(BaseModel):
    """The fields of ours, typed; pydantic turns a bad value into a message per key."""

    model_config = ConfigDict(extra="ignore", strict=False)

    title: str | None = None
    version: str | None = None
    effective: dt.date | None = None
    summary: str | None = None
    supersedes: tuple[str, ...] = ()
    purposes: tuple[str, ...] | None = None
    material: bool | None = None
    lang: str | None = None

    @field_validator("title", "summary", "lang", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise ValueError("must be text")
        return value

    @field_validator("version", mode="before")
    @classmethod
    def _label(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool):
            raise ValueError("must be a label such as 3 or 2.1, not true/false")
        if isinstance(value, float):
            raise ValueError(
                f'YAML reads {value!r} as a number, which loses trailing zeros; quote it, e.g. version: "{value}"'
            )
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if not isinstance(value, str) or not _LABEL.match(value):
            raise ValueError("must be a label of letters, digits, '.', '-' or '_' (it becomes part of the URL)")
        if value in _RESERVED_LABELS or re.fullmatch(r"r\d+", value):
            raise ValueError(f"{value!r} is reserved for a URL of its own; choose another label")
        return value

    @field_validator("effective", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date without a time, e.g. 2025-03-01")
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value!r} is not a real date") from None
        return value

    @field_validator("supersedes", "purposes", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(item.strip() for item in value)
        if value is None:
            return None
        raise ValueError("must be a list of text, e.g. [old-policy, other-policy]")


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """Safe loading (libyaml's parser when present) that leaves dates as text.

    An impossible date then gets our message instead of a traceback from YAML.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(yaml_text: str) -> tuple[Any, dict[str, int]]:
    """Data and the 0-based line of each top-level key, from one parse."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(key.value): key.start_mark.line for key, _ in node.value}
    return data, lines


def parse_file(text: str, path: str) -> ParsedFile:
    """Split and parse; raises SourceError with the line of whatever is malformed."""
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return ParsedFile({}, body, body_line, {})
    try:
        data, key_lines = _load(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.line >= yaml_text.count("\n"):
            mark = exc.context_mark  # "unexpected end": the opening bracket is the useful line
        line = mark.line + 2 if mark else 1
        what = "; ".join(part for part in (exc.context, exc.problem) if part)
        raise SourceError(
            f"malformed YAML front matter ({what})",
            path=path,
            line=line,
            hint="check indentation and quote values that contain ':' or '#'",
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"malformed YAML front matter: {exc}", path=path, line=1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(
            "front matter must be a set of `key: value` lines",
            path=path,
            line=2,
            hint="write e.g. `title: Privacy notice` between the two `---` lines",
        )
    lines = {key: line + 2 for key, line in key_lines.items()}
    return ParsedFile({str(k): v for k, v in data.items()}, body, body_line, lines)


def unknown_key_problems(parsed: ParsedFile) -> list[tuple[str, int | None, str]]:
    """Keys that look like a typo of ours: (key, line, suggestion)."""
    problems = []
    for key in parsed.data:
        if key in OUR_KEYS or key in _KNOWN_FOREIGN:
            continue
        close = difflib.get_close_matches(key.lower(), OUR_KEYS, n=1, cutoff=0.75)
        if close:
            problems.append((key, parsed.key_lines.get(key), close[0]))
    return problems


def validate(parsed: ParsedFile, path: str, *, fallback_title: str | None = None) -> FrontMatter:
    """Typed front matter, or a SourceError naming the key, its line and the fix."""
    try:
        schema = _Schema.model_validate(parsed.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SourceError(
            f"`{key}`: {message}",
            path=path,
            line=parsed.key_lines.get(key),
            hint=_HINTS.get(key),
        ) from None
    title = schema.title if schema.title and schema.title.strip() else fallback_title
    if not title:
        raise SourceError(
            "the notice has no `title`",
            path=path,
            line=2 if parsed.data else 1,
            hint="add a line `title: …` to the front matter, e.g. `title: Privacy notice`",
        )
    return FrontMatter(
        title=title.strip(),
        version=schema.version,
        effective=schema.effective,
        summary=schema.summary,
        supersedes=schema.supersedes,
        purposes=schema.purposes,
        material=schema.material,
        lang=schema.lang,
    )


_HINTS = {
    "effective": "write the date the version takes effect as YYYY-MM-DD",
    "version": "use a label that goes up with each version, e.g. 4 after 3",
    "supersedes": "list the ids (paths under docs/ without .md) of the notices this one replaces",
    "material": "write `material: true` or `material: false`",
}
