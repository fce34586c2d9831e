"""Real-scale shapes: one long history of a large policy, and many notices with long histories.

The synthetic 50 x 40 bench (15 KB texts) never sees what adopters bring: hundreds of
versions of a 300 KB policy, or hundreds of notices. This bench generates both shapes
(``git fast-import``, consecutive versions sharing most of their paragraphs, as real ones
do), builds each cold with the plugin, and prints, beside a floor measured in the same run:

- time against the floor: read each text once (one ``cat-file --batch``), render it once
  (markdown-it, as notices do), write it once — the least any tool publishing every version
  must do;
- the largest process's peak memory (RSS);
- output bytes per input byte (the texts of every version), and what the cache adds on disk
  beyond hard links to the site's files.

    python bench/scale.py [--large-versions 500] [--large-kb 300] [--many 300] [--many-versions 60]
    python bench/scale.py --only large --large-versions 100     # a quicker look
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_git_site, versions  # noqa: E402
from measure import measure  # noqa: E402

MKDOCS = str(Path(sys.executable).parent / "mkdocs")

FLOOR = """
import subprocess, sys
from pathlib import Path
from markdown_it import MarkdownIt
repo, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
listed = subprocess.run(["git", "-C", str(repo), "log", "--format=", "--raw", "--no-abbrev", "--", "docs"],
                        capture_output=True, text=True, check=True).stdout.split()
blobs = list(dict.fromkeys(w for w in listed[3::6] if len(w) == 40 and set(w) != {"0"}))
cat = subprocess.Popen(["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
md = MarkdownIt("commonmark").enable("table")
for n, sha in enumerate(blobs):
    cat.stdin.write(sha.encode() + b"\\n"); cat.stdin.flush()
    size = int(cat.stdout.readline().split()[2])
    text = cat.stdout.read(size + 1)[:-1].decode()
    (out / f"{n}.html").write_text(md.render(text.split("---", 2)[-1]))
cat.stdin.close(); cat.wait()
"""


def _input_bytes(notices: int, count: int, paragraphs: int) -> int:
    return sum(len(text.encode()) for *_, text in versions(notices, count, paragraphs=paragraphs))


def _tree_bytes(root: Path, seen: set[tuple[int, int]]) -> int:
    """Bytes of the files under ``root`` not counted yet: a hard link (the cache keeps the
    site's files as links) costs no second copy on disk, so it counts once."""
    total = 0
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            stat = path.stat()
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total


def shape(name: str, notices: int, count: int, paragraphs: int, work: Path) -> None:
    site = make_git_site(work / name, notices, count, paragraphs=paragraphs)
    source = _input_bytes(notices, count, paragraphs)
    floor_s, floor_mb = measure([sys.executable, "-c", FLOOR, str(site), str(work / f"{name}-floor")], site)
    build_s, build_mb = measure([MKDOCS, "build", "-q"], site)
    seen: set[tuple[int, int]] = set()
    output = _tree_bytes(site / "site", seen)
    cache = _tree_bytes(site / ".cache", seen)
    per_text = source / (notices * count) / 1024
    shape_line = f"{notices} notice(s) x {count} versions, {per_text:.0f} KB a text, {source / 1e6:.0f} MB of texts"
    print(f"\n### {name}: {shape_line}\n")
    print("| figure | notices | floor | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| cold build | {build_s:.1f} s | {floor_s:.1f} s | {build_s / floor_s:.2f}x | ≤ 1.0x |")
    print(f"| largest process | {build_mb:.0f} MB | {floor_mb:.0f} MB | — | ≤ 500 MB |")
    print(f"| output | {output / 1e6:.0f} MB | {source / 1e6:.0f} MB input | {output / source:.1f}x | ≤ 8x |")
    print(f"| cache beyond links to the site | {cache / 1e6:.0f} MB | | {cache / source:.1f}x | |")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large-versions", type=int, default=500)
    parser.add_argument("--large-kb", type=int, default=300)
    parser.add_argument("--many", type=int, default=300)
    parser.add_argument("--many-versions", type=int, default=60)
    parser.add_argument("--only", choices=["large", "many"])
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="notices-scale-"))
    try:
        if args.only in (None, "large"):
            paragraphs = max(1, round(args.large_kb / 300 * 50))  # 14 sections x 50 paragraphs: about 300 KB
            shape("large", 1, args.large_versions, paragraphs, work)
        if args.only in (None, "many"):
            shape("many", args.many, args.many_versions, 4, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["true"], check=False)


if __name__ == "__main__":
    main()
