"""The tool's own words in the reader's language: catalogs, plurals, dates, overrides (pure rules)."""

from __future__ import annotations

import datetime as dt
import shutil
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from notices.base.catalogs import check, extract, known_messages
from notices.base.i18n import LOCALES, catalog_language, catalog_languages, messages, placeholders
from notices.config.schema import OptionError, validate_options
from notices.publish.mail import change_email

EEA = {
    "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt",
    "nl", "pl", "pt", "ro", "sk", "sl", "sv",  # the EU's official languages besides English
    "nb", "is",  # the EEA's
}  # fmt: skip


def test_a_catalog_ships_for_every_official_language_of_the_eea() -> None:
    assert EEA | {"en"} <= catalog_languages()


def test_every_catalog_translates_every_message_with_its_placeholders() -> None:
    problems = [str(p) for p in check()]
    assert problems == []


def test_the_shipped_template_holds_exactly_the_messages_of_the_code() -> None:
    """`make catalogs` was run after the last change of a message (else a site's override of a new
    message is refused, and translators never see it)."""
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
    assert extracted == set(known_messages())


def test_a_translation_differs_from_the_english_where_a_reader_would_notice() -> None:
    """A catalog that copied its English (the translator gave up) is caught, for the messages
    every page shows; "Version {label}" may read the same in several languages, a sentence not."""
    sentences = [m for m in known_messages() if len(m.split()) >= 6]
    for lang in sorted(EEA):
        t = messages(lang)
        same = [m for m in sentences if t.text(m) == m]
        assert not same, (lang, same[:3])


@pytest.mark.parametrize(
    ("tag", "catalog"),
    [("da", "da"), ("de-AT", "de"), ("pt-BR", "pt"), ("no", "nb"), ("nn", "nb"), ("NB", "nb"), ("ja", "en"),
     ("en-US", "en"), ("sr-Latn", "en"), ("", "en")],
)  # fmt: skip
def test_a_tag_reads_the_catalog_of_its_language(tag: str, catalog: str) -> None:
    assert catalog_language(tag) == catalog


def test_dates_are_written_as_readers_of_the_language_write_them() -> None:
    day = dt.date(2024, 2, 1)
    assert messages("en").date(day) == "1 February 2024"  # what the tool always wrote
    assert messages("en-US").date(day) == "February 1, 2024"
    assert messages("da").date(day) == "1. februar 2024"
    assert messages("de-AT").date(dt.date(2024, 1, 5)) == "5. Jänner 2024"
    assert messages("ja").date(day) == "1 February 2024"  # no catalog: the English words' date
    assert messages("de").date_html(day) == '<time datetime="2024-02-01">1. Februar 2024</time>'


def test_plural_forms_follow_the_language() -> None:
    pl = messages("pl")
    forms = {pl.ntext("{count} change.", "{count} changes.", n).replace(str(n), "#") for n in (1, 2, 5, 22, 25)}
    assert len(forms) == 3  # Polish: 1 zmiana, 2 zmiany, 5 zmian
    assert messages("en").ntext("{count} change.", "{count} changes.", 1) == "1 change."
    table = messages("pl").plural_table("{count} change.", "{count} changes.")
    assert set(table) == {"one", "few", "many", "other"} and all("{count}" in v for v in table.values())


def test_html_escapes_the_words_and_keeps_the_values() -> None:
    t = messages("en", {"en": {"Current version": "<b>Now</b> & then"}})
    assert t.html("Current version") == "&lt;b&gt;Now&lt;/b&gt; &amp; then"
    link = '<a href="x">2</a>'
    filled = t.html("Version {label} takes effect on {date}.", label=link, date="d")
    assert filled == f"Version {link} takes effect on d."


def test_a_placeholder_is_only_a_name_never_an_expression() -> None:
    t = messages("en", {"en": {"Version {label}": "{label.__class__} {label} {0} {}"}})
    assert t.text("Version {label}", label="3") == "{label.__class__} 3 {0} {}"
    assert placeholders("{a} {b_c} {D} {x.y}") == {"a", "b_c"}


def test_an_override_wins_for_its_language_and_its_regions() -> None:
    overrides = {"da": {"Previous versions": "Tidligere udgaver"}, "de-AT": {"Previous versions": "Frühere Fassungen"}}
    assert messages("da", overrides).text("Previous versions") == "Tidligere udgaver"
    assert messages("da-DK", overrides).text("Previous versions") == "Tidligere udgaver"
    assert messages("de-AT", overrides).text("Previous versions") == "Frühere Fassungen"
    assert messages("de", overrides).text("Previous versions") == messages("de").text("Previous versions")
    assert messages("en", overrides).text("Previous versions") == "Previous versions"


