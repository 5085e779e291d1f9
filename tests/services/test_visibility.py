"""The blind-review rule in services/visibility.py, on real rows."""

from app.services import editing, events, review, visibility
from tests.factories import add_document


def test_redacted_history_is_a_copy_and_the_stored_event_is_untouched(session, make_user):
    ana, carl, ed = make_user("ana"), make_user("carl"), make_user("ed", role="editor")
    _, [claim, *_] = add_document(session)
    review.set_review(
        session=session, claim_id=claim.id, actor=ana, label="disputed", note="ana-note"
    )
    editing.edit_claim(
        session=session, actor=ed, claim_id=claim.id, text="Rain fell", expected_version=None
    )
    sight = visibility.sight_for(carl, blind_review=True)
    stored = events.history(session, claim.id)
    shown = visibility.visible_history(stored, sight, show_all=False)
    assert [event.kind for event in shown] == ["claim.edited"]
    assert "reviews" not in shown[0].before and "verdict" not in shown[0].before
    assert shown[0].before["text"] == stored[1].before["text"]
    assert shown[0] is not stored[1] and shown[0] not in session
    session.commit()  # nothing of the redaction reaches the database
    session.expire_all()
    again = events.history(session, claim.id)[1]
    assert (
        again.before["reviews"][0]["note"] == "ana-note" and again.before["verdict"] == "disputed"
    )


def test_blind_applies_to_plain_reviewers_only(make_user):
    ana, ed = make_user("ana"), make_user("ed", role="editor")
    assert visibility.sight_for(ana, blind_review=True).blind
    assert not visibility.sight_for(ed, blind_review=True).blind
    assert not visibility.sight_for(ana, blind_review=False).blind
