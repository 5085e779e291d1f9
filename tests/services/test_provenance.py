"""Provenance travels with a claim: stored at ingest, exported, imported back unchanged."""

import json

import pytest

from app.nlp.types import CandidateClaim
from app.services.export import export_lines
from app.services.importing import import_file
from tests.factories import add_document

TEXT = "Avon Products Inc said it identified Giorgio as a buyer. Sales rose 5 pct."


def _bracketed_claim() -> CandidateClaim:
    """ "[Avon Products Inc] identified Giorgio as a buyer": "it" replaced, in brackets."""
    it = TEXT.index(" it ") + 1
    rest = it + 3
    end = TEXT.index(".")
    return CandidateClaim(
        text="[Avon Products Inc] identified Giorgio as a buyer", sentence=TEXT[: end + 1],
        start=0, end=end + 1, span_start=rest, span_end=end, span_text=TEXT[rest:end],
        attribution="Avon Products Inc", spans=[[rest, end]],
        insertions=[{"text": "Avon Products Inc", "at": 0, "replaces": "it",
                     "start": it, "end": it + 2}],
    )


def _unresolved_claim() -> CandidateClaim:
    start = TEXT.index("Sales")
    return CandidateClaim(text="Sales rose 5 pct", sentence=TEXT[start:], start=start,
                          end=len(TEXT), span_start=start, span_end=len(TEXT) - 1,
                          span_text=TEXT[start:-1], spans=[[start, len(TEXT) - 1]],
                          needs_context=True)


def test_provenance_is_stored_and_exported(session):
    add_document(session, text=TEXT, claims=[_bracketed_claim(), _unresolved_claim()])
    first, second = (json.loads(line) for line in export_lines(session, "jsonl"))
    assert first["insertions"] == [{"text": "Avon Products Inc", "at": 0, "replaces": "it",
                                    "start": TEXT.index(" it ") + 1,
                                    "end": TEXT.index(" it ") + 3}]
    assert [TEXT[s:e] for s, e in first["spans"]] == ["identified Giorgio as a buyer"]
    assert not first["needs_context"] and second["needs_context"]


def test_provenance_survives_an_import(session, other_session, tmp_path):
    add_document(session, text=TEXT, claims=[_bracketed_claim(), _unresolved_claim()])
    original = "".join(export_lines(session, "jsonl", with_text=True))
    path = tmp_path / "export.jsonl"
    path.write_text(original)
    assert import_file(session=other_session, path=path).ok
    again = "".join(export_lines(other_session, "jsonl", with_text=True))
    keys = ("spans", "insertions", "needs_context")
    assert [{k: json.loads(line)[k] for k in keys} for line in again.splitlines()] == [
        {k: json.loads(line)[k] for k in keys} for line in original.splitlines()]


def test_an_import_refuses_spans_that_are_not_offsets(session, other_session, tmp_path):
    add_document(session, text=TEXT, claims=[_bracketed_claim()])
    record = json.loads(next(iter(export_lines(session, "jsonl", with_text=True))))
    record["spans"] = [["a", 3]]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n")
    report = import_file(session=other_session, path=path)
    assert not report.ok and "spans" in " ".join(report.errors)


@pytest.mark.parametrize(
    "insertions",
    [[{"text": "Avon"}], [{"at": "0", "text": "Avon"}], [{"at": 0, "text": 7}],
     [{"at": 0, "text": "Avon", "replaces": ["it"]}], [{"at": True, "text": "Avon"}]],
)
def test_an_import_refuses_insertions_the_screen_cannot_mark(
        session, other_session, tmp_path, insertions):
    add_document(session, text=TEXT, claims=[_bracketed_claim()])
    record = json.loads(next(iter(export_lines(session, "jsonl", with_text=True))))
    record["insertions"] = insertions
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n")
    report = import_file(session=other_session, path=path)
    assert not report.ok and "insertion" in " ".join(report.errors)
