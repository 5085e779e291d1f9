"""claim provenance: where each word of a claim comes from

`spans` are the document ranges of the claim's own words; `insertions` the bracketed
context the extractor added and what it replaced; `needs_context` marks a claim that kept a
pronoun because no antecedent was sure. Claims extracted before have no provenance ([]).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both databases: a batch copy of `claim` on SQLite would have to drop
    # a table that reviews and events point at.
    op.add_column('claim', sa.Column('spans', sa.JSON(), server_default='[]', nullable=False))
    op.add_column('claim', sa.Column('insertions', sa.JSON(), server_default='[]',
                                     nullable=False))
    op.add_column('claim', sa.Column('needs_context', sa.Boolean(), server_default=sa.false(),
                                     nullable=False))


def downgrade() -> None:
    op.drop_column('claim', 'needs_context')
    op.drop_column('claim', 'insertions')
    op.drop_column('claim', 'spans')
