"""The classification rules on their own: editorial edits, purpose statements, reasons."""

from __future__ import annotations

import pytest

from notices.changes.assess import assess
from notices.changes.classify import Classifier
from notices.changes.diff import diff_blocks
from notices.changes.materiality import is_editorial, sentences
from notices.text.render import blocks_of

BASE = """\
## Who we are

Example Ltd, 1 Harbour Street, Aarhus, is the controller. Write to [privacy@example.org](mailto:privacy@example.org).

## Why we use your data

- To deliver your orders.
- To answer your questions.

## Repository contents

We store the files you upload so that you can share them. See [our help](https://help.example.org/files).

## How long we keep it

Orders are kept for five years, as the bookkeeping law requires.
"""


def _assess(old: str, new: str, old_purposes: tuple[str, ...] = (), new_purposes: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    lines = diff_blocks(blocks_of(old), blocks_of(new))
    return assess(lines, Classifier.from_option(None), old_purposes, new_purposes)


EDITORIAL: dict[str, str | tuple[str, str]] = {
    "link target": BASE.replace("https://help.example.org/files", "https://support.example.org/en/files"),
    "double full stop": BASE.replace("is the controller.", "is the controller.."),
    "spelling": BASE.replace("bookkeeping", "bokkeeping").replace("questions", "questoins"),
    "case and quotes": BASE.replace("Why we use", "Why We Use").replace("the bookkeeping law", "the ‘bookkeeping’ law"),
    "dashes": BASE.replace("five years, as", "five years – as"),
    "list markers and emphasis": BASE.replace("- To deliver", "* To *deliver*").replace("- To answer", "* To answer"),
    "heading level and rename": BASE.replace("## How long we keep it", "### How long we keep your data"),
    "re-wrapped paragraph": BASE.replace("is the controller. Write", "is the controller.\nWrite"),
    "tense": BASE.replace("Orders are kept", "Orders will be kept"),
    "email address text": BASE.replace(
        "privacy@example.org](mailto:privacy@example.org)", "dpo@example.org](mailto:dpo@example.org)"
    ),
    "e-mail spelling": (BASE.replace("Write to", "Email"), BASE.replace("Write to", "E-mail")),
    "section moved": BASE.replace(
        "## Who we are\n\nExample Ltd, 1 Harbour Street, Aarhus, is the controller. Write to "
        "[privacy@example.org](mailto:privacy@example.org).\n\n",
        "",
    )
    + "\n## Who we are\n\nExample Ltd, 1 Harbour Street, Aarhus, is the controller. Write to "
    "[privacy@example.org](mailto:privacy@example.org).\n",
}


@pytest.mark.parametrize("name", EDITORIAL)
def test_editorial_changes_are_never_material(name: str) -> None:
    case = EDITORIAL[name]
    old, new = case if isinstance(case, tuple) else (BASE, case)
    found = _assess(old, new)
    assert not found.material and not found.purpose_changed, found.reasons
    assert found.reasons == ()


NEVER_EDITORIAL: dict[str, str | tuple[str, str]] = {
    "retention period": (BASE.replace("five years", "ten years"), "retention"),
    "retention number": (BASE.replace("five years", "5 years").replace("5 years", "7 years"), "retention"),
    "controller address": (BASE.replace("1 Harbour Street", "9 Harbour Street"), "controller"),
}


@pytest.mark.parametrize("name", NEVER_EDITORIAL)
def test_numbers_and_names_are_never_editorial(name: str) -> None:
    new, element = NEVER_EDITORIAL[name]
    found = _assess(BASE, new)
    assert found.material and element in found.elements
    assert any(r.element == element for r in found.reasons)


def test_a_purpose_added_outside_the_purposes_section_is_found_with_its_sentence() -> None:
    new = BASE.replace(
        "so that you can share them.", "so that you can share them. We also scan your files to train our models."
    )
    found = _assess(BASE, new)
    assert found.purpose_changed and found.material
    reason = next(r for r in found.reasons if r.rule == "purpose-statement")
    assert reason.added == "We also scan your files to train our models." and reason.removed == ""


def test_a_purpose_removed_is_a_purpose_change() -> None:
    found = _assess(BASE, BASE.replace("- To answer your questions.\n", ""))
    assert found.purpose_changed
    assert [r.removed for r in found.reasons] == ["To answer your questions."]


def test_a_new_example_of_a_stated_purpose_is_material_but_no_purpose_change() -> None:
    new = BASE.replace("- To deliver your orders.", "- To deliver your orders, by post or by courier.")
    found = _assess(BASE, new)
    assert found.material and not found.purpose_changed, found.reasons


def test_declared_purposes_are_reasons_too() -> None:
    found = _assess(BASE, BASE, ("orders",), ("orders", "model training"))
    assert found.purpose_changed
    assert [(r.rule, r.added) for r in found.reasons] == [("declared-purposes", "model training")]


def test_other_languages_state_purposes_too() -> None:
    old = "## Was wir tun\n\nWir speichern Ihre Bestellung.\n"
    new = old + "\nWir verwenden Ihre Daten für Werbung.\n"
    assert _assess(old, new).purpose_changed
    old_fr = "## Vos données\n\nNous conservons votre commande.\n"
    assert _assess(old_fr, old_fr + "\nNous utilisons vos données afin de vous proposer des offres.\n").purpose_changed


def test_sentences_keep_urls_whole_and_the_editorial_kinds_are_named() -> None:
    assert sentences("See https://example.org/a.b. Then stop.") == ["See https://example.org/a.b.", "Then stop."]
    assert is_editorial("We keep data.", "We keep data..") == (True, ("punctuation",))
    assert is_editorial("We recieve data.", "We receive data.") == (True, ("spelling",))
    assert is_editorial("We keep data for 5 years.", "We keep data for 6 years.") == (False, ("number",))


COOKIES = """\
## Cookies we set

Cookie | Purpose
--- | ---
`session` | Keeps you signed in.
`lang` | Remembers the language you chose.

## Controlling cookies

You can block cookies in your browser. Your browser may send a Do Not Track header.
"""


def test_a_row_added_to_a_cookie_tables_purpose_column_is_a_purpose_change() -> None:
    new = COOKIES.replace("`lang` |", "`_ga` | Counts visits to see which pages readers open.\n`lang` |")
    found = _assess(COOKIES, new)
    assert found.purpose_changed and found.material
    assert any("_ga" in r.added for r in found.reasons)


def test_a_do_not_track_header_or_a_right_to_access_is_no_purpose() -> None:
    new = COOKIES.replace("Do Not Track header.", "Do Not Track header, which we do not track.").replace(
        "You can block", "You have the right to access your data. You can block"
    )
    found = _assess(COOKIES, new)
    assert not found.purpose_changed, found.reasons


def test_a_sentence_without_an_element_heading_is_judged_by_what_it_says() -> None:
    old = "## Web server\n\nOur web server keeps logs for 30 days.\n"
    found = _assess(old, old.replace("30 days", "90 days"))
    assert found.material and "retention" in found.elements


SCOPE = """\
## Who we are

This notice covers our websites (including example.org, Sparrow and Finch).

## What we collect

If you use Sparrow, we collect the e-mail address you sign up with.

## Who receives it

We share invoices with Ledgerly and Postbox.
"""


@pytest.mark.parametrize(
    "old, new",
    [
        ("example.org, Sparrow and Finch", "example.org, Sparrow, Finch and Wren"),  # scope list grows
        ("If you use Sparrow,", "If you use Swallow,"),  # product renamed in a sentence about data
    ],
)
def test_products_and_sites_named_or_renamed_are_no_material_change(old: str, new: str) -> None:
    found = _assess(SCOPE, SCOPE.replace(old, new))
    assert not found.material, found.reasons
    assert "names" in found.editorial


@pytest.mark.parametrize(
    "old, new, element",
    [
        ("with Ledgerly and Postbox.", "with Ledgerly, Postbox and Adnet.", "recipients"),  # never a name only
        ("If you use Sparrow,", "If you use Sparrow or Wren,", "categories"),  # collected in one more product
    ],
)
def test_new_recipients_and_products_collecting_data_stay_material(old: str, new: str, element: str) -> None:
    found = _assess(SCOPE, SCOPE.replace(old, new))
    assert found.material and element in found.elements, found.reasons


def test_an_entry_in_the_notices_own_change_log_changes_nothing() -> None:
    old = BASE + "\n## Change log\n\n- 2024-01-01: first version.\n"
    new = old + "- 2025-01-01: we now share your files with partners to train models.\n"
    found = _assess(old, new)
    assert not found.material and not found.purpose_changed, found.reasons


@pytest.mark.parametrize(
    "old, new, purpose",
    [
        # a new object of a stated purpose is a new use of the data
        (
            "We store your billing address to calculate any sales tax due in the United States.",
            "We store your billing address to calculate any sales tax due in the United States or VAT in the EU.",
            True,
        ),
        # a new clause of purpose inside a rewritten sentence
        (
            "We use CAPTCHA in Pantry as a means of spam protection.",
            "We use CAPTCHA across our apps to stop brute force logins and in Pantry as a means of spam protection.",
            True,
        ),
        # where a purpose applies, narrowed: no new purpose
        (
            "We use CAPTCHA to stop brute force logins and in Pantry as a means of spam protection.",
            "We use CAPTCHA to stop brute force logins and as a means of spam protection.",
            False,
        ),
        # a promise not to do something added: no purpose; dropped: a purpose change
        ("We keep your e-mail address.", "We keep your e-mail address. We do not sell your personal data.", False),
        ("We keep your e-mail address. We do not sell your personal data.", "We keep your e-mail address.", True),
        # a product description is no purpose of processing
        ("We make tools.", "We make tools designed to allow anyone to publish.", False),
        # the same goal reworded, or told to whom: no new purpose
        (
            "We use your data to fulfil our commitments under the terms of service.",
            "We use your data to fulfil our commitments under the applicable terms of service.",
            False,
        ),
        (
            "Our servers decrypt your data to send it to you when you need it, but we protect it.",
            "Our servers decrypt your data to send it when you need it, but we protect it.",
            False,
        ),
    ],
)
def test_purpose_clauses(old: str, new: str, purpose: bool) -> None:
    found = _assess(f"## Billing\n\n{old}\n", f"## Billing\n\n{new}\n")
    assert found.purpose_changed is purpose, found.reasons


@pytest.mark.parametrize(
    "old, new",
    [
        ("This is hot we keep it.", "This is how we keep it."),
        ("We keep server log for a year.", "We keep server logs for a year."),
        ("We keep you orders.", "We keep your orders."),
    ],
)
def test_a_one_letter_fix_of_a_short_word_is_spelling(old: str, new: str) -> None:
    assert is_editorial(old, new) == (True, ("spelling",))


@pytest.mark.parametrize(
    "old, new",
    [
        ("We do now sell your data.", "We do not sell your data."),  # a sentence turned negative
        ("Nous conservons vos données sept ans.", "Nous conservons vos données deux ans."),  # numbers in words
        ("We keep it for one year.", "We keep it for ten years."),
    ],
)
def test_negations_and_numbers_in_words_are_never_editorial(old: str, new: str) -> None:
    assert not is_editorial(old, new)[0]


def test_a_list_of_purposes_introduced_by_to_is_read_item_by_item() -> None:
    old = "## Your e-mail address\n\nWe use your e-mail address to:\n\n- send you receipts\n- reset your password\n"
    new = old + "- tell you about our events\n"
    found = _assess(old, new)
    assert found.purpose_changed and any("events" in r.added for r in found.reasons)


def test_a_use_of_data_for_any_goal_is_a_purpose() -> None:
    old = "## Forum\n\nWe keep the posts you write.\n"
    new = old + "\nWe use data from the forum to collaborate with other projects.\n"
    assert _assess(old, new).purpose_changed


def test_a_sentence_in_another_language_under_no_element_is_judged_by_its_words() -> None:
    old = "## Vos commandes\n\nNous conservons vos commandes pendant sept ans.\n"
    found = _assess(old, old.replace("sept", "deux"))
    assert found.material and "retention" in found.elements


@pytest.mark.parametrize(
    "old, new",
    [
        # a dash style changed: an en dash parts words as a spaced double hyphen does
        (
            "Our kites are made for everyone–from children to pilots–to fly.",
            "Our kites are made for everyone -- from children to pilots -- to fly.",
        ),
        # "to" is also a Danish number: as a preposition it changes no number
        ("If you buy a kite, you pay us.", "If you buy a kite or pay fees to a club, you pay us."),
    ],
)
def test_dashes_part_words_and_function_words_are_no_numbers(old: str, new: str) -> None:
    editorial, kinds = is_editorial(old, new)
    assert "number" not in kinds
    if "–" in old:
        assert editorial and kinds == ("punctuation",)


@pytest.mark.parametrize(
    "old, new, purpose",
    [
        # what the reader is let or required to do is no use of data
        (
            "Kestrel makes kites.",
            "Kestrel makes tools designed to allow anyone, from children to pilots, to build "
            "and fly a kite to share with the world.",
            False,
        ),
        ("We ask for your name.", "We require people who sign up for a club to provide an e-mail address.", False),
        # a duty the law imposes is no purpose of ours
        (
            "We answer requests.",
            "If the law requires us to comply with your request to erase your data, we do so.",
            False,
        ),
        # processing in general, of data in general, names no purpose; processing a payment does
        ("We keep orders.", "We use hosting companies to process some or all of your personal data.", False),
        ("We keep orders.", "We use a bank to process your payment.", True),
        # "Data Processing Agreement" is a name, not a use of data for what follows it
        (
            "We sign contracts.",
            "We offer a Data Processing Agreement that is compliant to extend the same protections to all customers.",
            False,
        ),
        # a use of data whose goal comes after a long object
        (
            "We keep your profile.",
            "We use information you give us, like your club, your height and your weight, to choose a kite for you.",
            True,
        ),
        # passive sharing: other data shared with the same recipient is another sharing
        (
            "If you post a review, your name may be shared with the shop.",
            "If you post a review, your name may be shared with the shop. If you pay a shop, your postal address "
            "and phone number may be shared with the shop.",
            True,
        ),
    ],
)
def test_purpose_clauses_read_who_acts_and_what_is_used(old: str, new: str, purpose: bool) -> None:
    found = _assess(f"## Kites\n\n{old}\n", f"## Kites\n\n{new}\n")
    assert found.purpose_changed is purpose, found.reasons


def test_goals_coordinated_after_a_comma_share_their_to() -> None:
    old = (
        "## Why\n\nWe use your data to count, weigh, and rank our kites, and better understand which kites "
        "readers keep.\n"
    )
    new = old + "\n- To understand which kites readers keep.\n"
    assert not _assess(old, new).purpose_changed
    # goals listed after "for example" are examples of the goal before them
    example = "## Why\n\nWe use your data to run our shop, for example to send kites, or pack orders.\n"
    assert not _assess(example, example.replace("or pack orders", "pack orders, or repair kites")).purpose_changed


def test_a_goal_after_so_we_can_is_a_stated_purpose() -> None:
    old = (
        "## Pay\n\nWe ask for a tax number so we can process payments to you.\n\n"
        "We collect information to process those payments and write to you.\n"
    )
    new = old.replace(
        "We collect information to process those payments and write to you.", "You may give us payment details."
    )
    assert not _assess(old, new).purpose_changed


def test_any_is_a_word_of_flow() -> None:
    assert is_editorial("Opt out of any sale of your data.", "Opt out of the sale of your data.")[0]


SHOP = """\
## What we collect

If you order a kite from a shop using our checkout (including Kestrel Parcels), we collect your address to
send the parcel along to the recipient.

## Your rights

Laws in some countries, including Norway, Iceland and Ukraine, give you rights over the data we collect and share.
If we refuse your request, in some countries (Norway and Iceland) you may appeal to a court.

## How to complain

If we cannot settle your complaint through the channels described above, you may write to the ombudsman.
"""


@pytest.mark.parametrize(
    "old, new",
    [
        # a product renamed far from the word naming who receives the parcel
        ("(including Kestrel Parcels)", "(including Kestrel Post & Freight)"),
        # examples of a term that stays, dropped: "some countries" still governs
        ("Laws in some countries, including Norway, Iceland and Ukraine, give", "Laws in some countries give"),
        ("in some countries (Norway and Iceland) you", "in some countries you"),
        # a cross-reference reworded
        ("the channels described above", "the channels described in the Complaints section"),
    ],
)
def test_names_examples_and_cross_references_are_no_material_change(old: str, new: str) -> None:
    assert old in SHOP
    found = _assess(SHOP, SHOP.replace(old, new))
    assert not found.material, found.reasons


@pytest.mark.parametrize(
    "old, new, element",
    [
        # a name next to a word of sharing is a recipient
        ("the data we collect and share.", "the data we collect and share with Kestrel Parcels.", "rights"),
        # examples added to what is collected: more data
        ("we collect your address", "we collect your address and phone number", "categories"),
    ],
)
def test_names_near_sharing_and_new_data_stay_material(old: str, new: str, element: str) -> None:
    assert old in SHOP
    found = _assess(SHOP, SHOP.replace(old, new))
    assert found.material and element in found.elements, found.reasons


def test_a_sentence_moved_and_edited_at_once_is_compared_with_itself() -> None:
    old = SHOP + "\n## Where we are\n\nOur shop is run from Norway.\n"
    new = SHOP.replace("## How to complain", "## Where we are\n\nOur shop is run from Norway.\n\n## How to complain")
    new = new.replace("the channels described above", "the channels described earlier")
    found = _assess(old, new)
    assert not found.material, found.reasons


LINKS = """\
## Your rights

To take your data with you, follow the guides for [Kestrel 3](https://help.kite.example/export) and
[Falcon](https://help.kite.example/falcon). We answer within [30 days](https://kite.example/rules).
"""


def test_a_link_renamed_while_it_points_where_it_did_is_editorial() -> None:
    found = _assess(LINKS, LINKS.replace("[Kestrel 3]", "[Kestrel 4]"))
    assert not found.material and "link" in found.editorial, found.reasons


@pytest.mark.parametrize(
    "old, new",
    [
        ("[30 days]", "[60 days]"),  # a duration in a label: a number, never a name
        ("[Kestrel 3](https://help.kite.example/export)", "[Kestrel 4](https://help.kite.example/export4)"),
        ("[Kestrel 3](https://help.kite.example/export) and", "[Kestrel 4](https://help.kite.example/export) or"),
    ],
)
def test_a_link_label_with_a_number_or_other_changes_stays_a_change(old: str, new: str) -> None:
    found = _assess(LINKS, LINKS.replace(old, new))
    assert found.material, found.reasons


HTML_NOTICE = """\
{% extends "layout.html" %}
{% block content %}
<div class="wrapper">
  <div class="column">
    <h2 class="title">What we collect</h2>

    <p>We collect your name and your postcode when you order a parcel.</p>

    <ul>
      <li>Your name</li>
      <li>Your postcode</li>
    </ul>

    <h2 id="keep">How long we keep it</h2>
    <p>We keep orders for <a href="{{ url_for('help') }}">two years</a>.</p>
  </div>
</div>
{% endblock %}
"""


@pytest.fixture
def raw_html():  # type: ignore[no-untyped-def]
    from notices.text.markdown import set_raw_html

    set_raw_html(True)
    yield
    set_raw_html(False)


def test_raw_html_is_read_as_a_browser_shows_it(raw_html: None) -> None:
    blocks = [b for b in blocks_of(HTML_NOTICE) if b.words]
    assert [(b.kind, b.text) for b in blocks] == [
        ("h2", "What we collect"),
        ("p", "We collect your name and your postcode when you order a parcel."),
        ("li", "Your name"),
        ("li", "Your postcode"),
        ("h2", "How long we keep it"),
        ("p", "We keep orders for two years."),
    ]
    assert blocks[1].headings[-1].title == "What we collect"
    assert blocks[-1].headings[-1].title == "How long we keep it"


@pytest.mark.parametrize(
    "new",
    [
        HTML_NOTICE.replace('class="column"', 'class="column column-wide"').replace("<ul>", '<ul class="list">'),
        HTML_NOTICE.replace("{% block content %}", "{% block main_content %}").replace("layout.html", "base.html"),
        HTML_NOTICE.replace("{{ url_for('help') }}", "{{ url_for('main.help', lang=lang) }}"),
        HTML_NOTICE.replace('<h2 id="keep">', '<h2 id="retention" class="heading-medium">'),
        HTML_NOTICE.replace(
            "<p>We collect your name and your postcode when you order a parcel.</p>",
            "<p>We collect your name and your postcode\n    when you order a parcel.</p>",
        ),
    ],
)
def test_markup_attributes_and_template_tags_are_form(raw_html: None, new: str) -> None:
    found = _assess(HTML_NOTICE, new)
    assert not found.material and not found.purpose_changed


def test_words_inside_raw_html_still_change(raw_html: None) -> None:
    found = _assess(HTML_NOTICE, HTML_NOTICE.replace("two years", "five years"))
    assert found.material and "retention" in found.elements


def _purpose_of_added(old: str, new: str) -> bool:
    return _assess(old, new).purpose_changed


INTRO = "# Notice\n\nWe look after a small lending library.\n"


def test_a_list_of_the_readers_rights_is_no_list_of_purposes() -> None:
    old = (
        INTRO + "\n## Your rights\n\nYou have the right to:\n\n- see the loans we hold about you\n"
        "- have a wrong loan corrected\n"
    )
    new = old.replace("- have a wrong loan corrected\n", "- have a wrong loan corrected\n- move your loans elsewhere\n")
    found = _assess(old, new)
    assert not found.purpose_changed and found.material
    old_de = INTRO + "\nIhnen stehen folgende Rechte zu:\n\n- Auskunft über Ihre Ausleihen\n"
    new_de = old_de + "- Berichtigung falscher Ausleihen\n"
    assert not _assess(old_de, new_de).purpose_changed
    lead = INTRO + "\nWe use your card number to:\n\n- lend you books\n"
    assert _assess(lead, lead + "- send you reading tips\n").purpose_changed


@pytest.mark.parametrize(
    "sentence, purpose",
    [
        ("Wir verarbeiten Ihre Kartennummer, um Ihnen Lesetipps zu senden.", True),
        ("Ihre Ausleihdaten werden ausgewertet, um festzustellen, welche Bücher fehlen.", True),
        ("Die Kartennummer dient dazu, Mahnungen zu verschicken.", True),
        ("Wir speichern Ihre Adresse, damit der Bote Sie findet.", True),
        ("Die Lesedaten nutzen wir für Statistiken über den Bestand.", True),
        ("Wir verwenden Ihre Daten zu Nachweiszwecken.", True),
        ("Nous conservons votre adresse pour vous envoyer les rappels.", True),
        ("Vos données de prêt servent à mesurer la fréquentation.", True),
        ("Wenn Sie die Bibliothek nutzen, gelten diese Regeln.", False),
        ("Personen, die die Bibliothek nutzen und Bücher ausleihen, erhalten eine Karte.", False),
        ("Um Ihr Passwort zu ändern, öffnen Sie die Einstellungen.", False),
        ("Sie können die Karte auch verwenden, um Ausleihen Ihrer Kinder abzurufen.", True),
        ("To change your password, you can open the settings page.", False),
        ("Pour changer votre mot de passe, vous pouvez ouvrir les réglages.", False),
    ],
)
def test_purposes_in_german_and_french_and_the_readers_own_goals(sentence: str, purpose: bool) -> None:
    assert _purpose_of_added(INTRO, INTRO + "\n" + sentence + "\n") is purpose


def test_a_goal_reworded_with_a_circumstance_is_the_same_goal() -> None:
    old = INTRO + "\nDie Nummer wird benötigt, um im Fall einer Mahnung sicherzustellen, dass Sie erreichbar sind.\n"
    new = INTRO + "\nDie Nummer wird benötigt, um sicherzustellen, dass Sie erreichbar sind.\n"
    assert not _assess(old, new).purpose_changed


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "Schreiben Sie an mailto:desk@library.example oder rufen Sie an.",
            "Schreiben Sie an desk@library.example oder rufen Sie an.",
        ),
        ("Sie erhalten einen Leseausweis-2-Bescheid.", "Sie erhalten einen Leseausweis-Bescheid."),
        ("Details stehen im MEDIA-21-Katalog.", "Details stehen im MEDIA-Katalog."),
    ],
)
def test_a_mailto_scheme_and_a_number_dropped_from_a_name_are_editorial(old: str, new: str) -> None:
    assert is_editorial(old, new)[0]


