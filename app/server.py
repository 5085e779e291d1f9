"""`claimdesk serve`: the app under gunicorn, and beside it the audit log's sequencer.

Gunicorn loads the app once and forks the web workers (each with a connection pool of its
own, as deep as its threads); the master also keeps one sequencer process (`claimdesk
audit sequence`) running, starting a new one if it dies, so events acknowledged to a
client are integrated into the tree whatever was killed. The sequencer dies with the
master, and runs at a lower CPU priority than the workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from typing import Any

from gunicorn.app.base import BaseApplication

from app.services.forking import die_with_parent

SEQUENCER_COMMAND = [sys.executable, "-c", "from app.cli import main; main()",
                     "audit", "sequence"]


def default_workers() -> int:
    """Gunicorn's rule of thumb, two per core and one more, at most eight."""
    return min(8, 2 * (os.cpu_count() or 1) + 1)


# Threads a worker by default: one, i.e. gunicorn's sync workers, on both databases. On a
# quiet machine at 32 API clients (4 workers) sync workers meet issue 15's targets on
# PostgreSQL (197-248 writes/s, p95 75-102 ms) where gthread workers of 8 threads, which keep
# each client's connection tied to the worker that accepted it, reached the throughput but
# not the tail (176-178 writes/s, p95 183-213 ms); on SQLite a gthread worker's thread holding
# the write lock waits on the GIL behind the others (p95 434-696 ms). gthread did better only
# on a machine loaded by other work (RESULTS.md, issue 15 parts 8 and 9); `--threads` chooses.
DEFAULT_THREADS = 1


class Sequencer:
    """One `claimdesk audit sequence` process, started again whenever it ends."""

    def __init__(self, restart_after: float = 0.5) -> None:
        self.process: subprocess.Popen | None = None
        self.restart_after = restart_after
        self._stopped = threading.Event()

    def start(self) -> None:
        self.process = self._spawn()
        threading.Thread(target=self._watch, name="sequencer-watch", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def _spawn(self) -> subprocess.Popen:
        parent = os.getpid()
        return subprocess.Popen(  # noqa: S603 (our own command, no shell)
            SEQUENCER_COMMAND, preexec_fn=lambda: _background(parent))

    def _watch(self) -> None:
        """Restart the sequencer when it ends (the thread that forked it keeps living, as
        PR_SET_PDEATHSIG needs)."""
        while not self._stopped.wait(self.restart_after):
            if self.process is not None and self.process.poll() is not None:
                print(f"claimdesk: sequencer ended ({self.process.returncode}); starting it "
                      "again", file=sys.stderr, flush=True)
                self.process = self._spawn()


SEQUENCER_NICENESS = 10


def _background(parent: int) -> None:
    """The sequencer dies with the server and gives way to the web workers for CPU: what
    it does (integrating events, offering verdicts) may lag under load, a request may not."""
    die_with_parent(parent)
    os.nice(SEQUENCER_NICENESS)


class Server(BaseApplication):
    """Gunicorn, configured from code: `workers` processes of `threads` threads each."""

    def __init__(self, bind: str, workers: int, threads: int) -> None:
        self.options: dict[str, Any] = {
            "bind": bind, "workers": workers, "threads": threads,
            # Sync workers (one thread) close each connection; gthread keeps them open
            # (keep-alive). A connection stays with the worker that accepted it: with one
            # thread a worker serves its connections in turn (p95 1.0-1.1 s at 32 API
            # clients, issue 15 part 5), with several (`DEFAULT_THREADS`) it serves them
            # at once, and a connection waiting on the database holds no worker (part 8).
            "worker_class": "gthread" if threads > 1 else "sync",
            "timeout": 60, "graceful_timeout": 10, "accesslog": None,
            # The app is loaded once, in the master: a worker started again after a crash
            # answers at once instead of spending ~2 s of CPU importing it beside the
            # others (pools made before the fork are dropped in the child: app.db).
            "preload_app": True,
        }
        self.threads = threads
        self.sequencer = Sequencer()
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:  # gunicorn 24+: one per user home,
            self.cfg.set("control_socket_disable", True)  # shared by every server: not ours
        self.cfg.set("on_starting", lambda _arbiter: self.sequencer.start())
        self.cfg.set("on_exit", lambda _arbiter: self.sequencer.stop())
        # A worker left behind by a killed master would hold connections and locks.
        self.cfg.set("post_fork", lambda arbiter, _worker: die_with_parent(arbiter.pid))

    def load(self):
        from app import create_app

        # A pool as deep as the worker's threads, and one spare: no thread waits on it.
        return create_app({"DB_POOL_SIZE": self.threads + 1})
