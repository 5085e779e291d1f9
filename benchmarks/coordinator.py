"""How many worker cores one `claimdesk ingest --cluster` coordinator keeps busy, measured
as docs/cluster.md runs it on several machines: a real `dask scheduler` and `dask worker`
processes (one thread each, Dask configured as the docs' step 4 says), a PostgreSQL server,
and `claimdesk ingest --cluster ADDRESS --no-match` as its own process.

    .venv/bin/python benchmarks/coordinator.py ../shared/corpus/reuters21578.jsonl.gz \
        [--texts stories|sentences] [--docs 2000] [--workers 2]

The coordinator reads and hashes the documents, sends their texts, receives their claims
and COPYs them with their events into PostgreSQL; the workers parse and run the rules. The
coordinator's CPU seconds per word, beside a worker's on the same run, say how many worker
cores one coordinator can feed before it, not the workers, sets the pace. Its start-up
(importing claimdesk, connecting) is measured apart on a run of three documents and taken
off: it does not grow with the archive. (`benchmarks/ingest.py --cluster local:N` runs the
scheduler and the nannies inside the coordinator's process, which one on several machines
does not.) Run it on an otherwise idle machine: the figures are CPU seconds, but a loaded
machine's cores run slower.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.cluster import NANNY_ENVIRON, WORKER_CONFIG  # noqa: E402
from app.services.sources import IncomingDocument  # noqa: E402
from benchmarks.corpus import sentences, story_records  # noqa: E402
from benchmarks.ingest import distinct, fresh_database  # noqa: E402
from tests.pg import find_pg_bin, start_cluster  # noqa: E402

BIN = Path(sys.executable).parent  # the venv's `dask` and `claimdesk`
STARTUP_DOCS = 3
MIN_OWN_CPU_S = 1.0  # the coordinator's start-up varies by ~0.3 CPU s from run to run
WORKERS_TIMEOUT_S = 300


def dask_config() -> dict:
    """The settings `--cluster local:N` gives its own scheduler, nannies and workers, nested
    as in `~/.config/dask/distributed.yaml` (docs/cluster.md, step 4)."""
    nested: dict = {}
    for dotted, value in {**WORKER_CONFIG, **NANNY_ENVIRON}.items():
        *parents, leaf = dotted.split(".")
        level = nested
        for key in parents:
            level = level.setdefault(key, {})
        level[leaf] = value
    return nested


def write_jsonl(path: Path, documents: list[IncomingDocument]) -> int:
    """The documents as `claimdesk ingest` reads JSONL; their number of words."""
    with path.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps({"text": document.text}) + "\n")
    return sum(len(document.text.split()) for document in documents)


def cpu_s(processes: list[psutil.Process]) -> float:
    return sum(sum(process.cpu_times()[:2]) for process in processes if process.is_running())


def ingest_cpu_s(address: str, url: str, path: Path, documents: int) -> tuple[float, float]:
    """Wall and CPU seconds of one `claimdesk ingest --cluster` process (its own rusage),
    which must have stored every document."""
    env = dict(os.environ, DATABASE_URL=url)
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN / "claimdesk"), "ingest", "--cluster", address,
                                "--no-match", str(path)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0 or f"{documents} documents added" not in output:
        raise SystemExit(f"claimdesk ingest failed ({status}): {output}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def free_port() -> int:
    """A free local TCP port (let go again for the scheduler to take)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=30) as client:
        client.wait_for_workers(count, timeout=WORKERS_TIMEOUT_S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--texts", choices=["stories", "sentences"], default="stories")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    records = ([{"text": text} for text in sentences(args.corpus, args.docs)]
               if args.texts == "sentences" else story_records(args.corpus))
    documents = distinct(records, args.docs)
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("no PostgreSQL found (set PG_BIN): the coordinator COPYs into it")
    print(f"{time.strftime('%Y-%m-%d %H:%M')}; machine: {platform.machine()}, "
          f"{os.cpu_count()} cores, python {platform.python_version()}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        startup_file, archive_file = folder / "startup.jsonl", folder / "archive.jsonl"
        write_jsonl(startup_file, documents[-STARTUP_DOCS:])
        words = write_jsonl(archive_file, documents)
        (folder / "dask.yaml").write_text(yaml.safe_dump(dask_config()))
        os.environ["DASK_CONFIG"] = str(folder / "dask.yaml")  # read by every dask process
        pg = start_cluster(pg_bin)
        servers: list[subprocess.Popen] = []
        try:
            port = free_port()
            address = f"tcp://127.0.0.1:{port}"
            servers.append(subprocess.Popen(
                [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            servers.append(subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nworkers", str(args.workers),
                 "--nthreads", "1", "--memory-limit", "2GiB", "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            wait_for_workers(address, args.workers)
            startup_url = fresh_database("postgres", folder, "startup", pg)
            _, startup_s = ingest_cpu_s(address, startup_url, startup_file, STARTUP_DOCS)
            scheduler = psutil.Process(servers[0].pid)
            workers = psutil.Process(servers[1].pid).children(recursive=True)
            before = cpu_s([scheduler]), cpu_s(workers)
            archive_url = fresh_database("postgres", folder, "archive", pg)
            wall, coordinator_s = ingest_cpu_s(address, archive_url, archive_file,
                                               len(documents))
            scheduler_s, workers_s = cpu_s([scheduler]) - before[0], cpu_s(workers) - before[1]
        finally:
            for server in reversed(servers):
                server.terminate()
                server.wait(60)
            pg.stop()
    report(args, len(documents), words, wall, coordinator_s, startup_s, scheduler_s, workers_s)


def report(args, documents: int, words: int, wall: float, coordinator_s: float,
           startup_s: float, scheduler_s: float, workers_s: float) -> None:
    worker_rate = words / workers_s  # words per CPU second of one worker core
    print(f"{documents:,} {args.texts}, {words:,} words, {args.workers} workers: "
          f"{wall:.1f} s, {words / wall:,.0f} words/s")
    print(f"workers (with their nannies) {workers_s:.1f} CPU s: {worker_rate:,.0f} words "
          f"per CPU s; the scheduler {scheduler_s:.1f} CPU s")
    if coordinator_s - startup_s < MIN_OWN_CPU_S:
        raise SystemExit(f"the coordinator spent {coordinator_s:.1f} CPU s, its start-up "
                         f"alone {startup_s:.1f}: too little work to tell them apart; give "
                         f"more documents (--docs)")
    per_word_s = (coordinator_s - startup_s) / words
    print(f"coordinator {coordinator_s:.1f} CPU s, of which start-up {startup_s:.1f} "
          f"(a run of {STARTUP_DOCS} documents): {1 / per_word_s:,.0f} words per CPU s")
    print(f"one coordinator keeps about {1 / per_word_s / worker_rate:.0f} worker cores busy")


if __name__ == "__main__":
    main()
