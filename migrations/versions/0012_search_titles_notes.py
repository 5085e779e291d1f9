"""full-text indexes on document titles and review notes, for the claims table's search

Search reaches a claim through its text and sentence (the index of 0010), its document's
title and its reviewers' notes. Notes are indexed apart from the claim, not folded into its
row: under blind review a note may only be searched where its reader may see it, which a
query can decide per note but not inside one shared index entry. SQLite: FTS5 tables kept in
step by triggers (external content, Porter stems), as in 0010; PostgreSQL: GIN indexes on
to_tsvector('english', …). Alembic's comparison skips them (fts_*, ix_fts_*).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = {'document': 'title', 'review': 'note'}  # table: its one indexed column


def _sqlite_fts(table: str, column: str) -> list[str]:
    fts = f'fts_{table}'
    delete = (f"INSERT INTO {fts}({fts}, rowid, {column}) "
              f"VALUES ('delete', old.id, old.{column});")
    insert = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, column in FTS.items():
        if dialect == 'sqlite':
            for statement in _sqlite_fts(table, column):
                op.execute(statement)
        elif dialect == 'postgresql':
            op.execute(f"CREATE INDEX ix_fts_{table} ON {table} "
                       f"USING gin (to_tsvector('english', {column}))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in FTS:
        if dialect == 'sqlite':
            for suffix in ('ai', 'ad', 'au'):
                op.execute(f'DROP TRIGGER IF EXISTS fts_{table}_{suffix}')
            op.execute(f'DROP TABLE IF EXISTS fts_{table}')
        elif dialect == 'postgresql':
            op.execute(f'DROP INDEX IF EXISTS ix_fts_{table}')
