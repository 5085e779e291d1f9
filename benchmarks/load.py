"""Reviewers writing at once to a real `claimdesk serve`, on SQLite and PostgreSQL.

    flock /tmp/bench.lock .venv/bin/python benchmarks/load.py [--clients 1 8 32]
        [--seconds 20] [--workers N] [--threads T] [--client-processes P]
        [--kinds browser api]
        [--backends sqlite postgresql]
    .venv/bin/python benchmarks/load.py --profile 200 [--kinds ...] [--backends ...]

For each backend, kind of client and client count, a fresh database is served by
`claimdesk serve` (gunicorn, N workers of T threads, serve's default unless given: 1,
sync workers; more, gthread; the audit sequencer beside them) and
the clients, threads spread over `--client-processes` processes (8 by default; 1:
threads of this process, as before), write for the given seconds, each keeping its
connection open between requests as a browser does where the server lets it (gthread
workers; sync workers close each one):

- browser: a reviewer signed in with a password labels the queue's claim and gets the
  next one, as the page does (session cookie, CSRF token, htmx headers; tests/workload.py);
- api: a script with an API token reads a claim, then sets its review on that version.

Halfway through, one gunicorn worker is killed with SIGKILL (gunicorn starts another).
Printed per run: accepted writes/s, p50/p95 of a write, 409s (stale: the system working),
5xx, writes that got no answer (those in flight on the killed worker), lost (acknowledged
writes the database does not hold: must be 0), and "vs 1": throughput beside one client of
the same kind, measured first in the same run; new verdicts still queued for the
sequencer to offer as "checked before" when the timed window ends; the CPU milliseconds a
write cost in the web workers (SQLite's work included), the sequencer, PostgreSQL and the
clients (this process and its client processes); the 1-minute load average; "probe ms",
the CPU a fixed task took just before the run (`machine_speed`: higher on slower cores). After
each run every event must be integrated into the Merkle tree and `claimdesk audit verify`
must pass; the script fails otherwise. PostgreSQL is a throwaway cluster (tests/pg.py).

`--profile N` instead makes N writes of one client in this process (Flask's test client,
no server): the CPU time and SQL statements of a write, and where its time goes (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import math
import multiprocessing
import os
import pstats
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.server import default_workers  # noqa: E402
from app.services import offers  # noqa: E402
from tests.pg import find_pg_bin, start_cluster  # noqa: E402
from tests.processes import (  # noqa: E402
    audit_intact,
    children_of,
    claimdesk,
    events_waiting,
    pg_connect,
    sequencer_and_workers,
    stop,
    wait_for,
)
from tests.workload import (  # noqa: E402
    LABELS,
    QUEUE_HEADERS,
    BrowserLoad,
    Load,
    csrf_token,
    free_port,
    prepare,
    queue_label,
    start_server,
)

PASSWORD = "load-benchmark-password"
HEADER = (f"{'backend':<11} {'kind':<8} {'clients':>7} {'writes/s':>8} {'vs 1':>5} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'accepted':>8} {'409':>5} {'5xx':>4} "
          f"{'no answer':>9} {'lost':>4} {'offers queued':>13} "
          f"{'CPU ms a write: workers/sequencer/database/clients':>50} {'load':>5} "
          f"{'probe ms':>8}")


def run(url: str, kind: str, clients: int, seconds: float, workers: int,
        threads: int | None = None, client_processes: int = 1) -> dict:
    """One served run: clients write for `seconds`, a worker is killed halfway; checked."""
    claimdesk(url, "init").communicate(timeout=120)  # the schema and the audit key
    database = _postmaster_pid(url)
    # Each browser write takes a claim off the unreviewed queue: enough for 250 writes/s,
    # or 120 a client up to 8 clients (one client wrote 120/s and emptied a queue sized
    # for less; the API's clients share 300 claims, as a team does).
    claims = 300 if kind == "api" else int(seconds * max(250, 120 * min(clients, 8)))
    claim_ids, tokens = prepare(url, clients, documents=-(-claims // 50), claims=50,
                                password=PASSWORD)
    port = free_port()
    server = start_server(url, port, "--workers", str(workers),
                          *(["--threads", str(threads)] if threads else []))
    base = f"http://127.0.0.1:{port}"
    make_load = functools.partial(
        BrowserLoad, password=PASSWORD) if kind == "browser" else Load
    load = ClientProcesses(make_load(base, claim_ids, tokens),
                           min(client_processes, clients))
    try:
        load.run()
        if not wait_for(lambda: load.ready() == clients, 120, step=0.05):
            raise SystemExit(f"only {load.ready()} of {clients} clients signed in")
        # Timed from here: every client is signed in and writing.
        began, before = time.perf_counter(), load.window()
        cpu_before = _cpu_by_part(server.pid, database, load.pids())
        killed = _kill_a_worker_at(server.pid, began + seconds / 2)
        time.sleep(max(0.0, began + seconds - time.perf_counter()))
        statuses, times = load.window(before)
        elapsed = time.perf_counter() - began
        cpu = _cpu_by_part(server.pid, database, load.pids()) - cpu_before
        offers_queued = _offers_waiting(url)
        load.finish()
        if not killed.is_set():
            raise SystemExit("no worker was killed: the run did not test a worker's death")
        integrated = wait_for(lambda: events_waiting(url) == 0, 120, step=0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        stop(server)
    if not integrated or not audit_intact(url):
        raise SystemExit(f"{kind}, {clients} clients: the audit log is not intact (or not "
                         "integrated) after the run")
    if load.emptied:
        print(f"  (the queue ran empty {load.emptied} times: more claims needed)")
    figures = _figures(statuses, times, elapsed, lost=len(load.lost(url)))
    writes = max(1, figures["accepted"])
    figures["cpu"] = "/".join(f"{cpu[part] * 1000 / writes:.1f}"
                              for part in ("workers", "sequencer", "database", "clients"))
    figures["offers queued"] = offers_queued
    return figures


class ClientProcesses:
    """The clients of a run, `processes` processes of threads (one: threads of this
    process, as the harness ran before).

    32 client threads in one process wait on its GIL: a thread's answer had arrived while
    it waited, its write was timed longer than the server took, and a sync worker lingers
    until the client closes the connection (`close_graceful`). Each process runs the same
    `Load` (or `BrowserLoad`) over its share of the reviewers, the same requests and
    accounting; what each acknowledged and timed is gathered here at the end."""

    def __init__(self, load: Load, processes: int) -> None:
        self.load, self.processes = load, max(1, processes)
        self.emptied = 0
        self._pipes: list = []
        self._children: list = []
        self._threads: list[threading.Thread] = []

    def run(self) -> None:
        writers = list(range(len(self.load.tokens)))
        if self.processes == 1:
            self._threads = _start_writers(self.load, writers)
            return
        context = multiprocessing.get_context("fork")
        for share in range(self.processes):
            ours, theirs = context.Pipe()
            child = context.Process(target=_client_process,
                                    args=(theirs, self.load, writers[share::self.processes]),
                                    daemon=True)
            child.start()
            self._pipes.append(ours)
            self._children.append(child)

    def _ask(self, command: str, argument=None) -> list:
        for pipe in self._pipes:
            pipe.send((command, argument))
        return [pipe.recv() for pipe in self._pipes]

    def ready(self) -> int:
        if not self._pipes:
            return len(self.load.ready)
        return sum(self._ask("ready"))

    def pids(self) -> list[int]:
        return [child.pid for child in self._children]

    def window(self, since: list | None = None):
        """Where the timed window starts (no argument: each process's write statuses and
        count of timed writes), or the statuses and times of the writes since `since`."""
        if self._pipes:
            marks = self._ask("mark")
        else:
            marks = [(self.load.write_statuses.copy(), len(self.load.write_ms))]
        if since is None:
            return marks
        statuses, times = Counter(), []
        for index, ((now, count), (then, start)) in enumerate(zip(marks, since, strict=True)):
            statuses += now - then
            if self._pipes:
                self._pipes[index].send(("times", (start, count)))
                times += self._pipes[index].recv()
            else:
                times += self.load.write_ms[start:count]
        return statuses, times

    def finish(self) -> None:
        """Stop every client; what they acknowledged gathered into `self.load`."""
        self.load.stop.set()
        for thread in self._threads:
            thread.join(timeout=30)
        for done in self._ask("stop") if self._pipes else []:
            self.load.acknowledged.update(done["acknowledged"])
            self.load.unsure.update(done["unsure"])
            self.load.statuses += done["statuses"]
            self.emptied += done["emptied"]
        for child in self._children:
            child.join(timeout=30)
        if not self._pipes:
            self.emptied = getattr(self.load, "emptied", 0)

    def lost(self, url: str) -> list[str]:
        return self.load.lost(url)


def _start_writers(load: Load, writers: list[int]) -> list[threading.Thread]:
    threads = [threading.Thread(target=load._write, args=(n,), daemon=True)  # noqa: SLF001
               for n in writers]
    for thread in threads:
        thread.start()
    return threads


def _client_process(pipe, load: Load, writers: list[int]) -> None:
    """A client process: `writers` of `load` as threads, answering the parent's asks."""
    threads = _start_writers(load, writers)
    while True:
        command, argument = pipe.recv()
        if command == "ready":
            pipe.send(len(load.ready))
        elif command == "mark":
            pipe.send((load.write_statuses.copy(), len(load.write_ms)))
        elif command == "times":
            start, end = argument
            pipe.send(load.write_ms[start:end])
        elif command == "stop":
            load.stop.set()
            for thread in threads:
                thread.join(timeout=30)
            pipe.send({"acknowledged": load.acknowledged, "unsure": load.unsure,
                       "statuses": load.statuses, "emptied": getattr(load, "emptied", 0)})
            return


