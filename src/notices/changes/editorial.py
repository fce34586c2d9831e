"""Whether two versions of a sentence say the same thing: the editorial rules, and the words they read.

A redline block can change without its meaning changing: a link target, a full stop,
a typo, "e-mail" for "email", a future tense made present, a cross-reference reworded.
Such changes are *editorial* wherever they are, and never make a version material.
Numbers, durations, dates, negations and country names are never editorial. Texts are
split into sentences and words here, once each (memoised), for these rules and for the
purpose scanner (``purposes``); whole texts are aligned sentence by sentence
(``changed_sentences``), so a paragraph split, re-wrapped or moved compares as itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from babel import Locale

from notices.reuse.memos import memo

__all__ = [
    "Sentence",
    "SentenceChange",
    "changed_sentences",
    "document_sentences",
    "is_editorial",
    "place_words",
    "sentences",
]


@dataclass(frozen=True, slots=True)
class SentenceChange:
    removed: str
    added: str
    editorial: bool
    kinds: tuple[str, ...]
    """What made it editorial, or ``number`` / ``words`` for a substantive change."""


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|(?<=:)\s+(?=[A-Z])")


_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>()\"]*[^\s<>()\".,;:!?']|(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I
)
"""A link or an e-mail address, ``mailto:`` included (a scheme written out is the same address)."""


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "–": " - ", "—": " - ", "‑": "-", "−": "-", "\u00a0": " "})  # fmt: skip
"""Quote and dash styles made one; an en or em dash parts words ("anyone–from" is "anyone -- from"),
only a hyphen joins them ("e-mail" is "email")."""


_TOKEN = re.compile(r"\w+")


_HTML_HEADING = re.compile(r"<h[1-6][^>]*>.*?</h[1-6]>", re.I | re.S)


_TAG = re.compile(r"</?[A-Za-z][^<>]*>|&[a-z]+;|&#\d+;")


# Words whose addition or removal changes tense, emphasis or flow, not what is done with data.
_FLOW = frozenset(
    "a an any the also now currently then just please still further furthermore additionally as well "
    "will shall be is are was were been being has have had does do did "
    "this that these those which who whom whose there here "
    "of in on at by into onto within from with via per "
    "and or nor but so thus hence therefore however "
    "our your its their my his her".split()
)


# Swaps editors make without changing what is done with data (both directions).
_SAME_PAIRS = [
    ("see", "view"),
    ("use", "utilize"),
    ("use", "utilise"),
    ("help", "assist"),
    ("make sure", "ensure"),
    ("like", "such as"),
    ("eg", "for example"),
    ("ie", "that is"),
    ("in case", "if"),
    ("whilst", "while"),
    ("amongst", "among"),
    ("e mail", "email"),
    ("website", "site"),
    ("web site", "website"),
    ("via", "through"),
    ("prior to", "before"),
    ("in order to", "to"),
    ("contact us", "reach us"),
    ("etc", "and so on"),
]


_SAME = {a: b for a, b in _SAME_PAIRS} | {b: a for a, b in _SAME_PAIRS}


# Consecutive versions share most sentences: each is split, normalised and searched once.
_SENTENCES: dict[str, tuple[str, ...]] = memo({})


_TOKENS: dict[str, tuple[str, ...]] = memo({})


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
        cells = text.split(" | ")
        if len(cells) > 1 and cells[0].strip():
            # a table row: each cell's sentences, after the row's first cell ("_ga | 2 years"),
            # so a sentence ended inside a cell leaves the next cell in its own row
            head = cells[0].strip()
            hit = tuple(f"{head} | {part}" for cell in cells[1:] for part in _split(cell)) or (head,)
        else:
            hit = _split(text)
        _SENTENCES[text] = hit
    return list(hit)


def _split(text: str) -> tuple[str, ...]:
    protected = _URL.sub(lambda m: m.group(0).replace(".", "\0"), text)
    protected = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\0"), protected)
    parts = _SENTENCE_END.split(protected)
    return tuple(part.replace("\0", ".").strip() for part in parts if part.strip())


def _tokens(text: str) -> list[str]:
    hit = _TOKENS.get(text)
    if hit is None:
        _read(text)
        hit = _TOKENS[text]
    return list(hit)


def _read(text: str) -> None:
    """A text's words and where commas and brackets part them, in one pass (both memoised)."""
    words: list[str] = []
    found: set[int] = set()
    for match in _WORD_OR_STOP.finditer(_normalized(text)):
        if match.group(1) is not None:
            words.append(match.group(1).lower())
        elif words:
            found.add(len(words))
    _TOKENS[text] = tuple(words)
    _STOPS[text] = frozenset(found)


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _HTML_HEADING.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub(" url ", text)
    return re.sub(r"(?<=\w)[-'](?=\w)", "", text)  # e-mail = email, don't = dont


def _tokenize(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(_normalized(text))]


