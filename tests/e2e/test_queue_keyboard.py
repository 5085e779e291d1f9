"""The queue driven from the keyboard alone, in real Chromium."""

import dataclasses

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e]

TEXT = ("Exports rose 4 percent in May. Imports fell 2 percent. The deficit narrowed to "
        "$3 billion. Officials expect growth of 1.5 percent. The minister resigned on Friday. "
        "Unemployment stayed at 5 percent.")


def test_reviewer_labels_five_claims_with_keys_undoes_one_and_adds_a_note(
        page, live_server, session, make_user):
    make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    document, stored = add_document(session, text=TEXT, title="Trade figures", claims=claims)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.get_by_text("6 claims left").wait_for()
    screenshot(page, "queue")

    for key, remaining in (("1", 5), ("2", 4), ("3", 3), ("x", 2)):
        page.keyboard.press(key)
        page.get_by_text(f"{remaining} claim{'s' if remaining != 1 else ''} left").wait_for()
        page.locator(".claim-card:focus").wait_for()  # the next claim is in and ready
    page.keyboard.press("u")
    page.get_by_text("Undone").wait_for()
    page.get_by_text("3 claims left").wait_for()  # the undone claim is open again
    page.locator(".claim-card:focus").wait_for()

    page.keyboard.press("n")
    page.keyboard.type("Ministry data says <b>1.2</b> percent")
    page.get_by_label("Evidence links").fill("https://example.test/ministry")
    page.keyboard.press("Escape")
    page.keyboard.press("2")
    page.get_by_text("2 claims left").wait_for()
    page.locator(".claim-card:focus").wait_for()
    page.keyboard.press("1")
    page.get_by_text("1 claim left").wait_for()

    page.keyboard.press("?")
    page.get_by_role("heading", name="Keyboard").wait_for()
    screenshot(page, "queue-help")
    page.keyboard.press("Escape")

    noted = stored[3]  # "Officials expect growth…": labelled x, undone, then disputed with a note
    page.goto(f"{live_server}/claims/{noted.id}")
    timeline = page.locator(".timeline li")
    assert timeline.count() == 3
    text = page.locator(".timeline").inner_text()
    assert "review.undone" in text and "<b>1.2</b>" in text
    assert page.locator(".timeline a[href='https://example.test/ministry']").count() == 1
    screenshot(page, "queue-claim-history")
    assert page.js_errors == [], "\n".join(page.js_errors)
