"""Reviews: labels change only through set_review/undo_last, each change an event."""

import pytest
from sqlmodel import select

from app.models import Claim, Document, Event, Review, as_utc
from app.services import events, review
from app.services.errors import InvalidInput, NotFound, StaleVersion
from tests.factories import add_document


def test_set_review_sets_verdict_bumps_version_and_records_an_event(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    updated = review.set_review(session=session, claim_id=claim.id, actor=ana,
                                label="supported", note="checked", expected_version=1,
                                evidence=["https://example.test/source"])
    assert (updated.verdict, updated.version) == ("supported", 2)
    [event] = events.history(session, claim.id)
    assert event.kind == "review.set" and event.actor == "ana"
    assert event.before is None
    assert event.after == {"label": "supported", "note": "checked",
                           "evidence": ["https://example.test/source"], "outdated_since": None}


def test_changing_a_label_keeps_before_and_after(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed")
    first, second = events.history(session, claim.id)
    assert second.before["label"] == "supported" and second.after["label"] == "disputed"
    assert len(session.exec(select(Review)).all()) == 1


def test_stale_version_is_refused_and_writes_nothing(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      expected_version=1)
    with pytest.raises(StaleVersion) as stale:
        review.set_review(session=session, claim_id=claim.id, actor=ben, label="disputed",
                          expected_version=1)
    assert stale.value.status == 409 and stale.value.details["current"].version == 2
    assert len(events.history(session, claim.id)) == 1


@pytest.mark.parametrize("label", ["true", "", "SUPPORTED", "<script>"])
def test_unknown_label_writes_nothing(session, make_user, label):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    with pytest.raises(InvalidInput):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=label)
    assert events.history(session, claim.id) == []


def test_missing_claim_is_not_found(session, make_user):
    with pytest.raises(NotFound):
        review.set_review(session=session, claim_id=9999, actor=make_user(), label="supported")


def test_same_review_twice_is_one_event(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    for _ in range(2):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label="outdated")
    assert len(events.history(session, claim.id)) == 1


def test_undo_appends_an_event_and_restores_the_previous_state(session, make_user):
    ana = make_user("ana")
    _, [first, second, *_] = add_document(session)
    review.set_review(session=session, claim_id=first.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=second.id, actor=ana, label="disputed")
    review.set_review(session=session, claim_id=second.id, actor=ana, label="outdated")
    assert review.undo_last(session=session, actor=ana).verdict == "disputed"
    assert review.undo_last(session=session, actor=ana).verdict is None
    assert review.undo_last(session=session, actor=ana).id == first.id
    assert review.undo_last(session=session, actor=ana) is None
    kinds = [e.kind for e in session.exec(select(Event).order_by(Event.id))]
    assert kinds.count("review.undone") == 3 and kinds.count("review.set") == 3


def test_outdated_since_only_kept_for_outdated(session, make_user):
    import datetime as dt

    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      outdated_since=dt.date(2024, 2, 1))
    [(row, _)] = review.reviews_of(session, claim.id)
    assert row.outdated_since is None
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="outdated",
                      outdated_since=dt.date(2024, 2, 1))
    [(row, _)] = review.reviews_of(session, claim.id)
    assert row.outdated_since == dt.date(2024, 2, 1)


def test_two_reviewers_disagreeing_leave_no_verdict(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      reviews_required=2)
    assert session.get(type(claim), claim.id).verdict is None
    updated = review.set_review(session=session, claim_id=claim.id, actor=ben,
                                label="disputed", reviews_required=2)
    assert updated.verdict is None
    updated = review.set_review(session=session, claim_id=claim.id, actor=ben,
                                label="supported", reviews_required=2)
    assert updated.verdict == "supported"


