"""Every page renders in Chromium at desktop (1366×900) and phone (390×844) sizes: no
sideways scrolling, no word broken in the middle, nothing loaded from outside, no errors."""

import pytest

from app.services import review, users
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
LONG_TITLE = "Floods in the valley: the river authority's account of the week's rainfall"
TEXT = ("Rain fell on Monday. The river rose by two metres, the authority said in its report "
        "at https://example.test/reports/2024/rainfall-and-river-levels-in-the-valley. "
        "Officials said roads closed.")

# What sticks out on the right, to name it when a page scrolls sideways.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8)
  .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} `
              + (e.textContent || '').trim().slice(0, 40))"""

# Words (up to 20 characters between spaces) that a browser split over two lines: their
# characters' boxes must all lie on one line. Longer runs (a URL) may break anywhere.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const match of node.data.matchAll(/(?<!\\S)\\S{2,20}(?!\\S)/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def _pages(document, claims, conflict):
    return (("dashboard", "/"), ("document", f"/documents/{document.id}"),
            ("queue", "/queue"), ("claims", "/claims"), ("claim", f"/claims/{claims[1].id}"),
            ("conflicts", "/claims/conflicts"), ("agreement", "/agreement"),
            ("guidelines", "/guidelines"), ("export", "/export"),
            ("add-document", "/documents/new"), ("account", "/account"), ("admin", "/admin"),
            ("conflict-claim", f"/claims/{conflict.id}"))


def _check(page, path, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(WIDE) if overflow > 1 else []
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px: {wide}"
    assert page.locator("main h1").count() == 1, path
    split = page.evaluate(SPLIT_WORDS, "main th, main .badge, main td, main h1, main h2, "
                                       "main label, main button, .topbar")
    assert split == [], f"{path} at {width}px breaks words: {split}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_fits_and_loads_nothing_from_outside(page, live_server, session, make_user,
                                                        viewport):
    width, height = VIEWPORTS[viewport]
    ana = make_user("ana", role="admin")
    ben = make_user("ben")
    users.create_api_token(session=session, user=ana, name="a script with a long name")
    document, claims = add_document(session, text=TEXT, title=LONG_TITLE)
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="supported",
                      note="Met office data", evidence=["https://example.test/met/2024/01"])
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="not_a_claim")
    review.set_review(session=session, claim_id=claims[0].id, actor=ben, label="disputed")
    outside = []
    page.on("request", lambda req: outside.append(req.url)
            if not req.url.startswith(live_server) else None)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server}/login")
    _check(page, "/login", width)
    sign_in(page, live_server, "ana")
    for name, path in _pages(document, claims, claims[0]):
        page.goto(live_server + path)
        screenshot(page, f"{name}-{width}")
        _check(page, path, width)
    page.goto(live_server + "/queue")
    page.keyboard.press("Tab")  # the skip link comes first and is visible when focused
    assert page.evaluate("document.activeElement.className") == "skip"
    assert outside == []
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_the_account_page_is_in_the_menu_on_a_phone(page, live_server, make_user):
    make_user("ana")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "ana")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Account")
    assert link.is_visible()
    link.click()
    page.wait_for_url(f"{live_server}/account")
