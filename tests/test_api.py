"""The static JSON API: schema-valid files, the "must this user be told?" recipe, translations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import SiteRepo, notice

from notices.base.i18n import messages

BODY = "Intro text.\n\n## Who we are\n\nExample Ltd.\n\n## Why we use your data\n\nTo take orders.\n"


def history(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit(
        "v2 editorial",
        {"docs/privacy.md": notice("2", "2024-03-01", BODY.replace("Intro text.", "Introductory text."))},
    )
    site.commit("old", {"docs/old.md": notice("1", "2023-01-01", "Old text.\n", title="Old policy")})
    site.commit(
        "v3 purposes",
        {
            "docs/privacy.md": notice("3", "2025-01-01", BODY + "\nAnd marketing.\n", supersedes="[old]"),
            "docs/old.md": None,
        },
    )
    site.commit(
        "v4 upcoming",
        {
            "docs/privacy.md": notice(
                "4",
                "2027-01-01",
                BODY.replace("orders", "and deliver orders") + "\nAnd marketing.\n",
                supersedes="[old]",
            )
        },
    )
    site.commit(
        "da", {"docs/privacy.da.md": '---\ntitle: Privatlivspolitik\nversion: "2"\n---\n## Hvem vi er\n\nTekst.\n'}
    )


def _files(site: SiteRepo) -> dict[str, Any]:
    api = site.root / "site/api/v1"
    return {p.relative_to(api).as_posix(): json.loads(p.read_text()) for p in api.rglob("*.json")}


def test_every_api_file_matches_the_published_schema(site: SiteRepo) -> None:
    history(site)
    site.build("--strict")
    files = _files(site)
    schema = files.pop("schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    kinds = {"index.json": "index", "files.json": "files"}
    for path, data in files.items():
        kind = kinds.get(path) or (
            "current"
            if path.endswith("current.json")
            else "notice"
            if "/" not in path
            or path.count("/") == 1
            and not path.split("/")[-1][0].isdigit()
            and path.endswith(".json")
            and "versions" in data
            else "version"
        )
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        errors = list(validator.iter_errors(data))
        assert not errors, (path, kind, errors[0].message)
    assert {
        "privacy.json",
        "privacy/current.json",
        "privacy/1.json",
        "privacy/4.json",
        "old.json",
        "index.json",
    } <= set(files)


def test_current_stays_in_force_until_the_upcoming_date(site: SiteRepo) -> None:
    history(site)
    site.build()
    files = _files(site)
    index = files["privacy.json"]
    assert (index["current"], index["upcoming"]) == ("3", "4")
    assert [v["status"] for v in index["versions"]] == ["past", "past", "current", "upcoming"]
    assert index["versions"][1]["material"] is False and index["versions"][2]["purpose_changed"] is True
    current = files["privacy/current.json"]
    assert current["version"] == "3" and current["upcoming"]["version"] == "4"
    assert "And marketing." in current["text"] and "<h2" in current["html"]
    assert current["url"] == "https://notices.example.org/privacy/3/"
    assert files["old.json"]["superseded_by"] == "privacy" and index["supersedes"] == ["old"]
    assert files["index.json"]["notices"][0]["notice"] == "old"


def must_tell(index: dict[str, Any], seen: str) -> list[str]:
    """The README's recipe: versions after `seen` that a user must be told about."""
    labels = [v["version"] for v in index["versions"]]
    if seen not in labels:
        return labels  # unknown version: tell them about everything
    later = index["versions"][labels.index(seen) + 1 :]
    return [v["version"] for v in later if v["material"] or v["purpose_changed"]]


def test_must_this_user_be_told(site: SiteRepo) -> None:
    history(site)
    site.build()
    index = _files(site)["privacy.json"]
    assert must_tell(index, "1") == ["3", "4"]  # version 2 was editorial
    assert must_tell(index, "3") == ["4"]
    assert must_tell(index, "4") == []
    for seen, entry in index["notify_since"].items():
        assert entry["versions"] == must_tell(index, seen)


def test_translations_in_pages_and_api(site: SiteRepo) -> None:
    history(site)
    site.build()
    files = _files(site)
    assert files["privacy.json"]["translations"] == [
        {
            "lang": "da",
            "notice": "privacy.da",
            "version": "2",
            "outdated": True,
            "url": "https://notices.example.org/privacy.da/",
            "api_url": "https://notices.example.org/api/v1/privacy.da.json",
        }
    ]
    da = files["privacy.da/current.json"]
    assert da["lang"] == "da" and da["translation_of"] == "privacy" and da["effective"] == "2024-03-01"
    page = site.page("privacy.da")
    assert messages("da").text("Outdated translation") in page and 'class="notices-body" lang="da"' in page
    assert 'hreflang="da"' in site.page("privacy")
    assert '<html lang="da">' in site.page("embed/privacy.da")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"docs/privacy.xx.md": '---\ntitle: X\nversion: "1"\n---\nx\n'},
            "`.xx` in the file name is not a language code",
        ),
        (
            {"docs/privacy.da.md": '---\ntitle: X\nversion: "9"\n---\nx\n'},
            "translation of version 9 of `privacy`, which has no such version",
        ),
        ({"docs/privacy.en.md": '---\ntitle: X\nversion: "1"\n---\nx\n'}, "two files claim `privacy` in `en`"),
        (
            {"docs/Privacy Policy.md": notice("1", "2024-01-01", "x\n")},
            "the notice id `Privacy Policy` cannot be part of a URL",
        ),
        (
            {"docs/terms.da.md": '---\ntitle: X\nversion: "1"\n---\nx\n'},
            "translation into `da` of `terms`, which is not a notice",
        ),
    ],
)
def test_translation_and_id_errors(site: SiteRepo, files: dict[str, str], message: str) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.commit("bad", dict(files))
    result = site.notices("check", check=False)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert Path(result.stderr.split(":")[1].strip()).suffix == ".md"  # names the file


def test_material_without_font_false_warns(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", BODY)})
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text().replace("  font: false\n", ""))
    result = site.build(check=False)
    assert "Material theme loads Google Fonts" in result.stderr
    assert site.build("--strict", check=False).returncode == 1
