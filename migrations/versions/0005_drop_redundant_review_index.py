"""drop ix_review_claim_id: the unique (claim_id, reviewer_id) index already serves it

Every lookup of a claim's reviews can use the unique constraint's index, whose first
column is claim_id; the second index only cost an insertion per review and its space.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_claim_id'))


def downgrade() -> None:
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_claim_id'), ['claim_id'], unique=False)
