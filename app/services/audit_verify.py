"""Check the audit log against its signed checkpoints.

Every event in the tree is hashed again from its row and compared with the leaf it was
integrated as; the tree rebuilt from those hashes must have each signed checkpoint's root
at that checkpoint's size, successive checkpoints must be consistent (RFC 9162 consistency
proofs), and no checkpoint may be larger than the log. So an edited, replaced, reordered
or deleted event, a truncated table, a rewritten tail (hashes recomputed) and a forged
checkpoint are each found, and the first one is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import Session, select

from app.models import AuditLeaf, AuditNode, AuditPending, AuditTree, Event
from app.services import merkle
from app.services.audit_tree import BLOCK, BLOCK_LEVEL, pending_count
from app.services.checkpoints import LogSettings, read_all
from app.services.events import ENTRY_COLUMNS, entry
from app.services.signing import Checkpoint

BATCH = 5000


@dataclass
class AuditReport:
    """What was checked, and the problems found, first one first."""

    events: int = 0
    pending: int = 0
    checkpoints: int = 0
    latest: Checkpoint | None = None
    problems: list[str] = field(default_factory=list)
    first_bad_event: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, problem: str, event_id: int | None = None) -> None:
        if not self.problems:
            self.first_bad_event = event_id
        self.problems.append(problem)


def verify(session: Session, log: LogSettings | None = None,
           key: Ed25519PublicKey | None = None) -> AuditReport:
    """Check the events, the tree and every checkpoint (none when `key` is None)."""
    report = AuditReport()
    checkpoints = _checkpoints(session, log, key, report) if key is not None and log else []
    leaves = _walk(session, checkpoints, report)
    _check_tree_state(session, leaves, report)
    _check_saved_nodes(session, leaves, report)
    _check_beyond_log(checkpoints, leaves, report)
    _check_consistency(checkpoints, leaves, report)
    _check_queue(session, report)
    session.rollback()
    return report


def _checkpoints(session: Session, log: LogSettings, key: Ed25519PublicKey,
                 report: AuditReport) -> list[Checkpoint]:
    """The verified checkpoints, one per size, smallest first; forged ones reported."""
    by_size: dict[int, Checkpoint] = {}
    for found in read_all(session, log, key):
        if found.checkpoint is None:
            report.fail(f"{found.source} is not a valid checkpoint of this log: "
                        f"{found.problem} (forged or damaged)")
            continue
        known = by_size.setdefault(found.checkpoint.size, found.checkpoint)
        if known.root != found.checkpoint.root:
            report.fail(f"two signed checkpoints of size {known.size} disagree "
                        f"({found.source}): the log was forked")
    ordered = [by_size[size] for size in sorted(by_size)]
    report.checkpoints = len(ordered)
    report.latest = ordered[-1] if ordered else None
    return ordered


def _walk(session: Session, checkpoints: list[Checkpoint],
          report: AuditReport) -> list[bytes]:
    """Rehash every integrated event in leaf order, checking each against its leaf and the
    growing tree against each checkpoint it reaches; the recomputed leaf hashes."""
    frontier, leaves = merkle.Frontier(), []
    due = {checkpoint.size: checkpoint for checkpoint in checkpoints}
    covered_from = 0  # the first leaf after the last checkpoint that matched
    for row in _leaves_with_events(session):
        index = frontier.size
        if row.leaf_index != index:
            report.fail(f"leaf {index} is missing from the tree (deleted)")
            return leaves
        if row.id is None:
            report.fail(f"event {row.event_id} (leaf {index}) is missing (deleted)",
                        row.event_id)
            return leaves
        recomputed = merkle.leaf_hash(entry(row))
        if recomputed.hex() != row.leaf_hash or (row.prev_hash == "" and
                                                 row.hash != row.leaf_hash):
            report.fail(f"event {row.id} (leaf {index}) was changed: its content does not "
                        "match the hash it was integrated with", row.id)
            return leaves
        frontier.append(recomputed)
        leaves.append(recomputed)
        report.events += 1
        checkpoint = due.get(frontier.size)
        if checkpoint is None:
            continue
        if frontier.root() != checkpoint.root:
            first = _event_at(session, covered_from)
            report.fail(f"the log's first {checkpoint.size} events do not match the checkpoint "
                        f"signed {checkpoint.time}: an event among leaves {covered_from}.."
                        f"{checkpoint.size - 1} (from event {first}) was changed, replaced "
                        "or reordered and its hashes recomputed", first)
            return leaves
        covered_from = frontier.size
    return leaves


def _leaves_with_events(session: Session):
    """Each leaf with its event's columns (None where the event is gone), in leaf order."""
    after = -1
    while True:
        rows = session.exec(
            select(AuditLeaf.leaf_index, AuditLeaf.event_id, AuditLeaf.hash.label("leaf_hash"),
                   *ENTRY_COLUMNS)
            .join(Event, Event.id == AuditLeaf.event_id, isouter=True)
            .where(AuditLeaf.leaf_index > after).order_by(AuditLeaf.leaf_index).limit(BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].leaf_index


def _event_at(session: Session, leaf_index: int) -> int | None:
    return session.exec(select(AuditLeaf.event_id)
                        .where(AuditLeaf.leaf_index == leaf_index)).first()


def _check_tree_state(session: Session, leaves: list[bytes], report: AuditReport) -> None:
    """The sequencer's saved size and edge must be those of the leaves; an edge node that
    differs names the range of leaves under it (moved or changed rows)."""
    state = session.get(AuditTree, 1)
    if state is None:
        report.fail("the tree's state row is missing (deleted)")
        return
    if not report.ok:
        return
    if state.size > len(leaves):
        report.fail(f"the tree had {state.size} leaves and has {len(leaves)}: leaves "
                    f"{len(leaves)}..{state.size - 1} are missing (deleted)")
        return
    if state.size < len(leaves):
        report.fail(f"the tree has {len(leaves)} leaves but its state says {state.size}")
        return
    lo = 0
    for saved, actual in zip(state.frontier, merkle.Frontier.of(leaves).hashes, strict=True):
        width = 1 << (len(leaves) - lo).bit_length() - 1  # the edge's next perfect subtree
        if saved != actual.hex():
            first = _event_at(session, lo)
            report.fail(f"leaves {lo}..{lo + width - 1} do not match the tree's saved edge: "
                        f"an event among them (from event {first}) was moved or changed",
                        first)
            return
        lo += width


def _check_saved_nodes(session: Session, leaves: list[bytes], report: AuditReport) -> None:
    """Each saved block node must be the root of its block's leaves."""
    query = select(AuditNode).where(AuditNode.level == BLOCK_LEVEL).order_by(AuditNode.idx)
    for node in session.exec(query):
        block = leaves[node.idx * BLOCK:(node.idx + 1) * BLOCK]
        if len(block) == BLOCK and merkle.root(block).hex() != node.hash and report.ok:
            report.fail(f"the saved node over leaves {node.idx * BLOCK}.."
                        f"{(node.idx + 1) * BLOCK - 1} does not match them (changed)")


def _check_beyond_log(checkpoints: list[Checkpoint], leaves: list[bytes],
                      report: AuditReport) -> None:
    """A checkpoint larger than the log means its tail was deleted or truncated."""
    if checkpoints and checkpoints[-1].size > len(leaves) and report.ok:
        latest = checkpoints[-1]
        report.fail(f"the log has {len(leaves)} events in its tree but the checkpoint signed "
                    f"{latest.time} covers {latest.size}: events from leaf {len(leaves)} on "
                    f"are missing (deleted or truncated); first missing: leaf {len(leaves)}")


def _check_consistency(checkpoints: list[Checkpoint], leaves: list[bytes],
                       report: AuditReport) -> None:
    """Each checkpoint must be a prefix of the next (RFC 9162 consistency proof)."""
    subtree = _memoised_subtree(leaves)
    for older, newer in zip(checkpoints, checkpoints[1:], strict=False):
        if newer.size > len(leaves) or older.size == 0:
            continue
        proof = merkle.consistency_proof(older.size, newer.size, subtree)
        if not merkle.verify_consistency(older.size, newer.size, older.root, newer.root,
                                         proof):
            report.fail(f"the checkpoint of size {newer.size} ({newer.time}) is not "
                        f"consistent with that of size {older.size} ({older.time})")


def _memoised_subtree(leaves: list[bytes]) -> merkle.Subtree:
    """`subtree(lo, hi)` over `leaves`, remembering complete blocks and larger nodes."""
    memo: dict[tuple[int, int], bytes] = {}

    def subtree(lo: int, hi: int) -> bytes:
        size = hi - lo
        if size & (size - 1) or lo % size:  # not a complete subtree: split as the RFC does
            k = merkle.split(size)
            return merkle.node_hash(subtree(lo, lo + k), subtree(lo + k, hi))
        if size <= BLOCK:
            return merkle.root(leaves[lo:hi])
        if (lo, hi) not in memo:
            mid = lo + size // 2
            memo[(lo, hi)] = merkle.node_hash(subtree(lo, mid), subtree(mid, hi))
        return memo[(lo, hi)]

    return subtree


def _check_queue(session: Session, report: AuditReport) -> None:
    """Queued events must match their own hash; none may bypass both tree and queue."""
    report.pending = pending_count(session)
    queued = select(Event).join(AuditPending, AuditPending.event_id == Event.id)
    for row in session.exec(queued.order_by(Event.id)):
        if merkle.leaf_hash(entry(row)).hex() != row.hash:
            report.fail(f"event {row.id} (not yet in the tree) was changed: its content does "
                        "not match its hash", row.id)
            break
    stray = (select(Event.id).outerjoin(AuditLeaf, AuditLeaf.event_id == Event.id)
             .outerjoin(AuditPending, AuditPending.event_id == Event.id)
             .where(AuditLeaf.event_id.is_(None), AuditPending.event_id.is_(None))
             .order_by(Event.id).limit(1))
    event_id = session.exec(stray).first()
    if event_id is not None:
        report.fail(f"event {event_id} is neither in the tree nor queued for it (inserted "
                    "behind the log's back)", event_id)
