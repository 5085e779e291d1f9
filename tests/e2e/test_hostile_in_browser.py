"""Hostile text fires nothing in a real browser."""

import pytest

from app.services import review
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document
from tests.hostile import PAYLOADS

pytestmark = [pytest.mark.e2e]


def test_no_payload_runs_in_chromium(page, live_server, session, make_user):
    ana = make_user("ana", role="admin")
    text = " ".join(f"Officials said {payload}." for payload in PAYLOADS)
    document, claims = add_document(session, text=text, title=PAYLOADS[0])
    for claim, payload in zip(claims, PAYLOADS, strict=False):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed",
                          note=payload)
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
