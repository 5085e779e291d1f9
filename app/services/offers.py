"""New verdicts offered as "checked before" to near claims of other documents, after the
review is acknowledged.

Offering a verdict is a full-text search and a ranking (`matches.refresh_after_verdict`):
run inside the request it cost a review write a fifth to two fifths of its CPU. So the
review's transaction only queues its claim (`queue`), and the sequencer beside the web
workers makes the offers (`offer_waiting`). Queued in the same transaction as the verdict,
no acknowledged verdict goes unoffered; offering is idempotent, so one interrupted is
simply made again.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, func, insert
from sqlmodel import Session, select

from app.db import begin_write, is_busy
from app.models import PendingOffer
from app.services.matches import refresh_after_verdict

log = logging.getLogger(__name__)


def queue(session: Session, claim_id: int) -> None:
    """Queue the claim's new verdict to be offered, in the caller's write transaction
    (a Core statement: an ORM object cost a review write a flush of its own)."""
    session.connection().execute(_QUEUE_OFFER, {"claim_id": claim_id})


_QUEUE_OFFER = insert(PendingOffer.__table__)  # built once, as the write's other statements


def offer_waiting(session: Session, limit: int = 20) -> int:
    """Offer up to `limit` queued verdicts, oldest first, each claim once; how many queued
    rows were done. A claim whose offer fails for another reason than a busy database is
    logged and dropped: the audit log's sequencer must not stop on it."""
    rows = session.exec(select(PendingOffer.id, PendingOffer.claim_id)
                        .order_by(PendingOffer.id).limit(limit)).all()
    session.rollback()
    done: list[int] = []
    for claim_id in dict.fromkeys(claim for _, claim in rows):
        try:
            refresh_after_verdict(session=session, claim_id=claim_id)
        except Exception as error:
            session.rollback()
            if is_busy(error):
                break  # the next round tries again
            log.exception("offering claim %s's verdict failed: dropped", claim_id)
        done += [row_id for row_id, claim in rows if claim == claim_id]
    if done:
        begin_write(session)
        session.exec(delete(PendingOffer).where(PendingOffer.id.in_(done)))
        session.commit()
    return len(done)


def offer_all(session: Session) -> int:
    """Offer every queued verdict (tests, `claimdesk audit sequence --once`); how many."""
    total = 0
    while done := offer_waiting(session):
        total += done
    return total


def waiting_count(session: Session) -> int:
    """Verdicts queued and not yet offered."""
    return session.exec(select(func.count()).select_from(PendingOffer)).one()
