"""Structural redline: align blocks first, then diff words inside changed blocks.

Aligning whole blocks before looking at words is what keeps a moved or renamed
section readable as a move or a rename instead of word soup. The algorithm is
deliberately plain (difflib's longest-match recursion, a similarity threshold,
exact-match move detection) so that ``site/compare.js`` can reproduce it line by
line for pairs of versions that are not pre-built.

Invariant, tested on every fixture: dropping the ``+`` segments of a redline
gives back the old side's words exactly, dropping the ``-`` segments the new's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from .blocks import Block, Word

__all__ = ["RedBlock", "Segment", "diff_blocks", "side_words"]

Status = Literal[
    "equal", "changed", "inserted", "deleted", "moved-away", "moved-here", "split", "joined", "reformatted"
]
SIMILAR = 0.5
"""Blocks at least this similar (difflib ratio of their words) are one block edited."""
SHORT_EQUAL = 2
"""Equal runs this short between two edits are folded into the edit, so it reads as one."""


@dataclass(frozen=True, slots=True)
class Segment:
    op: Literal["=", "+", "-"]
    words: tuple[Word, ...]


@dataclass(slots=True)
class RedBlock:
    """One block of the redline, with where it stood on each side."""

    status: Status
    old: Block | None
    new: Block | None
    segments: list[Segment] = field(default_factory=list)
    partner: int | None = None
    """For moves: index of the other half of the move in the redline."""

    @property
    def shown(self) -> Block:
        """The block whose form (heading level, list type) the redline shows."""
        block = self.new or self.old
        assert block is not None
        return block

    @property
    def is_change(self) -> bool:
        return self.status != "equal"

    @property
    def changes_text(self) -> bool:
        """Whether words changed (not just form, position or paragraph breaks)."""
        return self.status in {"changed", "inserted", "deleted", "moved-away", "moved-here"}


def word_segments(old: tuple[Word, ...], new: tuple[Word, ...]) -> list[Segment]:
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, [w.id for w in old], [w.id for w in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("=", new[j1:j2]))
            continue
        if i2 > i1:
            segments.append(Segment("-", old[i1:i2]))
        if j2 > j1:
            segments.append(Segment("+", new[j1:j2]))
    return _fold_short_equals(segments)


def _fold_short_equals(segments: list[Segment]) -> list[Segment]:
    """``-a +b =the -c +d`` reads better as ``-a the c +b the d``: one edit, not two."""
    runs: list[tuple[str, tuple[Word, ...], tuple[Word, ...]]] = []
    for seg in segments:
        if seg.op == "=":
            runs.append(("=", seg.words, seg.words))
        else:
            kind, old, new = runs.pop() if runs and runs[-1][0] == "x" else ("x", (), ())
            runs.append(("x", old + seg.words, new) if seg.op == "-" else ("x", old, new + seg.words))
        while (
            len(runs) >= 3
            and runs[-1][0] == "x"
            and runs[-2][0] == "="
            and len(runs[-2][1]) <= SHORT_EQUAL
            and runs[-3][0] == "x"
        ):
            after, equal, before = runs.pop(), runs.pop(), runs.pop()
            runs.append(("x", before[1] + equal[1] + after[1], before[2] + equal[2] + after[2]))
    out: list[Segment] = []
    for kind, old, new in runs:
        if kind == "=":
            out.append(Segment("=", old))
            continue
        if old:
            out.append(Segment("-", old))
        if new:
            out.append(Segment("+", new))
    return out


def _ratio(a: Block, b: Block) -> float:
    if a.category != b.category:
        return 0.0
    return SequenceMatcher(None, a.ids, b.ids, autojunk=False).ratio()


def _pair(old: Block, new: Block) -> RedBlock:
    if old.ids == new.ids:
        return RedBlock("reformatted", old, new, [Segment("=", new.words)])
    return RedBlock("changed", old, new, word_segments(old.words, new.words))


def _splits(olds: list[Block], news: list[Block]) -> dict[int, tuple[str, int, int]]:
    """Old block i == news[j:k] joined (a split), or olds[i:k] == news j (a join)."""
    found: dict[int, tuple[str, int, int]] = {}
    for i, old in enumerate(olds):
        for j in range(len(news)):
            words: tuple[int, ...] = ()
            for k in range(j, len(news)):
                if news[k].category != old.category:
                    break
                words += news[k].ids
                if len(words) > len(old.ids):
                    break
                if k > j and words == old.ids:
                    found[i] = ("split", j, k + 1)
                    break
            if i in found:
                break
    return found


def _region(olds: list[Block], news: list[Block]) -> list[RedBlock]:
    """A stretch that differs: find splits, joins and edited blocks; the rest is in/out."""
    out: list[RedBlock] = []
    pairs: list[tuple[int, int, RedBlock]] = []  # (old index, new index, block(s)) in order
    used_old: set[int] = set()
    used_new: set[int] = set()
    for i, (_, j, k) in _splits(olds, news).items():
        if any(n in used_new for n in range(j, k)):
            continue
        used_old.add(i)
        used_new.update(range(j, k))
        for n in range(j, k):
            pairs.append((i, n, RedBlock("split", olds[i] if n == j else None, news[n], [Segment("=", news[n].words)])))
    for j, new in enumerate(news):
        if j in used_new:
            continue
        for _, i, k in _splits([new], olds).values():
            if any(o in used_old for o in range(i, k)):
                continue
            used_new.add(j)
            used_old.update(range(i, k))
            for o in range(i, k):
                shown = new if o == k - 1 else None
                pairs.append((o, j, RedBlock("joined", olds[o], shown, [Segment("=", olds[o].words)])))
    last_new = -1
    for i, old in enumerate(olds):
        if i in used_old:
            continue
        best, best_j = SIMILAR, -1
        for j in range(last_new + 1, len(news)):
            if j in used_new:
                continue
            ratio = _ratio(old, news[j])
            if ratio >= best and ratio > 0:
                best, best_j = ratio, j
        if best_j >= 0:
            used_old.add(i)
            used_new.add(best_j)
            last_new = best_j
            pairs.append((i, best_j, _pair(old, news[best_j])))
    free_old = [i for i in range(len(olds)) if i not in used_old and olds[i].category == "h"]
    free_new = [j for j in range(len(news)) if j not in used_new and news[j].category == "h"]
    if free_old and len(free_old) == len(free_new):  # renamed sections: headings in the same order
        for oi, nj in zip(free_old, free_new, strict=True):
            if all((a < oi) == (b < nj) for a, b, _ in pairs):
                used_old.add(oi)
                used_new.add(nj)
                pairs.append((oi, nj, _pair(olds[oi], news[nj])))
    pairs.sort(key=lambda p: (p[1], p[0]))
    i = j = 0
    for oi, nj, block in pairs:
        while i < oi:
            if i not in used_old:
                out.append(RedBlock("deleted", olds[i], None, [Segment("-", olds[i].words)]))
            i += 1
        while j < nj:
            if j not in used_new:
                out.append(RedBlock("inserted", None, news[j], [Segment("+", news[j].words)]))
            j += 1
        out.append(block)
        i, j = max(i, oi + 1), max(j, nj + 1)
    for rest in range(i, len(olds)):
        if rest not in used_old:
            out.append(RedBlock("deleted", olds[rest], None, [Segment("-", olds[rest].words)]))
    for rest in range(j, len(news)):
        if rest not in used_new:
            out.append(RedBlock("inserted", None, news[rest], [Segment("+", news[rest].words)]))
    return out


def _moves(blocks: list[RedBlock]) -> None:
    """A block deleted in one place and inserted unchanged in another was moved."""
    inserted: dict[int, list[int]] = {}
    for index, block in enumerate(blocks):
        if block.status == "inserted" and block.new is not None and block.new.words:
            inserted.setdefault(block.new.key_id, []).append(index)
    for index, block in enumerate(blocks):
        if block.status != "deleted" or block.old is None:
            continue
        candidates = inserted.get(block.old.key_id)
        if candidates:
            other = candidates.pop(0)
            block.status, block.partner = "moved-away", other
            blocks[other].status, blocks[other].partner = "moved-here", index


def diff_blocks(old: list[Block], new: list[Block]) -> list[RedBlock]:
    """The redline between two bodies' blocks."""
    out: list[RedBlock] = []
    matcher = SequenceMatcher(None, [b.key_id for b in old], [b.key_id for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                status: Status = "equal" if a.kind == b.kind else "reformatted"
                out.append(RedBlock(status, a, b, [Segment("=", b.words)]))
        else:
            out.extend(_region(old[i1:i2], new[j1:j2]))
    _moves(out)
    return out


def side_words(redline: list[RedBlock], side: Literal["old", "new"]) -> list[Word]:
    """One side's words back from the redline (the invariant the tests check)."""
    drop = "+" if side == "old" else "-"
    words: list[Word] = []
    for block in redline:
        for segment in block.segments:
            if segment.op != drop:
                words.extend(segment.words)
    return words