def _offers_waiting(url: str) -> int:
    """New verdicts the sequencer has yet to offer as "checked before" (it gives way to
    the audit log while events stream in)."""
    engine = make_engine(url)
    with Session(engine) as session:
        waiting = offers.waiting_count(session)
    engine.dispose()
    return waiting


def _postmaster_pid(url: str) -> int | None:
    """The PostgreSQL server's main process (None on SQLite: it runs in the workers)."""
    if url.startswith("sqlite"):
        return None
    with pg_connect(url) as connection:
        folder = connection.execute("SHOW data_directory").fetchone()[0]
    return int((Path(folder) / "postmaster.pid").read_text().split()[0])


def _cpu_by_part(master: int, database: int | None, clients: list[int]) -> Counter:
    """CPU seconds used so far by the web workers (with the gunicorn master and the workers
    it reaped), the sequencer, the database server and the clients (this process and its
    client processes)."""
    sequencer, _ = sequencer_and_workers(master)
    parts = Counter({"workers": _tree_cpu(master),
                     "clients": sum(os.times()[:2]) + sum(map(_tree_cpu, clients))})
    if sequencer is not None:
        parts["sequencer"] = _tree_cpu(sequencer)
        parts["workers"] -= parts["sequencer"]
    if database is not None:
        parts["database"] = _tree_cpu(database)
    return parts


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process, the children it has reaped and those still alive."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # ended meanwhile
        return 0.0
    own = sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return own + sum(_tree_cpu(child) for child in children_of(pid))


