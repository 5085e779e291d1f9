"""`claimdesk serve` (gunicorn) over real HTTP."""

import http.client
import signal

import pytest

from tests.processes import stop
from tests.workload import free_port, prepare, start_server


@pytest.mark.parametrize(("threads", "kept_open"), [("1", False), ("2", True)])
def test_serve_keeps_connections_open_only_with_threads(db_url, threads, kept_open):
    """Sync workers (one thread) close each connection: a connection kept open stays with
    the worker that accepted it, which made the tail latency worse (RESULTS.md, issue 15
    part 5); gthread workers (`--threads`) keep them open."""
    prepare(db_url, reviewers=0, documents=0)
    port = free_port()
    server = start_server(db_url, port, "--workers", "1", "--threads", threads)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        sockets = []
        for _ in range(2):
            connection.request("GET", "/login")
            response = connection.getresponse()
            response.read()
            assert response.status == 200 and response.will_close is not kept_open
            sockets.append(connection.sock)
        assert (sockets[0] is sockets[1] is not None) is kept_open
    finally:
        connection.close()
        server.send_signal(signal.SIGTERM)
        stop(server)


def test_serve_runs_sync_workers_by_default(db_url, backend):
    """`claimdesk serve` runs sync workers unless told otherwise, on both databases: on a
    quiet machine their tail at 32 API clients was a half of gthread workers' on PostgreSQL,
    and a thread sharing its worker's GIL held SQLite's write lock longer (RESULTS.md,
    issue 15 parts 8 and 9)."""
    prepare(db_url, reviewers=0, documents=0)
    port = free_port()
    server = start_server(db_url, port, "--workers", "1")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for _ in range(2):
            connection.request("GET", "/login")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            assert response.will_close is True  # (sync: each connection closed)
    finally:
        connection.close()
        server.send_signal(signal.SIGTERM)
        stop(server)
