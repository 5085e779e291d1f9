"""Signing in and out: passwords, one-time links, safe redirects, CSRF."""

import datetime as dt

from app.services import users
from tests.conftest import password_for
from tests.web.helpers import csrf_from, login_as


def test_pages_need_sign_in(client):
    for path in ("/", "/documents/1", "/claims/1", "/export", "/export.jsonl"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_password_sign_in_and_sign_out(client, make_user):
    make_user("ana")
    token = login_as(client, "ana")
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(client, make_user):
    make_user("ana")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for name, password in (("ana", "wrong-password-123"), ("nobody", password_for("ana"))):
        response = client.post("/login", data={"username": name, "password": password,
                                               "csrf_token": token})
        assert response.status_code == 401
        assert "Wrong username or password" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user("ana")
    response = client.post("/login", data={"username": "ana", "password": password_for("ana")})
    assert response.status_code == 400


def test_one_time_link_signs_in_once(app, client, session):
    admin = users.ensure_local_admin(session)
    token = users.create_login_link(session, admin, dt.timedelta(hours=1))
    assert client.get(f"/login/link/{token}").status_code == 302
    assert client.get("/").status_code == 200
    other = app.test_client()
    assert other.get(f"/login/link/{token}").status_code == 404


def test_expired_link_is_refused(client, session):
    admin = users.ensure_local_admin(session)
    token = users.create_login_link(session, admin, dt.timedelta(seconds=-1))
    assert client.get(f"/login/link/{token}").status_code == 404


def test_next_only_goes_to_local_paths(client, make_user):
    make_user("ana")
    for target, expected in (("/export", "/export"), ("https://evil.test/", "/"),
                             ("//evil.test/x", "/"), ("/\\evil.test", "/")):
        token = csrf_from(client.get("/login").get_data(as_text=True))
        response = client.post(f"/login?next={target}", data={
            "username": "ana", "password": password_for("ana"), "csrf_token": token})
        assert response.headers["Location"] == expected
        client.post("/logout", data={"csrf_token": csrf_from(
            client.get("/").get_data(as_text=True))})


def test_security_headers_are_sent(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
