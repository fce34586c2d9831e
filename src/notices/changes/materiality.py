"""Which changed sentences matter to a reader, decided by what they say, with the reason.

The editorial rules live in ``editorial``, the purpose-clause scanner in ``purposes``; this
module holds what a change is flagged for and names the rules the rest of the project uses.

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

import re
from dataclasses import dataclass

from notices.changes.editorial import (
    _FLOW,
    _NEGATION_WORDS,
    _NUMBER_WORDS,
    Sentence,
    SentenceChange,
    _names,
    _opcodes,
    _tokenize,
    _tokens,
    changed_sentences,
    document_sentences,
    is_editorial,
    place_words,
    sentences,
)
from notices.changes.editorial import (
    _places as _PLACE_WORDS,
)
from notices.changes.purposes import (
    _EXAMPLE,
    Stated,
    block_purposes,
    document_purposes,
    purpose_rule,
    text_clauses,
)
from notices.reuse.memos import memo

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
    "lead_in",
    "restated",
    "sentence_index",
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


_CONTENT = (
    ("legitimate-interests", re.compile(r"\blegitimate interests?\b")),
    (
        "lawful-basis",
        re.compile(
            r"\b(legal|lawful) (basis|bases|grounds?)\b|\bconsent\w*|\beinwillig\w*|\beinverständnis\w*|\bsamtykke\w*|"
            r"\btoestemming\w*|\bconsenso\b|\bconsentimiento\b|\b\w*grundlagen?\b|\bbases? (légales?|juridiques?|"
            r"jurídicas?|legal(es)?|giuridic[ao])\b|\b(gdpr|dsgvo|rgpd|bdsg|avg)\b"
        ),
    ),
    (
        "transfers",
        re.compile(
            r"\btransf[eé]r\w*|\bübermittl\w*|\boverfør\w*|\boutside (of )?the (eu|eea|european)|"
            r"\bstandard contractual\b|\badequacy\b|\bprivacy shield\b|\bdata privacy framework\b"
        ),
    ),
    (
        "recipients",
        re.compile(
            r"\b(shar(e|es|ed|ing)|disclos\w*|partag\w*|weiterge\w*|weitergab\w*|videregiv\w*|compart\w*|"
            r"auftragsverarbeit\w*|soustraitan\w*|encargad\w*|databehandler\w*|verwerker\w*|"
            r"inc|llc|ltd|plc|gmbh|ag|kg|bv|aps|oy|sarl|srl|"
            r"condivi\w*|destinataires?|empfänger|modtager\w*|third part\w*|thirdparty|(sub)?processors?|"
            r"service providers?|vendors?|partners?|law enforcement|government\w*|authorities)\b"
        ),
    ),
    (
        "retention",
        re.compile(
            r"\b(conserv\w*|aufbewahr\w*|(ge)?speicher\w*|hinterleg\w*|opbevar\w*|bewaar\w*|(ge)?lösch\w*|supprim\w*|"
            r"slet\w*|"
            r"keep|keeps|kept|retain\w*|delet(e|es|ed|ion)|eras(e|es|ed)|purg\w*|discard\w*)\b|"
            r"\bfor \w+ (days|weeks|months|years)\b"
        ),
    ),
    (
        "rights",
        re.compile(
            r"\brights?\b|\bdroits?\b|\brechte?\b|\brettighed\w*|\bderechos?\b|\bdiritt\w*|\bopt ?out\b|"
            r"\bunsubscrib\w*|\bobject to\b|\bwithdraw\w*|\bexport\b"
        ),
    ),
    (
        "categories",
        re.compile(
            r"\b(collect\w*|erheb\w*|erhob\w*|erfass\w*|indsaml\w*|recopil\w*|raccogli\w*|verzamel\w*|gather\w*|receiv\w*|"
            r"obtain\w*|record\w*|logs?|cookies?|ip address\w*)\b"
        ),
    ),
)
"""What a sentence outside any recognised section is about, by its words (a cookie policy's
"Controlling cookies", a product's "Billing information")."""


def content_element(change: SentenceChange) -> str | None:
    """The GDPR element a changed sentence speaks of, when its section's heading names none."""
    text = " ".join(_tokens(change.removed) + _tokens(change.added))
    return next((element for element, pattern in _CONTENT if pattern.search(text)), None)


_RECIPIENT_WORDS = re.compile(
    r"\b(shar(e|es|ed|ing)|disclos\w*|sell\w*|sold|transfer\w*|host\w*|located|servers?|recipients?|processors?|"
    r"providers?|vendors?|partners?|third part\w*|controller|inc|llc|ltd|gmbh|aps|plc|corp|bv|nv|sarl|sas|oy|ab|"
    r"regulators?|authorit\w*|ombuds\w*|commission\w*|supervis\w*|officers?|dpo)\b"
)


_USE_WORDS = re.compile(r"\b(use|uses|used|using|collect\w*|process\w*|stor(e|es|ed)|receiv\w*|obtain\w*)\b")


def names_only(change: SentenceChange) -> bool:
    """Whether a change only renames products or sites, or adds or drops them from a
    sentence that says nothing about processing ("Our websites (including a.com, b.com)"):
    scope and brand, not what is done with data. Names of recipients, controllers, hosts,
    countries data goes to and of the authority or officer a reader turns to are never this
    (a word of sharing, hosting or a company's legal form near the names), nor numbers; in a
    sentence about collecting or using data only a one-for-one rename is, or a list of
    examples of a term that stays ("in some states, including A and B, …"; "in some states
    (A and B)")."""
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


_HISTORY = re.compile(
    r"change ?log|revision history|version history|document history|history of (changes|revisions)|"
    r"previous versions|earlier versions|archived versions|änderungshistorie|versionshistorik",
    re.I,
)


def is_history(title: str) -> bool:
    """A section that lists the notice's own past changes: an entry restates a change made
    elsewhere in the text, so it is no change of its own."""
    hit = _HISTORY_TITLES.get(title)
    if hit is None:
        hit = _HISTORY_TITLES[title] = bool(_HISTORY.search(title))
    return hit


def has_purpose(change: SentenceChange) -> bool:
    return bool(text_clauses(change.removed) or text_clauses(change.added))


_INFLECTED = frozenset(
    "der die das den dem des ein eine einer eines einem einen wird werden wurde wurden ist sind war waren hat haben "
    "le la les un une des du est sont a ont el los las es son ha han il lo gli di het de een is zijn "
    "er sie ihn ihm elle ils elles it they its their are was were has have".split()
)
"""Articles, auxiliaries and pronouns that change with a noun's number or gender ("der Wert wird" →
"die Werte werden")."""


def _inflected(a: str, b: str) -> bool:
    """The same word in another form: "Signatur" → "Signaturen", "carrier" → "carriers"; never a
    number, a negation or a country."""
    if a == b:
        return True
    if a in _INFLECTED and b in _INFLECTED:
        return True
    if not (a.isalpha() and b.isalpha()) or a in _NEGATION_WORDS or b in _NEGATION_WORDS:
        return False
    stem = 0
    while stem < min(len(a), len(b)) and a[stem] == b[stem]:
        stem += 1
    return stem >= 4 and max(len(a), len(b)) - stem <= 3 and a not in _PLACE_WORDS() and b not in _PLACE_WORDS()


def restated(text: str, others: dict[tuple[str, int], list[tuple[str, ...]]]) -> bool:
    """Whether a sentence removed (or added) is still (or already) said by another sentence of the
    text, word for word but for inflection ("the value is kept" beside "the values are kept"): a
    duplicate dropped or repeated says nothing new. ``others`` indexes the text's sentences by
    their first word and length."""
    words = _tokens(text)
    if len(words) < 4:
        return False
    return any(all(map(_inflected, words, other)) for other in others.get((words[0], len(words)), ()))


def sentence_index(texts: list[str]) -> dict[tuple[str, int], list[tuple[str, ...]]]:
    index: dict[tuple[str, int], list[tuple[str, ...]]] = {}
    for text in texts:
        for sentence in sentences(text):
            words = tuple(_tokens(sentence))
            if words:
                index.setdefault((words[0], len(words)), []).append(words)
    return index


_LEAD_WORDS = frozenset(
    "following folgende folgenden nachstehende nachfolgende suivants suivantes suivant siguientes seguenti volgende "
    "følgende below dessous unten "
    "set sets setzt setzen use uses used utilise utilisons utilisent verwendet verwenden nutzt nutzen include includes "
    "including contain contains enthält umfasst comprend "
    "cookies cookie data information technologies tools kinds types daten informationen données informations "
    "we us it they wir nous sie ils".split()
)
"""Words of a line that only announces the list or table after it ("Google Analytics sets the
following cookies:"): a pointer, a verb of having or setting, the kind of thing listed."""


_POINTERS_TO_A_LIST = frozenset(
    "following folgende folgenden nachstehende nachfolgende suivants suivantes suivant "
    "siguientes seguenti volgende følgende below dessous unten".split()
)


def lead_in(text: str) -> bool:
    """Whether a sentence only introduces the list after it: it ends in a colon, points to "the
    following", and names nothing but what is listed and who sets it (names): the list says
    what is done, the lead line adds nothing of its own when dropped or added."""
    if not text.rstrip().endswith(":"):
        return False
    words = _tokens(text)
    if _POINTERS_TO_A_LIST.isdisjoint(words):
        return False
    names = {t for found in re.findall(r"\b[A-Z][\w&'’.-]*", text) for t in _tokenize(found)} - _FLOW_NOT_NAMES
    return all(w in _FLOW or w in _LEAD_WORDS or w in names for w in words)


_FLOW_NOT_NAMES = frozenset("we our you your".split())


_CLAUSE_BREAK = re.compile(r"[,;:()]")
_STAND_INS = frozenset("we us".split())
"""Who a shortened sentence names in place of "you ask us to": the organisation acting."""
_ASKING = frozenset("you ask asks asked request requests requested us to".split())
"""The only words a shortened condition may lose: who asks for what the sentence still says."""


def condition_restated(change: SentenceChange, beside: list[str]) -> bool:
    """Whether a sentence only lost who asks for the action its condition names, while a
    sentence beside it still states the whole condition word for word: "When you ask us to
    close your account, we will delete your data within 1 year." followed by "When you ask us
    to close your account, we'll delete your:" shortened to "When we close your account we'll
    delete your:". Nothing but "you ask us to" (or "request") goes and nothing but "we" comes:
    a condition dropped, narrowed or widened ("if you agree", "or cancel your subscription",
    "and" for "or") is never this."""
    old, new = _tokens(change.removed), _tokens(change.added)
    if not old or not new or "number" in change.kinds:
        return False
    parts = [tuple(_tokens(part)) for part in _CLAUSE_BREAK.split(change.removed)]
    parts = [p for p in parts if p]
    if sum(map(len, parts)) != len(old):
        return False
    ends = [sum(map(len, parts[: n + 1])) for n in range(len(parts))]
    touched: set[int] = set()
    for tag, i1, i2, j1, j2 in _opcodes(tuple(old), tuple(new)):
        if tag == "equal":
            continue
        dropped, put = old[i1:i2], new[j1:j2]
        if not dropped or not set(dropped) <= _ASKING or not set(put) <= _STAND_INS:
            return False
        touched.update(n for n, end in enumerate(ends) if end - len(parts[n]) < i2 and i1 < end)
    if not touched:
        return False
    said = [tuple(_tokens(text)) for text in beside]
    return all(len(parts[n]) >= 4 and any(_contains(words, parts[n]) for words in said) for n in touched)


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{5,}\d")
_CODED = re.compile(r"\b\w*\d\w*\b")
_CHANNEL_WORDS = frozenset(
    "email e mail mails phone telephone tel post postal address write call contact by may can also or".split()
)
"""How a contact block names its channels ("Email:", "Or by post:"): labels of the facts, no facts."""
_ROLES = re.compile(
    r"\b(controller|processor|complain|regulator|authorit|officer|dpo|ombuds|commission|supervis|"
    r"appeal|object|court|right to|your rights?|free of charge|within|days?|weeks?|months?|years?)",
    re.I,
)
"""Who a contact is and what a reader may do there: each must be said on both sides or neither."""
CONTACT_ELEMENTS = frozenset({"complaint", "controller", "dpo"})


def _contact_facts(texts: list[str]) -> set[str]:
    joined = " ".join(texts)
    facts = {found.lower() for found in _EMAIL.findall(joined)}
    rest = _EMAIL.sub(" ", joined)
    facts |= {re.sub(r"\D", "", found) for found in _PHONE.findall(rest)}
    facts |= {found.lower() for found in _CODED.findall(_PHONE.sub(" ", rest))}
    facts |= {w for w in _tokens(rest) if w in _NUMBER_WORDS}
    return facts


def _name_runs(texts: list[str]) -> list[tuple[str, ...]]:
    """Runs of capitalised words ("Data Protection Officer"), a sentence's first word left out,
    singular ("Commissioner's" = "Commissioner")."""
    runs: list[tuple[str, ...]] = []
    for text in texts:
        for sentence in sentences(text):
            for run in _NAME_RUN.findall(_EMAIL.sub(" ", re.sub(r"^\S+", "", sentence.lstrip()))):
                words = tuple(t[:-1] if t.endswith("s") and len(t) > 3 else t for t in _tokenize(run))
                words = tuple(w for w in words if w not in _CHANNEL_WORDS)
                if words:
                    runs.append(words)
    return runs


_NAME_RUN = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*")


def _given(run: tuple[str, ...], known: set[tuple[str, ...]]) -> bool:
    """Whether a run of names is (part of) one the other text gives, or pieces of two words or
    more it gives side by side ("Cabinet Office" + "Data Protection Officer"; not "Bike" +
    "Trade" + "Ombudsman" out of three other names)."""
    if any(_contains(k, run) for k in known):
        return True
    reach = {0}
    for end in range(2, len(run) + 1):
        if any(start in reach and any(_contains(k, run[start:end]) for k in known) for start in range(end - 1)):
            reach.add(end)
    return len(run) in reach


def _complaint_names(texts: list[str]) -> set[str]:
    return {
        w
        for text in texts
        for sentence in sentences(text)
        if "complain" in sentence.lower()
        for run in _name_runs([sentence])
        for w in run
    }


def contacts_regrouped(
    removed: list[str], added: list[str], texts: tuple[list[str], list[str]], blocks: tuple[list[str], list[str]]
) -> bool:
    """Whether the changed sentences of a contact section only regroup the same contact details:
    the same e-mail addresses, telephone numbers, postcodes and numbers before and after,
    "Email:" and "Or by post:" labels dropped for links, a line about the regulator said in
    other words. Never when a negation, a role (controller, officer, regulator …), a right
    or a term ("within one month") is said on one side only, nor when a name is given that
    the other text never gives; at most a quarter of the words of substance on either side
    is new to it (names the old text already gave do not count as new). The facts are those
    of every changed block of each side, ``blocks``, so that an address given a link in a
    sentence no rule flagged still counts; ``texts`` are the whole old and new texts."""
    facts = _contact_facts(blocks[0])
    if not facts or facts != _contact_facts(blocks[1]):
        return False
    gone, came = _EMAIL.sub(" ", " ".join(removed)), _EMAIL.sub(" ", " ".join(added))
    if {m.group(1).lower() for m in _ROLES.finditer(gone)} != {m.group(1).lower() for m in _ROLES.finditer(came)}:
        return False
    if sorted(w for w in _tokens(gone) if w in _NEGATION_WORDS) != sorted(
        w for w in _tokens(came) if w in _NEGATION_WORDS
    ):
        return False
    old_runs, new_runs = set(_name_runs(texts[0])), set(_name_runs(texts[1]))
    if not all(_given(run, new_runs) for run in _name_runs(removed)) or not all(
        _given(run, old_runs) for run in _name_runs(added)
    ):
        return False  # a contact or an authority named that the other text never names
    if not _complaint_names(removed) <= _complaint_names(added):
        return False  # complaints now go to someone else
    old_words = {w for text in texts[0] for w in _tokens(text)}

    def substance(text: str) -> set[str]:
        return {
            w
            for w in _tokens(_EMAIL.sub(" ", text))
            if w not in _FLOW and w not in _CHANNEL_WORDS and not any(c.isdigit() for c in w)
        }

    mine, theirs = substance(gone), substance(came)
    lost = mine - theirs
    gained = theirs - mine - old_words
    return len(lost) <= len(mine) / 4 and len(gained) <= len(theirs) / 4
