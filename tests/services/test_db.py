"""Connections and write transactions: a pooled connection that died while idle is
replaced before use, and a write after reads in one request reads every row afresh."""

import pytest
from sqlalchemy import event, text
from sqlmodel import Session, select

from app import db
from app.models import Claim
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
    if backend == "postgresql":  # the read's transaction went on into the write
        assert len(checkouts) == 3  # the read and write, bob's, the second write
