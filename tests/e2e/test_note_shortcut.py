"""Ctrl+Enter in a note saves it with the reviewer's current label; ? lists the shortcut."""

import dataclasses

import pytest

from app.services import events
from tests.e2e.test_queue_order import TEXT, _press_and_wait, _shown
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e]


def test_ctrl_enter_saves_the_note_with_the_current_label(page, live_server, session,
                                                          make_user):
    make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    _, stored = add_document(session, text=TEXT, title="Trade", claims=claims)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.get_by_text("4 claims left").wait_for()
    page.keyboard.press("n")  # no label yet: Ctrl+Enter says to choose one, saves nothing
    page.keyboard.type("Customs data")
    page.keyboard.press("Control+Enter")
    help_text = page.locator("#queue-item .note-help")
    assert "first choose a label" in help_text.inner_text()
    assert "flash-error" in help_text.get_attribute("class")
    assert events.history(session, stored[0].id) == []
    page.keyboard.press("Escape")
    _press_and_wait(page, "2", "3 claims left")  # the note is saved with the label
    _press_and_wait(page, "k", "3 claims left")
    assert _shown(page) == stored[0].id
    page.keyboard.press("n")
    page.keyboard.press("End")
    page.keyboard.type(", May release")
    before = page.locator("#queue-item .remaining").element_handle()
    page.keyboard.press("Control+Enter")
    before.wait_for_element_state("hidden")
    page.locator(".claim-card:focus").wait_for()
    assert _shown(page) == stored[1].id  # on to the next claim
    session.rollback()  # a fresh read: see what the browser saved
    notes = [(e.after["label"], e.after["note"]) for e in events.history(session, stored[0].id)]
    assert notes == [("disputed", "Customs data"), ("disputed", "Customs data, May release")]
    page.keyboard.press("?")
    assert "in the note: save it with your current label" in page.locator(
        "#key-help").inner_text()
    assert page.js_errors == [], "\n".join(page.js_errors)
