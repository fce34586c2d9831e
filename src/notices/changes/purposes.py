"""Statements of why data is used, found in any sentence by what it says: the purpose-clause scanner.

Privacy teams write purposes under "How we use …", under product headings, in the cookie
section, in a sentence about retention. Each sentence's words are scanned once for
clauses that state a purpose ("to improve …", "for marketing", "so we can …", "… may
be shared with …"); a changed sentence is a *purpose change* when it adds, drops or
rewrites one that the other version does not state alike (``purpose_rule``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from notices.changes.editorial import (
    _FLOW,
    _REFERENCE,
    Sentence,
    SentenceChange,
    _names,
    _opcodes,
    _stops,
    _tokens,
    sentences,
)
from notices.reuse.memos import memo

__all__ = [
    "Clause",
    "Stated",
    "block_purposes",
    "clauses",
    "document_purposes",
    "named_before",
    "purpose_phrases",
    "purpose_rule",
    "serves_the_reader",
    "text_clauses",
    "own_clauses",
]

_PHRASES: dict[str, tuple[str, ...]] = memo({})


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


_APPLY_VERBS = frozenset(
    "use uses used using process processes processed processing analyse analyze "
    "analyses analyzes analysed analyzed".split()
)


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
    return (
        bool(rest)
        and all(t in _ANY_DATA or t in _GENERIC_DATA for t in rest[:4])
        and any(t in _GENERIC_DATA for t in rest[:4])
    )


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
    ("advertis", "advertising"),
    ("marketing", "marketing"),
    ("remarketing", "marketing"),
    ("retarget", "advertising"),
    ("analytic", "analytics"),
    ("profiling", "profiling"),
    ("profilbildung", "profiling"),
    ("fraud", "fraud"),
    ("personalis", "personalisation"),
    ("personaliz", "personalisation"),
    ("publicit", "advertising"),
    ("zweck", "purpose"),
    ("werb", "advertising"),
    ("finalit", "purpose"),
    ("finalidad", "purpose"),
    ("formål", "purpose"),
    ("doeleinde", "purpose"),
    ("markedsføring", "marketing"),
    ("tracking", "tracking"),
)


_PURPOSE_WORDS = frozenset(
    "afin traitons utilisons utiliser utilisé utilisée utilisées utilisés "
    "verwenden nutzen verarbeiten anvender anvendes gebruiken".split()
)


_NOT_A_VERB = frozenset("third other others any all each such those them our your their its".split())


_PEOPLE = frozenset("you your users visitors people customers readers them their".split())


_PAIRS = {
    ("machine", "learning"),
    ("artificial", "intelligence"),
    ("in", "order"),
    ("bruger", "vi"),
    ("behandler", "vi"),
    ("mesure", "d"),
    ("ten", "behoeve"),
}


_PARA = {
    "para": frozenset("mejorar ofrecer enviar analizar".split()),
    "per": frozenset("migliorare offrire inviare".split()),
}


_NEGATIONS = frozenset("not dont doesnt never no nor neither cannot wont nicht jamais aldrig nunca".split())


_EXAMPLE = frozenset("such like including includes include eg ie by via through using e namely especially".split())
"""Words that open an example or a means of a purpose, not a new one ("…, by post or by courier")."""


_COORDINATORS = frozenset("or and nor plus also et ou und oder sowie y o ed og eller".split())
"""Words that add a goal or an object to one stated ("… or VAT", "… et des offres", "… und Werbung")."""


_CIRCUMSTANCE = frozenset(
    "in on at across within throughout when where if while during "
    "im bei beim wenn falls sofern während dans lors quand si pendant en cuando durante quando wanneer".split()
)
"""Words that open where or when a purpose applies ("… and in HEY"), not what it is."""


_OPENING_ABROAD = frozenset("afin de d pour que qu um om damit zodat para per vous nous te".split())
"""Openers and clitics of other languages' goals ("afin de vous envoyer" is "pour vous envoyer")."""


_READER_OPENERS = frozenset("to um om pour damit zodat".split())


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
    reader: bool = False
    """No use of data of its own: the reader's own goal ("To add a card, you can …"), what a device
    permission is needed for ("Zugriff auf die Kamera, um den QR-Code zu scannen") or a safeguard
    ("um eine unbefugte Zuordnung … zu erschweren"). Stated, so the same goal elsewhere is no new
    purpose."""


_INFINITIVE_MARK = {"um": "zu", "om": "te"}


