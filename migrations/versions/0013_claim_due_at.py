"""claim.due_at: when a claim's dates pass, so "may be outdated" is asked at query time

"May be outdated" was decided once, at extraction, against that day. Now each claim keeps
the instant its dates pass (app.services.recheck.due_at: deadlines, periods not over when
the document was published, dates of claims the extractor found time-sensitive), and pages
compare it with the clock. Existing claims are filled in from their stored dates. An index
on (status, verdict, due_at, id) finds the verdicts due for re-check among the reviewed
claims alone (most past-due claims of a large desk are unreviewed).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.recheck import due_at

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table on SQLite, which would drop triggers)
    op.add_column('claim', sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_claim_due', 'claim', ['status', 'verdict', 'due_at', 'id'])
    _fill_in(op.get_bind())


def _fill_in(bind) -> None:
    """Each dated claim's due_at from its dates and its document's publication day."""
    claim = sa.table('claim', sa.column('id', sa.Integer), sa.column('dates', sa.Text),
                     sa.column('time_sensitive', sa.Boolean), sa.column('document_id'),
                     sa.column('due_at', sa.DateTime(timezone=True)))
    document = sa.table('document', sa.column('id'), sa.column('published', sa.Date))
    query = (sa.select(claim.c.id, claim.c.dates, claim.c.time_sensitive, document.c.published)
             .join(document, document.c.id == claim.c.document_id)
             .where(sa.cast(claim.c.dates, sa.Text) != '[]').order_by(claim.c.id))
    update = (claim.update().where(claim.c.id == sa.bindparam('claim_id'))
              .values(due_at=sa.bindparam('due')))
    after = 0
    while True:
        rows = bind.execute(query.where(claim.c.id > after).limit(BATCH)).all()
        if not rows:
            return
        changes = []
        for claim_id, dates, flagged, published in rows:
            dates = json.loads(dates) if isinstance(dates, str) else dates
            due = due_at(dates if isinstance(dates, list) else [], published, bool(flagged))
            if due is not None:
                changes.append({'claim_id': claim_id, 'due': due})
        if changes:
            bind.execute(update, changes)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index('ix_claim_due', table_name='claim')
    op.execute('ALTER TABLE claim DROP COLUMN due_at')  # SQLite 3.35+ too
