"""The events' Merkle tree in the database: the sequencer that grows it, and the store that
answers proofs from it.

Writers only queue their events (`audit_pending`, in their own transaction); `integrate`
takes queued events in id order, gives each the next leaf index and hash, saves the
tree's new right edge, and commits all of it at once, as Trillian's sequencer does. One
sequencer runs at a time (an advisory lock on PostgreSQL, the write lock on SQLite); a
sequencer killed mid-batch leaves nothing half done, and the queue still holds every
acknowledged event for the next one.
"""

from __future__ import annotations

from sqlalchemy import delete, func, text
from sqlmodel import Session, select

from app.db import begin_write, insert_rows
from app.models import AuditLeaf, AuditNode, AuditPending, AuditTree, Event
from app.services import merkle
from app.services.events import ENTRY_COLUMNS, entry

BLOCK_LEVEL = 8
BLOCK = 1 << BLOCK_LEVEL  # leaves under each saved node
_SEQUENCER_LOCK_KEY = 0x6175646974  # "audit": one sequencer at a time on PostgreSQL


def integrate(session: Session, limit: int = 1000) -> int:
    """Move up to `limit` queued events into the tree, in id order; how many moved."""
    if session.exec(select(AuditPending.event_id).limit(1)).first() is None:
        session.rollback()  # nothing waits: no write lock taken (SQLite has only one)
        return 0
    begin_write(session)
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(
            key=_SEQUENCER_LOCK_KEY))
    rows = session.exec(select(*ENTRY_COLUMNS)
                        .join(AuditPending, AuditPending.event_id == Event.id)
                        .order_by(Event.id).limit(limit)).all()
    if not rows:
        session.rollback()
        return 0
    state = session.get(AuditTree, 1)
    frontier = _frontier(state)
    old_size, leaves = frontier.size, []
    for row in rows:
        leaf = merkle.leaf_hash(entry(row))
        leaves.append({"leaf_index": frontier.size, "event_id": row.id, "hash": leaf.hex()})
        frontier.append(leaf)
    insert_rows(session, AuditLeaf, leaves)
    session.exec(delete(AuditPending).where(AuditPending.event_id.in_([r.id for r in rows])))
    _save_blocks(session, old_size, frontier.size)
    state.size, state.frontier = frontier.size, [h.hex() for h in frontier.hashes]
    session.add(state)
    session.commit()
    return len(rows)


def integrate_all(session: Session) -> int:
    """Integrate every queued event; how many."""
    total = 0
    while moved := integrate(session):
        total += moved
    return total


def tree_head(session: Session) -> tuple[int, bytes]:
    """The integrated tree's size and root."""
    state = session.get(AuditTree, 1)
    frontier = _frontier(state)
    return frontier.size, frontier.root()


def pending_count(session: Session) -> int:
    """Events committed but not yet in the tree."""
    return session.exec(select(func.count()).select_from(AuditPending)).one()


def _frontier(state: AuditTree | None) -> merkle.Frontier:
    if state is None:
        raise RuntimeError("the audit tree is missing: run `claimdesk init`")
    return merkle.Frontier(state.size, [bytes.fromhex(h) for h in state.frontier])


def _save_blocks(session: Session, old_size: int, new_size: int) -> None:
    """Save the root of each block of BLOCK leaves completed between the two sizes."""
    for block in range(old_size // BLOCK, new_size // BLOCK):
        hashes = leaf_hashes(session, block * BLOCK, (block + 1) * BLOCK)
        session.add(AuditNode(level=BLOCK_LEVEL, idx=block, hash=merkle.root(hashes).hex()))
    session.flush()


def leaf_hashes(session: Session, lo: int, hi: int) -> list[bytes]:
    """The stored leaf hashes with indexes lo..hi-1, in order."""
    query = (select(AuditLeaf.hash).where(AuditLeaf.leaf_index >= lo, AuditLeaf.leaf_index < hi)
             .order_by(AuditLeaf.leaf_index))
    return [bytes.fromhex(h) for h in session.exec(query)]


class TreeStore:
    """`subtree(lo, hi)` for proofs, from saved block nodes and as few leaves as it can."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def subtree(self, lo: int, hi: int) -> bytes:
        size = hi - lo
        if size & (size - 1) == 0 and lo % size == 0:
            return self._perfect(lo, hi)
        k = merkle.split(size)
        return merkle.node_hash(self.subtree(lo, lo + k), self.subtree(lo + k, hi))

    def _perfect(self, lo: int, hi: int) -> bytes:
        whole_blocks = hi - lo >= BLOCK
        if not whole_blocks:
            hashes = leaf_hashes(self.session, lo, hi)
        else:
            query = (select(AuditNode.hash)
                     .where(AuditNode.level == BLOCK_LEVEL, AuditNode.idx >= lo // BLOCK,
                            AuditNode.idx < hi // BLOCK).order_by(AuditNode.idx))
            hashes = [bytes.fromhex(h) for h in self.session.exec(query)]
        if len(hashes) != ((hi - lo) // BLOCK if whole_blocks else hi - lo):
            raise LookupError(f"the tree's nodes for leaves {lo}..{hi - 1} are missing")
        return merkle.root(hashes)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return merkle.inclusion_proof(index, size, self.subtree)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        return merkle.consistency_proof(first, second, self.subtree)
