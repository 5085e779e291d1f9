"""The export read by worker processes: the same lines as one cursor, from one snapshot,
and no worker left behind (on SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
from sqlmodel import Session, select

from app.models import Claim
from app.services import export_parallel
from app.services.export import ExportFilter, export_lines
from tests.services.test_export_sql import _tricky_rows, reference_lines

CRITERIA = [ExportFilter(), ExportFilter(include_retired=True),
            ExportFilter(verdict="disputed"), ExportFilter(reviewer="ana")]


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of two claim ids, so a handful of claims spreads over every worker."""
    monkeypatch.setattr(export_parallel, "CHUNK", 2)


def in_parallel(session: Session, output_format: str = "jsonl", criteria=ExportFilter(), *,
                workers: int = 2, **options):
    """The export through worker processes (the read transaction earlier reads left open
    ended first: an export inside a transaction reads it with one cursor)."""
    session.rollback()
    assert export_parallel.runs_in_parallel(session)
    return export_lines(session, output_format, criteria, workers=workers, **options)


def _workers_alive() -> list:
    return [p for p in multiprocessing.active_children() if p.name.startswith("claimdesk-export")]


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_write_the_lines_of_one_cursor(session, make_user, small_pieces, workers):
    _tricky_rows(session, make_user)
    for criteria in CRITERIA:
        one = list(export_lines(session, "jsonl", criteria))
        assert list(in_parallel(session, "jsonl", criteria, workers=workers)) == one
    with_text = list(in_parallel(session, with_text=True, workers=workers))
    assert with_text == reference_lines(session, with_text=True)
    csv = list(in_parallel(session, "csv", workers=workers))
    assert csv == list(export_lines(session, "csv"))
    assert not _workers_alive()


def test_workers_read_the_snapshot_of_the_export_start(engine, session, make_user,
                                                       small_pieces, monkeypatch):
    """A claim changed after the workers began (before they read it) is exported as it was."""
    _tricky_rows(session, make_user)
    before = reference_lines(session)
    began = multiprocessing.Semaphore(0)
    go_on = multiprocessing.Event()
    query = export_parallel.export_query

    def held_query(*args, **kwargs):  # runs in each worker, after it took its snapshot
        began.release()
        assert go_on.wait(60)
        return query(*args, **kwargs)

    monkeypatch.setattr(export_parallel, "export_query", held_query)
    lines = in_parallel(session)
    made: list[str] = []
    reader = threading.Thread(target=lambda: made.extend(lines))
    reader.start()
    try:
        for _ in range(2):
            assert began.acquire(timeout=60)
        with Session(engine) as writer:
            last = writer.exec(select(Claim).order_by(Claim.id.desc())).first()
            last.text = "changed while the export ran"
            writer.add(last)
            writer.commit()
    finally:
        go_on.set()
        reader.join(60)
    assert made == before
    assert "changed while the export ran" in "".join(export_lines(session, "jsonl"))


def test_a_failing_worker_fails_the_export(session, make_user, small_pieces, monkeypatch):
    _tricky_rows(session, make_user)

    def broken(*args, **kwargs):
        raise ValueError("the query broke")

    monkeypatch.setattr(export_parallel, "export_query", broken)
    with pytest.raises(RuntimeError, match="the query broke"):
        list(in_parallel(session))
    assert not _workers_alive()


def test_a_reader_that_stops_early_leaves_no_worker(session, make_user, small_pieces):
    _tricky_rows(session, make_user)
    lines = in_parallel(session)
    assert next(lines).startswith('{"schema":"claimdesk.claim/1"')
    assert _workers_alive()
    lines.close()
    deadline = time.monotonic() + 10
    while _workers_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _workers_alive()


def test_inside_a_transaction_the_export_reads_its_own_changes(session, make_user):
    _tricky_rows(session, make_user)
    claim = session.exec(select(Claim).order_by(Claim.id)).first()
    claim.text = "not committed yet"
    session.add(claim)
    session.flush()
    assert session.in_transaction() and not export_parallel.runs_in_parallel(session)
    assert "not committed yet" in "".join(export_lines(session, "jsonl", workers=2))
    session.rollback()
