"""Hostile text in titles, claims, notes and usernames is escaped on every page."""

import pytest

from app.services import review, users
from app.services.errors import InvalidInput
from tests.factories import add_document
from tests.hostile import PAYLOADS, RAW_MARKERS, hostile_document
from tests.web.helpers import login_as


def test_payloads_are_escaped_on_every_page(client, session, make_user):
    document, claims = hostile_document(session, make_user("ana", role="admin"), PAYLOADS[1])
    login_as(client, "ana")
    pages = ["/", f"/documents/{document.id}", "/queue?scope=all", "/claims",
             f"/claims/{claims[0].id}", f"/claims/{claims[1].id}", "/claims?q=script"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        for marker in RAW_MARKERS[:-1]:
            assert marker not in html, (path, marker)
        assert "&lt;script&gt;" in html or "&lt;img" in html or "&#34;&gt;&lt;img" in html, path


def test_hostile_usernames_are_refused(session):
    for payload in PAYLOADS:
        with pytest.raises(InvalidInput):
            users.create_user(session=session, username=payload, role="reviewer",
                              password=None, actor=None)


def test_javascript_urls_are_refused_as_evidence(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    with pytest.raises(InvalidInput):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed",
                          evidence=["javascript:alert(1)"])
