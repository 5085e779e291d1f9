"""Figures about the desk: label counts and how well reviewers agree."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Claim, ClaimStatus, Label, Review, User
from app.services.agreement import AgreementReport, agreement_report
from app.services.visibility import EVERYTHING, Sight, within_sight


def review_rows(session: Session, sight: Sight = EVERYTHING) -> list[tuple[int, int, str, str]]:
    """(claim id, document id, reviewer, label) of every current review of an active claim
    whose reviews the viewer may see."""
    query = (select(Claim.id, Claim.document_id, User.username, Review.label)
             .join(Review, Review.claim_id == Claim.id)
             .join(User, User.id == Review.reviewer_id)
             .where(Claim.status == ClaimStatus.ACTIVE.value)
             .order_by(Claim.id))
    return [tuple(row) for row in session.exec(within_sight(query, sight))]


def desk_agreement(session: Session, sight: Sight = EVERYTHING) -> AgreementReport:
    """Cohen's κ per reviewer pair and Krippendorff's α overall and per document, over the
    claims the viewer may see the reviews of (a blind reviewer: those they labelled)."""
    return agreement_report(review_rows(session, sight))


def checkworthiness_decisions(session: Session) -> list[tuple[str, bool]]:
    """The team's own training signal: dismissed claims are not check-worthy, labelled ones are.

    Oldest decision first, as the trainer expects (it tunes its threshold on the newest).
    """
    query = (select(Claim.text, Claim.verdict)
             .where(Claim.verdict.is_not(None), Claim.status == ClaimStatus.ACTIVE.value)
             .order_by(Claim.updated_at, Claim.id))
    return [(text, verdict != Label.NOT_A_CLAIM.value) for text, verdict in session.exec(query)]
