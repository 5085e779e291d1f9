"""Faults and hostile input on SQLite and PostgreSQL: requests, faults, 500s, writes lost.

    .venv/bin/python benchmarks/faults.py [--rounds 6] [--writers 8] [--imports 3]
                                          [--backends sqlite postgres]  (~8 minutes)

Per backend, three parts:
  web      reviewers write labels through a real `claimdesk serve` over HTTP while the
           server is killed (kill -9) `--rounds` times and started again; after each kill:
           no lock left (a fresh connection reads every table within a second), the audit
           chain intact; at the end every acknowledged write is looked for in the database.
  import   a 20 MB export is imported and killed (kill -9 or TERM, at a random point)
           `--imports` times: the reader process gone, nothing written, no lock left.
  hostile  tests/hostile_sweep.py: every hostile value in every field of every form, query
           and API body, through the app with TESTING off (an exception is a 500).
Printed: requests, faults, 500s (must be 0), acknowledged writes lost (must be 0), checks
failed (must be 0). PostgreSQL is a throwaway cluster (tests/pg.py).
"""

from __future__ import annotations

import argparse
import platform
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session  # noqa: E402

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.services import users  # noqa: E402
from app.services.audit_tree import integrate_all  # noqa: E402
from app.services.audit_verify import verify  # noqa: E402
from tests.factories import add_document  # noqa: E402
from tests.hostile_sweep import probes, send, values_for  # noqa: E402
from tests.pg import find_pg_bin, start_cluster  # noqa: E402
from tests.processes import (  # noqa: E402
    alive,
    answer_time,
    audit_intact,
    children_of,
    claimdesk,
    stop,
    wait_for,
)
from tests.services.test_faults import export_file  # noqa: E402
from tests.workload import Load, free_port, prepare, start_server  # noqa: E402


class Tally:
    """What one backend's run counted."""

    def __init__(self) -> None:
        self.requests, self.faults, self.errors, self.lost = 0, 0, 0, 0
        self.failed: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failed.append(what)


def fresh_database(backend: str, cluster, workdir: Path, name: str) -> str:
    """A migrated, empty database."""
    if backend == "sqlite":
        url = f"sqlite:///{workdir / (name + '.db')}"
    else:
        with cluster.connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        url = cluster.url(name)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def lock_free(url: str) -> bool:
    took, _ = answer_time(url)
    return took < 1.0


def web_part(url: str, rounds: int, writers: int, tally: Tally) -> None:
    """Reviewers writing while the server is killed `rounds` times."""
    claim_ids, tokens = prepare(url, reviewers=writers)
    port = free_port()
    server = start_server(url, port)
    load = Load(f"http://127.0.0.1:{port}", claim_ids, tokens)
    threads = load.run()
    rng = random.Random(0)
    try:
        for _ in range(rounds):
            time.sleep(rng.uniform(2.0, 8.0))
            server.send_signal(signal.SIGKILL)
            stop(server)
            tally.faults += 1
            tally.check(lock_free(url), "web: a lock was left after the kill")
            tally.check(audit_intact(url), "web: audit chain broken after the kill")
            server = start_server(url, port)
        time.sleep(2.0)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        stop(server)
    answered = {status: n for status, n in load.statuses.items() if isinstance(status, int)}
    tally.requests += sum(answered.values())
    tally.errors += sum(n for status, n in answered.items() if status >= 500)
    lost = load.lost(url)
    tally.lost += len(lost)
    print(f"    web: {sum(answered.values()):,} requests answered {dict(sorted(answered.items()))}"
          f" ({load.statuses['no answer']:,} tries while the server was down), "
          f"{load.writes:,} writes acknowledged, the last of each (reviewer, claim) "
          f"looked for: {len(lost)} lost", flush=True)


