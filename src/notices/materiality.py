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

import functools
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from babel import Locale

from .memos import memo

__all__ = [
    "PURPOSE_RULES",
    "Reason",
    "Stated",
    "Sentence",
    "SentenceChange",
    "changed_sentences",
    "block_purposes",
    "document_purposes",
    "document_sentences",
    "has_purpose",
    "is_editorial",
    "place_words",
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


_POINTERS = frozenset("above below earlier later following preceding described mentioned set out forth herein "
                      "section sections part chapter paragraph".split())


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


def _pair(
    gone: list[Sentence], came: list[Sentence], by_likeness: bool = False
) -> list[tuple[Sentence | None, Sentence | None]]:
    """Pair each removed sentence with the most similar added one (a rewrite), the rest alone."""
    if not gone or not came:
        return [(a, None) for a in gone] + [(None, b) for b in came]
    if len(gone) == len(came) and not by_likeness:  # sentences edited in place, the common case
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


# Purpose statements are found on the sentence's words (lower case, punctuation gone), by
# a scan that looks up each word in small tables: one pass per sentence, no backtracking.
_USE_VERBS = frozenset(
    "use uses used using process processes processed processing analyse analyses analysed analysing analyze "
    "analyzes analyzed analyzing analysis scan scans scanned scanning share shares shared sharing disclose "
    "discloses disclosed disclosing sell sells sold selling combine combines combined combining access accesses "
    "accessed accessing monitor monitors monitored monitoring review reviews reviewed reviewing collect collects "
    "collected collecting receive receives received receiving obtain obtains obtained obtaining track tracks "
    "tracked tracking rely relies store stores stored storing keep keeps kept retain retains retained "
    "read reads inspect inspects inspected".split()
)
_APPLY_VERBS = frozenset("use uses used using process processes processed processing analyse analyze "
                         "analyses analyzes analysed analyzed".split())
_GOALS = frozenset(
    "help improve provide personalise personalize deliver detect prevent protect investigate enforce comply "
    "analyse analyze understand measure show send market advertise promote train develop research offer "
    "recommend target contact communicate verify operate maintain support secure fight combat identify calculate "
    "mitigate assist troubleshoot diagnose monitor respond serve display customise customize tailor evaluate test "
    "build create fulfil fulfill bill charge process sync attach upload notify remind authenticate log access "
    "enable allow fix repair resolve debug remember recognise recognize count estimate learn sell match link "
    "combine run power keep save store ensure scan review detect audit report determine confirm stop block filter "
    "reduce avoid".split()
)
_NOT_A_GOAL_BEFORE = frozenset(
    "right rights able want wants wish wishes choose chooses free entitled ask asks asked request requests how "
    "whether where option options way ways need needs required designed intended meant built aim aims mission "
    "strive committed continue going happy".split()
)
"""Words before "to …" that make it a right, a wish or a choice of the reader, not a use of data."""
_LETS = frozenset(
    "allow allows allowed allowing enable enables enabled enabling permit permits let lets require requires "
    "required requiring ask asks asked invite invites encourage encourages expect expects oblige obliges "
    "compel compels".split()
)
_DOERS = frozenset(
    "you users user visitors visitor people customers customer readers anyone everyone someone individuals "
    "members owners".split()
)
_PROCESSING = frozenset("process handle use treat".split())
_GENERIC_DATA = frozenset(
    "data information info details daten données donnees oplysninger datos dati gegevens dados informations "
    "informationen".split()
)
_ANY_DATA = frozenset("some all any certain parts part or of personal such customer customers user users".split())


def _processing_only(tokens: tuple[str, ...], i: int) -> bool:
    """Whether "to …" at ``i`` names processing in general of data in general ("processors to
    process some or all of your personal information"): the means, no purpose; "to process
    your payment" names one."""
    if i + 1 >= len(tokens) or tokens[i + 1] not in _PROCESSING:
        return False
    rest = [t for t in tokens[i + 2 : i + 10] if t not in _FLOW and t not in _PRONOUNS]
    return bool(rest) and all(t in _ANY_DATA or t in _GENERIC_DATA for t in rest[:4]) and any(
        t in _GENERIC_DATA for t in rest[:4])


_DUTIES = frozenset("require requires required oblige obliges compel compels".split())


def _someone_else_does(tokens: tuple[str, ...], i: int) -> bool:
    """Whether the "to …" at ``i`` is what a person is let, asked or required to do ("designed to
    allow anyone … to build a site", "we require individuals who sign up to provide an e-mail
    address"), or what the law obliges ("if the law requires us to comply"): a permission or a
    duty, not a use of data. The look back stops at a verb of use ("we use it to …")."""
    for k in range(i - 1, max(-1, i - 24), -1):
        word = tokens[k]
        if word in ("use", "usage") and k and tokens[k - 1] == "your":
            return True  # "when the GDPR applies to your use of our apps to process customer data"
        if word in _USE_VERBS or word == "we":
            return False
        if word in _LETS and k + 1 < i:
            doer = tokens[k + 1]
            if doer in _DOERS or (doer == "us" and word in _DUTIES):
                return True
    return False
_DATA_WORDS = frozenset(
    "data information info details personal cookie cookies address addresses ip email content account accounts "
    "usage location device devices log logs payment card identifier identifiers profile history activity "
    "messages files photos contacts daten données donnees oplysninger datos dati gegevens dados informations "
    "informationen".split()
)
"""A bare "to <goal>" states a purpose only in a sentence about data or its use."""
_PURPOSE_NOUNS = (
    ("advertis", "advertising"), ("marketing", "marketing"), ("remarketing", "marketing"), ("retarget", "advertising"),
    ("analytic", "analytics"), ("profiling", "profiling"), ("profilbildung", "profiling"), ("fraud", "fraud"),
    ("personalis", "personalisation"), ("personaliz", "personalisation"), ("publicit", "advertising"),
    ("zweck", "purpose"), ("werb", "advertising"), ("finalit", "purpose"), ("finalidad", "purpose"),
    ("formål", "purpose"), ("doeleinde", "purpose"), ("markedsføring", "marketing"), ("tracking", "tracking"),
)
_PURPOSE_WORDS = frozenset(
    "afin traitons utilisons utiliser utilisé utilisée utilisées utilisés "
    "verwenden nutzen verarbeiten anvender anvendes gebruiken".split()
)
_NOT_A_VERB = frozenset("third other others any all each such those them our your their its".split())
_PEOPLE = frozenset("you your users visitors people customers readers them their".split())
_PAIRS = {
    ("machine", "learning"), ("artificial", "intelligence"), ("in", "order"), ("bruger", "vi"), ("behandler", "vi"),
    ("mesure", "d"), ("ten", "behoeve"),
}
_PARA = {"para": frozenset("mejorar ofrecer enviar analizar".split()),
         "per": frozenset("migliorare offrire inviare".split())}
_REFERENCE = frozenset(
    "the these those such same other following above below said which original compatible specified described "
    "listed this that any all".split()
)
"""Words before "purposes" that point to purposes stated elsewhere ("for the purposes described above")."""
_NEGATIONS = frozenset("not dont doesnt never no nor neither cannot wont nicht jamais aldrig nunca".split())
_EXAMPLE = frozenset("such like including includes include eg ie by via through using e namely especially".split())
"""Words that open an example or a means of a purpose, not a new one ("…, by post or by courier")."""
_COORDINATORS = frozenset("or and nor plus also".split())
_CIRCUMSTANCE = frozenset("in on at across within throughout when where if while during".split())
"""Words that open where or when a purpose applies ("… and in HEY"), not what it is."""
_OPENING = frozenset("to help helps helping lets let us so we they can used for in order".split())
_CLAUSE = 12
"""How many words after its opening a purpose clause runs, at most (to the next clause)."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One statement of purpose in a sentence: where it opens, where it ends, what it is about."""

    start: int
    end: int
    key: str
    negated: bool
    """"We do not sell …": a promise; adding one adds no purpose, dropping one does."""


def _open(tokens: tuple[str, ...], i: int, data: bool) -> int:
    """How many words open a purpose clause at ``i`` (0 if none does)."""
    token = tokens[i]
    if i > 1 and tokens[i - 1] == "to" and tokens[i - 2] in _NOT_A_GOAL_BEFORE:
        return 0  # "information you want to share", "the right to access"
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in _PURPOSE_WORDS or (token, following) in _PAIRS:
        return 2 if (token, following) in _PAIRS else 1
    if token in _PARA and following in _PARA[token]:
        return 2
    if token in ("track", "tracks", "tracked") and (following in _DATA_WORDS or following in _PEOPLE):
        return 1  # "track your browsing", not the Do Not Track header
    if _noun(token):
        return 1
    if token in ("purpose", "purposes"):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if following == "of" and after and after not in _REFERENCE:
            return 1
        if before and before not in _FLOW and before not in _REFERENCE and before not in ("for", "to", "no"):
            return 1  # "marketing purposes", "security purposes"
        return 0
    if token == "to" and i and (_someone_else_does(tokens, i) or _processing_only(tokens, i)):
        return 0
    if i > 1 and tokens[i - 1] == "to" and _someone_else_does(tokens, i - 1):
        return 0  # "a website to share with the world": the reader shares
    if token == "to" and following in _GOALS and (data or not i) and (not i or tokens[i - 1] not in _NOT_A_GOAL_BEFORE):
        return 2
    if token == "to" and following and following not in _FLOW and following not in _PRONOUNS and \
            following not in _NOT_A_VERB and not following[0].isdigit() and _used_for(tokens, i):
        return 2  # "npm uses data from the forum to collaborate": whatever the verb, a use of data for a goal
    if token in ("help", "helps", "helping", "lets", "let") and following == "us" and i + 2 < len(tokens) \
            and tokens[i + 2] in _GOALS:
        return 3
    if token == "so" and tokens[i + 1 : i + 3] in (("we", "can"), ("that", "we"), ("they", "can")):
        return 3
    if token == "used" and following in ("for", "to") and i and tokens[i - 1] in (
            "is", "are", "be", "been", "was", "were", "we", "also", "only", "primarily", "mainly", "then"):
        return 2
    if token == "used" and following == "for":
        return 2
    if token in _USE_VERBS and token not in ("use", "uses", "used", "using"):
        window = tokens[i + 1 : i + 8]
        if token.startswith(("shar", "disclos")) and ("with" in window or "to" in window):
            return 1
        if token.startswith(("sell", "sold")) and _DATA_WORDS.intersection(window[:4]):
            return 1
        if token.startswith("scan") and data:
            return 1
    if token in _USE_VERBS:
        window = tokens[i + 1 : i + 8]
        general = token in _APPLY_VERBS  # "use … for business functions", not "keep … for a year"
        for k, word in enumerate(window[:-1]):
            after = window[k + 1]
            if word == "for" and after not in _FLOW and not after[0].isdigit() and (
                    general or after.endswith("ing")):
                return 1
    return 0


def _used_for(tokens: tuple[str, ...], i: int) -> bool:
    """Whether the "to" at ``i`` gives the goal of a verb of use whose object is data: near it
    ("data from the forum is used to …"), or further on when the data it uses is named right
    after the verb and a long object stands between ("we use information you give us, like
    your time zone, …, to set up your account"). "Data processing" is a noun ("a Data
    Processing Addendum … to extend"), no use."""
    for k in range(i - 1, max(-1, i - 30), -1):
        word = tokens[k]
        if word == "to" and i - k > 8:
            return False  # the object of another goal
        if word not in _APPLY_VERBS or (k and tokens[k - 1] in _DATA_WORDS):
            continue
        if i - k <= 8:
            return not _DATA_WORDS.isdisjoint(tokens[max(0, i - 8) : i])
        return not _DATA_WORDS.isdisjoint(tokens[k + 1 : k + 4])
    return False


_NOUNS: dict[str, str] = memo({})


def _noun(token: str) -> str:
    """The purpose a word names by its stem ("advertisers" → advertising), or ""; once per word."""
    hit = _NOUNS.get(token)
    if hit is None:
        hit = _NOUNS[token] = next((key for stem, key in _PURPOSE_NOUNS if token.startswith(stem)), "")
    return hit


def _clause_key(tokens: tuple[str, ...], start: int, end: int) -> str:
    """The clause's content words: a purpose the other text states in the same words is no change."""
    words = [t for t in tokens[start:end] if t not in _FLOW and t not in _REFERENCE]
    while len(words) > 1 and words[0] in _OPENING:
        words.pop(0)  # "to", "help us", "so we can": the goal verb leads the key
    for word in words[:2]:
        if _noun(word):
            return _noun(word)
    return " ".join(words)


_CLAUSES: dict[tuple[tuple[str, ...], frozenset[int]], tuple[Clause, ...]] = memo({})
_TRIGGERS = (
    _PURPOSE_WORDS | _USE_VERBS | {pair[0] for pair in _PAIRS} | set(_PARA)
    | {"purpose", "purposes", "to", "help", "helps", "helping", "lets", "let", "so", "track", "tracks", "tracked"}
)
"""Every word that can open a clause besides the purpose nouns: the scan looks only at these."""


def clauses(tokens: tuple[str, ...], stops: frozenset[int] = frozenset()) -> tuple[Clause, ...]:
    """The purpose clauses of a sentence's words; each runs to the next clause, the next
    comma or bracket after its opening (``stops``), or ``_CLAUSE`` words."""
    hit = _CLAUSES.get((tokens, stops))
    if hit is not None:
        return hit
    data = not _DATA_WORDS.isdisjoint(tokens) or not _USE_VERBS.isdisjoint(tokens)
    opens: list[tuple[int, int]] = []
    after = 0
    goal = examples = False
    for i, token in enumerate(tokens):
        if token in _EXAMPLE or (token == "for" and tokens[i + 1 : i + 2] in (("example",), ("instance",))):
            examples = True  # goals listed as examples of one stated before are that one
        if goal and not examples and i in stops and token in _COORDINATORS and i >= after:
            # "to measure, gauge, and improve …, and better understand …": goals coordinated
            # after a comma share the "to" that opened the first
            verb = next((k for k in (i + 1, i + 2) if k < len(tokens) and tokens[k] in _GOALS), None)
            if verb is not None:
                opens.append((verb, 1))
                after = verb + 1
                continue
        if i < after or not (token in _TRIGGERS or _noun(token)):
            continue
        width = _open(tokens, i, data)
        if width:
            opens.append((i, width))
            after = i + width
            goal = goal or token == "to"
    found = []
    for n, (start, width) in enumerate(opens):
        stop = opens[n + 1][0] if n + 1 < len(opens) else len(tokens)
        # a purpose noun ("marketing", "analytics") is a clause of its own and the word after it
        reach = 2 if width == 1 and _noun(tokens[start]) else _CLAUSE
        stop = min([stop, *(i for i in stops if start + width < i)])
        end = max(start + width, min(stop, start + width + reach))
        negated = not _NEGATIONS.isdisjoint(tokens[max(0, start - 4) : start])
        found.append(Clause(start, end, _clause_key(tokens, start, end) + _passive_object(tokens, start), negated))
    hit = _CLAUSES[(tokens, stops)] = tuple(found)
    return hit


_AUXILIARIES = frozenset("be is are been was were being".split())
_MODALS = frozenset("may might can could would should must also only sometimes".split())
_SUBORDINATE = frozenset("if when where while whenever once after before".split())


def _passive_object(tokens: tuple[str, ...], start: int) -> str:
    """What a passive sharing shares, which stands before its verb ("your name and e-mail
    address may be shared with the site's owner"): part of the statement, so the same sharing
    of other data reads as another purpose. "" for any other clause."""
    word = tokens[start]
    if not (word.startswith(("shar", "disclos")) and start and tokens[start - 1] in _AUXILIARIES):
        return ""
    before = []
    for t in reversed(tokens[max(0, start - 12) : start - 1]):
        if t in _SUBORDINATE:
            break  # "if you pay a site, your name … may be shared": the condition is not the object
        if t not in _FLOW and t not in _MODALS and t not in _PRONOUNS and t not in _REFERENCE:
            before.append(t)
    return "".join(" " + t for t in reversed(before[:8]))


def text_clauses(text: str) -> tuple[Clause, ...]:
    return clauses(tuple(_tokens(text)), _stops(text))


def purpose_phrases(tokens: list[str], changed: set[int] | None = None) -> list[str]:
    """Keys of the purpose clauses in ``tokens`` (only those covering a changed token, if given)."""
    return [c.key for c in clauses(tuple(tokens)) if changed is None or any(c.start <= i < c.end for i in changed)]


def _stated(key: str) -> tuple[str, ...]:
    hit = _PHRASES.get(key)
    if hit is None:
        hit = _PHRASES[key] = tuple(c.key for c in clauses(tuple(key.split())))
    return hit


def document_purposes(sentences: list[Sentence]) -> set[str]:
    """Every purpose a text states anywhere, by key."""
    return {key for sentence in sentences for key in _stated(sentence.key)}


_BLOCK_PURPOSES: dict[str, frozenset[str]] = memo({})


def block_purposes(text: str) -> frozenset[str]:
    """The purposes one block states; blocks recur across versions, so each is read once."""
    hit = _BLOCK_PURPOSES.get(text)
    if hit is None:
        keys = {clause.key for sentence in sentences(text) for clause in text_clauses(sentence)}
        hit = _BLOCK_PURPOSES[text] = frozenset(keys)
    return hit


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
        codes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle.get_opcodes()
                  if i1 != i2 or j1 != j2]
        if tail:
            codes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
        hit = _OPCODES[key] = tuple(codes)
    return hit


