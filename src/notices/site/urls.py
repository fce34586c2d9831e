"""The permanent URL scheme, in one place, as site-relative directory paths."""

from __future__ import annotations

import posixpath

__all__ = ["notice_dir", "relative", "revision_dir", "version_dir"]


def notice_dir(notice_id: str) -> str:
    return f"{notice_id}/"


def version_dir(notice_id: str, label: str) -> str:
    return f"{notice_id}/{label}/"


def revision_dir(notice_id: str, label: str, number: int) -> str:
    return f"{notice_id}/{label}/r{number}/"


def relative(target: str, page: str) -> str:
    """Link from the page at directory ``page`` to ``target``; works under any base URL."""
    rel = posixpath.relpath(target.rstrip("/") or ".", page.rstrip("/") or ".")
    if rel == ".":
        return "./"
    return rel + ("/" if target.endswith("/") else "")
