"""The JSON API: token auth, a claim with history, reviews with optimistic concurrency."""

import pytest
from sqlalchemy import update
from sqlmodel import select

from app.services import users
from tests.factories import add_document


@pytest.fixture
def api(client, session, make_user):
    user = make_user("ana")
    token = users.create_api_token(session=session, user=user, name="test")
    headers = {"Authorization": f"Bearer {token}"}

    class Api:
        def get(self, path, **kw):
            return client.get(path, headers=headers, **kw)

        def post(self, path, json):
            return client.post(path, json=json, headers=headers)

    return Api()


def test_requests_without_a_valid_token_are_401(client, session):
    _, [claim, *_] = add_document(session)
    assert client.get(f"/api/v1/claims/{claim.id}").status_code == 401
    response = client.get(f"/api/v1/claims/{claim.id}",
                          headers={"Authorization": "Bearer cdk_nope"})
    assert response.status_code == 401 and "token" in response.get_json()["error"]


def test_get_claim_then_review_it(api, session):
    _, [claim, *_] = add_document(session)
    got = api.get(f"/api/v1/claims/{claim.id}").get_json()
    assert got["version"] == 1 and got["events"] == [] and got["schema"] == "claimdesk.claim/1"
    response = api.post(f"/api/v1/claims/{claim.id}/reviews", json={
        "label": "disputed", "note": "n", "evidence": ["https://example.test/e"],
        "version": 1, "reviewer_id": 999, "created_at": "1999-01-01"})
    body = response.get_json()
    assert response.status_code == 200 and body["verdict"] == "disputed"
    assert body["reviews"][0]["reviewer"] == "ana"  # extra fields are ignored
    assert body["events"][0]["kind"] == "review.set" and body["version"] == 2


def test_stale_version_is_409_with_the_current_state(api, session):
    _, [claim, *_] = add_document(session)
    api.post(f"/api/v1/claims/{claim.id}/reviews", json={"label": "supported", "version": 1})
    response = api.post(f"/api/v1/claims/{claim.id}/reviews",
                        json={"label": "disputed", "version": 1})
    assert response.status_code == 409 and response.get_json()["current"]["version"] == 2


@pytest.mark.parametrize("body", [{"label": "maybe", "version": 1}, {"label": "supported"},
                                  {"label": "supported", "version": "1"}, ["not", "an object"],
                                  {"label": "supported", "version": 1, "evidence": "x"}])
def test_bad_bodies_are_422(api, session, body):
    _, [claim, *_] = add_document(session)
    response = api.post(f"/api/v1/claims/{claim.id}/reviews", json=body)
    assert response.status_code == 422 and "error" in response.get_json()


def test_missing_claim_is_404_json(api):
    response = api.get("/api/v1/claims/999")
    assert response.status_code == 404 and response.get_json()["error"]


def test_export_stream_over_the_api(api, session):
    add_document(session)
    response = api.get("/api/v1/export.jsonl")
    assert response.status_code == 200 and len(response.get_data(as_text=True).splitlines()) == 3


def test_ids_from_the_list_and_the_export_address_the_claim_everywhere(api, client, session):
    import json

    from tests.web.helpers import login_as

    _, claims = add_document(session)
    listed = api.get("/api/v1/claims?sort=oldest").get_json()["claims"]
    exported = [json.loads(line)["id"] for line in
                api.get("/api/v1/export.jsonl").get_data(as_text=True).splitlines()]
    assert sorted(c["id"] for c in listed) == sorted(exported)  # one id in both
    first, second = listed[0]["id"], exported[-1]
    for ref, label in ((first, "supported"), (second, "disputed")):
        got = api.get(f"/api/v1/claims/{ref}")
        assert got.status_code == 200 and got.get_json()["id"] == ref
        reviewed = api.post(f"/api/v1/claims/{ref}/reviews",
                            json={"label": label, "version": got.get_json()["version"]})
        assert reviewed.status_code == 200, reviewed.get_json()
        body = reviewed.get_json()
        assert body["id"] == ref and body["verdict"] == label
        assert [e["kind"] for e in body["events"]] == ["review.set"]
        stale = api.post(f"/api/v1/claims/{ref}/reviews", json={"label": "outdated",
                                                                "version": 1})
        assert stale.status_code == 409 and stale.get_json()["current"]["id"] == ref
    assert api.get("/api/v1/claims/" + "0" * 31 + "f").status_code == 404
    assert api.get(f"/api/v1/claims/{claims[0].id}").get_json()["id"] == first  # numbers too
    login_as(client, "ana")  # page URLs take the stable id as well
    page = client.get(f"/claims/{first}")
    assert page.status_code == 200 and first in page.get_data(as_text=True)
    assert client.get(f"/queue?claim={second}").status_code == 200
    assert client.get("/claims/" + "a" * 32).status_code == 404


