"""Hostile text fires nothing in a real browser."""

import pytest

from tests.e2e.test_review_in_browser import sign_in
from tests.hostile import PAYLOADS, hostile_document

pytestmark = [pytest.mark.e2e]


def test_no_payload_runs_in_chromium(page, live_server, session, make_user):
    document, claims = hostile_document(session, make_user("ana", role="admin"), PAYLOADS[0])
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_server, "ana")
    for path in ("/", f"/documents/{document.id}", "/queue?scope=all", "/claims",
                 f"/claims/{claims[0].id}", f"/claims/{claims[3].id}"):
        page.goto(live_server + path)
        page.wait_for_timeout(150)
        assert page.locator("#xss-4, img[src=x], svg[onload]").count() == 0, path
    assert dialogs == []
    assert page.url.endswith(f"/claims/{claims[3].id}")  # the hx-get=/logout payload did nothing
