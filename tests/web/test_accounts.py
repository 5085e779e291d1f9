"""Accounts: throttled sign-in, password change ending sessions, admin-only invitations."""

import re

from tests.conftest import password_for
from tests.web.helpers import csrf_from, login_as


def test_ten_failures_in_fifteen_minutes_lock_the_account_with_429(client, make_user):
    make_user("ana")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for _ in range(10):
        response = client.post("/login", data={"username": "ana", "password": "wrong-guess-xx",
                                               "csrf_token": token})
        assert response.status_code == 401
    locked = client.post("/login", data={"username": "ana", "password": password_for("ana"),
                                         "csrf_token": token})
    assert locked.status_code == 429


def test_password_change_ends_other_sessions(app, make_user):
    make_user("ana")
    first, second = app.test_client(), app.test_client()
    token = login_as(first, "ana")
    login_as(second, "ana")
    new = "a-brand-new-password-42"
    response = first.post("/account/password", data={
        "csrf_token": token, "current": password_for("ana"), "new": new, "repeat": new})
    assert response.status_code == 303
    assert first.get("/").status_code == 200  # this session renewed
    assert second.get("/").status_code == 302  # the other one ended


def test_sign_out_everywhere(app, make_user):
    make_user("ana")
    client = app.test_client()
    token = login_as(client, "ana")
    client.post("/account/sessions/end", data={"csrf_token": token})
    assert client.get("/").status_code == 302


def test_only_admins_invite_and_new_accounts_can_sign_in(client, app, make_user):
    make_user("ana")
    make_user("boss", role="admin")
    token = login_as(client, "ana")
    refused = client.post("/admin/users", data={"csrf_token": token, "username": "x",
                                                "role": "admin", "password": "p" * 12})
    assert refused.status_code == 403
    assert client.get("/admin").status_code == 403
    boss = app.test_client()
    token = login_as(boss, "boss")
    made = boss.post("/admin/users", data={"csrf_token": token, "username": "newbie",
                                           "role": "reviewer"})
    html = made.get_data(as_text=True)
    assert made.status_code == 201
    link = re.search(r'<code class="token invite-link">http://localhost(/invite/[^<]+)</code>',
                     html).group(1)
    newbie = app.test_client()
    form = newbie.get(link)
    assert form.status_code == 200 and "Welcome, newbie" in form.get_data(as_text=True)
    csrf = csrf_from(form.get_data(as_text=True))
    chosen = password_for("newbie")
    done = newbie.post(link, data={"csrf_token": csrf, "new": chosen, "repeat": chosen})
    assert done.status_code == 303 and done.headers["Location"].endswith("/login")
    login_as(app.test_client(), "newbie")
    assert newbie.get(link).status_code == 404  # one time only


def test_api_token_is_shown_once(client, make_user):
    make_user("ana")
    token = login_as(client, "ana")
    response = client.post("/account/tokens", data={"csrf_token": token, "name": "script"})
    assert response.status_code == 201 and "cdk_" in response.get_data(as_text=True)
    assert "cdk_" not in client.get("/account").get_data(as_text=True)
