"""PostgreSQL: the claims' full-text index also knows each claim's id bucket, so a search
reads only the newest part of a common word's hits

A search ranks the newest MOST_FOUND claims that hold its words. A GIN index yields rows in
no useful order, so for a word held by 10,000-50,000 claims (1-5 % of a million) PostgreSQL
fetched every one of them to keep the newest 1,000 (a heap page each, 50-180 ms), or walked
the primary key back past the rest. The index now has a second column, the claim's id
bucket (`id >> 12`, 4,096 ids a bucket): a search asks for its words in the newest buckets
(app.services.search), and the index intersects the two inside itself, so only the hits of
those buckets are fetched. It replaces 0015's index under the same name; a query on
`fts_vector` alone uses it as before. Building it took 16 s for a million claims (2-core
machine). SQLite's FTS5 tables read their rowids newest first already: nothing changes there.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX IF EXISTS ix_fts_claim')
    op.execute('CREATE INDEX ix_fts_claim ON claim USING gin (fts_vector, (ARRAY[id >> 12]))')


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX IF EXISTS ix_fts_claim')
    op.execute('CREATE INDEX ix_fts_claim ON claim USING gin (fts_vector)')
