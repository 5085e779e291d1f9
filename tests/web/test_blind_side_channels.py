"""Blind review leaks nothing: a reviewer sees no one else's work on a claim, in any page,
filter, count or API answer, until they have labelled that claim (issue 14.10).

The desk below needs two agreeing reviews for a verdict. Of its four claims one is agreed
(ana and ben: supported), one in conflict (ana supported, ben disputed), one pending (ana
alone, with a note) and one untouched; carl, a plain reviewer, has labelled none of them.
"""

import json
import re

import pytest

from app.services import editing, review, users
from tests.factories import add_document
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}
TEXT = ("Taxes rose in May. The mayor resigned on Friday. "
        "Rents fell by a tenth. Schools reopened early.")
NOTE = "ana-private-note"


@pytest.fixture
def desk(make_app, session, make_user):
    """The blind desk: the app, the four claims by state, and the people."""
    app = make_app(BLIND_REVIEW=True, REVIEWS_REQUIRED=2)
    people = {name: make_user(name) for name in ("ana", "ben", "carl")}
    people["ed"] = make_user("ed", role="editor")
    document, [agreed, conflict, pending, untouched] = add_document(session, text=TEXT,
                                                                    title="Town news")
    ana, ben = people["ana"], people["ben"]
    for claim, label in ((agreed, "supported"), (conflict, "supported")):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=label,
                          reviews_required=2)
    review.set_review(session=session, claim_id=pending.id, actor=ana, label="disputed",
                      note=NOTE, reviews_required=2)
    for claim, label in ((agreed, "supported"), (conflict, "disputed")):
        review.set_review(session=session, claim_id=claim.id, actor=ben, label=label,
                          reviews_required=2)

    class Desk:
        claims = {"agreed": agreed, "conflict": conflict, "pending": pending,
                  "untouched": untouched}

        def client(self, name: str):
            client = app.test_client()
            client.csrf = login_as(client, name)
            return client

        def label(self, client, claim, label="outdated"):
            session.refresh(claim)  # (the version the reviewer's page would carry)
            response = client.post(f"/claims/{claim.id}/review",
                                   data={"label": label, "version": claim.version},
                                   headers={**HTMX, "X-CSRFToken": client.csrf})
            assert response.status_code == 200, response.get_data(as_text=True)

        def api(self, name: str):
            token = users.create_api_token(session=session, user=people[name], name="t")
            client = app.test_client()
            return lambda path: client.get(path, headers={"Authorization": f"Bearer {token}"})

    Desk.document, Desk.people = document, people
    return Desk()


def _listed(html: str) -> set[int]:
    """Ids of the claims a table page lists."""
    return {int(found) for found in re.findall(r'href="/claims/(\d+)"', html)}


def _rows(client, **params) -> set[int]:
    return _listed(client.get("/claims", query_string=params, headers=HTMX).get_data(
        as_text=True))


def test_agreement_page_hides_what_a_blind_reviewer_has_not_labelled(desk):
    carl = desk.client("carl")
    html = carl.get("/agreement").get_data(as_text=True)
    assert "ana / ben" not in html and "Town news" not in html
    assert "claims you have labelled" in html
    editor = desk.client("ed").get("/agreement").get_data(as_text=True)
    assert "ana / ben" in editor and "Town news" in editor
    desk.label(carl, desk.claims["agreed"], "supported")
    desk.label(carl, desk.claims["conflict"], "supported")
    html = carl.get("/agreement").get_data(as_text=True)
    assert "ana / ben" in html and "ana / carl" in html and "Town news" in html
    assert "Rents" not in html


def test_claim_filters_reach_only_claims_the_blind_reviewer_labelled(desk):
    carl, claims = desk.client("carl"), desk.claims
    assert _rows(carl) == {claim.id for claim in claims.values()}  # the table itself is open
    for params in ({"has_note": "1"}, {"verdict": "conflict"}, {"verdict": "supported"},
                   {"verdict": "pending"}, {"reviewer": "ana"}, {"reviewer": "ben"}):
        assert _rows(carl, **params) == set(), params
    editor = desk.client("ed")
    assert _rows(editor, has_note="1") == {claims["pending"].id}
    assert _rows(editor, verdict="conflict") == {claims["conflict"].id}
    assert _rows(editor, reviewer="ben") == {claims["agreed"].id, claims["conflict"].id}
    desk.label(carl, claims["pending"], "disputed")
    desk.label(carl, claims["conflict"], "disputed")
    assert _rows(carl, has_note="1") == {claims["pending"].id}
    assert _rows(carl, verdict="conflict") == {claims["conflict"].id}
    assert _rows(carl, reviewer="ben") == {claims["conflict"].id}
    assert _rows(carl, verdict="disputed") == {claims["pending"].id}


def test_table_rows_do_not_count_others_reviews_for_a_blind_reviewer(desk):
    html = desk.client("carl").get("/claims", headers=HTMX).get_data(as_text=True)
    cells = re.findall(r'<td class="c-reviewers" data-label="Reviewers">(.*?)</td>', html)
    assert len(cells) == 4 and len(set(cells)) == 1, cells  # 2, 2, 1, 0 reviews look alike
    assert "In conflict" not in html and "Needs" not in html


