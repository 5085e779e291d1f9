"""Accounts in the browser: an admin invites (the person chooses their own password) and
closes an account; a person lists and revokes their API tokens."""

import re

import pytest

from app.services import users
from tests.e2e.conftest import screenshot
from tests.e2e.test_review_in_browser import sign_in

pytestmark = [pytest.mark.e2e]


def test_an_admin_invites_someone_who_sets_their_password_then_closes_the_account(
        page, browser, live_server, session, make_user):
    make_user("boss", role="admin")
    sign_in(page, live_server, "boss")
    page.goto(f"{live_server}/admin")
    assert page.get_by_label("Initial password").count() == 0  # never someone else's
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("Role", exact=True).select_option("editor")
    page.get_by_role("button", name="Invite").click()
    link = page.locator("code.invite-link").inner_text()
    assert re.fullmatch(rf"{re.escape(live_server)}/invite/[\w-]+", link)
    assert "invited, link until" in page.locator("#account-newbie").inner_text()
    screenshot(page, "admin-invite")

    other = browser.new_context(viewport={"width": 390, "height": 844})
    newbie = other.new_page()
    newbie.goto(link)
    newbie.get_by_label("Password (at least 12 characters)").fill("newbie-chosen-secret")
    newbie.get_by_label("Password again").fill("newbie-chosen-secret")
    newbie.get_by_role("button", name="Set my password").click()
    newbie.get_by_text("Welcome, newbie: your password is set.").wait_for()
    newbie.get_by_label("Username").fill("newbie")
    newbie.get_by_label("Password").fill("newbie-chosen-secret")
    newbie.get_by_role("button", name="Sign in").click()
    newbie.wait_for_url(f"{live_server}/")
    assert newbie.goto(link).status == 404  # the link worked once

    page.goto(f"{live_server}/admin")
    assert "active" in page.locator("#account-newbie").inner_text()
    page.locator("#account-newbie").get_by_role("button", name="Close account").click()
    page.get_by_text("newbie's account is closed").wait_for()
    assert "closed" in page.locator("#account-newbie").inner_text()
    newbie.goto(f"{live_server}/queue")  # the open session ended at once
    newbie.wait_for_url(re.compile(r"/login"))
    other.close()
    assert page.js_errors == [], "\n".join(page.js_errors)


def test_a_person_sees_their_tokens_and_revokes_one(page, live_server, session, make_user):
    ana = make_user("ana")
    token = users.create_api_token(session=session, user=ana, name="nightly export")
    users.create_api_token(session=session, user=ana, name="notebook")
    sign_in(page, live_server, "ana")
    api = page.request.get(f"{live_server}/api/v1/claims",
                           headers={"Authorization": f"Bearer {token}"})
    assert api.status == 200
    page.goto(f"{live_server}/account")
    rows = page.locator("table.tokens tbody tr")
    assert rows.count() == 2
    nightly = rows.filter(has_text="nightly export")
    assert "never" not in nightly.inner_text()  # used just now
    assert "never" in rows.filter(has_text="notebook").inner_text()
    screenshot(page, "account-tokens")
    nightly.get_by_role("button", name="Revoke").click()
    page.get_by_text("Token “nightly export” revoked").wait_for()
    assert "revoked" in page.locator("table.tokens tbody tr",
                                     has_text="nightly export").inner_text()
    refused = page.request.get(f"{live_server}/api/v1/claims",
                               headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401
    assert page.js_errors == [], "\n".join(page.js_errors)
