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

from notices.changes.editorial import is_editorial
from notices.text.blocks import Block, HeadingRef, Word, join_words

__all__ = [
    "QUIET",
    "RedBlock",
    "Segment",
    "diff_blocks",
    "edit_kinds",
    "link_note",
    "link_targets",
    "relinked_runs",
    "side_words",
]

Status = Literal[
    "equal", "changed", "inserted", "deleted", "moved-away", "moved-here", "split", "joined", "reformatted"
]
SIMILAR = 0.5
"""Blocks at least this similar (difflib ratio of their words) are one block edited."""
SHORT_EQUAL = 2
"""Equal runs this short between two edits are folded into the edit, so it reads as one."""
QUIET = frozenset({"punctuation", "case", "spelling", "whitespace", "link", "formatting"})
"""Kinds of editorial edit the redline shows quieter. Not ``wording`` (words a reader should
read: "and" for "or" is one), and nothing ``editorial.is_editorial`` calls substantive."""


@dataclass(frozen=True, slots=True)
class Segment:
    """``=`` kept, ``-`` removed, ``+`` added, ``~`` the same words with other link targets."""

    op: Literal["=", "+", "-", "~"]
    words: tuple[Word, ...]
    """The words shown: the new side's for ``~``."""
    editorial: tuple[str, ...] = ()
    """For an edit: what kind of editorial edit it is (shown quieter); empty when substantive."""
    was: tuple[Word, ...] = ()
    """For ``~``: the old side's words (same texts, other ``a:`` marks)."""


@dataclass(slots=True)
class RedBlock:
    """One block of the redline, with where it stood on each side."""

    status: Status
    old: Block | None
    new: Block | None
    segments: list[Segment] = field(default_factory=list)
    partner: int | None = None
    """For moves: index of the other half of the move in the redline."""
    how: tuple[str, ...] = ()
    """For moves: what else happened on the way (``edited``, ``split``, ``joined``, ``renamed``)."""

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

    @property
    def editorial(self) -> tuple[str, ...]:
        """The kinds of edit, when every edit in this changed block is editorial; else ()."""
        if self.status != "changed":
            return ()
        kinds: dict[str, None] = {}
        for seg in self.segments:
            if seg.op != "=":
                if not seg.editorial:
                    return ()
                kinds.update(dict.fromkeys(seg.editorial))
        return tuple(kinds)


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
    return _editorial(_fold_short_equals(segments))


