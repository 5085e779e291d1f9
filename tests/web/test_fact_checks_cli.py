"""`claimdesk import-fact-checks` stores read-only references and matches unreviewed claims."""

import json

from sqlmodel import select

from app.models import ClaimMatch, FactCheck
from tests.factories import add_document
from tests.services.test_matches import FEED


def test_import_fact_checks_then_matches_claims(runner, session, tmp_path):
    add_document(session,
                 text="The Harbour Bridge will be closed for a year of repairs. Rain fell.")
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(FEED), encoding="utf-8")
    result = runner.invoke(args=["import-fact-checks", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 fact-checks imported" in result.output
    session.expire_all()
    assert len(session.exec(select(FactCheck)).all()) == 2
    assert session.exec(select(ClaimMatch)).first() is not None


def test_a_file_without_claim_reviews_is_refused(runner, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"@type": "WebPage"}', encoding="utf-8")
    result = runner.invoke(args=["import-fact-checks", str(path)])
    assert result.exit_code != 0 and "no ClaimReview" in result.output