_INFINITIVE_REACH = 26
"""How far "um" looks for its infinitive: a German goal clause ends with it, commas of a list inside."""


_NO_GOAL_ABROAD = frozenset(
    "möglichkeit möglichkeiten recht rechte option optionen weg wege mogelijkheid recht possibilité droit moyen".split()
)
"""German "um … zu", Dutch "om … te": an infinitive of purpose ("um Ihr Konto zu prüfen")."""


_SERVES = frozenset("dient dienen diente dienten sert servent servir sirve sirven".split())
""""Serves (to)": German "dient dazu / als", French "sert à", Spanish "sirve para" state what a use is for."""


_SO_THAT = frozenset("damit zodat opdat affinché".split())
""""So that" after a comma or opening a sentence (German, Dutch, Italian): the goal of what comes before."""


_USE_NOUNS = frozenset(
    "verarbeitung verwendung nutzung auswertung traitement utilisation tratamiento uso utilizzo "
    "trattamento behandeling gebruik behandling brug".split()
)
"""The use of data named as a noun (German, French, Spanish, Italian, Dutch, Danish): with "for" after it,
it states what the use is for, as "use … for …" does."""


_FOR = frozenset("für zur zum zwecks pour afin fins para per voor til".split())


_IN_CONNECTION = frozenset("zusammenhang rahmen".split())
"""German "im Rahmen", "in Zusammenhang mit": after a noun of use, the activity the use serves."""


_SERVE_LINKS = frozenset("dazu als der dem zur zum zu nur ausschließlich lediglich allein à a para".split())


_OTHERS_ACT = {(w,) for w in "sie du ihr man u jij".split()}
""""…, damit Sie / diese …": so that the reader or others can do something (as "so that you can"
is no opener in English); "damit wir …", "damit die Daten …" give the goal of a processing."""


_DETERMINERS = frozenset(
    "the a an this that der die das des dem den ein eine einer eines einem einen le la les un une "
    "du el los las il lo gli het een".split()
)


_GERMAN_DETERMINERS = frozenset("der die das des dem den ein eine einer eines einem einen".split())


_USE_STEMS = (
    "speicher",
    "gespeichert",
    "übermittl",
    "übermittel",
    "verarbeit",
    "erfass",
    "erheb",
    "erhob",
    "abgerufen",
    "abruf",
    "lösch",
    "gelöscht",
    "weitergeg",
    "weitergab",
    "weiterzugeb",
    "nutz",
    "genutzt",
    "verwend",
    "auswert",
    "ausgewertet",
    "traite",
    "utilis",
    "collecte",
    "collectons",
    "conserv",
    "transmet",
    "transmis",
    "partag",
    "enregistr",
    "tratt",
    "trat",
    "utiliz",
    "behandl",
    "verwerk",
    "gebruik",
    "bewaar",
    "opbevar",
    "behandl",
)
"""Words of use in the languages beside English, by stem ("gespeichert", "übermittelt", "traitées"):
with them a sentence is about data, as with "use", "store" or "share"."""


def _data_word(word: str) -> bool:
    return word in _DATA_WORDS or word.endswith("daten")


def _noun_after_article(tokens: tuple[str, ...], i: int) -> bool:
    """Whether a verb of use stands as a noun: after an article ("the scan", "der Scan"), or after
    a German article and an inflected adjective ("der erneute Scan")."""
    if (i and tokens[i - 1] in _DETERMINERS) or tokens[i + 1 : i + 2] in (("of",), ("des",), ("du",)):
        return True  # "the scan", "scan of the code", "Scan des Codes"
    return (
        i > 1
        and tokens[i - 2] in _GERMAN_DETERMINERS
        and tokens[i - 1].endswith(("e", "en", "er", "es", "em"))
        and tokens[i - 1] not in _FLOW
    )


_CLITICS = frozenset("vous nous leur lui y en se s me m te t mieux".split())


_INFINITIVE_ENDS = ("er", "ir", "re", "oir")


def _verb_final(tokens: tuple[str, ...], i: int, stops: frozenset[int]) -> bool:
    """Whether a verb of use ends its clause ("…, die die App nutzen, …", "wenn Sie sie nutzen um …"):
    a German subordinate clause, whose verb comes last; a statement of use names its goal after
    the verb ("Wir verwenden Ihre Daten für …")."""
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    return not following or i + 1 in stops or following in _CONJUNCTION_WORDS or following in _INFINITIVE_MARK


