"""The bad-input corpus: each case is one mistake (or one tricky but valid input) made on
top of a small, already built site, run through `notices check` and `mkdocs build`.

A case passes when every run tells the user the same thing: for a mistake, each run
fails with one message naming the file (and line), what is wrong and how to fix it
(`path:line: what — how to fix`), and the site built before is byte for byte what it
was; for a valid input, each run succeeds and the site says what the case expects.
Everything else is tallied as a traceback, a silent (wrong or missing) result, or an
unclear message, and printed at the end of the test run.

Cases live in ``cases_<area>.py`` modules beside this file, each with a list ``CASES``.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import re
import shutil
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from conftest import MKDOCS_YML as CONFTEST_YML
from conftest import forget_process_state

__all__ = ["BASE_FILES", "Case", "Outcome", "all_cases", "build_base", "run_case", "site_digest"]

Expect = Literal["error", "accepted"]
Verdict = Literal["clear", "accepted", "traceback", "silent", "unclear"]


@dataclass(frozen=True)
class Case:
    """One input, what it is applied to, and what a well-made tool does with it."""

    name: str
    files: Mapping[str, str | bytes | None] = field(default_factory=dict)
    """Written on top of the base site (None deletes the file), then committed."""
    expect: Expect = "error"
    where: str | None = None
    """For an error: text every message must contain, e.g. ``docs/privacy.md:3`` or ``mkdocs.yml``."""
    says: str = ""
    """For an error: a regular expression (case-insensitive) every message must match."""
    commit: bool = True
    """False leaves the change uncommitted, as an editor's working tree has it."""
    setup: Callable[[Path], None] | None = None
    """Anything files cannot express (remove a Git object, make a symlink), given the repo root."""
    verify: Callable[[Path], None] | None = None
    """For an accepted input: assertions on the built site folder."""
    env: Mapping[str, str] = field(default_factory=dict)
    check: bool = True
    """Also run `notices check` (off only for inputs the CLI never reads)."""


@dataclass
class Outcome:
    verdict: Verdict
    detail: str


MKDOCS_YML = CONFTEST_YML.replace("Example Ltd notices", "Bad input corpus")


def _notice(version: str, effective: str, body: str, title: str = "Privacy notice", extra: str = "") -> str:
    return f'---\ntitle: {title}\nversion: "{version}"\neffective: {effective}\n{extra}---\n{body}'


PRIVACY_BODY = """\
## Who we are

Example Ltd, 1 Harbour Street, Aarhus, is the controller.

## Why we use your data

- to deliver your orders
- to answer your questions

## How long we keep it

Orders are kept for {years} years.
"""

BASE_FILES: list[tuple[str, dict[str, str | None]]] = [
    (
        "first versions",
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/index.md": "# Home\n\nNotices of Example Ltd.\n",
            "docs/privacy.md": _notice("1", "2024-01-01", PRIVACY_BODY.format(years=5)),
            "docs/community.md": _notice("1", "2024-01-01", "## Forum\n\nPosts are public.\n", "Community policy"),
            "docs/cookies.md": _notice("1", "2024-01-01", "## Cookies\n\nWe set one cookie.\n", "Cookie notice"),
        },
    ),
    ("privacy 2", {"docs/privacy.md": _notice("2", "2024-03-01", PRIVACY_BODY.format(years=4))}),
    (
        "privacy 3 supersedes the community policy",
        {
            "docs/privacy.md": _notice(
                "3", "2024-06-01", PRIVACY_BODY.format(years=3), extra="supersedes: [community]\n"
            ),
            "docs/community.md": None,
            "docs/cookies.da.md": _notice("1", "2024-01-01", "## Cookies\n\nVi sætter en cookie.\n", "Cookies"),
        },
    ),
]
"""Privacy 1–3, a cookie notice with a Danish translation, and a community policy that
privacy 3 superseded (its file deleted): the states most mistakes are made on."""

TODAY = "2026-06-01"


def site_digest(site: Path) -> str:
    """Every file's path and bytes; equal digests mean a byte-identical site."""
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() or p.is_symlink()):
        h.update(str(path.relative_to(site)).encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<link>")
    return h.hexdigest()


_DIGESTS: dict[Path, str] = {}


def _base_digest(base: Path) -> str:
    """The base site's digest, computed once: every case starts from a copy of it."""
    if base not in _DIGESTS:
        _DIGESTS[base] = site_digest(base / "site")
    return _DIGESTS[base]


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in sorted(Path(__file__).parent.glob("cases_*.py")):
        cases += importlib.import_module(f"badinput.{module.stem}").CASES
    names = [case.name for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"case names must be unique: {sorted(duplicates)}")
    return cases


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _commit(repo: object, message: str, when: str) -> None:
    import git

    assert isinstance(repo, git.Repo)
    repo.git.add(A=True)
    actor = git.Actor("Ada Editor", "ada@example.org")
    repo.index.commit(message, author=actor, committer=actor, author_date=when, commit_date=when)


def _write(root: Path, files: Mapping[str, str | bytes | None]) -> None:
    for rel, text in files.items():
        path = root / rel
        if text is None:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))


