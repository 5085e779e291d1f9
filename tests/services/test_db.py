"""Connections and write transactions: a pooled connection that died while idle is
replaced before use, and a write after reads in one request reads every row afresh; a
statement run on the driver's own cursor gives what SQLAlchemy would."""

import threading

import pytest
from sqlalchemy import bindparam, event, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from app import db
from app.models import Claim, Event
from app.services import review
from app.services.errors import StaleVersion
from tests.factories import add_document
from tests.processes import pg_connect


def test_a_connection_closed_while_idle_is_replaced_before_use(backend, db_url, engine,
                                                              monkeypatch):
    if backend == "sqlite":
        pytest.skip("SQLite has no server to lose a connection")
    with Session(engine) as session:
        pid = session.exec(text("SELECT pg_backend_pid()")).one()[0]
    with pg_connect(db_url) as admin:  # as a server restart or an idle timeout would
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    monkeypatch.setattr(db, "IDLE_BEFORE_PING_SECONDS", 0.0)
    with Session(engine) as session:
        assert session.exec(text("SELECT pg_backend_pid()")).one()[0] != pid


def test_a_write_after_reads_sees_what_others_committed_meanwhile(
        backend, engine, session, make_user):
    ana, bob = make_user("ana"), make_user("bob")
    _, [claim, *_] = add_document(session)
    session.commit()
    checkouts = []
    event.listen(engine, "checkout", lambda *_: checkouts.append(1))
    # A read opens the request's transaction (and the claim stays loaded, at version 1).
    assert session.exec(select(Claim).where(Claim.id == claim.id)).one().version == 1
    with Session(engine, expire_on_commit=False) as other:
        review.set_review(session=other, claim_id=claim.id, actor=bob, label="disputed")
    with pytest.raises(StaleVersion):  # the version read afresh under the lock: 2
        review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                          expected_version=1)
    written = review.set_review(session=session, claim_id=claim.id, actor=ana,
                                label="disputed", expected_version=2)
    assert (written.version, written.verdict) == (3, "disputed")
    if backend == "postgres":  # the read's transaction went on into the write
        assert len(checkouts) == 3  # the read and write, bob's, the second write


def test_processes_queue_for_sqlites_write_lock_on_a_file_beside_it(tmp_path):
    first, second = (db._ProcessQueue.beside(str(tmp_path / "desk.db")) for _ in range(2))
    assert first.acquire(0.05)
    assert not second.acquire(0.05)  # as another process would: it waits, then gives up
    first.release()
    assert second.acquire(0.05)
    assert (tmp_path / "desk.db-writers").exists()
    assert db._ProcessQueue.beside(":memory:") is None


def test_a_sqlite_writer_waits_for_another_processs_write_then_goes_on(backend, db_url,
                                                                        engine):
    if backend != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database")
    other = db.make_engine(db_url)  # its own lock file and connections, as a process has
    try:
        with Session(engine) as holding, Session(other) as waiting:
            db.begin_write(holding)
            started = []
            worker = threading.Thread(target=lambda: (db.begin_write(waiting),
                                                      started.append(True), waiting.commit()))
            worker.start()
            worker.join(0.3)
            assert not started  # queued behind the open write
            holding.commit()
            worker.join(5)
            assert started
    finally:
        other.dispose()


