"""Forked helpers hold none of their parent's database connections."""

from __future__ import annotations

import marshal
import os
import stat

from sqlalchemy import text

from app.services.forking import start_forked, stopped


def _report(engine, sender) -> None:
    """What the child holds: inherited sockets, and whether its engine's pool is new."""
    sockets = [fd for fd in map(int, os.listdir("/proc/self/fd")) if fd != sender.fileno()
               and _is_socket(fd)]
    with engine.connect() as connection:  # a connection of the child's own
        connection.execute(text("SELECT 1")).all()
    sender.send_bytes(marshal.dumps((sockets, id(engine.pool))))
    sender.close()


def _is_socket(fd: int) -> bool:
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False


def test_a_forked_helper_holds_no_connection_of_its_parent(session, engine):
    session.exec(text("SELECT count(*) FROM claim")).all()  # a transaction open, as the import's
    receiver, process = start_forked(_report, (engine,), name="probe")
    try:
        sockets, pool = marshal.loads(receiver.recv_bytes())
        process.join(10)
    finally:
        receiver.close()
        stopped(process)
    assert sockets == []
    assert pool != id(engine.pool)
    assert process.exitcode == 0
    assert session.exec(text("SELECT count(*) FROM claim")).one() == (0,)  # still ours
