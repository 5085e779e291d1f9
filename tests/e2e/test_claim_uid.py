"""A claim's stable id, as exported, opens its page and its place in the queue."""

import json

import pytest

from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]


def test_the_exported_id_opens_the_claim_page_and_the_queue(page, live_server, session,
                                                             make_user):
    make_user("ana", role="admin")
    add_document(session)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    uid = json.loads(download_info.value.path().read_text().splitlines()[-1])["id"]
    page.goto(f"{live_server}/claims/{uid}")
    assert page.locator("code.uid").inner_text() == uid
    page.get_by_role("button", name="Outdated").click()
    page.locator(".claim-card.verdict-outdated").wait_for()
    page.goto(f"{live_server}/queue?scope=all&claim={uid}")
    assert page.locator("#queue-item .badge.verdict-outdated").count() == 1
    assert page.js_errors == [], "\n".join(page.js_errors)
