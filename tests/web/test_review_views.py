"""The document view, the review actions over htmx and plain forms, and the claim page."""

from app.services import events
from tests.factories import add_document
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}


def _post_review(client, token, claim, label="supported", version=None, htmx=True, **extra):
    data = {"label": label, "version": str(claim.version if version is None else version),
            "note": "", "evidence": "", **extra}
    headers = {**HTMX, "X-CSRFToken": token} if htmx else {}
    if not htmx:
        data["csrf_token"] = token
    return client.post(f"/claims/{claim.id}/review", data=data, headers=headers)


def test_document_view_highlights_every_claim(client, session, make_user):
    make_user("ana")
    document, claims = add_document(session)
    login_as(client, "ana")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    for claim in claims:
        assert f'id="mark-{claim.id}"' in html and f'id="claim-{claim.id}"' in html
    assert "Unreviewed" in html


def test_htmx_review_answers_with_the_updated_card_only(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    response = _post_review(client, token, claim, "disputed", note="wrong figure",
                            evidence="https://example.test/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith("<article") and "<html" not in html
    assert "verdict-disputed" in html and "wrong figure" in html
    assert 'name="version" value="2"' in html
    [event] = events.history(session, claim.id)
    assert event.after["label"] == "disputed"


def test_plain_form_review_redirects_back(client, session, make_user):
    make_user("ana")
    document, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    response = _post_review(client, token, claim, "outdated", htmx=False,
                            outdated_since="2024-02-01")
    assert response.status_code == 303
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Outdated" in page and "review.set" in page


def test_stale_form_gets_409_with_the_current_state(client, session, make_user):
    make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    ben = client.application.test_client()
    ben_token = login_as(ben, "ben")
    assert _post_review(ben, ben_token, claim, "supported").status_code == 200
    token = login_as(client, "ana")
    response = _post_review(client, token, claim, "disputed", version=1)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed since you loaded it" in html and "verdict-supported" in html
    assert len(events.history(session, claim.id)) == 1


def test_review_without_csrf_header_is_refused_and_writes_nothing(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    login_as(client, "ana")
    response = client.post(f"/claims/{claim.id}/review", data={"label": "supported"},
                           headers=HTMX)
    assert response.status_code == 400
    assert events.history(session, claim.id) == []


def test_forged_csrf_token_is_refused(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    login_as(client, "ana")
    response = _post_review(client, "forged-token", claim)
    assert response.status_code == 400 and events.history(session, claim.id) == []


def test_unknown_label_is_422_with_a_message(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    response = _post_review(client, token, claim, "maybe")
    assert response.status_code == 422 and "Unknown label" in response.get_data(as_text=True)
    assert events.history(session, claim.id) == []


def test_missing_claim_is_404(client, session, make_user):
    make_user("ana")
    token = login_as(client, "ana")
    response = client.post("/claims/999/review", data={"label": "supported"},
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 404


def test_undo_restores_and_keeps_history(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    _post_review(client, token, claim, "supported")
    response = client.post("/claims/undo", headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200 and "verdict-unreviewed" in response.get_data(as_text=True)
    assert [e.kind for e in events.history(session, claim.id)] == ["review.set", "review.undone"]


def test_hostile_text_is_escaped_everywhere(client, session, make_user):
    make_user("ana")
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    document, [claim] = add_document(session, text=f"Officials said {payload}.",
                                     title=payload)
    token = login_as(client, "ana")
    _post_review(client, token, claim, "disputed", note=payload)
    for path in ("/", f"/documents/{document.id}", f"/claims/{claim.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_dashboard_shows_progress_and_label_mix(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    _post_review(client, token, claim, "supported")
    html = client.get("/").get_data(as_text=True)
    assert "1 of 3 claims" in html and "Supported 1" in html and "<svg" in html


def test_dashboard_shows_reviews_per_reviewer_per_day(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session)
    token = login_as(client, "ana")
    for claim in claims[:2]:
        _post_review(client, token, claim, "supported")
    html = client.get("/").get_data(as_text=True)
    assert 'class="activity"' in html and '<th scope="row">ana</th>' in html
    assert "<td>2</td>" in html


def test_relabelling_keeps_the_reviewers_note_and_evidence(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    first = _post_review(client, token, claim, "disputed", note="source says 4.1%",
                         evidence="https://example.test/s").get_data(as_text=True)
    assert ">source says 4.1%</textarea>" in first and ">https://example.test/s</textarea>" in first
    # The refreshed card carries the note back, so pressing 3 keeps it.
    _post_review(client, token, claim, "outdated", version=2, note="source says 4.1%",
                 evidence="https://example.test/s")
    last = events.history(session, claim.id)[-1]
    assert last.after["note"] == "source says 4.1%" and last.after["label"] == "outdated"


def test_bulk_relabel_keeps_notes_and_respects_the_note_rule(make_app, session, make_user,
                                                             engine):
    from sqlmodel import Session

    from app.services import review

    app = make_app(REQUIRE_NOTE_FOR=("disputed",))
    client = app.test_client()
    ana = make_user("ana")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported",
                      note="kept note")
    token = login_as(client, "ana")
    client.post("/claims/bulk", data={"csrf_token": token, "label": "outdated",
                                      "selected": [f"{claims[0].id}:2"]})
    client.post("/claims/bulk", data={"csrf_token": token, "label": "outdated",
                                      "selected": [f"{claims[0].id}:3"]})  # same label: no-op
    client.post("/claims/bulk", data={"csrf_token": token, "label": "disputed", "selected": [
        f"{claims[1].id}:1", f"{claims[0].id}:3"]})
    with Session(engine) as fresh:  # what the app wrote, read anew
        first = [e.after for e in events.history(fresh, claims[0].id)]
        assert [a["label"] for a in first] == ["supported", "outdated", "disputed"]
        assert {a["note"] for a in first} == {"kept note"}
        assert events.history(fresh, claims[1].id) == []  # a disputed label needs a note


def test_a_second_reviewer_who_disagrees_is_told_the_claim_is_in_conflict(client, session,
                                                                          make_user):
    from app.services import review

    ana = make_user("ana")
    make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    token = login_as(client, "ben")
    response = _post_review(client, token, claim, "disputed", version=2)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Saved your Disputed on “Rain fell on Monday”. Reviewers disagree" in html
    assert "In conflict: Supported 1 · Disputed 1" in html
    assert "Unreviewed" not in html
    plain = _post_review(client, token, claim, "outdated", version=3,
                         htmx=False)
    assert plain.status_code == 303  # a plain form is told the same after the redirect
    assert "Reviewers disagree (Supported 1 · Outdated 1)" in client.get(
        plain.headers["Location"]).get_data(as_text=True)
