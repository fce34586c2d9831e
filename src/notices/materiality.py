"""Which changed sentences matter to a reader, decided by what they say, with the reason.

A redline block can change without its meaning changing: a link target, a full stop,
a typo, "e-mail" for "email", a future tense made present. Such changes are
*editorial* wherever they are, and never make a version material. Whatever is left
is compared sentence by sentence, and each changed sentence that states why data is
used (a use, an analysis, sharing for a reason, tracking, training …) is a *purpose
change*, in any section: privacy teams write purposes under "How we use …", under
product headings, in the cookie section. Any other substantive change under a GDPR
element's heading is material for that element. Numbers, durations and dates are
never editorial.

Every flag carries a ``Reason``: the sentence before and after and the rule that
fired, so legal can confirm it or overrule it (``material: false``) in the pull request.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from .memos import memo

__all__ = [
    "PURPOSE_RULES",
    "Reason",
    "Sentence",
    "SentenceChange",
    "changed_sentences",
    "block_purposes",
    "document_purposes",
    "document_sentences",
    "has_purpose",
    "is_editorial",
    "purpose_rule",
    "sentences",
]


PURPOSE_RULES = frozenset({"purpose-statement", "purposes-section", "declared-purposes"})
"""The rules whose reasons make a purpose change; the others make a version material."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a version is material or changes the purposes: one changed sentence and a rule."""

    element: str
    """The GDPR element the sentence belongs to (``purposes`` for a purpose statement)."""
    rule: str
    """``purpose-statement``, ``purposes-section``, ``declared-purposes``, ``element`` or ``number``."""
    removed: str
    """The sentence as it was ("" when it is new)."""
    added: str
    """The sentence as it is now ("" when it was removed)."""


@dataclass(frozen=True, slots=True)
class SentenceChange:
    removed: str
    added: str
    editorial: bool
    kinds: tuple[str, ...]
    """What made it editorial, or ``number`` / ``words`` for a substantive change."""


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|(?<=:)\s+(?=[A-Z])")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\"]*[^\s<>()\".,;:!?']|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-", "‑": "-", "−": "-", "\u00a0": " "})  # fmt: skip
_TOKEN = re.compile(r"\w+")
_HTML_HEADING = re.compile(r"<h[1-6][^>]*>.*?</h[1-6]>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|&[a-z]+;|&#\d+;")
# Words whose addition or removal changes tense, emphasis or flow, not what is done with data.
_FLOW = frozenset(
    "a an the also now currently then just please still further furthermore additionally as well "
    "will shall be is are was were been being has have had does do did "
    "this that these those which who whom whose there here "
    "of in on at by into onto within from with via per "
    "and or nor but so thus hence therefore however "
    "our your its their my his her".split()
)


# Swaps editors make without changing what is done with data (both directions).
_SAME_PAIRS = [
    ("see", "view"), ("use", "utilize"), ("use", "utilise"), ("help", "assist"), ("make sure", "ensure"),
    ("like", "such as"), ("eg", "for example"), ("ie", "that is"), ("in case", "if"), ("whilst", "while"),
    ("amongst", "among"), ("e mail", "email"), ("website", "site"), ("web site", "website"), ("via", "through"),
    ("prior to", "before"), ("in order to", "to"), ("contact us", "reach us"), ("etc", "and so on"),
]
_SAME = {a: b for a, b in _SAME_PAIRS} | {b: a for a, b in _SAME_PAIRS}


# Consecutive versions share most sentences: each is split, normalised and searched once.
_SENTENCES: dict[str, tuple[str, ...]] = memo({})
_TOKENS: dict[str, tuple[str, ...]] = memo({})
_PHRASES: dict[str, tuple[str, ...]] = memo({})


_ABBREVIATION = re.compile(
    r"\b(?:art|arts|no|nos|nr|para|sec|e\.g|i\.e|etc|inc|ltd|co|corp|mr|mrs|ms|dr|st|cf|vs|approx|incl|"
    r"z\.b|bzw|ca|abs|s|vgl|p\.ex|cf|ex|par)\.(?=\s+[\w(])",
    re.I,
)
"""Abbreviations whose full stop ends no sentence ("Art. 6(1)(a)", "e.g. orders")."""


