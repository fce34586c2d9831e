"""Map sections to the elements of a GDPR Art. 13/14 notice, by heading.

Legal writes headings in its own words, so the defaults are broad English
patterns, checked most specific first ("legitimate interests" before "lawful
basis", "right to complain" before "rights"). A site can replace any element's
patterns with the ``elements`` option, and an author can name the element
outright with a heading id: ``## How long we keep it {#retention}``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from notices.base.errors import ConfigError
from notices.base.i18n import N_
from notices.text.blocks import Block, HeadingRef

__all__ = ["ELEMENTS", "GENERAL", "Classifier", "label"]

GENERAL = "general"
"""Text outside any recognised section (introduction, "changes to this notice"): editorial."""

ELEMENTS: dict[str, tuple[str, str]] = {
    "dpo": (N_("Data protection officer"), r"data protection officer|\bdpo\b"),
    "legitimate-interests": (N_("Legitimate interests"), r"legitimate interest"),
    "lawful-basis": (N_("Lawful basis"), r"\b(legal|lawful)\s+(basis|bases|grounds?)\b|allowed to (use|process)"),
    "purposes": (N_("Purposes of processing"), r"purpose|why we (use|process|collect)"),
    "categories": (
        N_("Categories of personal data"),
        r"categor|\b(what|which|types? of|kinds? of)\s+(personal\s+)?data\b|data we (collect|process|hold)",
    ),
    "recipients": (
        N_("Recipients"),
        r"recipient|who (receives|gets)|shar(e|ing)\b|disclos|partners?\b|vendors?\b|(sub)?processors\b|"
        r"service providers?|third[- ]part",
    ),
    "transfers": (N_("Transfers outside the EU/EEA"), r"transfer|outside the (eu|eea|european)|third[- ]countr"),
    "retention": (N_("Retention"), r"retention|how long|storage period|\bkeep"),
    "withdrawal": (N_("Withdrawal of consent"), r"withdraw"),
    "complaint": (N_("Right to lodge a complaint"), r"complain|supervisory authority"),
    "rights": (N_("Your rights"), r"\brights?\b"),
    "obligation": (
        N_("Statutory or contractual requirement"),
        r"obligat|required to provide|statutory|contractual requirement|must provide",
    ),
    "automated-decisions": (N_("Automated decisions and profiling"), r"automated|profiling"),
    "source": (N_("Source of the data"), r"\bsources?\b|where (the |your )?data comes from|where we get"),
    "controller": (N_("Controller and contact details"), r"controller|who (is|are) responsible|who we are|contact"),
}

_ALIASES = {
    "legal-basis": "lawful-basis",
    "legal-bases": "lawful-basis",
    "data-categories": "categories",
    "complaints": "complaint",
    "profiling": "automated-decisions",
    "data-protection-officer": "dpo",
    "consent-withdrawal": "withdrawal",
}


def label(element: str) -> str:
    """The element's English name: a message id, shown through the page's ``i18n.Messages``."""
    return ELEMENTS[element][0] if element in ELEMENTS else N_("General")


@dataclass(frozen=True, slots=True)
class Classifier:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def from_option(cls, option: Mapping[str, str | Sequence[str]] | None) -> Classifier:
        """Defaults, with the site's ``elements`` option replacing an element's patterns."""
        option = option or {}
        for key in option:
            if key not in ELEMENTS:
                close = difflib.get_close_matches(key, list(ELEMENTS), n=1)
                raise ConfigError(
                    f"`elements` names `{key}`, which is not a GDPR element this tool knows",
                    path="mkdocs.yml",
                    hint=(f"did you mean `{close[0]}`? " if close else "") + "elements: " + ", ".join(ELEMENTS),
                )
        compiled = []
        for key, (_, default) in ELEMENTS.items():
            given = option.get(key, default)
            sources = [given] if isinstance(given, str) else list(given)
            try:
                compiled.append((key, re.compile("|".join(f"(?:{s})" for s in sources), re.I)))
            except re.error as exc:
                bad = next((s for s in sources if _invalid(s)), sources[0])
                raise ConfigError(
                    f"`elements.{key}`: {bad!r} is not a valid regular expression ({exc.msg})",
                    path="mkdocs.yml",
                    hint="fix the pattern (Python `re` syntax), e.g. escape a literal '(' as '\\('",
                ) from None
        return cls(tuple(compiled))

    def heading(self, heading: HeadingRef) -> str | None:
        if heading.explicit:
            key = _ALIASES.get(heading.id, heading.id)
            if key in ELEMENTS:
                return key
        for key, pattern in self.patterns:
            if pattern.search(heading.title):
                return key
        return None

    def block(self, block: Block) -> str:
        """The element of the nearest heading above that names one."""
        for heading in reversed(block.headings):
            element = self.heading(heading)
            if element is not None:
                return element
        return GENERAL


def _invalid(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return True
    return False