def _kill_a_worker_at(master: int, moment: float) -> threading.Event:
    """SIGKILL one of the master's web workers at `moment` (perf_counter); set when done."""
    done = threading.Event()

    def kill() -> None:
        time.sleep(max(0.0, moment - time.perf_counter()))
        _, workers = sequencer_and_workers(master)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            done.set()

    threading.Thread(target=kill, daemon=True).start()
    return done


def _figures(statuses: Counter, times: list[float], seconds: float, lost: int) -> dict:
    """The printed figures of the writes answered within the timed window."""
    times = sorted(times)
    return {"writes/s": statuses[200] / seconds,
            "p50 ms": statistics.median(times) if times else 0.0,
            "p95 ms": times[int(0.95 * (len(times) - 1))] if times else 0.0,
            "accepted": statuses[200], "409": statuses[409],
            "5xx": sum(n for status, n in statuses.items()
                       if isinstance(status, int) and status >= 500),
            "no answer": statuses["no answer"], "lost": lost}


def machine_speed() -> float:
    """The CPU milliseconds a fixed pure-Python task takes now, best of three. This
    machine's cores are a VM's, shared with the host's other guests: the same code's CPU a
    write was 30-50 % higher in one run than in another 15 minutes earlier, the clients'
    fixed work included. Measured before each run, it tells runs on slow cores apart."""
    best = math.inf
    for _ in range(3):
        started = time.process_time()
        total = 0
        for number in range(400_000):
            total += number * number % 7
        best = min(best, time.process_time() - started)
    return best * 1000


def profile(url: str, kind: str, writes: int) -> None:
    """Print the CPU and statements of one in-process client's write, and its profile."""
    upgrade(make_engine(url))
    # The queue takes a claim a label: enough for the warm-up, the timed and profiled writes.
    claim_ids, tokens = prepare(url, 1, documents=-(-(2 * writes + 40) // 50), claims=50,
                                password=PASSWORD)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "p" * 40, "TESTING": False})
    write = (_queue_writer if kind == "browser" else _api_writer)(app, claim_ids, tokens[0])
    for _ in range(20):  # warm: caches, compiled statements, the pool
        write()
    statements: list[int] = []

    def count(*_args) -> None:
        statements.append(1)

    engine = app.extensions["claimdesk.engine"]
    event.listen(engine, "before_cursor_execute", count)
    started = time.process_time()
    for _ in range(writes):
        write()
    cpu = (time.process_time() - started) / writes * 1000
    event.remove(engine, "before_cursor_execute", count)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [write() for _ in range(writes)])
    engine.dispose()
    print(f"{kind}: {cpu:.1f} ms CPU a write in this process (unprofiled), "
          f"{len(statements) / writes:.1f} SQL statements")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"/app/|jinja2/environment", 30)


