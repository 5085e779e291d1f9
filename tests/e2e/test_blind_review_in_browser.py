"""What a blind reviewer sees in Chromium: their own progress, a queue that does not tell
agreed claims from disputed ones, and agreement figures only on claims they labelled."""

import pytest

from app.services import review
from tests.e2e.conftest import screenshot
from tests.e2e.test_queue_order import _press_and_wait
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]
TEXT = ("Taxes rose in May. The mayor resigned on Friday. "
        "Rents fell by a tenth. Schools reopened early.")


@pytest.fixture
def app(make_app):
    return make_app(BLIND_REVIEW=True, REVIEWS_REQUIRED=2)


def test_blind_reviewer_sees_only_their_own_work(page, live_server, session, make_user):
    ana, ben, _ = make_user("ana"), make_user("ben"), make_user("carl")
    _, [agreed, conflict, pending, _untouched] = add_document(session, text=TEXT,
                                                              title="Town news")
    for claim, (a, b) in ((agreed, ("supported", "supported")),
                          (conflict, ("supported", "disputed"))):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=a,
                          reviews_required=2)
        review.set_review(session=session, claim_id=claim.id, actor=ben, label=b,
                          reviews_required=2)
    review.set_review(session=session, claim_id=pending.id, actor=ana, label="disputed",
                      note="ana-private-note", reviews_required=2)
    sign_in(page, live_server, "carl")

    overall = page.locator("#overall").inner_text()
    assert overall.startswith("Your progress: 0 of 4 claims labelled by you")
    body = page.locator("main").inner_text()
    assert "conflict" not in body.lower() and "decided" not in body.lower()
    assert page.locator(".label-bar").count() == 0
    screenshot(page, "blind-dashboard")

    page.goto(f"{live_server}/agreement")
    text = page.locator("main").inner_text()
    assert "only the claims you have labelled" in text
    assert "ana / ben" not in text and "Town news" not in text
    screenshot(page, "blind-agreement")

    page.goto(f"{live_server}/queue")
    page.get_by_text("2 claims left").wait_for()  # the agreed and the disputed claim alike
    assert "Hidden until you review" in page.locator("#queue-item").inner_text()
    _press_and_wait(page, "1", "1 claim left")
    card = page.locator("#queue-item").inner_text()
    assert "Hidden until you review" in card and "ana-private-note" not in card
    screenshot(page, "blind-queue")

    page.goto(f"{live_server}/")
    assert "1 of 4 claims labelled by you" in page.locator("#overall").inner_text()
    assert page.js_errors == [], "\n".join(page.js_errors)
