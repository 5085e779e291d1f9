"""`claimdesk serve` under load: a web worker and the sequencer killed with SIGKILL lose no
acknowledged write, through the API or the review queue, and every one of them still enters
the Merkle tree (the sequencer is started again), on SQLite and PostgreSQL."""

import os
import signal

from tests.processes import (
    audit_intact,
    claimdesk,
    events_waiting,
    sequencer_and_workers,
    stop,
    wait_for,
)
from tests.workload import BrowserLoad, Load, free_port, prepare, start_server


def test_kill_9_of_a_worker_and_of_the_sequencer_loses_nothing_and_integrates_all(db_url):
    claimdesk(db_url, "init").communicate(timeout=120)  # the signing key
    claim_ids, tokens = prepare(db_url, reviewers=6, claims=50, password="p" * 12)
    port = free_port()
    server = start_server(db_url, port)
    load = Load(f"http://127.0.0.1:{port}", claim_ids, tokens[:4])
    queue = BrowserLoad(f"http://127.0.0.1:{port}", claim_ids, tokens[4:], password="p" * 12,
                        first=4)  # writer4 and writer5 label in the queue, as browsers do
    threads = load.run() + queue.run()
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
        # the queue's browsers write more slowly than the API clients: give them the time
        assert wait_for(lambda: queue.writes > 10, 60) and queue.emptied == 0, queue.statuses
    finally:
        load.stop.set()
        queue.stop.set()
        for thread in threads:
            thread.join(timeout=30)
    try:  # acknowledged before the kill or after: the new sequencer integrates them all
        assert wait_for(lambda: events_waiting(db_url) == 0, 60)
    finally:
        server.send_signal(signal.SIGTERM)
        stop(server)
    assert load.lost(db_url) == [] and queue.lost(db_url) == []
    assert audit_intact(db_url)
