"""Import: exports come back unchanged, merges duplicate nothing, bad files write nothing."""

import json

import pytest
from sqlalchemy import text
from sqlmodel import select

from app.models import Claim, Document, Event, Review, User
from app.services import review
from app.services.audit_tree import integrate_all
from app.services.audit_verify import verify
from app.services.export import export_lines
from app.services.importing import import_file
from tests.factories import add_document


def _export(session, **kwargs) -> str:
    return "".join(export_lines(session, "jsonl", **kwargs))


def _labelled(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported",
                      note="a note", evidence=["https://example.test/a"])
    review.set_review(session=session, claim_id=claims[0].id, actor=ben, label="supported")
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="outdated")
    return claims


def test_round_trip_into_an_empty_database(session, make_user, other_session, tmp_path):
    _labelled(session, make_user)
    original = _export(session, with_text=True, history=True)
    path = tmp_path / "export.jsonl"
    path.write_text(original)
    report = import_file(session=other_session, path=path)
    assert report.ok and (report.claims_added, report.reviews_added) == (3, 3)
    assert report.events_added == 3
    strip = [{k: v for k, v in json.loads(line).items() if k != "events"}
             for line in original.splitlines()]
    again = [{k: v for k, v in json.loads(line).items() if k != "events"}
             for line in _export(other_session, with_text=True).splitlines()]
    assert again == strip
    kinds = [e.kind for e in other_session.exec(select(Event).order_by(Event.id))]
    assert kinds == ["review.set", "review.set", "review.set"]
    assert integrate_all(other_session) == 3  # appended in one insert, each queued
    assert verify(other_session).events == 3


def test_history_joins_the_chain_after_local_events(session, make_user, other_session,
                                                   tmp_path):
    _labelled(session, make_user)
    path = tmp_path / "export.jsonl"
    path.write_text(_export(session, history=True))
    add_document(other_session, text="Prices fell in June.")  # local events come first
    local = len(other_session.exec(select(Event)).all())
    assert import_file(session=other_session, path=path).events_added == 3
    integrate_all(other_session)
    report = verify(other_session)
    assert report.ok and report.events == local + 3


def test_importing_twice_or_into_the_source_duplicates_nothing(session, make_user, tmp_path):
    _labelled(session, make_user)
    path = tmp_path / "export.jsonl"
    path.write_text(_export(session))
    before = (len(session.exec(select(Claim)).all()), len(session.exec(select(Review)).all()))
    report = import_file(session=session, path=path)
    assert report.ok and report.claims_added == 0 and report.claims_present == 3
    after = (len(session.exec(select(Claim)).all()), len(session.exec(select(Review)).all()))
    assert after == before


def test_without_texts_the_sentences_are_placed_at_their_offsets(session, make_user,
                                                                 other_session, tmp_path):
    _labelled(session, make_user)
    path = tmp_path / "export.jsonl"
    path.write_text(_export(session))
    assert import_file(session=other_session, path=path).ok
    [document] = other_session.exec(select(Document)).all()
    for claim in other_session.exec(select(Claim)):
        assert document.text[claim.start:claim.end] == claim.sentence


