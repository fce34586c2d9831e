"""Real Git repositories and real builds: the fixtures every integration test uses."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


RUN_ENV = {"NOTICES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
SUBPROCESS = bool(os.environ.get("NOTICES_TEST_SUBPROCESS"))
"""``NOTICES_TEST_SUBPROCESS=1`` runs every ``SiteRepo.build``/``notices`` as a real process,
to tell whether a failure comes from running in process."""


def _checked(
    args: tuple[str, ...], result: subprocess.CompletedProcess[str], check: bool
) -> subprocess.CompletedProcess[str]:
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


# What a fresh process would not have: the tool's process-wide memos (kept for `mkdocs serve`,
# whose rebuilds share a process) would let a second build in one test skip reading what the
# test just damaged. Module → names of its memo tables (dicts); emptied before each run.
_MEMOS = {
    "notices.sources.history": ("_LOGS", "_READ", "_WAS_NOTICE"),
    "notices.mkdocs_plugin": ("_KEPT",),
}


def forget_process_state() -> None:
    """Put the tool's process-wide state back to what a new process starts with."""
    from notices.reuse import memos
    from notices.text import markdown

    memos.forget_all()
    for module, names in _MEMOS.items():
        loaded = sys.modules.get(module)
        for name in names:
            table = getattr(loaded, name, None)
            if isinstance(table, dict):
                table.clear()
    markdown.set_raw_html(False)
    # MkDocs keeps, for the life of the process, each `hooks:` module by path (a test that
    # rewrites a hook file would run the old one) and each plugin that has `on_startup`, as
    # ours has (`mkdocs serve` rebuilds with it): a new process starts with neither.
    from mkdocs.config.config_options import Hooks, Plugins
    from mkdocs.config.defaults import MkDocsConfig

    Hooks._load_hook.cache_clear()
    for _, option in MkDocsConfig._schema:
        if isinstance(option, Plugins):
            option.plugin_cache.clear()
    _memoise_entry_points()


def _memoise_entry_points() -> None:
    """MkDocs scans the installed packages' entry points for themes at every build; nothing is
    installed while the tests run, so one scan per process gives the same answer."""
    import functools

    import mkdocs.utils

    if not isinstance(mkdocs.utils.entry_points, functools._lru_cache_wrapper):
        mkdocs.utils.entry_points = functools.lru_cache(maxsize=None)(mkdocs.utils.entry_points)


def in_process(
    program: str, args: list[str], root: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``mkdocs`` or ``notices`` CLI as its console script would, but in this process.

    Starting a process per build (Python, MkDocs, Material, the plugin) cost more than most
    builds. The result looks like the process's: exit code, stdout, stderr (MkDocs' log, and
    the traceback an uncaught exception would print). The working directory, the environment
    and what MkDocs' CLI sets up globally (its log handler and level, the duplicate filter,
    warning filters) are put back afterwards, so one build cannot leak into the next.
    ``env`` is added to the environment for this run only.
    """
    import warnings

    from click.testing import CliRunner

    cli: Any
    if program == "mkdocs":
        from mkdocs.__main__ import cli
    else:
        from notices.cli import main as cli
    mkdocs_log = logging.getLogger("mkdocs")
    build_log = logging.getLogger("mkdocs.commands.build")
    saved = (mkdocs_log.level, mkdocs_log.propagate, list(mkdocs_log.handlers), list(build_log.filters))
    forget_process_state()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with warnings.catch_warnings():
            result = CliRunner().invoke(cli, args, env={**RUN_ENV, **(env or {})}, prog_name=program)
    finally:
        os.chdir(cwd)
        mkdocs_log.setLevel(saved[0])
        mkdocs_log.propagate = saved[1]
        mkdocs_log.handlers[:] = saved[2]
        build_log.filters[:] = saved[3]
    stderr = result.stderr
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        stderr += "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return subprocess.CompletedProcess([program, *args], result.exit_code, result.stdout, stderr)


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
        """A real process: for what only a process shows (exit codes, signals, locks, imports)."""
        env = {**os.environ, **RUN_ENV}
        result = subprocess.run(list(args), cwd=self.root, env=env, capture_output=True, text=True, timeout=300)
        return _checked(args, result, check)

    def build(self, *extra: str, check: bool = True, real: bool = False) -> subprocess.CompletedProcess[str]:
        """``mkdocs build``, by default through its CLI in this process (see ``in_process``)."""
        if real or SUBPROCESS:
            return self.run(str(BIN / "mkdocs"), "build", *extra, check=check)
        return _checked(("mkdocs", "build", *extra), in_process("mkdocs", ["build", *extra], self.root), check)

    def notices(self, *args: str, check: bool = True, real: bool = False) -> subprocess.CompletedProcess[str]:
        """The ``notices`` CLI, by default in this process (see ``in_process``).

        ``notify`` (but its dry run) is always a real process: it delivers under deadlines
        (1 s in some tests) to receivers that tests serve from this process, and sharing one
        interpreter with them would make the deadlines flaky.
        """
        delivers = bool(args) and args[0] == "notify" and "--dry-run" not in args
        if real or delivers or SUBPROCESS:
            return self.run(str(BIN / "notices"), *args, check=check)
        return _checked(("notices", *args), in_process("notices", list(args), self.root), check)

    def page(self, path: str) -> str:
        return (self.root / "site" / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def _one_browser() -> Iterator[None]:
    """Tests share one Chromium per process (see ``browser.chromium``); it ends with the session."""
    yield
    browser = sys.modules.get("browser")
    if browser is not None:
        browser.stop()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteRepo]:
    repo = SiteRepo(tmp_path / "site-repo")
    yield repo
    repo.repo.close()


_VERDICTS: dict[str, str] = {}
"""Bad-input case (node id) → verdict, from the reports: those of xdist workers reach here too."""


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        for key, value in report.user_properties:
            if key == "badinput-verdict":
                _VERDICTS[report.nodeid] = str(value)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The bad-input tally (clear / accepted / traceback / silent / unclear), when its cases ran."""
    if _VERDICTS:
        from test_badinput import tally

        terminalreporter.write_line(tally(list(_VERDICTS.values())))
