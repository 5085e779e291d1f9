"""Extraction on a Dask distributed cluster, for archives one machine is too slow for.

The coordinating process (`claimdesk ingest --cluster ADDRESS`) reads the documents,
leaves out those stored already, sends the rest in batches to the cluster's workers and
stores each batch's claims in one transaction as its results come back, in input order.
Each worker loads the spaCy pipeline once (`ExtractorPlugin`) and returns only claims.
A worker that dies takes no batch with it: the scheduler runs its tasks again elsewhere
(Dask's `allowed-failures`), and the coordinator is still waiting for them in order.
The coordinator needs no model: the workers' extractor names itself on every result,
and one that differs from the others stops the run rather than mislabel claims.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

import dask
from distributed import Client, LocalCluster, WorkerPlugin

from app.nlp.types import SourceText
from app.services.extracting import (
    ClaimLists,
    ExtractorMismatch,
    Tag,
    extract_batch,
    in_order,
    task_parts,
    use_in_worker,
)

LOCAL = "local:"
CONNECT_TIMEOUT_S = 30
WORKERS_TIMEOUT_S = 300  # loading spaCy on a busy machine takes a while
BATCHES_PER_WORKER = 2  # in flight: one being parsed, one waiting, on every worker thread
# Dask's statistical profiler samples each worker's task thread every 10 ms and folds its
# stack into a tree: with spaCy's deep stacks, a quarter of a worker's CPU (500 stories:
# 54.9 CPU s with it, 42.9 without, forked workers 34). Workers here need no profile.
# Dask's housekeeping, in every server (scheduler, nanny, worker): a tick every 20 ms to
# see whether its event loop is blocked, system counters read every 0.5 s, a worker's
# memory every 0.1 s. On a 2-core machine that was ~0.026 CPU s a second in the
# coordinator (scheduler and nannies) and ~0.016 in each idle worker, more in a busy one,
# whose task thread hands the GIL to the event loop at every wake-up. A batch takes
# seconds: nothing here needs checking more often than this.
QUIET_CONFIG = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,  # polls the GIL every 1 ms
    "distributed.worker.memory.monitor-interval": "500ms",
}
WORKER_CONFIG = {"distributed.worker.profile.enabled": False, **QUIET_CONFIG}
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536: malloc then hands freed
# memory back at once and spaCy's next batch faults it in again (6x the page faults,
# 10-15 % more CPU per word in system time). Workers here keep malloc's own threshold.
NANNY_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class ExtractorPlugin(WorkerPlugin):
    """Loads claimdesk's extractor once in each worker process, when the worker joins."""

    name = "claimdesk-extractor"

    def __init__(self, model: str | None) -> None:
        self.model = model

    async def setup(self, worker: object) -> None:
        """Load in a thread: the worker's event loop keeps answering the scheduler's
        heartbeats meanwhile (loading took 10 s on a busy machine)."""
        await asyncio.get_running_loop().run_in_executor(None, self._load)

    def _load(self) -> None:
        from app.nlp import load_extractor

        use_in_worker(_Serialised(load_extractor(self.model)))


class _Serialised:
    """An extractor used by one thread at a time: a worker started with several threads
    still extracts correctly (spaCy's pipeline is not made to be shared between threads);
    start workers with `--nthreads 1` and one per core for speed."""

    def __init__(self, extractor) -> None:
        self._extractor, self._lock = extractor, threading.Lock()
        self.name, self.version = extractor.name, extractor.version

    def extract_many(self, sources, **options):
        with self._lock:
            return list(self._extractor.extract_many(sources, **options))


class OnCluster:
    """Extraction on the Dask cluster at `address` (`local:N`: a cluster of N worker
    processes on this machine, started and stopped with the run)."""

    def __init__(self, address: str, *, model: str | None = None) -> None:
        self.address = address
        self.model = model
        self.label = ""  # the workers' extractor, known from the first result
        self.client: Client | None = None
        self._local: LocalCluster | None = None

    def __enter__(self) -> OnCluster:
        if self.address.startswith(LOCAL):
            # read by the scheduler and each nanny as they are made
            with dask.config.set({**NANNY_ENVIRON, **QUIET_CONFIG}):
                self._local = _local_cluster(local_workers(self.address))
            self.client = Client(self._local)
        else:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
        try:
            self.client.register_plugin(ExtractorPlugin(self.model))
            wanted = local_workers(self.address) if self._local is not None else 1
            self.client.wait_for_workers(wanted, timeout=WORKERS_TIMEOUT_S)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._local is not None:
            self._local.close()
            self._local = None

    def threads(self) -> int:
        """How many tasks the cluster's workers run at once now."""
        if self.client is None:
            return 0
        return sum(self.client.nthreads().values())

    def extracted(self, jobs: Iterable[tuple[Tag, list[SourceText]]]
                  ) -> Iterator[tuple[Tag, ClaimLists]]:
        """Each job's tag with the claims of its texts, in the order given; as many jobs
        in flight as keep every worker thread busy."""
        client = self.client
        if client is None:
            raise RuntimeError("use OnCluster as a context manager")
        run = uuid.uuid4().hex[:12]
        numbers = iter(range(1 << 62))

        def submit(sources: list[SourceText]) -> list[Future]:
            return [client.submit(extract_batch, part, pure=False,
                                  key=f"claimdesk-extract-{run}-{next(numbers)}")
                    for part in task_parts(sources)]

        yield from in_order(jobs, submit, self._claims,
                            depth=lambda: max(2, BATCHES_PER_WORKER * self.threads()))

    def _claims(self, futures: list[Future]) -> ClaimLists:
        """The claims a batch's tasks found, in order, once each task's extractor is checked
        to be the run's."""
        claims: ClaimLists = []
        for future in futures:
            found_by, found = future.result()
            future.release()
            if not self.label:
                self.label = found_by
            elif found_by != self.label:
                raise ExtractorMismatch(
                    f"workers extract with both {self.label} and {found_by}: install the "
                    "same claimdesk and spaCy model on every worker")
            claims.extend(found)
        return claims


def _local_cluster(workers: int) -> LocalCluster:
    """A cluster of `workers` processes on this machine, one thread each."""
    return LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None, silence_logs=logging.WARNING,
        # no dashboard (it needs bokeh) and the scheduler's HTTP routes on any free
        # port, not on 8787, which another cluster may hold
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        config=WORKER_CONFIG)  # passed to each worker's nanny


def local_workers(address: str) -> int:
    """N of `local:N`, refused unless 1 to 64."""
    count = address.removeprefix(LOCAL)
    if not count.isdigit() or not 1 <= int(count) <= 64:
        raise ValueError(f"{address!r}: give local:N with N from 1 to 64 worker processes")
    return int(count)
