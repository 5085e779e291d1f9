"""Checked before: fact-checks imported apart from claims, found through the full-text index
(FTS5 / GIN), ranked, applied with one action (an event) or dismissed; on both databases."""

import json

import pytest
from sqlmodel import select

from app.models import Claim, ClaimMatch, FactCheck
from app.services import events, fact_checks, matches
from app.services.errors import InvalidInput, NotFound
from tests.factories import add_document

REVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://checks.example/harbour-bridge",
    "claimReviewed": "The Harbour Bridge will be closed for a whole year of repairs.",
    "author": {"@type": "Organization", "name": "Snopes"},
    "datePublished": "2019-03-02",
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}
FEED = {"@type": "DataFeed", "dataFeedElement": [REVIEW, {
    **REVIEW, "url": "https://checks.example/wages",
    "claimReviewed": "Average wages in Portugal rose by seven per cent in 2023.",
    "reviewRating": {"alternateName": "Mostly true"}}]}


def _import(session, content):
    return fact_checks.import_fact_checks(session=session, rows=fact_checks.parse(content),
                                          actor="admin")


def test_claim_review_feed_and_plain_lines_import_once(session):
    assert _import(session, json.dumps(FEED)) == 2
    assert _import(session, json.dumps(REVIEW)) == 0  # same url: already there
    plain = json.dumps({"id": "x1", "text": "Crocodiles swam in Townsville streets.",
                        "verdict": "Outdated", "url": "https://checks.example/x1"})
    assert _import(session, plain + "\n") == 1
    checks = {f.uid: f for f in session.exec(select(FactCheck))}
    bridge = checks["https://checks.example/harbour-bridge"]
    assert (bridge.label, bridge.rating, bridge.author, str(bridge.published)) == (
        "disputed", "False", "Snopes", "2019-03-02")
    assert checks["https://checks.example/wages"].label == "supported"
    assert checks["x1"].label == "outdated"
    assert session.exec(select(Claim)).first() is None  # kept apart from the claims


def test_a_bad_plain_line_is_named():
    with pytest.raises(InvalidInput, match="line 2"):
        fact_checks.parse('{"id": 1, "text": "fine"}\n{"text": "no id"}\n')


def test_ratings_map_to_labels():
    assert [fact_checks.label_for(r) for r in ("True", "Pants on Fire!", "Unrated", None)] == [
        "supported", "disputed", None, None]


def test_fulltext_index_finds_fact_checks_and_follows_edits(session):
    _import(session, json.dumps(FEED))
    [bridge_id] = session.exec(select(FactCheck.id).where(FactCheck.url.contains("bridge")))
    assert fact_checks.candidate_ids(session, "fact_check", "bridge closed", 5) == [bridge_id]
    assert fact_checks.candidate_ids(session, "fact_check", "\" OR * NEAR(", 5) == []


def test_fulltext_index_of_claims_follows_inserts_and_edits(session):
    _, [claim, *_] = add_document(session, text="Lions escaped from Berlin zoo. Rain fell.")
    assert claim.id in fact_checks.candidate_ids(session, "claim", "berlin lions", 5)
    row = session.get(Claim, claim.id)
    row.text, row.sentence = "Tigers escaped from Paris zoo", "Tigers escaped from Paris zoo."
    session.commit()
    assert claim.id not in fact_checks.candidate_ids(session, "claim", "berlin lions", 5)
    assert claim.id in fact_checks.candidate_ids(session, "claim", "paris tigers", 5)


