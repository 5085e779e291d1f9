"""What comes next for a reviewer: the most check-worthy open claim, leased briefly.

The queue walks one order (check-worthiness, then newest id) in every filter: the next
claim is the one after the claim a reviewer just labelled or skipped, the previous one the
one before it, so labelling never sends a reviewer back to the top of the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_
from sqlmodel import Session, select

from app.db import begin_write
from app.models import Claim, ClaimStatus, Lease, Review, User, utcnow
from app.services.errors import InvalidInput, NotFound
from app.services.recheck import due_filter
from app.services.visibility import EVERYTHING, Sight, awaiting_reviews, within_sight

LEASE = dt.timedelta(minutes=5)
SCOPES = ("unreviewed", "mine", "all", "recheck")
COUNT_CAP = 1000


@dataclass(frozen=True)
class QueueFilter:
    """Which claims the queue serves: scope, one document, only "may be outdated".

    The "recheck" scope serves supported or disputed verdicts whose claim's dates passed
    since they were given (recheck.due_filter), oldest due first.

    `sight` decides when a claim stops waiting for reviews: under blind review, by how
    many it has rather than by whether they agree (visibility.awaiting_reviews).
    """

    scope: str = "unreviewed"
    document_id: int | None = None
    time_sensitive: bool = False
    sight: Sight = EVERYTHING

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise InvalidInput(f"unknown queue scope {self.scope!r}: use {', '.join(SCOPES)}")

    @property
    def comes_round(self) -> bool:
        """Unreviewed claims and verdicts due for re-check come round again once skipped;
        the other scopes are one pass."""
        return self.scope in ("unreviewed", "recheck")

    @property
    def by_due_date(self) -> bool:
        """The re-check queue's order: oldest due first (the others: most check-worthy)."""
        return self.scope == "recheck"


def next_claim_for(
    *,
    session: Session,
    reviewer: User,
    criteria: QueueFilter = QueueFilter(),
    after: int | None = None,
    lease_for: dt.timedelta = LEASE,
) -> Claim | None:
    """The claim after claim `after` in the queue's order (the first without it), leased to
    `reviewer` so no one else is served it meanwhile."""
    begin_write(session)
    now = utcnow()
    position = _position(session, after, criteria)
    candidates = _candidates(reviewer, criteria, now)
    claim = _first(session, candidates if position is None
                   else _seek(candidates, position, "after", criteria))
    if claim is None and position is not None and criteria.comes_round:
        claim = _first(session, _candidates(reviewer, criteria, now))
    if claim is not None:
        _lease(session, claim.id, reviewer.id, now + lease_for)
    session.commit()
    return claim


def previous_claim_id(
    session: Session, reviewer: User, criteria: QueueFilter, before: int
) -> int | None:
    """The claim before claim `before` in the same order: among the scope's claims and,
    in the unreviewed queue, the reviewer's own (so `k` reaches what they just labelled)."""
    position = _position(session, before, criteria)
    if position is None:
        return None
    scope = "open_or_mine" if criteria.scope == "unreviewed" else criteria.scope
    query = _seek(_candidates(reviewer, criteria, utcnow(), scope=scope), position, "before",
                  criteria)
    return session.exec(query.with_only_columns(Claim.id).limit(1)).first()


def last_reviewed_id(session: Session, reviewer: User, criteria: QueueFilter) -> int | None:
    """The claim `reviewer` labelled last under the queue's filters: where `k` goes once
    the queue is empty."""
    query = (select(Review.claim_id).join(Claim, Claim.id == Review.claim_id)
             .where(Review.reviewer_id == reviewer.id, Claim.status == ClaimStatus.ACTIVE.value)
             .order_by(Review.updated_at.desc(), Review.id.desc()).limit(1))
    if criteria.document_id is not None:
        query = query.where(Claim.document_id == criteria.document_id)
    if criteria.time_sensitive:
        query = query.where(Claim.due_at <= utcnow())
    return session.exec(query).first()


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
    session: Session, reviewer: User, criteria: QueueFilter, cap: int = COUNT_CAP,
    *, current: int | None = None,
) -> int:
    """How many claims the queue still holds for `reviewer`, counted up to `cap`.

    In a one-pass scope ("mine", "all") those are the claim shown (`current`) and the ones
    after it; unreviewed claims all remain until labelled, wherever the reviewer is.
    Counting stops at the cap so that the figure costs the same on a million claims as on
    a hundred; the page then says "1,000+".
    """
    query = _candidates(reviewer, criteria, utcnow())
    if not criteria.comes_round:
        position = _position(session, current, criteria)
        if position is None:
            return 0
        query = _seek(query, position, "from", criteria)
    capped = query.order_by(None).with_only_columns(Claim.id).limit(cap).subquery()
    return session.exec(select(func.count()).select_from(capped)).one()