def test_one_write_has_one_timestamp_for_review_claim_and_event(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed")
    session.expire_all()
    given = session.exec(select(Review).where(Review.claim_id == claim.id)).one()
    first, second = (as_utc(e.at) for e in events.history(session, claim.id))
    assert as_utc(given.created_at) == first < second == as_utc(given.updated_at)
    assert as_utc(session.get(Claim, claim.id).updated_at) == second
    review.undo_last(session=session, actor=ana)
    session.expire_all()
    given = session.exec(select(Review).where(Review.claim_id == claim.id)).one()
    undone = as_utc(events.history(session, claim.id)[-1].at)
    assert as_utc(given.created_at) == first and as_utc(given.updated_at) == undone


def test_write_review_answers_with_the_event_it_appended(session, make_user):
    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    written = review.write_review(session=session, claim_id=claim.id, actor=ana,
                                  label="disputed", note="see source")
    [stored] = events.history(session, claim.id)
    assert written.claim.version == 2 and written.claim.verdict == "disputed"
    assert (written.event.id, written.event.hash) == (stored.id, stored.hash)
    assert written.event.after == stored.after and stored.after["note"] == "see source"
    again = review.write_review(session=session, claim_id=claim.id, actor=ana,
                                label="disputed", note="see source")
    assert again.event is None and len(events.history(session, claim.id)) == 1


def test_a_review_write_reads_the_claim_and_its_reviews_once(session, make_user):
    from sqlalchemy import event as sa_event

    ana, ben = make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="supported",
                      reviews_required=2)
    statements: list[str] = []
    committed: list[bool] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if not committed:  # the write's own transaction (what follows a commit is not)
            statements.append(" ".join(statement.split()).lower() + " ")

    def commit(_conn) -> None:
        committed.append(True)

    engine = session.get_bind()
    sa_event.listen(engine, "before_cursor_execute", seen)
    sa_event.listen(engine, "commit", commit)
    try:
        updated = review.set_review(session=session, claim_id=claim.id, actor=ana,
                                    label="supported", reviews_required=2)
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
        sa_event.remove(engine, "commit", commit)
    assert updated.verdict == "supported"  # derived from both reviews, read once
    reads = [s for s in statements if s.startswith("select")]
    assert committed and sum(" from claim " in s for s in reads) == 1, reads
    assert sum(" from review " in s for s in reads) == 1, reads
    assert not any(' from "user" ' in s or " from user " in s for s in reads), reads


def test_a_review_write_is_one_statement_on_postgresql_with_its_event_and_queues(
        session, make_user, backend):
    from sqlalchemy import event as sa_event

    ana = make_user("ana")
    _, [claim, *_] = add_document(session)
    session.rollback()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()).lower())

    engine = session.get_bind()
    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        written = review.write_review(session=session, claim_id=claim.id, actor=ana,
                                      label="supported")
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
    writes = [s for s in statements if not s.startswith(("select", "begin", "with "))]
    reads = [s for s in statements if s.startswith("select")]
    if backend == "postgres":  # one round trip for every row the write changes or adds
        [written_all] = [s for s in statements if s.startswith("with ")]
        assert not writes and all(f"{part} " in written_all for part in (
            "insert into review", "update claim set", "insert into event",
            "insert into audit_pending", "insert into pending_offer")), statements
        assert "for update of claim" in reads[0] and "nextval" in reads[0], reads
    else:
        assert [" ".join(s.split()[:3]) for s in writes] == [
            "insert into review", "update claim set", "insert into event",
            "insert into audit_pending", "insert into pending_offer"], writes
    # The claim is locked, with its document's head and the event's id, in one read: no
    # read of its own for the id nor, after the commit, for the document.
    assert " from claim join document " in reads[0] and len(reads) == 2, reads
    assert written.document == (claim.document_id, *_head(session, claim.document_id))
    assert written.event.id == session.get(Event, written.event.id).id


def test_a_review_write_is_four_round_trips_on_postgresql(
        session, make_user, backend, tmp_path):
    if backend != "postgres":
        pytest.skip("round trips to a server: PostgreSQL's")
    ana, ben = make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="supported",
                      reviews_required=2)
    session.refresh(ana)
    session.expunge(ana)  # loaded, as the API's token gives its owner: not read again
    session.commit()
    driver = session.connection().connection.driver_connection
    trace = tmp_path / "libpq.trace"
    with trace.open("w") as out:
        driver.pgconn.trace(out.fileno())
        try:
            written = review.write_review(session=session, claim_id=claim.id, actor=ana,
                                          label="supported", reviews_required=2)
        finally:
            driver.pgconn.untrace()
    assert written.claim.verdict == "supported"  # ben's review read under the lock
    # A round trip: what the client sends before it next reads the server's answers.
    directions = [fields[1] for line in trace.read_text().splitlines()
                  if len(fields := line.split("\t")) > 1]
    trips = sum(1 for at, side in enumerate(directions)
                if side == "F" and (at == 0 or directions[at - 1] == "B"))
    # BEGIN, the lock with the claim's reviews, the one write statement, COMMIT (was 5).
    assert trips == 4, trace.read_text()


def _head(session, document_id: int) -> tuple:
    document = session.get(Document, document_id)
    return document.title, document.source, document.published


def test_a_review_write_answers_with_the_claims_reviews_as_committed(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="supported")
    written = review.write_review(session=session, claim_id=claim.id, actor=ana,
                                  label="disputed", note="see source")
    answered = [(item.reviewer_id, item.label, item.note, name)
                for item, name in written.reviews]
    session.expire_all()
    assert answered == [(item.reviewer_id, item.label, item.note, name)
                        for item, name in review.reviews_of(session, claim.id)]
    assert [name for _, name in written.reviews] == ["ben", "ana"]
