"""Checked before: fact-checks imported apart from claims, found through the full-text index
(FTS5 / GIN), ranked, applied with one action (an event) or dismissed; on both databases."""

import json

import pytest
from sqlmodel import select

from app.models import Claim, ClaimMatch, FactCheck
from app.services import checked_before, events, fact_checks, matches, offers
from app.services.errors import InvalidInput, NotFound, StaleVersion
from app.services.review import set_review
from app.services.visibility import sight_for
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
    [shown, *_] = checked_before.earlier_checks(session, claim.id)
    assert (shown.label, shown.by, str(shown.date)) == ("disputed", "Snopes", "2019-03-02")
    updated = checked_before.apply_match(session=session, actor=ana, claim_id=claim.id,
                                         match_id=best.id).claim
    assert updated.verdict == "disputed"
    [event] = events.history(session, claim.id)
    assert event.kind == "review.set"
    assert event.after["evidence"] == ["https://checks.example/harbour-bridge"]
    assert "checked before" in event.reason
    assert matches.open_matches(session, claim.id) == []
    with pytest.raises(NotFound):
        checked_before.apply_match(session=session, actor=ana, claim_id=claim.id,
                                   match_id=best.id)


def _twins(session):
    _, [first, *_] = add_document(session, text="The mayor of Leeds said bus fares will double "
                                  "next year. Rain fell.", title="One")
    _, [twin, *_] = add_document(session, text="Leeds mayor says bus fares will double next "
                                 "year. Snow fell.", title="Two")
    return first, twin


def test_a_verdict_is_offered_to_its_twin_in_another_document_as_it_is_given(
        session, make_user):
    ana = make_user("ana")
    first, twin = _twins(session)
    assert checked_before.earlier_checks(session, twin.id) == []
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    offers.offer_all(session)  # the sequencer's part, once the review is acknowledged
    [shown] = [c for c in checked_before.earlier_checks(session, twin.id)
               if c.claim_uid == first.uid]
    assert (shown.label, shown.by, shown.from_fact_check) == ("disputed", "One", False)


def test_applying_a_twins_verdict_links_to_it_and_keeps_the_reviewers_note(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    first, twin = _twins(session)
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    offers.offer_all(session)  # the sequencer's part, once the review is acknowledged
    set_review(session=session, claim_id=twin.id, actor=ben, label="supported", note="hm")
    [match] = [m for m in matches.open_matches(session, twin.id) if m.match_claim_id == first.id]
    with pytest.raises(StaleVersion):  # the normal review path: a stale version is refused
        checked_before.apply_match(session=session, actor=ben, claim_id=twin.id,
                                   match_id=match.id, expected_version=1)
    claim = checked_before.apply_match(session=session, actor=ben, claim_id=twin.id,
                                       match_id=match.id, expected_version=2,
                                       site_url="https://desk.example/").claim
    assert claim.verdict == "disputed"
    last = events.history(session, twin.id)[-1]
    assert (last.kind, last.after["note"]) == ("review.set", "hm")
    assert last.after["evidence"] == [f"https://desk.example/claims/{first.uid}"]
    assert last.reason.startswith("checked before: disputed by One")


def test_under_blind_review_a_twins_verdict_shows_only_to_who_labelled_it(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    first, twin = _twins(session)
    set_review(session=session, claim_id=first.id, actor=ana, label="disputed")
    offers.offer_all(session)  # the sequencer's part, once the review is acknowledged
    blind = {user.username: sight_for(user, blind_review=True) for user in (ana, ben)}
    assert [c.claim_uid for c in checked_before.earlier_checks(session, twin.id,
                                                               blind["ana"])] == [first.uid]
    assert checked_before.earlier_checks(session, twin.id, blind["ben"]) == []


def test_near_duplicates_are_marked_without_a_verdict(session):
    _, [a, *_] = add_document(session, text="Crocodiles were seen swimming in the flooded "
                              "streets of Townsville. Rain fell.", title="A")
    _, [b, *_] = add_document(session, text="Crocodiles were seen swimming in the flooded "
                              "streets of Townsville on Sunday. Snow fell.", title="B")
    matches.match_claims(session=session, claim_ids=[b.id])
    [dup] = session.exec(select(ClaimMatch).where(ClaimMatch.claim_id == b.id,
                                                   ClaimMatch.match_claim_id == a.id))
    assert dup.near_duplicate


def test_dismissed_matches_stay_dismissed_with_an_event(session, make_user):
    _import(session, json.dumps(FEED))
    _, [claim, *_] = add_document(
        session, text="The Harbour Bridge will be closed for a year of repairs. Rain fell.")
    matches.match_claims(session=session, claim_ids=[claim.id])
    [best, *_] = matches.open_matches(session, claim.id)
    checked_before.dismiss_match(session=session, actor=make_user("ana"), claim_id=claim.id,
                                 match_id=best.id)
    matches.match_claims(session=session, claim_ids=[claim.id])
    assert best.id not in [m.id for m in matches.open_matches(session, claim.id)]
    [event] = events.history(session, claim.id)
    assert (event.kind, event.actor, event.after["match"]) == ("match.dismissed", "ana",
                                                                best.ref)
    assert "Harbour Bridge" in event.after["text"]


def test_shingle_jaccard():
    assert matches.jaccard(matches.shingles("a b c d"), matches.shingles("a b c d")) == 1.0
    assert matches.jaccard(set(), set()) == 0.0


class SentenceExtractor:
    """A stand-in engine: one claim per sentence (ingest's contract, not spaCy's)."""

    name, version = "sentences", "1"

    def extract_many(self, sources, *, batch_size: int | None = None):
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
