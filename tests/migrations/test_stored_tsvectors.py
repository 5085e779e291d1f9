"""Migration 0015: PostgreSQL's full-text indexes on stored tsvector columns, and back."""

import pytest
import sqlalchemy as sa

from app.db import make_engine
from app.migrate import downgrade, upgrade

TABLES = ("claim", "fact_check", "document", "review")


@pytest.fixture
def engine(empty_db_url):
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def _indexed(engine) -> dict[str, str]:
    """Each ix_fts_* index's table and what it indexes (PostgreSQL)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT tablename, indexdef FROM pg_indexes "
                                    "WHERE indexname LIKE 'ix_fts_%'"))
        return {table: definition.split("USING gin ")[1] for table, definition in rows}


def _vector_columns(engine) -> set[str]:
    """The tables that have an fts_vector column."""
    inspector = sa.inspect(engine)
    return {t for t in TABLES if "fts_vector" in {c["name"] for c in inspector.get_columns(t)}}


def test_postgresql_indexes_stored_vectors_and_downgrade_restores_expressions(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 tables store their index already")
    upgrade(engine, "0015")  # 0016 adds a column to the claims' index (its own test)
    assert _vector_columns(engine) == set(TABLES)
    assert _indexed(engine) == dict.fromkeys(TABLES, "(fts_vector)")
    downgrade(engine, "0014")
    assert _vector_columns(engine) == set()
    assert all("to_tsvector" in d for d in _indexed(engine).values())
    assert set(_indexed(engine)) == set(TABLES)
    upgrade(engine, "0015")
    assert _indexed(engine) == dict.fromkeys(TABLES, "(fts_vector)")


def test_a_stored_vector_follows_inserts_and_edits(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO fact_check (uid, text, title, imported_at, imported_by) "
            "VALUES ('u1', 'Vaccines cause autism', 'A myth', now(), 'test')"))
        found = "SELECT count(*) FROM fact_check WHERE fts_vector @@ to_tsquery('english', :q)"
        assert conn.execute(sa.text(found), {"q": "vaccine & myths"}).scalar_one() == 1
        conn.execute(sa.text("UPDATE fact_check SET text = 'Bananas are berries'"))
        assert conn.execute(sa.text(found), {"q": "vaccine"}).scalar_one() == 0
        assert conn.execute(sa.text(found), {"q": "banana"}).scalar_one() == 1


def test_sqlite_keeps_its_fts5_tables_through_the_migration(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    upgrade(engine)
    downgrade(engine, "0014")
    upgrade(engine)
    with engine.connect() as conn:
        names = set(conn.execute(sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%fts5%'")).scalars())
    assert names == {f"fts_{t}" for t in TABLES}