def test_a_claim_finds_its_fact_check_and_applies_it_with_an_event(session, make_user):
    ana = make_user("ana")
    _import(session, json.dumps(FEED))
    _, [claim, *_] = add_document(
        session, text="The Harbour Bridge will be closed for a year of repairs. Rain fell.")
    assert matches.match_claims(session=session, claim_ids=[claim.id]) >= 1
    [best, *_] = matches.open_matches(session, claim.id)
    assert best.ref.startswith("fact_check:") and best.score >= matches.MIN_SCORE
    updated = matches.apply_match(session=session, actor=ana, claim_id=claim.id,
                                  match_id=best.id)
    assert updated.verdict == "disputed"
    [event] = events.history(session, claim.id)
    assert event.kind == "review.set"
    assert event.after["evidence"] == ["https://checks.example/harbour-bridge"]
    assert "checked before" in event.reason
    assert matches.open_matches(session, claim.id) == []
    with pytest.raises(NotFound):
        matches.apply_match(session=session, actor=ana, claim_id=claim.id, match_id=best.id)


def test_a_twin_in_another_document_is_matched_once_it_has_a_verdict(session, make_user):
    ana = make_user("ana")
    _, [first, *_] = add_document(session, text="The mayor of Leeds said bus fares will double "
                                  "next year. Rain fell.", title="One")
    _, [twin, *_] = add_document(session, text="Leeds mayor says bus fares will double next "
                                 "year. Snow fell.", title="Two")
    from app.services.review import set_review
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    assert matches.refresh_after_verdict(session=session, claim_id=first.id) >= 1
    [found] = [m for m in matches.open_matches(session, twin.id) if m.match_claim_id == first.id]
    assert matches.verdict_of(session, found) == ("disputed", f"/claims/{first.uid}")


def test_near_duplicates_are_marked_without_a_verdict(session):
    _, [a, *_] = add_document(session, text="Crocodiles were seen swimming in the flooded "
                              "streets of Townsville. Rain fell.", title="A")
    _, [b, *_] = add_document(session, text="Crocodiles were seen swimming in the flooded "
                              "streets of Townsville on Sunday. Snow fell.", title="B")
    matches.match_claims(session=session, claim_ids=[b.id])
    [dup] = session.exec(select(ClaimMatch).where(ClaimMatch.claim_id == b.id,
                                                   ClaimMatch.match_claim_id == a.id))
    assert dup.near_duplicate


def test_dismissed_matches_stay_dismissed(session):
    _import(session, json.dumps(FEED))
    _, [claim, *_] = add_document(
        session, text="The Harbour Bridge will be closed for a year of repairs. Rain fell.")
    matches.match_claims(session=session, claim_ids=[claim.id])
    [best, *_] = matches.open_matches(session, claim.id)
    matches.dismiss_match(session=session, claim_id=claim.id, match_id=best.id)
    matches.match_claims(session=session, claim_ids=[claim.id])
    assert best.id not in [m.id for m in matches.open_matches(session, claim.id)]


def test_shingle_jaccard():
    assert matches.jaccard(matches.shingles("a b c d"), matches.shingles("a b c d")) == 1.0
    assert matches.jaccard(set(), set()) == 0.0


class SentenceExtractor:
    """A stand-in engine: one claim per sentence (ingest's contract, not spaCy's)."""

    name, version = "sentences", "1"

    def extract_many(self, sources, *, batch_size: int = 32, n_process: int = 1):
        from tests.factories import sentence_claims
        for source in sources:
            yield sentence_claims(source.text)


def test_ingest_matches_new_claims_against_fact_checks(session):
    import datetime as dt

    from app.services.ingest import ingest
    from app.services.sources import IncomingDocument

    _import(session, json.dumps(FEED))
    incoming = IncomingDocument(text="The Harbour Bridge will be closed for a year of repairs. "
                                "Rain fell.", title="Bridge", source="test",
                                published=dt.date(2024, 1, 22), origin="test")
    report = ingest(session=session, items=[incoming], extractor=SentenceExtractor(), actor=None)
    [claim, *_] = session.exec(select(Claim).where(Claim.document_id == report.added[0].id)
                               .order_by(Claim.start))
    [best, *_] = matches.open_matches(session, claim.id)
    assert best.ref.startswith("fact_check:")
