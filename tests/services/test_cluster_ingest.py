"""Ingest on a Dask cluster (a real LocalCluster of two worker processes) and in forked
processes: the same claims as ingest in this process, and a run killed mid-way (the
coordinator, or a worker) that is run again stores every document once, each whole."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from app.db import make_engine
from app.models import Claim, Document, Event
from app.nlp import load_extractor
from app.nlp.types import SourceText
from app.services import cluster as cluster_module
from app.services import extracting
from app.services.cluster import OnCluster
from app.services.export import export_lines
from app.services.extracting import task_parts
from app.services.ingest import ingest
from app.services.reextract import reextract
from app.services.sources import parse_text_document, read_paths
from tests.conftest import _cluster_or_skip, _database_name
from tests.processes import alive, children_of, claimdesk, stop, wait_for

pytestmark = [pytest.mark.model, pytest.mark.timeout(600)]
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2f01eaaadb256f13.txt"
STAMP = re.compile(r'"(created_at|updated_at|at)":"[^"]*"')


def news_documents(count: int = 36) -> list[dict]:
    """`count` short news documents, each two paragraphs of the seed story."""
    story = parse_text_document(SEED.read_text(), origin="seed")
    paragraphs = [p for p in story.text.split("\n\n") if len(p.split()) > 12]
    pairs = itertools.islice(itertools.permutations(paragraphs, 2), count)
    return [{"id": f"doc-{number}", "title": f"Report {number}",
             "published": f"2024-01-{1 + number % 28:02d}", "text": f"{a}\n\n{b}"}
            for number, (a, b) in enumerate(pairs)]


@pytest.fixture(scope="module")
def documents_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cluster") / "documents.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in news_documents()))
    return path


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, each with the model loaded once, shared by this module."""
    with OnCluster("local:2") as runner:
        yield runner


@pytest.fixture
def reference_url(backend, request, tmp_path) -> str:
    """A second fresh database on the test's backend, for the in-process run."""
    if backend == "sqlite":
        path = tmp_path / "reference.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server = _cluster_or_skip(request)
    name = _database_name(request)
    with server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE claimdesk_template')
    return server.url(name)


def exported(url: str) -> list[str]:
    """The database's JSONL export, times of writing blanked (the runs differ only there)."""
    engine = make_engine(url)
    with Session(engine) as session:
        lines = [STAMP.sub(r'"\1":"T"', line)
                 for line in export_lines(session, "jsonl", history=True)]
    engine.dispose()
    return lines


def ingested(url: str, path: Path, *, batch_size: int = 5, **how) -> int:
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        report = ingest(session=session, items=read_paths([path], max_bytes=1 << 20),
                        actor=None, batch_size=batch_size, **how)
    engine.dispose()
    assert report.problems == []
    return len(report.added)


def test_cluster_ingest_stores_what_ingest_here_stores_byte_for_byte(
        backend, db_url, reference_url, documents_path, cluster):
    assert ingested(reference_url, documents_path, extractor=load_extractor()) == 36
    assert ingested(db_url, documents_path, extractor=None, runner=cluster) == 36
    here, there = exported(reference_url), exported(db_url)
    assert len(here) > 36
    assert there == here
    assert ingested(db_url, documents_path, extractor=None, runner=cluster) == 0


def test_a_batch_sent_as_several_tasks_is_stored_whole_and_in_order(
        backend, db_url, reference_url, documents_path, cluster, monkeypatch):
    """Each stored batch (12 documents) goes to the workers in parts of about 1,000
    characters, finished in any order: stored as if extracted here."""
    sent = _record_task_parts(monkeypatch, cluster_module)
    assert ingested(reference_url, documents_path, extractor=load_extractor()) == 36
    assert ingested(db_url, documents_path, extractor=None, runner=cluster,
                    batch_size=12) == 36
    assert len(sent) == 3 and all(len(parts) > 2 for parts in sent)
    assert exported(db_url) == exported(reference_url)


def _record_task_parts(monkeypatch, runner_module) -> list:
    """Parts of about 1,000 characters, each batch's recorded as `runner_module` sends it."""
    monkeypatch.setattr(extracting, "TASK_CHARS", 1_000)
    sent: list = []

    def recorded_parts(sources):
        sent.append(task_parts(sources))
        return sent[-1]

    monkeypatch.setattr(runner_module, "task_parts", recorded_parts)
    return sent


def test_task_parts_keep_the_order_and_give_each_part_about_the_limit():
    sources = [SourceText("x" * size) for size in (400, 700, 200, 1_500, 100)]
    parts = task_parts(sources, limit=1_000)
    assert [[len(s.text) for s in part] for part in parts] == [[400], [700, 200], [1_500],
                                                                [100]]
    assert task_parts([]) == []


@pytest.mark.sqlite_only
def test_ingest_in_forked_processes_stores_what_ingest_here_stores(
        backend, db_url, reference_url, documents_path):
    assert ingested(reference_url, documents_path, extractor=load_extractor()) == 36
    assert ingested(db_url, documents_path, extractor=load_extractor(), processes=2) == 36
    assert exported(db_url) == exported(reference_url)