@pytest.mark.parametrize(
    "old, new",
    [
        ("Details stehen im MEDIA-21-Katalog.", "Details stehen im MEDIA-22-Katalog."),
        ("Wir speichern die Daten 30 Tage.", "Wir speichern die Daten Tage."),
    ],
)
def test_a_number_changed_in_a_name_or_standing_alone_is_never_editorial(old: str, new: str) -> None:
    assert not is_editorial(old, new)[0]


@pytest.mark.parametrize(
    "old, new, element",
    [
        (
            "Den Versand übernimmt die Paket Nord AG als Auftragsverarbeiter.",
            "Den Versand übernimmt die Kurier Süd GmbH als Auftragsverarbeiter.",
            "recipients",
        ),
        (
            "Dies erfolgt auf Grundlage von Art. 6 Abs. 1 lit. b DSGVO.",
            "Dies erfolgt auf Grundlage von Art. 6 Abs. 1 lit. f DSGVO.",
            "lawful-basis",
        ),
        (
            "Ausleihen werden in Ihrem Konto angezeigt.",
            "Ausleihen werden in Ihrem Konto hinterlegt und angezeigt.",
            "retention",
        ),
    ],
)
def test_german_sentences_name_their_element_by_their_words(old: str, new: str, element: str) -> None:
    found = _assess(INTRO + "\n" + old + "\n", INTRO + "\n" + new + "\n")
    assert found.material and element in found.elements


