"""Fault injection: jobs and a web server killed mid-way, on SQLite and PostgreSQL, leave no
process, no lock and nothing half-written behind; the audit chain holds; the app answers."""

from __future__ import annotations

import json
import signal
import time

import pytest
from sqlmodel import Session, select

from app.db import make_engine
from app.models import Claim, Document, Event
from tests.processes import (
    alive,
    answer_time,
    app_answers,
    audit_intact,
    children_of,
    claimdesk,
    pg_idle_in_transaction,
    pg_lock_holders,
    stop,
    wait_for,
)
from tests.workload import Load, free_port, prepare, start_server

pytestmark = pytest.mark.timeout(240)


def export_file(path, claims: int, documents: int = 50):
    """A claimdesk export of `claims` reviewed claims (documents without their text)."""
    stamp = "2024-02-01T09:30:00+00:00"
    with path.open("w") as handle:
        for number in range(claims):
            sentence = f"Exports rose {number % 97} percent in May, officials said."
            handle.write(json.dumps({
                "schema": "claimdesk.claim/1", "id": f"{number:032x}",
                "text": sentence, "sentence": sentence, "start": 0, "end": len(sentence),
                "verdict": "supported", "document": {"id": number % documents,
                                                     "title": f"Report {number % documents}"},
                "reviews": [{"reviewer": f"reviewer{number % 7}", "label": "supported",
                             "note": "", "evidence": [], "created_at": stamp,
                             "updated_at": stamp}],
                "created_at": stamp, "updated_at": stamp}) + "\n")
    return path


def assert_recovered(backend: str, db_url: str) -> dict[str, int]:
    """No session left holding locks, a fresh connection answered within a second, the
    audit chain intact, the app serving pages; returns the tables' row counts."""
    if backend == "postgres":
        assert wait_for(lambda: not pg_idle_in_transaction(db_url), 5), "idle in transaction"
        assert wait_for(lambda: not pg_lock_holders(db_url), 5), "locks still held"
    took, counts = answer_time(db_url)
    assert took < 1.0, f"a second connection waited {took:.2f} s"
    assert audit_intact(db_url)
    assert app_answers(db_url) == 200
    return counts


@pytest.fixture(scope="module")
def large_export(tmp_path_factory):
    """Large enough to be read in a second process and loaded as a restore (> 16 MB)."""
    return export_file(tmp_path_factory.mktemp("faults") / "large.jsonl", 60_000)


@pytest.mark.parametrize(("how", "after"), [
    (signal.SIGKILL, 0.0), (signal.SIGKILL, 1.0), (signal.SIGTERM, 0.5)],
    ids=["kill-9-at-start", "kill-9-writing", "term-writing"])
def test_a_killed_import_leaves_no_reader_no_lock_and_nothing_written(
        backend, db_url, large_export, how, after):
    importer, reader = claimdesk(db_url, "import", str(large_export)), None
    try:
        assert wait_for(lambda: children_of(importer.pid), 60), "the reader never started"
        [reader] = children_of(importer.pid)
        if after and backend == "postgres":  # writing: the restore holds its tables
            assert wait_for(lambda: pg_lock_holders(db_url), 30), "no import under way"
        time.sleep(after)
        importer.send_signal(how)
        assert importer.wait(timeout=30) == -how, "the import ended before the fault"
        assert wait_for(lambda: not alive(reader), 5), "the import's reader outlived it"
        counts = assert_recovered(backend, db_url)
        assert counts["claim"] == counts["review"] == counts["document"] == 0
    finally:
        stop(importer, reader)


def documents_file(path, count: int):
    """JSONL documents, each a few sentences (their claims are extracted on import)."""
    with path.open("w") as handle:
        for number in range(count):
            handle.write(json.dumps({
                "id": f"doc-{number}", "title": f"Trade report {number}",
                "published": "2024-01-22",
                "text": f"Exports rose {number % 13} percent in May, the ministry said on "
                        f"Friday. The port handled {number} thousand containers, up from a "
                        "year earlier. Officials expect the deal to be signed next week."}) + "\n")
    return path


@pytest.mark.model
def test_a_killed_documents_import_stores_no_document(backend, db_url, tmp_path):
    path = documents_file(tmp_path / "documents.jsonl", 3000)
    importer = claimdesk(db_url, "import", str(path))
    try:
        time.sleep(6)  # the model loaded, the documents being extracted
        importer.send_signal(signal.SIGKILL)
        assert importer.wait(timeout=30) == -signal.SIGKILL, "it finished before the kill"
        counts = assert_recovered(backend, db_url)
        assert counts["document"] == counts["claim"] == counts["event"] == 0
    finally:
        stop(importer)


def _documents_whole(db_url: str) -> tuple[int, list[str]]:
    """How many documents are stored, and those not stored whole (each document goes in
    with all its claims and its event, or not at all)."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        claims: dict[int, int] = {}
        for document_id in session.exec(select(Claim.document_id)):
            claims[document_id] = claims.get(document_id, 0) + 1
        ingested = {event.document_id: event.after["claims"] for event in session.exec(
            select(Event).where(Event.kind == "document.ingested"))}
        documents = session.exec(select(Document.id)).all()
    engine.dispose()
    broken = [f"document {d}: {claims.get(d, 0)} claims, event says {ingested.get(d)}"
              for d in documents if ingested.get(d) != claims.get(d, 0)]
    return len(documents), broken


@pytest.mark.model
@pytest.mark.parametrize("processes", [1, 2])
def test_a_killed_ingest_leaves_whole_documents_and_no_worker(backend, db_url, tmp_path,
                                                              processes):
    path = documents_file(tmp_path / "documents.jsonl", 3000)
    ingest = claimdesk(db_url, "ingest", "--processes", str(processes), str(path))
    workers: list[int] = []
    try:
        engine = make_engine(db_url)
        with Session(engine) as session:  # mid-way: some documents stored already
            assert wait_for(lambda: session.exec(select(Document.id).limit(1)).first()
                            or session.rollback(), 90, step=0.2), "nothing was ingested"
        engine.dispose()
        if processes > 1:  # while a batch is being parsed
            assert wait_for(lambda: len(children_of(ingest.pid)) == processes, 60)
        workers = children_of(ingest.pid)
        ingest.send_signal(signal.SIGKILL)
        assert ingest.wait(timeout=30) == -signal.SIGKILL, "it finished before the kill"
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 5), \
            "the parsing processes outlived the ingest"
        assert_recovered(backend, db_url)
        stored, broken = _documents_whole(db_url)
        assert 0 < stored < 3000 and broken == []
    finally:
        stop(ingest, *workers)


def test_a_web_server_killed_while_writing_loses_no_acknowledged_write(backend, db_url):
    claim_ids, tokens = prepare(db_url, reviewers=8)
    port = free_port()
    server = start_server(db_url, port)
    load = Load(f"http://127.0.0.1:{port}", claim_ids, tokens)
    threads = load.run()
    try:
        for _ in range(2):  # two faults, the server started again after each
            assert wait_for(lambda: load.statuses[200] > 40, 60), load.statuses
            server.send_signal(signal.SIGKILL)
            stop(server)
            assert_recovered(backend, db_url)
            server = start_server(db_url, port)
            assert wait_for(lambda: load.statuses[200] > 80, 60), load.statuses
            load.statuses.clear()
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        stop(server)
    assert load.acknowledged and load.lost(db_url) == []
    assert not [status for status in load.statuses if isinstance(status, int)
                and status >= 500]
