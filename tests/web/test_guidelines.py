"""Guidelines: everyone reads them, admins edit them, stale edits are refused."""

from sqlmodel import select

from app.models import Event
from tests.web.helpers import csrf_from, login_as


def test_everyone_reads_the_default_guidelines(client, make_user):
    make_user("ana")
    login_as(client, "ana")
    html = client.get("/guidelines").get_data(as_text=True)
    assert "Outdated (3)" in html and "<textarea" not in html


def test_reviewers_cannot_edit(client, make_user):
    make_user("ana")
    token = login_as(client, "ana")
    response = client.post("/guidelines", data={"csrf_token": token, "text": "x",
                                                "version": "0"})
    assert response.status_code == 403


def test_admin_edits_are_escaped_recorded_and_stale_ones_refused(client, session, make_user):
    make_user("boss", role="admin")
    token = login_as(client, "boss")
    text = "Be careful.\n\n<script>alert(1)</script> is text here."
    response = client.post("/guidelines", data={"csrf_token": token, "text": text,
                                                "version": "0"})
    assert response.status_code == 303
    html = client.get("/guidelines").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    stale = client.post("/guidelines", data={"csrf_token": csrf_from(html), "text": "Other",
                                             "version": "0"})
    assert stale.status_code == 409 and "Other" in stale.get_data(as_text=True)
    kinds = [e.kind for e in session.exec(select(Event))]
    assert kinds.count("guidelines.edited") == 1
