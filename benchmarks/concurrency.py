"""Review writes under concurrency on SQLite and PostgreSQL: throughput, latency, lost updates.

    .venv/bin/python benchmarks/concurrency.py [--writers 1 8 32] [--writes 40]
                                               [--serve WORKERS]

Each writer is a thread with its own API token, reading a claim's version and writing a
review based on it, over 10 claims, through the real Flask app in-process — or, with
`--serve`, over HTTP to a real `claimdesk serve` (gunicorn with WORKERS processes and the
audit sequencer), whose audit log must then verify intact with every event integrated. Printed per
backend and writer count: accepted reviews per second, p95 latency of a write, how many
writes were refused as stale (409 — the system working), and lost updates: accepted
writes without their event, or reviews that differ from their last event (must be 0: the
script fails otherwise). One writer is always measured first, as each backend's baseline;
"vs 1" is the throughput relative to it.
PostgreSQL is a throwaway cluster started with initdb/pg_ctl (tests/pg.py).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import Claim, Event, Review  # noqa: E402
from app.nlp.types import CandidateClaim  # noqa: E402
from app.services import users  # noqa: E402
from app.services.ingest import store_document  # noqa: E402
from app.services.sources import IncomingDocument  # noqa: E402
from tests.pg import find_pg_bin, start_cluster  # noqa: E402
from tests.processes import (  # noqa: E402
    audit_intact,
    claimdesk,
    events_waiting,
    stop,
    wait_for,
)
from tests.workload import free_port, start_server  # noqa: E402

LABELS = ["supported", "disputed", "outdated", "not_a_claim"]
CLAIMS = 10


def prepare(url: str, writers: int) -> tuple[list[int], list[str]]:
    """A document with CLAIMS claims and one token per writer."""
    engine = make_engine(url)
    upgrade(engine)
    text = " ".join(f"Figure {i} rose {i} percent." for i in range(CLAIMS))
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    candidates, cursor = [], 0
    for sentence in sentences:
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        candidates.append(CandidateClaim(text=sentence, sentence=sentence, start=start,
                                         end=cursor, span_start=start, span_end=cursor,
                                         span_text=sentence))
    with Session(engine, expire_on_commit=False) as session:
        document = store_document(session=session, incoming=IncomingDocument(
            text=text, title="bench", source=None, published=None, origin="bench"),
            claims=candidates, extractor="bench/1", actor=None)
        ids = list(session.exec(select(Claim.id).where(Claim.document_id == document.id)))
        tokens = []
        for n in range(writers):
            user = users.create_user(session=session, username=f"w{n}", role="reviewer",
                                     password=None, actor=None)
            tokens.append(users.create_api_token(session=session, user=user, name="bench"))
    engine.dispose()
    return ids, tokens


def run(url: str, writers: int, writes: int) -> dict:
    """Let `writers` threads write `writes` reviews each; measure and check."""
    claim_ids, tokens = prepare(url, writers)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "c" * 40, "TESTING": False})
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()

    def writer(n: int) -> None:
        client, rng = app.test_client(), random.Random(n)
        headers = {"Authorization": f"Bearer {tokens[n]}"}
        for i in range(writes):
            claim_id = rng.choice(claim_ids)
            version = client.get(f"/api/v1/claims/{claim_id}", headers=headers).get_json()[
                "version"]
            start = time.perf_counter()
            response = client.post(f"/api/v1/claims/{claim_id}/reviews", headers=headers,
                                   json={"label": rng.choice(LABELS), "note": f"{n}-{i}",
                                         "version": version})
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[response.status_code] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    lost = count_lost_updates(app.extensions["claimdesk.engine"], statuses[200])
    app.extensions["claimdesk.engine"].dispose()
    return _figures(latencies, statuses, seconds, lost)


def run_served(url: str, writers: int, writes: int, workers: int) -> dict:
    """As `run`, over HTTP to `claimdesk serve --workers WORKERS`; then the sequencer must
    have integrated every event and `claimdesk audit verify` pass."""
    claim_ids, tokens = prepare(url, writers)
    claimdesk(url, "init").communicate(timeout=120)  # the audit key
    port = free_port()
    server = start_server(url, port, "--workers", str(workers))
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()

    def writer(n: int) -> None:
        rng = random.Random(n)
        headers = {"Authorization": f"Bearer {tokens[n]}", "Content-Type": "application/json"}
        for i in range(writes):
            claim_id = rng.choice(claim_ids)
            _, current = _http(port, "GET", f"/api/v1/claims/{claim_id}", headers)
            body = {"label": rng.choice(LABELS), "note": f"{n}-{i}",
                    "version": (current or {}).get("version", 0)}
            start = time.perf_counter()
            status, _ = _http(port, "POST", f"/api/v1/claims/{claim_id}/reviews", headers, body)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    engine = make_engine(url)
    try:
        integrated = wait_for(lambda: events_waiting(url) == 0, 120)
        lost = count_lost_updates(engine, statuses[200])
    finally:
        server.send_signal(signal.SIGTERM)
        stop(server)
        engine.dispose()
    if not integrated or not audit_intact(url):
        raise SystemExit("the audit log is not intact (or not integrated) after the run")
    return _figures(latencies, statuses, seconds, lost)


def _http(port: int, method: str, path: str, headers: dict, body: dict | None = None):
    """(status, JSON of a 200) of one request to the local server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=json.dumps(body) if body else None,
                           headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if response.status == 200 else None
    except (OSError, http.client.HTTPException):
        return "no answer", None
    finally:
        connection.close()


