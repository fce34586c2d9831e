"""Versions that predate the Git history, kept as files under ``versions/<id>/``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from notices.base.errors import SourceError
from notices.base.model import FrontMatter
from notices.sources.frontmatter import decode, parse_file, validate

__all__ = ["LegacyFile", "read_legacy"]


@dataclass(frozen=True, slots=True)
class LegacyFile:
    notice: str
    path: str
    """Repository-relative path, the permanent source of this text."""
    meta: FrontMatter
    body: str
    sha256: str
    key_lines: dict[str, int]


def read_legacy(versions_dir: Path, root: Path) -> list[LegacyFile]:
    """Every legacy version, validated; each one needs `version` and `effective`."""
    if not versions_dir.is_dir():
        return []
    files: list[LegacyFile] = []
    for file in sorted(versions_dir.rglob("*")):
        rel = _rel(file, root)
        if file.is_symlink():
            try:
                target = file.resolve(strict=True)
            except (OSError, RuntimeError):
                if file.suffix != ".md":
                    continue
                raise SourceError(
                    "symbolic link to a file that does not exist (or a loop of links)",
                    path=rel,
                    hint="replace the link with the old text itself; a legacy version must not vanish",
                ) from None
            if not target.is_relative_to(root):
                raise SourceError(
                    f"symbolic link pointing outside the repository (to {target})",
                    path=rel,
                    hint="copy the old text into the repository as a regular file; "
                    "a published version must not depend on a file Git does not track",
                )
        if not file.is_file() or file.suffix != ".md":
            continue
        parent = file.parent.relative_to(versions_dir)
        if parent == Path("."):
            raise SourceError(
                "legacy version outside a notice folder",
                path=rel,
                hint=f"move it to {_rel(versions_dir, root)}/<notice id>/{file.name}, "
                "e.g. versions/privacy/1.md for version 1 of docs/privacy.md",
            )
        raw = file.read_bytes()
        text = decode(raw, rel)
        if not text.strip():
            raise SourceError(
                "the legacy version is empty",
                path=rel,
                line=1,
                hint="put the old text in it, with `title`, `version` and `effective` in its front matter, "
                "or delete the file",
            )
        parsed = parse_file(text, rel)
        for key in ("version", "effective"):
            if parsed.data.get(key) is None:
                raise SourceError(
                    f"a legacy version needs `{key}`" + ("" if parsed.data else " (the file has no front matter)"),
                    path=rel,
                    line=2 if parsed.data else 1,
                    hint="add `version: <label>` and `effective: YYYY-MM-DD` to its front matter "
                    "(between two `---` lines at the top)",
                )
        meta = validate(parsed, rel)
        files.append(
            LegacyFile(
                notice=parent.as_posix(),
                path=rel,
                meta=meta,
                body=parsed.body,
                sha256=hashlib.sha256(raw).hexdigest(),
                key_lines=parsed.key_lines,
            )
        )
    return files


def _rel(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return str(path)