@pytest.mark.parametrize("line, message", [
    ("{broken", "not valid JSON"),
    ('{"schema": "claimdesk.claim/2", "id": "x"}', "not supported"),
    ('["a list"]', "not a JSON object"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "reviews": [], "verdict": "maybe"}',
     "unknown verdict"),
    ('{"text": "t", "answer": "accept", "label": "true"}', "unknown label"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "verdict": null, "reviews": [{"reviewer": '
     '"a", "label": "disputed", "note": "", "evidence": ["javascript:alert(1)"], "created_at": '
     '"2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00"}]}',
     "http(s) links"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "verdict": null, "reviews": [], "events": '
     '[{"kind": "review.set", "at": "2024-01-01T00:00:00+00:00", "actor": "m", "before": null, '
     '"after": {"label": "supported", "evidence": ["javascript:alert(1)"]}}]}',
     "not a valid review state"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "verdict": null, "reviews": ["oops"]}',
     "must be a JSON object"),
    ('{"text": "abc", "label": [[0, 9, "SUPPORTED"]]}', "not [start, end, label]"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "score": NaN}', "expected a JSON value"),
    ('{"text": "\\ud800"}', "no low surrogate"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 9223372036854775808, "document": {"id": 1, "title": "d"}, "reviews": []}',
     "not offsets"),
    (b'{"text": "caf\xe9"}'.decode("latin-1"), "not UTF-8 (byte 13)"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "verdict": null, "reviews": [{"reviewer": '
     '"system", "label": "disputed", "note": "", "evidence": [], "created_at": '
     '"2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00"}]}',
     "cannot be \"system\""),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "verdict": null, "reviews": [{"reviewer": '
     '"<b>ana</b>", "label": "disputed", "note": "", "evidence": [], "created_at": '
     '"2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00"}]}',
     "is not a username"),
    ('{"schema": "claimdesk.claim/1", "id": "x", "text": "t", "sentence": "t", "start": 0, '
     '"end": 1, "document": {"id": 1, "title": "d"}, "verdict": null, "reviews": [], '
     '"created_at": "yesterday"}', "created_at is not an ISO timestamp"),
])
def test_a_bad_line_is_named_and_nothing_is_written(session, make_user, tmp_path, line,
                                                     message):
    _labelled(session, make_user)
    good = _export(session).splitlines()
    path = tmp_path / "bad.jsonl"
    path.write_bytes(("\n".join([good[0], "\0", good[1]]) + "\n").encode().replace(
        b"\0", line.encode("latin-1" if "caf\xe9" in line else "utf-8")))
    claims_before = len(session.exec(select(Claim)).all())
    report = import_file(session=session, path=path)
    assert not report.ok and report.errors[0].startswith("line 2:") and message in \
        report.errors[0]
    assert len(session.exec(select(Claim)).all()) == claims_before


def test_timestamps_with_an_offset_are_stored_in_utc(session, make_user, other_session,
                                                    tmp_path):
    _labelled(session, make_user)
    record = json.loads(_export(session).splitlines()[0])
    record["created_at"] = "2024-01-22T11:30:00.5+02:00"
    record["reviews"][0]["updated_at"] = "2024-01-22T09:30:00"  # no offset: taken as UTC
    path = tmp_path / "offsets.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert import_file(session=other_session, path=path).ok
    again = json.loads(_export(other_session))
    assert again["created_at"] == "2024-01-22T09:30:00.500000+00:00"
    assert again["reviews"][0]["updated_at"] == "2024-01-22T09:30:00+00:00"


def test_duplicate_ids_in_one_file_are_refused(session, make_user, tmp_path):
    _labelled(session, make_user)
    first = _export(session).splitlines()[0]
    path = tmp_path / "dup.jsonl"
    path.write_text(first + "\n" + first + "\n")
    report = import_file(session=session, path=path)
    assert report.errors == [f"line 2: duplicate claim id {json.loads(first)['id']!r}"]


def test_prodigy_and_doccano_lines_become_reviewed_claims(session, tmp_path):
    path = tmp_path / "tools.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in [
        {"text": "Exports rose 4 percent.", "answer": "accept", "label": "supported",
         "_annotator_id": "pat"},
        {"text": "What a day.", "answer": "reject", "_annotator_id": "Pat <Smith>"},
        {"text": "Prices fell. Wages rose.", "label": [[0, 12, "DISPUTED"], [13, 24, "x"]]},
    ]) + "\n")
    report = import_file(session=session, path=path)
    assert report.ok and report.claims_added == 4 and report.reviews_added == 3
    names = set(session.exec(select(User.username)))
    assert {"pat", "Pat__Smith_", "doccano"} <= names  # ids made into valid usernames
    verdicts = {c.text: c.verdict for c in session.exec(select(Claim))}
    assert verdicts == {"Exports rose 4 percent.": "supported", "What a day.": "not_a_claim",
                        "Prices fell.": "disputed", "Wages rose.": None}


@pytest.mark.sqlite_only
def test_a_200_mb_file_with_one_bad_line_is_refused_whole(session, tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "Exports rose 4 percent in May. " * 60, "title": "t"}) + "\n"
    copies = 200 * 1024 * 1024 // len(line) + 1
    with path.open("w") as handle:
        handle.write(line * copies)
        handle.write('{"text": "cut off here\n')
    assert path.stat().st_size > 200 * 1024 * 1024
    report = import_file(session=session, path=path)
    [error] = report.errors
    assert error.startswith(f"line {copies + 1}: not valid JSON")
    assert session.exec(select(Document)).all() == []


