"""The static JSON API under ``/api/v1/``: the public contract apps build on.

Field names never change within v1 (a change needs ``/api/v2/``). URLs are
absolute when the site has a ``site_url``; otherwise they are relative to the
JSON file they are in (resolve them with ``new URL(url, jsonUrl)``).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from notices.base.model import Notice, NoticeSet, Version
from notices.base.urls import diff_dir, notice_dir, pdf_file, relative, revision_diff_dir, revision_dir, version_dir
from notices.changes.assess import reasons_json
from notices.sources.supersession import retired, until, withdrawn
from notices.sources.translations import outdated
from notices.text.headings import under_title
from notices.text.render import render, text_of

__all__ = ["API", "absolute_links", "api_files", "api_index", "notice_api_files", "notify_since"]

API = "api/v1/"
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


class _Urls:
    def __init__(self, site_url: str, file: str) -> None:
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.folder = file.rsplit("/", 1)[0] + "/"

    def __call__(self, path: str) -> str:
        if self.site_url:
            return self.site_url + path
        target = relative(path, self.folder)
        return target


def _until(notice: Notice, version: Version) -> str | None:
    """The next version's date, or the day a superseded notice's last version stopped binding."""
    day = until(notice, version)
    return day.isoformat() if day else None


def notify_since(notices: NoticeSet, notice: Notice) -> dict[str, Any]:
    """For a user who last saw version L: must they be told, and of which versions?"""
    out: dict[str, Any] = {}
    for index, version in enumerate(notice.versions):
        later = notice.versions[index + 1 :]
        changes = [(v, notices.change(notice.id, v.label)) for v in later]
        # material corrections published under a label after readers saw it count too
        own = [r for r in notices.change(notice.id, version.label).revisions if r[1]]
        material = any(c.material for _, c in changes) or bool(own)
        purpose = any(c.purpose_changed for _, c in changes) or any(r[2] for r in own)
        listed = [v.label for v, c in changes if c.material or c.purpose_changed]
        out[version.label] = {
            "material": material,
            "purpose_changed": purpose,
            "versions": [version.label, *listed] if own else listed,
        }
    return out


def _status(notices: NoticeSet, notice: Notice, version: Version) -> str:
    in_force = notice.in_force(notices.today)
    if version is in_force:
        if withdrawn(notice, notices.today):
            return "withdrawn"
        return "superseded" if retired(notice, notices.today) else "current"
    return "upcoming" if version.effective > notices.today else "past"


def _version_doc(notices: NoticeSet, notice: Notice, version: Version, urls: _Urls) -> dict[str, Any]:
    latest = version.latest
    home = notice_dir(notice.id)
    rendered = under_title(render(latest.body, posixpath.dirname(notice.id), home), latest.meta.title)  # as on pages
    html = absolute_links(rendered.html, urls(home))  # already clean
    change = notices.change(notice.id, version.label)
    return {
        "notice": notice.id,
        "title": latest.meta.title,
        "version": version.label,
        "effective": version.effective.isoformat(),
        "until": _until(notice, version),
        "status": _status(notices, notice, version),
        "lang": notice.lang or notices.lang,
        "translation_of": notice.translation_of,
        "summary": latest.meta.summary,
        "published": latest.published.isoformat(),
        "revision": latest.number,
        "sha256": latest.sha256,
        "material": change.material,
        "purpose_changed": change.purpose_changed,
        "changed_elements": list(change.changed_elements),
        "reasons": reasons_json(change),
        "url": urls(version_dir(notice.id, version.label)),
        "notice_url": urls(notice_dir(notice.id)),
        "diff_url": urls(diff_dir(notice.id, version.label)) if change.previous else None,
        "superseded_by": notice.superseded_by,
        "superseded_on": notice.superseded_on.isoformat() if notice.superseded_on else None,
        "withdrawn_on": notice.withdrawn_on.isoformat() if notice.withdrawn_on else None,
        "html": html,
        "text": text_of(latest.body),
    }


def _pdf(notice: Notice, version: Version, urls: _Urls, pdfs: dict[str, str] | None) -> dict[str, str] | None:
    """Where the version's PDF is and its sha256 (option ``pdf``), so an archive can check its copy."""
    if pdfs is None or version.label not in pdfs:
        return None
    return {"url": urls(pdf_file(notice.id, version.label)), "sha256": pdfs[version.label]}


