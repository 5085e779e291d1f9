"""Real `claimdesk` processes for fault tests: started, watched, killed, and what they left."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

CLAIMDESK = Path(sys.executable).with_name("claimdesk")


def claimdesk(db_url: str, *args: str, **popen) -> subprocess.Popen:
    """`claimdesk ARGS...` started against the database at `db_url` (not waited for)."""
    env = {**os.environ, "DATABASE_URL": db_url, "CLAIMDESK_ENV": "testing",
           "SECRET_KEY": "fault-test-" + "k" * 40, **audit_files(db_url)}
    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.Popen([str(CLAIMDESK), *args], env=env, **popen)


def audit_files(db_url: str) -> dict[str, str]:
    """The audit key and checkpoint file of the database at `db_url`: its own, never the
    project's instance/ ones (which belong to `make run`'s database)."""
    folder = Path(tempfile.gettempdir()) / "claimdesk-audit" / hashlib.sha256(
        db_url.encode()).hexdigest()[:16]
    return {"CLAIMDESK_AUDIT_KEY": str(folder / "audit_key"),
            "CLAIMDESK_CHECKPOINT_FILE": str(folder / "checkpoints.log")}


def stop(process: subprocess.Popen, *leftovers: int | None) -> None:
    """Kill `process` and whatever it left running (so a failing test cannot hang), and
    close its pipes."""
    for pid in (process.pid, *leftovers):
        if pid is not None and alive(pid):
            os.kill(pid, signal.SIGKILL)
    process.communicate(timeout=30)


def children_of(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            state = _stat(int(entry.name))
            if state is not None and state[1] == pid and state[0] != "Z":
                found.append(int(entry.name))
    return found


def sequencer_and_workers(master: int) -> tuple[int | None, list[int]]:
    """The audit sequencer and the web workers of the `claimdesk serve` master `master`."""
    sequencer, workers = None, []
    for pid in children_of(master):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:  # ended meanwhile
            continue
        if b"sequence" in command:
            sequencer = pid
        else:
            workers.append(pid)
    return sequencer, workers


def events_waiting(db_url: str) -> int:
    """How many events wait for the sequencer to integrate them into the tree."""
    from app.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM audit_pending")).scalar_one()
    finally:
        engine.dispose()


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped has stopped)."""
    state = _stat(pid)
    return state is not None and state[0] != "Z"


def _stat(pid: int) -> tuple[str, int] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()  # after the command name, which may hold spaces
    return fields[0], int(fields[1])


def wait_for(condition, timeout: float, step: float = 0.02) -> bool:
    """Whether `condition()` became true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def pg_connect(db_url: str) -> psycopg.Connection:
    url = make_url(db_url)
    return psycopg.connect(host=url.host, port=url.port, user=url.username,
                           dbname=url.database, autocommit=True)


def pg_lock_holders(db_url: str) -> list[tuple[int, str, str]]:
    """(pid, state, lock mode) of other sessions of this database holding relation locks."""
    with pg_connect(db_url) as connection:
        return connection.execute(
            "SELECT a.pid, a.state, l.mode FROM pg_stat_activity a "
            "JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.locktype = 'relation' "
            "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()").fetchall()


def pg_idle_in_transaction(db_url: str) -> list[int]:
    """Backends of this database left idle inside a transaction."""
    with pg_connect(db_url) as connection:
        return [pid for (pid,) in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%'")]


def answer_time(db_url: str) -> tuple[float, dict[str, int]]:
    """How long a fresh connection takes to read every main table and take the write lock
    (each wait bounded to one second), and the tables' row counts."""
    tables = ("user", "document", "claim", "review", "event")
    started = time.monotonic()
    if db_url.startswith("sqlite"):
        with sqlite3.connect(make_url(db_url).database, timeout=1.0) as connection:
            counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                      for t in tables}
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
    else:
        with pg_connect(db_url) as connection:
            connection.execute("SET lock_timeout = '1s'")
            counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                      for t in tables}
    return time.monotonic() - started, counts


def audit_intact(db_url: str) -> bool:
    """Whether `claimdesk audit verify` finds the event chain intact."""
    verify = claimdesk(db_url, "audit", "verify")
    verify.communicate(timeout=120)
    return verify.returncode == 0


def app_answers(db_url: str) -> int:
    """The status of the dashboard for an admin made and signed in just now, through the
    app itself: the database takes writes and serves pages again."""
    from app import create_app
    from app.services import users

    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "a" * 40})
    try:
        from sqlmodel import Session

        with Session(app.extensions["claimdesk.engine"], expire_on_commit=False) as session:
            name = f"checker{int(time.monotonic() * 1000)}"
            users.create_user(session=session, username=name, role="admin",
                              password="checker-password-42", actor=None)
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"username": name, "password": "checker-password-42",
                                    "csrf_token": token})
        return client.get("/").status_code
    finally:
        app.extensions["claimdesk.engine"].dispose()