_CONJUNCTION_WORDS = frozenset("und oder sowie bzw aber et ou mais en of maar og eller".split())


def _reader_goal(tokens: tuple[str, ...], start: int, first_word: int, stops: frozenset[int]) -> bool:
    """Whether a goal clause is the reader's: fronted, its sentence goes on with the reader as
    subject ("To add a card, you can …", "Um ein Foto zu öffnen, tippen Sie …", "Pour ajouter …,
    vous pouvez …"): what a reader does for their own ends, no use of data by the controller. A
    goal after the verb ("You can use the app to fetch your results") is the feature's and counts."""
    if start == 0:
        stop = min((k for k in stops if k > first_word), default=None)
        if stop is None or stop + 1 >= len(tokens):
            return False
        first, second = tokens[stop], tokens[stop + 1]
        return first in ("you", "vous") or (second == "sie" and first not in _GERMAN_AUXILIARIES)
    return False


_GERMAN_AUXILIARIES = frozenset("werden wird wurden wurde sind ist waren war haben hat".split())


def _infinitive_end(tokens: tuple[str, ...], start: int) -> int | None:
    """Where the infinitive of an "um … zu" / "om … te" clause ends (after it), or None."""
    mark = _INFINITIVE_MARK[tokens[start]]
    for k in range(start + 1, min(len(tokens), start + _INFINITIVE_REACH)):
        if tokens[k] == mark and k + 1 < len(tokens):
            return k + 2
        if mark == "zu" and _zu_infinitive(tokens[k]):
            return k + 1
    return None


def _zu_infinitive(token: str) -> bool:
    """A German infinitive with "zu" inside it ("festzustellen", "anzuzeigen")."""
    return len(token) > 6 and token.endswith("en") and "zu" in token[2:-3]


def _french_goal(tokens: tuple[str, ...], i: int) -> bool:
    """Whether "pour" at ``i`` opens an infinitive ("pour vous envoyer", "pour améliorer") or
    "pour que": a goal, as "to …" is."""
    k = i + 1
    while k < len(tokens) and k < i + 4 and tokens[k] in _CLITICS:
        k += 1
    if k >= len(tokens):
        return False
    word = tokens[k]
    return word in ("que", "qu") or (len(word) >= 5 and word.endswith(_INFINITIVE_ENDS) and word.isalpha())


def _open(
    tokens: tuple[str, ...], i: int, data: bool, stops: frozenset[int] = frozenset(), goal_data: bool = False
) -> int:
    """How many words open a purpose clause at ``i`` (0 if none does)."""
    token = tokens[i]
    if token in _INFINITIVE_MARK:
        if not (data or goal_data):
            return 0  # "Sie benötigen einen Code, um Gäste zu warnen": no data, no use of it
        if _NOT_A_GOAL_BEFORE.intersection(tokens[max(0, i - 2) : i]) or _NO_GOAL_ABROAD.intersection(
            tokens[max(0, i - 2) : i]
        ):
            return 0  # "keine Möglichkeit hat, um … zu löschen": a way or a right, no goal
        mark = _INFINITIVE_MARK[token]
        window = tokens[i + 1 : i + _INFINITIVE_REACH]
        if mark in window[1:] or (token == "um" and any(map(_zu_infinitive, window))):
            return 1
        return 0
    if token in _SERVES:
        if token.startswith("dien") and "te" in tokens[i + 1 : i + 9]:
            return 0  # Dutch "u dient … te": a duty, no goal
        if token.startswith(("ser", "sir")) and tokens[i + 1 : i + 2] not in (("à",), ("a",), ("para",)):
            return 0
        return 1
    if token == "pour" and _french_goal(tokens, i):
        return 1
    if token in _USE_NOUNS:
        window = tokens[i + 1 : i + 8]
        for k, word in enumerate(window):
            if (word in _FOR and (k == 0 or window[k - 1] not in ("bis", "ab"))) or (
                word in _IN_CONNECTION and k and window[k - 1] in ("in", "im")
            ):
                if any(_data_word(w) for w in window[:k]):
                    return 1  # "die Verarbeitung von Zugriffsdaten für die Statistik", "le traitement … pour …"
                break
        return 0
    if i > 1 and tokens[i - 1] == "to" and tokens[i - 2] in _NOT_A_GOAL_BEFORE:
        return 0  # "information you want to share", "the right to access"
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    if (
        token in _PURPOSE_WORDS
        and token != "afin"
        and (not data or _verb_final(tokens, i, stops) or _FOR.isdisjoint(tokens[i + 1 : i + 9]))
    ):
        return 0  # "wenn Sie die App nutzen": the reader's use, verb last; "wir nutzen X": no goal named
    if token in _PURPOSE_WORDS or (token, following) in _PAIRS:
        return 2 if (token, following) in _PAIRS else 1
    if token in _PARA and following in _PARA[token]:
        return 2
    if token in ("track", "tracks", "tracked") and (following in _DATA_WORDS or following in _PEOPLE):
        return 1  # "track your browsing", not the Do Not Track header
    if _noun(token):
        return 1
    if token == "fins" and i and tokens[i - 1] in ("des", "aux", "les") and following in ("de", "d"):
        return 1  # "à des fins de sécurité"
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
    if (
        token == "to"
        and following
        and following not in _FLOW
        and following not in _PRONOUNS
        and following not in _NOT_A_VERB
        and not following[0].isdigit()
        and _used_for(tokens, i)
    ):
        return 2  # "npm uses data from the forum to collaborate": whatever the verb, a use of data for a goal
    if (
        token in ("help", "helps", "helping", "lets", "let")
        and following == "us"
        and i + 2 < len(tokens)
        and tokens[i + 2] in _GOALS
    ):
        return 3
    if token == "so" and tokens[i + 1 : i + 3] in (("we", "can"), ("that", "we"), ("they", "can")):
        return 3
    if (
        token == "used"
        and following in ("for", "to")
        and i
        and tokens[i - 1]
        in ("is", "are", "be", "been", "was", "were", "we", "also", "only", "primarily", "mainly", "then")
    ):
        return 2
    if token == "used" and following == "for":
        return 2
    if token in _USE_VERBS and token not in _APPLY_VERBS and _noun_after_article(tokens, i):
        return 0  # "the scan of a code", "der Scan des QR-Codes": a noun, no use ("the use of … for …" is one)
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
            if word == "for" and after not in _FLOW and not after[0].isdigit() and (general or after.endswith("ing")):
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


