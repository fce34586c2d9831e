"""Notice text reaches terminals and CI logs too: no escape sequence is obeyed, no workflow command injected."""

from __future__ import annotations

import json
import os

from conftest import SiteRepo, notice

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def test_notices_diff_and_list_show_control_characters_instead_of_obeying_them(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", "## Who\n\nExample Ltd.\n")})
    site.commit("v2", {"docs/privacy.md": notice("2", "2024-02-01", f"## Who {ESCAPES}\n\nExample {ESCAPES} Ltd.\n")})
    for args in (["diff", "privacy"], ["diff", "privacy", "--color"], ["list", "privacy"], ["list"]):
        out = site.notices(*args).stdout
        assert "\x1b]" not in out and "\x07" not in out and "\x9b" not in out, (args, out)
    out = site.notices("diff", "privacy").stdout
    assert "\\x1b]0;pwned\\x07" in out
    coloured = site.notices("diff", "privacy", "--color").stdout
    assert "\x1b[" in coloured  # our own colours still work


def test_github_annotations_cannot_carry_a_workflow_command(site: SiteRepo) -> None:
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", "Text.\n")})
    site.write("docs/privacy.md", notice("1", "2024-01-01", "Text.\n", efective="'x\n::set-env name=A::b'"))
    old = dict(os.environ)
    os.environ["GITHUB_ACTIONS"] = "true"
    try:
        done = site.notices("check", check=False)
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert done.returncode == 1
    commands = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith("::error ") for line in commands), done.stdout


def test_events_json_stays_json_and_escapes_c1_controls(site: SiteRepo) -> None:
    # YAML's own escapes put control characters into a title without writing them in the file
    title = '"Notice \\e]0;pwned\\a\\x9b31m"'
    site.commit("v1", {"docs/privacy.md": notice("1", "2024-01-01", "Text.\n", title=title)})
    site.build()
    out = site.notices("events", "--site", "site", "--previous", "none").stdout
    assert "\x1b" not in out and "\x9b" not in out
    assert json.loads(out.splitlines()[0])["title"] == "Notice \x1b]0;pwned\x07\x9b31m"
