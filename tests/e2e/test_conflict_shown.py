"""A claim on which reviewers disagree is shown and counted as in conflict, everywhere."""

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


def test_a_disagreement_is_in_conflict_on_card_dashboard_bar_and_table(
        page, live_server, session, make_user):
    ana = make_user("ana")
    make_user("ben")
    document, claims = add_document(session, text=TEXT, title="Council budget")
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported")
    sign_in(page, live_server, "ben")
    page.goto(f"{live_server}/documents/{document.id}")
    card = page.locator(f"#claim-{claims[0].id}")
    card.get_by_role("button", name="Disputed").click()
    flash = card.locator(".flash")
    flash.wait_for()
    assert "Reviewers disagree" in flash.inner_text()
    assert "Supported 1 · Disputed 1" in flash.inner_text()
    assert "as reviewed" not in flash.inner_text()
    badge = card.locator(".badge.verdict-conflict")
    assert badge.inner_text() == "In conflict: Supported 1 · Disputed 1"
    mark = page.locator(f"#mark-{claims[0].id}")  # the highlight in the text refreshes too
    expect(mark).to_have_class(re.compile(r"\bverdict-conflict\b"))
    assert "In conflict" in mark.locator(".tag").inner_text()
    bar = page.locator(".label-bar figcaption").inner_text()
    assert "In conflict 1" in bar and "Unreviewed 2" in bar
    screenshot(page, "conflict-document")

    page.goto(f"{live_server}/")
    heading = page.locator("#overall").inner_text()
    assert "0 of 3 claims decided" in heading and "1 in conflict" in heading
    legend = page.locator(".label-bar figcaption").inner_text()
    assert "In conflict 1" in legend and "Unreviewed 2" in legend
    page.get_by_role("link", name="1 in conflict").click()
    page.wait_for_url("**/claims?*verdict=conflict*")
    rows = page.locator("#claims-rows tr")
    assert rows.count() == 1
    assert "In conflict: Supported 1 · Disputed 1" in rows.first.inner_text()
    assert page.locator("#f-verdict").input_value() == "conflict"
    screenshot(page, "conflict-claims")
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_the_queue_flash_says_the_label_waits_for_more_reviews(page, app, live_server,
                                                              session, make_user):
    app.config["REVIEWS_REQUIRED"] = 2  # the team wants two agreeing reviews
    make_user("ana")
    add_document(session, text=TEXT, title="Council budget")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.keyboard.press("1")
    flash = page.locator("#queue-item .flash")
    flash.wait_for()
    assert flash.inner_text().startswith("Saved your Supported on “")
    assert "needs 1 more review before it has a verdict" in flash.inner_text()
    page.goto(f"{live_server}/claims?verdict=pending")
    assert "Needs 1 more review (Supported 1)" in page.locator("#claims-rows").inner_text()
    assert page.js_errors == [], "\n".join(page.js_errors)
