"""`claimdesk serve` (gunicorn) over real HTTP."""

import http.client
import signal

from tests.processes import stop
from tests.workload import free_port, prepare, start_server


def test_serve_keeps_a_clients_connection_open_between_requests(db_url):
    prepare(db_url, reviewers=0, documents=0)
    port = free_port()
    server = start_server(db_url, port, "--workers", "1")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        sockets = []
        for _ in range(3):
            connection.request("GET", "/login")
            response = connection.getresponse()
            response.read()
            assert response.status == 200 and not response.will_close
            sockets.append(connection.sock)
        assert sockets[0] is sockets[1] is sockets[2]  # one connection, as a browser keeps it
    finally:
        connection.close()
        server.send_signal(signal.SIGTERM)
        stop(server)