def test_a_review_answers_with_the_event_it_appended_not_the_whole_history(api, session):
    _, [claim, *_] = add_document(session)
    first = api.post(f"/api/v1/claims/{claim.id}/reviews",
                     json={"label": "supported", "version": 1}).get_json()
    second = api.post(f"/api/v1/claims/{claim.id}/reviews",
                      json={"label": "disputed", "note": "n", "version": 2}).get_json()
    history = api.get(f"/api/v1/claims/{claim.id}").get_json()["events"]
    assert [e["after"]["label"] for e in history] == ["supported", "disputed"]
    assert first["events"] == history[:1] and second["events"] == history[1:]
    assert (second["version"], second["verdict"]) == (3, "disputed")
    assert second["reviews"][0]["note"] == "n"
    same = api.post(f"/api/v1/claims/{claim.id}/reviews",
                    json={"label": "disputed", "note": "n", "version": 3}).get_json()
    assert same["events"] == [] and same["version"] == 3  # nothing changed, nothing appended


def test_a_token_costs_one_read_and_its_user_is_not_read_again(api, app, session):
    from sqlalchemy import event as sa_event

    _, [claim, *_] = add_document(session)
    api.get(f"/api/v1/claims/{claim.id}")  # the token's first use is noted (a write)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()).lower() + " ")

    engine = app.extensions["claimdesk.engine"]
    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        written = api.post(f"/api/v1/claims/{claim.id}/reviews",
                           json={"label": "supported", "version": 1})
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
    assert written.status_code == 200
    assert sum("api_token" in s for s in statements) == 1, statements  # used a minute ago
    users_read = [s for s in statements if s.startswith("select")
                  and (' from "user" ' in s or " from user " in s)]
    assert len(users_read) == 1 and " join api_token " in users_read[0], users_read


def test_a_claims_read_is_four_statements_and_on_postgresql_no_transaction(
        api, app, session, backend):
    from sqlalchemy import event as sa_event

    from app.models import ApiToken

    _, [claim, *_] = add_document(session)
    api.post(f"/api/v1/claims/{claim.id}/reviews", json={"label": "supported", "version": 1})
    seen: list[tuple[str, bool]] = []

    def statement(conn, _cursor, text, *_args) -> None:
        driver = conn.connection.driver_connection
        seen.append((" ".join(text.split()).lower(), getattr(driver, "autocommit", None)))

    engine = app.extensions["claimdesk.engine"]
    sa_event.listen(engine, "before_cursor_execute", statement)
    try:
        got = api.get(f"/api/v1/claims/{claim.id}")
    finally:
        sa_event.remove(engine, "before_cursor_execute", statement)
    body = got.get_json()
    assert got.status_code == 200 and body["version"] == 2 and len(body["events"]) == 1
    assert body["document"]["id"] == claim.document_id and body["reviews"][0]["reviewer"]
    texts = [text for text, _ in seen if text != "begin"]  # SQLite's own, in process
    assert len(texts) == 4 and " join document " in texts[1], texts  # token, claim, reviews,
    if backend == "postgres":  # events; no BEGIN or ROLLBACK round trips around them
        assert all(autocommit for _, autocommit in seen), seen
        assert api.post(f"/api/v1/claims/{claim.id}/reviews",  # writes stay transactions
                        json={"label": "disputed", "version": 2}).status_code == 200
    # A read's token use is still noted when due (a write of its own, committed).
    session.exec(update(ApiToken).values(last_used_at=None))
    session.commit()
    assert api.get(f"/api/v1/claims/{claim.id}").status_code == 200
    session.expire_all()
    assert session.exec(select(ApiToken.last_used_at)).first() is not None
