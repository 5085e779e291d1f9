"""The queue page and its htmx partials."""

from app.services import events
from tests.factories import add_document
from tests.web.helpers import login_as

HTMX = {"HX-Request": "true"}


def test_queue_page_shows_one_claim_with_keys(client, session, make_user):
    make_user("ana")
    add_document(session)
    login_as(client, "ana")
    html = client.get("/queue").get_data(as_text=True)
    assert html.count('class="claim-card queue-card') == 1
    for key in ("1", "2", "3", "x", "u", "j", "?"):
        assert f'data-key="{key}"' in html
    assert "3 claims left" in html and "<mark>" in html


def test_labelling_in_the_queue_answers_with_the_next_claim(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session)
    token = login_as(client, "ana")
    first_html = client.get("/queue", headers=HTMX).get_data(as_text=True)
    assert "<html" not in first_html
    shown = next(c for c in claims if f'id="claim-{c.id}"' in first_html)
    response = client.post(f"/queue/{shown.id}/review?scope=unreviewed",
                           data={"label": "supported", "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="claim-{shown.id}"' not in html
    assert "Saved" in html and "2 claims left" in html
    assert [e.kind for e in events.history(session, shown.id)] == ["review.set"]


def test_undo_in_the_queue_brings_the_claim_back(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session)
    token = login_as(client, "ana")
    first_html = client.get("/queue", headers=HTMX).get_data(as_text=True)
    shown = next(c for c in claims if f'id="claim-{c.id}"' in first_html)
    client.post(f"/queue/{shown.id}/review", data={"label": "disputed", "version": "1"},
                headers={**HTMX, "X-CSRFToken": token})
    html = client.post("/queue/undo", headers={**HTMX, "X-CSRFToken": token}).get_data(
        as_text=True)
    assert f'id="claim-{shown.id}"' in html and "Undone" in html
    assert [e.kind for e in events.history(session, shown.id)] == ["review.set",
                                                                  "review.undone"]


def test_stale_label_in_the_queue_is_409(client, session, make_user):
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    client.post(f"/queue/{claim.id}/review", data={"label": "supported", "version": "1"},
                headers={**HTMX, "X-CSRFToken": token})
    response = client.post(f"/queue/{claim.id}/review", data={"label": "disputed",
                                                             "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 409
    assert len(events.history(session, claim.id)) == 1


def test_empty_queue_says_so(client, make_user):
    make_user("ana")
    login_as(client, "ana")
    assert "Nothing left in this queue" in client.get("/queue").get_data(as_text=True)


def test_bad_scope_is_422(client, make_user):
    make_user("ana")
    login_as(client, "ana")
    assert client.get("/queue?scope=everything").status_code == 422


def test_team_setting_requires_a_note_for_disputed(make_app, session, make_user):
    app = make_app(REQUIRE_NOTE_FOR=("disputed", "outdated"))
    client = app.test_client()
    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    headers = {**HTMX, "X-CSRFToken": token}
    refused = client.post(f"/queue/{claim.id}/review", data={"label": "disputed",
                                                             "version": "1"}, headers=headers)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "needs a note" in html and f"claim-{claim.id}" in html
    accepted = client.post(f"/queue/{claim.id}/review", data={
        "label": "disputed", "version": "1", "evidence": "https://example.test/x"},
        headers=headers)
    assert accepted.status_code == 200
    assert [e.after["evidence"] for e in events.history(session, claim.id)] == [
        ["https://example.test/x"]]


def test_j_walks_the_whole_queue_and_then_comes_round(client, session, make_user):
    import re

    make_user("ana")
    _, claims = add_document(session)
    login_as(client, "ana")
    shown = []
    html = client.get("/queue", headers=HTMX).get_data(as_text=True)
    for _ in range(4):
        current = int(re.search(r'id="claim-(\d+)"', html).group(1))
        shown.append(current)
        html = client.get(f"/queue?skip={current}", headers=HTMX).get_data(as_text=True)
    assert sorted(shown[:3]) == sorted(c.id for c in claims)  # every claim, none twice
    assert shown[3] in shown[:3]  # then round again


def test_a_retired_claim_is_not_served_by_the_queue(client, session, make_user):
    from app.services import editing

    editor = make_user("ed", role="editor")
    _, [claim, *_] = add_document(session)
    editing.split_claim(session=session, actor=editor, claim_id=claim.id,
                        parts=["Rain fell", "On Monday"], expected_version=1)
    login_as(client, "ed")
    assert client.get(f"/queue?claim={claim.id}").status_code == 404


def _shown_id(html: str) -> int:
    import re

    return int(re.search(r'id="claim-(\d+)"', html).group(1))


def test_k_asks_for_the_claim_before_the_one_shown(client, session, make_user):
    make_user("ana")
    add_document(session)
    token = login_as(client, "ana")
    first = _shown_id(client.get("/queue", headers=HTMX).get_data(as_text=True))
    labelled = client.post(f"/queue/{first}/review", data={"label": "supported", "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token}).get_data(as_text=True)
    second = _shown_id(labelled)
    assert f"/queue?before={second}" in labelled  # resolved when pressed, not with each label
    back = client.get(f"/queue?before={second}", headers=HTMX).get_data(as_text=True)
    assert _shown_id(back) == first and "Supported" in back  # the claim just labelled


def test_k_on_the_first_claim_says_nothing_comes_before_it(client, session, make_user):
    make_user("ana")
    add_document(session)
    login_as(client, "ana")
    first = _shown_id(client.get("/queue", headers=HTMX).get_data(as_text=True))
    html = client.get(f"/queue?before={first}", headers=HTMX).get_data(as_text=True)
    assert _shown_id(html) == first and "Nothing comes before this claim" in html


def _many_claims(session, count: int) -> None:
    add_document(session, text=" ".join(f"Figure {n} rose." for n in range(count)))


def test_a_label_follows_the_kept_count_and_counts_again_once_it_is_old(
        app, client, session, make_user, monkeypatch):
    """Above COUNT_EXACT_BELOW claims the unreviewed queue's count is kept in the session
    and one taken off each label, without counting the queue again; after COUNT_FRESH_FOR
    seconds others' labels show."""
    from sqlalchemy import event as sa_event

    from app.web import queue as queue_view

    make_user("ana")
    make_user("bo")
    _many_claims(session, 120)
    token = login_as(client, "ana")
    html = client.get("/queue", headers=HTMX).get_data(as_text=True)
    assert "120 claims left" in html
    counted: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if "count(" in statement.lower():
            counted.append(statement)

    engine = app.extensions["claimdesk.engine"]
    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        html = client.post(f"/queue/{_shown_id(html)}/review",
                           data={"label": "supported", "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token}).get_data(as_text=True)
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
    assert "119 claims left" in html and counted == []
    other = app.test_client()
    bo_token = login_as(other, "bo")
    for _ in range(3):
        shown = _shown_id(other.get("/queue", headers=HTMX).get_data(as_text=True))
        other.post(f"/queue/{shown}/review", data={"label": "disputed", "version": "1"},
                   headers={**HTMX, "X-CSRFToken": bo_token})
    assert "119 claims left" in client.get("/queue", headers=HTMX).get_data(as_text=True)
    later = queue_view.time.time() + queue_view.COUNT_FRESH_FOR + 1
    monkeypatch.setattr(queue_view.time, "time", lambda: later)
    html = client.get("/queue", headers=HTMX).get_data(as_text=True)
    assert "115 claims left" in html  # bo's three labels and the claim he is served now


def test_a_label_and_its_answer_end_in_commits_with_no_read_left_to_roll_back(
        app, client, session, make_user):
    """The next claim's card is read in the transaction that leases it, so a label's
    answer leaves no read transaction for the request's end to roll back: on PostgreSQL
    that ROLLBACK made psycopg drop the connection's prepared statements, and every
    label's statements were parsed and planned again (issue 15)."""
    from sqlalchemy import event as sa_event

    make_user("ana")
    _many_claims(session, 120)  # counted once, then kept: `_remaining`
    token = login_as(client, "ana")
    html = client.get("/queue", headers=HTMX).get_data(as_text=True)
    ended: list[str] = []

    def committed(_conn) -> None:
        ended.append("commit")

    def rolled_back(_conn) -> None:
        ended.append("rollback")

    engine = app.extensions["claimdesk.engine"]
    sa_event.listen(engine, "commit", committed)
    sa_event.listen(engine, "rollback", rolled_back)
    try:
        shown = _shown_id(html)
        html = client.post(f"/queue/{shown}/review",
                           data={"label": "supported", "version": "1"},
                           headers={**HTMX, "X-CSRFToken": token}).get_data(as_text=True)
    finally:
        sa_event.remove(engine, "commit", committed)
        sa_event.remove(engine, "rollback", rolled_back)
    assert _shown_id(html) != shown and "Saved" in html
    # the review, then the next claim's lease and card (SQLite first ends the read of the
    # signed-in user: a write there begins afresh, `db.begin_write`)
    assert ended[ended.index("commit"):] == ["commit", "commit"]
