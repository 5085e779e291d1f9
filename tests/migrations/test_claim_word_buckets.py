"""Migration 0017: on PostgreSQL, an index of each claim's words paired with its id bucket,
and back."""

import pytest
import sqlalchemy as sa

from app.db import make_engine
from app.migrate import downgrade, upgrade


@pytest.fixture
def engine(empty_db_url):
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def _has_index(engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_fts_claim_word_bucket'")
        ).scalar_one() == 1


def test_words_and_buckets_are_indexed_together_and_downgrade_drops_them(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 tables read their rowids newest first already")
    upgrade(engine)
    assert _has_index(engine)
    with engine.begin() as conn:
        pairs = conn.execute(sa.text(
            "SELECT claim_word_buckets(to_tsvector('english', 'Oil prices rose'), 32769)")
        ).scalar_one()
        assert pairs == "'oil 2' 'price 2' 'rose 2'"  # 32769 >> 14: bucket 2
        conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(conn.execute(sa.text(
            "EXPLAIN SELECT id FROM claim WHERE claim_word_buckets(fts_vector, id) "
            "@@ to_tsquery('''oil 2'' | ''oil 3''')")).scalars())
    assert "ix_fts_claim_word_bucket" in plan
    downgrade(engine, "0016")
    assert not _has_index(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text(
            "SELECT count(*) FROM pg_proc WHERE proname = 'claim_word_buckets'")).scalar_one() == 0
    upgrade(engine)
    assert _has_index(engine)
