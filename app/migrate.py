"""Run Alembic from inside claimdesk: `migrations/` is the only way the schema changes."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to this engine's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (head by default)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to `revision` ("base" empties it)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's comparison leaves out the full-text machinery migrations make by hand
    (FTS5 tables and their shadows, GIN indexes on expressions): no model describes it."""
    return not (name or "").startswith(("fts_", "ix_fts_"))