@pytest.mark.parametrize(
    "sentence, purpose",
    [
        ("Die Verarbeitung Ihrer Ausleihdaten für die Jahresstatistik erfolgt anonym.", True),
        ("Le traitement de vos données de prêt pour la statistique annuelle est anonyme.", True),
        ("Die Verarbeitung Ihrer Ausleihdaten erfolgt nur in Deutschland.", False),
        ("Die Verarbeitung von Ausleihdaten im Rahmen der Fernleihe erfolgt auf Grundlage des Vertrags.", True),
        ("Nach dem Scan der Karte erhalten Sie eine Quittung über Ihre Daten.", False),
        ("After the scan of your card we print a receipt for your data.", False),
        ("Wir senden Ihnen eine PIN, damit Sie Ihre Daten online ansehen können.", False),
        ("Wir speichern die PIN, damit wir Ihre Daten online anzeigen können.", True),
    ],
)
def test_nouns_of_use_with_a_goal_and_verbs_read_as_nouns(sentence: str, purpose: bool) -> None:
    assert _purpose_of_added(INTRO, INTRO + "\n" + sentence + "\n") is purpose


def test_an_item_of_a_list_of_rights_is_a_right_not_a_purpose() -> None:
    old = INTRO + "\n## Your rights\n\nYou have the right to:\n\n- ask which loans we hold and to receive a copy\n"
    new = old.replace("and to receive a copy", "and to obtain a copy of that loan data")
    found = _assess(old, new)
    assert found.material and not found.purpose_changed


