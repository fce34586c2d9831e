"""Every case of the bad-input corpus (tests/badinput/) through `notices check` and `mkdocs build`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from badinput import Case, Outcome, all_cases, build_base, run_case

CASES = all_cases()
TALLY: dict[str, Outcome] = {}
VERDICT = "badinput-verdict"
ORDER = ["clear", "accepted", "traceback", "silent", "unclear"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("badinput-base") / "repo"
    build_base(root)
    return root


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, base: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    outcome = TALLY[case.name] = run_case(case, base, tmp_path)
    # the report carries the verdict to conftest's tally, also from an xdist worker
    request.node.user_properties.append((VERDICT, outcome.verdict))
    wanted = "clear" if case.expect == "error" else "accepted"
    assert outcome.verdict == wanted, outcome.detail


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100, f"the corpus has {len(CASES)} cases; the issue asks for at least 100"


def tally(verdicts: list[str] | None = None) -> str:
    """The corpus line of the summary: ``verdicts`` as the reports brought them (else this process's)."""
    if verdicts is None:
        verdicts = [outcome.verdict for outcome in TALLY.values()]
    counts = Counter(verdicts)
    return "bad-input corpus: " + ", ".join(f"{counts.get(v, 0)} {v}" for v in ORDER) + f" (of {len(verdicts)} run)"
