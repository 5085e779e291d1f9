"""Bulk labelling: nothing selected stays on the table with a message; reviewers relabel
only what they reviewed, editors any claim."""

import pytest

from app.services import events, review
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]


def test_nothing_selected_stays_on_the_table_and_reload_works(page, live_server, session,
                                                              make_user):
    make_user("ana")
    add_document(session)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/claims?sort=oldest")
    page.get_by_role("button", name="Apply to selection").click()
    page.get_by_text("Nothing was labelled: select at least one claim first.").wait_for()
    assert page.url == f"{live_server}/claims?sort=oldest"
    response = page.reload()
    assert response.status == 200  # not a 405 from /claims/bulk


def test_a_reviewer_bulk_relabels_only_own_reviews_and_an_editor_any(page, live_server,
                                                                     session, make_user):
    ana = make_user("ana")
    make_user("ed", role="editor")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="outdated")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/claims")
    assert "relabel in bulk the claims you reviewed yourself" in page.locator(
        ".bulk-bar").inner_text()
    for claim in claims[:2]:
        page.get_by_label(f"Select claim {claim.id}").check()
    page.get_by_label("Label the selected claims").select_option("supported")
    page.get_by_role("button", name="Apply to selection").click()
    page.get_by_text("Labelled 1 claim as Supported.").wait_for()
    assert page.get_by_text("1 claim you have not reviewed yourself was left as it is").count()
    session.rollback()
    assert events.history(session, claims[1].id) == []
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")  # signed out before the next sign-in starts
    sign_in(page, live_server, "ed")
    page.goto(f"{live_server}/claims")
    page.get_by_label(f"Select claim {claims[1].id}").check()
    page.get_by_role("button", name="Apply to selection").click()
    page.get_by_text("Labelled 1 claim as Supported.").wait_for()
    session.rollback()
    assert [e.actor for e in events.history(session, claims[1].id)] == ["ed"]
    assert page.js_errors == [], "\n".join(page.js_errors)