_MODAL_INFINITIVES = frozenset("können werden sein haben lassen dürfen kunnen worden zijn".split())


_ZWECK = ("zweck", "zwecke", "zwecken", "zwecks")


def _noun(token: str) -> str:
    """The purpose a word names by its stem ("advertisers" → advertising), or ""; once per word."""
    hit = _NOUNS.get(token)
    if hit is None:
        hit = _NOUNS[token] = next((key for stem, key in _PURPOSE_NOUNS if token.startswith(stem)), "")
        if not hit and token.endswith(_ZWECK) and len(token) > 7:
            # "Nachweiszwecken", "Werbezwecke": a German compound of "Zweck" names its purpose first
            stem = token[: token.rfind("zweck")].rstrip("s")
            hit = _NOUNS[token] = (
                next((key for prefix, key in _PURPOSE_NOUNS if stem.startswith(prefix)), "") or f"{stem} purpose"
            )
    return hit


_SAME_OPERATION = {
    word: group.split()[0]
    for group in (
        "scan scannen auslesen einlesen lesen read scanner lire escanear leer scannerizzare",
        "verify check prüfen überprüfen kontrollieren vérifier verificar verificare controleren",
        "withdraw revoke widerrufen zurücknehmen zurückziehen retirer révoquer revocar intrekken",
        "delete erase löschen supprimer effacer eliminar borrar cancellare verwijderen",
        "show display anzeigen afficher mostrar tonen",
        "send senden schicken zusenden envoyer enviar inviare sturen",
    )
    for word in group.split()
}
"""Goal verbs that name one operation ("den QR-Code auslesen" → "… scannen"): a goal reworded."""


def _operation(word: str) -> str:
    return _SAME_OPERATION.get(word, word)


_PERMISSION = frozenset(
    "zugriff zugriffsrecht berechtigung berechtigungen access permission permissions accès "
    "autorisation acceso permiso toegang".split()
)


_NEED = frozenset(
    "erforderlich notwendig nötig benötigt benötigen braucht brauchen required requires require needed "
    "needs need necessary nécessaire nécessite necesario necesita nodig vereist".split()
)


_SAFEGUARD_GOALS = frozenset(
    "erschweren verhindern vermeiden schützen prevent avoid protect hinder empêcher éviter "
    "protéger impedir evitar proteger voorkomen".split()
)


