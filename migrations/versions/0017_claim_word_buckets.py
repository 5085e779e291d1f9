"""PostgreSQL: an index of each claim's words paired with its id bucket, so that a search
reads a word's newest hits without walking every claim of the newest buckets

0016 let the claims' index intersect a search's words with the newest id buckets (4,096 ids
a bucket), but to do so the index walks every claim of each bucket: a window reaching 30 %
back over a million claims walked 300,000 entries, 8-17 ms under load, as much as fetching
every hit of a word that 5,000 claims hold; wider windows were not worth reading. This index
holds 'word bucket' pairs instead ('wheat 61': the stored vector's words, each with the
claim's `id >> 14`, 16,384 ids a bucket), so a window asks for exactly the search's words in
its buckets and walks only their hits (app.services.search). claim_word_buckets is the
expression indexed and queried (a query must spell it as the index does). Building it took
149 s for a million claims (2-core machine, load 10). SQLite's FTS5 tables read their rowids
newest first already: nothing changes there.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(
        "CREATE FUNCTION claim_word_buckets(vector tsvector, id integer) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT array_to_tsvector(ARRAY("
        "SELECT word || ' ' || (id >> 14) FROM unnest(tsvector_to_array(vector)) AS word)) $$")
    op.execute('CREATE INDEX ix_fts_claim_word_bucket ON claim '
               'USING gin (claim_word_buckets(fts_vector, id))')


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX IF EXISTS ix_fts_claim_word_bucket')
    op.execute('DROP FUNCTION IF EXISTS claim_word_buckets(tsvector, integer)')
