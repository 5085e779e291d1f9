"""One clock and one timestamp per write: every row and event a transaction writes carries
the same instant, so a review's `updated_at` is never before its `created_at` and both
equal the time of the event that recorded them."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from app.models import utcnow

_KEY = "claimdesk.write_time"


def write_time(session: Session) -> dt.datetime:
    """The instant of the session's current transaction, fixed at its first call."""
    transaction = session.get_transaction()
    held = session.info.get(_KEY)
    if held is not None and transaction is not None and held[0] is transaction:
        return held[1]
    now = utcnow()
    session.info[_KEY] = (transaction, now)
    return now
