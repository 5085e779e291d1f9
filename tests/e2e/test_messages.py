"""Every message reads as a sentence, names labels as people do and cuts claims at a word."""

import dataclasses

import pytest

from app.services import review
from tests.e2e.test_queue_order import _press_and_wait
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e]

LONG = ("The regional transport authority announced that the northern railway extension "
        "will open to passengers in the spring of next year. Fares rose by 4 percent.")


def test_queue_messages_use_display_names_and_cut_claims_at_a_word(page, app, live_server,
                                                                  session, make_user):
    app.config["REQUIRE_NOTE_FOR"] = ("not_a_claim",)
    make_user("ana")
    first, second = sentence_claims(LONG)
    add_document(session, text=LONG, title="Railway",
                 claims=[dataclasses.replace(first, score=0.9), second])
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.keyboard.press("x")
    flash = page.locator("#queue-item .flash")
    flash.wait_for()
    text = flash.inner_text()
    assert text.startswith("“Not a claim” needs a note") and "not_a_claim" not in text
    shown = page.locator("#queue-item .claim-text").inner_text()
    _press_and_wait(page, "1", "1 claim left")
    text = page.locator("#queue-item .flash").inner_text()
    quoted = text[text.index("“") + 1:text.index("”")]
    assert quoted.endswith("…") and len(quoted) <= 61
    cut = quoted.removesuffix("…")
    assert shown.startswith(cut) and shown[len(cut)] == " "  # at a word boundary
    assert text.startswith("Saved: “") and text.rstrip().endswith("Press u to undo.")


def test_page_messages_start_with_a_capital_and_say_what_happened(page, live_server, session,
                                                                  make_user):
    ana = make_user("ana", role="editor")
    document, claims = add_document(session, text=LONG, title="Railway")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/documents/{document.id}")
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="disputed")
    card = page.locator(f"#claim-{claims[0].id}")
    card.get_by_role("button", name="Supported").click()  # the page is one version behind
    stale = page.locator(f"#claim-{claims[0].id} .flash")
    stale.wait_for()
    assert stale.inner_text().startswith(f"Claim {claims[0].id} changed since you loaded it")

    page.goto(f"{live_server}/claims")
    page.get_by_label(f"Select claim {claims[1].id}").check()
    page.get_by_label("Label the selected claims").select_option("not_a_claim")
    page.get_by_role("button", name="Apply to selection").click()
    flash = page.locator("#flash .flash").first
    flash.wait_for()
    assert flash.inner_text() == "Labelled 1 claim as Not a claim."
    unexpected = [e for e in page.js_errors if "status of 409" not in e]  # the stale label
    assert unexpected == [], "\n".join(unexpected)
