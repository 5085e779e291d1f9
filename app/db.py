"""Engine, sessions and write transactions for SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000


def canonical_json(value: Any) -> str:
    """How JSON columns are stored: exactly as the export writes JSON (compact, UTF-8).

    The export splices stored JSON into its lines without parsing it (`export_sql`).
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_engine(url: str, **kwargs: object) -> Engine:
    """An engine tuned for its backend: WAL and explicit transactions on SQLite."""
    kwargs = {"json_serializer": canonical_json, **kwargs}
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        _tune_sqlite(engine)
        return engine
    # Review writes wait on row and chain locks while holding a connection: a pool deep
    # enough for a busy worker's threads keeps them queueing in PostgreSQL, not here.
    options = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20, "pool_timeout": 60}
    return create_engine(url, **{**options, **kwargs})


def _tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and `BEGIN IMMEDIATE` for write transactions.

    pysqlite's own transaction handling defers BEGIN and never takes the write lock up
    front, which turns concurrent writers into "database is locked" errors; we take over.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session: Session) -> None:
    """Start a write transaction (SQLite: `BEGIN IMMEDIATE`) before a service changes data.

    A read-only transaction still open from earlier in the request is ended first: reads
    carry no changes, and upgrading a deferred SQLite transaction in place is what
    deadlocks two writers.
    """
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unflushed changes in the session")
        session.rollback()
    session.connection(execution_options={"write": True})


def insert_rows(session: Session, model: type, rows: list[dict]) -> None:
    """Insert many rows in one executemany, on the session's transaction.

    Through the table, not the ORM: bulk inserts skip the per-object bookkeeping, which
    costs more than the insert itself.
    """
    if rows:
        session.connection().execute(model.__table__.insert(), rows)
