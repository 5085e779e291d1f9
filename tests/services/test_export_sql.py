"""The JSON the database writes for the export equals what Python makes of the same rows.

`export_sql` builds each line in SQL for speed; `export.claim_record` & co. are the
readable definition of the schema (the API uses them). Both must agree byte for byte, on
SQLite and on PostgreSQL, for any text, score and time.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session, select

from app.db import canonical_json
from app.migrate import downgrade, upgrade
from app.models import Claim, Document, Event, Review, User
from app.services import review
from app.services.export import (
    ExportFilter,
    claim_record,
    document_record,
    event_record,
    export_lines,
    review_record,
)
from tests.factories import add_document
from tests.hostile import PAYLOADS

UNICODE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                  max_size=40)
SPECIAL = ['"q"', "a\\b", "line\nbreak\r\t", "\x01\x1f\x7f", "\u2028\u2029", "\U0001f600",
           "\u05e9\u05dc\u05d5\u05dd", "caf\u00e9 \u00fcber", "</script>", "'single'", "%s %%"]
UTC_TIMES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1),
                         timezones=st.just(dt.UTC))
SCORES = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from([0.0, 1.0, 0.1 + 0.2, 1e-05, 1e16, 123.0, -0.0, 5e-324]))


def reference_lines(session: Session, *, with_text: bool = False, history: bool = False,
                    include_retired: bool = False) -> list[str]:
    """The export as Python builds it from ORM objects read back from the database."""
    session.expire_all()
    lines = []
    query = select(Claim).order_by(Claim.id)
    if not include_retired:
        query = query.where(Claim.status == "active")
    for claim in session.exec(query):
        document = session.get(Document, claim.document_id)
        meta = document_record(document)
        if with_text:
            meta["content_hash"], meta["text"] = document.content_hash, document.text
        pairs = session.exec(select(Review, User.username).join(User)
                             .where(Review.claim_id == claim.id).order_by(Review.id)).all()
        record = claim_record(claim, meta, [review_record(r, name) for r, name in pairs])
        if history:
            events = session.exec(select(Event).where(Event.claim_id == claim.id)
                                  .order_by(Event.id))
            record["events"] = [event_record(event) for event in events]
        lines.append(canonical_json(record) + "\n")
    return lines


def _tricky_rows(session: Session, make_user) -> None:
    """Claims whose every field is awkward: escapes, nulls, floats, micro- and no seconds."""
    ana, ben = make_user("ana"), make_user("ben.o")
    document, claims = add_document(session, title='Floods "2024" \u2028 caf\u00e9')
    bare = Document(content_hash=uuid.uuid4().hex, title="\U0001f600", source=None,
                    published=None, text="x", extractor="t")
    session.add(bare)
    session.flush()
    for index, payload in enumerate(SPECIAL + PAYLOADS):
        session.add(Claim(
            uid=uuid.uuid4().hex, document_id=(document.id if index % 2 else bare.id),
            text=payload or "x", span_text=payload, sentence=payload, start=0, end=len(payload),
            span_start=0, span_end=len(payload), attribution=payload if index % 3 else None,
            hedged=index % 2 == 0, time_sensitive=index % 5 == 0,
            dates=[{"text": payload, "value": "2024-01-26", "kind": "deadline"}],
            entities=[{"text": payload, "label": "ORG", "start": 0, "end": 3, "w": 0.5}],
            score=[0.1 + 0.2, 1.0, 0.0, 1e-05, 0.73][index % 5], extractor="t/1",
            status="retired" if index == 3 else "active",
            created_at=dt.datetime(2024, 1, 22, 9, 30, tzinfo=dt.UTC),
            updated_at=dt.datetime(2024, 1, 22, 9, 30, 1, 5, tzinfo=dt.UTC)))
    session.commit()
    # Reviews through the service (events too); ben reviews first on one claim, so review
    # order (by id) differs from reviewer order.
    first = claims[0].id
    review.set_review(session=session, claim_id=first, actor=ben, label="disputed",
                      note=SPECIAL[2], evidence=["https://example.test/a?b=\u00e9"])
    review.set_review(session=session, claim_id=first, actor=ana, label="outdated",
                      note="<script>alert(1)</script>", evidence=[],
                      outdated_since=dt.date(2024, 2, 1))
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="supported",
                      note="", evidence=[])


@pytest.mark.parametrize("with_text", [False, True])
@pytest.mark.parametrize("history", [False, True])
def test_database_lines_equal_python_records(session, make_user, with_text, history):
    _tricky_rows(session, make_user)
    made = list(export_lines(session, "jsonl", with_text=with_text, history=history))
    assert made == reference_lines(session, with_text=with_text, history=history)
    assert len(made) == 3 + len(SPECIAL + PAYLOADS) - 1  # one is retired


def test_retired_claims_and_filters_use_the_same_lines(session, make_user):
    _tricky_rows(session, make_user)
    everything = list(export_lines(session, "jsonl", ExportFilter(include_retired=True)))
    assert everything == reference_lines(session, include_retired=True)
    supported = list(export_lines(session, "jsonl", ExportFilter(verdict="supported")))
    assert [json.loads(line)["verdict"] for line in supported] == ["supported"]
    assert supported[0] in everything
    # ben reviewed only the first claim, which ana reviewed too: the claim with both reviews
    by_ben = list(export_lines(session, "jsonl", ExportFilter(reviewer="ben.o"), history=True))
    assert [[r["reviewer"] for r in json.loads(line)["reviews"]] for line in by_ben] == [
        ["ben.o", "ana"]]
    assert by_ben == [line for line in reference_lines(session, history=True)
                      if json.loads(line)["id"] == json.loads(by_ben[0])["id"]]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=UNICODE, note=st.one_of(UNICODE, st.sampled_from(SPECIAL)), score=SCORES,
       created=UTC_TIMES, updated=UTC_TIMES, published=st.none() | st.dates(),
       flags=st.tuples(st.booleans(), st.booleans()))
def test_any_text_score_and_time_agree(engine, words, note, score, created, updated,
                                       published, flags):
    with Session(engine) as session:
        user = User(username=f"u{uuid.uuid4().hex[:8]}", role="reviewer")
        document = Document(content_hash=uuid.uuid4().hex, title=words, source=note or None,
                            published=published, text=words, extractor="t")
        session.add_all([user, document])
        session.flush()
        claim = Claim(uid=uuid.uuid4().hex, document_id=document.id, text=words + note,
                      span_text=words, sentence=words, start=0, end=len(words),
                      span_start=0, span_end=len(words), attribution=note, hedged=flags[0],
                      time_sensitive=flags[1], dates=[{"text": note}], entities=[],
                      score=score, extractor=words[:100], created_at=created,
                      updated_at=updated)
        session.add(claim)
        session.flush()
        session.add(Review(claim_id=claim.id, reviewer_id=user.id, label="supported",
                           note=note, evidence=[note], created_at=updated, updated_at=created))
        session.flush()
        try:
            made = list(export_lines(session, "jsonl", ExportFilter(document_id=document.id),
                                     with_text=True))
            expected = [line for line in reference_lines(session, with_text=True)
                        if json.loads(line)["id"] == claim.uid]
            assert made == expected
        finally:
            session.rollback()


def test_old_rows_are_rewritten_canonically_by_migration_0004(engine, session, make_user):
    """Rows stored by SQLAlchemy's default serializer (before 0004) export the same bytes."""
    _tricky_rows(session, make_user)
    expected = reference_lines(session)
    session.close()
    downgrade(engine, "0003")
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT CAST(entities AS TEXT) FROM claim "
                                         "WHERE CAST(entities AS TEXT) LIKE '%caf%'")).scalar_one()
    assert '"text": "caf\\u00e9' in stored  # SQLAlchemy's default form, as 0001-0003 stored
    upgrade(engine)
    with Session(engine) as fresh:
        assert list(export_lines(fresh, "jsonl")) == expected
