"""Backups: a consistent copy of the database while the app keeps running."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine


class BackupFailed(RuntimeError):
    """The backup could not be written; the message says why."""


def backup(engine: Engine, target: Path) -> Path:
    """Copy the database to `target`: SQLite's online backup, or pg_dump for PostgreSQL."""
    url = engine.url
    partial = target.with_name(target.name + ".partial")
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        destination = sqlite3.connect(partial)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupFailed("pg_dump is not installed (Debian: postgresql-client)")
        # The password travels in the environment, not on a command line others can read.
        libpq_url = url.set(drivername="postgresql", password=None).render_as_string(
            hide_password=False)
        environment = {**os.environ, "PGPASSWORD": url.password or ""}
        result = subprocess.run(  # noqa: S603 - our own pg_dump and database URL
            [pg_dump, "--format=custom", f"--file={partial}", libpq_url],
            capture_output=True, text=True, check=False, env=environment)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupFailed(f"pg_dump failed: {result.stderr.strip()[-500:]}")
    partial.replace(target)
    return target
