"""Pure parsing rules of a notice file: what a person wrote is what is published, or one clear error."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from notices.base.errors import SourceError
from notices.base.model import FrontMatter
from notices.sources.frontmatter import decode, parse_file, split_front_matter, validate

HEAD = "---\ntitle: Privacy notice\n"


def _meta(text: str) -> FrontMatter:
    return validate(parse_file(decode(text.encode(), "p.md"), "p.md"), "p.md")


def _error(text: str | bytes) -> SourceError:
    raw = text if isinstance(text, bytes) else text.encode()
    with pytest.raises(SourceError) as caught:
        validate(parse_file(decode(raw, "p.md"), "p.md"), "p.md")
    assert caught.value.path == "p.md"
    return caught.value


# -- labels are the text the author wrote -------------------------------------------


@pytest.mark.parametrize(
    ("written", "label"),
    [("010", "010"), ("1.10", "1.10"), ("2.0", "2.0"), ("3", "3"), ('"3.10"', "3.10"), ("'07'", "07"), ("v2", "v2")],
)
def test_version_label_is_the_source_text(written: str, label: str) -> None:
    assert _meta(HEAD + f"version: {written}\neffective: 2024-01-01\n---\nx\n").version == label


def test_a_label_too_long_says_how_long() -> None:
    error = _error(HEAD + f"version: {'a' * 71}\neffective: 2024-01-01\n---\n")
    assert "71 characters" in error.message and "64" in error.message and error.line == 3


@pytest.mark.parametrize("written", ["true", "yes", "[1, 2]", "{a: 1}", "+3", ".inf"])
def test_a_label_that_is_not_a_label(written: str) -> None:
    error = _error(HEAD + f"version: {written}\neffective: 2024-01-01\n---\n")
    assert error.line == 3 and error.message.startswith("`version`")


@pytest.mark.parametrize("written", ["2024", "yes", "3.10"])
def test_title_and_summary_are_the_source_text(written: str) -> None:
    meta = _meta(f"---\ntitle: {written}\nsummary: {written}\nversion: '1'\neffective: 2024-01-01\n---\n")
    assert meta.title == written and meta.summary == written


# -- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["4084214400", "20240101", "2024-01-01T00:00:00", "2024-1-1", "true", "[2024-01-01]", "01/02/2024"]
)
def test_effective_is_yyyy_mm_dd_only(written: str) -> None:
    error = _error(HEAD + f"version: '1'\neffective: {written}\n---\n")
    assert error.line == 4 and "YYYY-MM-DD" in error.message + (error.hint or "")


def test_quoted_date_is_a_date() -> None:
    assert _meta(HEAD + "version: '1'\neffective: '2024-02-29'\n---\n").effective == dt.date(2024, 2, 29)


# -- duplicate keys, tabs, aliases ------------------------------------------------------


def test_duplicate_key_names_the_second_line() -> None:
    error = _error(HEAD + "version: '3'\neffective: 2024-01-01\nversion: '4'\n---\n")
    assert "`version` appears twice" in error.message and error.line == 5 and "line 3" in error.message


def test_duplicate_foreign_key_is_also_an_error() -> None:
    assert _error(HEAD + "version: '3'\nhide: [toc]\neffective: 2024-01-01\nhide: [nav]\n---\n").line == 6


def test_merge_keys_are_not_duplicates() -> None:
    meta = _meta(HEAD + "version: '3'\neffective: 2024-01-01\nx: &a {k: 1}\ny:\n  <<: *a\n  <<: *a\n---\n")
    assert meta.version == "3"


def test_a_tab_indent_is_named() -> None:
    error = _error(HEAD + "\tversion: '3'\neffective: 2024-01-01\n---\n")
    assert error.line == 3 and "tab" in error.message and "spaces" in (error.hint or "")


def test_a_tab_inside_a_value_is_fine() -> None:
    assert _meta("---\ntitle: Privacy\tnotice\nversion: '3'\neffective: 2024-01-01\n---\n").title == "Privacy\tnotice"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijklmnop":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    started = time.monotonic()
    error = _error(HEAD + "version: '1'\neffective: 2024-01-01\n" + "\n".join(lines) + "\n---\n")
    assert time.monotonic() - started < 10  # expanded, it would not finish; a loaded CI machine is slow
    assert "aliases" in error.message


def test_a_few_aliases_are_fine() -> None:
    meta = _meta(HEAD + "version: &v '1'\neffective: 2024-01-01\nx: *v\n---\n")
    assert meta.version == "1"


# -- fences and shapes ------------------------------------------------------------------


def test_front_matter_never_closed() -> None:
    error = _error(HEAD + "version: '3'\neffective: 2024-01-01\n## Who we are\n")
    assert error.line == 1 and "closing `---`" in error.message and "---" in (error.hint or "")


def test_front_matter_without_opening_fence() -> None:
    error = _error("title: Privacy notice\nversion: '3'\neffective: 2024-01-01\n---\nBody\n")
    assert error.line == 1 and "opening `---`" in error.message


def test_an_extra_opening_fence() -> None:
    error = _error("---\n---\ntitle: Privacy notice\nversion: '3'\neffective: 2024-01-01\n---\nBody\n")
    assert error.line == 2 and "line 2" in (error.hint or "")


def test_a_horizontal_rule_at_the_top_is_not_front_matter() -> None:
    parsed = parse_file("---\n\n# Title\n\nText: more text.\n", "p.md")
    assert parsed.data == {} and parsed.body.startswith("---")


def test_a_setext_heading_is_not_front_matter() -> None:
    assert parse_file("Version: 2 of the app\n---\n\nText.\n", "p.md").data == {}


def test_a_horizontal_rule_in_a_plain_page_is_not_front_matter() -> None:
    parsed = parse_file("# Title\n\n---\n\nversion: text\n", "p.md")
    assert parsed.data == {}


@pytest.mark.parametrize(("front", "shape"), [("- title: A\n- version: '3'\n", "a list"), ("just text\n", "text")])
def test_front_matter_must_be_a_mapping(front: str, shape: str) -> None:
    error = _error("---\n" + front + "---\nBody\n")
    assert error.line == 2 and shape in error.message and "key: value" in error.message


def test_title_must_be_text() -> None:
    error = _error("---\ntitle:\n  en: Privacy\nversion: '3'\neffective: 2024-01-01\n---\n")
    assert error.line == 2 and "title: Privacy notice" in (error.hint or "")


# -- bytes -------------------------------------------------------------------------------


TEXT = HEAD + "version: '3'\neffective: 2024-01-01\n---\n## Who we are\n\nExample Ltd.\n"


def test_crlf_reads_exactly_like_lf() -> None:
    lf = parse_file(decode(TEXT.encode(), "p.md"), "p.md")
    crlf = parse_file(decode(TEXT.replace("\n", "\r\n").encode(), "p.md"), "p.md")
    assert (crlf.data, crlf.body, crlf.body_line, crlf.key_lines) == (lf.data, lf.body, lf.body_line, lf.key_lines)


def test_utf8_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbf" + TEXT.encode(), "p.md") == TEXT


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named(codec: str) -> None:
    error = _error(TEXT.encode(codec))
    assert "UTF-" in error.message and "UTF-8" in (error.hint or "") and error.line == 1


def test_latin1_names_the_line_and_the_likely_character() -> None:
    error = _error((TEXT + "Fødsel\n").encode("latin-1"))
    assert error.line == 9 and "ø" in error.message and "UTF-8" in (error.hint or "")


def test_nul_byte_names_the_line() -> None:
    error = _error(TEXT + "a\0b\n")
    assert error.line == 9 and "NUL" in error.message


def test_a_big_file_parses_quickly() -> None:
    big = TEXT + ("word " * 20 + "\n\n") * 50_000
    started = time.monotonic()
    parsed = parse_file(decode(big.encode(), "p.md"), "p.md")
    assert time.monotonic() - started < 10 and len(parsed.body) > 5_000_000  # quadratic would take minutes


def test_a_fence_is_a_whole_line() -> None:
    assert split_front_matter("---\ntitle: a\u2028---\n---\nBody\n") == ("title: a\u2028---\n", "Body\n", 4)


def test_a_control_character_names_its_line() -> None:
    error = _error(HEAD + "summary: a\x0cb\nversion: '3'\neffective: 2024-01-01\n---\n")
    assert error.line == 3 and "U+000C" in error.message