def _unlinked(marks: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(m for m in marks if not m.startswith("a:"))


def edit_kinds(gone: tuple[Word, ...], came: tuple[Word, ...]) -> tuple[str, ...]:
    """What kind of editorial edit replacing ``gone`` by ``came`` is; () when substantive.

    Same words in other formatting is ``link`` (only link targets differ) or ``formatting``;
    otherwise ``editorial.is_editorial`` judges the texts, and only its QUIET kinds count.
    A spelling correction of a capitalised word is never quiet: "Austria" for "Australia"
    is a country, not a typo.
    """
    if len(gone) == len(came) and all(g.text == c.text for g, c in zip(gone, came, strict=True)):
        same = all(_unlinked(g.marks) == _unlinked(c.marks) for g, c in zip(gone, came, strict=True))
        return ("link",) if same else ("formatting",)
    ok, kinds = is_editorial(join_words(gone), join_words(came))
    if not ok or not kinds or not QUIET.issuperset(kinds):
        return ()
    if "spelling" in kinds and any(w.text[:1].isupper() for w in (*gone, *came)):
        return ()
    return kinds


def relinked_runs(seg: Segment) -> list[tuple[tuple[Word, ...], tuple[Word, ...]]]:
    """A ``~`` segment as runs of (new words, old words) with one formatting each side."""
    runs: list[tuple[tuple[Word, ...], tuple[Word, ...]]] = []
    start = 0
    for end in range(1, len(seg.words) + 1):
        if end == len(seg.words) or (seg.words[end].marks, seg.was[end].marks) != (
            seg.words[start].marks,
            seg.was[start].marks,
        ):
            runs.append((seg.words[start:end], seg.was[start:end]))
            start = end
    return runs


def link_targets(words: tuple[Word, ...]) -> list[str]:
    return list(dict.fromkeys(m[2:] for w in words for m in w.marks if m.startswith("a:")))


def link_note(old: list[str], new: list[str]) -> str:
    """What happened to a run's link, as the redline says it next to the link."""
    if old and new:
        return "link changed, was " + " and ".join(old)
    return "link added" if new else "link removed, was " + " and ".join(old)


def _editorial(segments: list[Segment]) -> list[Segment]:
    """Mark editorial edits; an edit of link targets only becomes one ``~`` segment."""
    out: list[Segment] = []
    index = 0
    while index < len(segments):
        seg = segments[index]
        if seg.op == "=":
            out.append(seg)
            index += 1
            continue
        gone: tuple[Word, ...] = ()
        came = seg.words
        if seg.op == "-":  # folded edits come as "-" then "+"
            gone, came = seg.words, ()
            if index + 1 < len(segments) and segments[index + 1].op == "+":
                came = segments[index + 1].words
                index += 1
        index += 1
        kinds = edit_kinds(gone, came)
        if kinds == ("link",) and gone:
            out.append(Segment("~", came, kinds, gone))
            continue
        if gone:
            out.append(Segment("-", gone, kinds))
        if came:
            out.append(Segment("+", came, kinds))
    return out


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


Ratios = dict[tuple[int, int], float]
"""Similarity of (old, new) blocks by key id, computed once per redline: the search for
moves looks again at the pairs a region already compared."""


def _ratio(a: Block, b: Block, ratios: Ratios) -> float:
    if a.category != b.category:
        return 0.0
    key = (a.key_id, b.key_id)
    hit = ratios.get(key)
    if hit is None:
        hit = ratios[key] = SequenceMatcher(None, a.ids, b.ids, autojunk=False).ratio()
    return hit


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


def _region(olds: list[Block], news: list[Block], ratios: Ratios) -> list[RedBlock]:
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
            ratio = _ratio(old, news[j], ratios)
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


def _move(blocks: list[RedBlock], away: int, here: int, how: str = "") -> None:
    """Mark a pair of deleted and inserted blocks as the two halves of one move."""
    for index, status, other in ((away, "moved-away", here), (here, "moved-here", away)):
        block = blocks[index]
        if block.status not in {"moved-away", "moved-here"}:  # split/joined parts keep their first partner
            block.status, block.partner = status, other  # type: ignore[assignment]
        if how and how not in block.how:
            block.how = (*block.how, how)


def _runs(blocks: list[RedBlock], status: str) -> list[list[int]]:
    """Indices of consecutive blocks with ``status`` (and words), in runs of one category."""
    runs: list[list[int]] = []
    for index, block in enumerate(blocks):
        shown = block.new if status == "inserted" else block.old
        if block.status != status or shown is None or not shown.words:
            continue
        last = runs[-1][-1] if runs else -2
        if last == index - 1 and blocks[last].shown.category == shown.category:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _side(block: RedBlock, status: str) -> Block:
    side = block.old if status == "deleted" else block.new
    assert side is not None
    return side


def _regrouped(blocks: list[RedBlock], one: str, many: str) -> None:
    """A ``one`` block (deleted/inserted) whose words are a run of ``many`` blocks elsewhere."""
    for run in _runs(blocks, many):
        for start in range(len(run) - 1):
            if blocks[run[start]].status != many:
                continue
            head = _side(blocks[run[start]], many).ids[0]
            for index, block in enumerate(blocks):
                if block.status != one or not _side(block, one).ids or _side(block, one).ids[0] != head:
                    continue
                target = _side(block, one)
                words: tuple[int, ...] = ()
                for end in range(start, len(run)):
                    part = _side(blocks[run[end]], many)
                    if part.category != target.category or blocks[run[end]].status != many:
                        break
                    words += part.ids
                    if len(words) >= len(target.ids):
                        break
                if end > start and words == target.ids:
                    how = "split" if one == "deleted" else "joined"
                    for part_index in run[start : end + 1]:
                        pair = (index, part_index) if one == "deleted" else (part_index, index)
                        _move(blocks, *pair, how)
                    break


KEPT_RUN = 4
"""A block moved and edited on the way keeps at least one run of this many words."""


def _runs_of_words(block: Block) -> set[tuple[int, ...]]:
    return {block.ids[k : k + KEPT_RUN] for k in range(len(block.ids) - KEPT_RUN + 1)}


def _edited_moves(blocks: list[RedBlock], ratios: Ratios) -> None:
    """A block deleted in one place and inserted, edited, in another (most similar first).

    Only pairs that share a run of KEPT_RUN words are compared: two paragraphs of one
    notice share most of their words anyway, and comparing each pair costs a diff.
    """
    gone = [i for i, b in enumerate(blocks) if b.status == "deleted" and b.old is not None and b.old.words]
    came = [j for j, b in enumerate(blocks) if b.status == "inserted" and b.new is not None and b.new.words]
    if not gone or not came:
        return
    kept: dict[int, set[tuple[int, ...]]] = {}
    for i in gone:
        old = blocks[i].old
        assert old is not None
        if old.category != "h":
            kept[i] = _runs_of_words(old)
    if not any(kept.values()):
        return
    candidates: list[tuple[float, int, int]] = []
    matcher: SequenceMatcher[int] = SequenceMatcher(None, (), (), autojunk=False)
    for j in came:
        new = blocks[j].new
        assert new is not None
        if new.category == "h":
            continue
        runs = _runs_of_words(new)
        if not runs:
            continue
        seq2 = False
        for i in gone:
            old = blocks[i].old
            assert old is not None
            if new.category != old.category or runs.isdisjoint(kept[i]):
                continue
            ratio = ratios.get((old.key_id, new.key_id))
            if ratio is None:
                if not seq2:
                    matcher.set_seq2(new.ids)  # the costly half, once per inserted block
                    seq2 = True
                matcher.set_seq1(old.ids)
                if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                    continue
                ratio = ratios[(old.key_id, new.key_id)] = matcher.ratio()
            if ratio >= SIMILAR:
                candidates.append((-ratio, i, j))
    for _, i, j in sorted(candidates):
        if blocks[i].status == "deleted" and blocks[j].status == "inserted":
            _move(blocks, i, j, "edited")


def _renamed_moves(blocks: list[RedBlock]) -> None:
    """A heading deleted and another inserted, where the first's text moved under the second."""
    Path = tuple[HeadingRef, ...]
    moved: dict[tuple[Path, Path], int] = {}
    for block in blocks:
        if block.status == "moved-away" and block.partner is not None and block.old is not None:
            other = blocks[block.partner].new
            if other is not None:
                for a in range(1, len(block.old.headings) + 1):
                    for b in range(1, len(other.headings) + 1):
                        key = (block.old.headings[:a], other.headings[:b])
                        moved[key] = moved.get(key, 0) + 1
    if not moved:
        return
    gone = [i for i, b in enumerate(blocks) if b.status == "deleted" and b.old is not None and b.old.category == "h"]
    came = [j for j, b in enumerate(blocks) if b.status == "inserted" and b.new is not None and b.new.category == "h"]
    for i in gone:
        old = blocks[i].old
        assert old is not None
        best, best_j = 0, -1
        for j in came:
            new = blocks[j].new
            assert new is not None
            count = moved.get((old.headings, new.headings), 0)
            if count > best and blocks[j].status == "inserted":
                best, best_j = count, j
        if best_j >= 0:
            _move(blocks, i, best_j, "renamed")


def _far_moves(blocks: list[RedBlock], ratios: Ratios) -> None:
    """Moves that changed on the way: split, joined, edited, and the sections' headings renamed."""
    if not any(b.status == "deleted" for b in blocks) or not any(b.status == "inserted" for b in blocks):
        return
    _regrouped(blocks, "deleted", "inserted")
    _regrouped(blocks, "inserted", "deleted")
    _edited_moves(blocks, ratios)
    _renamed_moves(blocks)


def _form(a: Block, b: Block) -> Status:
    """Same words: equal, or reformatted when the heading level or the list's type changed."""
    return "equal" if a.kind == b.kind and a.container == b.container else "reformatted"


def diff_blocks(old: list[Block], new: list[Block]) -> list[RedBlock]:
    """The redline between two bodies' blocks."""
    out: list[RedBlock] = []
    ratios: Ratios = {}
    matcher = SequenceMatcher(None, [b.key_id for b in old], [b.key_id for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                out.append(RedBlock(_form(a, b), a, b, [Segment("=", b.words)]))
        else:
            out.extend(_region(old[i1:i2], new[j1:j2], ratios))
    _moves(out)
    _far_moves(out, ratios)
    return out


def side_words(redline: list[RedBlock], side: Literal["old", "new"]) -> list[Word]:
    """One side's words back from the redline (the invariant the tests check)."""
    drop = "+" if side == "old" else "-"
    words: list[Word] = []
    for block in redline:
        for segment in block.segments:
            if segment.op == "~" and side == "old":
                words.extend(segment.was)
            elif segment.op != drop:
                words.extend(segment.words)
    return words
