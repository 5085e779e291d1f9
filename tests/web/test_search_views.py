"""Search on /claims and ?q= in the API: hits marked safely, hostile searches answered;
near-duplicates grouped on /claims and labelled as one."""

from urllib.parse import parse_qs

import pytest
from sqlmodel import select

from app.models import User
from app.services import events, review, users
from app.web.openapi import openapi_document
from tests.factories import add_document
from tests.services.test_search import HOSTILE
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}


def _desk(session, make_user):
    ana = make_user("ana")
    _, claims = add_document(session, title="Weekly <b>oil</b> report", text=(
        'Oil prices rose 4% & "alert" <script>x<y on Monday. Wheat fell. Rigs were idle.'))
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="disputed",
                      note="Harvest <img src=x> figures contradict it")
    return ana, claims


def test_hits_are_marked_and_everything_else_escaped(client, session, make_user):
    _desk(session, make_user)
    login_as(client, "ana")
    page = client.get("/claims?q=alert+prices").get_data(as_text=True)
    assert 'type="search"' in page and 'value="alert prices"' in page
    assert '<mark class="hit">Oil</mark>' not in page
    assert ('<mark class="hit">prices</mark> rose 4% &amp; &#34;<mark class="hit">alert</mark>'
            '&#34; &lt;script&gt;x&lt;y' in page)
    assert "<script>x" not in page
    rows = client.get("/claims?q=harvest", headers=HTMX).get_data(as_text=True)
    assert "in a note:" in rows and '<mark class="hit">Harvest</mark> &lt;img src=x&gt;' in rows
    assert "<img src=x>" not in rows
    titled = client.get("/claims?q=oil+weekly", headers=HTMX).get_data(as_text=True)
    assert '<mark class="hit">Weekly</mark> &lt;b&gt;<mark class="hit">oil</mark>' in titled
    assert titled.count('<tr>') == 3  # every claim of the document, by its title


def test_a_blind_reviewer_finds_no_one_elses_note(make_app, session, make_user):
    _desk(session, make_user)
    make_user("bo")
    client = make_app(BLIND_REVIEW=True).test_client()
    login_as(client, "bo")
    rows = client.get("/claims?q=harvest", headers=HTMX).get_data(as_text=True)
    assert "No claims match" in rows and "Harvest" not in rows


@pytest.mark.parametrize("text", HOSTILE + ["", "   ", "the", '"' * 500])
def test_hostile_searches_are_answered_never_a_500(client, session, make_user, text):
    _desk(session, make_user)
    login_as(client, "ana")
    for headers in ({}, HTMX):
        response = client.get("/claims", query_string={"q": text}, headers=headers)
        html = response.get_data(as_text=True)
        if response.status_code == 422:  # the app refuses control characters anywhere
            assert "\x00" in text and "character" in html
            continue
        assert response.status_code == 200, (text, response.status_code)
        assert "<script>x" not in html
        if "No claims match" not in html and "Search: " in html:
            assert "nothing to search for" in html or "at most 200" in html


def test_the_search_problem_is_said_in_the_table(client, session, make_user):
    _desk(session, make_user)
    login_as(client, "ana")
    rows = client.get("/claims?q=%22+*+(", headers=HTMX).get_data(as_text=True)
    assert "Search: nothing to search for" in rows
    long = client.get("/claims", query_string={"q": "oil " * 60}).get_data(as_text=True)
    assert "at most 200 characters" in long


def test_search_pages_follow_the_ranking_and_keep_the_filters(client, session, make_user):
    make_user("ana")
    text = ". ".join(f"Oil output rose {i} percent" + " oil" * (i % 4) for i in range(9)) + "."
    add_document(session, title="Output", text=text)
    token = _token(session)
    seen, query = [], "q=oil+output&limit=4"
    while query:
        answer = client.get(f"/api/v1/claims?{query}",
                            headers={"Authorization": f"Bearer {token}"}).get_json()
        seen += [claim["text"] for claim in answer["claims"]]
        query = answer["next"]
        if query:
            assert parse_qs(query)["q"] == ["oil output"] and "after_rank" in parse_qs(query)
    assert len(seen) == len(set(seen)) == 9
    assert seen[0].count("oil") == 3  # the claim that says it most comes first


def test_the_api_refuses_a_search_with_nothing_to_find(client, session, make_user):
    make_user("ana")
    token = _token(session)
    response = client.get("/api/v1/claims?q=%22%22", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422 and "nothing to search for" in response.get_json()["error"]


def test_openapi_documents_the_search():
    params = {p["name"]: p for p in openapi_document()["paths"]["/claims"]["get"]["parameters"]}
    assert "full-text" in params["q"]["description"]
    assert "relevance" in params["sort"]["schema"]["enum"] and "after_rank" in params


def _token(session) -> str:
    ana = session.exec(select(User).where(User.username == "ana")).one()
    return users.create_api_token(session=session, user=ana, name="t")


def test_near_duplicates_show_together_and_take_one_label(client, session, make_user):
    from tests.services.test_groups import _twins

    make_user("ana")
    first, second, third, other = _twins(session)
    token = login_as(client, "ana")
    rows = client.get("/claims?group=1&sort=oldest", headers=HTMX).get_data(as_text=True)
    assert f'id="group-{first.id}"' in rows and "The same claim in 2 other documents" in rows
    assert f'name="selected" value="{second.id}:' not in rows  # shown in the group, not again
    assert f'name="selected" value="{other.id}:' in rows
    assert f'value="{third.id}:{third.version}"' in rows
    plain = client.get("/claims?sort=oldest", headers=HTMX).get_data(as_text=True)
    assert "group-" not in plain and f'name="selected" value="{second.id}:' in plain
    members = [f"{c.id}:{c.version}" for c in (first, second, third)]
    answer = client.post(f"/claims/{first.id}/group-review", data={
        "csrf_token": token, f"group-{first.id}": members,
        f"group-label-{first.id}": "supported", "selected": [f"{other.id}:1"]})
    assert answer.status_code == 303
    assert "Labelled 3 claims as Supported." in client.get("/claims").get_data(as_text=True)
    session.rollback()
    assert [len(events.history(session, c.id)) for c in (first, second, third, other)] == [
        1, 1, 1, 0]
    stale = client.post(f"/claims/{first.id}/group-review", data={
        "csrf_token": token, f"group-{first.id}": members,
        f"group-label-{first.id}": "disputed"})
    assert stale.status_code == 409 and "nothing was labelled" in stale.get_data(as_text=True)
    assert [len(events.history(session, c.id)) for c in (first, second, third)] == [1, 1, 1]


def test_the_sort_chosen_stays_chosen(client, session, make_user):
    make_user("ana")
    login_as(client, "ana")
    assert '<option value="newest" selected>' in client.get("/claims?sort=newest").get_data(
        as_text=True)
    assert '<option value="" selected>' in client.get("/claims?q=oil").get_data(as_text=True)


def test_a_search_too_common_to_rank_asks_for_another_word(client, session, make_user,
                                                           monkeypatch):
    from app.services import search

    make_user("ana")
    add_document(session, title="Output", text=". ".join(
        f"Oil output rose {i} percent" for i in range(6)) + ".")
    login_as(client, "ana")
    monkeypatch.setattr(search, "MOST_FOUND", 4)
    rows = client.get("/claims?q=oil", headers=HTMX).get_data(as_text=True)
    assert "Add a word to narrow the search." in rows
    assert "Add a word" not in client.get("/claims?q=oil+3", headers=HTMX).get_data(as_text=True)
