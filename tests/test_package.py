"""What the package index and an installer read: a name of our own, metadata that builds."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_distribution_has_a_name_of_its_own_and_the_examples_pin_it() -> None:
    project = PROJECT["project"]
    assert project["name"] == "mkdocs-privacy-notices"  # `notices` on the index is someone else's
    assert project["entry-points"]["mkdocs.plugins"]["notices"] == "notices.mkdocs_plugin:NoticesPlugin"
    assert project["scripts"]["notices"] == "notices.cli:main"
    for workflow in (ROOT / ".github/workflows").glob("notices-*.yml"):
        installs = re.findall(r"^\s*- run: pip install ([^\n]+)", workflow.read_text(encoding="utf-8"), re.M)
        assert installs and all('"mkdocs-privacy-notices>=' in line for line in installs), workflow.name


def test_metadata_a_build_backend_accepts() -> None:
    project = PROJECT["project"]
    floor = re.search(r"setuptools>=(\d+)", " ".join(PROJECT["build-system"]["requires"]))
    assert floor and int(floor.group(1)) >= 77  # older setuptools refuses the SPDX `license` string
    assert project["license"] == "MIT" and all((ROOT / name).is_file() for name in project["license-files"])
    assert "Framework :: MkDocs" in project["classifiers"]
    assert not any(c.startswith("License ::") for c in project["classifiers"])  # refused beside SPDX
    assert {"Homepage", "Source", "Issues"} <= set(project["urls"])
    data = PROJECT["tool"]["setuptools"]["package-data"]["notices"]
    shipped = {p.relative_to(ROOT / "src/notices").as_posix() for p in (ROOT / "src/notices/site/static").iterdir()}
    assert all(any(Path(name).match(pattern) for pattern in data) for name in shipped), shipped


def test_the_pre_commit_hook_runs_the_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [("notices-check", "notices check", "python")]