def import_part(backend: str, cluster, workdir: Path, imports: int, export: Path,
                tally: Tally) -> None:
    """`imports` imports killed at random points: nothing written, nothing left behind."""
    rng = random.Random(1)
    for number in range(imports):
        url = fresh_database(backend, cluster, workdir, f"import{number}")
        importer = claimdesk(url, "import", str(export))
        reader = None
        try:
            started = wait_for(lambda p=importer: children_of(p.pid), 60)
            tally.check(started, f"import: the reader never started (exit code "
                                 f"{importer.poll()})")
            reader = (children_of(importer.pid) or [None])[0]
            time.sleep(rng.uniform(0.0, 2.0))
            how = rng.choice([signal.SIGKILL, signal.SIGTERM])
            importer.send_signal(how)
            importer.wait(timeout=60)
            tally.faults += 1
            tally.check(reader is None or wait_for(lambda r=reader: not alive(r), 5),
                        "import: the reader outlived the import")
            took, counts = answer_time(url)
            tally.check(took < 1.0, "import: a lock was left")
            tally.check(counts["claim"] == counts["document"] == 0 or importer.returncode == 0,
                        "import: half an import was left")
        finally:
            stop(importer, reader)


def hostile_part(url: str, tally: Tally) -> None:
    """The hostile sweep through the app, exceptions answered as 500s."""
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        admin = users.create_user(session=session, username="ana", role="admin",
                                  password="ana-correct-horse-battery", actor=None)
        _, claims = add_document(session)
        api_token = users.create_api_token(session=session, user=admin, name="sweep")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "h" * 40, "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"username": "ana", "password": "ana-correct-horse-battery",
                                "csrf_token": csrf})
    page = client.get("/").get_data(as_text=True)  # a new session: its own token
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    statuses: Counter = Counter()
    for probe in probes(claims[0].id, claims[0].document_id):
        for value in values_for(probe):
            statuses[send(client, probe, value, csrf, api_token).status_code] += 1
    with Session(engine) as session:
        integrate_all(session)
        tally.check(verify(session).ok, "hostile: audit log broken")
    app.extensions["claimdesk.engine"].dispose()
    engine.dispose()
    tally.requests += sum(statuses.values())
    tally.errors += sum(n for status, n in statuses.items() if status >= 500)
    print(f"    hostile: {sum(statuses.values()):,} requests {dict(sorted(statuses.items()))}",
          flush=True)


def run(backend: str, cluster, args, export: Path) -> Tally:
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix=f"faults-{backend}-") as folder:
        workdir = Path(folder)
        print(f"  {backend}:", flush=True)
        web_part(fresh_database(backend, cluster, workdir, "web"), args.rounds, args.writers,
                 tally)
        import_part(backend, cluster, workdir, args.imports, export, tally)
        hostile_part(fresh_database(backend, cluster, workdir, "hostile"), tally)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="server kills per backend")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--imports", type=int, default=3, help="killed imports per backend")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    print(f"claimdesk faults: {platform.node()}, {platform.machine()}, Python "
          f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    cluster = None
    if "postgres" in args.backends:
        bin_dir = find_pg_bin()
        if bin_dir is None:
            sys.exit("PostgreSQL is not installed (no initdb; set PG_BIN)")
        cluster = start_cluster(bin_dir)
    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="faults-export-") as folder:
            export = export_file(Path(folder) / "export.jsonl", 80_000)
            for backend in args.backends:
                results[backend] = run(backend, cluster, args, export)
    finally:
        if cluster is not None:
            cluster.stop()
    print("\n| database | requests | faults | 500s | acknowledged writes lost | checks failed |")
    print("|---|---:|---:|---:|---:|---:|")
    for backend, tally in results.items():
        print(f"| {backend} | {tally.requests:,} | {tally.faults} | {tally.errors} | "
              f"{tally.lost} | {len(tally.failed)} |")
    for backend, tally in results.items():
        for failure in tally.failed:
            print(f"FAILED ({backend}): {failure}")
    if any(t.errors or t.lost or t.failed for t in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