_PRONOUNS = frozenset("it you we us them they i me he she him".split())


def _substantive(words: tuple[str, ...]) -> bool:
    return any(w not in _FLOW and w not in _PRONOUNS and w not in ("url", "to") for w in words)


def _alike(key: str, other: str) -> bool:
    """The same goal (first word) with at least half of the two clauses' words in common."""
    mine, theirs = key.split(), other.split()
    if not mine or not theirs or mine[0] != theirs[0]:
        return key == other
    a, b = set(mine), set(theirs)
    return len(a & b) * 2 >= len(a | b)


class Stated:
    """The purposes a whole text states, by key, with the keys indexed by their first word
    once: a new sentence is checked against every purpose of the other text. A version is
    the new text of one pair and the old text of the next, so ``of`` hands out one per text."""

    __slots__ = ("_answers", "_index", "keys")

    def __init__(self, keys: set[str] | frozenset[str]) -> None:
        self.keys = keys
        self._index: dict[str, list[frozenset[str]]] | None = None
        self._answers: dict[str, bool] = {}

    @classmethod
    def of(cls, keys: set[str]) -> Stated:
        frozen = frozenset(keys)
        hit = _KNOWN.get(frozen)
        if hit is None:
            if len(_KNOWN) > 64:  # the texts of a few pairs back are not asked about again
                _KNOWN.clear()
            hit = _KNOWN[frozen] = cls(frozen)
        return hit

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def alike(self, key: str) -> bool:
        """The same words, or the same goal with at least half its words ("to send it when
        you need it" for "to send it to you")."""
        if key in self.keys:
            return True
        hit = self._answers.get(key)
        if hit is None:
            hit = self._answers[key] = self._alike(key)
        return hit

    def _alike(self, key: str) -> bool:
        words = key.split()
        if not words:
            return True
        if self._index is None:
            self._index = {}
            for other in self.keys:
                split = other.split()
                if split:
                    self._index.setdefault(split[0], []).append(frozenset(split))
        mine = frozenset(words)
        size = len(mine)
        return any(size <= 3 * len(theirs) and len(theirs) <= 3 * size and len(mine & theirs) * 2 >= len(mine | theirs)
                   for theirs in self._index.get(words[0], ()))


