"""Near-duplicate groups: claims matching found worded alike across documents, seen together
and labelled as one (each its own review and event, stale versions refused)."""

import pytest
from sqlmodel import select

from app.models import ClaimMatch, MatchStatus
from app.services import events, groups, matches
from app.services.errors import InvalidInput
from tests.factories import add_document

BRIDGE = "The Harbour Bridge will be closed for a whole year of repairs"


def _twins(session):
    """Three documents saying the bridge claim alike, one saying something else."""
    _, first = add_document(session, title="One", text=f"{BRIDGE}. Rain fell on Monday.")
    _, second = add_document(session, title="Two", text=(
        "The Harbour Bridge will close for a whole year of repairs. Ferries run."))
    _, third = add_document(session, title="Three", text=(
        "Officials said the Harbour Bridge will be closed for a whole year of repairs."))
    _, other = add_document(session, title="Four", text="The museum reopens in June.")
    for claims in (second, third, other):
        matches.match_claims(session=session, claim_ids=[c.id for c in claims])
    return first[0], second[0], third[0], other[0]


def test_near_duplicates_group_across_documents_both_ways(session):
    first, second, third, other = _twins(session)
    found = groups.groups_of(session, [first.id, second.id, other.id])
    assert sorted(found[first.id]) == sorted([second.id, third.id])
    assert sorted(found[second.id]) == sorted([first.id, third.id])  # a twin of a twin
    assert other.id not in found
    twins = groups.twins_of(session, [first.id])
    assert {t.document_title for t in twins[first.id]} == {"Two", "Three"}
    assert groups.first_of_each_group([first.id, other.id, second.id], twins) == [
        first.id, other.id]


def test_a_dismissed_link_leaves_the_group(session):
    first, second, third, _ = _twins(session)
    touching = (ClaimMatch.claim_id == third.id) | (ClaimMatch.match_claim_id == third.id)
    for link in session.exec(select(ClaimMatch).where(touching)):
        link.status = MatchStatus.DISMISSED.value
        session.add(link)
    session.commit()
    assert groups.groups_of(session, [first.id])[first.id] == [second.id]


def test_a_group_is_labelled_claim_by_claim_through_the_review_service(session, make_user):
    ana = make_user("ana")
    first, second, third, _ = _twins(session)
    versions = {c.id: c.version for c in (first, second, third)}
    result = groups.label_group(session=session, actor=ana, claim_id=first.id,
                                versions=versions, label="disputed")
    assert sorted(c.id for c in result.done) == sorted(versions) and not result.refused
    for claim in (first, second, third):
        [event] = events.history(session, claim.id)
        assert event.kind == "review.set" and event.after["label"] == "disputed"
        assert "near-duplicate group" in event.reason


def test_a_stale_member_stops_the_whole_group(session, make_user):
    ana, bo = make_user("ana"), make_user("bo")
    first, second, third, _ = _twins(session)
    versions = {c.id: c.version for c in (first, second, third)}
    from app.services import review

    review.set_review(session=session, claim_id=second.id, actor=bo, label="supported")
    result = groups.label_group(session=session, actor=ana, claim_id=first.id,
                                versions=versions, label="disputed")
    assert result.done == [] and [e.details["current"].id for e in result.stale] == [second.id]
    assert events.history(session, first.id) == [] and events.history(session, third.id) == []


def test_a_claim_outside_the_group_is_refused(session, make_user):
    ana = make_user("ana")
    first, second, _, other = _twins(session)
    with pytest.raises(InvalidInput, match="near-duplicates"):
        groups.label_group(session=session, actor=ana, claim_id=first.id,
                           versions={first.id: 1, other.id: 1}, label="supported")
    with pytest.raises(InvalidInput):
        groups.label_group(session=session, actor=ana, claim_id=first.id,
                           versions={second.id: 1}, label="supported")  # not itself
    assert events.history(session, other.id) == []