def test_a_german_goal_is_keyed_by_its_verb_so_the_same_goal_elsewhere_is_no_new_purpose() -> None:
    old = INTRO + "\nWir nutzen die Kartennummer, um gegenüber dem Verlag Ihre Ausleihen nachzuweisen.\n"
    new = old + "\nWir nutzen auch Leihscheine, um gegenüber dem Verlag Ihre Ausleihen nachzuweisen.\n"
    assert not _assess(old, new).purpose_changed


def test_a_readers_goal_still_states_the_goal_so_moving_it_there_drops_nothing() -> None:
    old = INTRO + "\nSie können die Karte nutzen, um Ihre gespeicherten Ausleihen nachzuweisen.\n"
    new = INTRO + "\nUm Ihre gespeicherten Ausleihen nachzuweisen, können Sie die Karte vorzeigen.\n"
    assert not _assess(old, new).purpose_changed


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Nummer dient dazu, Sie bei verspäteten Ausleihen zurückzurufen, damit wir Ihre Daten aktuell halten.",
        "Ihre Telefonnummer wird zu Mahnzwecken gespeichert.",
    ],
)
def test_serves_to_and_zweck_compounds_are_keyed_by_their_goal(sentence: str) -> None:
    old = INTRO + "\nDie Nummer dient dazu, Ihnen Lesetipps zu senden.\n\nWir speichern Daten zu Werbezwecken.\n"
    assert _assess(old, old + "\n" + sentence + "\n").purpose_changed