def build_base(root: Path) -> None:
    """The base repository with its site built once; each case starts from a copy."""
    import git

    repo = git.Repo.init(root, initial_branch="main")
    for day, (message, files) in enumerate(BASE_FILES, start=2):
        _write(root, files)
        _commit(repo, message, f"2024-01-{day:02d}T12:00:00")
    repo.close()
    (root / ".gitignore").write_text("site/\n.cache/\n")
    with _environment({"NOTICES_TODAY": TODAY, "NOTICES_WORKERS": "1", "NO_MKDOCS_2_WARNING": "1"}):
        ok, text = _mkdocs_build(root)
    if not ok:
        raise RuntimeError(f"the base site of the corpus does not build:\n{text}")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _mkdocs_build(root: Path) -> tuple[bool, str]:
    """The real `mkdocs build`, in this process (a subprocess per case would triple the time)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        config = load_config(str(root / "mkdocs.yml"))
        build(config)
        return True, "\n".join(capture.lines)
    except ConfigurationError as exc:
        return False, "\n".join([*capture.lines, f"mkdocs.yml: {exc}"])
    except Abort:
        return False, "\n".join(capture.lines)
    except Exception:
        return False, "Traceback (build):\n" + traceback.format_exc()
    finally:
        os.chdir(cwd)
        logger.removeHandler(capture)


def _notices_check(root: Path, *args: str) -> tuple[bool, str]:
    from click.testing import CliRunner

    from notices.cli import main

    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check", *args])
    finally:
        os.chdir(cwd)
    text = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        text += "Traceback (check):\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return result.exit_code == 0, text


_ERROR_LINE = re.compile(r"(?:^|\n)(?:error: |Error: |ERROR\s+-\s+|Aborted)")


def run_case(case: Case, base: Path, work: Path) -> Outcome:
    """Copy the base, apply the case, run check (without and with the last manifest) and build."""
    root = work / "repo"
    shutil.copytree(base, root, symlinks=True)
    before = _base_digest(base)  # the copy is byte for byte the base
    forget_process_state()  # each case runs as a new process would
    previous = work / "previous-versions.json"
    shutil.copyfile(root / "site" / "versions.json", previous)
    import git

    env = {"NOTICES_TODAY": TODAY, "NOTICES_WORKERS": "1", "NO_MKDOCS_2_WARNING": "1", **case.env}
    with _environment(env):
        _write(root, case.files)
        if case.commit and case.files:
            repo = git.Repo(root)
            _commit(repo, f"case {case.name}", "2024-09-01T12:00:00")
            repo.close()
        if case.setup is not None:
            case.setup(root)
        runs: list[tuple[str, bool, str]] = []
        if case.check:
            runs.append(("check", *_notices_check(root)))
            runs.append(("check --previous", *_notices_check(root, "--previous", str(previous))))
        runs.append(("mkdocs build", *_mkdocs_build(root)))
    for name, _, text in runs:
        if "Traceback" in text:
            return Outcome("traceback", f"{name}:\n{text}")
    if case.expect == "accepted":
        for name, ok, text in runs:
            if not ok:
                return Outcome("silent", f"{name} refused a valid input:\n{text}")
        if case.verify is not None:
            try:
                case.verify(root / "site")
            except AssertionError as exc:
                return Outcome("silent", f"built, but wrong: {exc}")
        return Outcome("accepted", "")
    for name, ok, text in runs:
        if ok:
            return Outcome("silent", f"{name} exited 0:\n{text}")
    for name, _, text in runs:
        problem = _unclear(case, text)
        if problem:
            return Outcome("unclear", f"{name}: {problem}:\n{text}")
    after = site_digest(root / "site")
    if after != before:
        return Outcome("silent", "the refused build changed the site that was built before")
    return Outcome("clear", runs[-1][2])


def _unclear(case: Case, text: str) -> str | None:
    if case.where is not None and case.where not in text:
        return f"the message does not name {case.where!r}"
    if case.says and not re.search(case.says, text, re.I | re.S):
        return f"the message does not say {case.says!r}"
    if " — " not in text:
        return "the message says nothing about how to fix it (no ' — hint')"
    return None
