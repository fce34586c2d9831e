"""Every Git call of the tool goes through here, and there are only two kinds.

One ``git log --first-parent -M --raw`` pass lists every change to the notice
files, and one persistent ``git cat-file --batch`` (gitpython's) reads blobs.
A process per file or per commit is what makes history-based tools slow on a
repository with thousands of commits. Git's own message is carried in every
error, because it usually says exactly what is wrong.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from notices.base.errors import HistoryError

__all__ = ["Change", "Commit", "GitReader", "blob_id"]

_FETCH_HINT = (
    "fetch the full history: `git fetch --unshallow` (on GitHub Actions, set `fetch-depth: 0` on actions/checkout)"
)
_REPAIR_HINT = (
    "repair the clone: `git fetch --refetch origin` fetches every object again (Git 2.36+), or clone the "
    "repository afresh (on CI: a fresh checkout with `fetch-depth: 0`); `git fsck` lists what is damaged"
)
_DAMAGE = (
    "bad object",
    "missing blob",
    "missing tree",
    "missing commit",
    "unable to read",
    "is corrupt",
    "inflate",
    "packfile",
    "pack-",
    "loose object",
    "invalid object",
    "bad tree",
    "could not read",
    "does not match",
    "object file",
    "not a valid object",
)


def _git_says(stderr: object) -> str:
    """Git's own words, without gitpython's ``stderr: '…'`` wrapping or the ``fatal:``/``error:`` labels."""
    text = str(stderr or "").strip()
    if text.startswith("stderr:"):
        text = text.removeprefix("stderr:").strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1]
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        for label in ("fatal:", "error:", "warning:"):
            if line.lower().startswith(label):
                line = line[len(label) :].strip()
        if line and line not in lines:
            lines.append(line)
    return "; ".join(lines)


def _damaged(says: str) -> bool:
    low = says.lower()
    return any(sign in low for sign in _DAMAGE)


@dataclass(frozen=True, slots=True)
class Change:
    """One file change of one commit, as ``git log --raw`` reports it."""

    status: str
    """A, M, D, R (rename) or C (copy); T (type change) is treated as M."""
    old_path: str | None
    path: str
    blob: str
    """Blob id after the change; all zeros for a deletion."""


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    time: dt.datetime
    """When it was committed, in the committer's own time zone: a version dated by its
    commit takes the day its author saw (17 April at 20:00 −07:00 is 17 April, not 18)."""
    changes: tuple[Change, ...]


def _committed(stamp: int, iso: str) -> dt.datetime:
    try:
        zone = dt.datetime.fromisoformat(iso).utcoffset()
    except ValueError:
        zone = None
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone(zone) if zone is not None else dt.timezone.utc)


def blob_id(data: bytes) -> str:
    """Git's content address of a working-tree file, without starting git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


PREFETCH = 64
"""Blobs read ahead in one pipelined pass: a round trip saved per blob, at most 64 texts held."""


