"""Keys pressed while a queue request is on its way, in real Chromium: each acts on the claim
shown once the answer is in, never on the card being replaced; and a key on the document
page acts on the claim of the focused sentence, never on the page's first claim."""

import dataclasses
import re
import threading
import time

import pytest
from sqlmodel import select
from werkzeug.serving import make_server

from app.models import Claim
from app.services import review
from tests.e2e.conftest import _responses_read_whole
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document, sentence_claims

pytestmark = [pytest.mark.e2e]

TEXT = ("Exports rose 4 percent in May. Imports fell 2 percent. The deficit narrowed to "
        "$3 billion. Officials expect growth of 1.5 percent.")


@pytest.fixture
def slow_label_server(app):
    """The live server, its label and skip requests arriving 0.8 s late (a busy network or
    proxy: nothing of the app's own has run yet for them)."""
    inner = _responses_read_whole(app)

    def serve(environ, start_response):
        skipping = environ["PATH_INFO"] == "/queue" and "skip=" in environ["QUERY_STRING"]
        if re.fullmatch(r"/queue/\d+/review", environ["PATH_INFO"]) or skipping:
            time.sleep(0.8)
        return inner(environ, start_response)

    server = make_server("127.0.0.1", 0, serve, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_u_right_after_a_label_undoes_that_label_not_an_older_one(
        page, slow_label_server, session, make_user):
    ana = make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    _, [older, first, *_] = add_document(session, text=TEXT, title="Trade", claims=claims)
    # ana labelled `older` earlier (yesterday, in another tab)
    review.set_review(session=session, claim_id=older.id, actor=ana, label="supported")
    live_server = slow_label_server
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.locator(f"#claim-{first.id}").wait_for()
    page.keyboard.press("1")  # label `first` supported...
    page.keyboard.press("u")  # ...then take that back at once
    page.wait_for_timeout(2500)
    session.rollback()
    verdict = {claim_id: v for claim_id, v in session.exec(
        select(Claim.id, Claim.verdict).where(Claim.id.in_([older.id, first.id])))}
    assert (verdict[first.id], verdict[older.id]) == (None, "supported"), (
        f"u undid the older label instead: first={verdict[first.id]!r}, "
        f"older={verdict[older.id]!r}; on screen: "
        + page.locator("#queue-item .flash").inner_text())


def test_a_label_key_on_a_focused_sentence_never_labels_another_claim(
        page, live_server, session, make_user):
    """The document page says: move to a highlighted sentence with Tab (and press a). A
    reviewer there who presses 2 must not label the document's first claim."""
    make_user("ana")
    document, [first, second, third, *_] = add_document(session, text=TEXT, title="Trade")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/documents/{document.id}")
    page.locator(f"#mark-{third.id}").focus()
    page.keyboard.press("2")
    page.wait_for_timeout(1500)
    session.rollback()
    verdict = {claim_id: v for claim_id, v in session.exec(
        select(Claim.id, Claim.verdict).where(Claim.id.in_([first.id, second.id, third.id])))}
    assert (verdict[first.id], verdict[third.id]) == (None, "disputed"), (
        f"pressing 2 on the sentence of claim {third.id}: {verdict}")


def test_a_label_key_pressed_while_skipping_does_not_label_the_claim_being_skipped(
        page, slow_label_server, session, make_user):
    """j (skip) then 1 at once: 1 is meant for the next claim; the one skipped must not be
    labelled because its card was still on screen while the next one loaded."""
    make_user("ana")
    claims = [dataclasses.replace(c, score=1 - i / 10)
              for i, c in enumerate(sentence_claims(TEXT))]
    _, [skipped, following, *_] = add_document(session, text=TEXT, title="Trade", claims=claims)
    live_server = slow_label_server
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.locator(f"#claim-{skipped.id}").wait_for()
    page.keyboard.press("j")  # skip this one...
    page.keyboard.press("1")  # ...and label the next
    page.wait_for_timeout(2500)
    session.rollback()
    verdict = {claim_id: v for claim_id, v in session.exec(
        select(Claim.id, Claim.verdict).where(Claim.id.in_([skipped.id, following.id])))}
    assert (verdict[skipped.id], verdict[following.id]) == (None, "supported"), verdict
