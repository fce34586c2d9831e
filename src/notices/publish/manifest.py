"""The manifest (``/versions.json``): every published revision with its hash, and the
append-only check that refuses to publish a site that would lose or change one.

The manifest is also the memory between deployments: events are "published now
minus published before", computed from two manifests, so each fires once.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, StrictBool, StrictInt, StrictStr, ValidationError

from notices.base.errors import HistoryError, NoticesError
from notices.base.model import Notice, NoticeSet
from notices.base.urls import diff_dir, version_dir
from notices.changes.assess import reasons_json

__all__ = [
    "ENV",
    "FORMAT",
    "append_only_problems",
    "build_manifest",
    "check_append_only",
    "load_manifest",
    "manifest_chunks",
    "manifest_json",
    "previous_from",
    "published_versions",
]

FORMAT = 1
ENV = "NOTICES_PREVIOUS_MANIFEST"


def build_manifest(notices: NoticeSet, site_url: str = "", commit: str | None = None) -> dict[str, Any]:
    """Deterministic for the same history: no clock, sorted keys, stable order."""
    return {
        **_head(notices, site_url, commit),
        "notices": {notice.id: _notice_entry(notices, notice, True) for notice in notices},
    }


def published_versions(notices: NoticeSet, site_url: str = "", commit: str | None = None) -> dict[str, Any]:
    """The manifest without what the versions changed: what the append-only check compares,
    before a build has analysed anything (its workers do that, with the pages)."""
    return {
        **_head(notices, site_url, commit),
        "notices": {notice.id: _notice_entry(notices, notice, False) for notice in notices},
    }


def _head(notices: NoticeSet, site_url: str, commit: str | None) -> dict[str, Any]:
    newest = max((r.published for n in notices for v in n.versions for r in v.revisions), default=None)
    return {
        "manifest": FORMAT,
        "site_url": site_url,
        "commit": commit,
        "build_time": newest.isoformat() if newest else None,
    }


def _notice_entry(notices: NoticeSet, notice: Notice, with_changes: bool) -> dict[str, Any]:
    versions = []
    for version in notice.versions:
        change = notices.change(notice.id, version.label) if with_changes else None
        revisions = []
        later = {entry[0]: entry for entry in change.revisions} if change is not None else {}
        for revision in version.revisions:
            source = revision.source
            corrected: dict[str, Any] = {}
            if revision.number in later:  # what this correction changed against the text before it
                _, material, purpose, elements, reasons = later[revision.number]
                corrected = {
                    "material": material,
                    "purpose_changed": purpose,
                    "changed_elements": list(elements),
                    "reasons": [dict(zip(("element", "rule", "removed", "added"), r, strict=True)) for r in reasons],
                }
            revisions.append(
                {
                    **corrected,
                    "revision": revision.number,
                    "sha256": revision.sha256,
                    "published": revision.published.isoformat(),
                    "source": {
                        "kind": source.kind,
                        "path": source.path,
                        "blob": source.blob,
                        "commit": source.commit,
                    },
                }
            )
        entry: dict[str, Any] = {
            "version": version.label,
            "title": version.title,
            "summary": version.latest.meta.summary,
            "effective": version.effective.isoformat(),
            "url": version_dir(notice.id, version.label),
            "purposes": list(version.latest.meta.purposes or []),
            "revisions": revisions,
        }
        if change is not None:
            entry.update(
                {
                    "diff_url": diff_dir(notice.id, version.label) if change.previous else None,
                    "previous": change.previous,
                    "material": change.material,
                    "purpose_changed": change.purpose_changed,
                    "changed_elements": list(change.changed_elements),
                    "changed_sections": list(change.changed_sections),
                    "purposes_added": list(change.purposes_added),
                    "purposes_removed": list(change.purposes_removed),
                    "reasons": reasons_json(change),
                }
            )
        versions.append(entry)
    return {
        "title": notice.title,
        "lang": notice.lang,
        "translation_of": notice.translation_of,
        "superseded_by": notice.superseded_by,
        "superseded_on": notice.superseded_on.isoformat() if notice.superseded_on else None,
        "withdrawn_on": notice.withdrawn_on.isoformat() if notice.withdrawn_on else None,
        "aliases": list(notice.aliases),
        "versions": versions,
    }


def manifest_json(manifest: dict[str, Any]) -> str:
    """Sorted and without indentation (which would take Python's slow encoder): ``jq .`` shows it."""
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True) + "\n"


