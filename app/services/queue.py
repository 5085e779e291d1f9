"""What comes next for a reviewer: the most check-worthy open claim, leased briefly.

The queue walks one order (check-worthiness, then newest id) in every filter: the next
claim is the one after the claim a reviewer just labelled or skipped, the previous one the
one before it, so labelling never sends a reviewer back to the top of the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, and_, bindparam, delete, exists, func, or_, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from app.db import DriverQuery, begin_write, detached, rows_together
from app.models import Claim, ClaimStatus, Lease, Review, User, utcnow
from app.services import claim_card
from app.services.claim_card import ClaimCard
from app.services.errors import InvalidInput, NotFound
from app.services.recheck import due_filter
from app.services.visibility import EVERYTHING, Sight, awaiting_reviews, within_sight

LEASE = dt.timedelta(minutes=5)
SCOPES = ("unreviewed", "mine", "all", "recheck")
COUNT_CAP = 1000
SERVE_TRIES = 32  # claims found leased meanwhile before the queue answers that none is free


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
    after: int | Claim | None = None,
    lease_for: dt.timedelta = LEASE,
) -> Claim | None:
    """The claim after claim `after` (its id, or the claim as read) in the queue's order
    (the first without it), leased to `reviewer` so no one else is served it meanwhile.

    On PostgreSQL two reviewers can read the same claim as free at the same moment (each
    statement reads what was committed when it began); the lease decides, and the one who
    finds it taken goes on to the next claim. The claim comes back detached from the
    session (`db.detached`), as read."""
    served = _serve(session, reviewer, criteria, after, lease_for, with_card=False)
    return served.claim if served else None


@dataclass(frozen=True)
class Served:
    """A claim the queue serves, leased, with its card as the lease's transaction read it
    (None when not asked for: `next_claim_for`)."""

    claim: Claim
    card: ClaimCard | None


def serve_next(
    *,
    session: Session,
    reviewer: User,
    criteria: QueueFilter = QueueFilter(),
    after: int | Claim | None = None,
    lease_for: dt.timedelta = LEASE,
) -> Served | None:
    """As `next_claim_for`, with the claim's card (`claim_card`) read in the round trip
    and the transaction that lease it.

    Why: read afterwards, the card took a transaction of its own, ended by a ROLLBACK when
    the request closed its session; on PostgreSQL that round trip also made psycopg forget
    the connection's prepared statements, so every statement of the next label was parsed
    and planned again (a third of PostgreSQL's time a label, issue 15)."""
    return _serve(session, reviewer, criteria, after, lease_for, with_card=True)


def _serve(session: Session, reviewer: User, criteria: QueueFilter,
           after: int | Claim | None, lease_for: dt.timedelta, *, with_card: bool
           ) -> Served | None:
    begin_write(session)
    now = utcnow()
    values = _values(reviewer, criteria, now)
    position = _position(session, after, criteria)
    round_again = position is not None and criteria.comes_round
    served = None
    for _ in range(SERVE_TRIES):
        claim = _first(session, criteria, values, position, "after")
        if claim is None and round_again:
            round_again, claim = False, _first(session, criteria, values, None, "")
        if claim is None:
            break
        reads = claim_card.card_queries(claim) if with_card else []
        taken, rows = _lease(session, claim.id, reviewer.id, now, now + lease_for, also=reads)
        if taken:
            card = claim_card.card_from(session, claim, criteria.sight, rows) \
                if with_card else None
            served = Served(claim, card)
            break
        position = _position(session, claim, criteria)
    session.commit()
    return served


def previous_claim_id(
    session: Session, reviewer: User, criteria: QueueFilter, before: int
) -> int | None:
    """The claim before claim `before` in the same order: among the scope's claims and,
    in the unreviewed queue, the reviewer's own (so `k` reaches what they just labelled)."""
    position = _position(session, before, criteria)
    if position is None:
        return None
    scope = "open_or_mine" if criteria.scope == "unreviewed" else criteria.scope
    found = _statement(_Shape.of(criteria, "id", "before", scope=scope)).first(
        session, {**_values(reviewer, criteria, utcnow()), **_at(position)})
    return found[0] if found else None


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
    now = utcnow()
    _lease(session, claim_id, reviewer.id, now, now + lease_for, from_others=True)
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
    values = {**_values(reviewer, criteria, utcnow()), "cap": cap}
    seek = ""
    if not criteria.comes_round:
        position = _position(session, current, criteria)
        if position is None:
            return 0
        seek, values = "from", {**values, **_at(position)}
    return _statement(_Shape.of(criteria, "count", seek)).first(session, values)[0]


# The queue's statements are built once for each shape (scope, filters, what is asked) with
# their values bound by name: building one (its clauses coerced, its cache key made) cost
# more Python than running it, three times a label (issue 15). Run on the driver's cursor.
@dataclass(frozen=True)
class _Shape:
    """What a queue statement asks (`ask`: "claim", "id" or "count"), of which claims."""

    ask: str
    scope: str
    seek: str  # "", "after", "from" or "before" the bound position
    by_due_date: bool
    blind: bool
    reviews_required: int
    one_document: bool
    time_sensitive: bool
    locks: bool = False  # PostgreSQL: lock the claim served, skipping those locked

    @classmethod
    def of(cls, criteria: QueueFilter, ask: str, seek: str, *, scope: str = "",
           locks: bool = False) -> _Shape:
        sight = criteria.sight
        return cls(ask, scope or criteria.scope, seek, criteria.by_due_date, sight.blind,
                   sight.reviews_required if sight.blind else 1,
                   criteria.document_id is not None, criteria.time_sensitive, locks)


def _values(reviewer: User, criteria: QueueFilter, now: dt.datetime) -> dict[str, Any]:
    """The values a queue statement binds by name (`_candidates`)."""
    return {"reviewer_id": reviewer.id, "viewer_id": criteria.sight.viewer_id, "now": now,
            "document_id": criteria.document_id}


def _at(position: tuple[Any, int]) -> dict[str, Any]:
    """A position's values, bound by `_seek`."""
    return {"key": position[0], "position_id": position[1]}


@lru_cache(maxsize=512)
def _statement(shape: _Shape) -> DriverQuery:
    query = _candidates(shape)
    if shape.seek:
        query = _seek(query, shape)
    if shape.ask == "count":
        capped = query.order_by(None).with_only_columns(Claim.id).limit(
            bindparam("cap", type_=Integer)).subquery()
        return DriverQuery(select(func.count()).select_from(capped))
    if shape.ask == "id":
        return DriverQuery(query.with_only_columns(Claim.id).limit(1))
    query = query.limit(1)
    if shape.locks:
        query = query.with_for_update(of=Claim, skip_locked=True)
    return DriverQuery(query)


def _candidates(shape: _Shape):
    """The scope's active claims not leased to someone else, in the queue's order."""
    now = bindparam("now", type_=Claim.__table__.c.due_at.type)
    reviewer = bindparam("reviewer_id", type_=Integer)
    mine = exists().where(Review.claim_id == Claim.id, Review.reviewer_id == reviewer)
    leased_by_others = exists().where(Lease.claim_id == Claim.id,
                                      Lease.reviewer_id != reviewer, Lease.expires_at > now)
    query = (select(*Claim.__table__.columns)
             .where(Claim.status == ClaimStatus.ACTIVE.value, ~leased_by_others)
             .order_by(Claim.score.desc(), Claim.id.desc()))  # one direction: index order
    if shape.by_due_date:
        query = query.order_by(None).order_by(Claim.due_at, Claim.id)
    sight = Sight(bindparam("viewer_id", type_=Integer), "", shape.blind,
                  shape.reviews_required)
    waiting = awaiting_reviews(sight)
    if shape.scope == "unreviewed":
        query = query.where(waiting, ~mine)
    elif shape.scope == "open_or_mine":
        query = query.where(or_(and_(waiting, ~mine), mine))
    elif shape.scope == "mine":
        query = query.where(mine)
    elif shape.scope == "recheck":  # verdicts are others' work: under blind review, one's own only
        query = within_sight(query.where(due_filter(now)), sight)
    if shape.one_document:
        query = query.where(Claim.document_id == bindparam("document_id", type_=Integer))
    if shape.time_sensitive:  # asked now, of the claim's dates (not frozen at extraction)
        query = query.where(Claim.due_at <= now)
    return query


def _position(session: Session, claim: int | Claim | None,
              criteria: QueueFilter) -> tuple[Any, int] | None:
    """A claim's place in the queue's order: (score, id), or (due_at, id) when re-checking
    (read from the claim when it is given, else from the database)."""
    if claim is None:
        return None
    if isinstance(claim, Claim):
        found = (claim.due_at if criteria.by_due_date else claim.score, claim.id)
    else:
        found = _POSITION.first(session, {"claim_id": claim})
        if found is not None:
            found = (found.due_at if criteria.by_due_date else found.score, claim)
    if found is None or found[0] is None:
        return None
    return found


_POSITION = DriverQuery(select(Claim.score, Claim.due_at).where(
    Claim.id == bindparam("claim_id", type_=Integer)))


def _seek(query, shape: _Shape):
    """Claims after, from (at or after) or before the bound position (`_at`) in the order
    (score ↓, id ↓; when re-checking, due_at ↑, id ↑).

    One row comparison, `(score, id) < (key, position_id)`: PostgreSQL starts its index
    range exactly there. Two bounds (the score alone, then "a lower score or a lower id")
    started it at the top of the position's score, and walked every claim of that same
    score above the position: 5,625 of them a call at 32 reviewers on the load
    benchmark's claims, 2.6 ms of a label's 3 (issue 15). SQLite starts at the score and
    reads the ties, as before.
    """
    column = Claim.due_at if shape.by_due_date else Claim.score
    place = tuple_(column, Claim.id)
    bound = tuple_(bindparam("key", type_=column.type),
                   bindparam("position_id", type_=Integer))
    ascending = shape.by_due_date
    if shape.seek == "before":  # walked backwards, in the order reversed
        reverse = (column.desc(), Claim.id.desc()) if ascending else (column, Claim.id)
        return query.where(place < bound if ascending else place > bound
                           ).order_by(None).order_by(*reverse)
    if shape.seek == "from":
        return query.where(place >= bound if ascending else place <= bound)
    return query.where(place > bound if ascending else place < bound)


def _first(session: Session, criteria: QueueFilter, values: dict[str, Any],
           position: tuple[Any, int] | None, seek: str) -> Claim | None:
    """The first claim of the queue (after `position`), locked on PostgreSQL (skipping the
    claims other reviewers are being served at this moment)."""
    locks = session.get_bind().dialect.name == "postgresql"
    if position is None:
        seek = ""
    else:
        values = {**values, **_at(position)}
    found = _statement(_Shape.of(criteria, "claim", seek, locks=locks)).first(session, values)
    return detached(Claim, found) if found else None


def _lease(session: Session, claim_id: int, reviewer_id: int, now: dt.datetime,
           until: dt.datetime, *, from_others: bool = False,
           also: Sequence[tuple[DriverQuery, Mapping[str, Any]]] = ()
           ) -> tuple[bool, list[list[tuple]]]:
    """One lease per reviewer: taking a claim releases the one they held before. Another
    reviewer's lease that has not expired is taken over only `from_others` (a reviewer who
    chose that claim); else nothing is leased and the answer is False. The statements
    `also` run in the same round trip, after the lease; their rows come second."""
    values = {"claim_id": claim_id, "reviewer_id": reviewer_id, "now": now,
              "expires_at": until}
    drop = _DROP_LEASES_TAKEN if from_others else _DROP_LEASES
    take = _TAKE_LEASE[session.get_bind().dialect.name]
    _, taken, *rows = rows_together(session, [(drop, values), (take, values), *also])
    return bool(taken), rows


_REVIEWER = Lease.reviewer_id == bindparam("reviewer_id", type_=Integer)
_CLAIM = Lease.claim_id == bindparam("claim_id", type_=Integer)
_DROP_LEASES = DriverQuery(delete(Lease).where(_REVIEWER | (_CLAIM & (
    Lease.expires_at <= bindparam("now", type_=Lease.__table__.c.expires_at.type))))
    .returning(Lease.claim_id))
_DROP_LEASES_TAKEN = DriverQuery(delete(Lease).where(_REVIEWER | _CLAIM).returning(
    Lease.claim_id))
_TAKE_LEASE = {
    name: DriverQuery(dialect_insert(Lease).values(
        claim_id=bindparam("claim_id", type_=Integer),
        reviewer_id=bindparam("reviewer_id", type_=Integer),
        expires_at=bindparam("expires_at", type_=Lease.__table__.c.expires_at.type))
        .on_conflict_do_nothing(index_elements=["claim_id"]).returning(Lease.claim_id))
    for name, dialect_insert in (("postgresql", postgresql_insert), ("sqlite", sqlite_insert))}
