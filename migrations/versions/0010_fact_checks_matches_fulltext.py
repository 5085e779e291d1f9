"""fact checks, claim matches and the full-text indexes matching and search use

Imported fact-checks live in their own table (read-only references); claim_match holds each
claim's suggested earlier checks. Full text: SQLite FTS5 tables kept in step with
fact_check and claim by triggers (external content, Porter stems); PostgreSQL GIN indexes on
to_tsvector('english', …). Alembic's comparison skips these (migrations/env.py: fts_*).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = {  # table: (indexed columns, PostgreSQL document expression)
    'fact_check': (('text', 'title'), "text || ' ' || title"),
    'claim': (('text', 'sentence'), "text || ' ' || sentence"),
}


def _sqlite_fts(table: str, columns: tuple[str, ...]) -> list[str]:
    fts, cols = f'fts_{table}', ', '.join(columns)
    new = ', '.join(f'new.{c}' for c in columns)
    old = ', '.join(f'old.{c}' for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    op.create_table('fact_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uid')
    )
    op.create_table('claim_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('fact_check_id', sa.Integer(), nullable=True),
    sa.Column('match_claim_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('near_duplicate', sa.Boolean(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.ForeignKeyConstraint(['fact_check_id'], ['fact_check.id'], ),
    sa.ForeignKeyConstraint(['match_claim_id'], ['claim.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('claim_id', 'ref')
    )
    with op.batch_alter_table('claim_match', schema=None) as batch_op:
        batch_op.create_index('ix_claim_match_claim_status', ['claim_id', 'status', 'score'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_match_fact_check_id'), ['fact_check_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_match_match_claim_id'), ['match_claim_id'], unique=False)
    dialect = op.get_bind().dialect.name
    for table, (columns, document) in FTS.items():
        if dialect == 'sqlite':
            for statement in _sqlite_fts(table, columns):
                op.execute(statement)
        elif dialect == 'postgresql':
            op.execute(f"CREATE INDEX ix_fts_{table} ON {table} "
                       f"USING gin (to_tsvector('english', {document}))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in FTS:
        if dialect == 'sqlite':
            for suffix in ('ai', 'ad', 'au'):
                op.execute(f'DROP TRIGGER IF EXISTS fts_{table}_{suffix}')
            op.execute(f'DROP TABLE IF EXISTS fts_{table}')
        elif dialect == 'postgresql':
            op.execute(f'DROP INDEX IF EXISTS ix_fts_{table}')
    with op.batch_alter_table('claim_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_match_match_claim_id'))
        batch_op.drop_index(batch_op.f('ix_claim_match_fact_check_id'))
        batch_op.drop_index('ix_claim_match_claim_status')
    op.drop_table('claim_match')
    op.drop_table('fact_check')
