"""The audit trail's vocabulary and the one function that records it.

Every change is a small typed event; `record` appends it to a hash chain in which each
event's hash covers its canonical content and the previous event's hash, so editing,
removing or reordering a row is detectable (`verify_chain`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import text
from sqlmodel import Session, select

from app.db import insert_rows, reserve_ids
from app.models import Event, User, as_utc
from app.services.clock import write_time

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"
_CHAIN_LOCK_KEY = 0x636C61696D  # "claim": one advisory lock serialises the chain's tail


@dataclass(frozen=True, kw_only=True)
class AuditEvent:
    """What happened, to what, by whom and why; subclasses name the kind."""

    kind: ClassVar[str] = "event"
    actor: User | None
    claim_id: int | None = None
    document_id: int | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class DocumentIngested(AuditEvent):
    """A document and its candidate claims entered the database."""

    kind: ClassVar[str] = "document.ingested"


@dataclass(frozen=True, kw_only=True)
class ReviewSet(AuditEvent):
    """A reviewer gave or changed their label, note or evidence on a claim."""

    kind: ClassVar[str] = "review.set"


@dataclass(frozen=True, kw_only=True)
class ReviewUndone(AuditEvent):
    """A reviewer took back an earlier review event; `after["undoes"]` names it."""

    kind: ClassVar[str] = "review.undone"


@dataclass(frozen=True, kw_only=True)
class UserCreated(AuditEvent):
    """An account was created (by an admin, or the local sign-in link)."""

    kind: ClassVar[str] = "user.created"


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(AuditEvent):
    """A password changed; every older session of that account ended with it."""

    kind: ClassVar[str] = "user.password_changed"


@dataclass(frozen=True, kw_only=True)
class TokenCreated(AuditEvent):
    """An API token was issued (its value is never recorded)."""

    kind: ClassVar[str] = "token.created"


@dataclass(frozen=True, kw_only=True)
class UserInvited(AuditEvent):
    """An admin invited someone: a one-time link to choose a password (never recorded)."""

    kind: ClassVar[str] = "user.invited"


@dataclass(frozen=True, kw_only=True)
class UserDeactivated(AuditEvent):
    """An admin closed an account: its sessions and tokens ended; its history stays."""

    kind: ClassVar[str] = "user.deactivated"


@dataclass(frozen=True, kw_only=True)
class UserReactivated(AuditEvent):
    """An admin opened a closed account again (old sessions and tokens stay ended)."""

    kind: ClassVar[str] = "user.reactivated"


@dataclass(frozen=True, kw_only=True)
class TokenRevoked(AuditEvent):
    """An API token was revoked by its owner (or with its owner's account)."""

    kind: ClassVar[str] = "token.revoked"


@dataclass(frozen=True, kw_only=True)
class VerdictSettled(AuditEvent):
    """An editor decided a claim on which reviewers disagreed."""

    kind: ClassVar[str] = "verdict.settled"


@dataclass(frozen=True, kw_only=True)
class RoleChanged(AuditEvent):
    """An account's role changed."""

    kind: ClassVar[str] = "user.role_changed"


@dataclass(frozen=True, kw_only=True)
class GuidelinesEdited(AuditEvent):
    """An admin changed the labelling guidelines."""

    kind: ClassVar[str] = "guidelines.edited"


@dataclass(frozen=True, kw_only=True)
class ClaimAdded(AuditEvent):
    """A person added a claim the extractor missed, from a selection of the text."""

    kind: ClassVar[str] = "claim.added"


@dataclass(frozen=True, kw_only=True)
class ClaimEdited(AuditEvent):
    """An editor changed a claim's wording."""

    kind: ClassVar[str] = "claim.edited"


@dataclass(frozen=True, kw_only=True)
class ClaimSplit(AuditEvent):
    """An editor split a claim in parts: the original retired, the parts added."""

    kind: ClassVar[str] = "claim.split"


@dataclass(frozen=True, kw_only=True)
class ClaimRetired(AuditEvent):
    """A newer extractor no longer proposes the claim: kept with its reviews, hidden."""

    kind: ClassVar[str] = "claim.retired"


@dataclass(frozen=True, kw_only=True)
class ClaimReactivated(AuditEvent):
    """A newer extractor proposes a claim an earlier one had retired: back in review."""

    kind: ClassVar[str] = "claim.reactivated"


@dataclass(frozen=True, kw_only=True)
class DocumentReextracted(AuditEvent):
    """A document was run through a newer extractor: what was kept, added and retired."""

    kind: ClassVar[str] = "document.reextracted"



@dataclass(frozen=True, kw_only=True)
class ImportedEvent(AuditEvent):
    """An event carried over from another claimdesk's export: its kind and time kept."""

    kind: ClassVar[str] = "imported"
    original_kind: str
    original_at: dt.datetime
    original_actor: str  # a name, not a local account: nobody here can undo it


def record(session: Session, event: AuditEvent) -> Event:
    """Append `event` to the chain inside the caller's (write) transaction."""
    _lock_chain_tail(session)
    row = _chained(event, _last_hash(session), write_time(session))
    session.add(row)
    session.flush()
    return row


def record_many(session: Session, events: Iterable[AuditEvent]) -> int:
    """Append many events in their order, in one insert (an import's history): the chain's
    tail is read once and each hash computed here. Returns how many were appended."""
    _lock_chain_tail(session)
    previous, now = _last_hash(session), write_time(session)
    rows = []
    for event in events:
        row = _chained(event, previous, now)
        previous = row.hash
        rows.append(row)
    # Explicit ids: the chain's order is the id order, whatever the driver does.
    for row, event_id in zip(rows, reserve_ids(session, Event, len(rows)), strict=True):
        row.id = event_id
    insert_rows(session, Event, [row.model_dump() for row in rows])
    return len(rows)


def _chained(event: AuditEvent, prev_hash: str, now: dt.datetime) -> Event:
    """The event's row at `now` (an import's keeps its own time), linked and hashed."""
    imported = isinstance(event, ImportedEvent)
    row = Event(
        kind=event.original_kind if imported else event.kind,
        at=as_utc(event.original_at) if imported else now,
        actor_id=event.actor.id if event.actor else None,
        actor=event.original_actor if imported else (
            event.actor.username if event.actor else SYSTEM_ACTOR),
        claim_id=event.claim_id,
        document_id=event.document_id,
        before=event.before,
        after=event.after,
        reason=event.reason,
        prev_hash=prev_hash,
        hash="",
    )
    row.hash = event_hash(row)
    return row


def event_hash(row: Event) -> str:
    """SHA-256 over the event's canonical content and the previous hash."""
    content = {
        "kind": row.kind,
        "at": as_utc(row.at).isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "claim_id": row.claim_id,
        "document_id": row.document_id,
        "before": row.before,
        "after": row.after,
        "reason": row.reason,
        "prev_hash": row.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class ChainReport:
    """The outcome of a chain check: how many events, and the first bad one if any."""

    checked: int = 0
    first_bad_id: int | None = None
    problem: str = ""
    ok: bool = field(init=False, default=True)

    def fail(self, event_id: int | None, problem: str) -> ChainReport:
        self.ok, self.first_bad_id, self.problem = False, event_id, problem
        return self


def verify_chain(session: Session, batch_size: int = 5000) -> ChainReport:
    """Walk every event in id order and check its hash and its link to the previous one."""
    report, previous, last_id = ChainReport(), GENESIS_HASH, 0
    while True:
        rows = session.exec(
            select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch_size)
        ).all()
        if not rows:
            return report
        for row in rows:
            if row.prev_hash != previous:
                return report.fail(row.id, "does not follow the previous event (removed or moved)")
            if event_hash(row) != row.hash:
                return report.fail(row.id, "its content does not match its hash (changed)")
            previous, last_id = row.hash, row.id
            report.checked += 1
        session.expunge_all()


def history(session: Session, claim_id: int) -> list[Event]:
    """A claim's events, oldest first."""
    query = select(Event).where(Event.claim_id == claim_id).order_by(Event.id)
    return list(session.exec(query))


def _last_hash(session: Session) -> str:
    last = session.exec(select(Event.hash).order_by(Event.id.desc()).limit(1)).first()
    return last or GENESIS_HASH


def _lock_chain_tail(session: Session) -> None:
    """Serialise appends on PostgreSQL; SQLite's BEGIN IMMEDIATE already does."""
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=_CHAIN_LOCK_KEY))