def manifest_chunks(notices: NoticeSet, site_url: str = "", commit: str | None = None) -> Iterator[str]:
    """``manifest_json(build_manifest(…))``, character for character, one notice at a time: the
    manifest of hundreds of notices with long histories is never held whole (as objects, it
    is several times its 100 MB of JSON)."""
    head = _head(notices, site_url, commit)
    dumps = functools.partial(json.dumps, ensure_ascii=False, sort_keys=True)
    keys = sorted([*head, "notices"])
    yield "{"
    for n, key in enumerate(keys):
        yield (", " if n else "") + dumps(key) + ": "
        if key != "notices":
            yield dumps(head[key])
            continue
        yield "{"
        for m, notice in enumerate(sorted(notices, key=lambda x: x.id)):
            yield (", " if m else "") + dumps(notice.id) + ": " + dumps(_notice_entry(notices, notice, True))
        yield "}"
    yield "}\n"


class _Source(BaseModel):
    kind: str
    path: str | None = None
    blob: str | None = None
    commit: str | None = None


class _Revision(BaseModel):
    revision: StrictInt
    sha256: StrictStr
    source: _Source


class _Version(BaseModel):
    version: StrictStr
    revisions: list[_Revision]


class _Notice(BaseModel):
    versions: list[_Version]
    aliases: list[StrictStr] = Field(default_factory=list)


class _Manifest(BaseModel):
    """What the append-only check and the events read from a previous deployment's manifest."""

    manifest: Literal[1]
    notices: dict[str, _Notice]


class _Reason(BaseModel):
    element: StrictStr
    rule: StrictStr
    removed: StrictStr
    added: StrictStr


class _PublishedVersion(_Version):
    """What events read from the site being published (``notices events --site``)."""

    effective: StrictStr
    title: StrictStr
    summary: StrictStr | None
    url: StrictStr
    diff_url: StrictStr | None
    previous: StrictStr | None
    material: StrictBool
    purpose_changed: StrictBool
    changed_elements: list[StrictStr]
    purposes_added: list[StrictStr]
    purposes_removed: list[StrictStr]
    reasons: list[_Reason] = []
    """Absent in manifests written before reasons were recorded."""


class _PublishedNotice(_Notice):
    versions: list[_PublishedVersion]  # type: ignore[assignment]
    title: StrictStr = ""
    superseded_by: StrictStr | None = None
    superseded_on: StrictStr | None = None
    withdrawn_on: StrictStr | None = None
    """Absent in manifests written before notices could be withdrawn."""


class _Published(_Manifest):
    notices: dict[str, _PublishedNotice]  # type: ignore[assignment]


