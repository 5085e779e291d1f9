"""The claims table page, its htmx rows and bulk actions."""

from app.services import events
from tests.factories import add_document
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}


def test_table_page_and_htmx_rows(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session)
    login_as(client, "ana")
    page = client.get("/claims").get_data(as_text=True)
    assert "<table" in page and all(c.text in page for c in claims)
    rows = client.get("/claims?q=river", headers=HTMX)
    html = rows.get_data(as_text=True)
    assert "<table" not in html and "Rain fell" not in html
    assert '<mark class="hit">river</mark> rose' in html


def test_rows_link_to_each_claim_and_its_place_in_its_document(client, session, make_user):
    """The rows' links (a path per page, each row's ids appended) are url_for's, under a
    prefix the app is served at as well."""
    make_user("ana")
    document, claims = add_document(session)
    login_as(client, "ana")
    for root in ("", "/desk"):
        html = client.get("/claims", headers=HTMX, environ_overrides={"SCRIPT_NAME": root}
                          ).get_data(as_text=True)
        for claim in claims:
            assert f'<a href="{root}/claims/{claim.id}">' in html
            assert f'<a href="{root}/documents/{document.id}#claim-{claim.id}">' in html


def test_bulk_label_writes_one_event_per_claim(client, session, make_user):
    make_user("ana", role="editor")
    _, claims = add_document(session)
    token = login_as(client, "ana")
    response = client.post("/claims/bulk", data={
        "csrf_token": token, "label": "supported",
        "selected": [f"{c.id}:{c.version}" for c in claims[:2]]})
    assert response.status_code == 303
    assert [len(events.history(session, c.id)) for c in claims] == [1, 1, 0]


def test_bulk_with_stale_versions_leaves_those_claims_alone(client, session, make_user):
    make_user("ana", role="editor")
    _, claims = add_document(session)
    token = login_as(client, "ana")
    client.post("/claims/bulk", data={"csrf_token": token, "label": "supported",
                                      "selected": [f"{claims[0].id}:1"]})
    client.post("/claims/bulk", data={"csrf_token": token, "label": "disputed",
                                      "selected": [f"{claims[0].id}:1", f"{claims[1].id}:1"]})
    assert [e.after["label"] for e in events.history(session, claims[0].id)] == ["supported"]
    assert [e.after["label"] for e in events.history(session, claims[1].id)] == ["disputed"]
    assert "changed since the table was loaded" in client.get("/claims").get_data(as_text=True)


def test_bulk_without_selection_or_with_a_bad_label_is_refused(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session)
    token = login_as(client, "ana")
    empty = client.post("/claims/bulk", data={"csrf_token": token, "label": "supported"},
                        headers={"Referer": "http://localhost/claims?q=rain"})
    assert empty.status_code == 303 and empty.headers["Location"].endswith("/claims?q=rain")
    assert "select at least one claim" in client.get("/claims").get_data(as_text=True)
    response = client.post("/claims/bulk", data={"csrf_token": token, "label": "nope",
                                                 "selected": [f"{claims[0].id}:1"]})
    assert response.status_code == 422 and events.history(session, claims[0].id) == []


def test_a_reviewer_relabels_in_bulk_only_claims_they_reviewed(client, session, make_user):
    from app.services import review

    ana = make_user("ana")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="outdated")
    token = login_as(client, "ana")
    response = client.post("/claims/bulk", data={
        "csrf_token": token, "label": "supported",
        "selected": [f"{claims[0].id}:2", f"{claims[1].id}:1"]})
    assert response.status_code == 303
    assert [e.after["label"] for e in events.history(session, claims[0].id)] == [
        "outdated", "supported"]
    assert events.history(session, claims[1].id) == []
    html = client.get("/claims").get_data(as_text=True)
    assert "Labelled 1 claim as Supported." in html
    assert "1 claim you have not reviewed yourself was left as they are" not in html
    assert "1 claim you have not reviewed yourself was left" in html
