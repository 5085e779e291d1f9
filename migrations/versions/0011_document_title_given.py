"""document.title_given: whether a document's title was supplied or made from its first line

Re-extraction must show the extractor what ingest showed it: a supplied headline that the
text repeats on its first line is left out, a title made from that line is not. The two
look alike once stored, so ingest records which it was; older rows stay NULL (judged by
their text, as before).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table on SQLite, which would drop triggers)
    op.add_column('document', sa.Column('title_given', sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.execute('ALTER TABLE document DROP COLUMN title_given')  # SQLite 3.35+ too
