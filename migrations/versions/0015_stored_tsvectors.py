"""PostgreSQL full text from stored tsvector columns, so searching and ranking parse no text

0010 and 0012 indexed expressions (GIN on to_tsvector('english', …)): the index found rows,
but every row a query then touched — each row the planner walked newest first, each hit
ts_rank ranked — had its text parsed again (~40 µs a row), and at 1 M claims a search took
seconds. Each indexed table now keeps its vector in a generated column, `fts_vector`
(computed on write, from the same expression), GIN-indexed under the index's old name, and
ANALYZE gathers the column's word frequencies for the planner. Adding the columns rewrites
the four tables (212 s for a million claims on a loaded 2-core machine); on a large database
run VACUUM ANALYZE after it, or the first reads set every row's hint bits. SQLite's FTS5
tables already store their index: nothing changes there. Alembic's comparison skips fts_*
(app.migrate).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENTS = {  # table: the text its index holds (0010, 0012)
    'claim': "text || ' ' || sentence",
    'fact_check': "text || ' ' || title",
    'document': 'title',
    'review': 'note',
}


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, document in DOCUMENTS.items():
        op.execute(f'DROP INDEX IF EXISTS ix_fts_{table}')
        op.execute(f"ALTER TABLE {table} ADD COLUMN fts_vector tsvector "
                   f"GENERATED ALWAYS AS (to_tsvector('english', {document})) STORED")
        op.execute(f'CREATE INDEX ix_fts_{table} ON {table} USING gin (fts_vector)')
        op.execute(f'ANALYZE {table}')


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, document in DOCUMENTS.items():
        op.execute(f'ALTER TABLE {table} DROP COLUMN fts_vector')  # and its index
        op.execute(f"CREATE INDEX ix_fts_{table} ON {table} "
                   f"USING gin (to_tsvector('english', {document}))")