_UNWANTED = (
    "unbefugt",
    "unberechtigt",
    "ungewollt",
    "unerwünscht",
    "missbräuch",
    "unauthori",
    "unwanted",
    "unlawful",
    "non autoris",
    "indésirable",
    "no autoriz",
    "onbevoegd",
    "ongewenst",
)


def _no_use(tokens: tuple[str, ...], start: int, end: int) -> bool:
    """Whether a goal clause states no use of data by the controller: what a device permission
    a feature needs is for ("benötigt Zugriff auf die Kamera, um den QR-Code zu scannen",
    "access to your photos is needed to open a picture"), or a safeguard against unwanted
    access or linking ("um eine unbefugte Zuordnung Ihrer Daten zu erschweren")."""
    if tokens[start] not in ("to", "um", "om", "pour", "damit", "para"):
        return False
    if not _PERMISSION.isdisjoint(tokens) and not _NEED.isdisjoint(tokens):
        return True
    span = tokens[start:end]
    return not _SAFEGUARD_GOALS.isdisjoint(span) and any(w.startswith(_UNWANTED) for w in span)


def _clause_key(tokens: tuple[str, ...], start: int, end: int) -> str:
    """The clause's content words: a purpose the other text states in the same words is no change."""
    if tokens[start] in _INFINITIVE_MARK:  # "um … zu prüfen": the goal verb comes last; lead with it
        span = list(tokens[start + 1 : end])
        mark = _INFINITIVE_MARK[tokens[start]]
        verb = next(
            (
                k
                for k in range(len(span) - 1, -1, -1)
                if (k and span[k - 1] == mark) or (mark == "zu" and _zu_infinitive(span[k]))
            ),
            None,
        )
        if verb is not None and verb > 1 and span[verb] in _MODAL_INFINITIVES and span[verb - 1] == mark:
            verb -= 2  # "benachrichtigt werden zu können": the goal is "benachrichtigt"
        if verb is not None:
            rest = [t for t in span[:verb] if t != mark and t not in _FLOW and t not in _REFERENCE]
            rest += [
                t
                for t in span[verb + 1 :]
                if t != mark and t not in _MODAL_INFINITIVES and t not in _FLOW and t not in _REFERENCE
            ]  # "…, dass Sie negativ getestet wurden": what is proven
            return " ".join([_operation(span[verb]), *rest])
    words = [t for t in tokens[start:end] if t not in _FLOW and t not in _REFERENCE]
    if words and words[0] in _SERVES:  # "dient dazu, … zu …", "sert à …": the goal leads
        words.pop(0)
        while len(words) > 1 and words[0] in _SERVE_LINKS:
            words.pop(0)
    while len(words) > 1 and (words[0] in _OPENING or words[0] in _OPENING_ABROAD):
        words.pop(0)  # "to", "help us", "so we can": the goal verb leads the key
    for n, word in enumerate(words[:2]):
        if _noun(word) == "purpose":  # "zum Zweck der Werbung", "finalités de sécurité": what follows names it
            rest = [w for w in words[n + 1 : n + 5] if w not in _ARTICLES]
            return " ".join(["purpose", *rest])
        if _noun(word):
            return _noun(word)
    if words:
        words[0] = _operation(words[0])
    return " ".join(words)


_ARTICLES = frozenset(
    "der die das des dem den eines einer de du des la le les d del los las di della dei het van af".split()
)


_CLAUSES: dict[tuple[tuple[str, ...], frozenset[int], bool], tuple[Clause, ...]] = memo({})


_TRIGGERS = (
    _PURPOSE_WORDS
    | _USE_VERBS
    | {pair[0] for pair in _PAIRS}
    | set(_PARA)
    | {"purpose", "purposes", "to", "help", "helps", "helping", "lets", "let", "so", "track", "tracks", "tracked"}
    | set(_INFINITIVE_MARK)
    | _SERVES
    | {"pour", "fins"}
    | _USE_NOUNS
)
"""Every word that can open a clause besides the purpose nouns: the scan looks only at these."""