def _schema(session) -> list:
    """Every index and foreign key of claim and review, as the database reports them."""
    if session.get_bind().dialect.name == "postgresql":
        return sorted(session.exec(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('claim', 'review') "
            "UNION ALL SELECT conrelid::regclass || pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid IN ('claim'::regclass, 'review'::regclass)")))
    return sorted(session.exec(text(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name IN ('claim', 'review')")))


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large: read in a second process, restored into empty tables."""
    monkeypatch.setattr("app.services.import_lines.CHILD_MIN_BYTES", 0)
    monkeypatch.setattr("app.services.importing.RESTORE_MIN_BYTES", 0)


def test_a_large_file_round_trips_through_the_reading_process(
        session, make_user, other_session, tmp_path, large):
    _labelled(session, make_user)
    original = _export(session, with_text=True)
    path = tmp_path / "export.jsonl"
    path.write_text(original)
    schema = _schema(other_session)
    other_session.commit()
    seen: list[int] = []
    report = import_file(session=other_session, path=path, progress=seen.append)
    assert report.ok and (report.claims_added, report.reviews_added) == (3, 3)
    assert _export(other_session, with_text=True) == original
    assert seen[-1] == path.stat().st_size and seen == sorted(seen)
    # Restored into empty tables: every index and foreign key is there again, unchanged.
    assert _schema(other_session) == schema
    # Later claims get their own ids (PostgreSQL's sequence moved past the reserved ones).
    _, later = add_document(other_session, text="Prices fell in June. Wages rose in July.")
    assert len({claim.id for claim in other_session.exec(select(Claim))}) == 3 + len(later)


def test_a_bad_line_at_the_end_of_a_large_file_writes_nothing(
        session, make_user, other_session, tmp_path, large):
    _labelled(session, make_user)
    path = tmp_path / "export.jsonl"
    path.write_text(_export(session) + "{broken\n")
    schema = _schema(other_session)
    other_session.commit()
    report = import_file(session=other_session, path=path)
    assert report.errors == ["line 4: not valid JSON (Expecting property name enclosed in "
                             "double quotes, column 2)"]
    assert (report.claims_added, report.lines) == (0, 4)
    assert other_session.exec(select(Claim)).all() == []
    assert other_session.exec(select(Document)).all() == []
    assert _schema(other_session) == schema


def test_documents_without_text_keep_apart_and_gain_sentences(session, other_session,
                                                             tmp_path):
    sentence = "The river rose by two metres."
    add_document(session, text=sentence, title="Floods in May")
    add_document(session, text=sentence + " ", title="Floods in June")
    lines = _export(session).splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(lines[0] + "\n")
    assert import_file(session=other_session, path=first).ok
    assert import_file(session=other_session, path=first).documents_added == 0  # again: none
    extra = json.loads(lines[0])
    extra.update(id="f" * 32, start=40, end=52, sentence="Roads closed", text="Roads closed")
    second.write_text("\n".join([json.dumps(extra), lines[1]]) + "\n")
    report = import_file(session=other_session, path=second)
    assert report.ok and report.documents_added == 1  # the June document; May is found
    documents = {d.title: d for d in other_session.exec(select(Document))}
    assert set(documents) == {"Floods in May", "Floods in June"}
    may = documents["Floods in May"].text
    assert may[:29] == sentence and may[40:52] == "Roads closed"  # both imports' sentences


def test_claims_need_lists_of_objects_for_dates_and_entities(session, make_user, tmp_path):
    _labelled(session, make_user)
    record = json.loads(_export(session).splitlines()[0])
    record["entities"] = "ORG"
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert import_file(session=session, path=path).errors == [
        "line 1: 'entities' must be a list of objects"]


def test_a_failure_in_the_reading_process_reaches_the_import(
        session, make_user, other_session, tmp_path, large, monkeypatch):
    _labelled(session, make_user)
    path = tmp_path / "export.jsonl"
    path.write_text(_export(session))

    def failing(*_args):
        yield ("claims", [], False, 0)
        raise ValueError("the disk went away")

    monkeypatch.setattr("app.services.import_lines.messages", failing)
    with pytest.raises(RuntimeError, match="ValueError: the disk went away"):
        import_file(session=other_session, path=path)
    assert other_session.exec(select(Claim)).all() == []


def test_an_import_into_empty_tables_analyzes_them(session, make_user, other_session,
                                                   tmp_path, backend):
    """As an ingest does (db.refresh_statistics): PostgreSQL must not plan the queue on the
    statistics of the empty tables a restore filled."""
    _labelled(session, make_user)
    path = tmp_path / "export.jsonl"
    path.write_text(_export(session, with_text=True, history=True))

    def analyses() -> dict[str, int]:
        other_session.commit()
        if backend == "sqlite":
            return {}
        return dict(other_session.execute(text(
            "SELECT relname, analyze_count FROM pg_stat_user_tables "
            "WHERE relname IN ('claim', 'document', 'review', 'event')")).all())

    before = analyses()
    assert import_file(session=other_session, path=path).ok
    after = analyses()
    grown = {table for table in after if after[table] > before[table]}
    assert grown == (set() if backend == "sqlite" else {"claim", "document", "review"})
