"""``notices verify DIR``: is this built (or downloaded) site what Git says was published?

Three checks per revision: the manifest's hash equals the text in Git (or the
legacy file); the page shows exactly the text rendered from Git; the API file has
the same hash and HTML. Anything edited by hand after the build shows up here.
"""

from __future__ import annotations

import json
from pathlib import Path

from .manifest import build_manifest, load_manifest
from .model import NoticeSet
from .site.api import API, api_files
from .site.fragments import rendered_body
from .site.urls import revision_dir, version_dir
from .sitelock import INCOMPLETE

__all__ = ["verify_site"]

_API_KEYS = ("version", "effective", "sha256", "html", "text", "title")


def verify_site(site: Path, notices: NoticeSet) -> list[str]:
    problems: list[str] = []
    if (site / INCOMPLETE).exists():
        problems.append(f"{site / INCOMPLETE}: the build of this folder was stopped, failed or is still running")
    # temporary names of the tool's writers; a whole build leaves none
    problems += [f"{path}: a stray temporary file of an interrupted build" for path in sorted(site.rglob("*.lnk"))]
    manifest_path = site / "versions.json"
    if not manifest_path.is_file():
        return [*problems, f"{manifest_path}: missing (is this a site built with the notices plugin?)"]
    manifest = load_manifest(str(manifest_path))
    fresh = build_manifest(notices, manifest.get("site_url") or "", notices.commit)
    for notice_id, notice in manifest["notices"].items():
        mine = fresh["notices"].get(notice_id)
        if mine is None:
            problems.append(f"{notice_id}: in the site's manifest but not in Git")
            continue
        git = {(v["version"], r["revision"]): r["sha256"] for v in mine["versions"] for r in v["revisions"]}
        for version in notice["versions"]:
            for revision in version["revisions"]:
                key = (version["version"], revision["revision"])
                if git.get(key) != revision["sha256"]:
                    problems.append(
                        f"{notice_id} {key[0]} r{key[1]}: manifest says sha256 {revision['sha256'][:12]}, "
                        f"Git has {str(git.get(key))[:12]}"
                    )
    for notice in notices:
        for version in notice.versions:
            pages = [(version_dir(notice.id, version.label), version.latest)]
            if len(version.revisions) > 1:
                pages += [(revision_dir(notice.id, version.label, r.number), r) for r in version.revisions]
            for folder, revision in pages:
                path = site / folder / "index.html"
                if not path.is_file():
                    problems.append(f"{folder}index.html: missing")
                    continue
                lang = f' lang="{notice.lang}"' if notice.lang else ""
                expected = f'<div class="notices-body"{lang}>\n{rendered_body(notice, revision, folder).html}</div>'
                if expected not in path.read_text(encoding="utf-8"):
                    problems.append(f"{folder}index.html: the text differs from version {version.label} in Git")
    for name, data in api_files(notices, manifest.get("site_url") or ""):
        api_file = site / name
        if not api_file.is_file():
            problems.append(f"{name}: missing")
            continue
        if not name.startswith(API) or name.endswith(("index.json", "current.json")) or "/" not in name[len(API) :]:
            continue
        want, have = json.loads(data), json.loads(api_file.read_text(encoding="utf-8"))
        for field_name in _API_KEYS:
            if want.get(field_name) != have.get(field_name):
                problems.append(f"{name}: `{field_name}` differs from the text in Git")
    return problems