def clauses(tokens: tuple[str, ...], stops: frozenset[int] = frozenset(), stated: bool = False) -> tuple[Clause, ...]:
    """The purpose clauses of a sentence's words; each runs to the next clause, the next
    comma or bracket after its opening (``stops``), or ``_CLAUSE`` words. ``stated``: every goal
    the sentence states ("um … zu", "damit" even where it names no data), for what a text says
    anywhere; a goal said elsewhere is no new purpose where it is said again."""
    hit = _CLAUSES.get((tokens, stops, stated))
    if hit is not None:
        return hit
    data = (
        not _DATA_WORDS.isdisjoint(tokens)
        or not _USE_VERBS.isdisjoint(tokens)
        or any(t.endswith("daten") or t.startswith(_USE_STEMS) for t in tokens)
    )  # "Gesundheitsdaten", "gespeichert"
    goal_data = data or stated
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
        if (
            token in _SO_THAT
            and goal_data
            and i >= after
            and (i == 0 or i in stops)
            and tokens[i + 1 : i + 2] not in _OTHERS_ACT
        ):
            opens.append((i, 1))
            after = i + 1
            continue
        if i < after or not (token in _TRIGGERS or _noun(token)):
            continue
        width = _open(tokens, i, data, stops, goal_data)
        if width:
            opens.append((i, width))
            after = i + width
            goal = goal or token == "to"
    found = []
    for n, (start, width) in enumerate(opens):
        stop = opens[n + 1][0] if n + 1 < len(opens) else len(tokens)
        # a purpose noun ("marketing", "analytics") is a clause of its own and the word after it
        noun = _noun(tokens[start]) if width == 1 else ""
        reach = 2 if noun and noun != "purpose" else 5 if noun else _CLAUSE
        # "dient dazu, … zu …": the goal of "serves" follows the comma after "dazu"
        first_word = start + width + (1 if tokens[start] in _SERVES else 0)
        infinitive = _infinitive_end(tokens, start) if tokens[start] in _INFINITIVE_MARK else None
        if infinitive is not None:  # "um … , … , … nachzuweisen": the clause runs to its verb
            first_word = infinitive - 1
            stop = max(stop, infinitive)
            reach = max(reach, infinitive - start - width)
        reader = tokens[start] in _READER_OPENERS and _reader_goal(tokens, start, first_word, stops)
        stop = min([stop, *(i for i in stops if first_word < i)])
        end = max(start + width, min(stop, start + width + reach))
        if infinitive is not None and end < len(tokens) and tokens[end] in _THAT:
            # "um nachzuweisen, dass Sie negativ getestet wurden": what is proven is the goal's object
            end = min([len(tokens), end + _CLAUSE, *(i for i in stops if end < i)])
        if all(t in _OPENING or t in _OPENING_ABROAD or t in _FLOW for t in tokens[start:end]):
            continue  # "in order" cut off by the "to …" after it: no goal of its own
        reader = reader or _no_use(tokens, start, end)
        negated = not _NEGATIONS.isdisjoint(tokens[max(0, start - 4) : start])
        found.append(
            Clause(start, end, _clause_key(tokens, start, end) + _passive_object(tokens, start), negated, reader)
        )
    hit = _CLAUSES[(tokens, stops, stated)] = tuple(found)
    return hit


_THAT = frozenset("dass daß that que dat".split())


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


def own_clauses(text: str) -> tuple[Clause, ...]:
    """The clauses that state a use of data: the reader's own goals left out."""
    return tuple(c for c in text_clauses(text) if not c.reader)


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
        keys = {
            clause.key
            for sentence in sentences(text)
            for clause in clauses(tuple(_tokens(sentence)), _stops(sentence), stated=True)
        }
        hit = _BLOCK_PURPOSES[text] = frozenset(keys)
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


_NOT_CONTENT = frozenset(
    "eine einer eines einem einen ihnen ihre ihrer ihren ihrem gegen wurde wurden werden "
    "dass that with from your vous nous leur".split()
)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if len(w) > 3 and w not in _FLOW and w not in _ARTICLES and w not in _NOT_CONTENT]


