"""`claimdesk serve` under load: a web worker and the sequencer killed with SIGKILL lose no
acknowledged write, and every one of them still enters the Merkle tree (the sequencer is
started again), on SQLite and PostgreSQL."""

import os
import signal
from pathlib import Path

from sqlalchemy import text

from app.db import make_engine
from tests.processes import audit_intact, children_of, claimdesk, stop, wait_for
from tests.workload import Load, free_port, prepare, start_server


def sequencer_and_workers(master: int) -> tuple[int | None, list[int]]:
    """The master's sequencer process and its web workers."""
    sequencer, workers = None, []
    for pid in children_of(master):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if b"sequence" in command:
            sequencer = pid
        else:
            workers.append(pid)
    return sequencer, workers


def waiting(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM audit_pending")).scalar_one()
    finally:
        engine.dispose()


def test_kill_9_of_a_worker_and_of_the_sequencer_loses_nothing_and_integrates_all(db_url):
    claimdesk(db_url, "init").communicate(timeout=120)  # the signing key
    claim_ids, tokens = prepare(db_url, reviewers=4)
    port = free_port()
    server = start_server(db_url, port)
    load = Load(f"http://127.0.0.1:{port}", claim_ids, tokens)
    threads = load.run()
    try:
        assert wait_for(lambda: load.writes > 20, 60), load.statuses
        sequencer, workers = sequencer_and_workers(server.pid)
        assert sequencer and workers
        os.kill(workers[0], signal.SIGKILL)
        assert wait_for(lambda: load.writes > 40, 60), load.statuses
        os.kill(sequencer, signal.SIGKILL)
        assert wait_for(lambda: load.writes > 60, 60), load.statuses
        assert wait_for(lambda: sequencer_and_workers(server.pid)[0] not in (None, sequencer),
                        10)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)
    try:  # acknowledged before the kill or after: the new sequencer integrates them all
        assert wait_for(lambda: waiting(db_url) == 0, 60)
    finally:
        server.send_signal(signal.SIGTERM)
        stop(server)
    assert load.lost(db_url) == []
    assert audit_intact(db_url)
