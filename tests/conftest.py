"""Real Git repositories and real builds: the fixtures every integration test uses."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import git
import pytest

BIN = Path(sys.executable).parent
AUTHOR = git.Actor("Ada Editor", "ada@example.org")
TODAY = "2026-06-01"

# MkDocs dates sitemap.xml with the build's day: a run that crosses midnight would see
# two builds of one repository differ. Every build a test starts, in process or not,
# reads this (MkDocs honours SOURCE_DATE_EPOCH for reproducible builds).
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc).timestamp())))

MKDOCS_YML = """\
site_name: Example Ltd notices
site_url: https://notices.example.org/
theme:
  name: material
  font: false
plugins:
  - search
  - notices
"""


def notice(
    version: str | None, effective: str | None, body: str, title: str = "Privacy notice", **extra: object
) -> str:
    """A notice file: front matter from the arguments, then the body."""
    lines = ["---", f"title: {title}"]
    if version is not None:
        lines.append(f'version: "{version}"')
    if effective is not None:
        lines.append(f"effective: {effective}")
    for key, value in extra.items():
        lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body).lstrip("\n")


class SiteRepo:
    """A throwaway site repository with a fixed author and commit dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        self.clock = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
        self.write("mkdocs.yml", MKDOCS_YML)
        self.write("docs/index.md", "# Home\n\nNotices of Example Ltd.\n")

    def write(self, path: str, text: str | bytes) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(text, encoding="utf-8")
        return file

    def commit(self, message: str, files: dict[str, str | bytes | None] | None = None) -> str:
        """Write (or delete, with None) files and commit everything, one day after the last commit."""
        for path, text in (files or {}).items():
            if text is None:
                self.repo.index.remove([path], working_tree=True)
            else:
                self.write(path, text)
        self.repo.git.add(A=True)
        self.clock += dt.timedelta(days=1)
        stamp = self.clock.strftime("%Y-%m-%dT%H:%M:%S")
        commit = self.repo.index.commit(message, author=AUTHOR, committer=AUTHOR, author_date=stamp, commit_date=stamp)
        return commit.hexsha

    def move(self, old: str, new: str, message: str) -> str:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.repo.git.mv(old, new)
        return self.commit(message)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(list(args), cwd=self.root, env=env, capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def build(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(str(BIN / "mkdocs"), "build", *extra, check=check)

    def notices(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(str(BIN / "notices"), *args, check=check)

    def page(self, path: str) -> str:
        return (self.root / "site" / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteRepo]:
    repo = SiteRepo(tmp_path / "site-repo")
    yield repo
    repo.repo.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The bad-input tally (clear / accepted / traceback / silent / unclear), when its cases ran."""
    module = sys.modules.get("test_badinput")
    if module is not None and getattr(module, "TALLY", None):
        terminalreporter.write_line(module.tally())
