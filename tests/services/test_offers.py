"""A new verdict is offered as "checked before" after the review is acknowledged: queued in
the review's transaction, offered by the sequencer; on both databases."""

from app.services import checked_before, offers, sequencer
from app.services.review import set_review, settle
from tests.services.test_matches import _twins


def _offered_from(session, claim, twin) -> list[str]:
    return [c.claim_uid for c in checked_before.earlier_checks(session, twin.id)
            if c.claim_uid == claim.uid]


def test_a_new_verdict_is_queued_with_the_review_and_offered_by_the_sequencer(
        session, make_user):
    first, twin = _twins(session)
    set_review(session=session, claim_id=first.id, actor=make_user("ana"), label="disputed")
    assert offers.waiting_count(session) == 1
    assert _offered_from(session, first, twin) == []  # the review did not wait for it
    assert sequencer.step(session, log=None, every_events=1, every_seconds=0,
                          signs=False) >= 1
    assert _offered_from(session, first, twin) == [first.uid]
    assert offers.waiting_count(session) == 0


def test_a_review_that_leaves_the_verdict_as_it_was_queues_nothing(session, make_user):
    first, _ = _twins(session)
    ana = make_user("ana")
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    offers.offer_all(session)
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed", note="why")
    assert offers.waiting_count(session) == 0


def test_an_editors_settlement_is_offered_too(session, make_user):
    first, twin = _twins(session)
    set_review(session=session, claim_id=first.id, actor=make_user("ana"), label="disputed")
    set_review(session=session, claim_id=first.id, actor=make_user("ben"),
               label="supported", reviews_required=2)
    offers.offer_all(session)
    settle(session=session, actor=make_user("eve", role="editor"), claim_id=first.id,
           label="supported", reason="the figures", expected_version=None)
    assert offers.waiting_count(session) == 1
    assert offers.offer_all(session) == 1


def test_a_verdict_whose_offer_fails_is_dropped_and_the_others_offered(
        session, make_user, monkeypatch):
    first, twin = _twins(session)
    ana = make_user("ana")
    set_review(session=session, claim_id=twin.id, actor=ana, label="supported")
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    real = offers.refresh_after_verdict

    def fails_on_twin(*, session, claim_id):
        if claim_id == twin.id:
            raise ValueError("a broken claim")
        return real(session=session, claim_id=claim_id)

    monkeypatch.setattr(offers, "refresh_after_verdict", fails_on_twin)
    assert offers.offer_all(session) == 2  # the sequencer goes on, the queue empties
    assert offers.waiting_count(session) == 0
