"""The queue moves on after a label in every filter, and j/k/u walk the same order."""

import dataclasses

import pytest

from app.services import events
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e]

TEXT = ("Exports rose 4 percent in May. Imports fell 2 percent. The deficit narrowed to "
        "$3 billion. Officials expect growth of 1.5 percent.")


def _shown(page) -> int:
    card = page.locator("#queue-item .claim-card")
    return int(card.get_attribute("id").removeprefix("claim-"))


def _press_and_wait(page, key: str, text: str) -> None:
    """Press `key` and wait until htmx has swapped in an answer showing `text`."""
    before = page.locator("#queue-item .remaining").element_handle()
    page.keyboard.press(key)
    before.wait_for_element_state("hidden")  # detached: the answer was swapped in
    page.get_by_text(text).wait_for()
    page.locator(".claim-card:focus").wait_for()


@pytest.mark.parametrize("scope", ["all", "mine"])
def test_labels_walk_the_document_in_order_with_all_or_mine(page, live_server, session,
                                                            make_user, scope):
    ana = make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    document, stored = add_document(session, text=TEXT, title="Trade", claims=claims)
    add_document(session, text="Rain fell on Monday.", title="Weather")
    if scope == "mine":
        from app.services import review
        earlier = ("disputed", "outdated", "not_a_claim", "supported")  # none as relabelled
        for claim, label in zip(stored, earlier, strict=True):
            review.set_review(session=session, claim_id=claim.id, actor=ana, label=label)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue?scope={scope}&document={document.id}")
    page.get_by_text("4 claims left").wait_for()
    walked = [_shown(page)]
    for key, left in (("1", 3), ("2", 2), ("3", 1)):
        _press_and_wait(page, key, f"{left} claim{'s' if left != 1 else ''} left")
        walked.append(_shown(page))
    assert walked == [c.id for c in stored]  # most check-worthy first, none twice

    _press_and_wait(page, "k", "2 claims left")  # back one in the same order
    assert _shown(page) == stored[2].id
    _press_and_wait(page, "j", "1 claim left")
    assert _shown(page) == stored[3].id
    page.keyboard.press("x")
    page.get_by_text("Nothing left in this queue").wait_for()
    page.get_by_text("0 claims left").wait_for()
    screenshot(page, f"queue-order-{scope}")
    session.rollback()  # (a read above began a snapshot older than the browser's writes)
    for claim in stored:  # each claim labelled once (on top of the earlier review)
        kinds = [e.kind for e in events.history(session, claim.id)]
        assert kinds.count("review.set") == (2 if scope == "mine" else 1), (claim.id, kinds)
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_unreviewed_queue_k_returns_to_the_claim_labelled_before_an_undo(
        page, live_server, session, make_user):
    make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    _, stored = add_document(session, text=TEXT, title="Trade", claims=claims)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.get_by_text("4 claims left").wait_for()
    _press_and_wait(page, "1", "3 claims left")
    _press_and_wait(page, "2", "2 claims left")
    assert _shown(page) == stored[2].id
    _press_and_wait(page, "u", "Undone")  # claim 2 is back, open again
    assert _shown(page) == stored[1].id
    page.get_by_text("3 claims left").wait_for()
    _press_and_wait(page, "k", "3 claims left")  # the claim labelled before it, not claim 3
    assert _shown(page) == stored[0].id
    _press_and_wait(page, "j", "3 claims left")
    assert _shown(page) == stored[1].id
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_the_empty_queue_offers_a_way_back_and_review_again_links(page, live_server, session,
                                                                  make_user):
    make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    _, stored = add_document(session, text=TEXT, title="Trade", claims=claims)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.get_by_text("4 claims left").wait_for()
    for key, left in (("1", 3), ("2", 2), ("3", 1)):
        _press_and_wait(page, key, f"{left} claim{'s' if left != 1 else ''} left")
    before = page.locator("#queue-item .remaining").element_handle()
    page.keyboard.press("x")
    before.wait_for_element_state("hidden")
    page.get_by_text("Nothing left in this queue").wait_for()
    again = page.locator(".queue-empty")
    assert again.get_by_role("link", name="claims you reviewed").get_attribute(
        "href").startswith("/queue?scope=mine")
    screenshot(page, "queue-empty")
    _press_and_wait(page, "k", "0 claims left")  # back to the claim labelled last
    assert _shown(page) == stored[3].id
    page.goto(f"{live_server}/queue")
    page.get_by_role("link", name="claims you reviewed").click()
    page.get_by_text("4 claims left").wait_for()
    assert _shown(page) == stored[0].id
    assert page.js_errors == [], "\n".join(page.js_errors)