_WORD_OR_STOP = re.compile(r"(\w+)|[,;:()\[\]|]|(?<=\s)-+(?=\s)")


_STOPS: dict[str, frozenset[int]] = memo({})


def _stops(text: str) -> frozenset[int]:
    """Where a comma, a bracket, a colon or a dash parts a sentence's words (the index of the
    word after it): a purpose clause ends there ("… to send it when you need it, but …")."""
    hit = _STOPS.get(text)
    if hit is None:
        _read(text)
        hit = _STOPS[text]
    return hit


_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty sixty ninety hundred thousand "
    "un une deux trois quatre cinq six sept huit neuf dix douze vingt trente cent mille "
    "ein eine zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig dreißig hundert tausend "
    "en et to tre fire fem seks syv otte ni ti tolv tyve tredive hundrede tusind sju åtta tio "
    "uno dos tres cuatro cinco seis siete ocho nueve diez doce veinte treinta cien "
    "due quattro sei sette otto nove dieci dodici venti trenta "
    "een twee drie vijf zes zeven negen tien twaalf twintig dertig honderd "
    "dois três quatro sete oito dez doze vinte trinta".split()
)
"""Numbers written out ("sept ans" → "deux ans"): never editorial, like digits."""


_FUNCTION_NUMBERS = frozenset("to en et un une ein eine ni due fire sei tre cent".split())
"""Number words that are also common words of another language ("pay fees to a site", "en France",
"sales tax due"): a number only where a number stood or stands on the other side."""


def _numeric(gone: list[str], came: list[str]) -> bool:
    """Whether changed words change a number: a digit, or a number word where the other side
    has a number too (an ambiguous word such as "to" or "un" counts only then)."""

    def number(t: str) -> bool:
        return any(c.isdigit() for c in t) or t in _NUMBER_WORDS

    if not any(number(t) for t in gone + came):
        return False
    if any(number(t) and t not in _FUNCTION_NUMBERS for t in gone + came):
        return True
    return any(map(number, gone)) and any(map(number, came))


_NEGATION_WORDS = frozenset("not no nor never none now cannot non nicht kein keine ne pas ikke aldrig".split())


_CONJUNCTIONS = frozenset("and or nor but".split())


@functools.cache
def _places() -> frozenset[str]:
    """Words of country and region names in the EU's languages (Babel): never a spelling fix."""
    words: set[str] = set()
    for locale in ("en", "de", "fr", "da", "es", "it", "nl", "pt", "sv", "pl"):
        for name in Locale.parse(locale).territories.values():
            words.update(t for t in _tokenize(name) if len(t) >= 4)
    return frozenset(words)


def place_words() -> frozenset[str]:
    """The words of country and region names that no spelling fix touches (for notices.js)."""
    return _places()


def _similar(a: str, b: str) -> bool:
    """A spelling correction: one word for a near-identical one ("rectificaton", "hot" → "how",
    "log" → "logs"); never a number, nor a word that turns a sentence negative ("now" → "not")."""
    if not (a.isalpha() and b.isalpha()) or a in _NEGATION_WORDS or b in _NEGATION_WORDS:
        return False
    if a in _NUMBER_WORDS or b in _NUMBER_WORDS or a in _places() or b in _places():
        return False  # "Austria" → "Australia" moves data to another country
    if min(len(a), len(b)) < 4:
        return min(len(a), len(b)) >= 3 and _one_edit(a, b)
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


_DIGITS = re.compile(r"\d+")


def _name_number(a: str, b: str) -> bool:
    """A number dropped from or added to a name it is written into ("COVID-19-Zertifikat" →
    "COVID-Zertifikat", "Plan2" → "Plan"): the word starts with letters, the other side has
    no digit, and the rest is the same. A number changed ("Plan2" → "Plan3") or standing on
    its own ("30 days") is never this."""
    if a == b:
        return True
    if not (a[:1].isalpha() and b[:1].isalpha()):
        return False
    digits_a, digits_b = any(c.isdigit() for c in a), any(c.isdigit() for c in b)
    return digits_a != digits_b and _DIGITS.sub("", a) == _DIGITS.sub("", b)