def sentences(text: str) -> list[str]:
    """Sentences of a block's text; URLs and e-mail addresses do not end one."""
    hit = _SENTENCES.get(text)
    if hit is None:
        protected = _URL.sub(lambda m: m.group(0).replace(".", "\0"), text)
        protected = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\0"), protected)
        parts = _SENTENCE_END.split(protected)
        hit = _SENTENCES[text] = tuple(part.replace("\0", ".").strip() for part in parts if part.strip())
    return list(hit)


def _tokens(text: str) -> list[str]:
    hit = _TOKENS.get(text)
    if hit is None:
        hit = _TOKENS[text] = tuple(_tokenize(text))
    return list(hit)


def _tokenize(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _HTML_HEADING.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub(" url ", text)
    text = re.sub(r"(?<=\w)[-'](?=\w)", "", text)  # e-mail = email, don't = dont
    return [token.lower() for token in _TOKEN.findall(text)]


def _similar(a: str, b: str) -> bool:
    """A spelling correction: one word for a near-identical one (never a number or a name)."""
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < 4:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


def is_editorial(old: str, new: str) -> tuple[bool, tuple[str, ...]]:
    """Whether two versions of a sentence (or block) say the same thing; and what kind of edit it is."""
    if old == new:
        return True, ()
    a, b = _tokens(old), _tokens(new)
    kinds: list[str] = []
    if a == b:
        if _URL.findall(old) != _URL.findall(new):
            return True, ("link",)
        return True, ("case",) if old.lower() == new.lower() else ("punctuation",)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        gone, came = a[i1:i2], b[j1:j2]
        if any(any(c.isdigit() for c in t) for t in gone + came):
            return False, ("number",)
        if tag == "replace" and len(gone) == len(came) and all(map(_similar, gone, came)):
            kinds.append("spelling")
            continue
        if "".join(gone) == "".join(came):
            kinds.append("whitespace")
            continue
        if tag == "replace" and " ".join(gone) in _SAME and _SAME[" ".join(gone)] == " ".join(came):
            kinds.append("wording")
            continue
        rest_gone = [t for t in gone if t not in _FLOW]
        rest_came = [t for t in came if t not in _FLOW]
        if not rest_gone and not rest_came:
            kinds.append("wording")
            continue
        if len(rest_gone) == len(rest_came) and all(map(_similar, rest_gone, rest_came)):
            kinds.append("spelling")
            continue
        return False, ("words",)
    return True, tuple(dict.fromkeys(kinds))


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    element: str
    """The GDPR element of the block it stands in."""
    key: str
    """Its words, normalised: what alignment compares."""


def document_sentences(blocks: list[tuple[str, str]]) -> list[Sentence]:
    """Sentences of (text, element) blocks, headings excluded by the caller."""
    return [Sentence(text, element, " ".join(_tokens(text))) for block, element in blocks for text in sentences(block)]


def changed_sentences(old: list[Sentence], new: list[Sentence]) -> list[tuple[SentenceChange, str, str]]:
    """Substantive and editorial sentence changes of a whole text, with the elements of both sides.

    The whole text is aligned at once, so a paragraph split, joined, re-wrapped,
    converted from HTML or moved elsewhere compares as the same sentences.
    """
    keys_a, keys_b = [s.key for s in old], [s.key for s in new]
    out: list[tuple[SentenceChange, str, str]] = []
    gone_keys: dict[str, int] = {}
    came_keys: dict[str, int] = {}
    runs: list[tuple[list[Sentence], list[Sentence]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        runs.append((old[i1:i2], new[j1:j2]))
        for sentence in old[i1:i2]:
            gone_keys[sentence.key] = gone_keys.get(sentence.key, 0) + 1
        for sentence in new[j1:j2]:
            came_keys[sentence.key] = came_keys.get(sentence.key, 0) + 1
    moved = {key for key in gone_keys if key in came_keys}
    for gone, came in runs:
        gone = [s for s in gone if s.key not in moved and s.key]
        came = [s for s in came if s.key not in moved and s.key]
        if not gone and not came:
            continue
        if gone and came and len(gone) != len(came):  # split or joined: compare the run as one text
            x, y = " ".join(s.text for s in gone), " ".join(s.text for s in came)
            editorial, kinds = is_editorial(x, y)
            if editorial:
                out.append((SentenceChange(x, y, True, kinds), gone[0].element, came[0].element))
                continue
        for a, b in _pair(gone, came):
            x, y = (a.text if a else ""), (b.text if b else "")
            if x and y:
                editorial, kinds = is_editorial(x, y)
            else:
                content = [t for t in _tokens(x or y) if t not in _FLOW and t != "url"]
                editorial, kinds = (True, ("wording",)) if not content else (False, ("words",))
            element_a = a.element if a else (b.element if b else "")
            element_b = b.element if b else element_a
            out.append((SentenceChange(x, y, editorial, kinds), element_a, element_b))
    return out


def _pair(gone: list[Sentence], came: list[Sentence]) -> list[tuple[Sentence | None, Sentence | None]]:
    """Pair each removed sentence with the most similar added one (a rewrite), the rest alone."""
    if len(gone) == len(came):  # sentences edited in place, the common case
        return list(zip(gone, came, strict=True))
    pairs: list[tuple[Sentence | None, Sentence | None]] = []
    free = list(came)
    for a in gone:
        best, score = None, 0.5
        words = a.key.split()
        for b in free[:40]:  # a rewrite sits near where the sentence was; bounds a long run's cost
            matcher = SequenceMatcher(None, words, b.key.split(), autojunk=False)
            if matcher.real_quick_ratio() <= score or matcher.quick_ratio() <= score:
                continue
            ratio = matcher.ratio()
            if ratio > score:
                best, score = b, ratio
        if best is not None:
            free.remove(best)
        pairs.append((a, best))
    pairs += [(None, b) for b in free]
    return pairs


_USE = (
    r"(use|uses|used|using|process|processes|processed|processing|analy[sz]\w*|scan\w*|share|shares|shared|sharing|"
    r"disclose\w*|sell|sells|sold|combine\w*|access|accesses|accessed|accessing|monitor\w*|review\w*|collect\w*|"
    r"receive\w*|obtain\w*|track\w*|rely|relies)"
)
_GOAL = (
    r"(help|improve|provide|personali[sz]e|deliver|detect|prevent|protect|investigate|enforce|comply|analy[sz]e|"
    r"understand|measure|show|send|market|advertise|train|develop|research|offer|recommend|target|contact|"
    r"communicate|verify|operate|maintain|support|secure|fight|combat|identify|calculate|mitigate|assist|"
    r"troubleshoot|diagnose|monitor|respond|serve|display|customi[sz]e|tailor|evaluate|test|build|create|"
    r"fulfil|fulfill|bill|charge|process|sync|attach|upload|notify|remind|authenticate|log|access|enable|allow)"
)
_PURPOSE_EN = (
    r"\bpurposes?\b|\bin order to\b|\bso (that )?(we|they) can\b|\badvertis\w*|\bmarketing\b|\banalytics?\b|"
    r"\btrack(s|ed|ing|er|ers)?\b|\bprofiling\b|\bmachine learning\b|\bartificial intelligence\b|"
    r"\btrain(s|ed|ing)?\b( \w+){0,3} models?\b|\bfraud\b|\bpersonali[sz]\w*|"
    rf"\bto {_GOAL}\b|\b{_USE}\b( \w+){{0,6}} (to {_GOAL}\b|for( the)? \w+ing\b)|\bused (to|for) \w+|"
    r"\bshar(e|es|ed|ing)\b( \w+){0,6} with\b|\bdisclos\w*( \w+){0,6} to\b|\bsell\w*\b"
)
_PURPOSE_OTHER = (
    r"\bafin de\b|\bfinalit[ée]s?\b|\butilis(ons|er|é|ées?)\b|\btraitons\b|\bpublicit\w*|\bmesure d audience\b|"  # fr
    r"\bzweck\w*|\bverwenden\b|\bnutzen\b|\bverarbeiten\b|\bwerb\w*|\banalyse\b|\bprofil\w*|"  # de
    r"\bformål\w*|\bbruger vi\b|\bbehandler vi\b|\banvend\w*|\bmarkedsføring\w*|"  # da / no
    r"\bfinalidad\w*|\bpara (mejorar|ofrecer|enviar|analizar)\b|\bfinalità\b|\bper (migliorare|offrire|inviare)\b|"
    r"\bdoeleinde\w*|\bgebruiken\b|\bten behoeve van\b|\bfinalidade\w*"  # es, it, nl, pt
)
_PURPOSE = re.compile(f"(?:{_PURPOSE_EN})|(?:{_PURPOSE_OTHER})", re.I)
_MAYBE = re.compile(r"\b(to|for|purposes?|order|advertis\w*|marketing|analytics?|track\w*|profil\w*|machine|artificial|"
                    r"train\w*|fraud|personali\w*|afin|finalit\w*|utilis\w*|traitons|publicit\w*|zweck\w*|verwenden|nutzen|"
                    r"verarbeiten|werb\w*|analyse|form\w*|bruger|behandler|anvend\w*|markedsf\w*|finalidad\w*|para|"
                    r"finalit|per|doeleinde\w*|gebruiken|behoeve|finalidade\w*|mesure)\b")


_STEMS = (
    ("advertis", "advertising"), ("marketing", "marketing"), ("analytic", "analytics"), ("track", "tracking"),
    ("profiling", "profiling"), ("machine learning", "machine learning"), ("artificial intelligence", "ai"),
    ("fraud", "fraud"), ("personali", "personalisation"), ("train", "training models"),
)


def _key(phrase: list[str]) -> str:
    """What a purpose phrase is about: its goal verb and object, or its purpose noun."""
    text = " ".join(phrase)
    for stem, key in _STEMS:
        if stem in text:
            return key
    words = [w for w in phrase if w not in _FLOW and w not in {"to", "for", "so", "we", "can", "that", "order", "it",
                                                                  "them", "you", "us", "purpose", "purposes"}]
    goal_at = next((i for i, w in enumerate(phrase[:-1]) if w == "to" and re.fullmatch(_GOAL, phrase[i + 1])), None)
    if goal_at is not None:
        rest = [w for w in phrase[goal_at + 2 :] if w not in _FLOW and w not in {"it", "them", "you", "us"}]
        return " ".join([phrase[goal_at + 1], *rest[:1]])
    return " ".join(words[-2:])


def purpose_phrases(tokens: list[str], changed: set[int] | None = None) -> list[str]:
    """Keys of the purpose phrases in ``tokens`` (only those covering a changed token, if given)."""
    text = " ".join(tokens)
    starts = []
    position = 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    keys = []
    for match in _PURPOSE.finditer(text):
        first = max(0, bisect.bisect_right(starts, match.start()) - 1)
        last = bisect.bisect_left(starts, match.end()) - 1
        if changed is None or any(i in changed for i in range(first, last + 1)):
            # the goal's object follows the phrase: take a few words after it
            keys.append(_key(tokens[first : min(len(tokens), last + 4)]))
    return keys


def _stated(key: str) -> tuple[str, ...]:
    hit = _PHRASES.get(key)
    if hit is None:
        hit = _PHRASES[key] = tuple(purpose_phrases(key.split())) if _MAYBE.search(key) else ()
    return hit


def document_purposes(sentences: list[Sentence]) -> set[str]:
    """Every purpose a text states anywhere, by key."""
    return {key for sentence in sentences for key in _stated(sentence.key)}


_BLOCK_PURPOSES: dict[str, frozenset[str]] = memo({})


def block_purposes(text: str) -> frozenset[str]:
    """The purposes one block states; blocks recur across versions, so each is read once."""
    hit = _BLOCK_PURPOSES.get(text)
    if hit is None:
        keys = {key for sentence in sentences(text) for key in _stated(" ".join(_tokens(sentence)))}
        hit = _BLOCK_PURPOSES[text] = frozenset(keys)
    return hit


def purpose_rule(change: SentenceChange, old_purposes: set[str], new_purposes: set[str]) -> list[str]:
    """The purposes a substantive sentence change adds or drops: those the other text does not state.

    A sentence added or removed whole counts with every purpose it states; a sentence
    rewritten counts only where the purpose phrase itself covers changed words, so a
    new retention period in a sentence that also gives a reason is no purpose change,
    and a new example of a purpose the notice already states is none either.
    """
    old, new = _tokens(change.removed), _tokens(change.added)
    if not old or not new:
        keys = purpose_phrases(old or new)
        other = new_purposes if old else old_purposes
        return [key for key in keys if key not in other]
    changed_old: set[int] = set()
    changed_new: set[int] = set()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            changed_old.update(range(i1, i2))
            changed_new.update(range(j1, j2))
    dropped = [k for k in purpose_phrases(old, changed_old) if k not in new_purposes]
    added = [k for k in purpose_phrases(new, changed_new) if k not in old_purposes]
    return dropped + added


def has_purpose(change: SentenceChange) -> bool:
    return bool(purpose_phrases(_tokens(change.removed)) or purpose_phrases(_tokens(change.added)))
