"""Build time and peak memory of a generated history, beside a same-run baseline.

Baseline: the same revisions exported as plain MkDocs Material pages kept out of
the nav, built with ``mkdocs build``. Usage: ``python bench/build.py [--notices 50]
[--versions 40]``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
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
    from notices.changes.assess import analyse
    from notices.changes.classify import Classifier
    from notices.config.mkdocs_yml import load_options
    from notices.sources.history import load_notices
    from notices.text.render import blocks_of

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


def _build_without_plugin(site: Path, out: str) -> float:
    """`mkdocs build` of the same site with the notices plugin switched off, into ``out``."""
    config = site / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original.replace("  - notices\n", "  - notices:\n      enabled: false\n"))
    try:
        seconds, _ = measure([MKDOCS, "build", "-q", "-d", out], site)
    finally:
        config.write_text(original)
    return seconds


def post_processing(site: Path) -> tuple[float, float, float]:
    """The generator-agnostic path: a build without the plugin, then `notices build`."""
    gen_s = _build_without_plugin(site, "site-post")
    post_s, post_mb = measure([NOTICES, "build", "--site", "site-post"], site)
    return gen_s, post_s, post_mb


def _best_cold(site: Path) -> tuple[float, float]:
    """Best of two cold builds (no site, no cache): disk writeback makes single runs noisy."""
    runs = []
    for _ in range(2):
        shutil.rmtree(site / "site", ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        runs.append(measure([MKDOCS, "build", "-q"], site))
    return min(r[0] for r in runs), max(r[1] for r in runs)


def _commit_one_version(site: Path) -> None:
    """One new commit: a new version of the first notice, as an editor would push."""
    doc = site / "docs" / "n000.md"
    text = doc.read_text()
    head, _, body = text.partition("---\n")[2].partition("---\n")
    lines = [line for line in head.splitlines() if not line.startswith(("version:", "effective:"))]
    count = body.count("A new paragraph")  # a new version each time
    front = "\n".join(lines) + f'\nversion: "{999 + count}"\neffective: 2099-01-{1 + count:02d}\n'
    doc.write_text(f"---\n{front}---\n" + body + "\nA new paragraph in the newest version.\n")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.org",
    }
    subprocess.run(["git", "commit", "-qam", "one more version"], cwd=site, env=env, check=True)


def _machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {len(os.sched_getaffinity(0))} cores, Python {sys.version.split()[0]}"


def _row(name: str, ours: str, base: str, ratio: float | None, target: str, met: bool | None) -> str:
    r = f"{ratio:.2f}x" if ratio is not None else "—"
    verdict = "—" if met is None else ("met" if met else "not met")
    return f"| {name} | {ours} | {base} | {r} | {target} | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=50)
    parser.add_argument("--versions", type=int, default=40)
    parser.add_argument("--no-growth", action="store_true", help="skip the 25/100-notice growth runs")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        site = make_git_site(root / "git-site", args.notices, args.versions)
        plain = make_plain_site(root / "plain-site", args.notices, args.versions)
        pages = args.notices * args.versions
        print(
            f"corpus: {args.notices} notices x {args.versions} versions = {pages} revisions "
            f"({pages} commits), generated in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        base_s, base_mb = measure([MKDOCS, "build", "-q"], plain)
        ours_s, ours_mb = measure([MKDOCS, "build", "-q"], site)
        written = sum(1 for _ in (site / "site").rglob("index.html"))
        print(f"pages written by the notices build: {written}", flush=True)
        rows.append(
            _row(
                "cold full build",
                f"{ours_s:.1f} s",
                f"{base_s:.1f} s (plain pages, out of nav)",
                ours_s / base_s,
                "≤ 0.5x",
                ours_s / base_s <= 0.5,
            )
        )
        rss_ok = ours_mb / base_mb <= 1.1 and ours_mb <= 250
        rows.append(
            _row(
                "peak RSS, cold build",
                f"{ours_mb:.0f} MB",
                f"{base_mb:.0f} MB",
                ours_mb / base_mb,
                "≤ 1.1x and ≤ 250 MB",
                rss_ok,
            )
        )
        _commit_one_version(site)
        warm_s, _ = measure([MKDOCS, "build", "-q"], site)
        _commit_one_version(site)  # best of two: each a rebuild after its own new commit
        warm_s = min(warm_s, measure([MKDOCS, "build", "-q"], site)[0])
        plain_s = min(_build_without_plugin(site, "site-plain") for _ in range(2))
        rows.append(
            _row(
                "warm rebuild after one new commit (cache present)",
                f"{warm_s:.1f} s",
                f"{plain_s:.1f} s (no plugin)",
                warm_s / plain_s,
                "≤ 2.0x",
                warm_s / plain_s <= 2.0,
            )
        )
        same_s, _ = measure([MKDOCS, "build", "-q"], site)
        rows.append(
            _row(
                "rebuild, nothing changed",
                f"{same_s:.1f} s",
                f"{plain_s:.1f} s (no plugin)",
                same_s / plain_s,
                "—",
                None,
            )
        )
        if not args.no_serve:
            from serve import serve_latency

            for dirty in (False, True):
                latency = serve_latency(
                    site, "n001/", site / "docs" / "n001.md", "Bench marker paragraph.", dirty=dirty
                )
                shown = f"{latency:.1f} s" if latency is not None else "never (180 s)"
                rows.append(
                    _row(
                        "mkdocs serve" + (" --dirty" if dirty else "") + ": edit → page served",
                        shown,
                        "—",
                        None,
                        "≤ 2 s",
                        latency is not None and latency <= 2.0,
                    )
                )
        per_pair_ms, pairs = diff_time(site)
        rows.append(_row("redline + classification per version pair", f"{per_pair_ms:.1f} ms", "—", None, "—", None))
        post_gen_s, post_s, post_mb = post_processing(site)
        rows.append(
            _row(
                "post-processing path (build without plugin + notices build)",
                f"{post_gen_s:.1f} + {post_s:.1f} s",
                f"{ours_s:.1f} s (plugin path)",
                (post_gen_s + post_s) / ours_s,
                "—",
                None,
            )
        )
        if not args.no_growth:
            # Every size the same way: fresh corpora, generated before any of them is built.
            sizes = [args.notices // 2, args.notices, args.notices * 2]
            corpora = {count: make_git_site(root / f"growth-{count}", count, args.versions) for count in sizes}
            figures = {count: _best_cold(corpus) for count, corpus in corpora.items()}
            for small, big in zip(sizes, sizes[1:], strict=False):
                t = figures[big][0] / figures[small][0]
                m = figures[big][1] / figures[small][1]
                rows.append(
                    _row(
                        f"growth {small}x{args.versions} → {big}x{args.versions}",
                        f"time {t:.2f}x, RSS {m:.2f}x",
                        "—",
                        None,
                        "≤ 2.1x each",
                        t <= 2.1 and m <= 2.1,
                    )
                )
    print()
    print(f"{dt.date.today().isoformat()}, {_machine()}")
    print()
    print("| figure | notices | baseline | ratio | target | |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