def _kin(a: str, b: str) -> bool:
    """The same word inflected or in a compound ("negativ" / "negatives", "Impfung" / "Schutzimpfung")."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and (a in b or b in a or a[:6] == b[:6]))


def _mostly_within(content: list[str], theirs: frozenset[str]) -> bool:
    """Whether a dropped goal's words are, by three in five, said in a goal still stated, one of
    them merged from several ("…, dass Sie negativ getestet wurden" and "…, dass Sie geimpft
    sind" into "… eine Impfung, ein negatives Testergebnis … nachzuweisen")."""
    if len(content) < 3:
        return False
    others = _content(list(theirs))
    need = -(-len(content) * 3 // 5)
    found = 0
    for n, w in enumerate(content):
        if w in theirs or any(_kin(w, o) for o in others):
            found += 1
            if found >= need:
                return True
        elif found + len(content) - n - 1 < need:
            return False
    return False


class _Postings:
    """The goals of a text that open with one word, indexed by their content words: whether
    any of them holds three in five of a goal's words (``_mostly_within``) is counted from the
    index, not by comparing the goal with each of them (thousands, in a long notice)."""

    __slots__ = ("_kin", "_where", "_words")

    def __init__(self, group: list[frozenset[str]]) -> None:
        self._where: dict[str, list[int]] = {}
        for n, theirs in enumerate(group):
            for word in set(_content(list(theirs))):
                self._where.setdefault(word, []).append(n)
        self._words = list(self._where)
        self._kin: dict[str, frozenset[int]] = {}

    def _holding(self, word: str) -> frozenset[int]:
        """The goals holding the word or a kin of it (``_kin``)."""
        hit = self._kin.get(word)
        if hit is None:
            hit = self._kin[word] = frozenset(
                n for other in self._words if _kin(word, other) for n in self._where[other]
            )
        return hit

    def mostly_within(self, content: list[str]) -> bool:
        """``any(_mostly_within(content, theirs) for theirs in group)``."""
        if len(content) < 3:
            return False
        need = -(-len(content) * 3 // 5)
        counts: dict[int, int] = {}
        for w in content:
            for n in self._holding(w):
                counts[n] = counts.get(n, 0) + 1
        return any(c >= need for c in counts.values())


class Stated:
    """The purposes a whole text states, by key, with the keys indexed by their first word
    once: a new sentence is checked against every purpose of the other text. A version is
    the new text of one pair and the old text of the next, so ``of`` hands out one per text."""

    __slots__ = ("_answers", "_covered", "_index", "_postings", "keys")

    def __init__(self, keys: set[str] | frozenset[str]) -> None:
        self.keys = keys
        self._index: dict[str, list[frozenset[str]]] | None = None
        self._postings: dict[str, _Postings] = {}
        self._answers: dict[str, bool] = {}
        self._covered: dict[str, bool] = {}

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

    def covers(self, key: str) -> bool:
        """Whether the text states the goal in these words and more ("nachzuweisen in den
        vorgesehenen Fällen" within "nachzuweisen in den vorgesehenen Fällen eine Impfung …"): a
        purpose dropped in one place that another sentence still states, widened."""
        hit = self._covered.get(key)
        if hit is not None:
            return hit
        words = key.split()
        if not words:
            return True
        self.alike(key)  # builds the index
        mine = frozenset(words)
        group = (self._index or {}).get(words[0], ())
        hit = any(mine <= theirs for theirs in group)
        if not hit and group:
            postings = self._postings.get(words[0])
            if postings is None:
                postings = self._postings[words[0]] = _Postings(group)
            hit = postings.mostly_within(_content(words))
        self._covered[key] = hit
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
        return any(
            size <= 3 * len(theirs) and len(theirs) <= 3 * size and len(mine & theirs) * 2 >= len(mine | theirs)
            for theirs in self._index.get(words[0], ())
        )


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
    old_clauses, new_clauses = own_clauses(change.removed), own_clauses(change.added)
    if old and new and _rewritten(old, new):  # hardly a word kept: judge it as a new sentence
        return [*_whole(old_clauses, new_purposes, False), *_whole(new_clauses, old_purposes, True)]
    if not old or not new:
        return _whole(old_clauses or new_clauses, new_purposes if old else old_purposes, bool(new))
    if not old_clauses and not new_clauses:
        return []
    names = _names(change)
    found: list[str] = []
    excused: set[str] = set()
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            continue
        gone, came = old[i1:i2], new[j1:j2]
        if not (_substantive(gone) or _substantive(came)):
            continue
        if tag == "replace" and all(w in names or w in _FLOW for w in gone + came):
            continue  # a product renamed in an example ("WooCommerce Payments" → "WooPayments")
        # a clause that opens inside the changed words is a purpose stated or dropped
        old_keys = {c.key for c in old_clauses if i1 <= c.start < i2}
        opened = [*old_keys, *(c.key for c in new_clauses if j1 <= c.start < j2)]
        keys = list(opened)
        if opened:
            # the opener reworded, the goal the same ("pour vous envoyer" → "afin de vous envoyer")
            both = [c.key for c in old_clauses] + [c.key for c in new_clauses]
            opened = [k for k in opened if both.count(k) < 2]
            # the goal's words kept in the sentence, as a feature's name ("nutzen, um andere
            # Nutzer zu warnen" → "die Funktion „Andere warnen“ nutzen")
            opened = [k for k in opened if not _kept_in(k, new if k in old_keys else old)]
            # a reason said more precisely: "For security, we keep …" → "So we can carry out
            # security audits, we keep …"
            opened = [k for k in opened if k in old_keys or not _for_noun(old, k)]
            excused.update(k for k in keys if k not in opened)  # its other edits are part of the rewording
            if not opened:
                continue
            found += opened
            continue
        first = (came or gone)[0]
        if (
            first in _EXAMPLE
            or first in _CIRCUMSTANCE
            or (first == "for" and (came or gone)[1:2] in (("example",), ("instance",)))
        ):
            continue  # an example, a means or a circumstance of a purpose already stated
        touched = [(c, new_clauses) for c in old_clauses if _touches(c, i1, i2) and c.key not in excused]
        touched += [(c, old_clauses) for c in new_clauses if _touches(c, j1, j2) and c.key not in excused]
        if first not in _COORDINATORS and all(any(_alike(c.key, d.key) for d in other) for c, other in touched):
            # the same goal reworded ("… under the terms" → "… under the applicable terms"); a
            # goal or object added ("… or VAT in the EU") or a new goal verb does count
            continue
        found += [c.key for c, _ in touched]
    return list(dict.fromkeys(found))


def _for_noun(tokens: tuple[str, ...], key: str) -> bool:
    """Whether a sentence gave as its reason "for <the noun>" that a goal clause names."""
    words = set(key.split())
    return any(
        tokens[k] == "for" and tokens[k + 1] in words and tokens[k + 1] not in _FLOW for k in range(len(tokens) - 1)
    )


def named_before(key: str, sentences: Iterable[str]) -> bool:
    """Whether the other text names a goal as nouns in one sentence: "count how many people
    visit our site" where it listed "visitor and session counts". The goal verb and one more of
    its words, each inflected or in a compound."""
    words = key.split()
    if len(words) < 2 or len(words[0]) < 4:
        return False
    verb, rest = words[0], _content(words[1:])
    for sentence in sentences:
        tokens = sentence.split()
        if not _USE_VERBS.isdisjoint(tokens):
            continue  # a statement of use compares as one ("we share …"), not as nouns
        if any(t.startswith(verb) and t[len(verb) :] in _NOUN_ENDINGS for t in tokens) and any(
            _kin(w, t) for w in rest for t in tokens if not t.startswith(verb)
        ):
            return True
    return False


_NOUN_ENDINGS = frozenset("s er ers or ors ion ions ment ments".split())


_SERVICE = re.compile(
    r"\b(?:let|lets|allow|allows|enable|enables)\s+(?:you|users|visitors)\b|\bkeep\s+(?:you|users)\s+(?:logged|signed)\s+in\b"
    r"|\bremember\s+(?:you|your\s+(?:settings|choices|preferences|login))\b|\bermöglich\w*\s+(?:es\s+)?Ihnen\b"
    r"|\bvous\s+permet\b",
    re.I,
)


def serves_the_reader(text: str) -> bool:
    """Whether a cookie's or item's stated use is only what the reader asked for ("Used to let you
    sign in again on the same day", "Used to keep you logged in"): a function of the service,
    material when it comes or goes, no purpose of the controller's; never with advertising,
    analytics, tracking or another purpose named."""
    return _SERVICE.search(text) is not None and not any(_noun(t) and _noun(t) != "purpose" for t in _tokens(text))


def _kept_in(key: str, tokens: tuple[str, ...]) -> bool:
    """Whether the other side of a rewritten sentence still says a goal's verb and most of its words."""
    words = _content(key.split())
    return (
        bool(words)
        and words[0] == key.split()[0]
        and any(_kin(words[0], t) for t in tokens)
        and _mostly_within(words, frozenset(tokens))
    )


def _whole(found: tuple[Clause, ...], other: Stated, added: bool) -> list[str]:
    return [
        c.key
        for c in found
        if not (added and c.negated) and not other.alike(c.key) and (added or not other.covers(c.key))
    ]


def _rewritten(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in _opcodes(old, new) if tag == "equal")
    return kept * 2 < max(len(old), len(new))


def _touches(clause: Clause, start: int, end: int) -> bool:
    """Whether changed words [start, end) fall inside a clause (an insertion: strictly inside)."""
    if start == end:
        return clause.start < start < clause.end
    return start < clause.end and end > clause.start
