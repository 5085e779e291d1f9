"""Every page renders in Chromium at desktop and phone widths, without overflow or errors."""

import pytest

from app.services import review
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]


@pytest.mark.parametrize("width", [1280, 400])
def test_every_page_fits_and_loads_nothing_from_outside(page, live_server, session, make_user,
                                                        width):
    ana = make_user("ana", role="admin")
    document, claims = add_document(session, title="Floods in the valley")
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported",
                      note="Met office data", evidence=["https://example.test/met"])
    outside = []
    page.on("request", lambda req: outside.append(req.url)
            if not req.url.startswith(live_server) else None)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, "ana")
    for name, path in (("dashboard", "/"), ("document", f"/documents/{document.id}"),
                       ("queue", "/queue"), ("claims", "/claims"),
                       ("claim", f"/claims/{claims[0].id}"), ("guidelines", "/guidelines"),
                       ("export", "/export"), ("add-document", "/documents/new")):
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} overflows by {overflow}px at {width}px"
        assert page.locator("main h1").count() == 1, path
        screenshot(page, f"{name}-{width}")
    page.goto(live_server + "/queue")
    page.keyboard.press("Tab")  # the skip link comes first and is visible when focused
    assert page.evaluate("document.activeElement.className") == "skip"
    assert outside == []
    assert page.js_errors == [], "\n".join(page.js_errors)
