"""A claim's real review state: a verdict, in conflict, needing more reviews or unreviewed,
counted alike on the dashboard, the document bar and in the claims table's filter."""

import pytest

from app.services import documents, review
from app.services.claims import ClaimQuery, list_claims
from app.services.labels import ClaimState, claim_state
from tests.factories import add_document

TEXT = ("Alpha rose 1 percent. Beta fell 2 percent. Gamma held at 3 percent. "
        "Delta grew 4 percent. Epsilon shrank 5 percent.")


@pytest.fixture
def desk(session, make_user):
    """Five claims: agreed, in conflict, pending (one of two reviews), settled, unreviewed."""
    ana, ben, ed = make_user("ana"), make_user("ben"), make_user("ed", role="editor")
    document, claims = add_document(session, text=TEXT)
    agreed, conflict, pending, settled, _ = claims

    def label(claim, actor, value):
        review.set_review(session=session, claim_id=claim.id, actor=actor, label=value,
                          reviews_required=2)

    label(agreed, ana, "supported")
    label(agreed, ben, "supported")
    label(conflict, ana, "supported")
    label(conflict, ben, "disputed")
    label(pending, ana, "outdated")
    label(settled, ana, "supported")
    label(settled, ben, "not_a_claim")
    review.settle(session=session, actor=ed, claim_id=settled.id, label="not_a_claim",
                  reason="an opinion", expected_version=None)
    add_document(session, text="Omega sank 9 percent.", title="Other")
    return document, claims


def test_label_mix_counts_conflicts_and_pending_apart_from_unreviewed(session, desk):
    document, _ = desk
    assert documents.label_mix(session, document.id) == {
        "supported": 1, "disputed": 0, "outdated": 0, "not_a_claim": 1,
        "conflict": 1, "pending": 1, "unreviewed": 1}
    overall = documents.label_mix(session)
    assert overall["unreviewed"] == 2 and overall["conflict"] == 1
    progress = documents.overall_progress(overall)
    assert (progress.total, progress.reviewed, progress.conflicts) == (6, 2, 1)
    summary = next(s for s in documents.document_summaries(session)
                   if s.document.id == document.id)
    assert (summary.progress.total, summary.progress.reviewed,
            summary.progress.conflicts) == (5, 2, 1)


@pytest.mark.parametrize(("state", "index"), [("conflict", 1), ("pending", 2),
                                               ("unreviewed", 4), ("not_a_claim", 3)])
def test_the_claims_table_filters_by_the_same_states(session, desk, state, index):
    document, claims = desk
    page = list_claims(session, ClaimQuery(verdict=state, document_id=document.id))
    assert [row.claim.id for row in page.rows] == [claims[index].id]
    assert page.rows[0].state(reviews_required=2).key == state


def test_claim_state_names_what_it_is():
    assert claim_state(None, ["supported", "disputed"]).text == (
        "In conflict: Supported 1 · Disputed 1")
    assert claim_state(None, ["disputed", "disputed"], 3).text == (
        "Needs 1 more review (Disputed 2)")
    assert claim_state(None, []).text == "Unreviewed"
    assert claim_state("not_a_claim", ["not_a_claim", "supported"]).text == "Not a claim"
    assert ClaimState("hidden").text == "Hidden until you review"


def test_reviews_per_day_count_distinct_claims_and_not_undone_labels(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    _, [a, b, c, *_] = add_document(session, text=TEXT)
    for claim, label in ((a, "supported"), (b, "supported"), (a, "disputed"),
                         (c, "outdated")):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=label)
    review.undo_last(session=session, actor=ana)  # c's label taken back
    review.set_review(session=session, claim_id=a.id, actor=ben, label="supported")
    days, counts = documents.reviews_per_reviewer_per_day(session, days=3)
    assert counts == {"ana": [0, 0, 2], "ben": [0, 0, 1]}
    assert len(days) == 3


def test_a_settlement_needs_an_explicit_verdict(session, desk, make_user):
    from app.services.errors import InvalidInput

    _, claims = desk
    editor = make_user("eve", role="editor")
    with pytest.raises(InvalidInput, match="choose the verdict"):
        review.settle(session=session, actor=editor, claim_id=claims[1].id, label="",
                      reason="because", expected_version=None)


def test_bulk_labels_only_claims_a_reviewer_reviewed_unless_an_editor(session, make_user):
    from app.services.errors import Forbidden

    ana, ed = make_user("ana"), make_user("ed", role="editor")
    _, [mine, unseen, *_] = add_document(session, text=TEXT)
    review.set_review(session=session, claim_id=mine.id, actor=ana, label="outdated")
    done, refused = review.set_many(session=session, actor=ana, label="supported",
                                    versions={mine.id: 2, unseen.id: 1})
    assert [c.id for c in done] == [mine.id]
    assert [type(e) for e in refused] == [Forbidden]
    done, refused = review.set_many(session=session, actor=ed, label="supported",
                                    versions={unseen.id: 1})
    assert [c.id for c in done] == [unseen.id] and refused == []
