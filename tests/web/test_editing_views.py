"""Editing in the document view: reword over htmx, split and add by plain forms."""

from tests.factories import add_document
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}


def test_editor_rewords_over_htmx(client, session, make_user):
    make_user("ed", role="editor")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ed")
    response = client.post(f"/claims/{claim.id}/edit", data={"text": "Heavy rain on Monday",
                                                             "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200 and "Heavy rain on Monday" in response.get_data(
        as_text=True)


def test_reviewer_sees_no_edit_form_and_is_refused(client, session, make_user):
    make_user("ana")
    document, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    assert "Edit wording" not in client.get(f"/documents/{document.id}").get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/edit", data={"text": "x", "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 403


def test_split_and_add_redirect_to_the_new_claims(client, session, make_user):
    make_user("ed", role="editor")
    document, [claim, *_] = add_document(session)
    token = login_as(client, "ed")
    response = client.post(f"/claims/{claim.id}/split", data={
        "csrf_token": token, "version": "1", "part": ["Rain fell", "It was Monday"]})
    assert response.status_code == 303 and "#claim-" in response.headers["Location"]
    start = document.text.index("roads closed")
    response = client.post(f"/documents/{document.id}/claims", data={
        "csrf_token": token, "start": str(start), "end": str(start + 12)})
    assert response.status_code == 303
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "It was Monday" in html and "data-offset" in html


def test_claim_page_shows_edits_and_settlements_with_before_and_after(client, session,
                                                                      make_user):
    from app.services import editing

    ed = make_user("ed", role="editor")
    _, [claim, *_] = add_document(session)
    editing.edit_claim(session=session, actor=ed, claim_id=claim.id,
                       text="Heavy rain fell on Monday", expected_version=1)
    login_as(client, "ed")
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "claim.edited" in html and "“Rain fell on Monday”" in html
    assert "“Heavy rain fell on Monday”" in html
