"""`claimdesk audit …`: init makes the key, checkpoint signs, verify checks against it,
prove gives a file that check-proof accepts with the public key alone."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.services import review
from tests.factories import add_document, drop_audit_guards


@pytest.fixture
def cli(runner):
    def invoke(*args):
        return runner.invoke(args=list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def reviewed(session, make_user):
    ana = make_user("ana")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="disputed",
                      note="the river rose by one metre")
    return claims


def test_init_creates_the_key_once(cli, app):
    key = Path(app.config["AUDIT_KEY_FILE"])
    assert "Audit key created" in cli("init").output
    first = key.read_bytes()
    assert "Audit key created" not in cli("init").output
    assert key.read_bytes() == first and key.stat().st_mode & 0o777 == 0o600


def test_checkpoint_is_signed_and_verify_finds_a_shortened_log(cli, app, session, reviewed):
    cli("init")
    result = cli("audit", "checkpoint")
    assert result.exit_code == 0 and result.output.startswith("claimdesk/audit\n4\n")
    assert "\n\n\u2014 claimdesk/audit " in result.output
    assert "audit trail intact: 4 events in the tree" in cli("audit", "verify").output
    drop_audit_guards(session)
    last = session.exec(sa.text("SELECT max(id) FROM event")).scalar_one()
    session.exec(sa.text(f"DELETE FROM audit_leaf WHERE event_id = {last}"))
    session.exec(sa.text(f"DELETE FROM event WHERE id = {last}"))
    session.exec(sa.text("DELETE FROM audit_checkpoint"))
    session.commit()
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "missing" in result.output
    assert "first missing: leaf 3" in result.output or "leaves 3..3 are missing" in result.output


def test_prove_and_check_proof_without_the_database(cli, app, reviewed, tmp_path):
    cli("init")
    proof = tmp_path / "proof.json"
    assert cli("audit", "prove", reviewed[0].uid, "-o", str(proof)).exit_code == 0
    public = app.config["AUDIT_KEY_FILE"] + ".pub"
    result = cli("audit", "check-proof", str(proof), "--public-key", public)
    assert result.exit_code == 0, result.output
    assert f"proof valid: claim {reviewed[0].uid}, 2 events" in result.output
    assert "the river rose by one metre" in result.output
    document = json.loads(proof.read_text())
    document["events"][1]["entry"] = document["events"][1]["entry"].replace("one", "two")
    proof.write_text(json.dumps(document))
    result = cli("audit", "check-proof", str(proof), "--public-key", public)
    assert result.exit_code == 1 and "event 2" in result.output and "altered" in result.output


def test_check_proof_refuses_another_key(cli, app, reviewed, tmp_path):
    from app.services import signing

    cli("init")
    proof = tmp_path / "proof.json"
    cli("audit", "prove", str(reviewed[0].id), "-o", str(proof))
    signing.create_key(tmp_path / "other")
    result = cli("audit", "check-proof", str(proof), "--public-key", str(tmp_path / "other.pub"))
    assert result.exit_code == 1 and "not signed by the key" in result.output


def test_sequence_once_integrates_and_signs(cli, app, session, reviewed):
    cli("init")
    assert cli("audit", "sequence", "--once").exit_code == 0
    lines = Path(app.config["CHECKPOINT_FILE"]).read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["size"] == 4
    export = app.config["CHECKPOINT_FILE"] + ".export"
    assert cli("audit", "checkpoint", "--export", export).exit_code == 0
    assert [json.loads(line)["size"] for line in Path(export).read_text().splitlines()] == [4]


def test_history_export_carries_proofs_that_check_out(cli, app, reviewed, tmp_path):
    from app.services.checkpoints import LogSettings
    from app.services.proof_check import check_proof

    cli("init")
    out = tmp_path / "export.jsonl"
    result = cli("export", "--history", "--with-proofs", "-o", str(out))
    assert result.exit_code == 0, result.output
    key = LogSettings.from_config(app.config).public_key()
    records = [json.loads(line) for line in out.read_text().splitlines()]
    proven = {r["id"]: check_proof(r["proof"], key) for r in records}
    assert [len(p.events) for p in proven.values()] == [len(r["events"]) for r in records]
    assert len(proven[reviewed[0].uid].events) == 2
    assert cli("export", "--with-proofs").exit_code != 0  # without --history: refused
