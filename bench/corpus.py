"""A generated notice history for benchmarks: N notices x V versions in a real Git repo.

Built with one ``git fast-import`` stream, so making 2,000 commits takes seconds.
Each version is ~15 KB of Markdown in GDPR-style sections; every version edits a few
paragraphs, and every fifth one changes the purposes section.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path

WORDS = (
    "data personal process purpose account service consent contract retain delete "
    "request access right object restrict transfer recipient provider storage backup "
    "security team review record period law basis interest analysis improve deliver "
    "notify contact address message support payment invoice device browser cookie"
).split()
SECTIONS = [
    "Who is responsible",
    "Purposes of processing",
    "Legal basis",
    "Legitimate interests",
    "Categories of data",
    "Source of data",
    "Recipients",
    "Transfers",
    "Retention",
    "Your rights",
    "Withdrawing consent",
    "Complaints",
    "Automated decisions",
    "Changes",
]

MKDOCS_YML = """\
site_name: Bench
theme:
  name: material
  font: false
plugins:
  - search
{plugins}
nav:
{nav}
"""


def _paragraph(rng: random.Random, words: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class Notice:
    """The evolving text of one generated notice."""

    def __init__(self, index: int, rng: random.Random, paragraphs: int = 4) -> None:
        self.index = index
        self.rng = rng
        self.sections = {name: [_paragraph(rng) for _ in range(paragraphs)] for name in SECTIONS}

    def evolve(self, version: int) -> None:
        for _ in range(3):
            name = self.rng.choice(SECTIONS)
            paragraphs = self.sections[name]
            paragraphs[self.rng.randrange(len(paragraphs))] = _paragraph(self.rng)
        if version % 5 == 0:
            self.sections["Purposes of processing"].append(_paragraph(self.rng, 20))

    def text(self, version: int, effective: dt.date) -> str:
        body = []
        for name, paragraphs in self.sections.items():
            body.append(f"## {name}\n")
            body.extend(p + "\n" for p in paragraphs)
        front = f'---\ntitle: Notice {self.index}\nversion: "{version}"\neffective: {effective}\n---\n'
        return front + "\n".join(body)


def versions(notices: int, count: int, seed: int = 7, paragraphs: int = 4) -> list[tuple[int, int, dt.date, str]]:
    """(notice, version, effective, text) in commit order: version by version; ``paragraphs``
    per section (4: about 15 KB a version)."""
    rng = random.Random(seed)
    docs = [Notice(i, rng, paragraphs) for i in range(notices)]
    out = []
    start = dt.date(2000, 1, 1)
    for version in range(1, count + 1):
        effective = start + dt.timedelta(days=90 * version)
        for doc in docs:
            if version > 1:
                doc.evolve(version)
            out.append((doc.index, version, effective, doc.text(version, effective)))
    return out


def make_git_site(root: Path, notices: int, count: int, paragraphs: int = 4, plugin: str = "  - notices") -> Path:
    """The notices site: one commit per version, the plugin on (``plugin``: its entry in mkdocs.yml)."""
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    nav = "\n".join(f"  - n{i:03d}.md" for i in range(notices))
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins=plugin, nav="  - index.md\n" + nav))
    stream: list[bytes] = []
    when = 946_684_800
    files = [("mkdocs.yml", (root / "mkdocs.yml").read_bytes()), ("docs/index.md", b"# Bench\n")]
    for mark, (index, version, _, text) in enumerate(versions(notices, count, paragraphs=paragraphs), start=1):
        when += 3600
        changes = files if mark == 1 else []
        changes = [*changes, (f"docs/n{index:03d}.md", text.encode())]
        message = f"notice {index} version {version}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench <bench@example.org> %d +0000\n" % when)
        stream.append(b"data %d\n%s\n" % (len(message), message))
        for path, data in changes:
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return root


def make_plain_site(root: Path, notices: int, count: int) -> Path:
    """The baseline: the same revisions as plain Material pages, out of the nav."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bench\n")
    latest: dict[int, str] = {}
    for index, version, _, text in versions(notices, count):
        page = docs / f"n{index:03d}" / f"{version}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(text)
        latest[index] = text
    for index, text in latest.items():
        (docs / f"n{index:03d}.md").write_text(text)
    nav = "\n".join(f"  - n{i:03d}.md" for i in range(notices))
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="", nav="  - index.md\n" + nav))
    return root