class GitReader:
    """The repository a site is built from, opened once per build."""

    def __init__(self, start: Path) -> None:
        try:
            self._repo = git.Repo(start, search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise HistoryError(
                "not inside a Git repository, so there is no history to publish versions from",
                path=str(start),
                hint="run `git init` and commit the notices, or build from a clone of the site's repository",
            ) from None
        if self._repo.working_tree_dir is None:
            raise HistoryError("a bare repository has no files to build", path=str(start))
        self.root = Path(self._repo.working_tree_dir).resolve()
        self._has_commits = True
        self._prefetched: dict[str, bytes] = {}
        self._planned: dict[str, int] = {}
        self._plan: list[str] = []
        self.head: str | None = None
        """The commit being built (set by ``check_history``)."""

    def _git(self, *args: str) -> str:
        try:
            return str(self._repo.git.execute(["git", *args], strip_newline_in_stdout=False))
        except GitCommandError as exc:
            says = _git_says(exc.stderr) or f"exit status {exc.status}"
            if _damaged(says):
                raise HistoryError(
                    f"this clone's Git objects are damaged or incomplete, so its history cannot be read (git: {says})",
                    path=str(self.root),
                    hint=_REPAIR_HINT,
                ) from None
            raise HistoryError(f"`git {' '.join(args[:3])}` failed: {says}", path=str(self.root)) from None

    def status(self) -> tuple[bool, bool]:
        """(has commits, is shallow), in one process."""
        status, out, _ = self._repo.git.execute(
            ["git", "rev-parse", "--is-shallow-repository", "HEAD"],
            with_exceptions=False,
            with_extended_output=True,
        )
        lines = str(out).split()
        if status == 0 and len(lines) > 1:
            self.head = lines[1]
        return status == 0, bool(lines) and lines[0] == "true"

    def check_history(self) -> bool:
        """Whether there is history; refuse a shallow clone, which would silently drop versions."""
        has_commits, shallow = self.status()
        if shallow:
            raise HistoryError(
                "this is a shallow clone: older versions of the notices are missing from it, "
                "and publishing would drop them",
                path=str(self.root),
                hint=_FETCH_HINT,
            )
        self._has_commits = has_commits
        return has_commits

    def log(self, paths: list[str]) -> list[Commit]:
        """Every first-parent commit touching ``paths``, oldest first, with renames."""
        if not self._has_commits:
            return []
        out = self._git(
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "-M",
            "--raw",
            "--no-abbrev",
            "--reverse",
            "-z",
            "--format=%x01%H %ct %cI",
            "--",
            *paths,
        )
        commits: list[Commit] = []
        for chunk in out.split("\x01")[1:]:
            header, _, rest = chunk.partition("\0")
            sha, stamp, iso = header.split()
            fields = rest.lstrip("\n").split("\0")
            changes: list[Change] = []
            index = 0
            while index < len(fields) and fields[index].startswith(":"):
                meta = fields[index][1:].split()
                status = meta[4][0]
                if status in "RC":
                    change = Change(status, fields[index + 1], fields[index + 2], meta[3])
                    index += 3
                else:
                    change = Change("M" if status == "T" else status, None, fields[index + 1], meta[3])
                    index += 2
                changes.append(change)
            commits.append(Commit(sha, _committed(int(stamp), iso), tuple(changes)))
        return commits

    def prefetch(self, shas: list[str]) -> None:
        """Plan to read these blobs, in this order, through the same ``cat-file --batch``.

        One request at a time costs a round trip per blob, which dominates a cold load of a
        long history; so ``blob`` reads the planned ones ahead, ``PREFETCH`` at a time in one
        pipelined pass. Never all at once: the texts of a long history (hundreds of versions
        of 300 KB, or hundreds of notices) would all be in memory together.
        """
        for sha in dict.fromkeys(shas):
            if sha not in self._planned and sha not in self._prefetched:
                self._planned[sha] = len(self._plan)
                self._plan.append(sha)

    def _read_ahead(self, sha: str) -> None:
        start = self._planned.get(sha)
        if start is None:
            return
        wanted = [s for s in self._plan[start : start + PREFETCH] if s in self._planned]
        for s in wanted:
            del self._planned[s]
        if not self._planned:
            self._plan.clear()
        cmd = self._repo.git._get_persistent_cmd("cat_file_all", "cat_file", batch=True)
        stdin, stdout = cmd.stdin, cmd.stdout
        if stdin is None or stdout is None:
            return

        def feed() -> None:
            stdin.write("".join(f"{s}\n" for s in wanted).encode())
            stdin.flush()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        try:
            for s in wanted:
                header = stdout.readline().split()
                if len(header) == 2 and header[1] == b"missing":
                    continue  # blob() reports it, with how to fix the clone
                size = int(header[2])
                data = stdout.read(size)
                stdout.read(1)
                if header[1] == b"blob" and len(data) == size:
                    self._prefetched[s] = data
        except (OSError, ValueError, IndexError):
            self._repo.git.clear_cache()  # out of step with cat-file: start a fresh one for blob()
            return
        feeder.join()

    def forget_prefetched(self) -> None:
        self._prefetched.clear()
        self._planned.clear()
        self._plan.clear()

    def blob(self, sha: str, path: str) -> bytes:
        """A blob's bytes through the one persistent ``cat-file --batch``."""
        hit = self._prefetched.pop(sha, None)
        if hit is None and sha in self._planned:
            self._read_ahead(sha)
            hit = self._prefetched.pop(sha, None)
        if hit is not None:
            return hit
        try:
            _, _, size, data = self._repo.git.get_object_data(sha)
        except (ValueError, GitCommandError, OSError):
            self._repo.git.clear_cache()  # a cat-file that failed mid-answer must not serve the next read
            raise HistoryError(
                f"Git object {sha[:12]} (a version of {path} in the history) is missing or damaged in this "
                "clone, so that version cannot be published",
                path=path,
                hint=_REPAIR_HINT,
            ) from None
        if len(data) != size:
            self._repo.git.clear_cache()
            raise HistoryError(
                f"Git object {sha[:12]} (a version of {path}) could not be read whole from this clone",
                path=path,
                hint=_REPAIR_HINT,
            )
        return bytes(data)

    def relpath(self, path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), self.root)).as_posix()

    def close(self) -> None:
        self._repo.close()