@pytest.mark.parametrize(
    ("raw", "says", "hint"),
    [
        ({"da": {"Previous version": "x"}}, "no message 'Previous version'", "did you mean 'Previous versions'?"),
        ({"da": {"Version {label}": "Udgave"}}, "has the placeholders none", "keep exactly the placeholders"),
        ({"da": {"Version {label}": "Udgave {lable}"}}, "has the placeholders {lable}", "{label}"),
        ({"danish": {"Version {label}": "Udgave {label}"}}, "not a language tag", "da, de-AT"),
        ({"de-XY": {"Version {label}": "Fassung {label}"}}, "`XY` is not", "language tag"),
        ({"da": "Udgave"}, "must be a mapping of language", "messages: {en:"),
        ({"da": {"Version {label}": 3}}, "must be a mapping of language", "messages: {en:"),
    ],
)
def test_a_bad_override_is_refused_with_what_to_write(raw: object, says: str, hint: str) -> None:
    with pytest.raises(OptionError) as caught:
        validate_options({"messages": raw})
    error = caught.value
    assert says in error.message and hint in (error.hint or ""), (error.message, error.hint)


def test_the_e_mail_is_in_the_notices_language() -> None:
    event = {
        "type": "purpose.changed",
        "lang": "da",
        "title": "Privatlivspolitik",
        "version": "4",
        "effective": "2025-03-01",
        "purposes": {"added": ["nyhedsbreve"]},
        "url": "https://x.example/privacy.da/4/",
        "diff_url": "https://x.example/privacy.da/4/diff/",
    }
    subject, lines = change_email(event)
    text = "\n".join(lines)
    assert "1. marts 2025" in subject and "Privatlivspolitik" in subject
    assert "nyhedsbreve" in text and "https://x.example/privacy.da/4/diff/" in text
    english, _ = change_email({**event, "lang": None})
    assert english == "Changes to our Privatlivspolitik from 1 March 2025"
    assert subject != english


def test_catalog_files_are_where_the_package_data_says() -> None:
    assert (LOCALES / "notices.pot").is_file()
    assert {p.stem for p in LOCALES.glob("*.po")} == catalog_languages() - {"en"}


def test_the_demo_mail_hook_writes_the_e_mail_in_the_notices_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`hooks/email-users.py` is `#!/usr/bin/env python3` and imports `notices.publish.mail`: delivery
    puts the tool's own Python first on PATH, so it runs wherever the tool is installed, even
    when the system's python3 has no `notices`."""
    from notices.publish.delivery import _run_command
    from notices.publish.hooks import parse_hooks

    (tmp_path / "hooks").mkdir()
    hook_file = tmp_path / "hooks/email-users.py"
    shutil.copy(Path(__file__).parent.parent / "hooks/email-users.py", hook_file)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # the system's Python only
    (hook,) = parse_hooks([{"command": "hooks/email-users.py", "events": ["purpose.changed"]}], base=tmp_path)
    event = {
        "id": "evt-1",
        "type": "purpose.changed",
        "lang": "de",
        "notice": "privacy.de",
        "title": "Datenschutzerklärung",
        "version": "5",
        "effective": "2025-03-01",
        "purposes": {"added": ["Newsletter"]},
        "url": "https://x.example/privacy.de/5/",
        "diff_url": "https://x.example/privacy.de/5/diff/",
    }
    outcome = _run_command(hook, event, tmp_path)
    assert outcome.delivered, outcome.detail
    mail = message_from_bytes((tmp_path / ".cache/notices/outbox/evt-1.eml").read_bytes(), policy=default)
    subject, lines = change_email(event)
    assert mail["Subject"] == subject and "1. März 2025" in subject
    assert lines[2] in mail.get_content() and "Newsletter" in mail.get_content()


def test_values_in_right_to_left_words_are_isolated() -> None:
    """A label `2024-05-12` or a Latin title inside Arabic would be reordered by the bidi
    algorithm (shown as 12-05-2024): each value is isolated, as HTML and as text."""
    ar = messages("ar")
    assert "<bdi>2024-05-12</bdi>" in ar.html("Version {label}", label="2024-05-12")
    assert "\u20682024-05-12\u2069" in ar.text("Version {label}", label="2024-05-12")
    assert "<bdi>" not in messages("da").html("Version {label}", label="2024-05-12")
    assert all("\u2068" not in form for form in ar.plural_table("{count} change.", "{count} changes.").values())


def test_french_writes_the_first_of_a_month_as_an_ordinal() -> None:
    assert messages("fr").date(dt.date(2024, 5, 1)) == "1er mai 2024"
    assert messages("fr").date(dt.date(2024, 5, 2)) == "2 mai 2024"