def _candidates(reviewer: User, criteria: QueueFilter, now: dt.datetime, scope: str = ""):
    """The scope's active claims not leased to someone else, in the queue's order."""
    mine = exists().where(Review.claim_id == Claim.id, Review.reviewer_id == reviewer.id)
    leased_by_others = exists().where(Lease.claim_id == Claim.id,
                                      Lease.reviewer_id != reviewer.id, Lease.expires_at > now)
    query = (select(Claim).where(Claim.status == ClaimStatus.ACTIVE.value, ~leased_by_others)
             .order_by(Claim.score.desc(), Claim.id.desc()))  # one direction: index order
    if criteria.by_due_date:
        query = query.order_by(None).order_by(Claim.due_at, Claim.id)
    scope = scope or criteria.scope
    waiting = awaiting_reviews(criteria.sight)
    if scope == "unreviewed":
        query = query.where(waiting, ~mine)
    elif scope == "open_or_mine":
        query = query.where(or_(and_(waiting, ~mine), mine))
    elif scope == "mine":
        query = query.where(mine)
    elif scope == "recheck":  # verdicts are others' work: under blind review, one's own only
        query = within_sight(query.where(due_filter(now)), criteria.sight)
    if criteria.document_id is not None:
        query = query.where(Claim.document_id == criteria.document_id)
    if criteria.time_sensitive:  # asked now, of the claim's dates (not frozen at extraction)
        query = query.where(Claim.due_at <= now)
    return query


def _position(session: Session, claim_id: int | None,
              criteria: QueueFilter) -> tuple[Any, int] | None:
    """A claim's place in the queue's order: (score, id), or (due_at, id) when re-checking."""
    if claim_id is None:
        return None
    key = Claim.due_at if criteria.by_due_date else Claim.score
    found = session.exec(select(key, Claim.id).where(Claim.id == claim_id)).first()
    if found is None or (criteria.by_due_date and found[0] is None):
        return None
    return (found[0], claim_id)


def _seek(query, position: tuple[Any, int], where: str,
          criteria: QueueFilter = QueueFilter()):
    """Claims after, from (at or after) or before `position` in the order (score ↓, id ↓;
    when re-checking, due_at ↑, id ↑).

    The bound on the score alone comes first so that both databases start the index range
    there; an OR of the two keys alone would scan from the far end of a million claims.
    """
    if criteria.by_due_date:
        return _seek_by_due(query, position, where)
    score, claim_id = position
    if where == "before":
        return query.where(Claim.score >= score,
                           or_(Claim.score > score, Claim.id > claim_id)
                           ).order_by(None).order_by(Claim.score, Claim.id)
    same = Claim.id <= claim_id if where == "from" else Claim.id < claim_id
    return query.where(Claim.score <= score, or_(Claim.score < score, same))


def _seek_by_due(query, position: tuple[Any, int], where: str):
    """As `_seek`, in the re-check order (due_at ↑, id ↑)."""
    due, claim_id = position
    if where == "before":
        return query.where(Claim.due_at <= due, or_(Claim.due_at < due, Claim.id < claim_id)
                           ).order_by(None).order_by(Claim.due_at.desc(), Claim.id.desc())
    same = Claim.id >= claim_id if where == "from" else Claim.id > claim_id
    return query.where(Claim.due_at >= due, or_(Claim.due_at > due, same))


def _first(session: Session, query) -> Claim | None:
    query = query.limit(1)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Claim, skip_locked=True)
    return session.exec(query).first()


def _lease(session: Session, claim_id: int, reviewer_id: int, until: dt.datetime) -> None:
    """One lease per reviewer: taking a claim releases the one they held before."""
    session.exec(delete(Lease).where((Lease.reviewer_id == reviewer_id)
                                     | (Lease.claim_id == claim_id)))
    session.add(Lease(claim_id=claim_id, reviewer_id=reviewer_id, expires_at=until))
    session.flush()