def test_a_write_after_a_failed_statement_starts_afresh(backend, session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    session.commit()
    with pytest.raises(DBAPIError):
        session.exec(text("SELECT * FROM no_such_table"))
    written = review.set_review(session=session, claim_id=claim.id, actor=ana,
                                label="disputed")
    assert written.verdict == "disputed"


def test_a_driver_query_gives_the_rows_sqlalchemy_gives(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed",
                      evidence=["https://example.org/a"])
    statement = (select(*Claim.__table__.columns, Event.before, Event.after, Event.at)
                 .join(Event, Event.claim_id == Claim.id)
                 .where(Claim.id == bindparam("claim_id")).order_by(Event.id))
    expected = [tuple(row) for row in session.exec(statement, params={"claim_id": claim.id})]
    query = db.DriverQuery(statement)
    for _ in range(2):  # the first run learns the driver's column types, the second uses them
        rows = query.rows(session, {"claim_id": claim.id})
        assert [tuple(row) for row in rows] == expected and len(rows) == 1
    row = query.first(session, {"claim_id": claim.id})
    assert (row.id, row.verdict, row.after["evidence"]) == (claim.id, "disputed",
                                                            ["https://example.org/a"])
    assert row.at.tzinfo is not None or expected[0][-1].tzinfo is None  # as SQLAlchemy's
    assert query.first(session, {"claim_id": -1}) is None


def test_a_driver_query_runs_in_the_sessions_transaction_and_is_seen(session, engine):
    _, [claim, *_] = add_document(session)
    session.commit()
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    query = db.DriverQuery(select(Claim.version).where(Claim.id == bindparam("claim_id")))
    db.begin_write(session)
    session.exec(update(Claim).where(Claim.id == claim.id).values(version=7))
    assert query.first(session, {"claim_id": claim.id}).version == 7  # its own write
    session.rollback()
    assert query.first(session, {"claim_id": claim.id}).version == 1
    assert sum("SELECT claim.version" in statement for statement in seen) == 2


def test_a_driver_querys_errors_are_sqlalchemys(session):
    from sqlalchemy import column, table

    query = db.DriverQuery(select(column("x")).select_from(table("no_such_table")))
    with pytest.raises(DBAPIError):
        query.rows(session)
    session.rollback()
    assert db.DriverQuery(select(Claim.id).limit(1)).rows(session) is not None  # usable


def test_a_driver_query_waiting_on_a_lock_is_busy_as_any_statement(backend, engine, session,
                                                                  db_url):
    if backend == "sqlite":
        pytest.skip("SQLite locks the whole database at BEGIN IMMEDIATE, not rows")
    _, [claim, *_] = add_document(session)
    session.commit()
    locked = db.DriverQuery(select(Claim.id).where(Claim.id == bindparam("claim_id"))
                            .with_for_update())
    with pg_connect(db_url) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT id FROM claim WHERE id = %s FOR UPDATE", (claim.id,))
        session.exec(text("SET LOCAL lock_timeout = 100"))
        with pytest.raises(DBAPIError) as refused:
            locked.rows(session, {"claim_id": claim.id})
        assert db.is_busy(refused.value)
        holder.execute("ROLLBACK")
    session.rollback()


def test_queries_read_together_give_their_rows_in_one_round_trip_on_postgresql(
        backend, session, make_user, tmp_path):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed")
    queries = [db.DriverQuery(select(Claim.id, Claim.verdict)
                              .where(Claim.id == bindparam("claim_id"))),
               db.DriverQuery(select(Event.id, Event.after)
                              .where(Event.claim_id == bindparam("claim_id")).order_by(Event.id)),
               db.DriverQuery(select(Claim.id).where(Claim.id == -1))]
    params = {"claim_id": claim.id}
    expected = [query.rows(session, params) for query in queries]  # the transaction begun
    assert expected[0] and expected[1] and not expected[2]
    driver = session.connection().connection.driver_connection
    trace = tmp_path / "libpq.trace"
    with trace.open("w") as out:
        if backend == "postgres":
            driver.pgconn.trace(out.fileno())
        together = db.rows_together(session, [(query, params) for query in queries])
        if backend == "postgres":
            driver.pgconn.untrace()
    assert together == expected
    assert together[1][0].after["label"] == "disputed"  # the types' conversions applied
    if backend == "postgres":  # the client's Sync ends a round trip: one for the three
        sent = [line for line in trace.read_text().splitlines() if "\tF\t" in line]
        assert sum(line.endswith("Sync") for line in sent) == 1, sent


def test_queries_read_together_fail_as_sqlalchemy_and_leave_the_session_usable(session):
    from sqlalchemy import column, table

    bad = db.DriverQuery(select(column("x")).select_from(table("no_such_table")))
    good = db.DriverQuery(select(Claim.id).limit(1))
    with pytest.raises(DBAPIError):
        db.rows_together(session, [(good, {}), (bad, {})])
    session.rollback()
    assert db.rows_together(session, [(good, {})]) == [good.rows(session)]
