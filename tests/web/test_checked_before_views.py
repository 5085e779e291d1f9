"""Checked before on the queue card and the claim page: shown escaped, applied with one key
through the normal review path, dismissed with an event; CSRF on every post."""

import dataclasses
import json

from sqlmodel import select

from app.models import Claim, ClaimMatch
from app.services import events, fact_checks, matches, offers
from tests.factories import add_document, sentence_claims
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}
CHECK = {"@type": "ClaimReview", "url": "https://checks.example/harbour-bridge",
         "claimReviewed": "The Harbour Bridge will be closed for a whole year <script>x</script>",
         "author": {"name": "Snopes <b>"}, "datePublished": "2019-03-02",
         "reviewRating": {"alternateName": "False"}}
TEXT = "The Harbour Bridge will be closed for a year of repairs. Rain fell on Monday."


def _matched_claim(session):
    fact_checks.import_fact_checks(session=session, rows=fact_checks.parse(json.dumps(CHECK)),
                                   actor="admin")
    claims = [dataclasses.replace(c, score=s) for c, s in zip(sentence_claims(TEXT), (0.9, 0.1),
                                                              strict=True)]
    _, [claim, *_] = add_document(session, text=TEXT, claims=claims)
    matches.match_claims(session=session, claim_ids=[claim.id])
    [match, *_] = matches.open_matches(session, claim.id)
    return claim, match


def test_the_queue_card_shows_the_earlier_check_escaped_with_its_keys(client, session,
                                                                      make_user):
    make_user("ana")
    claim, _ = _matched_claim(session)
    login_as(client, "ana")
    html = client.get("/queue").get_data(as_text=True)
    assert f'id="claim-{claim.id}"' in html and "Checked before" in html
    assert "<strong>disputed</strong> by Snopes &lt;b&gt;, 2019-03-02" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert 'href="https://checks.example/harbour-bridge"' in html
    assert 'data-key="c"' in html and 'data-key="d"' in html and "match " in html
    help_keys = html[html.index('id="key-help"'):]
    assert "<dt><kbd>c</kbd></dt>" in help_keys and "<dt><kbd>d</kbd></dt>" in help_keys


def test_one_key_applies_the_earlier_verdict_through_the_review_path(client, session,
                                                                     make_user):
    make_user("ana")
    claim, match = _matched_claim(session)
    token = login_as(client, "ana")
    url = f"/queue/{claim.id}/matches/{match.id}/apply?scope=unreviewed"
    refused = client.post(url, data={"version": "1"}, headers=HTMX)
    assert refused.status_code == 400  # no CSRF token: nothing applied
    stale = client.post(url, data={"version": "0"}, headers={**HTMX, "X-CSRFToken": token})
    assert stale.status_code == 409 and session.get(Claim, claim.id).verdict is None
    response = client.post(url, data={"version": "1"}, headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Applied the earlier verdict" in html and f'id="claim-{claim.id}"' not in html
    session.rollback()  # a fresh read: the app wrote meanwhile
    assert session.get(Claim, claim.id).verdict == "disputed"
    [event] = events.history(session, claim.id)
    assert event.kind == "review.set" and event.reason.startswith("checked before: disputed")
    assert event.after["evidence"] == ["https://checks.example/harbour-bridge"]


def test_dismissing_keeps_the_claim_on_screen_and_records_an_event(client, session, make_user):
    make_user("ana")
    claim, match = _matched_claim(session)
    token = login_as(client, "ana")
    response = client.post(f"/queue/{claim.id}/matches/{match.id}/dismiss",
                           headers={**HTMX, "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="claim-{claim.id}"' in html
    assert "Dismissed" in html and "Checked before" not in html
    session.rollback()
    assert [e.kind for e in events.history(session, claim.id)] == ["match.dismissed"]
    again = client.post(f"/queue/{claim.id}/matches/{match.id}/dismiss",
                        headers={**HTMX, "X-CSRFToken": token})
    assert again.status_code == 404


def test_the_claim_page_shows_its_earlier_checks_and_applies_one_with_a_plain_form(
        client, session, make_user):
    make_user("ana")
    claim, match = _matched_claim(session)
    token = login_as(client, "ana")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Checked before" in page and 'data-key="c"' in page and 'hx-boost="true"' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    response = client.post(f"/claims/{claim.id}/checked-before/{match.id}/apply",
                           data={"version": "1", "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/claims/{claim.id}")
    session.rollback()  # a fresh read: the app wrote meanwhile
    assert session.get(Claim, claim.id).verdict == "disputed"
    [row] = session.exec(select(ClaimMatch).where(ClaimMatch.id == match.id))
    assert row.status == "applied"


def test_a_twins_verdict_given_in_another_document_shows_on_the_claim(client, session,
                                                                     make_user):
    make_user("ana")
    _, [first, *_] = add_document(session, text="The mayor of Leeds said bus fares will double "
                                  "next year. Rain fell.", title="Leeds <Post>")
    _, [twin, *_] = add_document(session, text="Leeds mayor says bus fares will double next "
                                 "year. Snow fell.", title="Two")
    token = login_as(client, "ana")
    client.post(f"/claims/{first.id}/review", data={"label": "supported", "version": "1",
                                                    "csrf_token": token})
    session.rollback()
    offers.offer_all(session)  # the sequencer's part, once the review is acknowledged
    part = client.get(f"/claims/{twin.id}").get_data(as_text=True)
    assert "<strong>supported</strong> in <cite>Leeds &lt;Post&gt;</cite>" in part
    assert f'href="/claims/{first.uid}"' in part