def load_manifest(where: str, published: bool = False) -> dict[str, Any]:
    """A deployment's manifest from a path or an http(s) URL, checked before anything reads it.

    ``published``: the manifest of a built site, whose versions must also carry
    what events are made of (a previous manifest needs only versions and revisions).
    """
    if where.startswith(("http://", "https://")):
        import httpx

        try:
            response = httpx.get(where, timeout=30, follow_redirects=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise NoticesError(
                f"could not fetch the previous manifest from {where}: {exc}",
                hint="check the URL (your deployed site's /versions.json), or pass a file with --previous",
            ) from None
        if response.status_code == 404:
            raise NoticesError(
                f"the previous manifest {where} does not exist (404)",
                hint="for the very first deployment pass `--previous none`",
            )
        if response.status_code >= 400:
            raise NoticesError(f"fetching the previous manifest {where} failed: HTTP {response.status_code}")
        text = response.text
    else:
        path = Path(where)
        if not path.is_file():
            raise NoticesError(
                "the previous manifest does not exist",
                path=where,
                hint="pass the versions.json of your last deployment (a path or URL), or `none` for the first one",
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise NoticesError(
                f"cannot read the previous manifest ({exc})",
                path=where,
                hint="pass the versions.json of your last deployment, a UTF-8 JSON file",
            ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NoticesError(
            f"the previous manifest is not JSON ({exc.msg})",
            path=where,
            line=exc.lineno,
            hint="pass the versions.json the notices build wrote at the root of the deployed site",
        ) from None
    if not isinstance(data, dict) or data.get("manifest") != FORMAT or not isinstance(data.get("notices"), dict):
        raise NoticesError(
            "this is not a notices manifest (versions.json)",
            path=where,
            hint="pass the versions.json the notices build wrote at the root of the site",
        )
    try:
        (_Published if published else _Manifest).model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        at = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
        problem = "is missing" if error["type"] == "missing" else f"is wrong ({error['msg'].lower()})"
        raise NoticesError(
            f"this manifest is damaged or from another tool: `{at}` {problem}",
            path=where,
            hint="pass the versions.json the notices build wrote, unedited; if it was lost, rebuild the "
            "deployed commit and use its versions.json",
        ) from None
    return data


def previous_from(option: str | None, explicit: str | None = None) -> dict[str, Any] | None:
    """The manifest to compare with: a flag typed on the command line (``explicit``) wins over
    ``NOTICES_PREVIOUS_MANIFEST``, which wins over the option; ``none`` means an empty history.

    The flag is passed down, never written into the environment: a process that runs
    several commands (a test, a long-lived tool) must not carry one command's flag into
    the next.
    """
    where = explicit if explicit is not None else (os.environ.get(ENV) or option)
    if not where:
        return None
    if where.lower() == "none":
        return {"manifest": FORMAT, "notices": {}}
    return load_manifest(where)


def append_only_problems(previous: dict[str, Any], current: dict[str, Any]) -> list[NoticesError]:
    """Every published revision must still be there, with the same text."""
    problems: list[NoticesError] = []
    now = current["notices"]
    for notice_id, notice in previous["notices"].items():
        here = now.get(notice_id)
        if here is None:
            moved = next((nid for nid, n in now.items() if notice_id in n.get("aliases", [])), None)
            if moved is not None:
                here = now[moved]
            else:
                problems.append(
                    HistoryError(
                        f"notice `{notice_id}` was published but is gone from this build",
                        path=f"docs/{notice_id}.md",
                        hint="restore its file (or its history: was the branch force-pushed or is this a "
                        "shallow clone?), or supersede it with `supersedes:` in the notice that replaces it",
                    )
                )
                continue
        versions = {v["version"]: v for v in here["versions"]}
        for version in notice["versions"]:
            label = version["version"]
            mine = versions.get(label)
            for revision in version["revisions"]:
                number = revision["revision"]
                where = f"`{notice_id}` version {label} revision {number}"
                found = None
                if mine is not None:
                    found = next((r for r in mine["revisions"] if r["revision"] == number), None)
                source = revision["source"]
                if found is None:
                    problems.append(
                        HistoryError(
                            f"{where} was published but this build no longer has it",
                            path=source.get("path"),
                            hint=_repair(source, "the history was rewritten (force-push?) or the file deleted"),
                        )
                    )
                elif found["sha256"] != revision["sha256"]:
                    problems.append(
                        HistoryError(
                            f"{where} was published with sha256 {revision['sha256'][:12]} but now has "
                            f"{found['sha256'][:12]}: its text changed after publishing",
                            path=found["source"].get("path"),
                            hint=_repair(source, "a published text must never change"),
                        )
                    )
    return problems


def _repair(source: dict[str, Any], why: str) -> str:
    if source.get("kind") == "legacy":
        return (
            f"{why}; restore {source['path']} as it was published (`git log -p -- {source['path']}` shows it), "
            "and add corrections as a new version"
        )
    commit = source.get("commit")
    restore = f"`git show {commit[:12]}:{source['path']}`" if commit else source.get("path", "the file")
    return (
        f"{why}; restore the published history (push the old commits back), or re-add the old text "
        f"({restore}) as a legacy version under versions/"
    )


def check_append_only(previous: dict[str, Any] | None, current: dict[str, Any]) -> None:
    if previous is None:
        return
    problems = append_only_problems(previous, current)
    if problems:
        first = problems[0]
        more = ""
        if len(problems) > 1:
            more = f" (and {len(problems) - 1} more: " + "; ".join(p.message for p in problems[1:4]) + ")"
        raise HistoryError(
            "refusing to publish: " + first.message + more,
            path=first.path,
            hint=first.hint,
        )
