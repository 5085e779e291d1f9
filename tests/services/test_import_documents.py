"""JSONL documents import as one transaction: every line checked first, all or nothing."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Claim, Document, Event
from app.services.importing import import_file

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extractor():
    from app.nlp import load_extractor

    return load_extractor()


def _documents(tmp_path, *extra: str, count: int = 3):
    lines = [json.dumps({"id": f"d{n}", "title": f"Report {n}", "published": "2024-01-22",
                         "text": f"Exports rose {n + 2} percent in May, the ministry said. "
                                 f"The port of Rotterdam handled {n + 10} million tonnes."})
             for n in range(count)]
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join([*lines, *extra]) + "\n")
    return path


def _incoming(path):
    from app.services.sources import read_file

    return list(read_file(path, max_bytes=10**6))


def _stored(session) -> tuple[int, int, int]:
    session.rollback()
    return tuple(len(session.exec(select(model)).all()) for model in (Document, Claim, Event))


def test_documents_are_ingested_with_their_claims_in_the_import(session, tmp_path, extractor):
    path = _documents(tmp_path)
    report = import_file(session=session, path=path, load_extractor=lambda: extractor)
    assert report.ok and (report.documents_added, report.events_added) == (3, 3)
    documents, claims, events = _stored(session)
    proposed = sum(len(extractor.extract(d.source_text())) for d in _incoming(path))
    assert (documents, events) == (3, 3) and claims == report.claims_extracted == proposed
    again = import_file(session=session, path=path, load_extractor=lambda: extractor)
    assert (again.documents_added, again.documents_present) == (0, 3)
    assert _stored(session) == (documents, claims, events)


@pytest.mark.parametrize(("bad", "error"), [
    ('{"text": "Prices fell.", "published": "2024-99-99"}',
     "line 4: has a publication date that is not YYYY-MM-DD: '2024-99-99'"),
    ('{"text": "Prices fell\\u0000 3 percent."}',
     "line 4: text contains a NUL character (\\u0000)"),
    ('{"text": "Prices fell.", "title": "A\\u0000B"}',
     "line 4: title contains a NUL character (\\u0000)"),
    ('{"text": "Prices fell.", "title": {"a": 1}}',
     'line 4: has a "title" that is not a string'),
], ids=["bad-date", "nul-text", "nul-title", "object-title"])
def test_one_bad_document_line_is_named_and_nothing_is_stored(session, tmp_path, extractor,
                                                               bad, error):
    path = _documents(tmp_path, bad)
    report = import_file(session=session, path=path, load_extractor=lambda: extractor)
    assert report.errors == [error]
    assert _stored(session) == (0, 0, 0)


def test_a_document_over_the_size_limit_is_refused(session, tmp_path, extractor):
    path = _documents(tmp_path, json.dumps({"text": "Prices fell. " * 200}))
    report = import_file(session=session, path=path, load_extractor=lambda: extractor,
                         max_document_bytes=1000)
    assert report.errors == ["line 4: too large (2,613 bytes; the limit is 1,000)"]
    assert _stored(session) == (0, 0, 0)


def test_the_import_command_refuses_a_bad_date_with_exit_1(runner, session, tmp_path):
    path = _documents(tmp_path, '{"text": "Prices fell.", "published": "2024-99-99"}')
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 4: has a publication date that is not YYYY-MM-DD" in result.output
    assert "Nothing imported" in result.output
    assert _stored(session) == (0, 0, 0)
    result = runner.invoke(args=["import", str(_documents(tmp_path))])
    assert result.exit_code == 0 and "3 documents (" in result.output


def test_documents_are_stored_in_one_insert_per_table(session, tmp_path, extractor,
                                                      monkeypatch):
    from app.services import ingest

    inserted: list[tuple[str, int]] = []
    bulk = ingest.insert_rows

    def counted(session, model, rows):
        inserted.append((model.__name__, len(rows)))
        bulk(session, model, rows)

    monkeypatch.setattr(ingest, "insert_rows", counted)
    report = import_file(session=session, path=_documents(tmp_path, count=5),
                         load_extractor=lambda: extractor)
    assert report.ok and report.documents_added == 5
    assert inserted == [("Document", 5), ("Claim", report.claims_extracted)]
    assert _stored(session) == (5, report.claims_extracted, 5)


def test_a_claim_proposed_twice_is_imported_once(session, tmp_path):
    from tests.services.test_ingest_batches import TwiceExtractor

    report = import_file(session=session, path=_documents(tmp_path, count=2),
                         load_extractor=TwiceExtractor)
    assert report.ok and report.documents_added == 2
    claims = session.exec(select(Claim).order_by(Claim.id)).all()
    assert len(claims) == report.claims_extracted == 4
    assert {claim.attribution for claim in claims} == {None}  # the first proposal is kept
