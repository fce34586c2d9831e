"""Versions that predate the Git history, kept as files under ``versions/<id>/``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .frontmatter import decode, parse_file, validate
from .model import FrontMatter

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
            target = file.resolve()
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
        parsed = parse_file(decode(raw, rel), rel)
        meta = validate(parsed, rel)
        for key in ("version", "effective"):
            if getattr(meta, key) is None:
                raise SourceError(
                    f"a legacy version needs `{key}`",
                    path=rel,
                    line=2,
                    hint="add `version: <label>` and `effective: YYYY-MM-DD` to its front matter",
                )
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
