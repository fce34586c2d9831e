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

from notices.base.errors import SourceError
from notices.base.model import FrontMatter
from notices.base.yamlload import check_tabs, load_yaml

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

_MAX_LABEL = 64
_LABEL = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{_MAX_LABEL - 1}}}$")
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
    """UTF-8 text with LF line ends, or a clear error naming the line with the bad byte.

    CRLF and CR are read as LF, so a file saved on Windows reads exactly like the
    same file saved elsewhere, and a change of line ends alone is not a new text.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise SourceError(
                f"the file is {name}, not UTF-8",
                path=path,
                line=1,
                hint=_SAVE_AS_UTF8,
            )
    nul = raw.find(b"\0")
    if nul >= 0:
        if raw.count(b"\0") * 4 >= len(raw):  # every other byte: UTF-16 without a byte order mark
            raise SourceError("the file is UTF-16, not UTF-8", path=path, line=1, hint=_SAVE_AS_UTF8)
        raise SourceError(
            f"the file contains a NUL byte (offset {nul}), so it is not a text file",
            path=path,
            line=raw[:nul].count(b"\n") + 1,
            hint="delete the invisible character on that line, or save the file again as UTF-8 text",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = raw[exc.start : exc.start + 1].decode("cp1252", "replace")
        raise SourceError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}, "
            f"`{guess}` if the file is Latin-1 or Windows-1252)",
            path=path,
            line=line,
            hint=_SAVE_AS_UTF8,
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_SAVE_AS_UTF8 = "save the file as UTF-8 (in most editors: File → Save with encoding → UTF-8)"
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml or None, body, line where the body starts).

    Lines end at LF only (``decode`` made every line end one): ``str.splitlines`` would
    also break at form feeds and U+2028, and find a fence inside a line.
    """
    lines = _LINES.findall(text)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None, text, 1


_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def _misplaced_fences(text: str, path: str) -> None:
    """Front matter that lost a fence reads as no front matter: say which fence instead.

    Without this, a notice whose closing ``---`` was deleted is a plain page, and its
    versions vanish from the site without a word.
    """
    lines = text.split("\n")
    if lines[0].rstrip() == "---":
        close = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
        if close is None and _KEY_LINE.match(next((line for line in lines[1:] if line.strip()), "")):
            raise SourceError(
                "the front matter that starts on line 1 has no closing `---`",
                path=path,
                line=1,
                hint="add a line `---` after the last `key: value` line, before the text",
            )
        if close is not None and not "".join(lines[1:close]).strip() and _keys_then_fence(lines[close + 1 :]):
            raise SourceError(
                f"line {close + 1} (`---`) ends the front matter before its first key",
                path=path,
                line=close + 1,
                hint=f"delete line {close + 1}: the front matter is the lines between the first two `---`",
            )
    elif _keys_then_fence(lines):
        raise SourceError(
            "the front matter has no opening `---`",
            path=path,
            line=1,
            hint="add a line `---` above line 1, so the `key: value` lines sit between two `---` lines",
        )


_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


def _keys_then_fence(lines: list[str]) -> bool:
    """Whether lines start with `key: value` lines (two or more, one of them ours) closed by a fence.

    One such line before a `---` is also a Markdown heading ("Version: 2" underlined).
    """
    ours, keys = False, 0
    for line in lines:
        if _FENCE.match(line):
            return ours and keys > 1
        key = _KEY_LINE.match(line)
        if key:
            keys += 1
            ours = ours or key.group(1).lower() in OUR_KEYS
        elif line.strip() and not line[0].isspace() and not line.startswith(("#", "- ")):
            return False
    return False


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
        if isinstance(value, str) and len(value) > _MAX_LABEL and _LABEL.match(value[:_MAX_LABEL]):
            raise ValueError(
                f"the label is {len(value)} characters long; a label has at most {_MAX_LABEL} "
                "(it becomes part of the URL)"
            )
        if not isinstance(value, str) or not _LABEL.match(value):
            raise ValueError(
                "must be a label of letters, digits, '.', '-' or '_' that starts with a letter or digit "
                "(it becomes part of the URL)"
            )
        if value in _RESERVED_LABELS or re.fullmatch(r"r\d+", value):
            raise ValueError(f"{value!r} is reserved for a URL of its own; choose another label")
        return value

    @field_validator("effective", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date without a time, e.g. 2025-03-01")
        if value is not None and not isinstance(value, (str, dt.date)):
            # pydantic would read 4084214400 as seconds since 1970: only the written form is a date
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01")
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


def parse_file(text: str, path: str) -> ParsedFile:
    """Split and parse; raises SourceError with the line of whatever is malformed."""
    _misplaced_fences(text, path)
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return ParsedFile({}, body, body_line, {})
    check_tabs(yaml_text, path)
    try:
        data, key_lines = load_yaml(yaml_text, path)
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
    except yaml.reader.ReaderError as exc:
        raise SourceError(
            f"the front matter contains a control character (U+{exc.character:04X}) that YAML does not allow",
            path=path,
            line=yaml_text[: exc.position].count("\n") + 2,
            hint="delete the invisible character on that line (or retype the line)",
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SourceError(
            f"malformed YAML front matter: {exc}",
            path=path,
            line=1,
            hint="write plain `key: value` lines between the two `---` lines",
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "text"
        raise SourceError(
            f"front matter must be `key: value` lines, not {shape}",
            path=path,
            line=2,
            hint="write e.g. `title: Privacy notice` between the two `---` lines, one key per line, "
            "without a leading `- `",
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
            hint=_HINTS.get(key, "see the front matter section of the README for the value it takes"),
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
    "title": "write the title as text on one line, e.g. `title: Privacy notice`",
    "summary": "write the summary as text, e.g. `summary: Adds a section on cookies.`",
    "effective": "write the date the version takes effect as YYYY-MM-DD",
    "version": "use a label that goes up with each version, e.g. 4 after 3",
    "supersedes": "list the ids (paths under docs/ without .md) of the notices this one replaces",
    "material": "write `material: true` or `material: false`",
    "purposes": "list the purposes of processing, e.g. `purposes: [deliver orders, answer questions]`",
    "lang": "write the language code of the text, e.g. `lang: da`, or drop the key",
}
