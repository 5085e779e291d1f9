"""What comes next for a reviewer: the most check-worthy open claim, leased briefly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import delete, exists, func
from sqlmodel import Session, select

from app.db import begin_write
from app.models import Claim, ClaimStatus, Lease, Review, User, utcnow
from app.services.errors import InvalidInput, NotFound

LEASE = dt.timedelta(minutes=5)
SCOPES = ("unreviewed", "mine", "all")
COUNT_CAP = 1000


@dataclass(frozen=True)
class QueueFilter:
    """Which claims the queue serves: scope, one document, only "may be outdated"."""

    scope: str = "unreviewed"
    document_id: int | None = None
    time_sensitive: bool = False

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise InvalidInput(f"unknown queue scope {self.scope!r}: use {', '.join(SCOPES)}")


def next_claim_for(
    *,
    session: Session,
    reviewer: User,
    criteria: QueueFilter = QueueFilter(),
    skip: Collection[int] = (),
    lease_for: dt.timedelta = LEASE,
) -> Claim | None:
    """The next claim for `reviewer`, leased to them so no one else is served it meanwhile."""
    begin_write(session)
    now = utcnow()
    query = _candidates(reviewer, criteria, now).limit(1)
    if skip:
        query = query.where(Claim.id.not_in(list(skip)))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Claim, skip_locked=True)
    claim = session.exec(query).first()
    if claim is not None:
        _lease(session, claim.id, reviewer.id, now + lease_for)
    session.commit()
    return claim


def lease_claim(
    *, session: Session, claim_id: int, reviewer: User, lease_for: dt.timedelta = LEASE
) -> None:
    """Hold one chosen claim for `reviewer` (going back to it, or after an undo)."""
    begin_write(session)
    claim = session.get(Claim, claim_id)
    if claim is None or claim.status != ClaimStatus.ACTIVE.value:
        session.rollback()
        raise NotFound(f"no claim {claim_id} in review")
    _lease(session, claim_id, reviewer.id, utcnow() + lease_for)
    session.commit()


def open_count(
    session: Session, reviewer: User, criteria: QueueFilter, cap: int = COUNT_CAP
) -> int:
    """How many claims the queue still holds for `reviewer`, counted up to `cap`.

    Counting stops at the cap so that the figure costs the same on a million claims as on
    a hundred; the page then says "1,000+".
    """
    capped = (_candidates(reviewer, criteria, utcnow()).order_by(None)
              .with_only_columns(Claim.id).limit(cap).subquery())
    return session.exec(select(func.count()).select_from(capped)).one()


def _candidates(reviewer: User, criteria: QueueFilter, now: dt.datetime):
    mine = exists().where(Review.claim_id == Claim.id, Review.reviewer_id == reviewer.id)
    leased_by_others = exists().where(Lease.claim_id == Claim.id,
                                      Lease.reviewer_id != reviewer.id, Lease.expires_at > now)
    query = (select(Claim).where(Claim.status == ClaimStatus.ACTIVE.value, ~leased_by_others)
             .order_by(Claim.score.desc(), Claim.id.desc()))  # one direction: index order
    if criteria.scope == "unreviewed":
        query = query.where(Claim.verdict.is_(None), ~mine)
    elif criteria.scope == "mine":
        query = query.where(mine)
    if criteria.document_id is not None:
        query = query.where(Claim.document_id == criteria.document_id)
    if criteria.time_sensitive:
        query = query.where(Claim.time_sensitive.is_(True))
    return query


def _lease(session: Session, claim_id: int, reviewer_id: int, until: dt.datetime) -> None:
    """One lease per reviewer: taking a claim releases the one they held before."""
    session.exec(delete(Lease).where((Lease.reviewer_id == reviewer_id)
                                     | (Lease.claim_id == claim_id)))
    session.add(Lease(claim_id=claim_id, reviewer_id=reviewer_id, expires_at=until))
    session.flush()
