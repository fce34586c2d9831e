"""Build the same inputs with the tool at another commit and with this tree; report every
file that differs.

A refactoring must not change a byte of what readers and apps get. This builds the demo
site (this repository's own history), a generated history (several notices and versions)
and the same generated history through ``notices build`` after a plain MkDocs build, once
with the package of ``--ref`` and once with ``src/`` here, each from a fresh copy and a
cold cache, and compares the two output trees file by file.

    .venv/bin/python bench/same_output.py --ref HEAD~3

Exit status 1 when anything differs (the first lines of each difference are printed).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import make_git_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(cmd: list[str], cwd: Path, src: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(src), "NOTICES_TODAY": "2026-06-01", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} in {cwd} failed:\n{done.stderr[-3000:]}")


def _inputs(work: Path) -> dict[str, Path]:
    """Each input once, to be copied per build (a build writes its cache beside its config)."""
    demo = work / "in-demo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(demo)], check=True)
    generated = make_git_site(work / "in-generated", 6, 9)
    plain = make_git_site(work / "in-plain", 4, 6, plugin="")
    return {"demo": demo, "generated": generated, "plain": plain}


def _build(name: str, source: Path, dest: Path, src: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    if name == "plain":
        _run([str(BIN / "mkdocs"), "build", "-q"], dest, src)
        _run([str(BIN / "notices"), "build", "--site", "site"], dest, src)
    else:
        _run([str(BIN / "mkdocs"), "build", "-q"], dest, src)
    return dest / "site"


def _files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()}


def compare(a: Path, b: Path) -> list[str]:
    left, right = _files(a), _files(b)
    problems = [f"only with --ref: {name}" for name in sorted(left.keys() - right.keys())]
    problems += [f"only with this tree: {name}" for name in sorted(right.keys() - left.keys())]
    for name in sorted(left.keys() & right.keys()):
        old, new = left[name].read_bytes(), right[name].read_bytes()
        if old != new:
            lines = difflib.unified_diff(
                old.decode(errors="replace").splitlines(), new.decode(errors="replace").splitlines(), lineterm="", n=0
            )
            problems.append(f"differs: {name}\n    " + "\n    ".join(list(lines)[2:8]))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="the commit whose package is the reference")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        work = Path(tmp)
        ref = work / "ref"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(ref), args.ref], cwd=ROOT, check=True)
        try:
            inputs = _inputs(work)
            failed = False
            for name, source in inputs.items():
                before = _build(name, source, work / f"{name}-ref", ref / "src")
                after = _build(name, source, work / f"{name}-new", ROOT / "src")
                problems = compare(before, after)
                count = len(_files(after))
                print(f"{name}: {count} files, {len(problems)} differ")
                for problem in problems[:20]:
                    print("  " + problem)
                failed |= bool(problems)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(ref)], cwd=ROOT, check=True)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
