"""Several reviewers per claim: blind review, conflicts and an editor's settlement."""

import pytest

from app.services import events, review
from app.services.errors import Forbidden, InvalidInput
from tests.factories import add_document
from tests.web.helpers import login_as


def test_disagreement_goes_to_conflicts_and_an_editor_settles_it(session, make_user):
    ana, ben, ed = make_user("ana"), make_user("ben"), make_user("ed", role="editor")
    _, [claim, other, _] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="disputed")
    review.set_review(session=session, claim_id=other.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=other.id, actor=ben, label="supported")
    assert [c.id for c in review.conflicts(session)] == [claim.id]
    with pytest.raises(Forbidden):
        review.settle(session=session, actor=ana, claim_id=claim.id, label="supported",
                      reason="I say so", expected_version=None)
    with pytest.raises(InvalidInput):
        review.settle(session=session, actor=ed, claim_id=claim.id, label="supported",
                      reason=" ", expected_version=None)
    settled = review.settle(session=session, actor=ed, claim_id=claim.id, label="disputed",
                            reason="The ministry's own table contradicts it",
                            expected_version=3)
    assert settled.verdict == "disputed" and settled.settled_by == "ed"
    assert review.conflicts(session) == []
    last = events.history(session, claim.id)[-1]
    assert last.kind == "verdict.settled" and "ministry" in last.reason
    again = review.set_review(session=session, claim_id=claim.id, actor=ana, label="outdated")
    assert again.verdict == "disputed"  # the settlement stands


def test_blind_reviewer_sees_no_other_labels_until_giving_theirs(make_app, session, make_user):
    app = make_app(BLIND_REVIEW=True)
    ana, _ = make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed",
                      note="secret-note-of-ana")
    ben_client = app.test_client()
    token = login_as(ben_client, "ben")
    for path in (f"/claims/{claim.id}", f"/documents/{claim.document_id}", "/queue?scope=all",
                 "/claims"):
        html = ben_client.get(path).get_data(as_text=True)
        assert "secret-note-of-ana" not in html and "verdict-disputed" not in html, path
    assert ben_client.get("/export.jsonl").status_code == 403
    ben_client.post(f"/claims/{claim.id}/review", data={"label": "supported", "version": "2"},
                    headers={"HX-Request": "true", "X-CSRFToken": token})
    html = ben_client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "secret-note-of-ana" in html


def test_conflicts_page_is_for_editors(client, app, session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    make_user("ed", role="editor")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="outdated")
    login_as(client, "ana")
    assert client.get("/claims/conflicts").status_code == 403
    editor = app.test_client()
    token = login_as(editor, "ed")
    assert claim.text in editor.get("/claims/conflicts").get_data(as_text=True)
    response = editor.post(f"/claims/{claim.id}/settle", data={
        "csrf_token": token, "label": "outdated", "reason": "superseded", "version": "3"})
    assert response.status_code == 303
    assert "No conflicts" in editor.get("/claims/conflicts").get_data(as_text=True)


def test_blind_reviewer_cannot_filter_by_others_labels(make_app, session, make_user):
    app = make_app(BLIND_REVIEW=True)
    ana, _ = make_user("ana"), make_user("ben")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="disputed")
    client = app.test_client()
    login_as(client, "ben")
    html = client.get("/claims?verdict=disputed", headers={"HX-Request": "true"}).get_data(
        as_text=True)
    # the filter reaches only the claims ben labelled (none): ana's label is not told
    assert not any(f"/claims/{c.id}\"" in html for c in claims)
    assert all(f"/claims/{c.id}\"" in client.get("/claims", headers={"HX-Request": "true"})
               .get_data(as_text=True) for c in claims)
    assert "label-bar" not in client.get(f"/documents/{claims[0].document_id}").get_data(
        as_text=True)
