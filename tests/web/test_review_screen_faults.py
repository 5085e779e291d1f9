"""What the review screens must never do: undo a change the reviewer did not see, lose what
they typed on a refused write, erase a date when labelling in bulk, or tell a blind
reviewer a verdict hidden from them (found by an audit of the review screens)."""

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlmodel import select

from app.models import Claim, ClaimMatch, Event, Review
from app.services import editing, offers, review
from tests.factories import add_document, sentence_claims
from tests.services.test_recheck import BEFORE_DUE, DATES, TEXT
from tests.web.helpers import login_as
from tests.web.test_checked_before_views import _matched_claim

HTMX = {"HX-Request": "true"}
NOTE = "Ministry table 4 says 1.2 percent, not 2 percent; see annex B of the May report"


def _post(client, url, token, **data):
    return client.post(url, data=data, headers={**HTMX, "X-CSRFToken": token})


def _verdict(session, claim_id):
    session.rollback()
    return session.exec(select(Claim.verdict).where(Claim.id == claim_id)).one()


# Undo


def test_u_undoes_the_change_its_page_offered_never_a_newer_one_made_elsewhere(
        client, session, make_user):
    ana = make_user("ana")
    _, [first, second, third] = add_document(session)
    token = login_as(client, "ana")
    html = _post(client, f"/queue/{first.id}/review", token, label="supported",
                 version="1").get_data(as_text=True)
    [event_id] = session.exec(select(Event.id).where(Event.claim_id == first.id,
                                                     Event.kind == "review.set")).all()
    assert f"event={event_id}" in html  # the answer's u names the label just given
    # meanwhile, in another tab, ana labels another claim
    review.set_review(session=session, claim_id=third.id, actor=ana, label="disputed")
    refused = client.post(f"/queue/undo?at={second.id}&event={event_id}",
                          headers={**HTMX, "X-CSRFToken": token})
    assert refused.status_code == 409
    assert "nothing was undone" in refused.get_data(as_text=True)
    assert (_verdict(session, first.id), _verdict(session, third.id)) == ("supported",
                                                                          "disputed")
    newest = session.exec(select(Event.id).where(Event.claim_id == third.id)).all()[-1]
    undone = client.post(f"/queue/undo?at={second.id}&event={newest}",
                         headers={**HTMX, "X-CSRFToken": token})
    assert undone.status_code == 200 and _verdict(session, third.id) is None


def test_undoing_an_applied_earlier_check_offers_it_again(client, session, make_user):
    make_user("ana")
    claim, match = _matched_claim(session)
    token = login_as(client, "ana")
    applied = _post(client, f"/queue/{claim.id}/matches/{match.id}/apply", token, version="1")
    assert "Press u to undo" in applied.get_data(as_text=True)
    html = _post(client, "/queue/undo", token).get_data(as_text=True)
    assert f'id="claim-{claim.id}"' in html and "Undone" in html
    assert _verdict(session, claim.id) is None
    assert "Checked before" in html and 'data-key="c"' in html  # c works again


def test_undo_passes_over_a_label_on_a_claim_since_split(client, session, make_user):
    ana, editor = make_user("ana"), make_user("ed", role="editor")
    _, [first, second, _] = add_document(session)
    review.set_review(session=session, claim_id=first.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=second.id, actor=ana, label="disputed")
    editing.split_claim(session=session, actor=editor, claim_id=second.id,
                        parts=["The river rose", "by two metres"], expected_version=2)
    token = login_as(client, "ana")
    response = _post(client, "/queue/undo", token)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _verdict(session, first.id) is None  # the label still in force was taken back


# Refused writes keep what was typed


def test_a_bad_evidence_link_in_the_queue_keeps_the_typed_note(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    response = _post(client, f"/queue/{claim.id}/review", token, label="disputed",
                     version="1", note=NOTE, evidence="htps://stats.example/table4")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert NOTE in html and "htps://stats.example/table4" in html and "not saved yet" in html


def test_a_stale_label_on_the_claim_card_keeps_the_typed_note(client, session, make_user):
    make_user("ana")
    ben = make_user("ben")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="supported")
    response = _post(client, f"/claims/{claim.id}/review", token, label="disputed",
                     version="1", note=NOTE)
    assert response.status_code == 409 and NOTE in response.get_data(as_text=True)


