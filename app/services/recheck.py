"""When a verdict may have gone stale: a claim's dates, read at query time.

A claim that looks ahead ("will close by January 26, 2024", "growth of 2 % this year") can
be overtaken once its date has passed. Ingest stores only when that happens (`due_at`, a
pure function of the claim's dates and its document's publication day); whether it *has*
happened is asked against the clock when a page is drawn, so it never goes stale.

A verdict is due for re-check when its claim fell due after the verdict was given (the
claim's `updated_at`, which every review, confirmation and edit moves): a reviewer who
labels or confirms a claim after its date has judged it knowing that the date passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, func, literal
from sqlmodel import Session, select

from app.db import begin_write
from app.models import Claim, ClaimStatus, Label, User, as_utc, utcnow
from app.services.clock import write_time
from app.services.errors import InvalidInput, NotFound
from app.services.events import VerdictConfirmed, record
from app.services.review import MAX_NOTE_LENGTH, lock_claim
from app.services.visibility import EVERYTHING, Sight, within_sight

RECHECKED = (Label.SUPPORTED.value, Label.DISPUTED.value)  # verdicts a date can overtake


def last_day(value: str) -> dt.date | None:
    """The last day of an ISO 8601 date, month ("2024-01"), year or `start/end` interval."""
    end = str(value).rpartition("/")[2]
    try:
        if len(end) == 4:
            return dt.date(int(end), 12, 31)
        if len(end) == 7:
            first = dt.date(int(end[:4]), int(end[5:]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(end)
    except ValueError:
        return None


def due_date(
    dates: Iterable[Mapping[str, Any]], published: dt.date | None, flagged: bool = False
) -> dt.date | None:
    """The last day a claim speaks of ahead of time, or None when it looks back only.

    Dates that count: a deadline ("by May 8"), a period not over when the document was
    published (a plan, forecast or state of affairs), and every date of a claim the
    extractor already found time-sensitive (`flagged`)."""
    ends = []
    for date in dates:
        end = last_day(date.get("value", "")) if isinstance(date, Mapping) else None
        if end is None:
            continue
        ahead = published is not None and end > published
        if flagged or date.get("deadline") or ahead:
            ends.append(end)
    return max(ends, default=None)


def due_at(
    dates: Iterable[Mapping[str, Any]], published: dt.date | None, flagged: bool = False
) -> dt.datetime | None:
    """The instant a claim may be outdated: the start (UTC) of the day after its due date."""
    day = due_date(dates, published, flagged)
    if day is None or day >= dt.date.max:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)


def may_be_outdated(claim: Claim, now: dt.datetime | None = None) -> bool:
    """Whether the claim's dates have passed (asked now, not at extraction)."""
    return claim.due_at is not None and as_utc(claim.due_at) <= (now or utcnow())


def due_day(claim: Claim) -> dt.date | None:
    """The last day the claim's dates speak of (the day before it may be outdated)."""
    return (as_utc(claim.due_at) - dt.timedelta(days=1)).date() if claim.due_at else None


def awaiting_recheck(claim: Claim, now: dt.datetime | None = None) -> bool:
    """Whether the claim's verdict was given before its dates passed and they now have."""
    return (claim.verdict in RECHECKED and may_be_outdated(claim, now)
            and as_utc(claim.updated_at) < as_utc(claim.due_at))


def due_filter(now: dt.datetime):
    """The SQL condition of `awaiting_recheck`, for the queue and the dashboard."""
    # The verdicts as two bound values, not one list expanded at each run: the queue's
    # statements are compiled once (`db.DriverQuery`), which a list expanded late forbids.
    return and_(Claim.status == ClaimStatus.ACTIVE.value,
                Claim.verdict.in_([literal(verdict) for verdict in RECHECKED]),
                Claim.due_at <= now, Claim.updated_at < Claim.due_at)


def due_count(session: Session, sight: Sight = EVERYTHING, now: dt.datetime | None = None,
              cap: int = 1000) -> int:
    """How many verdicts the viewer may see are due for re-check, counted up to `cap` (the
    same cost at any size)."""
    ids = within_sight(select(Claim.id).where(due_filter(now or utcnow())), sight)
    ids = ids.limit(cap).subquery()
    return session.exec(select(func.count()).select_from(ids)).one()


def confirm_verdict(
    *, session: Session, actor: User, claim_id: int, expected_version: int | None,
    note: str = "", sight: Sight = EVERYTHING,
) -> Claim:
    """Record that a verdict still holds after the claim's date passed (an event); the claim
    leaves the re-check queue. A stale version is refused like any review; so is a verdict
    the viewer may not see (a blind reviewer who has not labelled the claim: confirming it
    would both decide and reveal it)."""
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"a note is at most {MAX_NOTE_LENGTH} characters")
    seen = within_sight(select(Claim.id).where(Claim.id == claim_id), sight)
    if sight.blind and session.exec(seen).first() is None:
        session.rollback()
        raise NotFound(f"no claim {claim_id} whose verdict you may confirm: under blind "
                       "review, only the claims you labelled")
    begin_write(session)
    claim = lock_claim(session, claim_id, expected_version)
    if claim.verdict not in RECHECKED:
        session.rollback()
        raise InvalidInput("only a supported or disputed verdict can be confirmed")
    claim.version, claim.updated_at = claim.version + 1, write_time(session)
    session.add(claim)
    session.flush()
    due = as_utc(claim.due_at).date().isoformat() if claim.due_at else None
    record(session, VerdictConfirmed(
        actor=actor, claim_id=claim.id, document_id=claim.document_id,
        before={"verdict": claim.verdict, "due": due},
        after={"verdict": claim.verdict, "note": note.strip()},
        reason="re-check: its date passed and the verdict still holds"))
    session.commit()
    return claim
