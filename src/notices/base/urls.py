"""The permanent URL scheme, in one place, as site-relative directory paths."""

from __future__ import annotations

__all__ = [
    "changelog_dir",
    "compare_dir",
    "diff_dir",
    "embed_dir",
    "notice_dir",
    "pdf_file",
    "relative",
    "revision_diff_dir",
    "revision_dir",
    "version_dir",
]


def notice_dir(notice_id: str) -> str:
    return f"{notice_id}/"


def version_dir(notice_id: str, label: str) -> str:
    return f"{notice_id}/{label}/"


def pdf_file(notice_id: str, label: str) -> str:
    """The PDF of a version, in its folder, named so a downloaded copy says what it is:
    ``privacy/3/privacy-3.pdf``, ``products/studio/2/products-studio-2.pdf``."""
    return f"{version_dir(notice_id, label)}{notice_id.replace('/', '-')}-{label}.pdf"


def revision_dir(notice_id: str, label: str, number: int) -> str:
    return f"{notice_id}/{label}/r{number}/"


def revision_diff_dir(notice_id: str, label: str, number: int) -> str:
    """The redline of revision ``number`` (2, 3 …) against the one before it, under the same label."""
    return f"{notice_id}/{label}/r{number}/diff/"


def diff_dir(notice_id: str, label: str) -> str:
    return f"{notice_id}/{label}/diff/"


def changelog_dir(notice_id: str) -> str:
    return f"{notice_id}/changelog/"


def compare_dir(notice_id: str) -> str:
    return f"{notice_id}/compare/"


def relative(target: str, page: str) -> str:
    """Link from the page at directory ``page`` to ``target``; works under any base URL.

    Both are site-relative, so this is pure string work (``posixpath.relpath`` asks
    the OS for the working directory on every call, and pages have many links).
    """
    to = [p for p in target.split("/") if p]
    at = [p for p in page.split("/") if p]
    common = 0
    while common < len(to) and common < len(at) and to[common] == at[common]:
        common += 1
    parts = [".."] * (len(at) - common) + to[common:]
    if not parts:
        return "./"
    return "/".join(parts) + ("/" if target.endswith("/") else "")


def embed_dir(notice_id: str) -> str:
    return f"embed/{notice_id}/"
