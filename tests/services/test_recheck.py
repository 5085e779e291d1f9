"""The re-check queue: verdicts whose claim's dates passed since they were given, oldest due
first; confirmed or marked outdated, each an event; on SQLite and PostgreSQL."""

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from app.models import Claim, as_utc
from app.services import events, queue, recheck, review
from app.services.errors import InvalidInput, StaleVersion
from tests.factories import add_document, sentence_claims

TEXT = ("The bridge will reopen by January 26, 2024. Fares will rise in March 2024. "
        "Sales rose in 2023. The mayor will visit on 30 January 2024.")
DATES = [[{"text": "by January 26, 2024", "value": "2024-01-26", "deadline": True}],
         [{"text": "in March 2024", "value": "2024-03", "deadline": False}],
         [{"text": "in 2023", "value": "2023", "deadline": False}],
         [{"text": "on 30 January 2024", "value": "2024-01-30", "deadline": False}]]
BEFORE_DUE = dt.datetime(2024, 1, 23, 9, tzinfo=dt.UTC)


@pytest.fixture
def dated(session):
    """Four claims of a document published 2024-01-22: three look ahead, one back."""
    claims = [dataclasses.replace(c, dates=d)
              for c, d in zip(sentence_claims(TEXT), DATES, strict=True)]
    return add_document(session, text=TEXT, claims=claims)[1]


def _labelled_back_then(session, actor, claims, label="supported"):
    """Label the claims, then move the labels to 2024-01-23, before their dates passed."""
    for claim in claims:
        review.set_review(session=session, claim_id=claim.id, actor=actor, label=label)
    session.execute(sa.update(Claim).where(Claim.id.in_([c.id for c in claims]))
                    .values(updated_at=BEFORE_DUE))
    session.commit()


def test_ingest_stores_when_each_claim_falls_due(session, dated):
    due = [as_utc(c.due_at) if c.due_at else None for c in dated]
    assert due == [dt.datetime(2024, 1, 27, tzinfo=dt.UTC), dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
                   None, dt.datetime(2024, 1, 31, tzinfo=dt.UTC)]


def test_the_queue_serves_due_verdicts_oldest_due_first(session, make_user, dated):
    ana = make_user("ana")
    _labelled_back_then(session, ana, dated)
    recheck_filter = queue.QueueFilter(scope="recheck")
    served = []
    for _ in range(4):
        claim = queue.next_claim_for(session=session, reviewer=ana, criteria=recheck_filter,
                                     after=served[-1] if served else None)
        served.append(claim.id)
    by_due = [dated[0].id, dated[3].id, dated[1].id]  # Jan 26, Jan 30, March; 2023 never
    assert served == [*by_due, by_due[0]]  # and round again
    assert queue.open_count(session, ana, recheck_filter) == 3
    assert recheck.due_count(session) == 3
    assert queue.previous_claim_id(session, ana, recheck_filter, by_due[1]) == by_due[0]


def test_labels_given_after_the_date_passed_and_other_verdicts_are_not_due(session, make_user,
                                                                           dated):
    ana = make_user("ana")
    review.set_review(session=session, claim_id=dated[0].id, actor=ana, label="supported")
    _labelled_back_then(session, ana, [dated[1]], label="outdated")
    _labelled_back_then(session, ana, [dated[3]], label="not_a_claim")
    assert recheck.due_count(session) == 0
    assert queue.next_claim_for(session=session, reviewer=ana,
                                criteria=queue.QueueFilter(scope="recheck")) is None


def test_confirming_records_an_event_and_takes_the_claim_out(session, make_user, dated):
    ana = make_user("ana")
    _labelled_back_then(session, ana, [dated[0]], label="disputed")
    claim = session.get(Claim, dated[0].id)
    with pytest.raises(StaleVersion):
        recheck.confirm_verdict(session=session, actor=ana, claim_id=claim.id,
                                expected_version=claim.version - 1)
    recheck.confirm_verdict(session=session, actor=ana, claim_id=claim.id,
                            expected_version=claim.version, note="Still closed.")
    event = events.history(session, claim.id)[-1]
    assert (event.kind, event.before["due"], event.after) == (
        "verdict.confirmed", "2024-01-27", {"verdict": "disputed", "note": "Still closed."})
    assert recheck.due_count(session) == 0
    assert session.get(Claim, claim.id).verdict == "disputed"