_KNOWN: dict[frozenset[str], Stated] = memo({})


def purpose_rule(change: SentenceChange, old_purposes: Stated, new_purposes: Stated) -> list[str]:
    """The purposes a substantive sentence change adds, drops or rewrites.

    A sentence added or removed whole counts with every purpose it states that the
    other text does not state alike; a new "we do not sell …" promises, it adds no
    purpose (dropping one does count). A sentence rewritten counts where the change
    falls inside a purpose clause and changes its goal or object ("to calculate sales
    tax" → "… or VAT"): a new example or means ("…, by post or by courier") is none,
    nor a new retention period in a sentence that also gives a reason.
    """
    old, new = tuple(_tokens(change.removed)), tuple(_tokens(change.added))
    old_clauses, new_clauses = text_clauses(change.removed), text_clauses(change.added)
    if old and new and _rewritten(old, new):  # hardly a word kept: judge it as a new sentence
        return [*_whole(old_clauses, new_purposes, False), *_whole(new_clauses, old_purposes, True)]
    if not old or not new:
        return _whole(old_clauses or new_clauses, new_purposes if old else old_purposes, bool(new))
    if not old_clauses and not new_clauses:
        return []
    names = _names(change)
    found: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            continue
        gone, came = old[i1:i2], new[j1:j2]
        if not (_substantive(gone) or _substantive(came)):
            continue
        if tag == "replace" and all(w in names or w in _FLOW for w in gone + came):
            continue  # a product renamed in an example ("WooCommerce Payments" → "WooPayments")
        # a clause that opens inside the changed words is a purpose stated or dropped
        opened = [c.key for c in old_clauses if i1 <= c.start < i2] + [c.key for c in new_clauses if j1 <= c.start < j2]
        if opened:
            found += opened
            continue
        first = (came or gone)[0]
        if first in _EXAMPLE or first in _CIRCUMSTANCE or (
                first == "for" and (came or gone)[1:2] in (("example",), ("instance",))):
            continue  # an example, a means or a circumstance of a purpose already stated
        touched = [(c, new_clauses) for c in old_clauses if _touches(c, i1, i2)]
        touched += [(c, old_clauses) for c in new_clauses if _touches(c, j1, j2)]
        if first not in _COORDINATORS and all(any(_alike(c.key, d.key) for d in other) for c, other in touched):
            # the same goal reworded ("… under the terms" → "… under the applicable terms"); a
            # goal or object added ("… or VAT in the EU") or a new goal verb does count
            continue
        found += [c.key for c, _ in touched]
    return list(dict.fromkeys(found))