FR = "# Politique\n\n## Vos prêts\n\n"


@pytest.mark.parametrize(
    "old, new, purpose",
    [
        (
            "Nous utilisons votre numéro pour vous envoyer des rappels.",
            "Nous utilisons votre numéro afin de vous envoyer des rappels.",
            False,
        ),
        (
            "Nous utilisons votre numéro pour vous envoyer des rappels.",
            "Nous utilisons votre numéro pour vous envoyer des rappels et des offres commerciales.",
            True,
        ),
        (
            "Wir verwenden Ihre Nummer, um Ihnen Erinnerungen zu senden.",
            "Wir verwenden Ihre Nummer, um Ihnen Erinnerungen und Werbung zu senden.",
            True,
        ),
    ],
)
def test_an_opener_reworded_is_the_same_goal_and_a_goal_added_with_et_or_und_is_new(
    old: str, new: str, purpose: bool
) -> None:
    assert _assess(FR + old + "\n", FR + new + "\n").purpose_changed is purpose


def test_a_duplicate_dropped_or_repeated_says_nothing_new() -> None:
    base = (
        INTRO + "\n## How long we keep it\n\nThe loan record is kept for one year after the return.\n\n"
        "Wenn der Ausleihschein gespeichert wird, erlaubt er keinen Schluss auf Ihre Person.\n"
    )
    twin = "Wenn die Ausleihscheine gespeichert werden, erlauben sie keinen Schluss auf Ihre Person.\n"
    found = _assess(base + "\n" + twin, base)
    assert not found.material and "duplicate" in found.editorial
    assert not _assess(base, base + "\nThe loan records are kept for one year after the return.\n").material
    # another number, another country or a negation is no duplicate
    assert _assess(base, base + "\nThe loan record is kept for two years after the return.\n").material
    assert _assess(base, base + "\nThe loan record is not kept for one year after the return.\n").material


