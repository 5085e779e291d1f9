"""Odd files, fields and archives named and refused one at a time, never a traceback that
loses the rest (found by an audit of faults and hostile input)."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from app.models import Claim, Document, FactCheck
from app.services import sources
from tests.factories import add_document
from tests.web.helpers import login_as

GOOD = {"text": "Exports rose 4 percent in May, the ministry said.", "title": "Good"}


@pytest.fixture
def cli(runner):
    return lambda *args: runner.invoke(args=list(args))


def _titles(session):
    session.rollback()
    return sorted(d.title for d in session.exec(select(Document)))


def test_a_file_name_that_is_not_utf8_is_stored_readably_and_the_rest_too(cli, session,
                                                                          tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("The governor said unemployment fell to 4 percent.\n")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(b"The mayor said the bridge will open in May.\n")
    result = cli("ingest", "--no-match", str(folder))
    assert result.exit_code == 0, result.output
    assert len(_titles(session)) == 2
    assert any(d.source.endswith("caf\ufffd.txt") for d in session.exec(select(Document)))


def test_a_source_longer_than_its_column_is_refused_by_line(cli, session, tmp_path):
    path = tmp_path / "docs.jsonl"
    too_long = {"text": "Prices rose 3 percent, the agency said.",
                "url": "https://example.org/" + "a" * 3000}
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(too_long) + "\n")
    result = cli("ingest", "--no-match", str(path))
    assert result.exit_code == 1 and "docs.jsonl:2" in result.output
    assert "longer than 2,000 characters" in result.output
    assert _titles(session) == ["Good"]


def test_a_pasted_source_longer_than_its_column_is_a_422(client, session, make_user):
    make_user("ed", role="editor")
    token = login_as(client, "ed")
    response = client.post("/documents/new", data={
        "csrf_token": token, "text": "Prices rose 3 percent, the agency said.", "title": "t",
        "source": "s" * 3000})
    assert response.status_code == 422
    assert "longer than 2,000 characters" in response.get_data(as_text=True)
    assert _titles(session) == []


def test_a_jsonl_file_saved_with_a_byte_order_mark_keeps_its_first_document(cli, session,
                                                                            tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n")
    assert cli("ingest", "--no-match", str(path)).exit_code == 0
    assert _titles(session) == ["Good"]


def test_a_corrupt_archive_is_named_and_the_other_files_ingested(cli, session, tmp_path):
    archive = bytearray(gzip.compress(b"\n".join(
        json.dumps({"text": f"Exports rose {i} percent in May, the ministry said."}).encode()
        for i in range(2000))))
    archive[20] ^= 0xFF  # an invalid deflate stream: zlib.error, neither OSError nor EOFError
    (tmp_path / "a.jsonl.gz").write_bytes(bytes(archive))
    (tmp_path / "b.txt").write_text("The governor said unemployment fell to 4 percent.\n")
    result = cli("ingest", "--no-match", str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.txt"))
    assert result.exit_code == 1 and "a.jsonl.gz" in result.output
    assert len(_titles(session)) == 1


def test_a_huge_line_is_never_read_whole():
    """An archive of one line far over the limit: read no further than the limit (+1 byte),
    given as one line (refused as too large), and the lines after it read as usual."""
    handle = io.BytesIO(b"x" * 10_000 + b"\n" + b'{"a": 1}\r{"b": 2}\n')
    lines = list(sources._lines(handle, 100))
    assert [len(lines[0]), lines[1:]] == [101, [b'{"a": 1}', b'{"b": 2}']]
    problems = list(sources.read_jsonl_lines(iter(lines[:1]), origin="a", max_bytes=100))
    assert "too large" in str(problems[0])


def test_an_unknown_verdict_to_export_is_refused(cli, tmp_path):
    result = cli("export", "--verdict", "supportd", "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "supportd" in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_an_export_to_a_folder_that_is_not_there_is_a_message(cli, tmp_path):
    result = cli("export", "-o", str(tmp_path / "missing" / "o.jsonl"))
    assert result.exit_code == 1 and "could not write" in result.output
    assert not isinstance(result.exception, OSError)


def _exported_record(cli, session, tmp_path):
    add_document(session)
    exported = tmp_path / "e.jsonl"
    assert cli("export", "--with-text", "-o", str(exported)).exit_code == 0
    return json.loads(exported.read_text().splitlines()[0])


@pytest.mark.parametrize("field", ["source", "attribution"])
def test_an_imported_field_longer_than_its_column_is_named(cli, session, tmp_path, field):
    record = _exported_record(cli, session, tmp_path)
    record["id"] = "f" * 32
    record["document"].update(id=999, text=record["document"]["text"] + " More.")
    record["document"].pop("content_hash", None)
    if field == "source":
        record["document"]["source"] = "https://example.org/" + "a" * 3000
    else:
        record[field] = "x" * 3000
    (tmp_path / "i.jsonl").write_text(json.dumps(record) + "\n")
    result = cli("import", str(tmp_path / "i.jsonl"))
    assert result.exit_code == 1 and "longer than" in result.output, result.output


@pytest.mark.parametrize("dates", [[{}], [{"value": 5}], [{"text": "x", "value": None}]])
def test_imported_dates_must_say_what_they_are(cli, session, tmp_path, dates):
    """ (Once such a record was imported, every CSV export broke on it.)"""
    record = _exported_record(cli, session, tmp_path)
    record["id"], record["dates"] = "e" * 32, dates
    (tmp_path / "i.jsonl").write_text(json.dumps(record) + "\n")
    result = cli("import", str(tmp_path / "i.jsonl"))
    assert result.exit_code == 1 and "each date needs" in result.output
    assert cli("export", "--format", "csv", "-o", str(tmp_path / "o.csv")).exit_code == 0


@pytest.mark.parametrize("content", [
    '{"id": "a", "text": "Le caf\u00e9 est ferm\u00e9."}\n'.encode("latin-1"),
    b'{"id": "a", "text": "Taxes rose \\ud800 percent."}\n',
    b'{"id": "a", "text": "Taxes rose \\u0000 percent."}\n',
    b"[" * 100_000 + b"]" * 100_000,
], ids=["latin1", "surrogate", "nul", "deep"])
def test_bad_fact_check_files_are_refused_with_a_message(cli, session, tmp_path, content):
    path = tmp_path / "fc.jsonl"
    path.write_bytes(content)
    result = cli("import-fact-checks", str(path))
    assert result.exit_code == 1 and "fc.jsonl" in result.output, repr(result.exception)
    session.rollback()
    assert session.exec(select(FactCheck)).all() == []


def test_a_file_over_the_limit_is_refused_naming_the_limit(client, session, make_user):
    make_user("ed", role="editor")
    token = login_as(client, "ed")
    big = FileStorage(io.BytesIO(b"Prices rose 3 percent. " * 280_000), filename="big.txt")
    body, _, boundary = stream_encode_multipart({"csrf_token": token, "file": big},
                                                use_tempfile=False)  # (no file left open)
    response = client.post("/documents/new", data=body.getvalue(),
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "at most 5,242,880 bytes" in response.get_data(as_text=True)


@pytest.mark.model
def test_a_date_past_the_calendar_leaves_the_claim_without_a_date(cli, session, tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("---\npublished: 2024-01-10\n---\n"
                    "The minister said the debt will be repaid in 99999999999999999999 weeks.\n")
    assert cli("ingest", "--no-match", str(path)).exit_code == 0
    session.rollback()
    [claim] = session.exec(select(Claim)).all()
    assert "99999999999999999999 weeks" in claim.text


@pytest.mark.model
def test_claims_an_interrupted_run_did_not_match_are_matched_by_the_next(cli, session,
                                                                        tmp_path, monkeypatch):
    """Matching runs after a batch is stored, in a transaction of its own: a run killed
    between the two (kill -9, Ctrl-C, a web worker's timeout) left its claims unmatched for
    good, the next run skipping their documents as already present."""
    from app.models import ClaimMatch, PendingMatch
    from app.services import ingest as ingest_service

    def write(name, text):
        (tmp_path / name).write_text(json.dumps({"text": text, "title": name}) + "\n")
        return str(tmp_path / name)

    first = write("a.jsonl", "The finance ministry said exports rose 4 percent in May to a "
                             "record 12 billion euros.")
    second = write("b.jsonl", "Exports rose 4 percent in May to a record 12 billion euros, "
                              "the finance ministry said on Tuesday.")
    assert cli("ingest", first).exit_code == 0

    def interrupted(**_kwargs):
        raise KeyboardInterrupt  # at the worst moment: the batch stored, nothing matched

    monkeypatch.setattr(ingest_service, "match_claims", interrupted)
    cli("ingest", second)
    monkeypatch.undo()
    session.rollback()
    waiting = session.exec(select(PendingMatch.claim_id)).all()
    assert waiting  # queued with the claims, in their transaction
    result = cli("ingest", second)
    assert "1 already present" in result.output
    assert f"{len(waiting)} claims an interrupted run had stored were matched" in result.output
    session.rollback()
    assert session.exec(select(PendingMatch)).all() == []
    assert session.exec(select(ClaimMatch).where(ClaimMatch.claim_id.in_(waiting))).all()


def test_a_form_post_that_is_not_utf8_is_refused_not_stored_altered(client, session,
                                                                     make_user):
    from app.models import Review

    make_user("ana")
    _, [claim, *_] = add_document(session)
    token = login_as(client, "ana")
    body = b"label=disputed&version=1&evidence=&note=caf%E9&csrf_token=" + token.encode()
    response = client.post(f"/claims/{claim.id}/review", data=body, headers={
        "HX-Request": "true"}, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422 and "not UTF-8" in response.get_data(as_text=True)
    session.rollback()
    assert session.exec(select(Review)).all() == []
    sent = b"label=disputed&version=1&evidence=&note=caf%C3%A9+100%25&csrf_token=" + \
        token.encode()  # (the same in UTF-8, with a percent sign typed: stored as typed)
    assert client.post(f"/claims/{claim.id}/review", data=sent, headers={"HX-Request": "true"},
                       content_type="application/x-www-form-urlencoded").status_code == 200
    session.rollback()
    assert session.exec(select(Review.note)).all() == ["caf\u00e9 100%"]


@pytest.mark.model
def test_a_pasted_documents_claims_are_matched_once_the_answer_is_sent(client, session,
                                                                      make_user):
    """Matching a long text took as long as extracting it, and the two ran past the web
    worker's timeout: the answer no longer waits for it."""
    from app.models import ClaimMatch, PendingMatch
    from app.services import fact_checks
    from tests.web.test_checked_before_views import CHECK

    fact_checks.import_fact_checks(session=session, actor="admin", rows=fact_checks.parse(
        json.dumps(CHECK)))
    make_user("ed", role="editor")
    token = login_as(client, "ed")
    response = client.post("/documents/new", data={
        "csrf_token": token, "title": "Bridge", "text": "The Harbour Bridge will be closed "
        "for a year of repairs, the council said. Rain fell."})
    assert response.status_code == 303
    session.rollback()
    assert session.exec(select(PendingMatch)).all()  # queued, the answer sent first
    response.close()  # (the server's part after the answer runs as it closes)
    session.rollback()
    assert session.exec(select(PendingMatch)).all() == []
    assert session.exec(select(ClaimMatch)).all()


def test_a_text_longer_than_a_request_may_extract_points_to_the_command_line(
        make_app, session, make_user):
    app = make_app(MAX_BROWSER_DOCUMENT_BYTES=1_000)
    make_user("ed", role="editor")
    client = app.test_client()
    token = login_as(client, "ed")
    response = client.post("/documents/new", data={
        "csrf_token": token, "text": "Prices rose 3 percent, the agency said. " * 40})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "claimdesk ingest" in html and "1,000" in html
    assert _titles(session) == []


def test_the_source_limit_is_the_columns():
    assert Document.__table__.c.source.type.length == sources.MAX_SOURCE_LENGTH
