"""JSON Schema of ``/api/v1/`` (published as ``/api/v1/schema.json``; tests check every file)."""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMA"]

_str = {"type": "string"}
_nstr = {"type": ["string", "null"]}
_date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ndate = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_time = {"type": "string", "format": "date-time"}
_sha = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_status = {"enum": ["current", "upcoming", "past", "superseded", "withdrawn"]}
_elements = {"type": "array", "items": _str}
_reasons = {
    "type": "array",
    "description": "Why the version is material or changes the purposes: per changed sentence, the GDPR element, "
    "the rule that fired (purpose-statement, purposes-section, declared-purposes, element, number) and the "
    "sentence before and after (empty when added or removed whole).",
    "items": {
        "type": "object",
        "properties": {"element": _str, "rule": _str, "removed": _str, "added": _str},
        "required": ["added", "element", "removed", "rule"],
        "additionalProperties": False,
    },
}


def _obj(props: dict[str, Any], extra: bool = False) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": sorted(props), "additionalProperties": extra}


_notify = {
    "type": "object",
    "description": "For a user who last saw the version named by the key: were there material or "
    "purpose changes after it, and in which versions?",
    "additionalProperties": _obj(
        {"material": {"type": "boolean"}, "purpose_changed": {"type": "boolean"}, "versions": _elements}
    ),
}

_version_props: dict[str, Any] = {
    "notice": _str,
    "title": _str,
    "version": _str,
    "effective": _date,
    "until": _ndate,
    "status": _status,
    "lang": _str,
    "translation_of": _nstr,
    "summary": _nstr,
    "published": _time,
    "revision": {"type": "integer", "minimum": 1},
    "sha256": _sha,
    "material": {"type": "boolean"},
    "purpose_changed": {"type": "boolean"},
    "changed_elements": _elements,
    "reasons": _reasons,
    "url": _str,
    "notice_url": _str,
    "diff_url": _nstr,
    "superseded_by": {**_nstr, "description": "The notice that replaced this one (null while none has)."},
    "superseded_on": {**_ndate, "description": "The day it did; this notice's last version binds until then."},
    "withdrawn_on": {
        **_ndate,
        "description": "The day it was withdrawn with no successor (null unless it was); nothing binds after it.",
    },
    "html": {"type": "string", "description": "Sanitized HTML of the text (nh3 allow-list)."},
    "text": {"type": "string", "description": "Plain text of the same."},
}

_revision = _obj(
    {
        "revision": {"type": "integer", "minimum": 1},
        "published": _time,
        "sha256": _sha,
        "source": _obj({"kind": {"enum": ["git", "legacy", "worktree"]}, "path": _str, "blob": _nstr, "commit": _nstr}),
        "url": _str,
        "diff_url": {
            "type": ["string", "null"],
            "description": "Redline of this revision against the one before it (null for the first).",
        },
    }
)

_index_version = _obj(
    {
        "version": _str,
        "title": _str,
        "effective": _date,
        "until": _ndate,
        "status": _status,
        "published": _time,
        "sha256": _sha,
        "url": _str,
        "api_url": _str,
        "diff_url": _nstr,
        "material": {"type": "boolean"},
        "purpose_changed": {"type": "boolean"},
        "changed_elements": _elements,
        "reasons": _reasons,
        "pdf": {
            "description": "The version's PDF (the text of its latest revision) and its sha256; null unless the "
            "site sets the option `pdf: true`.",
            "anyOf": [{"type": "null"}, _obj({"url": _str, "sha256": _sha})],
        },
        "revisions": {"type": "array", "items": _revision, "minItems": 1},
    }
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "notices-api-v1",
    "title": "notices API v1",
    "anyOf": [{"$ref": "#/$defs/" + name} for name in ("index", "notice", "version", "current", "files")],
    "$defs": {
        "index": _obj(
            {
                "api": {"const": "v1"},
                "today": _date,
                "notices": {
                    "type": "array",
                    "items": _obj(
                        {
                            "notice": _str,
                            "title": _str,
                            "current": _str,
                            "superseded_by": _nstr,
                            "withdrawn_on": _ndate,
                            "url": _str,
                            "api_url": _str,
                            "current_url": _str,
                        }
                    ),
                },
            }
        ),
        "notice": _obj(
            {
                "notice": _str,
                "title": _str,
                "lang": _str,
                "current": _str,
                "upcoming": _nstr,
                "superseded_by": _nstr,
                "superseded_on": _ndate,
                "withdrawn_on": _ndate,
                "translation_of": _nstr,
                "outdated": {"type": "boolean"},
                "translations": {
                    "type": "array",
                    "items": _obj(
                        {
                            "lang": _str,
                            "notice": _str,
                            "version": _str,
                            "outdated": {"type": "boolean"},
                            "url": _str,
                            "api_url": _str,
                        }
                    ),
                },
                "supersedes": _elements,
                "url": _str,
                "current_url": _str,
                "versions": {"type": "array", "items": _index_version, "minItems": 1},
                "notify_since": _notify,
            }
        ),
        "files": _obj(
            {
                "files": {"const": 1},
                "today": {**_date, "description": "The date the build was made for."},
                "folders": {
                    "type": "array",
                    "items": _str,
                    "description": "The folders (ending in /) and top-level files the tool owns: any other file "
                    "in them is not the build's.",
                },
                "paths": {
                    "type": "object",
                    "description": "Every file in those folders as built, by site path: [sha256, size in bytes].",
                    "additionalProperties": {
                        "type": "array",
                        "prefixItems": [_sha, {"type": "integer", "minimum": 0}],
                        "minItems": 2,
                        "maxItems": 2,
                    },
                },
            }
        ),
        "version": _obj(_version_props),
        "current": _obj(
            {
                **_version_props,
                "upcoming": {
                    "oneOf": [
                        {"type": "null"},
                        _obj({"version": _str, "effective": _date, "url": _str, "api_url": _str}),
                    ]
                },
                "index_url": _str,
                "superseded_by_url": {**_nstr, "description": "The successor's current.json, when superseded."},
                "notify_since": _notify,
            }
        ),
    },
}
