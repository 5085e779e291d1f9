"""Without any checkpoint, the events still verify against the leaves they were integrated
as: an intact log verifies, and a changed, removed or moved event is named."""

import sqlalchemy as sa

from app.services import audit_tree, review
from app.services.audit_verify import verify
from tests.factories import add_document, drop_audit_guards


def _events_with_reviews(session, make_user):
    ana = make_user("ana")
    _, claims = add_document(session)
    for claim, label in zip(claims, ["supported", "disputed", "outdated"], strict=False):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=label)
    audit_tree.integrate_all(session)
    drop_audit_guards(session)
    return claims


def _ids(session):
    return session.exec(sa.text("SELECT id FROM event ORDER BY id")).scalars().all()


def test_intact_log_verifies(session, make_user):
    _events_with_reviews(session, make_user)
    report = verify(session)
    assert report.ok and report.events >= 5 and report.pending == 0


def test_changed_event_is_named(session, make_user):
    _events_with_reviews(session, make_user)
    target = session.exec(sa.text("SELECT id FROM event WHERE kind = 'review.set' "
                                  "ORDER BY id LIMIT 1")).scalar_one()
    session.exec(sa.text("UPDATE event SET reason = 'forged' WHERE id = :id").bindparams(id=target))
    session.commit()
    report = verify(session)
    assert not report.ok and report.first_bad_event == target
    assert "changed" in report.problems[0]


def test_deleted_event_is_named_by_its_place(session, make_user):
    _events_with_reviews(session, make_user)
    target = _ids(session)[2]
    session.exec(sa.text("DELETE FROM audit_leaf WHERE event_id = :id").bindparams(id=target))
    session.exec(sa.text("DELETE FROM event WHERE id = :id").bindparams(id=target))
    session.commit()
    report = verify(session)
    assert not report.ok and "leaf 2 is missing" in report.problems[0]


def test_event_moved_to_another_leaf_is_named(session, make_user):
    _events_with_reviews(session, make_user)
    a, b = _ids(session)[2:4]
    for source, target in ((2, -1), (3, 2), (-1, 3)):  # swap the two events' places
        session.exec(sa.text("UPDATE audit_leaf SET leaf_index = :t WHERE leaf_index = :s")
                     .bindparams(t=target, s=source))
    session.commit()
    report = verify(session)
    assert not report.ok and "leaves 0..3" in report.problems[0]  # under one edge node
    assert report.first_bad_event == _ids(session)[0] and a < b
