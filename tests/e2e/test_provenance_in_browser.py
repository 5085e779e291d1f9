"""A reviewer sees what the extractor added to a claim and, hovering it, what it replaced."""

import pytest

from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document
from tests.web.test_provenance_views import TEXT, _claims

pytestmark = [pytest.mark.e2e]


def test_hovering_an_insert_shows_the_words_it_replaces(page, live_server, session,
                                                        make_user):
    make_user("ana")
    _, claims = add_document(session, text=TEXT, claims=_claims())
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/claims/{claims[0].uid}")
    added = page.locator(".claim-text mark.added").first
    added.wait_for()
    assert added.inner_text() == "[Avon Products Inc]"
    assert added.get_attribute("title") == "Added by the extractor in place of “it”"
    added.hover()
    assert added.evaluate("e => getComputedStyle(e).cursor") == "help"
    assert page.js_errors == [], "\n".join(page.js_errors)
