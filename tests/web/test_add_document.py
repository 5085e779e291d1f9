"""Adding a document in the browser: pasted text or a file, extracted with the real model."""

import io

import pytest
from sqlmodel import select

from app.models import Claim, Document
from tests.web.helpers import login_as

TEXT = ("The finance ministry said on Wednesday that exports rose 4 percent in May. "
        "Officials expect growth of 2 percent next year.")


@pytest.mark.model
def test_pasted_text_is_extracted_and_opened(client, session, make_user):
    make_user("ed", role="editor")
    token = login_as(client, "ed")
    response = client.post("/documents/new", data={
        "csrf_token": token, "text": TEXT, "title": "Trade", "published": "2024-05-15"})
    assert response.status_code == 303 and "/documents/" in response.headers["Location"]
    [document] = session.exec(select(Document)).all()
    assert document.published.isoformat() == "2024-05-15"
    assert session.exec(select(Claim)).all()
    again = client.post("/documents/new", data={"csrf_token": token, "text": TEXT},
                        headers={"HX-Request": "true", "X-CSRFToken": token})
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "HX-Redirect" not in again.headers
    assert "already in claimdesk" in html and f'href="/documents/{document.id}"' in html
    plain = client.post("/documents/new", data={"csrf_token": token, "text": TEXT})
    assert plain.status_code == 200
    assert f'href="/documents/{document.id}"' in plain.get_data(as_text=True)


def test_empty_and_binary_input_is_refused_with_a_message(client, session, make_user):
    make_user("ed", role="editor")
    token = login_as(client, "ed")
    empty = client.post("/documents/new", data={"csrf_token": token, "text": "  "})
    assert empty.status_code == 422 and "empty" in empty.get_data(as_text=True)
    binary = client.post("/documents/new", data={
        "csrf_token": token, "file": (io.BytesIO(b"\x00\x01binary"), "x.txt")},
        content_type="multipart/form-data")
    assert binary.status_code == 422 and "binary" in binary.get_data(as_text=True)
    latin = client.post("/documents/new", data={
        "csrf_token": token, "file": (io.BytesIO("caf\xe9".encode("latin-1")), "l.txt")},
        content_type="multipart/form-data")
    assert latin.status_code == 422 and "UTF-8" in latin.get_data(as_text=True)
    assert session.exec(select(Document)).all() == []


def test_reviewers_cannot_add_documents(client, make_user):
    make_user("ana")
    login_as(client, "ana")
    assert client.get("/documents/new").status_code == 403
