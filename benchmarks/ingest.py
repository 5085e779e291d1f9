"""Ingest throughput beside raw spaCy on the same texts, with the same pipes and processes,
in the same run.

    .venv/bin/python benchmarks/ingest.py ../shared/corpus/reuters21578.jsonl.gz \
        [--texts stories|sentences] [--docs 500] [--processes 2] \
        [--database sqlite postgres] [--cluster local:2] [--match] [--repeat N]

`--texts sentences` takes the corpus's sentences as short documents (each story cut at
paragraph and sentence ends, sentences of five words or more, each once). For each
database, in this order: (1) raw `nlp.pipe(n_process=P)` with the extractor's own
pipeline, the floor no extractor on spaCy can beat; (2) `ingest` in P processes into a
fresh database (extraction + storage + events; matching only with `--match`); (3) with
`--cluster`, the same through a Dask cluster of that many workers (its start, loading
the model in every worker, timed apart). Each ingest is checked to have stored every
document. Memory: the peak of this process and all its descendants together (sum of
PSS, sampled four times a second; forked workers' shared pages counted once) and the
largest RSS of any one of them. CPU seconds: of this process (the coordinator), of its
descendants (the workers, with words per CPU second: the per-core rate a machine free of
other work would about reach) and of the PostgreSQL server.

`--repeat N` runs the stages N times, every other run in reverse order (raw, ingest,
cluster; cluster, ingest, raw; …) so that load drifting meanwhile favours neither side,
and ends with the median of each stage's per-run ratios to raw, by wall time and by CPU
seconds: single runs scatter by ±20 % even on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, func, select  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import Document  # noqa: E402
from app.nlp import load_extractor  # noqa: E402
from app.services.ingest import ingest  # noqa: E402
from app.services.sources import IncomingDocument, document_from_record  # noqa: E402
from benchmarks.corpus import sentences, story_records  # noqa: E402
from tests.pg import find_pg_bin, start_cluster  # noqa: E402

# Workers' CPU seconds below which no workers ran (`--processes 1`: this process extracts)
NO_WORKERS_CPU_S = 0.05


def distinct(records: Iterable[dict], limit: int) -> list[IncomingDocument]:
    """The first `limit` documents of distinct text: the corpus repeats a few stories word
    for word (6 of the first 500), and ingest stores a repeated text once."""
    found: dict[str, IncomingDocument] = {}
    for number, record in enumerate(records, start=1):
        document = document_from_record(record, origin=f"corpus:{number}")
        found.setdefault(document.content_hash, document)
        if len(found) >= limit:
            break
    return list(found.values())


class MemoryPeak(threading.Thread):
    """The peak memory of this process and all its descendants (a Dask cluster's workers
    are grandchildren): the sum of their PSS, and the largest RSS of any one. Also the CPU
    seconds its descendants (the workers) and the database `server` (PostgreSQL's processes:
    not ours, pg_ctl detaches them) spent meanwhile: on a shared machine wall time says how
    busy the others were, CPU time what this work costs. Sampling itself costs CPU (it
    walks every process of the machine to find the descendants): four times a second, its
    own CPU time (`own_cpu_s`) kept apart from this process's."""

    INTERVAL_S = 0.25

    def __init__(self, server: int | None = None) -> None:
        super().__init__(daemon=True)
        self.pss_mb = self.rss_mb = self.cpu_s = self.own_cpu_s = 0.0
        self.server = server
        self._since = time.time()
        self._finished = threading.Event()
        self._cpu: dict[str, dict[int, tuple[float, float]]] = {"workers": {}, "server": {}}

    def __enter__(self) -> MemoryPeak:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._finished.set()
        self.join()

    @property
    def workers_cpu_s(self) -> float:
        return sum(last - first for first, last in self._cpu["workers"].values())

    @property
    def server_cpu_s(self) -> float:
        return sum(last - first for first, last in self._cpu["server"].values())

    def run(self) -> None:
        started = time.thread_time()
        me = psutil.Process()
        self._sample(me)
        while not self._finished.wait(self.INTERVAL_S):
            self._sample(me)
        self._sample(me)
        self.own_cpu_s = time.thread_time() - started

    def _sample(self, me: psutil.Process) -> None:
        pss = rss = 0.0
        for process in [me, *me.children(recursive=True)]:
            try:
                memory = process.memory_full_info()
                if process.pid != me.pid:
                    self._note("workers", process)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            pss += memory.pss / 2**20
            rss = max(rss, memory.rss / 2**20)
        self.pss_mb, self.rss_mb = max(self.pss_mb, pss), max(self.rss_mb, rss)
        if self.server is not None:
            try:
                server = psutil.Process(self.server)
                for process in [server, *server.children()]:
                    self._note("server", process)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass

    def _note(self, kind: str, process: psutil.Process) -> None:
        """The process's CPU seconds now, and when first seen (none if started since)."""
        times = process.cpu_times()
        spent = times.user + times.system
        born_since = process.create_time() >= self._since
        first, _ = self._cpu[kind].get(process.pid, (0.0 if born_since else spent, 0.0))
        self._cpu[kind][process.pid] = (first, spent)


