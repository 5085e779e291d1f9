"""The database itself keeps the audit log append-only: no UPDATE, DELETE, TRUNCATE,
REPLACE or UPSERT of events, tree leaves, saved nodes or checkpoints."""

import pytest
import sqlalchemy as sa

from app.db import make_engine
from app.migrate import upgrade

ROWS = {  # one row of each append-only table, and an INSERT that collides with it
    "event": ("(id, kind, at, actor, reason, prev_hash, hash) VALUES "
              "(1, 'x', CURRENT_TIMESTAMP, 'system', '', '', 'h1')", "id"),
    "audit_leaf": ("(leaf_index, event_id, hash) VALUES (0, 1, 'h1')", "leaf_index"),
    "audit_node": ("(level, idx, hash) VALUES (8, 0, 'h1')", "level, idx"),
    "audit_checkpoint": ("(id, size, root, at, note) VALUES (1, 1, 'r', CURRENT_TIMESTAMP, 'n')",
                         "id"),
}
TABLES = list(ROWS)


@pytest.fixture
def filled(empty_db_url):
    engine = make_engine(empty_db_url)
    upgrade(engine)
    with engine.begin() as conn:
        for table, (values, _) in ROWS.items():
            conn.execute(sa.text(f"INSERT INTO {table} {values}"))
    yield engine
    engine.dispose()


def refused(engine, statement: str) -> None:
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.text(statement))


def test_truncate_is_refused_on_every_audit_table(filled):
    for table in TABLES:
        if filled.dialect.name == "postgresql":
            refused(filled, f"TRUNCATE {table} CASCADE")
        else:  # SQLite's truncation is an unqualified DELETE
            refused(filled, f"DELETE FROM {table}")
    with filled.connect() as conn:
        assert [conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] \
            == [1] * len(TABLES)


def test_replace_and_upsert_are_refused_on_every_audit_table(filled):
    for table, (values, key) in ROWS.items():
        upsert = f"INSERT INTO {table} {values} ON CONFLICT ({key}) DO UPDATE SET hash = 'forged'"
        if table == "audit_checkpoint":
            upsert = upsert.replace("hash", "root")
        refused(filled, upsert)
        if filled.dialect.name == "sqlite":
            refused(filled, f"INSERT OR REPLACE INTO {table} {values}")
            refused(filled, f"REPLACE INTO {table} {values}")


def test_update_and_delete_are_refused_on_the_tree_and_checkpoints(filled):
    for table in TABLES[1:]:
        column = "root" if table == "audit_checkpoint" else "hash"
        refused(filled, f"UPDATE {table} SET {column} = 'forged'")
        refused(filled, f"DELETE FROM {table} WHERE 1 = 1")
