"""A database with events from before the Merkle tree (hash-chained) upgrades, and its old
events enter the tree in id order and verify."""

import sqlalchemy as sa
from sqlmodel import Session

from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.services import audit_tree
from app.services.audit_verify import verify


def test_events_written_before_0009_are_queued_integrated_and_verified(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "0008")
        with engine.begin() as conn:
            for n in range(3):
                conn.execute(sa.text(
                    "INSERT INTO event (kind, at, actor, reason, prev_hash, hash, after) "
                    f"VALUES ('user.created', CURRENT_TIMESTAMP, 'system', '', 'p{n}', "
                    f"'h{n}', '{{\"n\": {n}}}')"))
        upgrade(engine)
        with Session(engine) as session:
            assert audit_tree.integrate_all(session) == 3
            report = verify(session)
            assert report.ok and report.events == 3, report.problems
        downgrade(engine, "0008")  # and back: the old events stay
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM event")).scalar_one() == 3
    finally:
        engine.dispose()
