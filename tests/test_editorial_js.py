"""The compare page's ``isEditorial`` (notices.js) against ``editorial.is_editorial``, in Chromium.

The compare page redlines two versions in the browser; an edit it calls editorial must be the
one the build calls editorial, or the two redlines of the same pair differ. One page, no site
build: the script is loaded into a blank page and asked about each pair of sentences.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import chromium

from notices.changes.editorial import is_editorial
from notices.site.assets import notices_js

PAIRS = [
    ("We keep orders.", "We keep orders.."),  # punctuation
    ("We Keep Orders.", "we keep orders."),  # case
    ("See https://kite.example/a for more.", "See https://kite.example/b for more."),  # link
    ("We recieve orders.", "We receive orders."),  # spelling
    ("This is hot we keep it.", "This is how we keep it."),  # one letter of a short word
    ("We keep server log for a year.", "We keep server logs for a year."),
    ("We keep you orders.", "We keep your orders."),
    ("We do now sell your data.", "We do not sell your data."),  # negation: never spelling
    ("We store it in Austria.", "We store it in Australia."),  # a country: never spelling
    ("we store it in austria.", "we store it in australia."),  # even written in lower case
    ("We store it in Norway.", "We store it in Narway."),
    ("We sell and share data.", "We sell or share data."),  # and / or: never editorial
    ("Nous gardons vos données sept ans.", "Nous gardons vos données deux ans."),  # numbers in words
    ("We keep it for one year.", "We keep it for ten years."),
    ("We keep it for 5 years.", "We keep it for 6 years."),
    ("If you buy a kite, you pay us.", "If you buy a kite or pay fees to a club, you pay us."),  # "to": no number
    ("Un kite est livré.", "Une kite est livrée."),  # function words both sides
    ("Our kites are for everyone–from children to pilots.", "Our kites are for everyone -- from children to pilots."),
    ("Read the section described above.", "Read the section described in the Kites Section."),  # cross-reference
    ("Read the channels described above.", "Read the channels described in the shop."),
    ("We will keep orders.", "We keep orders."),  # tense
    ("Please see the list.", "Please view the list."),  # same words
    ("Opt out of any sale.", "Opt out of the sale."),
    ("E-mail us.", "Email us."),
    (
        "We keep orders for the shop and we keep invoices for the bank.",
        "We keep orders for the shop and we also keep invoices for the bank.",
    ),
    ("We keep orders for the shop.", "We keep parcels for the shop."),
    ("Write to mailto:desk@kite.example today.", "Write to desk@kite.example today."),  # the scheme of an address
    ("Our KITE-7-Club members fly.", "Our KITE-Club members fly."),  # a number dropped from a name
    ("Our KITE-7-Club members fly.", "Our KITE-8-Club members fly."),  # a number changed: never editorial
]


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with chromium() as browser:
        page = browser.new_page()
        page.set_content("<!doctype html><html><head></head><body></body></html>")
        page.add_script_tag(content=notices_js())
        yield page


@pytest.mark.parametrize("old, new", PAIRS)
def test_the_compare_page_judges_an_edit_as_the_build_does(page: Any, old: str, new: str) -> None:
    editorial, kinds = page.evaluate("([a, b]) => window.noticesRedline.isEditorial(a, b)", [old, new])
    assert (editorial, tuple(kinds)) == is_editorial(old, new)


def test_the_script_carries_the_words_of_country_names() -> None:
    assert "/*notices:places*/" not in notices_js() and '"australia"' in notices_js()
