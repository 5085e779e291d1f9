"""`GET /api/v1/claims/<id>/proof`: a claim's history with inclusion proofs that check out
against the signed checkpoint with the public key alone."""

import pytest

from app.services import audit_tree, checkpoints, review, signing, users
from app.services.proof_check import ProofInvalid, check_proof
from tests.factories import add_document


@pytest.fixture
def log(app):
    settings = checkpoints.LogSettings.from_config(app.config)
    signing.create_key(settings.key_path)
    return settings


def token_headers(session, user):
    token = users.create_api_token(session=session, user=user, name='t')
    return {"Authorization": f"Bearer {token}"}


def test_proof_of_a_claim_checks_out_with_the_public_key(client, session, make_user, log):
    ana, bob = make_user("ana"), make_user("bob")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed")
    review.set_review(session=session, claim_id=claim.id, actor=bob, label="disputed")
    audit_tree.integrate_all(session)
    checkpoints.write_checkpoint(session, log)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    proof = client.get(f"/api/v1/claims/{claim.uid}/proof",
                       headers=token_headers(session, ana)).get_json()
    proven = check_proof(proof, log.public_key())
    assert [e["actor"] for e in proven.events] == ["ana", "bob"]
    assert len(proof["pending"]) == 1  # written after the checkpoint: not yet provable
    proof["events"][0]["entry"] = proof["events"][0]["entry"].replace("disputed", "supported")
    with pytest.raises(ProofInvalid, match="event 1"):
        check_proof(proof, log.public_key())


def test_blind_reviewer_gets_only_their_own_events_proven(make_app, session, make_user, log):
    client = make_app(BLIND_REVIEW=True).test_client()
    ana, bob = make_user("ana"), make_user("bob")
    _, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="disputed")
    audit_tree.integrate_all(session)
    checkpoints.write_checkpoint(session, log)
    proof = client.get(f"/api/v1/claims/{claim.id}/proof",
                       headers=token_headers(session, bob)).get_json()
    assert proof["events"] == [] and proof["verdict"] is None
    assert check_proof(proof, log.public_key()).events == []
