"""Checked before as the queue reads it: every open match with what it points at."""

import json

from sqlalchemy import event as sa_event
from sqlmodel import select

from app.models import ClaimMatch, FactCheck
from app.services import checked_before, fact_checks, review
from tests.factories import add_document

CHECK = {"@type": "ClaimReview", "url": "https://checks.example/bridge",
         "claimReviewed": "The bridge closes for a year", "author": {"name": "Checkers"},
         "datePublished": "2019-03-02", "reviewRating": {"alternateName": "False"}}


def test_a_claims_earlier_checks_are_read_in_one_statement(session, engine, make_user):
    """The queue shows them with every claim it serves: one read for all of them, not two
    more a match (the earlier claim, its document)."""
    ana = make_user("ana")
    fact_checks.import_fact_checks(session=session, rows=fact_checks.parse(json.dumps(CHECK)),
                                   actor="admin")
    fact_id = session.exec(select(FactCheck.id)).one()
    _, [claim] = add_document(session, text="The bridge closes for a year.", title="Today")
    earlier = []
    for number in range(3):
        _, [other] = add_document(session, text=f"The bridge closes for {number + 2} years.",
                                  title=f"Report {number}")
        review.set_review(session=session, claim_id=other.id, actor=ana, label="supported")
        earlier.append(other)
    session.add(ClaimMatch(claim_id=claim.id, ref=f"fact_check:{fact_id}", score=0.95,
                           fact_check_id=fact_id))
    for number, other in enumerate(earlier):
        session.add(ClaimMatch(claim_id=claim.id, ref=f"claim:{other.id}",
                               score=0.9 - number / 10, match_claim_id=other.id))
    session.commit()
    statements: list[str] = []

    def seen(_conn, _cursor, text, *_args) -> None:
        statements.append(text)

    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        checks = checked_before.earlier_checks(session, claim.id, limit=4)
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
    assert [(c.by, c.label, c.link) for c in checks] == [
        ("Checkers", "disputed", "https://checks.example/bridge"),
        ("Report 0", "supported", None), ("Report 1", "supported", None),
        ("Report 2", "supported", None)]
    assert [s for s in statements if s.strip().upper() != "BEGIN"] == statements[-1:]