def _index_doc(notices: NoticeSet, notice: Notice, urls: _Urls, pdfs: dict[str, str] | None = None) -> dict[str, Any]:
    in_force = notice.in_force(notices.today)
    upcoming = notice.upcoming(notices.today)
    versions = []
    for version in notice.versions:
        change = notices.change(notice.id, version.label)
        versions.append(
            {
                "version": version.label,
                "title": version.title,
                "effective": version.effective.isoformat(),
                "until": _until(notice, version),
                "status": _status(notices, notice, version),
                "published": version.revisions[0].published.isoformat(),
                "sha256": version.latest.sha256,
                "url": urls(version_dir(notice.id, version.label)),
                "api_url": urls(f"{API}{notice.id}/{version.label}.json"),
                "diff_url": urls(diff_dir(notice.id, version.label)) if change.previous else None,
                "material": change.material,
                "purpose_changed": change.purpose_changed,
                "changed_elements": list(change.changed_elements),
                "reasons": reasons_json(change),
                "pdf": _pdf(notice, version, urls, pdfs),
                "revisions": [
                    {
                        "revision": r.number,
                        "published": r.published.isoformat(),
                        "sha256": r.sha256,
                        "source": {
                            "kind": r.source.kind,
                            "path": r.source.path,
                            "blob": r.source.blob,
                            "commit": r.source.commit,
                        },
                        "url": urls(revision_dir(notice.id, version.label, r.number))
                        if len(version.revisions) > 1
                        else urls(version_dir(notice.id, version.label)),
                        "diff_url": urls(revision_diff_dir(notice.id, version.label, r.number))
                        if r.number > 1
                        else None,
                    }
                    for r in version.revisions
                ],
            }
        )
    return {
        "notice": notice.id,
        "title": notice.title,
        "lang": notice.lang or notices.lang,
        "current": in_force.label,
        "upcoming": upcoming.label if upcoming is not None and upcoming is not in_force else None,
        "superseded_by": notice.superseded_by,
        "superseded_on": notice.superseded_on.isoformat() if notice.superseded_on else None,
        "withdrawn_on": notice.withdrawn_on.isoformat() if notice.withdrawn_on else None,
        "translation_of": notice.translation_of,
        "outdated": outdated(notice, notices.notices[notice.translation_of], notices.today)
        if notice.translation_of
        else False,
        "translations": [
            {
                "lang": lang,
                "notice": other_id,
                "version": notices.notices[other_id].versions[-1].label,
                "outdated": outdated(notices.notices[other_id], notice, notices.today),
                "url": urls(notice_dir(other_id)),
                "api_url": urls(f"{API}{other_id}.json"),
            }
            for lang, other_id in sorted(notice.translations.items())
        ],
        "supersedes": [n.id for n in notices if n.superseded_by == notice.id],
        "url": urls(notice_dir(notice.id)),
        "current_url": urls(f"{API}{notice.id}/current.json"),
        "versions": versions,
        "notify_since": notify_since(notices, notice),
    }


def absolute_links(html: str, base: str) -> str:
    """Links in an app's copy of a notice must not depend on where the app shows it."""
    if not base.startswith(("http://", "https://")):
        return html
    return _LINK.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), html)


def notice_api_files(
    notices: NoticeSet,
    notice: Notice,
    site_url: str,
    under: str | None = None,
    pdfs: dict[str, str] | None = None,
) -> Iterator[tuple[str, str]]:
    """A notice's API files as (site path, JSON); deterministic for the same history and date.

    ``under``: an id the notice had before a rename; the same documents at its old paths
    (their links, relative without a ``site_url``, are computed from there).
    ``pdfs``: the sha256 of each version's PDF by label, when the site writes them."""
    at = under or notice.id
    index_path = f"{API}{notice.id}.json"
    yield f"{API}{at}.json", _dump(_index_doc(notices, notice, _Urls(site_url, f"{API}{at}.json"), pdfs))
    for version in notice.versions:
        path = f"{API}{at}/{version.label}.json"
        yield path, _dump(_version_doc(notices, notice, version, _Urls(site_url, path)))
    current_path = f"{API}{at}/current.json"
    urls = _Urls(site_url, current_path)
    current = _version_doc(notices, notice, notice.in_force(notices.today), urls)
    upcoming = notice.upcoming(notices.today)
    current["upcoming"] = (
        {
            "version": upcoming.label,
            "effective": upcoming.effective.isoformat(),
            "url": urls(version_dir(notice.id, upcoming.label)),
            "api_url": urls(f"{API}{notice.id}/{upcoming.label}.json"),
        }
        if upcoming is not None and upcoming is not notice.in_force(notices.today)
        else None
    )
    current["index_url"] = urls(index_path)
    successor = notice.superseded_by
    current["superseded_by_url"] = urls(f"{API}{successor}/current.json") if successor else None
    current["notify_since"] = notify_since(notices, notice)
    yield current_path, _dump(current)


def api_index(notices: NoticeSet, site_url: str) -> tuple[str, str]:
    """``index.json``: every notice and where its files are."""
    top = _Urls(site_url, f"{API}index.json")
    listing = [
        {
            "notice": notice.id,
            "title": notice.title,
            "current": notice.in_force(notices.today).label,
            "superseded_by": notice.superseded_by,
            "withdrawn_on": notice.withdrawn_on.isoformat() if notice.withdrawn_on else None,
            "url": top(notice_dir(notice.id)),
            "api_url": top(f"{API}{notice.id}.json"),
            "current_url": top(f"{API}{notice.id}/current.json"),
        }
        for notice in notices
    ]
    return f"{API}index.json", _dump({"api": "v1", "today": notices.today.isoformat(), "notices": listing})


def api_files(notices: NoticeSet, site_url: str) -> Iterator[tuple[str, str]]:
    """Every API file, one at a time so a large site never holds them all in memory."""
    for notice in notices:
        yield from notice_api_files(notices, notice, site_url)
    yield api_index(notices, site_url)
