"""Highlighted sentences say their claims' states in words, with a legend, and keep the
space before the next sentence."""

import dataclasses

import pytest

from app.services import review
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e]

TEXT = "Rain fell on Monday and the river rose. Officials said roads closed. Schools shut."


@pytest.mark.parametrize("width", [1366, 390])
def test_tags_read_as_words_and_sentences_keep_their_spacing(page, live_server, session,
                                                            make_user, width):
    ana = make_user("ana")
    rain, officials, schools = sentence_claims(TEXT)
    river = dataclasses.replace(rain, text="The river rose")  # a second claim, same sentence
    document, stored = add_document(session, text=TEXT, title="Floods",
                                    claims=[rain, river, officials, schools])
    first = next(c for c in stored if c.text == rain.text)
    review.set_review(session=session, claim_id=first.id, actor=ana, label="supported")
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/documents/{document.id}")
    text = page.locator("#document-text p").last.inner_text()
    assert "mixed" not in text and "×" not in text
    assert "Supported 1 · Unreviewed 1" in text
    assert "Unreviewed 1 Officials said" in text  # a space after the tag
    assert "Unreviewed Schools shut" in text
    assert "underlined in its claims' colour" in page.locator(".legend-note").inner_text()
    screenshot(page, f"document-tags-{width}")
    assert page.js_errors == [], "\n".join(page.js_errors)