def _figures(latencies: list[float], statuses: Counter, seconds: float, lost: int) -> dict:
    latencies.sort()
    return {"accepted/s": statuses[200] / seconds,
            "p95 ms": latencies[int(0.95 * (len(latencies) - 1))],
            "p50 ms": statistics.median(latencies), "accepted": statuses[200],
            "stale 409": statuses[409], "busy 503": statuses[503],
            "errors": sum(v for k, v in statuses.items() if k not in (200, 409)),
            "lost": lost}


def count_lost_updates(engine, accepted: int) -> int:
    """Accepted writes without an event, plus reviews that differ from their last event."""
    with Session(engine) as session:
        events = session.exec(select(Event).where(Event.kind == "review.set")
                              .order_by(Event.id)).all()
        last = {(e.claim_id, e.actor_id): e.after for e in events}
        mismatched = sum(
            1 for r in session.exec(select(Review))
            if last.get((r.claim_id, r.reviewer_id), {}).get("note") != r.note)
    return abs(accepted - len(events)) + mismatched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--writes", type=int, default=40)
    parser.add_argument("--serve", type=int, default=0, metavar="WORKERS",
                        help="write over HTTP to claimdesk serve with this many workers")
    args = parser.parse_args()
    backends = [("sqlite", None)]
    bin_dir = find_pg_bin()
    cluster = start_cluster(bin_dir) if bin_dir else None
    if cluster:
        backends.append(("postgresql", cluster))
    else:
        print("PostgreSQL not found: SQLite only")
    try:
        print(f"{'backend':<11} {'writers':>7} {'accepted/s':>10} {'vs 1':>6} {'p50 ms':>7} "
              f"{'p95 ms':>7} {'accepted':>8} {'stale 409':>9} {'busy 503':>8} {'errors':>6} "
              f"{'lost':>4}")
        # One writer is the baseline of each backend: measured first, in the same run.
        counts = [1] + [n for n in args.writers if n != 1]
        for name, server in backends:
            baseline = None
            for writers in counts:
                with tempfile.TemporaryDirectory() as tmp:
                    if server is None:
                        url = f"sqlite:///{Path(tmp) / 'c.db'}"
                    else:
                        database = f"bench_{writers}"
                        with server.connect() as conn:
                            conn.execute(f"CREATE DATABASE {database}")
                        url = server.url(database)
                    r = (run_served(url, writers, args.writes, args.serve) if args.serve
                         else run(url, writers, args.writes))
                baseline = baseline or r["accepted/s"]
                print(f"{name:<11} {writers:>7} {r['accepted/s']:>10.0f} "
                      f"{r['accepted/s'] / baseline:>6.2f} {r['p50 ms']:>7.1f} "
                      f"{r['p95 ms']:>7.1f} {r['accepted']:>8} {r['stale 409']:>9} "
                      f"{r['busy 503']:>8} {r['errors']:>6} {r['lost']:>4}")
                if r["errors"] or r["lost"]:
                    raise SystemExit(f"{name}, {writers} writers: {r['errors']} errors, "
                                     f"{r['lost']} lost updates")
    finally:
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
