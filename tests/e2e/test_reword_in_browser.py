"""Rewording a claim sends it back for review; the earlier reviews stay in its history."""

import re

import pytest
from playwright.sync_api import expect

from app.services import review
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]

TEXT = ("The council approved the budget on Monday. Taxes will rise by 3 percent next year. "
        "The mayor said the plan saves 40 jobs.")


def test_an_editor_rewords_a_reviewed_claim_and_it_is_back_in_review(page, live_server,
                                                                      session, make_user):
    ana = make_user("ana")
    make_user("ed", role="editor")
    document, claims = add_document(session, text=TEXT, title="Council budget")
    claim = claims[1]
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      note="budget paper p. 4")
    sign_in(page, live_server, "ed")
    page.goto(f"{live_server}/documents/{document.id}")
    card = page.locator(f"#claim-{claim.id}")
    assert card.locator(".badge.verdict-supported").count() == 1
    card.get_by_text("Edit wording or split").click()
    card.get_by_label("Wording").fill("Taxes will rise by 3 percent in 2025")
    card.get_by_label("Why (optional)").fill("resolve “next year”")
    card.get_by_role("button", name="Save wording").click()
    card = page.locator(f"#claim-{claim.id}")
    card.locator(".flash").get_by_text("back in review").wait_for()
    assert card.locator(".badge.verdict-unreviewed").inner_text() == "Unreviewed"
    note = card.locator(".reworded").inner_text()
    assert "reworded" in note and "was “Taxes will rise by 3 percent next year”" in note
    assert "budget paper" not in card.inner_text()  # ana's review no longer shown as current
    screenshot(page, "reworded-card")

    card.get_by_role("link", name="history").first.click()
    page.wait_for_url(re.compile(rf"/claims/{claim.id}(#|$)"))  # the click only starts it
    page.locator(".timeline").wait_for()
    items = page.locator(".timeline li")
    expect(items).to_have_count(2)
    first, second = items.nth(0).inner_text(), items.nth(1).inner_text()
    assert "review.set" in first and "budget paper p. 4" in first
    assert "Given on the earlier wording “Taxes will rise by 3 percent next year”" in first
    assert "claim.edited" in second and "resolve “next year”" in second
    assert "1 review given on the earlier wording no longer counts" in second
    assert "ana Supported" in second  # the reviews it had, recorded in the event
    screenshot(page, "reworded-history")
    assert page.js_errors == [], "\n".join(page.js_errors)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")  # signed out before the next sign-in starts
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue?document={document.id}")
    page.get_by_text("3 claims left").wait_for()  # hers to review again
