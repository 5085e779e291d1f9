"""Check a claim's proof with nothing but the log's public key (no database).

Short on purpose, so that anyone can read it and write their own (docs/audit.md): open the
signed checkpoint with the key; for each event, hash its entry as an RFC 9162 leaf and
walk its inclusion proof up to the checkpoint's root; every entry must be of the claim.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.services import merkle
from app.services.signing import Checkpoint, CheckpointInvalid, open_checkpoint

SCHEMA = "claimdesk.proof/1"


class ProofInvalid(ValueError):
    """The proof does not show what it claims; the message says where it fails."""


@dataclass(frozen=True)
class ProvenHistory:
    """A claim's events, each proven to be in the signed log."""

    claim: str
    events: list[dict[str, Any]]
    checkpoint: Checkpoint
    pending: list[int]


def check_proof(document: dict[str, Any], key: Ed25519PublicKey) -> ProvenHistory:
    """The proven history in `document`, or ProofInvalid naming the first failure."""
    if document.get("schema") != SCHEMA:
        raise ProofInvalid(f"not a {SCHEMA} document")
    try:
        checkpoint = open_checkpoint(document.get("checkpoint") or "", key)
    except CheckpointInvalid as error:
        raise ProofInvalid(f"checkpoint: {error}") from None
    events = []
    for number, item in enumerate(document.get("events", []), start=1):
        event = _checked_event(number, item, checkpoint, document.get("claim_number"))
        events.append(event)
    return ProvenHistory(claim=str(document.get("claim")), events=events,
                         checkpoint=checkpoint, pending=list(document.get("pending", [])))


def _checked_event(number: int, item: dict[str, Any], checkpoint: Checkpoint,
                   claim_number: Any) -> dict[str, Any]:
    """One event, after its inclusion proof has been checked."""
    try:
        raw, index = item["entry"].encode(), int(item["leaf_index"])
        proof = [bytes.fromhex(h) for h in item["inclusion_proof"]]
        event = json.loads(raw)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ProofInvalid(f"event {number}: malformed") from None
    if not merkle.verify_inclusion(index, checkpoint.size, merkle.leaf_hash(raw), proof,
                                   checkpoint.root):
        raise ProofInvalid(f"event {number} (leaf {index}) is not in the signed log: "
                           "its entry or its proof was altered")
    if event.get("claim_id") != claim_number:
        raise ProofInvalid(f"event {number} (leaf {index}) is not an event of this claim")
    return event