@pytest.mark.parametrize(
    "lead, material",
    [
        ("KiteStats sets the following cookies:", False),
        ("Die Leihstelle setzt folgende Cookies:", False),
        ("We share the following data with publishers:", True),
        ("KiteStats sets the following cookies for advertising:", True),
    ],
)
def test_a_line_that_only_announces_the_table_after_it_changes_nothing(lead: str, material: bool) -> None:
    table = "\n| Name | Purpose | Expires |\n| --- | --- | --- |\n| ks_id | Counts visits | 1 year |\n"
    old = INTRO + "\n## Cookies\n\n" + lead + "\n" + table
    new = INTRO + "\n## Cookies\n" + table
    assert _assess(old, new).material is material


def test_a_german_goal_runs_to_its_infinitive_and_a_purpose_still_stated_wider_is_not_dropped() -> None:
    old = INTRO + "\nSie können die Karte nutzen, um in den vorgesehenen Fällen Ihre Ausleihen nachzuweisen.\n"
    new = (
        INTRO + "\nUm in den vorgesehenen Fällen Ihre Ausleihen, Ihre Vormerkungen oder Ihre Gebühren "
        "nachzuweisen, können Sie die Karte vorzeigen.\n"
    )
    assert not _assess(old, new).purpose_changed
    # the other way round, the goal is widened: new objects of a stated goal
    wider = INTRO + "\nWir nutzen Ihre Daten, um Ihre Ausleihen und Ihre Gebühren nachzuweisen.\n"
    assert _assess(INTRO + "\nWir nutzen Ihre Daten, um Ihre Ausleihen nachzuweisen.\n", wider).purpose_changed


