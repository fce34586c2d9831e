"""Replay a hand-labelled set of real policy changes and print how well changes are classified.

The set (``bench/classification/devset.json`` by default) holds only facts: repository,
commit, blob ids of the two texts, the labels and a one-line reason each; never the
policies' text. The texts are read from local mirrors of the repositories (a bare Git
directory per repository: ``$NOTICES_MIRRORS/<owner>+<name>/repo``, default
``/work/.mirror``; bring one with ``git clone --mirror https://github.com/<owner>/<name>``
into that layout). Prints precision and recall for purpose changes and material
changes, the editorial pairs flagged anyway, and every disagreement with its reasons.

A held-out set, ``bench/classification/holdout.json`` (97 pairs: ``npm/policies`` ``privacy.md``
and ``letsencrypt/website`` ``privacy.md`` in en, de and fr), was labelled from the diffs before
the classifier ever ran on it: measure on it, do not tune on it or relabel it. Its mirrors are
``git clone --mirror https://github.com/npm/policies`` and ``.../letsencrypt/website`` in the
layout above (``/work/.mirror/npm+policies/repo``, ``/work/.mirror/letsencrypt+website/repo``).

    python bench/classification.py [SET.json ...] [--verbose]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices.changes.assess import Assessment, assess
from notices.changes.classify import Classifier
from notices.changes.diff import diff_blocks
from notices.sources.frontmatter import split_front_matter
from notices.text.markdown import set_raw_html
from notices.text.render import blocks_of

HERE = Path(__file__).parent


class Mirror:
    """One ``git cat-file --batch`` per repository."""

    def __init__(self, git_dir: Path) -> None:
        self.proc = subprocess.Popen(
            ["git", "--git-dir", str(git_dir), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def blob(self, sha: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(sha.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3:
            raise KeyError(sha)
        data = self.proc.stdout.read(int(header[2]) + 1)[:-1]
        return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _mirror(repo: str, cache: dict[str, Mirror | None]) -> Mirror | None:
    if repo not in cache:
        roots = os.environ.get("NOTICES_MIRRORS", "/work/.mirror").split(os.pathsep)
        found = next(
            (
                Path(r) / repo.replace("/", "+") / "repo"
                for r in roots
                if (Path(r) / repo.replace("/", "+") / "repo").is_dir()
            ),
            None,
        )
        cache[repo] = Mirror(found) if found else None
    return cache[repo]


def _body(text: str) -> str:
    return split_front_matter(text)[1]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, guess: bool) -> None:
        if truth and guess:
            self.tp += 1
        elif guess:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    def line(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return (
            f"{name:<16} precision {precision:6.1%} ({self.tp}/{self.tp + self.fp})   "
            f"recall {recall:6.1%} ({self.tp}/{self.tp + self.fn})"
        )


def classify(old: str, new: str, classifier: Classifier) -> Assessment:
    return assess(diff_blocks(blocks_of(_body(old)), blocks_of(_body(new))), classifier)


def run(paths: list[Path], verbose: bool) -> int:
    classifier = Classifier.from_option(None)
    mirrors: dict[str, Mirror | None] = {}
    purpose, material = Score(), Score()
    editorial_flagged: list[str] = []
    editorial_purpose: list[str] = []
    disagreements: list[str] = []
    skipped: set[str] = set()
    total = 0
    start = time.perf_counter()
    for path in paths:
        pairs: list[dict[str, Any]] = json.loads(path.read_text())
        for pair in pairs:
            mirror = _mirror(pair["repo"], mirrors)
            if mirror is None:
                skipped.add(pair["repo"])
                continue
            total += 1
            # an HTML policy is published with ``raw_html: true``: its tags are markup, not words
            set_raw_html(pair["path"].endswith((".html", ".htm")))
            found = classify(mirror.blob(pair["old_blob"]), mirror.blob(pair["new_blob"]), classifier)
            purpose.add(pair["purpose_changed"], found.purpose_changed)
            material.add(pair["material"], found.material)
            name = f"{pair['repo']}@{pair['commit'][:10]} {pair['path']}"
            if pair["editorial"] and found.material:
                editorial_flagged.append(name)
            if pair["editorial"] and found.purpose_changed:
                editorial_purpose.append(name)
            if (pair["purpose_changed"], pair["material"]) != (found.purpose_changed, found.material):
                lines = [
                    f"  {name}: labelled purpose={pair['purpose_changed']} material={pair['material']} "
                    f"({pair['reason']}); computed purpose={found.purpose_changed} material={found.material}"
                ]
                for reason in found.reasons[: 3 if not verbose else None]:
                    lines.append(
                        f"      {reason.rule} [{reason.element}]: -{reason.removed[:110]!r} +{reason.added[:110]!r}"
                    )
                disagreements.append("\n".join(lines))
    elapsed = time.perf_counter() - start
    for repo in sorted(skipped):
        print(f"skipped {repo}: no mirror under $NOTICES_MIRRORS (see this file's docstring)")
    print(
        f"{total} labelled pairs from {', '.join(str(p) for p in paths)} ({elapsed:.1f} s, "
        f"{1000 * elapsed / max(total, 1):.1f} ms per pair)"
    )
    print(purpose.line("purpose changes"))
    print(material.line("material"))
    print(
        f"editorial pairs flagged material: {len(editorial_flagged)}; flagged purpose change: {len(editorial_purpose)}"
    )
    print(
        "targets: purpose recall 100%, precision >= 90%; material precision >= 90%, recall >= 95%; "
        "0 editorial pairs flagged"
    )
    if disagreements:
        print(f"\n{len(disagreements)} disagreements:")
        print("\n".join(disagreements))
    return 0


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    paths = [Path(a) for a in args] or [HERE / "classification" / "devset.json"]
    return run(paths, "--verbose" in sys.argv)


if __name__ == "__main__":
    sys.exit(main())