def _whole(found: tuple[Clause, ...], other: Stated, added: bool) -> list[str]:
    return [c.key for c in found if not (added and c.negated) and not other.alike(c.key)]


def _rewritten(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in _opcodes(old, new) if tag == "equal")
    return kept * 2 < max(len(old), len(new))


def _touches(clause: Clause, start: int, end: int) -> bool:
    """Whether changed words [start, end) fall inside a clause (an insertion: strictly inside)."""
    if start == end:
        return clause.start < start < clause.end
    return start < clause.end and end > clause.start


_CONTENT = (
    ("legitimate-interests", re.compile(r"\blegitimate interests?\b")),
    ("lawful-basis", re.compile(r"\b(legal|lawful) (basis|bases|grounds?)\b|\bconsent\b")),
    ("transfers", re.compile(
        r"\btransf[eé]r\w*|\bübermittl\w*|\boverfør\w*|\boutside (of )?the (eu|eea|european)|"
        r"\bstandard contractual\b|\badequacy\b|\bprivacy shield\b|\bdata privacy framework\b")),
    ("recipients", re.compile(
        r"\b(shar(e|es|ed|ing)|disclos\w*|partag\w*|weiterge\w*|weitergab\w*|videregiv\w*|compart\w*|"
        r"condivi\w*|destinataires?|empfänger|modtager\w*|third part\w*|thirdparty|(sub)?processors?|"
        r"service providers?|vendors?|partners?|law enforcement|government\w*|authorities)\b")),
    ("retention", re.compile(
        r"\b(conserv\w*|aufbewahr\w*|speicher\w*|opbevar\w*|bewaar\w*|lösch\w*|supprim\w*|slet\w*|"
        r"keep|keeps|kept|retain\w*|delet(e|es|ed|ion)|eras(e|es|ed)|purg\w*|discard\w*)\b|"
        r"\bfor \w+ (days|weeks|months|years)\b")),
    ("rights", re.compile(
        r"\brights?\b|\bdroits?\b|\brechte?\b|\brettighed\w*|\bderechos?\b|\bdiritt\w*|\bopt ?out\b|"
        r"\bunsubscrib\w*|\bobject to\b|\bwithdraw\w*|\bexport\b")),
    ("categories", re.compile(
        r"\b(collect\w*|erheb\w*|indsaml\w*|recopil\w*|raccogli\w*|verzamel\w*|gather\w*|receiv\w*|"
        r"obtain\w*|record\w*|logs?|cookies?|ip address\w*)\b")),
)
"""What a sentence outside any recognised section is about, by its words (a cookie policy's
"Controlling cookies", a product's "Billing information")."""


