"""Every route × every kind of visitor, checked against an explicit allow-list.

A route added without a line here fails the first test: access is decided on purpose.
"""

import pytest

from tests.factories import add_document
from tests.web.helpers import csrf_from, login_as

ANYONE, SIGNED_IN, EDITOR, ADMIN, TOKEN = "anyone", "signed-in", "editor", "admin", "token"
ROLES = ["anonymous", "reviewer", "editor", "admin"]
RANK = {"anonymous": 0, "reviewer": 1, "editor": 2, "admin": 3}
NEEDS = {ANYONE: 0, SIGNED_IN: 1, EDITOR: 2, ADMIN: 3}

# (method, rule) → who may use it
ALLOW = {
    ("GET", "/"): SIGNED_IN,
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("POST", "/account/sessions/end"): SIGNED_IN,
    ("POST", "/account/tokens"): SIGNED_IN,
    ("POST", "/account/tokens/<int:token_id>/revoke"): SIGNED_IN,
    ("GET", "/admin"): ADMIN,
    ("GET", "/agreement"): SIGNED_IN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/<username>/role"): ADMIN,
    ("POST", "/admin/users/<username>/invite"): ADMIN,
    ("POST", "/admin/users/<username>/active"): ADMIN,
    ("GET", "/invite/<token>"): ANYONE,
    ("POST", "/invite/<token>"): ANYONE,
    ("GET", "/api/v1/claims"): TOKEN,
    ("GET", "/api/v1/openapi.json"): ANYONE,
    ("GET", "/api/v1/claims/<claim:claim_id>"): TOKEN,
    ("POST", "/api/v1/claims/<claim:claim_id>/reviews"): TOKEN,
    ("GET", "/api/v1/claims/<claim:claim_id>/proof"): TOKEN,
    ("GET", "/api/v1/export.jsonl"): TOKEN,
    ("GET", "/claims"): SIGNED_IN,
    ("GET", "/claims/<claim:claim_id>"): SIGNED_IN,
    ("POST", "/claims/<claim:claim_id>/edit"): EDITOR,
    ("POST", "/claims/<claim:claim_id>/review"): SIGNED_IN,
    ("POST", "/claims/<claim:claim_id>/settle"): EDITOR,
    ("POST", "/claims/<claim:claim_id>/split"): EDITOR,
    ("POST", "/claims/<claim:claim_id>/checked-before/<int:match_id>/apply"): SIGNED_IN,
    ("POST", "/claims/<claim:claim_id>/checked-before/<int:match_id>/dismiss"): SIGNED_IN,
    ("POST", "/claims/bulk"): SIGNED_IN,
    ("POST", "/claims/<claim:claim_id>/group-review"): SIGNED_IN,
    ("GET", "/claims/conflicts"): EDITOR,
    ("POST", "/claims/undo"): SIGNED_IN,
    ("GET", "/documents/<int:document_id>"): SIGNED_IN,
    ("POST", "/documents/<int:document_id>/claims"): SIGNED_IN,
    ("GET", "/documents/<int:document_id>/text"): SIGNED_IN,
    ("GET", "/documents/new"): EDITOR,
    ("POST", "/documents/new"): EDITOR,
    ("GET", "/export"): SIGNED_IN,
    ("GET", "/export.jsonl"): SIGNED_IN,
    ("GET", "/guidelines"): SIGNED_IN,
    ("POST", "/guidelines"): ADMIN,
    ("GET", "/login"): ANYONE,
    ("POST", "/login"): ANYONE,
    ("GET", "/login/link/<token>"): ANYONE,
    ("POST", "/logout"): SIGNED_IN,
    ("GET", "/queue"): SIGNED_IN,
    ("POST", "/queue/<claim:claim_id>/review"): SIGNED_IN,
    ("POST", "/queue/<claim:claim_id>/confirm"): SIGNED_IN,
    ("POST", "/queue/<claim:claim_id>/matches/<int:match_id>/apply"): SIGNED_IN,
    ("POST", "/queue/<claim:claim_id>/matches/<int:match_id>/dismiss"): SIGNED_IN,
    ("POST", "/queue/undo"): SIGNED_IN,
    ("GET", "/static/<path:filename>"): ANYONE,
}


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule


def test_every_route_is_on_the_allow_list(app):
    found = {(method, rule.rule) for method, rule in routes(app)}
    assert found == set(ALLOW), f"unlisted: {found - set(ALLOW)}, gone: {set(ALLOW) - found}"


def _url(rule, claim_id, document_id) -> str:
    return (rule.rule.replace("<claim:claim_id>", str(claim_id))
            .replace("<int:document_id>", str(document_id))
            .replace("<int:token_id>", "1").replace("<int:match_id>", "1")
            .replace("<username>", "reviewer1").replace("<token>", "not-a-token")
            .replace("<path:filename>", "css/app.css"))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_allow_list_says(app, session, make_user, role):
    for name, user_role in (("reviewer1", "reviewer"), ("editor1", "editor"),
                            ("admin1", "admin")):
        make_user(name, role=user_role)
    document, [claim, *_] = add_document(session)
    client = app.test_client()
    token = (login_as(client, f"{role}1") if role != "anonymous"
             else csrf_from(client.get("/login").get_data(as_text=True)))
    for method, rule in routes(app):
        if rule.rule in ("/logout", "/account/sessions/end", "/account/password"):
            continue  # they end the session the rest of the loop needs; tested elsewhere
        need = ALLOW[(method, rule.rule)]
        url = _url(rule, claim.id, document.id)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token},
                                   headers={"X-CSRFToken": token})
        code, where = response.status_code, f"{role} {method} {rule.rule}"
        response.close()
        if need == ANYONE:
            assert code != 403 and code < 500, f"{where}: {code}"  # 401: wrong password
        elif need == TOKEN:
            assert code == 401, where  # cookies are never enough for the API
        elif RANK[role] < NEEDS[need]:
            expected = 302 if role == "anonymous" else 403
            assert code == expected, f"{where}: {code}"
            if code == 302:
                assert "/login" in response.headers["Location"], where
        else:
            assert code not in (401, 403) and code < 500, f"{where}: {code}"


def test_a_reviewer_cannot_act_in_another_name(client, session, make_user):
    from app.services import events

    make_user("reviewer1")
    other = make_user("reviewer2")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "reviewer1")
    response = client.post(f"/claims/{claim.id}/review", data={
        "label": "disputed", "version": "1", "reviewer_id": str(other.id),
        "actor": "reviewer2", "created_at": "1999-01-01T00:00:00+00:00"},
        headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200
    [event] = events.history(session, claim.id)
    assert event.actor == "reviewer1" and event.at.year > 2000
