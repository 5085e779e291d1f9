"""Tiny action helpers for the web tests."""

from __future__ import annotations

import re

from tests.conftest import password_for

CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token a page carries in its forms."""
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login_as(client, username: str) -> str:
    """Sign in through the real form; returns a CSRF token for later posts."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username,
                                           "password": password_for(username),
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return csrf_from(client.get("/").get_data(as_text=True))
