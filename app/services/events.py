"""The audit trail's vocabulary and the one function that records it.

Every change is a small typed event. `record` appends it inside the writer's transaction
and queues it for the Merkle tree (`audit_tree`), which a sequencer grows in order outside
any request: a write takes no lock beyond the rows it changes. Each event's leaf is the
SHA-256 of its canonical content (`entry`), id included, so a changed, removed or moved
row no longer matches the signed tree (`audit_verify`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, ClassVar

from sqlalchemy import CTE, Select, bindparam, insert
from sqlmodel import Session, select

from app.db import DriverQuery, insert_rows, reserve_ids
from app.models import AuditPending, Event, PendingOffer, User, as_utc
from app.services.clock import write_time
from app.services.merkle import leaf_hash

SYSTEM_ACTOR = "system"


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
class VerdictConfirmed(AuditEvent):
    """A reviewer re-checked a verdict whose date had passed and found it still holds."""

    kind: ClassVar[str] = "verdict.confirmed"


@dataclass(frozen=True, kw_only=True)
class MatchDismissed(AuditEvent):
    """A reviewer judged that a suggested earlier check does not check this claim."""

    kind: ClassVar[str] = "match.dismissed"


@dataclass(frozen=True, kw_only=True)
class ImportedEvent(AuditEvent):
    """An event carried over from another claimdesk's export: its kind and time kept."""

    kind: ClassVar[str] = "imported"
    original_kind: str
    original_at: dt.datetime
    original_actor: str  # a name, not a local account: nobody here can undo it


def record(session: Session, event: AuditEvent, *, event_id: int | None = None,
           offer: bool = False) -> Event:
    """Append `event` inside the caller's (write) transaction, queued for the tree; the
    row as written (not kept in the session). `event_id`: its id, drawn already (a review
    write draws it with its claim's lock); `offer`: also queue the event's claim's new
    verdict to be offered as "checked before" (`offers`).

    Core statements, not ORM objects: every write pays for its event, and its two ORM
    flushes were a large part of a review write's Python. On PostgreSQL the event, its
    queue row and the offer's are one statement (one round trip)."""
    if session.new or session.dirty or session.deleted:
        session.flush()  # the rows the event names (a new claim, say) go first
    row, params = prepared(session, event, event_id=event_id)
    if session.connection().dialect.name == "postgresql":
        (_EVENT_QUEUED_OFFERED if offer else _EVENT_QUEUED).first(session, params)
    else:
        _INSERT_EVENT.execute(session, params)
        _INSERT_PENDING.execute(session, {"pending_event_id": row.id})
        if offer:
            _INSERT_OFFER.execute(session, {"offer_claim_id": row.claim_id})
    return row


def prepared(session: Session, event: AuditEvent, *, event_id: int | None = None
             ) -> tuple[Event, dict[str, Any]]:
    """The event's row as it will be written (numbered, its leaf hash made), and the
    parameters that write it (its columns prefixed `event_`): `record`'s, or those of
    `queued_ctes` on PostgreSQL."""
    values = _values(event, write_time(session))
    values["id"] = event_id if event_id is not None else reserve_ids(session, Event, 1)[0]
    row = Event(**values)
    row.hash = values["hash"] = leaf_hash(entry(row)).hex()
    return row, {f"event_{name}": value for name, value in values.items()}


def queued_ctes(*, offer: bool) -> tuple[CTE, ...]:
    """(PostgreSQL) The event inserted, its sequencer queue row (and, with `offer`, its
    claim in the offers' queue), as CTEs another write's statement can carry (a review
    write: one round trip for all its rows); parameters from `prepared`."""
    return _QUEUED_CTES[offer]


def _queued_ctes(*, offer: bool) -> tuple[CTE, ...]:
    added = (insert(_EVENT)
             .values({column.name: bindparam(f"event_{column.name}", type_=column.type)
                      for column in _EVENT.columns})
             .returning(_EVENT.c.id, _EVENT.c.claim_id).cte("added"))
    queued = insert(_PENDING).from_select(["event_id"], select(added.c.id)).cte("queued")
    if not offer:
        return added, queued
    offered = insert(_OFFER).from_select(["claim_id"], select(added.c.claim_id)).cte("offered")
    return added, queued, offered


