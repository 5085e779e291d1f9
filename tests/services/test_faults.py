"""Faults: jobs killed mid-way leave no process, no lock and no half-written data behind."""

from __future__ import annotations

import json
import signal
import time

import pytest

from tests.processes import (
    alive,
    answer_time,
    children_of,
    claimdesk,
    pg_idle_in_transaction,
    pg_lock_holders,
    stop,
    wait_for,
)

pytestmark = pytest.mark.timeout(180)


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


@pytest.fixture(scope="module")
def large_export(tmp_path_factory):
    """Large enough to be read in a second process and loaded as a restore (> 16 MB)."""
    return export_file(tmp_path_factory.mktemp("faults") / "large.jsonl", 60_000)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_a_killed_import_leaves_no_reader_no_lock_and_nothing_written(
        backend, db_url, large_export, how):
    importer, reader = claimdesk(db_url, "import", str(large_export)), None
    try:
        assert wait_for(lambda: children_of(importer.pid), 60), "the reader never started"
        [reader] = children_of(importer.pid)
        if backend == "postgres":  # mid-way: the restore holds its tables
            assert wait_for(lambda: pg_lock_holders(db_url), 30), "no import under way"
        importer.send_signal(how)
        importer.wait(timeout=30)
        assert wait_for(lambda: not alive(reader), 5), "the import's reader outlived it"
        if backend == "postgres":
            assert wait_for(lambda: not pg_idle_in_transaction(db_url), 5)
            assert wait_for(lambda: not pg_lock_holders(db_url), 5)
        took, counts = answer_time(db_url)
        assert took < 1.0
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
        took, counts = answer_time(db_url)
        assert took < 1.0
        assert counts["document"] == counts["claim"] == counts["event"] == 0
    finally:
        stop(importer)
