"""What the option ``pdf: true`` costs: milliseconds per version, beside the same site without it.

For a ~15 KB notice and a ~300 KB one (one notice, V versions, one commit each), measured
in the same run: a cold build without PDFs (the baseline) and with them; the difference
per version is the PDF's cost (WeasyPrint, one process: one notice is never split
between workers). Then one new version and a warm rebuild of each: with the PDFs in the
build cache only the new version's PDF is rendered; and a rebuild with nothing changed,
where none is (and WeasyPrint is not even imported). Usage: ``python bench/pdf.py
[--small 20] [--large 3]`` (the number of versions of each notice).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build import MKDOCS, _commit_one_version  # noqa: E402
from corpus import make_git_site  # noqa: E402
from measure import measure  # noqa: E402

PDF_ON = "  - notices:\n      pdf: true"


def _cold(site: Path) -> float:
    shutil.rmtree(site / ".cache", ignore_errors=True)
    return measure([MKDOCS, "build", "-q"], site)[0]


def _one(root: Path, name: str, versions: int, paragraphs: int) -> list[str]:
    plain = make_git_site(root / f"{name}-plain", 1, versions, paragraphs)
    pdf = make_git_site(root / f"{name}-pdf", 1, versions, paragraphs, plugin=PDF_ON)
    size = (plain / "docs" / "n000.md").stat().st_size
    base = _cold(plain)
    ours = _cold(pdf)
    written = sorted((pdf / "site").rglob("*.pdf"))
    assert len(written) == versions, written
    pdf_bytes = sum(p.stat().st_size for p in written) / len(written)
    for site in (plain, pdf):
        _commit_one_version(site)
    warm_base = measure([MKDOCS, "build", "-q"], plain)[0]
    warm = measure([MKDOCS, "build", "-q"], pdf)[0]
    same_base = measure([MKDOCS, "build", "-q"], plain)[0]
    same = measure([MKDOCS, "build", "-q"], pdf)[0]
    per = (ours - base) / versions * 1000
    return [
        f"| {size / 1024:.0f} KB notice, {versions} versions | cold build {ours:.1f} s, without PDFs {base:.1f} s "
        f"| {per:.0f} ms per version | PDF {pdf_bytes / 1024:.0f} KB |",
        f"| {size / 1024:.0f} KB notice, one new version | warm rebuild {warm:.1f} s, without PDFs {warm_base:.1f} s "
        f"| {(warm - warm_base) * 1000:.0f} ms more (one PDF rendered, WeasyPrint imported) | |",
        f"| {size / 1024:.0f} KB notice, nothing changed | rebuild {same:.1f} s, without PDFs {same_base:.1f} s "
        f"| {(same - same_base) * 1000:.0f} ms more (none rendered) | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=20, help="versions of the ~15 KB notice")
    parser.add_argument("--large", type=int, default=3, help="versions of the ~300 KB notice")
    args = parser.parse_args()
    version = subprocess.run(
        [sys.executable, "-c", "import weasyprint; print(weasyprint.__version__)"], capture_output=True, text=True
    )
    print(f"WeasyPrint {version.stdout.strip() or '(not installed: pip install -e .[pdf])'}", flush=True)
    rows = ["| site | builds | cost of the PDFs | |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="notices-bench-pdf-") as tmp:
        rows += _one(Path(tmp), "small", args.small, 2)
        print("\n".join(rows[-3:]), flush=True)
        rows += _one(Path(tmp), "large", args.large, 48)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
