"""A request behind another job's lock answers 503 within the lock timeout, never hangs."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.services import users
from app.web.context import db
from tests.factories import add_document
from tests.processes import pg_connect
from tests.web.helpers import login_as

HOLD_SECONDS = 4.0  # long past the request's lock timeout; bounded, so no test can hang


@contextmanager
def job_holding_locks(db_url: str):
    """Another process's job holding the tables a restore holds (PostgreSQL), or the write
    lock (SQLite), for HOLD_SECONDS at most."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        if db_url.startswith("sqlite"):
            connection = sqlite3.connect(make_url(db_url).database, isolation_level=None)
            connection.execute("BEGIN IMMEDIATE")
        else:
            connection = pg_connect(db_url)
            connection.execute("BEGIN")
            connection.execute('LOCK TABLE "user", claim, review IN ACCESS EXCLUSIVE MODE')
        taken.set()
        done.wait(HOLD_SECONDS)
        connection.execute("ROLLBACK")
        connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        done.set()
        thread.join()


def _review(client, token, claim):
    return client.post(f"/claims/{claim.id}/review", data={
        "label": "supported", "version": str(claim.version), "note": "", "evidence": ""},
        headers={"HX-Request": "true", "X-CSRFToken": token})


def test_a_write_behind_a_jobs_lock_answers_503_at_once(make_app, db_url, session, make_user):
    client = make_app(LOCK_TIMEOUT_MS=300).test_client()
    api_token = users.create_api_token(session=session, user=make_user("ana"), name="t")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    with job_holding_locks(db_url):
        started = time.monotonic()
        response = _review(client, token, claim)
        took = time.monotonic() - started
        api = client.post(f"/api/v1/claims/{claim.id}/reviews",
                          json={"label": "disputed", "version": claim.version},
                          headers={"Authorization": f"Bearer {api_token}"})
    assert response.status_code == 503 and took < 2.0
    assert "database is busy" in response.get_data(as_text=True)
    assert response.headers["Retry-After"]
    assert api.status_code == 503 and "database is busy" in api.get_json()["error"]
    assert _review(client, token, claim).status_code == 200  # the job ended: it goes through


def test_a_page_behind_a_jobs_lock_answers_within_the_lock_timeout(
        make_app, db_url, session, make_user, backend):
    client = make_app(LOCK_TIMEOUT_MS=300).test_client()
    make_user("ana")
    add_document(session)
    login_as(client, "ana")
    with job_holding_locks(db_url):
        started = time.monotonic()
        page = client.get("/")
        data = client.get("/", headers={"Accept": "application/json"})
        took = time.monotonic() - started
    assert took < 3.0
    if backend == "postgres":  # loading the signed-in user waits on the locked table
        assert page.status_code == data.status_code == 503
        assert "database is busy" in data.get_json()["error"]
    else:  # SQLite's readers never wait on a writer
        assert page.status_code == 200


def test_only_web_requests_have_their_waits_bounded(make_app, backend):
    app = make_app(LOCK_TIMEOUT_MS=300, STATEMENT_TIMEOUT_MS=2000)
    probe = ("PRAGMA busy_timeout" if backend == "sqlite" else
             "SELECT current_setting('lock_timeout') || ' ' || "
             "current_setting('statement_timeout')")
    with app.test_request_context("/"):
        in_request = db().exec(text(probe)).one()[0]
        db().close()
    with app.app_context():  # a CLI command
        in_command = db().exec(text(probe)).one()[0]
        db().close()
    if backend == "sqlite":
        assert (in_request, in_command) == (300, 10_000)
    else:
        assert (in_request, in_command) == ("300ms 2s", "0 0")