def _one_edit(a: str, b: str) -> bool:
    """One letter replaced, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


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
    for tag, i1, i2, j1, j2 in _opcodes(tuple(a), tuple(b)):
        if tag == "equal":
            continue
        gone, came = a[i1:i2], b[j1:j2]
        if tag == "replace" and len(gone) == len(came) and all(map(_name_number, gone, came)):
            kinds.append("names")
            continue
        if _numeric(gone, came):
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
        if tag == "replace" and _CONJUNCTIONS.intersection(gone) != _CONJUNCTIONS.intersection(came):
            return False, ("words",)  # "sell and share" → "sell or share" says something else
        rest_gone = [t for t in gone if t not in _FLOW]
        rest_came = [t for t in came if t not in _FLOW]
        if not rest_gone and not rest_came:
            kinds.append("wording")
            continue
        if len(rest_gone) == len(rest_came) and all(map(_similar, rest_gone, rest_came)):
            kinds.append("spelling")
            continue
        if tag == "replace" and _cross_reference(rest_gone, old) and _cross_reference(rest_came, new):
            kinds.append("wording")  # "described below" → "described in the Cookies section"
            continue
        return False, ("words",)
    return True, tuple(dict.fromkeys(kinds))


_POINTERS = frozenset(
    "above below earlier later following preceding described mentioned set out forth herein "
    "section sections part chapter paragraph".split()
)


def _cross_reference(words: list[str], text: str) -> bool:
    """Whether words only point to another part of the notice ("above", "these described",
    "in the Website Visits section"): a pointer reworded says the same."""
    if not words or _POINTERS.isdisjoint(words):
        return False
    titles = {t for found in _CAPITALISED.findall(text) for t in _tokenize(found)}
    return all(w in _POINTERS or w in _REFERENCE or w in titles for w in words)


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
    alone_gone: list[Sentence] = []
    alone_came: list[Sentence] = []
    for gone, came in runs:
        gone = [s for s in gone if s.key not in moved and s.key]
        came = [s for s in came if s.key not in moved and s.key]
        if not gone or not came:
            alone_gone += gone
            alone_came += came
            continue
        if gone and came and len(gone) != len(came):  # split or joined: compare the run as one text
            x, y = " ".join(s.text for s in gone), " ".join(s.text for s in came)
            editorial, kinds = is_editorial(x, y)
            if editorial:
                out.append((SentenceChange(x, y, True, kinds), gone[0].element, came[0].element))
                continue
        out += [_compared(a, b) for a, b in _pair(gone, came)]
    # a sentence moved and edited at once: removed in one place, added in another
    out += [_compared(a, b) for a, b in _pair(alone_gone, alone_came, by_likeness=True)]
    return out


def _compared(a: Sentence | None, b: Sentence | None) -> tuple[SentenceChange, str, str]:
    x, y = (a.text if a else ""), (b.text if b else "")
    if x and y:
        editorial, kinds = is_editorial(x, y)
    else:
        content = [t for t in _tokens(x or y) if t not in _FLOW and t != "url"]
        editorial, kinds = (True, ("wording",)) if not content else (False, ("words",))
    element_a = a.element if a else (b.element if b else "")
    element_b = b.element if b else element_a
    return SentenceChange(x, y, editorial, kinds), element_a, element_b


def _near(a: str, b: str) -> bool:
    """Whether two sentences at the same place share enough words to be one sentence edited: a
    list whose items were all replaced pairs each new item with the most similar old one instead."""
    matcher = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    return matcher.real_quick_ratio() > 0.3 and matcher.quick_ratio() > 0.3 and matcher.ratio() > 0.3


def _pair(
    gone: list[Sentence], came: list[Sentence], by_likeness: bool = False
) -> list[tuple[Sentence | None, Sentence | None]]:
    """Pair each removed sentence with the most similar added one (a rewrite), the rest alone."""
    if not gone or not came:
        return [(a, None) for a in gone] + [(None, b) for b in came]
    if len(gone) == len(came) and not by_likeness and all(_near(a.key, b.key) for a, b in zip(gone, came, strict=True)):
        return list(zip(gone, came, strict=True))  # sentences edited in place, the common case
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


_REFERENCE = frozenset(
    "the these those such same other following above below said which original compatible specified described "
    "listed this that any all".split()
)
"""Words before "purposes" that point to purposes stated elsewhere ("for the purposes described above")."""


_OPCODES: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[str, int, int, int, int], ...]] = memo({})


def _opcodes(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[tuple[str, int, int, int, int], ...]:
    """Word opcodes of two sentences; editorial checks and purpose rules read the same ones.

    An edit usually leaves the start and end of a sentence alone: only the middle is
    handed to SequenceMatcher, whose cost grows with the product of the lengths."""
    key = (a, b)
    hit = _OPCODES.get(key)
    if hit is None:
        head = 0
        while head < len(a) and head < len(b) and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        middle = SequenceMatcher(None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False)
        codes: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
        codes += [
            (tag, i1 + head, i2 + head, j1 + head, j2 + head)
            for tag, i1, i2, j1, j2 in middle.get_opcodes()
            if i1 != i2 or j1 != j2
        ]
        if tail:
            codes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
        hit = _OPCODES[key] = tuple(codes)
    return hit


_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)+\b")


_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w&'’.-]*")


def _names(change: SentenceChange) -> set[str]:
    """Words written as names in either version: capitalised mid-sentence, or parts of a domain."""
    return {
        t
        for text in (change.removed, change.added)
        for found in (_DOMAIN.findall(text) + _CAPITALISED.findall(text))
        for t in _tokenize(found)
    }
