"""Pure core functions, no Git and no MkDocs."""

from __future__ import annotations

import pytest

from notices.base.errors import SourceError
from notices.base.model import version_key
from notices.sources.frontmatter import parse_file, split_front_matter, validate
from notices.text.render import render, site_link, slugify


@pytest.mark.parametrize(
    ("low", "high"),
    [("2", "10"), ("1.9", "1.10"), ("2024-05-12", "2024-05-12-2"), ("3", "3.1"), ("v2", "v10")],
)
def test_version_labels_sort_naturally(low: str, high: str) -> None:
    assert version_key(low) < version_key(high)


def test_front_matter_split_reports_body_line() -> None:
    yaml_text, body, line = split_front_matter("---\ntitle: A\n---\n# Body\n")
    assert yaml_text == "title: A\n" and body == "# Body\n" and line == 4
    assert split_front_matter("# No front matter\n") == (None, "# No front matter\n", 1)


def test_unknown_foreign_keys_are_kept_and_ignored() -> None:
    parsed = parse_file(
        '---\ntitle: T\nversion: "2"\neffective: 2024-01-01\nhide: [toc]\nowner: legal\n---\nx\n', "p.md"
    )
    meta = validate(parsed, "p.md")
    assert meta.version == "2" and parsed.data["owner"] == "legal"


def test_version_label_that_would_clash_with_a_url_is_refused() -> None:
    parsed = parse_file("---\ntitle: T\nversion: diff\neffective: 2024-01-01\n---\n", "p.md")
    with pytest.raises(SourceError, match="reserved"):
        validate(parsed, "p.md")


def test_raw_html_is_escaped_and_explicit_ids_win() -> None:
    rendered = render("## Why we use it {#purposes}\n\n<script>alert(1)</script>\n\n## Why we use it\n")
    assert '<h2 id="purposes">Why we use it</h2>' in rendered.html
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert [h.id for h in rendered.flat_headings] == ["purposes", "why-we-use-it"]


def test_javascript_links_are_not_rendered_as_links() -> None:
    assert "href" not in render("[x](javascript:alert(1))").html


@pytest.mark.parametrize(
    ("url", "source", "notice", "page", "expected"),
    [
        ("../privacy.md", "products", "products/pantry/", "products/pantry/", "../../privacy/"),
        ("privacy.md#x", "", "cookies/", "cookies/3/r1/", "../../../privacy/#x"),
        ("img/a.png", "products", "products/pantry/", "products/pantry/3/", "../../img/a.png"),
        ("https://example.org/", "", "privacy/", "privacy/1/", "https://example.org/"),
        ("#purposes", "", "privacy/", "privacy/1/", "#purposes"),
    ],
)
def test_site_link(url: str, source: str, notice: str, page: str, expected: str) -> None:
    assert site_link(url, source, notice, page) == expected


def test_slugify_folds_to_ascii() -> None:
    assert slugify("Behandling af persondata — formål") == "behandling-af-persondata-formal"


def test_the_manifest_written_in_parts_is_the_manifest() -> None:
    """versions.json is written a notice at a time; byte for byte what the whole would be."""
    import dataclasses
    from pathlib import Path

    from notices.build.load import load_site
    from notices.config.mkdocs_yml import load_options
    from notices.publish.manifest import build_manifest, manifest_chunks, manifest_json

    options, _ = load_options(Path(__file__).parents[1] / "mkdocs.yml")
    notices = load_site(dataclasses.replace(options, cache=False))
    assert len(notices.notices) >= 3 and all(notices.changes_of(n.id) for n in notices)
    whole = manifest_json(build_manifest(notices, "https://example.org/", notices.commit))
    assert "".join(manifest_chunks(notices, "https://example.org/", notices.commit)) == whole
    assert '"reasons": [{' in whole  # the parts carry what changed, not only the versions


def test_the_file_list_written_in_parts_is_the_file_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """files.json is written entry by entry; byte for byte what the whole document would be."""
    import dataclasses
    import json
    from pathlib import Path

    from notices.build.filelist import FILES, file_list, tool_folders, write_file_list
    from notices.build.load import load_site
    from notices.config.mkdocs_yml import load_options

    options, _ = load_options(Path(__file__).parents[1] / "mkdocs.yml")
    notices = load_site(dataclasses.replace(options, cache=False))
    site = tmp_path / "site"
    for n, folder in enumerate(f for f in tool_folders(notices) if f.endswith("/")):
        (site / folder / "1").mkdir(parents=True)
        (site / folder / "index.html").write_text(f"page {n} «é»")
        (site / folder / "1" / "index.html").write_text("")
    write_file_list(site, notices, tmp_path / "cache")
    written = (site / FILES).read_text()
    (site / FILES).unlink()
    whole = json.dumps(file_list(site, notices, tmp_path / "cache"), ensure_ascii=False, indent=0, sort_keys=True)
    assert written == whole + "\n"
    assert '"privacy/index.html": [\n"' in written
    empty = tmp_path / "empty"
    empty.mkdir()
    write_file_list(empty, notices)
    assert (empty / FILES).read_text() == json.dumps(
        file_list(empty, notices), ensure_ascii=False, indent=0, sort_keys=True
    ) + "\n"


def test_compare_data_comes_in_parts_and_a_version_names_only_the_parts_it_uses(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A long history's compare data: each version loads the parts holding its blocks, not all."""
    import datetime as dt
    import json

    from notices.base.model import FrontMatter, Notice, Revision, Source, Version, pack
    from notices.site import compare
    from notices.text.render import blocks_of

    monkeypatch.setattr(compare, "CHUNK", 4)
    paragraphs = [f"Paragraph {n} about [orders](https://example.org/{n})." for n in range(12)]
    versions = []
    for n in range(1, 7):  # each version rewrites two paragraphs and drops the oldest one
        paragraphs = paragraphs[1:] + [f"New paragraph {n}.", f"Another new paragraph {n}."]
        body = "\n\n".join(paragraphs) + "\n"
        revision = Revision(
            "p",
            str(n),
            1,
            FrontMatter("P", str(n), dt.date(2024, 1, n)),
            pack(body),
            f"{n}",
            Source("legacy", "p.md"),
            dt.datetime(2024, 1, n, tzinfo=dt.timezone.utc),
        )
        versions.append(Version(str(n), dt.date(2024, 1, n), [revision]))
    notice = Notice("p", "docs/p.md", versions)
    files = compare.compare_files(notice)
    parts = {name: json.loads(data) for name, data in files.items() if name.startswith("blocks/")}
    table = {part["first"] + k: b for part in parts.values() for k, b in enumerate(part["blocks"])}
    assert len(table) == sum(len(p["blocks"]) for p in parts.values())  # each block once
    for version in versions:
        data = json.loads(files[f"{version.label}.json"])
        assert [table[i] for i in data["blocks"]] == compare.blocks_json(blocks_of(version.latest.body))
    newest = json.loads(files["6.json"])
    used = {i // newest["chunk"] for i in newest["blocks"]}
    assert len(used) < len(parts)  # the first paragraphs' part is never loaded for it
