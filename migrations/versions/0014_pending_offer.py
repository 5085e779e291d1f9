"""pending_offer: new verdicts waiting to be offered as "checked before"

A review used to offer its new verdict to near claims of other documents inside the
request (a full-text search and a ranking: a fifth to two fifths of a write's CPU). Now the
review's transaction queues the claim here and the sequencer makes the offers after the
review is acknowledged (app.services.offers).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pending_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('pending_offer')