def test_a_typed_note_shown_again_is_escaped(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    hostile = "</textarea><script>alert(1)</script>"
    html = _post(client, f"/queue/{claim.id}/review", token, label="disputed", version="1",
                 note=hostile, evidence="htps://x").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;/textarea&gt;&lt;script&gt;" in html


# Bulk keeps each claim's date


def test_bulk_outdated_keeps_each_claims_outdated_since(client, session, make_user):
    ana = make_user("ana")
    _, [first, second, _] = add_document(session)
    review.set_review(session=session, claim_id=first.id, actor=ana, label="outdated",
                      note="Reopened", outdated_since=dt.date(2024, 2, 1))
    review.set_review(session=session, claim_id=second.id, actor=ana, label="supported")
    token = login_as(client, "ana")
    response = client.post("/claims/bulk", data={
        "csrf_token": token, "label": "outdated",
        "selected": [f"{first.id}:2", f"{second.id}:2"]})
    assert response.status_code == 303
    session.rollback()
    kept = session.exec(select(Review.outdated_since).where(Review.claim_id == first.id)).one()
    assert kept == dt.date(2024, 2, 1)


# Blind review


def _due_claim(session, actor, label="disputed"):
    claims = [dataclasses.replace(c, dates=d)
              for c, d in zip(sentence_claims(TEXT), DATES, strict=True)]
    _, [claim, *_] = add_document(session, text=TEXT, claims=claims)
    review.set_review(session=session, claim_id=claim.id, actor=actor, label=label)
    session.execute(sa.update(Claim).where(Claim.id == claim.id).values(updated_at=BEFORE_DUE))
    session.commit()
    return session.get(Claim, claim.id)


def test_a_blind_reviewer_is_not_told_anothers_verdict_by_the_recheck_box(
        make_app, session, make_user):
    app = make_app(BLIND_REVIEW=True)
    claim = _due_claim(session, make_user("ana"))
    make_user("ben")
    ben = app.test_client()
    login_as(ben, "ben")
    html = ben.get(f"/queue?claim={claim.id}").get_data(as_text=True)
    assert f'id="claim-{claim.id}"' in html and "found disputed" not in html
    ana = app.test_client()
    login_as(ana, "ana")  # (who labelled it is asked whether it still holds)
    assert "found disputed" in ana.get(f"/queue?claim={claim.id}").get_data(as_text=True)


def test_a_blind_reviewer_cannot_confirm_a_verdict_hidden_from_them(make_app, session,
                                                                      make_user):
    app = make_app(BLIND_REVIEW=True)
    claim = _due_claim(session, make_user("ana"))
    make_user("ben")
    ben = app.test_client()
    token = login_as(ben, "ben")
    response = _post(ben, f"/queue/{claim.id}/confirm", token, version=str(claim.version))
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "still disputed" not in html.lower()
    assert "found disputed" not in html
    session.rollback()
    assert session.get(Claim, claim.id).version == claim.version  # nothing written


def test_a_blind_reviewer_cannot_apply_a_twins_verdict_hidden_from_them(make_app, session,
                                                                         make_user):
    app = make_app(BLIND_REVIEW=True)
    ana = make_user("ana")
    make_user("ben")
    _, [first, *_] = add_document(session, text="The mayor of Leeds said bus fares will double "
                                  "next year. Rain fell.", title="Leeds")
    _, [twin, *_] = add_document(session, text="Leeds mayor says bus fares will double next "
                                 "year. Snow fell.", title="Two")
    review.set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    session.rollback()
    offers.offer_all(session)
    match = session.exec(select(ClaimMatch).where(ClaimMatch.claim_id == twin.id,
                                                  ClaimMatch.match_claim_id == first.id)).one()
    ben = app.test_client()
    token = login_as(ben, "ben")
    response = _post(ben, f"/queue/{twin.id}/matches/{match.id}/apply", token, version="1")
    assert response.status_code == 404
    assert _verdict(session, twin.id) is None


def test_a_write_without_a_version_is_refused_never_a_silent_overwrite(client, session,
                                                                      make_user):
    make_user("ana")
    ben = make_user("ben")
    make_user("ed", role="editor")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="supported")
    token = login_as(client, "ana")
    for url in (f"/claims/{claim.id}/review", f"/queue/{claim.id}/review"):
        response = _post(client, url, token, label="disputed", note=NOTE)
        assert response.status_code == 422, url
        assert "names no version" in response.get_data(as_text=True), url
    editor = login_as(client, "ed")
    for url, data in ((f"/claims/{claim.id}/edit", {"text": "Rain fell hard"}),
                      (f"/claims/{claim.id}/settle", {"label": "disputed", "reason": "x"})):
        assert _post(client, url, editor, **data).status_code == 422, url
    session.rollback()
    assert session.get(Claim, claim.id).version == 2  # nothing written


def test_a_refused_form_that_sent_no_evidence_shows_the_saved_evidence(client, session,
                                                                       make_user):
    """(The re-check box sends the note alone: the evidence shown must stay the saved one,
    or the next label would save it empty.)"""
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      evidence=["https://stats.example/table4"])
    token = login_as(client, "ana")
    response = _post(client, f"/queue/{claim.id}/review", token, label="bogus", version="2",
                     note=NOTE)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NOTE in html
    assert "https://stats.example/table4</textarea>" in html
