"""store JSON columns in the export's canonical form

The export splices stored JSON text into its lines (app/services/export_sql.py), so the
stored text must be what `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`
writes; rows written before the engine used that serializer are rewritten here. Events are
left as they are: they are append-only, and the export renders their JSON in Python.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {"claim": ("dates", "entities"), "review": ("evidence",)}
BATCH = 5000


def _rewrite(dumps) -> None:
    connection = op.get_bind()
    for table, columns in COLUMNS.items():
        selected = ", ".join(f"CAST({column} AS TEXT)" for column in columns)
        last_id = 0
        while True:
            rows = connection.execute(sa.text(
                f"SELECT id, {selected} FROM {table} WHERE id > :last ORDER BY id LIMIT {BATCH}"
            ), {"last": last_id}).all()
            if not rows:
                break
            changed = []
            for row in rows:
                values = {column: dumps(json.loads(stored)) if stored is not None else None
                          for column, stored in zip(columns, row[1:], strict=True)}
                if any(values[c] != stored for c, stored in zip(columns, row[1:], strict=True)):
                    changed.append({"row_id": row[0], **values})
            if changed:
                assignments = ", ".join(f"{column} = :{column}" for column in columns)
                if connection.dialect.name == "postgresql":
                    assignments = ", ".join(f"{column} = CAST(:{column} AS JSON)"
                                            for column in columns)
                connection.execute(sa.text(
                    f"UPDATE {table} SET {assignments} WHERE id = :row_id"), changed)
            last_id = rows[-1][0]


def upgrade() -> None:
    _rewrite(lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def downgrade() -> None:
    _rewrite(json.dumps)  # SQLAlchemy's default serializer, which 0001-0003 used