def test_no_way_to_is_no_goal_in_german_either() -> None:
    old = INTRO + "\nDie Bibliothek hat keine Möglichkeit, um Ihre gespeicherten Ausleihen zu löschen.\n"
    new = old.replace("Ausleihen zu löschen", "Ausleihen und Vormerkungen zu löschen")
    assert not _assess(old, new).purpose_changed


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "Wir verarbeiten Ihre Daten zum Zweck der Abrechnung.",
            "Wir verarbeiten Ihre Daten zum Zweck der Abrechnung und zum Zweck der Marktforschung.",
        ),
        (
            "Nous traitons vos données à des fins de facturation.",
            "Nous traitons vos données à des fins de facturation et à des fins de prospection.",
        ),
    ],
)
def test_a_generic_purpose_noun_is_keyed_by_what_follows_it(old: str, new: str) -> None:
    assert _assess(FR + old + "\n", FR + new + "\n").purpose_changed
    assert not _assess(FR + old + "\n", FR + old + "\n\n" + old.replace(".", " !") + "\n").purpose_changed


def test_the_use_of_data_for_a_goal_is_still_a_purpose() -> None:
    assert _purpose_of_added(INTRO, INTRO + "\nThe use of your loan data for research is described here.\n")


def test_a_reason_said_more_precisely_is_no_new_purpose() -> None:
    old = INTRO + "\nFor safety, we keep your loan records and IP addresses for 1 year before we delete them.\n"
    new = old.replace("For safety,", "So we can run safety checks,")
    assert not _assess(old, new).purpose_changed
    # a reason the old sentence did not give is one
    assert _assess(old, old.replace("For safety,", "So we can send you offers,")).purpose_changed


def test_the_same_operation_in_other_words_is_the_same_goal() -> None:
    old = INTRO + "\nDie App nutzt Ihre Daten, um den Ausweis auslesen zu können.\n"
    assert not _assess(old, old.replace("auslesen", "scannen")).purpose_changed
    assert _assess(old, old.replace("auslesen", "verkaufen")).purpose_changed


def test_a_permission_a_feature_needs_and_a_safeguard_are_no_use_of_data() -> None:
    for sentence in (
        "Um ein Foto eines Ausweises öffnen zu können, ist ein Zugriff auf die gespeicherten Fotos erforderlich.",
        "The scanner needs access to your camera to read the code on a loan card.",
        "Um eine unbefugte Zuordnung Ihrer Daten zu erschweren, nutzt die App einen eigenen Server.",
    ):
        assert not _assess(INTRO, INTRO + "\n" + sentence + "\n").purpose_changed, sentence
    # a goal of the controller's in the same shape still is one
    assert _assess(INTRO, INTRO + "\nUm Werbung anzuzeigen, nutzt die App Ihre Standortdaten.\n").purpose_changed


def test_what_is_proven_is_part_of_the_goal() -> None:
    old = INTRO + "\nSie können die App nutzen, um nachzuweisen, dass Sie Mitglied der Bibliothek sind.\n"
    new = old + "\nSie können die App nutzen, um nachzuweisen, dass Sie Ihre Gebühren bezahlt haben.\n"
    assert _assess(old, new).purpose_changed
    # two goals merged into one sentence that still proves both: none dropped
    merged = INTRO + (
        "\nUm eine Mitgliedschaft der Bibliothek oder bezahlte Gebühren nachzuweisen, können Sie die Karte vorzeigen.\n"
    )
    assert not _assess(new, merged).purpose_changed


def test_a_goal_kept_as_a_features_name_is_not_dropped() -> None:
    old = (
        INTRO + "\nWenn Sie die Funktion „Ausleihe teilen“ nutzen, um andere Leser zu erinnern, sendet die App "
        "Ihre Liste.\n"
    )
    new = INTRO + "\nWenn Sie die Funktion „Leser erinnern“ nutzen, sendet die App Ihre Liste.\n"
    assert not _assess(old, new).purpose_changed


def test_a_goal_the_other_version_named_as_nouns_is_no_new_purpose() -> None:
    table = "\n| Name | Purpose | Expires |\n| --- | --- | --- |\n| ks_id | {} | 1 year |\n"
    old = (
        INTRO
        + "\n## Cookies\n\nKiteStats stores data about:\n\n- reader and session counts\n"
        + table.format("Checks if you have visited before")
    )
    new = (
        INTRO
        + "\n## Cookies\n\nKiteStats stores data about:\n\n- whether you have visited before\n"
        + table.format("Checks if you have visited before. This helps us count how many readers visit.")
    )
    found = _assess(old, new)
    assert not found.purpose_changed and not found.material, found.reasons
    # a sharing said before as a statement of use is compared as one: new data shared is new
    shared = INTRO + "\nWe share your loan history with the library owner.\n"
    assert _assess(
        shared, shared + "\nIf you join a club, we will share your email address with the club owner.\n"
    ).purpose_changed


def test_a_cookie_the_reader_asked_for_is_material_but_no_purpose() -> None:
    table = (
        "\n## Cookies\n\n| Name | Purpose | Expires |\n| --- | --- | --- |\n"
        "| ks_session | Used to keep you logged in | 1 hour |\n"
    )
    old = INTRO + table
    new = old + "| ks_remember | Used to let you sign in again the same day without a second factor | 24 hours |\n"
    found = _assess(old, new)
    assert found.material and not found.purpose_changed, found.reasons
    assert _assess(old, old.replace("1 hour", "20 hours")).material
    # a cookie for advertising is a purpose, whoever it lets do what
    ads = old + "| ks_ads | Used to let you see advertising that suits you | 1 year |\n"
    assert _assess(old, ads).purpose_changed