@pytest.mark.sqlite_only
def test_forked_processes_share_a_batch_as_tasks_and_store_it_whole_and_in_order(
        backend, db_url, reference_url, documents_path, monkeypatch):
    """Each batch goes to the forked workers in parts, as to the cluster's, so that one
    worker does not idle while another parses the run's last batch."""
    sent = _record_task_parts(monkeypatch, extracting)
    assert ingested(reference_url, documents_path, extractor=load_extractor()) == 36
    assert ingested(db_url, documents_path, extractor=load_extractor(), processes=2,
                    batch_size=12) == 36
    assert len(sent) == 3 and all(len(parts) > 2 for parts in sent)
    assert exported(db_url) == exported(reference_url)


def test_a_local_cluster_runs_without_dasks_costly_defaults(cluster):
    """The profiler off, malloc's own trim threshold, and Dask's housekeeping (the event
    loop's tick, system and memory monitors) at the intervals `cluster.QUIET_CONFIG` sets,
    in the scheduler, the nannies and the workers (defaults: 20, 500 and 100 ms)."""
    client = cluster.client
    workers = client.run(lambda dask_worker: (
        {name: callback.callback_time for name, callback
         in dask_worker.periodic_callbacks.items()},
        os.environ.get("MALLOC_TRIM_THRESHOLD_")))
    assert len(workers) == 2
    for periodic, trim in workers.values():
        assert (periodic["tick"], periodic["monitor"], periodic["memory_monitor"]) == (
            1000, 2000, 500)
        assert "profile" not in periodic
        assert trim is None
    scheduler = client.run_on_scheduler(lambda dask_scheduler: {
        name: callback.callback_time
        for name, callback in dask_scheduler.periodic_callbacks.items()})
    assert (scheduler["tick"], scheduler["monitor"]) == (1000, 2000)
    for nanny in cluster._local.workers.values():
        assert nanny.periodic_callbacks["tick"].callback_time == 1000
        assert nanny.periodic_callbacks["memory_monitor"].callback_time == 500


def test_reextract_on_the_cluster_keeps_every_claim(backend, db_url, documents_path,
                                                    cluster):
    ingested(db_url, documents_path, extractor=load_extractor())
    before = exported(db_url)
    engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        ids = list(session.exec(select(Document.id)))
        reports = reextract(session=session, document_ids=ids, extractor=None,
                            runner=cluster, actor=None)
    engine.dispose()
    assert len(reports) == 36
    assert {(r.added, r.retired) for r in reports} == {(0, 0)}
    assert sum(r.kept for r in reports) == len(before)
    assert exported(db_url) == before


def _stored(url: str) -> tuple[int, int, list[str]]:
    """Documents stored, distinct content hashes, and the documents not stored whole (each
    goes in with all its claims and its event, or not at all)."""
    engine = make_engine(url)
    with Session(engine) as session:
        documents = session.exec(select(func.count()).select_from(Document)).one()
        hashes = session.exec(select(func.count(Document.content_hash.distinct()))).one()
        claims: dict[int, int] = {}
        for document_id in session.exec(select(Claim.document_id)):
            claims[document_id] = claims.get(document_id, 0) + 1
        events = {event.document_id: event.after["claims"] for event in session.exec(
            select(Event).where(Event.kind == "document.ingested"))}
        ids = session.exec(select(Document.id)).all()
    engine.dispose()
    broken = [f"document {d}: {claims.get(d, 0)} claims, event says {events.get(d)}"
              for d in ids if events.get(d) != claims.get(d, 0)]
    return documents, hashes, broken


def _started_cluster_ingest(db_url: str, path: Path):
    """`claimdesk ingest --cluster local:2` in batches of two, once it has stored one."""
    process = claimdesk(db_url, "ingest", "--cluster", "local:2", "--batch-size", "2",
                        "--no-match", str(path))
    assert wait_for(lambda: _stored(db_url)[0] > 0, 240, step=0.2), "nothing was ingested"
    return process


def test_a_killed_coordinator_run_again_stores_every_document_once(backend, db_url,
                                                                   documents_path):
    process = _started_cluster_ingest(db_url, documents_path)
    workers = children_of(process.pid)
    try:
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL, "it finished before the kill"
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 30), \
            "the cluster's workers outlived the coordinator"
        stored, distinct, broken = _stored(db_url)
        assert 0 < stored < 36 and broken == []
        again = claimdesk(db_url, "ingest", "--cluster", "local:2", "--no-match",
                          str(documents_path))
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err.decode()
        assert f"{36 - stored} documents added" in out.decode()
        assert f"{stored} already present" in out.decode()
        assert _stored(db_url) == (36, 36, [])
    finally:
        stop(process, *workers)


@pytest.mark.sqlite_only
def test_a_killed_worker_loses_no_batch(backend, db_url, documents_path):
    process = _started_cluster_ingest(db_url, documents_path)
    try:
        [victim, *_] = _worker_processes(process.pid)
        assert _stored(db_url)[0] < 36, "it finished before the kill"
        os.kill(victim, signal.SIGKILL)
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        assert "36 documents added" in out.decode()
        assert _stored(db_url) == (36, 36, [])
    finally:
        stop(process)


def _worker_processes(coordinator: int) -> list[int]:
    """The LocalCluster's worker processes (started by its nannies in the coordinator)."""
    found = []
    for pid in children_of(coordinator):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"multiprocessing" in command and b"resource_tracker" not in command:
            found.append(pid)
    return found
