"""The conflicts page shows each disagreement in context and needs an explicit verdict."""

import pytest

from app.services import events, review
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]

TEXT = ("The council approved the budget on Monday. Taxes will rise by 3 percent next year. "
        "The mayor said the plan saves 40 jobs.")


@pytest.mark.parametrize("width", [1366, 390])
def test_an_editor_sees_context_and_every_review_and_must_choose(page, live_server, session,
                                                                 make_user, width):
    ana, ben = make_user("ana"), make_user("ben")
    make_user("ed", role="editor")
    _, claims = add_document(session, text=TEXT, title="Council budget")
    claim = claims[1]
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      note="budget paper", evidence=["https://example.test/budget"])
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="outdated")
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    sign_in(page, live_server, "ed")
    page.goto(f"{live_server}/claims/conflicts")
    card = page.locator(f"#conflict-{claim.id}")
    assert card.locator("blockquote.context mark").inner_text() == claim.sentence
    assert "The council approved the budget on Monday." in card.locator(
        "blockquote.context").inner_text()
    reviews = card.locator(".review-list").inner_text()
    assert "ana: Supported — budget paper" in reviews and "ben: Outdated" in reviews
    assert card.locator("a[href='https://example.test/budget']").count() == 1
    assert "In conflict: Supported 1 · Outdated 1" in card.inner_text()
    verdict = card.get_by_label("Verdict")
    assert verdict.input_value() == ""  # no default
    card.get_by_label("Why").fill("the 2024 budget")
    card.get_by_role("button", name="Settle").click()
    assert page.evaluate("document.querySelector('select:invalid') !== null")
    assert page.url.endswith("/claims/conflicts")
    session.rollback()
    assert [e.kind for e in events.history(session, claim.id)] == ["review.set", "review.set"]
    screenshot(page, f"conflicts-{width}")
    verdict.select_option("outdated")
    card.get_by_role("button", name="Settle").click()
    page.get_by_text("Settled “Taxes will rise by 3 percent next year” as Outdated.").wait_for()
    assert page.js_errors == [], "\n".join(page.js_errors)
