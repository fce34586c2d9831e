"""Build time and peak memory of a generated history, beside a same-run baseline.

Baseline: the same revisions exported as plain MkDocs Material pages kept out of
the nav, built with ``mkdocs build``. Usage: ``python bench/build.py [--notices 50]
[--versions 40]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_git_site, make_plain_site  # noqa: E402
from measure import measure  # noqa: E402

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
NOTICES = str(Path(sys.executable).parent / "notices")


def diff_time(site: Path) -> tuple[float, int]:
    """Time of diffing and classifying every consecutive pair, in this process."""
    from notices.changes import analyse, blocks_of
    from notices.classify import Classifier
    from notices.history import load_notices
    from notices.siteconfig import load_options

    options, _ = load_options(site / "mkdocs.yml")
    notices = load_notices(options)
    for notice in notices:  # parse first: the figure is the diff, not the Markdown parser
        for version in notice.versions:
            blocks_of(version.latest.body)
    classifier = Classifier.from_option(None)
    start = time.perf_counter()
    for notice in notices:
        analyse(notice, classifier)
    took = time.perf_counter() - start
    pairs = sum(len(n.versions) - 1 for n in notices)
    return took / pairs * 1000, pairs


def post_processing(site: Path) -> tuple[float, float, float]:
    """The generator-agnostic path: a build without the plugin, then `notices build`."""
    config = site / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original.replace("  - notices\n", "  - notices:\n      enabled: false\n"))
    try:
        gen_s, _ = measure([MKDOCS, "build", "-q", "-d", "site-post"], site)
    finally:
        config.write_text(original)
    post_s, post_mb = measure([NOTICES, "build", "--site", "site-post"], site)
    return gen_s, post_s, post_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=50)
    parser.add_argument("--versions", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        site = make_git_site(root / "git-site", args.notices, args.versions)
        plain = make_plain_site(root / "plain-site", args.notices, args.versions)
        made = time.perf_counter() - start
        pages = args.notices * args.versions
        print(
            f"corpus: {args.notices} notices x {args.versions} versions = {pages} revisions "
            f"({pages} commits), generated in {made:.1f} s"
        )
        base_s, base_mb = measure([MKDOCS, "build", "-q"], plain)
        ours_s, ours_mb = measure([MKDOCS, "build", "-q"], site)
        written = sum(1 for _ in (site / "site").rglob("index.html"))
        per_pair_ms, pairs = diff_time(site)
        post_gen_s, post_s, post_mb = post_processing(site)
        print(f"pages written by the notices build: {written}")
        print()
        print("| figure | notices | baseline (plain pages, out of nav) | ratio |")
        print("|---|---|---|---|")
        print(f"| cold build time | {ours_s:.1f} s | {base_s:.1f} s | {ours_s / base_s:.2f}x |")
        print(f"| peak RSS | {ours_mb:.0f} MB | {base_mb:.0f} MB | {ours_mb / base_mb:.2f}x |")
        print(
            f"| post-processing path: mkdocs build without the plugin + notices build | "
            f"{post_gen_s:.1f} s + {post_s:.1f} s = {post_gen_s + post_s:.1f} s | plugin path {ours_s:.1f} s | "
            f"{(post_gen_s + post_s) / ours_s:.2f}x |"
        )
        ratio = post_mb / ours_mb
        print(f"| peak RSS of notices build | {post_mb:.0f} MB | plugin path {ours_mb:.0f} MB | {ratio:.2f}x |")
        print()
        print(f"redline + classification: {per_pair_ms:.1f} ms per version pair ({pairs} pairs, one process)")


if __name__ == "__main__":
    main()