def test_the_organisations_description_states_no_purpose() -> None:
    old = (
        "# Privacy\n\n## Who we are\n\nKestrel Kites is a maker of kites and data tools, working with clubs to "
        "help them with their own events.\n\n## Your data\n\nWe keep your orders.\n"
    )
    assert not _assess(old, old.replace(", working with clubs to help them with their own events", "")).purpose_changed
    # a use of the reader's data in that section still is one
    assert _assess(
        old, old.replace("their own events.", "their own events. We use your data to rank clubs.")
    ).purpose_changed


CONTACTS = """\
# Privacy

## Questions and complaints

Contact the Privacy Desk if you have any questions.

Email: privacy@kestrel.example

You can also contact our Data Protection Officer by email.

Email: dpo@kestrel.example

Or by post:

Data Protection Officer, Kestrel Kites, 4 Mill Lane, Leeds LS1 4AB

You may also make a complaint to the Data Commission, who is an independent regulator.

Contact the Data Commission by email or phone. Email: cases@commission.example Phone: 0113 496 0000
"""

REGROUPED = """\
# Privacy

## Questions and complaints

Contact the Kestrel Privacy Desk if you have any questions.

Kestrel Privacy Desk [privacy@kestrel.example](mailto:privacy@kestrel.example)

You can also contact the Kestrel Kites Data Protection Officer.

Data Protection Officer [dpo@kestrel.example](mailto:dpo@kestrel.example) Kestrel Kites, 4 Mill Lane, Leeds LS1 4AB

If you have a complaint, you can also contact the Data Commission.
The Commission is an independent regulator set up to uphold data rights.

Data Commission [cases@commission.example](mailto:cases@commission.example) 0113 496 0000
"""


def test_contact_details_regrouped_are_editorial() -> None:
    found = _assess(CONTACTS, REGROUPED)
    assert not found.material, found.reasons
    assert "contacts" in found.editorial
    # a contact that changes is never a regrouping: an address, a number, an authority dropped
    assert _assess(CONTACTS, REGROUPED.replace("0113 496 0000", "0113 496 0001")).material
    assert _assess(CONTACTS, REGROUPED.replace("dpo@kestrel.example", "dpo@kites.example")).material
    gone = REGROUPED.replace(
        "\n\nData Commission [cases@commission.example](mailto:cases@commission.example) 0113 496 0000\n", "\n"
    )
    assert _assess(CONTACTS, gone).material
    # nor a right negated or dropped, a role, an authority or a deadline changed on the way
    for old, new in (
        ("If you have a complaint, you can", "If you have a complaint, you cannot"),
        (
            "If you have a complaint, you can also contact the Data Commission.",
            "If you have a complaint, contact the Kestrel Kites Data Protection Officer.",
        ),
        (
            "If you have a complaint, you can also contact the Data Commission.",
            "You can also write to the Data Commission.",
        ),
        ("Data Commission", "Kite Trade Commission"),
        ("an independent regulator", "an industry body"),
        ("Kestrel Kites Data Protection Officer", "Kestrel Kites customer desk"),
        ("set up to uphold data rights.", "which answers within one month."),
    ):
        assert old in REGROUPED
        assert _assess(CONTACTS, REGROUPED.replace(old, new)).material, (old, new)
    # and words of substance said anew are no regrouping either
    assert _assess(
        CONTACTS,
        REGROUPED.replace(
            "set up to uphold data rights.",
            "to which we report every breach of your data within three days, and you may appeal its decisions "
            "before the courts of Leeds, Bradford and York.",
        ),
    ).material


RETENTION = """\
# Privacy

## How long we keep your data

When you ask us to close your account, we will delete your data within 30 days.

When you ask us to close your account, we'll delete your:

- name
- email address
"""


def test_a_condition_the_sentence_before_states_may_be_shortened() -> None:
    shorter = RETENTION.replace(
        "When you ask us to close your account, we'll delete your:", "When we close your account we'll delete your:"
    )
    found = _assess(RETENTION, shorter)
    assert not found.material, found.reasons
    assert "condition" in found.editorial
    # a condition changed, a negation or a word of substance put in, or a condition no other
    # sentence states, stays material
    assert _assess(RETENTION, RETENTION.replace("we'll delete your:", "we won't delete your:")).material
    assert _assess(
        RETENTION,
        RETENTION.replace(
            "When you ask us to close your account, we'll delete your:",
            "When we suspend your account we'll delete your:",
        ),
    ).material
    # nor a condition dropped or changed, whatever the sentence before says
    both = RETENTION.replace(
        "we will delete your data within 30 days.", "we will delete your data within 30 days, if you agree to it."
    )
    both = both.replace("we'll delete your:", "we'll delete, if you agree to it, your:")
    for old, new in (
        ("we'll delete, if you agree to it, your:", "we'll delete your:"),
        ("When you ask us to close your account, we'll", "When you ask us to close or pause your account, we'll"),
    ):
        assert old in both
        assert _assess(both, both.replace(old, new)).material, (old, new)
    alone = RETENTION.replace(
        "When you ask us to close your account, we will delete your data within 30 days.",
        "We delete your data within 30 days of a request.",
    )
    assert _assess(
        alone,
        alone.replace(
            "When you ask us to close your account, we'll delete your:", "When we close your account we'll delete your:"
        ),
    ).material
