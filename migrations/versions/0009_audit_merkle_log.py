"""audit log as a Merkle tree: pending queue, leaves, saved nodes, tree state, checkpoints

Events are integrated into an RFC 9162 Merkle tree by a sequencer, outside the writing
request; checkpoints of the tree are signed. Existing events wait in the queue and enter
the tree in id order. The database refuses UPDATE, DELETE and TRUNCATE on the events and
the tree, and (SQLite) an INSERT that would replace a row (INSERT OR REPLACE, REPLACE).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each append-only table with the columns a replacing INSERT would collide on.
APPEND_ONLY_TABLES = {
    "event": ("id", "hash"),
    "audit_leaf": ("leaf_index", "event_id"),
    "audit_node": ("level, idx",),
    "audit_checkpoint": ("id",),
}
MESSAGE = "the audit log is append-only: UPDATE, DELETE, TRUNCATE and REPLACE are refused"


def upgrade() -> None:
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('root', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('audit_node',
    sa.Column('level', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('idx', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('level', 'idx')
    )
    op.create_table('audit_tree',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('frontier', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('audit_leaf',
    sa.Column('leaf_index', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.PrimaryKeyConstraint('leaf_index'),
    sa.UniqueConstraint('event_id')
    )
    op.create_table('audit_pending',
    sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.execute("INSERT INTO audit_tree (id, size, frontier) VALUES (1, 0, '[]')")
    op.execute("INSERT INTO audit_pending (event_id) SELECT id FROM event")
    _create_guards()


def downgrade() -> None:
    _drop_guards()
    op.drop_table('audit_pending')
    op.drop_table('audit_leaf')
    op.drop_table('audit_tree')
    op.drop_table('audit_node')
    op.drop_table('audit_checkpoint')


def _create_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$")
        # event keeps its UPDATE/DELETE trigger of 0001; TRUNCATE fires no row trigger.
        op.execute("CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")
        for table in list(APPEND_ONLY_TABLES)[1:]:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION audit_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")
        return
    for table, keys in APPEND_ONLY_TABLES.items():
        # A replacing INSERT deletes the old row without firing DELETE triggers (unless
        # recursive_triggers is on): refuse any INSERT that collides, before it does.
        collides = " OR ".join(
            "(" + " AND ".join(f"{c} = NEW.{c}" for c in key.split(", ")) + ")" for key in keys)
        op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                   f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {collides}) "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
        if table == "event":
            continue  # UPDATE and DELETE already refused since 0001
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def _drop_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_no_truncate ON event")
        for table in list(APPEND_ONLY_TABLES)[1:]:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
        return
    for table in APPEND_ONLY_TABLES:
        for action in ("replace", "update", "delete"):
            if not (table == "event" and action != "replace"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
