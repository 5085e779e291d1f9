"""Migration 0016: the claims' GIN index gains the id bucket on PostgreSQL, and back."""

import pytest
import sqlalchemy as sa

from app.db import make_engine
from app.migrate import downgrade, upgrade


@pytest.fixture
def engine(empty_db_url):
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def _claim_index(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT indexdef FROM pg_indexes "
                                    "WHERE indexname = 'ix_fts_claim'")).scalar_one()


def test_the_claims_index_holds_the_id_bucket_and_downgrade_drops_it(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 tables read their rowids newest first already")
    upgrade(engine)
    assert _claim_index(engine).endswith("USING gin (fts_vector, (ARRAY[(id >> 12)]))")
    with engine.begin() as conn:  # the index answers words and buckets together
        conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(conn.execute(sa.text(
            "EXPLAIN SELECT id FROM claim WHERE fts_vector @@ to_tsquery('english', 'oil') "
            "AND ARRAY[id >> 12] && ARRAY[3, 4]")).scalars())
    assert "Index Cond: ((fts_vector @@" in plan and "&& '{3,4}'" in plan
    downgrade(engine, "0015")
    assert _claim_index(engine).endswith("USING gin (fts_vector)")
    upgrade(engine)
    assert "ARRAY[(id >> 12)]" in _claim_index(engine)
