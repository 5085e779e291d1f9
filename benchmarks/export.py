"""Export and import throughput on a large SQLite database, beside a plain SELECT.

    .venv/bin/python benchmarks/export.py [--claims 1000000] [--database sqlite|postgresql|both]

Fills a fresh database (SQLite, or a throwaway PostgreSQL cluster) in bulk (claims with
one review each), then runs each phase in its own process so that its peak memory is its own:
  floor   a plain `SELECT * FROM claim` joined to its review, streamed to /dev/null
  export-1  the JSONL export (schema claimdesk.claim/1) to a file through one cursor, as the
          web download and `--workers 1` read it
  export  the same as `claimdesk export --format jsonl` reads it: in worker processes
          (`--workers`, default 2), checked byte for byte against export-1's file
  import  that file into an empty database (one pass: a reading process and this one)
  insert-floor  the same rows written as the import writes them (batches, page cache,
          indexes made again at the end) into an empty database, only the writes timed:
          the database's own cost, which no import can beat
and prints rows/s and peak memory for each: the phase's processes together (their PSS,
sampled: see MemoryPeak), beside the RSS of the phase's own process. Targets (issue 6): export
≥ 50,000 rows/s and < 250 MB RSS; import ≥ 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def fill(url: str, claims: int) -> None:
    """Claims (see review.py) plus one review of each by one reviewer."""
    from review import fill as fill_claims

    from app.db import canonical_json, make_engine
    from app.models import Review, User, utcnow

    fill_claims(url, claims)
    engine = make_engine(url)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(insert(User), [{"username": "bench", "role": "reviewer",
                                     "password_hash": None, "is_active": True,
                                     "session_epoch": 0, "created_at": now}])
        # Realistic JSON: every claim names an organisation, every tenth has a date.
        # (SQLite stores JSON as text; CAST to its unknown type JSON would make a number.)
        json_type = "JSON" if engine.dialect.name == "postgresql" else "TEXT"
        conn.execute(text(
            f"UPDATE claim SET verdict = 'supported', entities = CAST(:entities AS {json_type}), "
            f"dates = CAST(CASE WHEN id % 10 = 0 THEN :dates ELSE '[]' END AS {json_type})"), {
                "entities": canonical_json([{"text": "the ministry", "label": "ORG",
                                             "start": 0, "end": 12}]),
                "dates": canonical_json([{"text": "in May", "value": "2024-05",
                                          "kind": "month"}])})
    for start in range(1, claims + 1, 50_000):
        with engine.begin() as conn:
            conn.execute(insert(Review), [
                {"claim_id": i, "reviewer_id": 1, "label": "supported", "note": f"checked {i}",
                 "evidence": ["https://example.test/source"], "outdated_since": None,
                 "version": 1, "created_at": now, "updated_at": now}
                for i in range(start, min(start + 50_000, claims + 1))])
    if engine.dialect.name == "postgresql":  # as autovacuum would, after the bulk UPDATE
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def phase(name: str, url: str, path: Path) -> dict:
    """Run one phase here (in a child process): rows, seconds and memory."""
    with MemoryPeak() as memory:
        rows, seconds = run_phase(name, url, path)
    return {"rows": rows, "seconds": seconds, "peak_mb": memory.peak_mb,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_phase(name: str, url: str, path: Path) -> tuple[int, float]:
    from sqlmodel import Session

    from app.cli import EXPORT_WORKERS
    from app.db import make_engine
    from app.migrate import upgrade
    from app.services.export import export_lines
    from app.services.importing import import_file

    engine = make_engine(url)
    start = time.perf_counter()
    rows = 0
    if name == "floor":
        with engine.connect() as conn, open(os.devnull, "w") as sink:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(text(
                "SELECT c.*, r.label, r.note, r.evidence FROM claim c "
                "LEFT JOIN review r ON r.claim_id = c.id ORDER BY c.id"))
            for row in result:
                sink.write(repr(tuple(row)))
                rows += 1
    elif name in ("export", "export-1"):
        target = path if name == "export-1" else path.with_suffix(".workers.jsonl")
        with Session(engine) as session, target.open("w", encoding="utf-8") as handle:
            lines = export_lines(session, "jsonl",
                                 workers=EXPORT_WORKERS if name == "export" else 1)
            for line in lines:
                handle.write(line)
                rows += 1
        seconds = time.perf_counter() - start
        if name == "export":
            same = filecmp.cmp(path, target, shallow=False)
            target.unlink()
            assert same, "the workers' export differs from one cursor's"
        return rows, seconds
    elif name == "import":
        upgrade(engine)
        with Session(engine) as session:
            report = import_file(session=session, path=path)
        assert report.ok, report.errors[:3]
        rows = report.claims_added
    else:
        upgrade(engine)
        return insert_floor(engine, path)
    return rows, time.perf_counter() - start


class MemoryPeak(threading.Thread):
    """The peak of the memory this process and its children (the import's reading
    process, the export's workers) use together, sampled ten times a second: the sum of
    their proportional set sizes (PSS), which counts pages forked processes share once
    (a sum of RSS would count them once per process)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._finished = threading.Event()

    def __enter__(self) -> MemoryPeak:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._finished.set()
        self.join()

    def run(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, self._sample())
            if self._finished.wait(0.1):
                return

    @staticmethod
    def _sample() -> float:
        pids = [os.getpid()] + [child.pid for child in multiprocessing.active_children()]
        total_kb = 0
        for pid in pids:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:  # the process ended meanwhile
                continue
            total_kb += next(int(line.split()[1]) for line in rollup.splitlines()
                             if line.startswith("Pss:"))
        return total_kb / 1024


def insert_floor(engine, path: Path) -> tuple[int, float]:
    """The import's rows (made by the import's own `RowMaker`) written as the import writes
    them into an empty database — `insert_values` in batches of its size, with its page
    cache, as a restore (indexes made again at the end) — timing only the writes: no
    parsing, no checks, no id or document lookups, no second process."""
    from itertools import islice

    import orjson
    from sqlmodel import Session

    from app.db import begin_write, insert_rows, insert_values, rebuilt_after_load
    from app.models import Claim, Document, Review, User
    from app.services.import_lines import BATCH, RowMaker, claim_writer, review_writer
    from app.services.importing import large_sqlite_cache

    preparing, claim_id, documents = 0.0, 0, set()
    rows = RowMaker(engine.dialect.name)
    claim_rows, review_rows = claim_writer(engine.dialect.name), review_writer(engine.dialect.name)
    with Session(engine) as session, path.open("rb") as handle:
        begin_write(session)
        insert_rows(session, User, [{"username": "bench", "role": "reviewer",
                                     "password_hash": None, "is_active": True,
                                     "session_epoch": 0}])
        start = time.perf_counter()
        with large_sqlite_cache(session), rebuilt_after_load(session, [Claim, Review]):
            while True:
                began_preparing = time.perf_counter()
                batch = [orjson.loads(line) for line in islice(handle, BATCH)]
                if not batch:
                    break
                new = {r["document"]["id"] for r in batch} - documents
                documents |= new
                claims = [rows.claim(r, claim_id + n, r["document"]["id"])
                          for n, r in enumerate(batch, start=1)]
                reviews = [rows.review(v, claim_id + n, 1)
                           for n, r in enumerate(batch, start=1) for v in r["reviews"]]
                claim_id += len(batch)
                preparing += time.perf_counter() - began_preparing
                insert_rows(session, Document, [
                    {"id": i, "content_hash": f"{i:064x}", "title": "t", "text": "x",
                     "extractor": "bench"} for i in sorted(new)])
                insert_values(session, claim_rows, claims)
                insert_values(session, review_rows, reviews)
        seconds = time.perf_counter() - start - preparing
        session.commit()
    return claim_id, seconds


def run_phases(source: str, target: str, export_file: Path) -> None:
    """Floor, export and import, each in a child process; one line each."""
    phases = (("floor", source), ("export-1", source), ("export", source), ("import", target),
              ("insert-floor", target.replace("target", "inserts")))
    for name, url in phases:
        out = subprocess.run([sys.executable, __file__, "--phase", name, "--url", url,
                              "--file", str(export_file)], capture_output=True, text=True,
                             check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{name:<12} {result['rows']:>10,} rows  {result['seconds']:7.1f} s  "
              f"{result['rows'] / result['seconds']:>9,.0f} rows/s  "
              f"peak memory {result['peak_mb']:5.0f} MB "
              f"(RSS of the phase's own process {result['rss_mb']:.0f} MB)", flush=True)
    print(f"export file: {export_file.stat().st_size / 1e6:,.0f} MB", flush=True)


def on_sqlite(claims: int, workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    source, target = f"sqlite:///{workdir}/source.db", f"sqlite:///{workdir}/target.db"
    for stale in ("target.db", "inserts.db"):
        (workdir / stale).unlink(missing_ok=True)
    marker = workdir / f"filled-{claims}"
    if not marker.exists():
        (workdir / "source.db").unlink(missing_ok=True)
        start = time.perf_counter()
        fill(source, claims)
        marker.touch()
        print(f"{claims:,} claims with reviews filled in {time.perf_counter() - start:.0f} s")
    run_phases(source, target, workdir / "export.jsonl")


def on_postgresql(claims: int, workdir: Path) -> None:
    """The same on a throwaway PostgreSQL cluster (tests/pg.py), server and client on
    this machine's two cores."""
    from tests.pg import find_pg_bin, start_cluster

    bin_dir = find_pg_bin()
    if bin_dir is None:
        print("PostgreSQL not found: skipped")
        return
    cluster = start_cluster(bin_dir)
    try:
        with cluster.connect() as conn:
            conn.execute("CREATE DATABASE source")
            conn.execute("CREATE DATABASE target")
            conn.execute("CREATE DATABASE inserts")
        start = time.perf_counter()
        fill(cluster.url("source"), claims)
        print(f"{claims:,} claims with reviews filled in {time.perf_counter() - start:.0f} s")
        workdir.mkdir(parents=True, exist_ok=True)
        run_phases(cluster.url("source"), cluster.url("target"), workdir / "export-pg.jsonl")
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"],
                        default="sqlite")
    parser.add_argument("--phase",
                        choices=["floor", "export-1", "export", "import", "insert-floor"])
    parser.add_argument("--url")
    parser.add_argument("--file", type=Path)
    parser.add_argument("--workdir", type=Path,
                        help="keep the files here; a filled SQLite source.db is reused")
    args = parser.parse_args()
    if args.phase:  # child process
        print(json.dumps(phase(args.phase, args.url, args.file)))
        return
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
          f"python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        if args.database in ("sqlite", "both"):
            print("SQLite", flush=True)
            on_sqlite(args.claims, workdir)
        if args.database in ("postgresql", "both"):
            print("PostgreSQL", flush=True)
            on_postgresql(args.claims, workdir)


if __name__ == "__main__":
    main()
