"""Adding a claim the extractor missed: a plain drag anywhere offers it, a keyboard route
exists, the cards stay beside the text, and the extractor reads the new claim's sentence."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e, pytest.mark.model]

TEXT = ("Rain fell on Monday. The minister said on Friday that taxes may rise by 3 percent "
        "next year. Roads closed.")


def _drag_over(page, locator, first: str, last: str) -> None:
    """A plain mouse drag from the start of `first` to the end of `last` inside `locator`."""
    boxes = locator.evaluate("""(el, words) => {
      const node = el.firstChild, text = node.data;
      const box = (from, to) => { const r = document.createRange();
        r.setStart(node, from); r.setEnd(node, to); return r.getBoundingClientRect(); };
      const a = text.indexOf(words[0]), b = text.indexOf(words[1]) + words[1].length;
      const s = box(a, a + 1), e = box(b - 1, b);
      return [s.left + 1, s.top + s.height / 2, e.right - 1, e.top + e.height / 2];
    }""", [first, last])
    page.mouse.move(boxes[0], boxes[1])
    page.mouse.down()
    page.mouse.move((boxes[0] + boxes[2]) / 2, boxes[3], steps=5)
    page.mouse.move(boxes[2], boxes[3], steps=5)
    page.mouse.up()


def test_a_plain_drag_in_a_highlighted_sentence_offers_add_as_claim(page, live_server, session,
                                                                   make_user):
    make_user("ana")
    page.set_viewport_size({"width": 1366, "height": 900})
    document, claims = add_document(session, text=TEXT, title="Taxes",
                                    claims=sentence_claims(TEXT)[1:2])
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/documents/{document.id}")
    cards_top = page.locator("section.cards").bounding_box()["y"]
    _drag_over(page, page.locator(f"#mark-{claims[0].id} .piece"), "taxes", "year")
    form = page.locator("#add-claim")
    form.wait_for()
    assert form.get_by_label("Add as a claim").input_value() == (
        "taxes may rise by 3 percent next year")
    assert page.locator("section.cards").bounding_box()["y"] == cards_top  # not pushed down
    screenshot(page, "add-claim-form")
    form.get_by_role("button", name="Add as claim").click()
    page.wait_for_url(re.compile(rf"/documents/{document.id}#claim-\d+$"))  # the page it opens
    page.get_by_text("Claim added.").wait_for()
    card = page.locator(".claim-card").filter(has=page.locator(
        ".claim-text", has_text=re.compile(r"^taxes may rise by 3 percent next year$", re.I)))
    meta = card.locator(".claim-meta").inner_text()
    assert "according to" in meta and "minister" in meta.lower()
    assert "hedged" in meta and "2025" in meta
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_keyboard_focus_a_sentence_press_a_and_edit_the_wording(page, live_server, session,
                                                               make_user):
    make_user("ana")
    page.set_viewport_size({"width": 390, "height": 844})
    document, claims = add_document(session, text=TEXT, title="Taxes",
                                    claims=sentence_claims(TEXT)[1:2])
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/documents/{document.id}")
    mark = page.locator(f"#mark-{claims[0].id}")
    for _ in range(30):  # Tab until the highlighted sentence has the focus
        page.keyboard.press("Tab")
        if mark.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the highlighted sentence")
    page.keyboard.press("a")
    field = page.locator("#add-claim-text")
    assert field.evaluate("el => el === document.activeElement")
    assert field.input_value() == claims[0].sentence
    field.fill("The minister said taxes may rise by 3 percent next year")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Add as claim"
    # the flash at the top can show before the cards further down the new page are in
    page.wait_for_url(re.compile(rf"/documents/{document.id}#claim-\d+$"))
    page.get_by_text("Claim added.").wait_for()
    added = page.locator(".claim-card", has_text="The minister said taxes may rise")
    expect(added).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    assert page.js_errors == [], "\n".join(page.js_errors)
