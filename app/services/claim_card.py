"""What a reviewer reads beside a claim on the queue's card: its document, its reviews,
how its wording changed and its earlier checks, read together.

The queue answers every label with the next claim's card: read one after the other
through the ORM, these four parts cost a label four round trips to PostgreSQL and their
ORM loading. Here they are four driver statements (`db.DriverQuery`), sent in one round
trip on PostgreSQL (`db.rows_together`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, bindparam
from sqlmodel import Session, select

from app.db import DriverQuery, detached, rows_together
from app.models import Claim, Document
from app.services.checked_before import OPEN_CHECKS, EarlierCheck, checks_from
from app.services.editing import WORDING_EVENTS, WordingChange, wording_changes_from
from app.services.errors import NotFound
from app.services.review import REVIEW_ROWS, named_reviews
from app.services.visibility import Sight


@dataclass(frozen=True)
class ClaimCard:
    """A claim's card, but for the claim itself."""

    document: Document
    reviews: list[tuple[Any, str]]  # (review row, reviewer's name), oldest first
    wording_changes: dict[int, WordingChange]
    earlier_checks: list[EarlierCheck]


def read_card(session: Session, claim: Claim, sight: Sight) -> ClaimCard:
    """The card's parts for `claim`, as `sight` may see its earlier checks."""
    return card_from(session, claim, sight, rows_together(session, card_queries(claim)))


def card_queries(claim: Claim) -> list[tuple[DriverQuery, dict[str, Any]]]:
    """The statements that read `claim`'s card, for `card_from`: the queue sends them in
    the round trip that leases the claim (queue.serve_next)."""
    by_claim = {"claim_id": claim.id}
    return [(_DOCUMENT, {"document_id": claim.document_id}), (REVIEW_ROWS, by_claim),
            (WORDING_EVENTS, by_claim), (OPEN_CHECKS, by_claim)]


def card_from(session: Session, claim: Claim, sight: Sight,
              rows: Sequence[list[tuple]]) -> ClaimCard:
    """`claim`'s card from the rows of its `card_queries`, in their order."""
    documents, reviews, events, checks = rows
    if not documents:
        raise NotFound(f"no document {claim.document_id}")
    return ClaimCard(detached(Document, documents[0]),
                     named_reviews(reviews),
                     wording_changes_from(session, events), checks_from(session, checks, sight))


_DOCUMENT = DriverQuery(select(*Document.__table__.columns).where(
    Document.id == bindparam("document_id", type_=Integer)))
