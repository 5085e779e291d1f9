"""The JSONL export read by several processes at once, for large exports from the CLI.

Why: one cursor is bound by one core, the one that builds each line in the database
(SQLite in this process, PostgreSQL in its backend). Here the claims are dealt out by
pieces of CHUNK ids: worker process k reads the pieces whose number is k modulo the number
of workers, through its own connection and one cursor, and this process merges the pieces
back in id order. The lines are those of `export.iter_export_lines`, byte for byte and in
the same order.

Every worker reads one snapshot of the database. PostgreSQL: they import the snapshot of
a REPEATABLE READ transaction opened here (`pg_export_snapshot`). SQLite (WAL): this
process holds the write lock while the workers start their read transactions, so no write
lands between their starts, and lets it go once they all have.

The workers are forked: for the CLI and scripts, never for a threaded web server, whose
other threads' locks a fork would copy held. The web export keeps one cursor.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection as Pipe

from sqlalchemy import Engine
from sqlmodel import Session

from app.db import make_engine
from app.models import Claim
from app.services.export_sql import STREAM, ExportFilter, claim_line, export_query
from app.services.forking import start_forked, stopped

CHUNK = 5_000  # claim ids a piece: a few MB of text in flight per worker
_READY, _PIECE, _FAILED, _DONE = b"R", b"P", b"F", b"D"
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]+")


def runs_in_parallel(session: Session) -> bool:
    """Whether an export through this session may be read by worker processes: not from
    inside a transaction (the workers would not see its changes), and not from an
    in-memory SQLite database (other connections see another database)."""
    if session.in_transaction():
        return False
    url = session.get_bind().url
    if url.get_backend_name() == "postgresql":
        return True
    database = url.database or ""
    return url.get_backend_name() == "sqlite" and database not in ("", ":memory:") and (
        "mode=memory" not in database and not database.startswith("file::memory:"))


def parallel_export_lines(engine: Engine, criteria: ExportFilter = ExportFilter(), *,
                          with_text: bool = False, workers: int = 2) -> Iterator[str]:
    """The export's lines, read by `workers` processes (see the module docstring)."""
    url = engine.url.render_as_string(hide_password=False)
    pipes: list[Pipe] = []
    processes = []
    try:
        with _held_snapshot(engine) as snapshot_id:
            for index in range(workers):
                receiver, process = start_forked(
                    _work, (url, snapshot_id, criteria, with_text, index, workers),
                    name=f"claimdesk-export-{index}")
                pipes.append(receiver)
                processes.append(process)
            for receiver in pipes:  # each worker holds the snapshot: writers may go on
                if _received(receiver) != _READY:
                    raise RuntimeError("an export worker finished before it began")
        yield from _merged(pipes)
    finally:  # also when the reader stops early: no worker outlives the export
        for process in processes:
            stopped(process)
        for receiver in pipes:
            receiver.close()


@contextmanager
def _held_snapshot(engine: Engine) -> Iterator[str | None]:
    """While open, the snapshot the workers take (PostgreSQL: its id, for SET TRANSACTION
    SNAPSHOT; SQLite: the write lock is held, so every read transaction begun meanwhile
    sees the same database)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
            yield connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        else:
            with connection.execution_options(write=True).begin():  # BEGIN IMMEDIATE
                yield None


def _work(url: str, snapshot_id: str | None, criteria: ExportFilter, with_text: bool,
          index: int, workers: int, sender: Pipe) -> None:
    """A worker: its share of the export, piece by piece, down `sender`."""
    try:
        engine = make_engine(url)
        with engine.connect() as connection:
            _take_snapshot(connection, snapshot_id)
            sender.send_bytes(_READY)
            part = (Claim.id // CHUNK) % workers == index
            rows = connection.execute(
                export_query(engine.dialect.name, criteria, with_text=with_text, part=part),
                execution_options=STREAM)
            piece, lines = None, []
            for claim_id, head, score, tail in rows:
                if claim_id // CHUNK != piece:
                    _send_piece(sender, piece, lines)
                    piece, lines = claim_id // CHUNK, []
                lines.append(claim_line(head, score, tail))
            _send_piece(sender, piece, lines)
        sender.send_bytes(_DONE)
    except BaseException:  # the export reports it; a worker has no one else to tell
        sender.send_bytes(_FAILED + traceback.format_exc().encode())
    finally:
        sender.close()


def _take_snapshot(connection, snapshot_id: str | None) -> None:
    """Begin the worker's transaction on the snapshot `_held_snapshot` holds."""
    if snapshot_id is None:  # SQLite: the first read begins the read transaction
        connection.exec_driver_sql("SELECT 1 FROM claim LIMIT 1").all()
        return
    if not _SNAPSHOT_ID.fullmatch(snapshot_id):  # inlined below: it takes no parameter
        raise ValueError(f"unexpected snapshot id {snapshot_id!r}")
    connection.execution_options(isolation_level="REPEATABLE READ")
    connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot_id}'")


def _send_piece(sender: Pipe, piece: int | None, lines: list[str]) -> None:
    if lines:
        sender.send_bytes(_PIECE + piece.to_bytes(8, "big") + "".join(lines).encode())


def _merged(pipes: list[Pipe]) -> Iterator[str]:
    """The workers' pieces in piece order, as lines. Each worker's pieces come in
    ascending order and no two workers share a piece: the smallest waiting piece is next."""
    waiting = [_piece(receiver) for receiver in pipes]
    while any(entry is not None for entry in waiting):
        index = min((i for i, entry in enumerate(waiting) if entry is not None),
                    key=lambda i: waiting[i][0])
        text = waiting[index][1]
        for line in text.split("\n")[:-1]:  # JSON lines hold no raw newline
            yield line + "\n"
        waiting[index] = _piece(pipes[index])


def _piece(receiver: Pipe) -> tuple[int, str] | None:
    """The worker's next piece (number, text), or None when it is done."""
    message = _received(receiver)
    if message[:1] == _PIECE:
        return int.from_bytes(message[1:9], "big"), message[9:].decode()
    if message == _DONE:
        return None
    raise AssertionError(message[:1])


def _received(receiver: Pipe) -> bytes:
    try:
        message = receiver.recv_bytes()
    except EOFError:
        raise RuntimeError("an export worker stopped without a word") from None
    if message[:1] == _FAILED:
        raise RuntimeError("an export worker failed:\n" + message[1:].decode())
    return message