def content_element(change: SentenceChange) -> str | None:
    """The GDPR element a changed sentence speaks of, when its section's heading names none."""
    text = " ".join(_tokens(change.removed) + _tokens(change.added))
    return next((element for element, pattern in _CONTENT if pattern.search(text)), None)


_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)+\b")
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w&'’.-]*")
_RECIPIENT_WORDS = re.compile(
    r"\b(shar(e|es|ed|ing)|disclos\w*|sell\w*|sold|transfer\w*|host\w*|located|servers?|recipients?|processors?|"
    r"providers?|vendors?|partners?|third part\w*|controller|inc|llc|ltd|gmbh|aps|plc|corp|bv|nv|sarl|sas|oy|ab)\b"
)
_USE_WORDS = re.compile(r"\b(use|uses|used|using|collect\w*|process\w*|stor(e|es|ed)|receiv\w*|obtain\w*)\b")


def _names(change: SentenceChange) -> set[str]:
    """Words written as names in either version: capitalised mid-sentence, or parts of a domain."""
    return {t for text in (change.removed, change.added)
            for found in (_DOMAIN.findall(text) + _CAPITALISED.findall(text)) for t in _tokenize(found)}


def names_only(change: SentenceChange) -> bool:
    """Whether a change only renames products or sites, or adds or drops them from a
    sentence that says nothing about processing ("Our websites (including a.com, b.com)"):
    scope and brand, not what is done with data. Names of recipients, controllers, hosts
    and countries data goes to are never this (a word of sharing, hosting or a company's
    legal form near the names), nor numbers; in a sentence about collecting or using data
    only a one-for-one rename is, or a list of examples of a term that stays ("in some
    states, including A and B, …"; "in some states (A and B)")."""
    old, new = _tokens(change.removed), _tokens(change.added)
    if not old or not new:
        return False
    about_data = _USE_WORDS.search(" ".join(old + new)) is not None
    names = _names(change)
    for tag, i1, i2, j1, j2 in _opcodes(tuple(old), tuple(new)):
        if tag == "equal":
            continue
        near = old[max(0, i1 - _NEAR) : i2 + _NEAR] + new[max(0, j1 - _NEAR) : j2 + _NEAR]
        if _RECIPIENT_WORDS.search(" ".join(near)):
            return False
        changed = old[i1:i2] + new[j1:j2]
        if about_data and tag != "replace" and not _examples(changed, change.removed if i2 > i1 else change.added):
            return False
        for word in changed:
            if any(c.isdigit() for c in word) or (word not in names and word not in _FLOW and word != "url"):
                if not (word in _EXAMPLE and tag != "replace"):
                    return False
    return True


_NEAR = 6
"""How many words either side of renamed names say whether they receive data."""
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def _examples(words: list[str], text: str) -> bool:
    """Whether added or dropped words are a list of examples: opened by "including", "such as",
    "for example", or the whole of a bracket."""
    if words and words[0] in _EXAMPLE:
        return True
    if words[:2] == ["for", "example"] or words[:2] == ["for", "instance"]:
        return True
    return any(_tokenize(inner) == words for inner in _PARENTHESES.findall(text))


_HISTORY_TITLES: dict[str, bool] = memo({})
_HISTORY = re.compile(r"change ?log|revision history|version history|document history|history of (changes|revisions)|"
                      r"previous versions|earlier versions|archived versions|änderungshistorie|versionshistorik", re.I)


def is_history(title: str) -> bool:
    """A section that lists the notice's own past changes: an entry restates a change made
    elsewhere in the text, so it is no change of its own."""
    hit = _HISTORY_TITLES.get(title)
    if hit is None:
        hit = _HISTORY_TITLES[title] = bool(_HISTORY.search(title))
    return hit


def has_purpose(change: SentenceChange) -> bool:
    return bool(text_clauses(change.removed) or text_clauses(change.added))
