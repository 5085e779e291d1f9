"""Where extraction runs for a bulk job: in this process, or in forked worker processes
(`cluster.py` adds a Dask cluster). Every runner takes batches of texts and hands back
their claims batch by batch, in the order given, a few batches ahead of the caller.

Why workers run the whole extractor, not just spaCy's parser (`nlp.pipe(n_process=N)`,
as ingest did before): spaCy's processes send each parsed `Doc` back to be unpickled and
read by the rules in the parent, which then did the rules, the decoding and the writes
on one core while the parsers waited. A worker here parses, applies the rules and sends
back only the claims, a few hundred bytes each. Workers are forked once per job from a
process that has loaded the model: they share its pages and load nothing.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol, TypeVar

from app.nlp.types import CandidateClaim, Extractor, SourceText
from app.services.forking import children_die_with_me

Tag = TypeVar("Tag")
Work = TypeVar("Work")  # what `submit` hands back for a job: a future, or a batch's futures
ClaimLists = list[list[CandidateClaim]]
# A stored batch (up to 256 documents or 250,000 characters: one transaction) goes to the
# workers, forked or on a cluster, as tasks of about this much text, so that every worker
# stays busy to the end: 300 stories were batches of 256 and 44, one to each worker, and
# the second worker waited idle for the first (`--processes 2`: 23.2 s whole, 14.7 s in
# tasks; the engine parses a task in one go, so tasks cost no parsing speed).
TASK_CHARS = 25_000

_worker_extractor: Extractor | None = None  # a worker process's extractor, loaded once


class ExtractionRunner(Protocol):
    """Runs the extractor over batches of texts somewhere; used as a context manager."""

    label: str  # the extractor's `name/version`, stored on the claims

    def __enter__(self) -> ExtractionRunner: ...

    def __exit__(self, *exc: object) -> None: ...

    def extracted(self, jobs: Iterable[tuple[Tag, list[SourceText]]]
                  ) -> Iterator[tuple[Tag, ClaimLists]]:
        """Each job's tag with the claims of its texts, in the order given."""
        ...


def running(runner: ExtractionRunner | None, extractor: Extractor | None, processes: int = 1
            ) -> AbstractContextManager[ExtractionRunner]:
    """`runner` as it is (its caller started it and stops it), else one for `extractor` in
    `processes` processes, started and stopped with the block."""
    if runner is not None:
        return nullcontext(runner)
    if extractor is None:
        raise ValueError("give an extractor or a runner")
    return ForkedProcesses(extractor, processes) if processes > 1 else InProcess(extractor)


def extractor_label(extractor: Extractor) -> str:
    """`name/version`, stored on every claim it proposed."""
    return f"{extractor.name}/{extractor.version}"


def task_parts(sources: list[SourceText], limit: int | None = None) -> list[list[SourceText]]:
    """A batch's texts in consecutive parts of about `limit` characters (default
    `TASK_CHARS`), one text at least in each."""
    limit = TASK_CHARS if limit is None else limit
    parts: list[list[SourceText]] = [[]]
    size = 0
    for source in sources:
        if parts[-1] and size + len(source.text) > limit:
            parts.append([])
            size = 0
        parts[-1].append(source)
        size += len(source.text)
    return parts if parts[-1] else []


def extract_batch(sources: list[SourceText]) -> tuple[str, ClaimLists]:
    """In a worker: the claims of each text, and the label of the extractor that found
    them (the coordinator refuses a worker whose extractor differs from its own)."""
    if _worker_extractor is None:
        raise RuntimeError("this worker has no extractor: it was not set up by claimdesk")
    return _extract(_worker_extractor, sources)


def use_in_worker(extractor: Extractor) -> None:
    """Make `extractor` the one `extract_batch` uses in this process."""
    global _worker_extractor
    _worker_extractor = extractor


def _extract(extractor: Extractor, sources: list[SourceText]) -> tuple[str, ClaimLists]:
    claims = [distinct(found) for found in extractor.extract_many(sources)]
    return extractor_label(extractor), claims


def distinct(claims: list[CandidateClaim]) -> list[CandidateClaim]:
    """Each claim once, the first proposal of it kept. A claim is its span and text (its
    stored `uid`), but the extractor can propose one twice, differing only in what it
    found about it (an attribution, say): the second broke the claim table's unique uid and
    with it the whole batch, stopping the run (one of 500 Reuters stories did)."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for claim in claims:
        key = (claim.span_start, claim.span_end, claim.text)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept


class InProcess:
    """Extraction in the calling process, one batch at a time."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self.label = extractor_label(extractor)

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def extracted(self, jobs: Iterable[tuple[Tag, list[SourceText]]]
                  ) -> Iterator[tuple[Tag, ClaimLists]]:
        """Each job's tag with the claims of its texts."""
        for tag, sources in jobs:
            yield tag, _extract(self.extractor, sources)[1] if sources else []


class ForkedProcesses:
    """Extraction in `processes` worker processes forked from this one once per job."""

    def __init__(self, extractor: Extractor, processes: int) -> None:
        self.extractor = extractor
        self.label = extractor_label(extractor)
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ForkedProcesses:
        use_in_worker(self.extractor)  # inherited by the forks: nothing to load there
        pool = ProcessPoolExecutor(self.processes,
                                   mp_context=multiprocessing.get_context("fork"))
        # The pool forks all its workers at the first submit: here, with the collector
        # frozen (shared pages stay shared) and tied to this process's life.
        gc.freeze()
        try:
            with children_die_with_me():
                pool.submit(int).result()
        finally:
            gc.unfreeze()
        self._pool = pool
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def extracted(self, jobs: Iterable[tuple[Tag, list[SourceText]]]
                  ) -> Iterator[tuple[Tag, ClaimLists]]:
        """Each job's tag with the claims of its texts, `2 × processes` jobs in flight, each
        sent as tasks of about `TASK_CHARS` (see there)."""
        if self._pool is None:
            raise RuntimeError("use ForkedProcesses as a context manager")
        pool = self._pool

        def submit(sources: list[SourceText]) -> list[Future]:
            return [pool.submit(extract_batch, part) for part in task_parts(sources)]

        yield from in_order(jobs, submit, self._claims, depth=lambda: 2 * self.processes)

    def _claims(self, futures: list[Future]) -> ClaimLists:
        """The claims a job's tasks found, in order, each task's extractor checked."""
        claims: ClaimLists = []
        for future in futures:
            found_by, found = future.result()
            if found_by != self.label:
                raise ExtractorMismatch(
                    f"a worker extracts with {found_by}, this process with {self.label}: "
                    "install the same claimdesk and model everywhere")
            claims.extend(found)
        return claims


class ExtractorMismatch(RuntimeError):
    """A worker's extractor is not the coordinator's: its claims would be mislabelled."""


def in_order(jobs: Iterable[tuple[Tag, list[SourceText]]],
             submit: Callable[[list[SourceText]], Work],
             result: Callable[[Work], ClaimLists], *, depth: Callable[[], int]
             ) -> Iterator[tuple[Tag, ClaimLists]]:
    """Submit up to `depth()` jobs ahead and hand back their results in submission order,
    so that documents are stored in input order whatever order workers finish in. A job
    without texts is passed through without a task."""
    pending: deque[tuple[Tag, Work | None]] = deque()
    for tag, sources in jobs:
        pending.append((tag, submit(sources) if sources else None))
        while len(pending) >= depth():
            yield _first(pending, result)
    while pending:
        yield _first(pending, result)


def _first(pending: deque, result: Callable[[Work], ClaimLists]) -> tuple:
    tag, future = pending.popleft()
    return tag, (result(future) if future is not None else [])
