"""Checked before and the re-check queue in real Chromium: a claim whose twin was labelled
in another document shows that verdict, one key applies it, and a verdict whose date has
passed waits in the re-check queue — at 1366 and 390 px."""

import dataclasses
import re

import pytest
import sqlalchemy as sa

from app.models import Claim
from app.services import events, offers, review
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims
from tests.services.test_recheck import BEFORE_DUE

pytestmark = [pytest.mark.e2e]

FIRST = "The mayor of Leeds said bus fares will double next year. Rain fell on the city."
TWIN = "Leeds mayor says bus fares will double next year. Snow fell on the moors."
DUE = "The bridge will reopen by January 26, 2024. Traffic was light."
DEADLINE = [{"text": "by January 26, 2024", "value": "2024-01-26", "deadline": True}]


def _scored(text, score, dates=()):
    first, *rest = sentence_claims(text)
    return [dataclasses.replace(first, score=score, dates=list(dates)),
            *[dataclasses.replace(c, score=0.05) for c in rest]]


def _arrange(session, make_user):
    """Ben labelled the Leeds claim disputed, and the bridge supported back in January 2024."""
    make_user("ana")
    ben = make_user("ben")
    _, [first, *_] = add_document(session, text=FIRST, title="Leeds Post",
                                  claims=_scored(FIRST, 0.5))
    _, [twin, *_] = add_document(session, text=TWIN, title="Moor News",
                                 claims=_scored(TWIN, 0.99))
    _, [due, *_] = add_document(session, text=DUE, title="Bridge works",
                                claims=_scored(DUE, 0.4, DEADLINE))
    review.set_review(session=session, claim_id=first.id, actor=ben, label="disputed")
    review.set_review(session=session, claim_id=due.id, actor=ben, label="supported")
    offers.offer_all(session)  # the sequencer's part, once the reviews are acknowledged
    session.execute(sa.update(Claim).where(Claim.id == due.id).values(updated_at=BEFORE_DUE))
    session.commit()
    return first, twin, due


@pytest.mark.parametrize("width", [1366, 390])
def test_reviewer_applies_a_twins_verdict_with_one_key_and_rechecks_a_past_due_claim(
        page, live_server, session, make_user, width):
    first, twin, due = _arrange(session, make_user)
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    sign_in(page, live_server, "ana")
    page.get_by_text("1 claim due for re-check").wait_for()

    page.goto(f"{live_server}/queue")
    card = page.locator(f"#claim-{twin.id}")
    card.wait_for()
    checked = card.locator(".checked-before")
    assert "disputed in Leeds Post" in " ".join(checked.inner_text().split())
    assert "Checked before" in checked.inner_text()
    assert re.search(r"match [01]\.\d\d", checked.inner_text())
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, f"checked-before-queue-{width}")

    page.keyboard.press("c")
    page.get_by_text("Applied the earlier verdict").wait_for()
    page.locator(f"#claim-{twin.id}").wait_for(state="detached")
    page.locator(".claim-card:focus").wait_for()  # the next claim is in, keys ready
    session.rollback()
    [applied] = events.history(session, twin.id)
    assert applied.kind == "review.set" and applied.after["label"] == "disputed"
    assert applied.after["evidence"] == [f"{live_server}/claims/{first.uid}"]

    page.goto(f"{live_server}/queue")
    page.get_by_label("Show").select_option("recheck")
    page.get_by_role("button", name="Apply").click()
    # the click only starts the navigation: its claim can show before the page's script has
    # run, and the keys below would then go nowhere (or half of them into the note)
    page.wait_for_url(re.compile(r"/queue\?(.*&)?scope=recheck(&|$)"))
    page.locator(f"#claim-{due.id}").wait_for()
    page.get_by_text("Re-check: its date passed").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, f"recheck-queue-{width}")
    page.keyboard.press("n")
    page.keyboard.type("Reopened as planned; still open.")
    page.keyboard.press("Escape")
    page.keyboard.press("v")
    page.get_by_text("Nothing is due for re-check").wait_for()
    session.rollback()
    confirmed = events.history(session, due.id)[-1]
    assert confirmed.kind == "verdict.confirmed"
    assert confirmed.after == {"verdict": "supported", "note": "Reopened as planned; still open."}
    assert page.js_errors == []


def test_on_the_claim_page_the_earlier_check_shows_and_c_applies_it(page, live_server, session,
                                                                   make_user):
    import json

    from app.services import fact_checks, matches

    make_user("ana")
    check = {"@type": "ClaimReview", "url": "https://checks.example/harbour-bridge",
             "claimReviewed": "The Harbour Bridge will be closed for a whole year of repairs.",
             "author": {"name": "Snopes"}, "datePublished": "2019-03-02",
             "reviewRating": {"alternateName": "False"}}
    fact_checks.import_fact_checks(session=session, rows=fact_checks.parse(json.dumps(check)),
                                   actor="admin")
    _, [claim, *_] = add_document(session, text="The Harbour Bridge will be closed for a year "
                                  "of repairs. Rain fell.", title="Bridge")
    matches.match_claims(session=session, claim_ids=[claim.id])
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/claims/{claim.id}")
    found = page.locator(".checked-before")
    found.wait_for()
    assert "disputed by Snopes, 2019-03-02" in " ".join(found.inner_text().split())
    screenshot(page, "checked-before-claim-page")
    page.keyboard.press("c")
    page.get_by_text("Applied the earlier verdict").wait_for()
    page.locator(f"#claim-{claim.id} .badge.verdict-disputed").wait_for()
    assert page.locator(".checked-before").count() == 0
    history = page.locator(".timeline").inner_text()
    assert "checked before: disputed by Snopes" in history
    assert page.js_errors == []
