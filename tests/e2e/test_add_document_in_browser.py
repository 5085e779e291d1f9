"""Adding a document lands on it; pasting a text already in claimdesk links to that one."""

import re

import pytest

from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e, pytest.mark.model]

TEXT = ("The finance ministry said on Wednesday that exports rose 4 percent in May. "
        "Officials expect growth of 2 percent next year.")


def test_a_new_text_opens_its_document_and_a_known_one_links_to_it(page, live_server,
                                                                  session, make_user):
    make_user("ed", role="editor")
    known, _ = add_document(session, text="Rain fell on Monday. The river rose.",
                            title="Floods")
    sign_in(page, live_server, "ed")
    page.goto(f"{live_server}/documents/new")
    page.get_by_label("Title (optional)").fill("Trade in May")
    page.get_by_label("Text", exact=True).fill(TEXT)
    page.get_by_role("button", name="Extract claims").click()
    page.wait_for_url(re.compile(r"/documents/\d+$"), timeout=60_000)
    assert page.locator("main h1").inner_text() == "Trade in May"
    assert page.locator("#flash").get_by_text("Added “Trade in May”").count() == 1

    page.goto(f"{live_server}/documents/new")
    page.get_by_label("Text", exact=True).fill("Rain fell on Monday. The river rose.")
    page.get_by_role("button", name="Extract claims").click()
    link = page.locator("#new-document-result").get_by_role("link", name="Floods")
    link.wait_for()
    assert "already in claimdesk" in page.locator("#new-document-result").inner_text()
    link.click()
    page.wait_for_url(f"{live_server}/documents/{known.id}")
    assert page.js_errors == [], "\n".join(page.js_errors)
