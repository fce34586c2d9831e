"""The data of the "what did it say on …?" form: which page to open for which day.

The page script takes the last entry whose day is on or before the day asked, so
the entries say, in order, from which day which page holds the binding text: a
correction's own revision page from the day it was published, the successor's
pages from the day a notice was superseded, and an empty link from the day the last
notice of that chain was withdrawn (nothing bound readers from then on).
"""

from __future__ import annotations

from notices.base.model import Notice, NoticeSet, Revision, Version
from notices.base.urls import relative, revision_dir, version_dir
from notices.reuse.memos import memo
from notices.sources.supersession import live_from

__all__ = ["lookup_data"]


_LIVE: dict[tuple[int, str], tuple[Notice, list[tuple[str, str]]]] = memo({})


def lookup_data(notices: NoticeSet, notice: Notice, page: str) -> list[list[str]]:
    """[[ISO day, link relative to ``page``], …] in order of days; ``""`` for "withdrawn".

    Which page holds which day's text is worked out once per notice, not once per page (a
    long history has as many pages as entries); only the links are made for each page."""
    key = (id(notice), notices.today.isoformat())
    hit = _LIVE.get(key)
    if hit is None or hit[0] is not notice:  # the notice itself is kept: its id is never another's
        hit = _LIVE[key] = (notice, _days(notices, notice))
    return [[day, relative(target, page) if target else ""] for day, target in hit[1]]


def _days(notices: NoticeSet, notice: Notice) -> list[tuple[str, str]]:
    live = live_from(notices, notice)
    data = [(day.isoformat(), _page_of(n, v, r)) for day, n, v, r in live]
    last = live[-1][1] if live else notice
    if last.superseded_by is None and last.withdrawn_on is not None:
        data.append((last.withdrawn_on.isoformat(), ""))
    return data


def _page_of(notice: Notice, version: Version, revision: Revision) -> str:
    """The version's page shows its newest text; an older text has a page of its own."""
    if revision is version.latest or len(version.revisions) < 2:
        return version_dir(notice.id, version.label)
    return revision_dir(notice.id, version.label, revision.number)