def timed(run: Callable[[], object], server: int | None = None) -> tuple[float, MemoryPeak]:
    """Seconds a run took, and its memory peak; `memory.cpu_s`: the CPU seconds of this
    process alone (for ingest: the coordinator's reading, hashing and writing; on a
    LocalCluster, its scheduler's work too)."""
    me = psutil.Process()
    before = sum(me.cpu_times()[:2])
    with MemoryPeak(server) as memory:
        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
    memory.cpu_s = sum(me.cpu_times()[:2]) - before - memory.own_cpu_s
    return seconds, memory


def line(label: str, seconds: float, documents: int, words: int, raw: float,
         memory: MemoryPeak) -> None:
    print(f"{label:<36} {seconds:7.1f} s {documents / seconds:8,.1f} docs/s "
          f"{words / seconds:7,.0f} words/s {raw / seconds:5.2f}x raw  "
          f"peak {memory.pss_mb:5,.0f} MB PSS, largest RSS {memory.rss_mb:4,.0f} MB; "
          f"CPU s: this process {memory.cpu_s:6.1f}, workers {memory.workers_cpu_s:6.1f}"
          f"{per_worker_cpu(words, memory)}, database server {memory.server_cpu_s:5.1f}",
          flush=True)


def per_worker_cpu(words: int, memory: MemoryPeak) -> str:
    """The workers' words per CPU second, where there were workers (with `--processes 1`
    this process extracts, and a rate over no CPU time would be a meaningless huge number)."""
    if memory.workers_cpu_s < NO_WORKERS_CPU_S:
        return ""
    return f" ({words / memory.workers_cpu_s:5,.0f} words per CPU s)"


def postmaster(pg) -> int | None:
    """The PostgreSQL server's process id (its first line of postmaster.pid)."""
    if pg is None:
        return None
    return int((Path(pg.data_dir) / "postmaster.pid").read_text().split()[0])


def stored(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Document)).one()
    engine.dispose()
    return count