def _event_queued(*, offer: bool) -> Select:
    """One statement (PostgreSQL) that inserts an event and its sequencer queue row (and,
    with `offer`, its claim in the offers' queue), built once: building it anew cost a
    write more Python than running it."""
    added, *others = _QUEUED_CTES[offer]
    return select(added.c.id).add_cte(*others)


_EVENT, _PENDING, _OFFER = Event.__table__, AuditPending.__table__, PendingOffer.__table__


def _inserted(table, prefix: str, names: Iterable[str]) -> DriverQuery:
    """An INSERT of the columns `names` of `table`, from parameters named `prefix` +
    column (SQLite: run on the driver's cursor inside its write lock, where SQLAlchemy's
    execution cost every writer waiting behind it)."""
    return DriverQuery(insert(table).values(
        {name: bindparam(f"{prefix}{name}", type_=table.c[name].type) for name in names}))


_INSERT_EVENT = _inserted(_EVENT, "event_", _EVENT.columns.keys())
_INSERT_PENDING = _inserted(_PENDING, "pending_", ["event_id"])
_INSERT_OFFER = _inserted(_OFFER, "offer_", ["claim_id"])
_QUEUED_CTES = {offer: _queued_ctes(offer=offer) for offer in (False, True)}
_EVENT_QUEUED = DriverQuery(_event_queued(offer=False))
_EVENT_QUEUED_OFFERED = DriverQuery(_event_queued(offer=True))


def record_many(session: Session, events: Iterable[AuditEvent]) -> int:
    """Append many events in their order, in one insert (an import's history), each
    queued for the tree. Returns how many were appended."""
    now = write_time(session)
    rows = [_values(event, now) for event in events]
    for row, event_id in zip(rows, reserve_ids(session, Event, len(rows)), strict=True):
        row["id"] = event_id
        row["hash"] = leaf_hash(entry(SimpleNamespace(**row))).hex()
    insert_rows(session, Event, rows)
    insert_rows(session, AuditPending, [{"event_id": row["id"]} for row in rows])
    return len(rows)


def _values(event: AuditEvent, now: dt.datetime) -> dict[str, Any]:
    """The event's column values at `now`, not yet numbered. A bulk insert takes them as
    they are: making an ORM object of each took a fifth of a batched ingest's own time."""
    imported = isinstance(event, ImportedEvent)
    return {
        "id": None,
        "kind": event.original_kind if imported else event.kind,
        "at": as_utc(event.original_at) if imported else now,
        "actor_id": event.actor.id if event.actor else None,
        "actor": event.original_actor if imported else (
            event.actor.username if event.actor else SYSTEM_ACTOR),
        "claim_id": event.claim_id,
        "document_id": event.document_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": "",  # the hash chain of revisions before 0009; the tree replaced it
        "hash": "",
    }


# The columns `entry` reads: a select of these gives rows it takes as they are, without
# building ORM objects (the sequencer and the verifier read events by the thousand).
ENTRY_COLUMNS = (Event.id, Event.kind, Event.at, Event.actor_id, Event.actor, Event.claim_id,
                 Event.document_id, Event.before, Event.after, Event.reason, Event.prev_hash,
                 Event.hash)


def entry(row: Event) -> bytes:
    """The bytes the event's Merkle leaf hashes: its content as canonical JSON (sorted
    keys, no spaces, UTF-8), id included (docs/audit.md)."""
    content = {
        "id": row.id,
        "kind": row.kind,
        "at": as_utc(row.at).isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "claim_id": row.claim_id,
        "document_id": row.document_id,
        "before": row.before,
        "after": row.after,
        "reason": row.reason,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def history(session: Session, claim_id: int) -> list[Event]:
    """A claim's events, oldest first."""
    return list(session.exec(_HISTORY, params={"claim_id": claim_id}))


_HISTORY = select(Event).where(Event.claim_id == bindparam("claim_id")).order_by(Event.id)


def history_rows(session: Session, claim_id: int) -> list[tuple]:
    """A claim's events, oldest first, as named tuples of their columns (what
    `event_record` and `entry` read) rather than ORM objects: every API read of a claim
    reads them, straight from the driver (`db.DriverQuery`)."""
    return HISTORY_ROWS.rows(session, {"claim_id": claim_id})


HISTORY_ROWS = DriverQuery(
    select(*ENTRY_COLUMNS).where(Event.claim_id == bindparam("claim_id")).order_by(Event.id))
