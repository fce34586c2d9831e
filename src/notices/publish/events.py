"""Events: what a deployment publishes that the previous one did not.

``version.published`` for every new version, ``purpose.changed`` when its purposes
changed, one ``material.changed`` per other element that changed materially, and
``notice.superseded`` when a notice is retired in favour of another (its users must
learn which notice covers them now), ``notice.withdrawn`` when one is retired with none in
its place (a discontinued product: its users learn that the notice no longer applies).
Ids derive from (notice, version, type, element) only, so the same change has the same id on every run and receivers can
deduplicate on ``webhook-id``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from notices.changes.materiality import PURPOSE_RULES

__all__ = ["EVENT_TYPES", "compute_events", "event_id"]

EVENT_TYPES = ("version.published", "purpose.changed", "material.changed", "notice.superseded", "notice.withdrawn")


def event_id(notice: str, version: str, kind: str, element: str = "") -> str:
    digest = hashlib.sha256(f"{notice}\0{version}\0{kind}\0{element}".encode()).hexdigest()
    return f"evt_{digest[:32]}"


def _url(site_url: str, path: str | None) -> str | None:
    if path is None:
        return None
    return site_url.rstrip("/") + "/" + path if site_url else path


def _retirement(notice_id: str, notice: dict[str, Any], kind: str, element: str, site_url: str) -> dict[str, Any]:
    """What a superseded and a withdrawn notice's events share: about the notice, not a version."""
    latest = notice["versions"][-1] if notice["versions"] else {}
    return {
        "id": event_id(notice_id, "", kind, element),
        "type": kind,
        "notice": notice_id,
        "version": latest.get("version"),
        "previous_version": None,
        "effective": notice.get("superseded_on" if kind == "notice.superseded" else "withdrawn_on"),
        "title": notice.get("title") or latest.get("title"),
        "lang": notice.get("lang"),
        "summary": None,
        "url": _url(site_url, f"{notice_id}/"),
        "diff_url": None,
        "elements": [],
        "material": True,
        "superseded_by": None,
    }


def _superseded(
    notice_id: str, notice: dict[str, Any], successor: str, other: dict[str, Any], site_url: str
) -> dict[str, Any]:
    return {
        **_retirement(notice_id, notice, "notice.superseded", successor, site_url),
        "superseded_by": {
            "notice": successor,
            "title": other.get("title"),
            "url": _url(site_url, f"{successor}/"),
            "version": other["versions"][-1]["version"] if other.get("versions") else None,
        },
    }


def compute_events(previous: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Events for every version (and material correction) in ``current`` that ``previous`` did not publish."""
    site_url = current.get("site_url") or ""
    before = previous.get("notices", {})
    aliases = {old: nid for nid, n in current["notices"].items() for old in n.get("aliases", [])}
    published: set[tuple[str, str]] = set()
    texts: set[tuple[str, str, str]] = set()
    for notice_id, notice in before.items():
        for v in notice["versions"]:
            for nid in {notice_id, aliases.get(notice_id, notice_id)}:
                published.add((nid, v["version"]))
                texts |= {(nid, v["version"], r["sha256"]) for r in v["revisions"]}
    events: list[dict[str, Any]] = []
    for notice_id, notice in current["notices"].items():
        successor = notice.get("superseded_by")
        old = before.get(notice_id) or next(
            (before[alias] for alias in notice.get("aliases", []) if alias in before), None
        )
        if successor and (old is None or old.get("superseded_by") != successor):
            events.append(_superseded(notice_id, notice, successor, current["notices"].get(successor, {}), site_url))
        if notice.get("withdrawn_on") and not successor and (old is None or not old.get("withdrawn_on")):
            events.append(_retirement(notice_id, notice, "notice.withdrawn", "", site_url))
        for version in notice["versions"]:
            label = version["version"]
            base = {
                "notice": notice_id,
                "version": label,
                "previous_version": version["previous"],
                "effective": version["effective"],
                "title": version["title"],
                "lang": notice.get("lang"),
                "summary": version["summary"],
                "url": _url(site_url, version["url"]),
                "diff_url": _url(site_url, version["diff_url"]),
                "elements": version["changed_elements"],
                "material": version["material"],
            }
            if (notice_id, label) not in published:
                events.append(
                    {"id": event_id(notice_id, label, "version.published"), "type": "version.published", **base}
                )
                events += _change_events(notice_id, label, base, version)
                continue
            for revision in version["revisions"]:
                # a correction published under a label users were already told about
                if not revision.get("material") or (notice_id, label, revision["sha256"]) in texts:
                    continue
                number = revision["revision"]
                corrected = {
                    **base,
                    "revision": number,
                    "previous_version": label,
                    "url": _url(site_url, f"{version['url']}r{number}/"),
                    "diff_url": None,
                    "elements": revision["changed_elements"],
                    "material": True,
                }
                events += _change_events(notice_id, f"{label}/r{number}", corrected, revision)
    return events


def _change_events(notice_id: str, key: str, base: dict[str, Any], change: dict[str, Any]) -> list[dict[str, Any]]:
    """``purpose.changed`` and one ``material.changed`` per element, with the reasons of each."""
    reasons = change.get("reasons", [])
    out = []
    if change["purpose_changed"]:
        out.append(
            {
                "id": event_id(notice_id, key, "purpose.changed"),
                "type": "purpose.changed",
                **base,
                "purposes": {"added": change.get("purposes_added", []), "removed": change.get("purposes_removed", [])},
                "reasons": [r for r in reasons if r["rule"] in PURPOSE_RULES],
            }
        )
    if change["material"]:
        for element in change["changed_elements"]:
            if element in {"purposes", "general"}:
                continue
            out.append(
                {
                    "id": event_id(notice_id, key, "material.changed", element),
                    "type": "material.changed",
                    **base,
                    "element": element,
                    "reasons": [r for r in reasons if r["element"] == element],
                }
            )
    return out
