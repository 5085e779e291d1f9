"""pending_match: new claims waiting to be matched against the knowledge base

Ingest stored a batch's documents and claims in one transaction and matched the claims
("checked before") in the next: a run killed between the two (kill -9, Ctrl-C, a web worker's
timeout) left claims that were never matched, and running it again skipped their documents as
already present. Now a batch's transaction queues its claims here, the transaction that
stores their matches takes them off, and the next ingest matches whatever is left
(app.services.matches.match_pending). Claims stored before this revision are not queued.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pending_match',
    sa.Column('claim_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.PrimaryKeyConstraint('claim_id')
    )


def downgrade() -> None:
    op.drop_table('pending_match')
