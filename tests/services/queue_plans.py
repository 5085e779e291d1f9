"""How SQLite plans one of the queue's statements (for tests that an index range is used)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from app.models import User
from app.services import queue


def queue_plan(session: Session, reviewer: User, criteria: queue.QueueFilter, seek: str,
               position: tuple, scope: str = "") -> str:
    """SQLite's EXPLAIN QUERY PLAN of the queue's id statement after/before `position`."""
    compiled, values = _compiled(session, reviewer, criteria,
                                 queue._Shape.of(criteria, "id", seek, scope=scope), position)
    rows = session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN " + compiled.string,
        tuple(str(values[name]) for name in compiled.positiontup))
    return " ".join(row[3] for row in rows)


def postgresql_plan(session: Session, reviewer: User, criteria: queue.QueueFilter, seek: str,
                    position: tuple) -> str:
    """PostgreSQL's EXPLAIN ANALYZE of the queue's claim statement (as served: locking)
    after `position`."""
    compiled, values = _compiled(session, reviewer, criteria,
                                 queue._Shape.of(criteria, "claim", seek, locks=True), position)
    rows = session.connection().exec_driver_sql("EXPLAIN ANALYZE " + compiled.string, values)
    return "\n".join(row[0] for row in rows)


def _compiled(session: Session, reviewer: User, criteria: queue.QueueFilter, shape,
              position: tuple):
    """The queue statement of `shape` compiled for the session's database, with its values
    after `position`."""
    compiled = queue._statement(shape).statement.compile(session.get_bind())
    return compiled, compiled.construct_params({
        **queue._values(reviewer, criteria, dt.datetime.now(dt.UTC)), **queue._at(position)})
