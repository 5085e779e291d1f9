"""Proofs of a claim's history: its events with inclusion proofs against a signed checkpoint.

A proof is a JSON document anyone can check without the database (`proof_check`,
docs/audit.md): the signed checkpoint, and for each event the exact bytes its leaf hashes
(`entry`) and its audit path in the tree of the checkpoint's size.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlmodel import Session, select

from app.models import AuditCheckpoint, AuditLeaf, Claim, Event
from app.services.audit_tree import TreeStore
from app.services.checkpoints import latest
from app.services.events import entry, history

SCHEMA = "claimdesk.proof/1"


def prove_claim(session: Session, claim: Claim, *, events: list[Event] | None = None,
                checkpoint: AuditCheckpoint | None = None,
                show_verdict: bool = True) -> dict[str, Any]:
    """The claim's events (all by default) with inclusion proofs against `checkpoint` (the
    newest by default); events it does not cover yet are listed as `pending`."""
    checkpoint = checkpoint or latest(session)
    events = history(session, claim.id) if events is None else events
    places = _leaf_indexes(session, [event.id for event in events])
    store, proven, pending = TreeStore(session), [], []
    for event in events:
        index = places.get(event.id)
        if checkpoint is None or index is None or index >= checkpoint.size:
            pending.append(event.id)
            continue
        proven.append({"leaf_index": index, "entry": entry(event).decode(),
                       "inclusion_proof": [h.hex() for h in
                                           store.inclusion_proof(index, checkpoint.size)]})
    session.rollback()
    return {"schema": SCHEMA, "claim": claim.uid, "claim_number": claim.id,
            "verdict": claim.verdict if show_verdict else None,
            "checkpoint": checkpoint.note if checkpoint else None,
            "events": proven, "pending": pending}


def _leaf_indexes(session: Session, event_ids: list[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    query = select(AuditLeaf.event_id, AuditLeaf.leaf_index).where(
        AuditLeaf.event_id.in_(event_ids))
    return dict(session.exec(query).all())


def with_proofs(lines: Iterable[str], session: Session) -> Iterator[str]:
    """JSONL export lines, each with its claim's `proof` against the newest checkpoint
    (read with `session`, not the one streaming the lines)."""
    checkpoint = latest(session)
    for line in lines:
        record = json.loads(line)
        claim = session.exec(select(Claim).where(Claim.uid == record["id"])).one()
        record["proof"] = prove_claim(session, claim, checkpoint=checkpoint)
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
