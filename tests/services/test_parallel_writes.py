"""Writes on different claims do not wait on each other, nor on the sequencer: a review
takes its claim's row lock and nothing global (PostgreSQL; SQLite has one writer at a
time by design)."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.services import audit_tree, review
from app.services.events import ReviewSet, record
from tests.factories import add_document


def test_a_write_in_progress_blocks_neither_another_claim_nor_the_sequencer(
        backend, engine, session, make_user):
    if backend == "sqlite":
        pytest.skip("SQLite has one writer at a time by design")
    ana, bob = make_user("ana"), make_user("bob")
    _, claims = add_document(session)
    with Session(engine, expire_on_commit=False) as open_write:
        # ana's write on claim 0 has locked its claim and recorded its event, not committed
        review.begin_write(open_write)
        claim = review.lock_claim(open_write, claims[0].id, None)
        record(open_write, ReviewSet(actor=ana, claim_id=claim.id, after={"label": "x"}))
        with Session(engine, expire_on_commit=False) as other:
            other.exec(sa.text("SET lock_timeout = '2s'"))
            other.commit()  # (a SET outside the write's transaction stays for the session)
            review.set_review(session=other, claim_id=claims[1].id, actor=bob,
                              label="disputed")
            assert audit_tree.integrate_all(other) >= 1  # bob's event, not ana's yet
        open_write.commit()
    assert audit_tree.integrate_all(session) == 1  # ana's, once committed
