"""Hostile input through the web and the API: refused with a message, never a 500, nothing
partly stored, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Document, Review
from app.services import users
from tests.factories import add_document
from tests.web.helpers import login_as

NUL, SURROGATE = "\x00", "\ud800"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def ana(session, make_user):
    """An admin with a document of claims; returns (claims, CSRF token, API headers)."""
    user = make_user("ana", role="admin")
    _, claims = add_document(session)
    return user, claims


def _signed_in(client, session):
    token = login_as(client, "ana")
    api = {"Authorization": "Bearer " + users.create_api_token(
        session=session, user=users.find_user(session, "ana"), name="t")}
    return token, api


def _reviews(session) -> list[Review]:
    session.rollback()
    return session.exec(select(Review)).all()


def test_nul_in_the_sign_in_form_is_refused_not_a_500(client, ana):
    response = client.post("/login", data={"username": "ana" + NUL, "password": "x"})
    assert response.status_code == 422
    assert "NUL character" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["note", "evidence", "label"])
def test_nul_in_a_review_form_is_refused_and_nothing_stored(client, session, ana, field):
    _, [claim, *_] = ana
    token, _ = _signed_in(client, session)
    data = {"label": "disputed", "version": "1", "note": "", "evidence": ""}
    data[field] += ("https://example.test/a" if field == "evidence" else "") + NUL
    response = client.post(f"/claims/{claim.id}/review", data=data,
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 422
    assert f"“{field}” contains a NUL character" in response.get_data(as_text=True)
    assert _reviews(session) == []


@pytest.mark.parametrize("path", ["/claims?q=a%00b", "/queue?document=1%00",
                                  "/export.jsonl?reviewer=a%00"])
def test_nul_in_a_query_is_refused(client, session, ana, path):
    _signed_in(client, session)
    assert client.get(path).status_code == 422


def test_nul_in_pasted_text_and_file_names_is_refused(client, session, ana):
    token, _ = _signed_in(client, session)
    for data in ({"text": "Prices rose" + NUL + " 3 percent.", "title": "t"},
                 {"text": "Prices rose 3 percent.", "title": "t" + NUL}):
        response = client.post("/documents/new", data={**data, "csrf_token": token})
        assert response.status_code == 422, data
    import io

    response = client.post("/documents/new", data={
        "csrf_token": token, "file": (io.BytesIO(b"Prices rose 3 percent."), "a\x00.txt")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    session.rollback()
    assert len(session.exec(select(Document)).all()) == 1  # the fixture's only


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
@pytest.mark.parametrize("field", ["note", "label"])
def test_unstorable_text_in_api_json_is_refused_with_422(client, session, ana, bad, field):
    _, [claim, *_] = ana
    _, api = _signed_in(client, session)
    body = {"label": "disputed", "note": "", "version": claim.version}
    body[field] += bad
    response = client.post(f"/api/v1/claims/{claim.id}/reviews", json=body, headers=api)
    assert response.status_code == 422
    assert field in response.get_json()["error"]
    assert _reviews(session) == []
    response = client.post(f"/api/v1/claims/{claim.id}/reviews", headers=api,
                           data='{"label": "disputed", "note": "\\u0000", "version": 1}',
                           content_type="application/json")
    assert response.status_code == 422


@pytest.mark.parametrize("depth", [40, 5000, 200_000])
def test_deeply_nested_json_is_a_400(client, session, ana, depth):
    _, [claim, *_] = ana
    _, api = _signed_in(client, session)
    response = client.post(f"/api/v1/claims/{claim.id}/reviews", headers=api,
                           data="[" * depth + "]" * depth, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["error"]


def test_export_until_the_last_day_works(client, session, ana):
    _, claims = ana
    _signed_in(client, session)
    for query in ("until=9999-12-31", "since=0001-01-01", "since=9999-12-31"):
        response = client.get(f"/export.jsonl?{query}")
        response.get_data()  # streamed: read to the end
        assert response.status_code == 200, query
    assert len(client.get("/export.jsonl?until=9999-12-31").get_data(
        as_text=True).splitlines()) == len(claims)


@pytest.mark.parametrize("body", [{"note": {"a": 1}}, {"note": 5}, {"note": ["x"]},
                                  {"label": 1}, {"label": True}, {"label": None}])
def test_non_strings_where_text_belongs_are_refused_with_422(client, session, ana, body):
    _, [claim, *_] = ana
    _, api = _signed_in(client, session)
    response = client.post(f"/api/v1/claims/{claim.id}/reviews", headers=api,
                           json={"label": "disputed", "version": claim.version, **body})
    assert response.status_code == 422, response.get_json()
    [field] = body
    assert field in response.get_json()["error"]
    assert _reviews(session) == []


def test_every_hostile_value_in_every_field_is_never_a_500(app, client, session, ana):
    from app.services.audit_tree import integrate_all
    from app.services.audit_verify import verify
    from tests.hostile_sweep import probes, send, values_for

    _, claims = ana
    token, api = _signed_in(client, session)
    api_token = api["Authorization"].removeprefix("Bearer ")
    failures, sent = [], 0
    for probe in probes(claims[0].id, claims[0].document_id):
        for value in values_for(probe):
            response = send(client, probe, value, token, api_token)
            sent += 1
            if response.status_code >= 500:
                failures.append((probe.path, probe.field, repr(value)[:40]))
            if isinstance(value, str) and "\x00" in value:
                assert response.status_code == 422, (probe, response.status_code)
    assert failures == [] and sent > 1000
    session.rollback()
    integrate_all(session)
    assert verify(session).ok
