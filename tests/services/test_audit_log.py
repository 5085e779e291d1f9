"""The audit log as a Merkle tree with signed checkpoints: every way of shortening or
rewriting it is found and named, on both databases, and a claim's history is provable."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app.models import AuditCheckpoint, AuditLeaf, AuditTree, Event
from app.services import audit_tree, checkpoints, merkle, review, signing
from app.services.audit_verify import verify
from app.services.events import entry
from tests.factories import add_document, drop_audit_guards


@pytest.fixture
def log(tmp_path):
    settings = checkpoints.LogSettings(tmp_path / "audit_key", tmp_path / "checkpoints.log",
                                       "test.example/log")
    signing.create_key(settings.key_path)
    return settings


def labelled(session, make_user, rounds=1):
    """Three claims, each reviewed `rounds` times: an account, a document and 3 * rounds
    reviews, each an event."""
    ana = make_user("ana")
    _, claims = add_document(session)
    for n in range(rounds):
        for claim in claims:
            review.set_review(session=session, claim_id=claim.id, actor=ana,
                              label=["supported", "disputed"][n % 2])
    return claims


def signed(session, log):
    """Integrate everything and sign a checkpoint of it."""
    audit_tree.integrate_all(session)
    return checkpoints.write_checkpoint(session, log)


def check(session, log):
    return verify(session, log, log.public_key())


def event_ids(session):
    return session.exec(sa.text("SELECT id FROM event ORDER BY id")).scalars().all()


def test_integrated_and_signed_log_verifies(session, make_user, log):
    labelled(session, make_user)
    assert check(session, log).pending == 5
    checkpoint = signed(session, log)
    assert checkpoint.size == 5
    report = check(session, log)
    assert report.ok, report.problems
    assert (report.events, report.pending, report.checkpoints) == (5, 0, 1)
    lines = log.checkpoint_file.read_text().splitlines()
    assert len(lines) == 1 and str(checkpoint.size) in lines[0]


def test_events_enter_the_tree_in_id_order_with_their_content_hash(session, make_user, log):
    labelled(session, make_user)
    audit_tree.integrate_all(session)
    leaves = session.exec(select(AuditLeaf).order_by(AuditLeaf.leaf_index)).all()
    events = session.exec(select(Event).order_by(Event.id)).all()
    assert [leaf.event_id for leaf in leaves] == [event.id for event in events]
    assert [leaf.hash for leaf in leaves] == [merkle.leaf_hash(entry(e)).hex() for e in events]
    size, root = audit_tree.tree_head(session)
    assert (size, root) == (5, merkle.root([bytes.fromhex(leaf.hash) for leaf in leaves]))


def test_truncated_events_are_found_against_the_checkpoint(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    drop_audit_guards(session)
    if session.get_bind().dialect.name == "postgresql":
        session.exec(sa.text("TRUNCATE event, audit_leaf, audit_pending, audit_checkpoint, "
                             "audit_node, review, claim, document CASCADE"))
        session.exec(sa.text("UPDATE audit_tree SET size = 0, frontier = '[]'"))
    else:
        for table in ("audit_leaf", "audit_pending", "audit_checkpoint", "event"):
            session.exec(sa.text(f"DELETE FROM {table}"))
        session.exec(sa.text("UPDATE audit_tree SET size = 0, frontier = '[]'"))
    session.commit()
    report = check(session, log)  # the checkpoint file outside the database remembers
    assert not report.ok
    assert "missing" in report.problems[0] and "first missing: leaf 0" in report.problems[0]


def test_deleted_tail_is_named(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    ids = event_ids(session)
    drop_audit_guards(session)
    for event_id in ids[-2:]:  # the last two events, their leaves, and the tree state
        session.exec(sa.text(f"DELETE FROM audit_leaf WHERE event_id = {event_id}"))
        session.exec(sa.text(f"DELETE FROM event WHERE id = {event_id}"))
    leaves = [bytes.fromhex(h) for h in session.exec(
        sa.text("SELECT hash FROM audit_leaf ORDER BY leaf_index")).scalars()]
    state = session.get(AuditTree, 1)
    edge = merkle.Frontier.of(leaves)
    state.size, state.frontier = edge.size, [h.hex() for h in edge.hashes]
    session.add(state)
    session.commit()
    report = check(session, log)
    assert not report.ok and "from leaf 3 on are missing" in report.problems[0]


def test_changed_event_is_named(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    target = event_ids(session)[4]
    drop_audit_guards(session)
    session.exec(sa.text(f"UPDATE event SET reason = 'forged' WHERE id = {target}"))
    session.commit()
    report = check(session, log)
    assert not report.ok and report.first_bad_event == target
    assert f"event {target}" in report.problems[0] and "changed" in report.problems[0]


def test_edit_with_every_hash_recomputed_is_caught_by_the_signed_root(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    ids = event_ids(session)
    drop_audit_guards(session)
    session.exec(sa.text(f"UPDATE event SET reason = 'forged' WHERE id = {ids[4]}"))
    session.commit()
    _rehash_everything(session)
    report = check(session, log)
    assert not report.ok
    assert "do not match the checkpoint" in report.problems[0]
    assert report.first_bad_event == ids[0]  # one checkpoint: the range is the whole log


def test_reordered_events_are_named(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    a, b = event_ids(session)[3:5]
    drop_audit_guards(session)
    columns = ("kind", "at", "actor_id", "actor", "claim_id", "document_id", "before", "after",
               "reason", "hash")
    rows = {i: session.exec(sa.text(f"SELECT {', '.join(columns)} FROM event WHERE id = {i}")
                            ).one() for i in (a, b)}
    session.exec(sa.text(f"UPDATE event SET hash = 'moving' WHERE id = {a}"))
    for target, source in ((b, a), (a, b)):  # each row now holds the other's event
        values = dict(zip(columns, rows[source], strict=True))
        session.exec(sa.text(f"UPDATE event SET {', '.join(f'{c} = :{c}' for c in columns)} "
                             f"WHERE id = {target}").bindparams(
            sa.bindparam("before", type_=sa.JSON), sa.bindparam("after", type_=sa.JSON),
            **values))
    session.commit()
    report = check(session, log)
    assert not report.ok and report.first_bad_event == a


def test_replaced_event_is_named(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    target = event_ids(session)[2]
    drop_audit_guards(session)
    columns = "id, kind, at, actor_id, actor, claim_id, document_id, before, after, " \
              "prev_hash, hash"
    copy = (f"SELECT {columns}, 'replaced' FROM event WHERE id = {target}")
    if session.get_bind().dialect.name == "sqlite":
        session.exec(sa.text(f"INSERT OR REPLACE INTO event ({columns}, reason) {copy}"))
    else:
        session.exec(sa.text(f"INSERT INTO event ({columns}, reason) {copy} ON CONFLICT (id) "
                             "DO UPDATE SET reason = EXCLUDED.reason"))
    session.commit()
    report = check(session, log)
    assert not report.ok and report.first_bad_event == target


def test_forged_checkpoint_is_named(session, make_user, log, tmp_path):
    labelled(session, make_user)
    signed(session, log)
    size, root = audit_tree.tree_head(session)
    other = tmp_path / "other_key"
    signing.create_key(other)
    forged = signing.sign_checkpoint(signing.load_private_key(other), log.origin, size + 5,
                                     root, checkpoints.latest(session).at)
    session.add(AuditCheckpoint(size=size + 5, root=root.hex(), note=forged))
    session.commit()
    report = check(session, log)
    assert not report.ok and "not a valid checkpoint" in report.problems[0]
    assert "forged" in report.problems[0]


def test_inconsistent_checkpoints_are_found(session, make_user, log):
    labelled(session, make_user)
    first = signed(session, log)
    # A checkpoint signed with the log's own key over a different history of the same
    # size: two signed views of the log disagree (a fork).
    key = signing.load_private_key(log.key_path)
    fork = signing.sign_checkpoint(key, log.origin, first.size, b"\x01" * 32, first.at)
    checkpoints.append_to_file(log.checkpoint_file, AuditCheckpoint(
        size=first.size, root=("01" * 32), note=fork))
    report = check(session, log)
    assert not report.ok and any("disagree" in p for p in report.problems)


def test_event_inserted_behind_the_logs_back_is_named(session, make_user, log):
    labelled(session, make_user)
    signed(session, log)
    session.exec(sa.text("INSERT INTO event (kind, at, actor, reason, prev_hash, hash) "
                         "VALUES ('review.set', CURRENT_TIMESTAMP, 'mallory', '', '', 'x')"))
    session.commit()
    report = check(session, log)
    stray = event_ids(session)[-1]
    assert not report.ok and report.first_bad_event == stray
    assert "neither in the tree nor queued" in report.problems[0]


def test_consistency_proofs_link_successive_checkpoints(session, make_user, log):
    claims = labelled(session, make_user)
    signed(session, log)
    review.set_review(session=session, claim_id=claims[0].id, actor=make_user("bob"),
                      label="outdated")
    signed(session, log)
    exported = checkpoints.exported(session)
    assert [line["size"] for line in exported] == [5, 7]
    older, newer = (signing.open_checkpoint(line["note"], log.public_key()) for line in exported)
    proof = [bytes.fromhex(h) for h in exported[1]["consistency_proof"]]
    assert merkle.verify_consistency(5, 7, older.root, newer.root, proof)
    assert check(session, log).ok


def _rehash_everything(session):
    """What an owner rewriting history would do: recompute every event's and leaf's hash
    and the tree's saved edge from the edited rows."""
    frontier = merkle.Frontier()
    for leaf in session.exec(select(AuditLeaf).order_by(AuditLeaf.leaf_index)).all():
        event = session.get(Event, leaf.event_id)
        digest = merkle.leaf_hash(entry(event))
        frontier.append(digest)
        session.exec(sa.text(f"UPDATE audit_leaf SET hash = '{digest.hex()}' "
                             f"WHERE leaf_index = {leaf.leaf_index}"))
        session.exec(sa.text(f"UPDATE event SET hash = '{digest.hex()}' WHERE id = {event.id}"))
    state = session.get(AuditTree, 1)
    state.frontier = [h.hex() for h in frontier.hashes]
    session.add(state)
    session.commit()