def test_only_supported_or_disputed_verdicts_are_confirmed(session, make_user, dated):
    ana = make_user("ana")
    with pytest.raises(InvalidInput):
        recheck.confirm_verdict(session=session, actor=ana, claim_id=dated[0].id,
                                expected_version=None)


def test_marking_it_outdated_is_a_review_and_takes_the_claim_out(session, make_user, dated):
    ana = make_user("ana")
    _labelled_back_then(session, ana, [dated[0]])
    review.set_review(session=session, claim_id=dated[0].id, actor=ana, label="outdated",
                      note="It reopened in February.", outdated_since=dt.date(2024, 1, 27),
                      reason="re-check: its date passed")
    assert recheck.due_count(session) == 0
    assert events.history(session, dated[0].id)[-1].reason == "re-check: its date passed"


def test_may_be_outdated_filter_asks_the_dates_now(session, make_user, dated):
    ana = make_user("ana")
    only = queue.QueueFilter(time_sensitive=True)
    served = {queue.next_claim_for(session=session, reviewer=ana, criteria=only,
                                   after=None).id}
    assert served <= {dated[0].id, dated[1].id, dated[3].id}
    assert queue.open_count(session, ana, only) == 3  # the 2023 claim is history


def test_under_blind_review_a_reviewer_rechecks_only_what_they_labelled(session, make_user,
                                                                      dated):
    from app.services.visibility import sight_for

    ana, ben = make_user("ana"), make_user("ben")
    _labelled_back_then(session, ana, dated[:2])
    blind = queue.QueueFilter(scope="recheck", sight=sight_for(ben, blind_review=True))
    assert queue.next_claim_for(session=session, reviewer=ben, criteria=blind) is None
    assert recheck.due_count(session, sight_for(ben, blind_review=True)) == 0
    assert recheck.due_count(session, sight_for(ana, blind_review=True)) == 2


def test_the_claims_table_and_export_filter_asks_the_dates_now(session, dated):
    from app.services.claims import ClaimQuery, list_claims
    from app.services.export import ExportFilter, export_lines

    page = list_claims(session, ClaimQuery(time_sensitive=True))
    assert {row.claim.id for row in page.rows} == {dated[0].id, dated[1].id, dated[3].id}
    assert len(list(export_lines(session, "jsonl", ExportFilter(time_sensitive=True)))) == 3


@pytest.mark.sqlite_only
def test_the_re_check_queue_reads_reviewed_claims_only_through_its_index(session, make_user):
    """A million claims, most unreviewed: the due verdicts are found among reviewed ones."""
    import re

    from tests.services.queue_plans import queue_plan

    ana = make_user("ana")
    plan = queue_plan(session, ana, queue.QueueFilter(scope="recheck"), "after", (BEFORE_DUE, 10))
    assert re.search(r"SEARCH claim USING INDEX ix_claim_due \(status=\? AND verdict=\? AND "
                     r"due_at>\? AND due_at<\?\)", plan), plan


def test_an_imported_export_knows_when_its_claims_fall_due(session, dated, other_session,
                                                            tmp_path):
    from sqlmodel import select

    from app.services.export import export_lines
    from app.services.importing import import_file

    path = tmp_path / "export.jsonl"
    path.write_text("".join(export_lines(session, "jsonl", with_text=True)))
    assert import_file(session=other_session, path=path).ok
    due = dict(other_session.exec(select(Claim.uid, Claim.due_at)).all())
    assert {uid: as_utc(at) if at else None for uid, at in due.items()} == {
        c.uid: as_utc(c.due_at) if c.due_at else None for c in dated}
