"""``/<id>/compare/``: any two versions, redlined in the browser from static block files.

Consecutive pairs are pre-built as diff pages; the other n·(n−1)/2 pairs would
be quadratic to pre-build, so the page fetches ``compare/<version>.json`` of the two
versions, then the parts of ``compare/blocks/`` that hold their blocks, and runs the same
algorithm in ``notices.js``.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from html import escape
from typing import Any

from notices.base.i18n import Messages
from notices.base.model import Notice, NoticeSet
from notices.base.urls import changelog_dir, compare_dir, diff_dir, notice_dir, relative
from notices.reuse.memos import memo
from notices.site.feeds import HEAD_END, feed_head
from notices.site.fragments import END, START, hreflang_links, in_ui_language
from notices.site.redline import change_nav, redline_words
from notices.sources.languages import language_of, words
from notices.text.blocks import Block
from notices.text.render import blocks_of, site_link

__all__ = ["blocks_json", "compare_content", "compare_files"]


CHUNK = 512
"""Distinct blocks a part of ``compare/blocks/`` holds: a long history's blocks are hundreds of
thousands, and a comparison needs those of two versions (most of them in the same parts:
a block is numbered when it first appears, and versions keep most of their predecessor's)."""


def compare_files(notice: Notice) -> dict[str, str]:
    """``<version>.json`` (the version as numbers of its blocks) and ``blocks/<n>.json`` (the
    notice's distinct blocks ``n·CHUNK`` to ``(n+1)·CHUNK − 1``, each once): versions share
    most blocks, so this is small, and a comparison loads only the parts its versions use.
    """
    page = compare_dir(notice.id)
    source = posixpath.dirname(notice.id)

    def mark(m: str) -> str:
        return "a:" + site_link(m[2:], source, notice_dir(notice.id), page) if m.startswith("a:") else m

    table: dict[int, int] = {}
    distinct: list[Block] = []
    files: dict[str, str] = {}
    for version in notice.versions:
        indices = []
        for block in blocks_of(version.latest.body):
            index = table.get(id(block))
            if index is None:
                index = table[id(block)] = len(distinct)
                distinct.append(block)
            indices.append(index)
        data = {"notice": notice.id, "version": version.label, "chunk": CHUNK, "blocks": indices}
        files[f"{version.label}.json"] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for n, start in enumerate(range(0, max(len(distinct), 1), CHUNK)):
        part = {"notice": notice.id, "first": start, "blocks": blocks_json(distinct[start : start + CHUNK], mark)}
        files[f"blocks/{n}.json"] = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
    return files


def blocks_json(blocks: list[Block], mark: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """The compact block form ``notices.js`` diffs: kind, container, depth, words."""
    return [_block_json(b, mark) for b in blocks]


_JSON: dict[tuple[int, Callable[[str], str] | None], dict[str, Any]] = memo({})


def _block_json(block: Block, mark: Callable[[str], str]) -> dict[str, Any]:
    # Blocks are interned and most recur in every version: convert each once. A block
    # without links does not depend on ``mark`` and is shared between notices.
    linked = any(m.startswith("a:") for w in block.words for m in w.marks)
    key = (id(block), mark if linked else None)
    hit = _JSON.get(key)
    if hit is None:
        words = [[w.text, [mark(m) for m in w.marks] if w.marks else [], w.space] for w in block.words]
        hit = _JSON[key] = {"k": block.kind, "c": block.container, "d": block.depth, "w": words}
    return hit


def script_words(t: Messages) -> dict[str, object]:
    """The compare page script's words: the redline's (``redline_words``), its buttons, its answers."""
    return {
        **redline_words(t),
        "lang": t.tag,
        "count": {k: escape(v, quote=False) for k, v in t.plural_table("{count} change.", "{count} changes.").items()},
        "nav": change_nav(t, "{counted}").rstrip("\n"),
        "nochange": t.html("No change in the text."),
        "result": t.html("Version {old} → version {new}"),
        "unknown": t.html("Unknown version"),
        "unknown-text": t.html("There is no version {asked} of this notice. Its versions are {versions}."),
        "or": t.html("{first} or {second}"),
        "failed": t.html(
            "The versions could not be loaded. Serve the site over HTTP (not as local files) and try again."
        ),
    }


def compare_content(notices: NoticeSet, notice: Notice) -> str:
    page = compare_dir(notice.id)
    t = words(notices, notice)
    labels = [v.label for v in notice.versions]
    newest, in_force = notice.versions[-1], notice.in_force(notices.today)
    default_from = notice.previous_of(newest) or newest

    def options(selected: str) -> str:
        return "".join(
            f'<option value="{escape(v.label)}"{" selected" if v.label == selected else ""}>'
            + t.html("Version {label} ({date})", label=escape(v.label), date=v.effective.isoformat())
            + "</option>"
            for v in notice.versions
        )

    prebuilt = "".join(
        f'<li><a href="{relative(diff_dir(notice.id, v.label), page)}">'
        + t.html("Version {old} → {new}", old=escape(prev.label), new=escape(v.label))
        + "</a></li>"
        for v in notice.versions
        if (prev := notice.previous_of(v)) is not None
    )
    script = escape(json.dumps(script_words(t), ensure_ascii=False))
    return (
        START
        + feed_head(notice, page, t).removesuffix(HEAD_END)
        + hreflang_links(notices, notice, page, place=lambda other: compare_dir(other.id))
        + HEAD_END
        + in_ui_language(  # a language without a catalog: the labels are English, the redline in its language
            f'<h1 id="notice-title">{t.html("{title}: compare versions", title=escape(notice.title))}</h1>\n'
            f'<p class="notices-meta">{t.html("Version {label} is in force.", label=escape(in_force.label))} '
            f'<a href="{relative(changelog_dir(notice.id), page)}">{t.html("Change log")}</a></p>\n'
            + f'<form class="notices-compare" method="get" data-versions="{escape(json.dumps(labels))}" '
            f'data-notices-messages="{script}">\n'
            f'<p><label for="notices-from">{t.html("From")}</label> <select id="notices-from" name="from">'
            f"{options(default_from.label)}</select> "
            f'<label for="notices-to">{t.html("to")}</label> <select id="notices-to" name="to">'
            f"{options(newest.label)}</select> "
            f'<button class="md-button md-button--primary" type="submit">{t.html("Compare")}</button></p>\n</form>\n'
            + '<div id="notices-compare-result" aria-live="polite"></div>\n'
            + "<noscript><p>"
            + t.html("Comparing any two versions needs JavaScript. Each version against the one before it:")
            + f"</p><ul>{prebuilt}</ul></noscript>\n",
            language_of(notices, notice),
        )
        + END
    )