def test_queue_serves_agreed_and_conflicting_claims_alike(desk):
    carl, claims = desk.client("carl"), desk.claims
    html = carl.get("/queue").get_data(as_text=True)
    assert "2 claims left" in html  # the pending and the untouched claim: too few reviews
    served, skip = [], None
    while True:
        params = {"skip": skip} if skip else {}
        html = carl.get("/queue", query_string=params, headers=HTMX).get_data(as_text=True)
        found = re.search(r'id="claim-(\d+)"', html)
        if found is None or int(found.group(1)) in served:
            break
        served.append(skip := int(found.group(1)))
    assert set(served) == {claims["pending"].id, claims["untouched"].id}


def test_previous_in_the_queue_passes_agreed_and_conflicting_claims_alike(desk):
    carl, claims = desk.client("carl"), desk.claims  # the order: untouched, pending, ...
    html = carl.get("/queue", query_string={"before": claims["agreed"].id},
                    headers=HTMX).get_data(as_text=True)
    shown = re.search(r'id="claim-(\d+)"', html)
    assert shown and int(shown.group(1)) == claims["pending"].id


def test_dashboard_shows_a_blind_reviewer_their_own_progress_only(desk):
    carl = desk.client("carl")
    html = carl.get("/").get_data(as_text=True)
    assert "in conflict" not in html and "decided" not in html and "label-bar" not in html
    assert "0 of 4 claims labelled by you" in html
    desk.label(carl, desk.claims["untouched"], "supported")
    assert "1 of 4 claims labelled by you" in carl.get("/").get_data(as_text=True)
    editor = desk.client("ed").get("/").get_data(as_text=True)
    assert "1 of 4 claims decided" in editor and "1 in conflict" in editor


def test_document_page_tags_hide_states_the_blind_reviewer_has_not_earned(desk):
    carl = desk.client("carl")
    for path in (f"/documents/{desk.document.id}", f"/documents/{desk.document.id}/text"):
        html = carl.get(path, headers=HTMX if path.endswith("text") else {}).get_data(
            as_text=True)
        tags = re.findall(r'<a class="tag"[^>]*>(.*?)</a>', html)
        assert tags and all(tag.startswith("Hidden until you review") for tag in tags), tags
        for leak in ("verdict-conflict", "verdict-supported", "verdict-pending", "In conflict",
                     NOTE, "label-bar"):
            assert leak not in html, (path, leak)


def test_claim_page_and_api_hide_an_editors_settlement(desk, session):
    conflict = desk.claims["conflict"]
    review.settle(session=session, actor=desk.people["ed"], claim_id=conflict.id,
                  label="disputed", reason="the council's minutes", expected_version=None)
    html = desk.client("carl").get(f"/claims/{conflict.id}").get_data(as_text=True)
    assert "settled by" not in html and "minutes" not in html
    body = desk.api("carl")(f"/api/v1/claims/{conflict.id}").get_json()
    assert body["verdict"] is None and body["settled_by"] is None and body["reviews"] == []
    assert "minutes" not in json.dumps(body) and "disputed" not in json.dumps(body)
    editor = desk.api("ed")(f"/api/v1/claims/{conflict.id}").get_json()
    assert editor["settled_by"] == "ed" and "minutes" in json.dumps(editor)


def test_history_of_a_reworded_claim_keeps_its_old_reviews_from_a_blind_reviewer(desk,
                                                                                 session):
    pending = desk.claims["pending"]
    editing.edit_claim(session=session, actor=desk.people["ed"], claim_id=pending.id,
                       text="Rents fell by a tenth in 2023", expected_version=None)
    carl = desk.client("carl")
    html = carl.get(f"/claims/{pending.id}").get_data(as_text=True)
    history = html.split('id="history-title"')[1]
    assert "claim.edited" in history  # the rewording itself is no secret
    assert NOTE not in html and "Disputed" not in history and "ana" not in history
    body = desk.api("carl")(f"/api/v1/claims/{pending.id}").get_json()
    assert body["events"][0]["kind"] == "claim.edited"
    assert NOTE not in json.dumps(body) and "disputed" not in json.dumps(body)
    assert NOTE in json.dumps(desk.api("ed")(f"/api/v1/claims/{pending.id}").get_json())
    desk.label(carl, pending, "supported")  # labelled: the old reviews are open to carl too
    assert NOTE in carl.get(f"/claims/{pending.id}").get_data(as_text=True)


def test_api_list_applies_the_same_rule(desk):
    get, claims = desk.api("carl"), desk.claims

    def ids(query: str) -> set[str]:
        return {row["id"] for row in get(f"/api/v1/claims?{query}").get_json()["claims"]}

    assert len(ids("")) == 4
    for query in ("has_note=1", "verdict=conflict", "verdict=supported", "reviewer=ana"):
        assert ids(query) == set(), query
    body = get("/api/v1/claims").get_json()["claims"]
    assert all(row["verdict"] is None and row["settled_by"] is None and row["reviews"] == []
               for row in body)
    assert get("/api/v1/export.jsonl").status_code == 403
    page = desk.client("carl").get("/export").get_data(as_text=True)
    assert "only editors and admins export" in page and "/export.jsonl" not in page
    editor = desk.api("ed")
    assert editor("/api/v1/export.jsonl").status_code == 200
    listed = editor("/api/v1/claims?has_note=1").get_json()["claims"]
    assert [row["id"] for row in listed] == [claims["pending"].uid]