def _api_writer(app, claim_ids: list[int], token: str):
    """One API write as a script makes it: read the claim, review it on that version."""
    client, rng = app.test_client(), random.Random(0)
    headers = {"Authorization": f"Bearer {token}"}

    def write() -> None:
        claim_id = rng.choice(claim_ids)
        version = client.get(f"/api/v1/claims/{claim_id}", headers=headers).get_json()[
            "version"]
        response = client.post(f"/api/v1/claims/{claim_id}/reviews", headers=headers,
                               json={"label": rng.choice(LABELS), "version": version})
        if response.status_code != 200:
            raise SystemExit(f"an API write answered {response.status_code}")

    return write


def _queue_writer(app, _claim_ids: list[int], _token: str):
    """One label in the review queue as the page sends it, the next claim in the answer."""
    client, rng = app.test_client(), random.Random(0)
    login = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": "writer0", "password": PASSWORD,
                                "csrf_token": csrf_token(login)})
    page = [client.get("/queue").get_data(as_text=True)]
    token = csrf_token(page[0])

    def write() -> None:
        form = queue_label(page[0], token, rng.choice(LABELS))
        if form is None:
            raise SystemExit("the queue showed no claim to label")
        _, address, fields = form
        response = client.post(address, data=fields,
                               headers={**QUEUE_HEADERS, "X-CSRFToken": token})
        if response.status_code != 200:
            raise SystemExit(f"a queue label answered {response.status_code}")
        page[0] = response.get_data(as_text=True)

    return write


@contextmanager
def databases(backends: list[str]):
    """Yields a maker of fresh database URLs per backend (PostgreSQL: one throwaway
    cluster for the whole run, a database per run in it)."""
    cluster = None
    if "postgresql" in backends:
        bin_dir = find_pg_bin()
        if bin_dir is None:
            print("PostgreSQL not found: SQLite only")
            backends.remove("postgresql")
        else:
            cluster = start_cluster(bin_dir)
    counter = iter(range(1_000_000))
    with tempfile.TemporaryDirectory() as folder:
        def fresh(backend: str) -> str:
            number = next(counter)
            if backend == "sqlite":
                return f"sqlite:///{Path(folder) / f'load{number}.db'}"
            with cluster.connect() as connection:
                connection.execute(f"CREATE DATABASE load{number}")
            return cluster.url(f"load{number}")

        try:
            yield fresh
        finally:
            if cluster:
                cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per worker (more than 1: gthread, connections kept "
                        "open; 1: sync workers; default: serve's, 8 on PostgreSQL, 1 on "
                        "SQLite)")
    parser.add_argument("--client-processes", type=int, default=8, metavar="P",
                        help="spread the clients over P processes (1: threads of this one)")
    parser.add_argument("--kinds", nargs="+", choices=["browser", "api"],
                        default=["browser", "api"])
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"],
                        default=["sqlite", "postgresql"])
    parser.add_argument("--profile", type=int, default=0, metavar="WRITES",
                        help="profile WRITES writes of one client in this process instead")
    args = parser.parse_args()
    if args.profile:
        backends = list(args.backends)
        with databases(backends) as fresh:
            for backend in backends:
                for kind in args.kinds:
                    print(f"--- {backend}, load average "
                          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
                    profile(fresh(backend), kind, args.profile)
        return
    print(f"claimdesk serve --workers {args.workers} --threads {args.threads or 'default'}; "
          f"{args.seconds:g} s a run; clients in up to {args.client_processes} processes; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(HEADER)
    backends, failures = list(args.backends), []
    with databases(backends) as fresh:
        for backend in backends:
            for kind in args.kinds:
                baseline = None
                for clients in [1] + [n for n in args.clients if n != 1]:  # 1: the baseline
                    probe = machine_speed()
                    r = run(fresh(backend), kind, clients, args.seconds, args.workers,
                            args.threads, args.client_processes)
                    baseline = baseline or r["writes/s"] or 1.0
                    print(f"{backend:<11} {kind:<8} {clients:>7} {r['writes/s']:>8.1f} "
                          f"{r['writes/s'] / baseline:>5.2f} {r['p50 ms']:>7.1f} "
                          f"{r['p95 ms']:>7.1f} {r['accepted']:>8} {r['409']:>5} "
                          f"{r['5xx']:>4} {r['no answer']:>9} {r['lost']:>4} "
                          f"{r['offers queued']:>13} {r['cpu']:>50} {os.getloadavg()[0]:>5.1f} "
                          f"{probe:>8.1f}", flush=True)
                    if r["lost"] or r["5xx"]:  # every run still measured, then a failure
                        failures.append(f"{backend}, {kind}, {clients} clients: {r['lost']} "
                                        f"lost, {r['5xx']} server errors")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if failures:
        raise SystemExit("\n".join(failures))


if __name__ == "__main__":
    main()
