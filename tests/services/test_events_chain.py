"""The event log is a hash chain: intact chains verify, tampered rows are named."""

import sqlalchemy as sa

from app.services import events, review
from tests.factories import add_document, drop_event_guards


def _events_with_reviews(session, make_user):
    ana = make_user("ana")
    _, claims = add_document(session)
    for claim, label in zip(claims, ["supported", "disputed", "outdated"], strict=False):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=label)
    return claims


def test_intact_chain_verifies(session, make_user):
    _events_with_reviews(session, make_user)
    report = events.verify_chain(session)
    assert report.ok and report.checked >= 5


def test_changed_event_is_named(session, make_user):
    _events_with_reviews(session, make_user)
    drop_event_guards(session)
    target = session.exec(sa.text("SELECT id FROM event WHERE kind = 'review.set' "
                                  "ORDER BY id LIMIT 1")).scalar_one()
    session.exec(sa.text("UPDATE event SET reason = 'forged' WHERE id = :id").bindparams(id=target))
    session.commit()
    report = events.verify_chain(session)
    assert not report.ok and report.first_bad_id == target and "changed" in report.problem


def test_deleted_event_breaks_the_chain_at_its_successor(session, make_user):
    _events_with_reviews(session, make_user)
    drop_event_guards(session)
    ids = session.exec(sa.text("SELECT id FROM event ORDER BY id")).scalars().all()
    session.exec(sa.text("DELETE FROM event WHERE id = :id").bindparams(id=ids[2]))
    session.commit()
    report = events.verify_chain(session)
    assert not report.ok and report.first_bad_id == ids[3]


def test_reordered_events_are_named(session, make_user):
    _events_with_reviews(session, make_user)
    drop_event_guards(session)
    ids = session.exec(sa.text("SELECT id FROM event ORDER BY id")).scalars().all()
    a, b = ids[2], ids[3]
    for source, target in ((a, -1), (b, a), (-1, b)):
        session.exec(sa.text("UPDATE event SET id = :t WHERE id = :s").bindparams(t=target,
                                                                                 s=source))
    session.commit()
    report = events.verify_chain(session)
    assert not report.ok and report.first_bad_id == a
