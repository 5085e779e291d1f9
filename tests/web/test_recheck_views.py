"""The re-check queue on /queue?scope=recheck, its two actions, and the dashboard's count."""

import dataclasses

import sqlalchemy as sa

from app.models import Claim
from app.services import events, review
from tests.factories import add_document, sentence_claims
from tests.services.test_recheck import BEFORE_DUE, DATES, TEXT
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}


def _due(session, actor):
    """The first claim (due after 2024-01-26), labelled supported before that day."""
    claims = [dataclasses.replace(c, dates=d)
              for c, d in zip(sentence_claims(TEXT), DATES, strict=True)]
    _, [claim, *_] = add_document(session, text=TEXT, claims=claims)
    review.set_review(session=session, claim_id=claim.id, actor=actor, label="supported")
    session.execute(sa.update(Claim).where(Claim.id == claim.id).values(updated_at=BEFORE_DUE))
    session.commit()
    return session.get(Claim, claim.id)


def test_the_dashboard_counts_due_claims_and_links_to_the_queue(client, session, make_user):
    _due(session, make_user("ana"))
    login_as(client, "ana")
    html = client.get("/").get_data(as_text=True)
    assert "1 claim due for re-check" in html and 'href="/queue?scope=recheck"' in html


def test_the_re_check_queue_shows_why_and_confirms_with_a_key(client, session, make_user):
    claim = _due(session, make_user("ana"))
    token = login_as(client, "ana")
    html = client.get("/queue?scope=recheck").get_data(as_text=True)
    assert f'id="claim-{claim.id}"' in html and "Re-check: its date passed" in html
    assert "2024-01-26" in html and 'data-key="v"' in html and "may be outdated" in html
    assert '<option value="recheck" selected>' in html
    response = client.post(f"/queue/{claim.id}/confirm?scope=recheck",
                           data={"version": str(claim.version), "note": "Still shut."},
                           headers={**HTMX, "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Confirmed" in html
    assert "Nothing is due for re-check" in html
    session.rollback()
    assert events.history(session, claim.id)[-1].kind == "verdict.confirmed"
    stale = client.post(f"/queue/{claim.id}/confirm?scope=recheck",
                        data={"version": str(claim.version)},
                        headers={**HTMX, "X-CSRFToken": token})
    assert stale.status_code == 409


def test_marking_outdated_in_the_re_check_queue_needs_a_note(client, session, make_user):
    claim = _due(session, make_user("ana"))
    token = login_as(client, "ana")
    url = f"/queue/{claim.id}/review?scope=recheck"
    bare = client.post(url, data={"label": "outdated", "version": str(claim.version)},
                       headers={**HTMX, "X-CSRFToken": token})
    assert bare.status_code == 422 and "needs a note" in bare.get_data(as_text=True)
    noted = client.post(url, data={"label": "outdated", "version": str(claim.version),
                                   "note": "Reopened on 2 February."},
                        headers={**HTMX, "X-CSRFToken": token})
    assert noted.status_code == 200
    session.rollback()
    event = events.history(session, claim.id)[-1]
    assert (event.after["label"], event.reason) == ("outdated", "re-check: its date passed")
    assert event.after["outdated_since"] == "2024-01-27"  # the day after its date


def test_the_claims_table_badge_asks_the_dates_now(client, session, make_user):
    """ "may be outdated" on /claims comes from the claim's dates and today's clock, not from
    the flag frozen at extraction."""
    claim = _due(session, make_user("ana"))
    session.execute(sa.update(Claim).where(Claim.id == claim.id).values(time_sensitive=False))
    session.commit()
    login_as(client, "ana")
    html = client.get("/claims").get_data(as_text=True)
    assert "may be outdated</span>" in html