def fresh_database(kind: str, tmp: Path, name: str, pg) -> str:
    """A URL to a new database at the newest schema."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp / f'{name}.db'}"
    else:
        with pg.connect() as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = pg.url(name)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def run_ingest(url: str, documents: list[IncomingDocument], *, match: bool, **how) -> None:
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        report = ingest(session=session, items=documents, actor=None, match=match, **how)
    engine.dispose()
    if len(report.added) != len(documents):
        raise SystemExit(f"ingest stored {len(report.added)} of {len(documents)} documents")


@dataclass
class Stage:
    """One timed run: what it was, how long it took, its memory and CPU, what it stored."""

    label: str
    seconds: float
    memory: MemoryPeak
    documents: int
    started_s: float | None = None  # a cluster's start, loading the model in every worker

    @property
    def cpu_s(self) -> float:
        """CPU seconds of every process the stage used: this one, its workers, the server."""
        return self.memory.cpu_s + self.memory.workers_cpu_s + self.memory.server_cpu_s


def raw_stage(nlp, texts: list[str], processes: int) -> Stage:
    """Raw `nlp.pipe` over every text: the floor no extractor on spaCy can beat. Each `Doc`
    is let go once made, as ingest keeps nothing of a document once its claims are
    stored (keeping them cost raw's parent no measurable CPU, but it is not the same work)."""
    seconds, memory = timed(lambda: deque(nlp.pipe(texts, n_process=processes), maxlen=0))
    return Stage(f"raw spaCy nlp.pipe, {processes} processes", seconds, memory, len(texts))


def ingest_stage(args, url: str, documents: list[IncomingDocument], extractor,
                 server: int | None) -> Stage:
    """Ingest in `--processes` forked workers into the fresh database at `url`."""
    seconds, memory = timed(lambda: run_ingest(url, documents, extractor=extractor,
                                               processes=args.processes, match=args.match),
                            server)
    return Stage(f"ingest, {args.processes} processes", seconds, memory, stored(url))


def cluster_stage(args, url: str, documents: list[IncomingDocument],
                  server: int | None) -> Stage:
    """Ingest through a Dask cluster started for this run (its start, loading the model in
    every worker, timed apart)."""
    from app.services.cluster import OnCluster

    runner = OnCluster(args.cluster, model=args.model)
    started, _ = timed(runner.__enter__)
    try:
        seconds, memory = timed(lambda: run_ingest(url, documents, extractor=None,
                                                   runner=runner, match=args.match), server)
    finally:
        runner.__exit__()
    return Stage(f"ingest --cluster {args.cluster}", seconds, memory, stored(url), started)


def stage_order(args) -> list[str]:
    """The stages of one run, in their first order: raw, ingest, and with `--cluster` its
    own raw baseline (when its worker count differs from `--processes`) and the cluster."""
    order = ["raw", "ingest"]
    if args.cluster:
        from app.services.cluster import local_workers

        if local_workers(args.cluster) != args.processes:
            order.append("cluster raw")
        order.append("cluster")
    return order


def one_run(args, number: int, kind: str, tmp: Path, pg, extractor, texts: list[str],
            documents: list[IncomingDocument], words: int) -> dict[str, Stage]:
    """Every stage once, each ingest into a fresh database; every other run in reverse
    order (ABBA), so load that drifts during the runs favours neither side."""
    from app.services.cluster import local_workers

    server = postmaster(pg) if kind == "postgres" else None
    order = stage_order(args)
    if number % 2:
        order.reverse()
    if args.repeat > 1:
        print(f"(in this order: {', '.join(order)})")
    stages: dict[str, Stage] = {}
    for name in order:
        if name == "raw":
            stages[name] = raw_stage(extractor.nlp, texts, args.processes)
        elif name == "cluster raw":
            stages[name] = raw_stage(extractor.nlp, texts, local_workers(args.cluster))
        else:
            url = fresh_database(kind, tmp, f"{kind}_{name}_{number}", pg)
            stages[name] = (ingest_stage(args, url, documents, extractor, server)
                            if name == "ingest" else cluster_stage(args, url, documents, server))
    for name in stage_order(args):
        stage = stages[name]
        if stage.started_s is not None:
            print(f"(cluster {args.cluster} started, model loaded in every worker: "
                  f"{stage.started_s:.1f} s)")
        line(stage.label, stage.seconds, stage.documents, words,
             stages[baseline(name, stages)].seconds, stage.memory)
    return stages


def baseline(name: str, stages: dict[str, Stage]) -> str:
    """The raw stage a stage is measured against: the cluster's own when it has one."""
    if name.startswith("cluster") and "cluster raw" in stages:
        return "cluster raw"
    return "raw"


def summary(runs: list[dict[str, Stage]], words: int) -> None:
    """Per stage over the runs: the median of its per-run ratios to raw (min–max), by wall
    time and by CPU seconds of all its processes (on a shared machine the wall time follows
    the others' load more than this work), its median seconds and workers' words per CPU
    second, what the stage spent around its workers, and its memory peaks."""
    for name, stage in runs[0].items():
        ratios = [run[baseline(name, run)].seconds / run[name].seconds for run in runs]
        by_cpu = [run[baseline(name, run)].cpu_s / run[name].cpu_s for run in runs]
        print(f"{stage.label:<36} median {median(run[name].seconds for run in runs):7.1f} s; "
              f"{median(ratios):5.2f}x raw (min {min(ratios):.2f}, max {max(ratios):.2f}), "
              f"by CPU s {median(by_cpu):4.2f}x ({min(by_cpu):.2f}-{max(by_cpu):.2f})"
              f"{around_workers(words, [run[name].memory for run in runs])}; peak "
              f"{max(run[name].memory.pss_mb for run in runs):5,.0f} MB PSS, largest RSS "
              f"{max(run[name].memory.rss_mb for run in runs):4,.0f} MB", flush=True)


def around_workers(words: int, memories: list[MemoryPeak]) -> str:
    """The workers' median words per CPU second, and the CPU spent around them as a share of
    theirs: this process (raw's parent unpickles each `Doc` its workers made; ingest's
    coordinator batches and stores) and the database server. Empty where no workers ran."""
    if min(memory.workers_cpu_s for memory in memories) < NO_WORKERS_CPU_S:
        return ""
    rate = median(words / memory.workers_cpu_s for memory in memories)
    here = median(memory.cpu_s / memory.workers_cpu_s for memory in memories)
    server = median(memory.server_cpu_s / memory.workers_cpu_s for memory in memories)
    return (f"; workers {rate:5,.0f} words per CPU s; beside the workers' CPU: this process "
            f"{here:.0%}, database server {server:.0%}")


def load_average() -> str:
    return " ".join(f"{load:.1f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--texts", choices=["stories", "sentences"], default="stories")
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--model", default=None)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--database", nargs="+", choices=["sqlite", "postgres"],
                        default=["sqlite"])
    parser.add_argument("--cluster", default=None, metavar="local:N",
                        help="also ingest through a Dask cluster (its raw baseline: N processes)")
    parser.add_argument("--match", action="store_true",
                        help="match new claims as ingest does by default (not a parsing cost)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run every stage N times, interleaved, and print median ratios")
    args = parser.parse_args()

    records = ([{"text": text} for text in sentences(args.corpus, args.docs)]
               if args.texts == "sentences" else story_records(args.corpus))
    documents = distinct(records, args.docs)
    texts = [document.text for document in documents]
    words = sum(len(text.split()) for text in texts)
    extractor = load_extractor(args.model)
    nlp = extractor.nlp
    list(nlp.pipe(texts[:5]))  # warm up
    print(f"{time.strftime('%Y-%m-%d %H:%M')}; machine: {platform.machine()}, "
          f"{os.cpu_count()} cores, python {platform.python_version()}; load average "
          f"{load_average()}")
    print(f"{len(texts):,} {args.texts}, {words:,} words; model {nlp.meta['name']} "
          f"{nlp.meta['version']}, pipes {nlp.pipe_names}; matching "
          f"{'on' if args.match else 'off'}")

    pg = start_cluster(find_pg_bin()) if "postgres" in args.database else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for kind in args.database:
                runs = []
                for number in range(args.repeat):
                    heading = f", run {number + 1} of {args.repeat}" if args.repeat > 1 else ""
                    print(f"-- {kind}{heading}")
                    runs.append(one_run(args, number, kind, Path(tmp), pg, extractor, texts,
                                        documents, words))
                    print(f"({time.strftime('%H:%M')}, load average {load_average()})")
                if args.repeat > 1:
                    print(f"-- {kind}: {args.repeat} runs")
                    summary(runs, words)
    finally:
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    main()
