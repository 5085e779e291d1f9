"""Editors correct the extractor; every correction is an event and nothing is lost."""

import pytest
from sqlmodel import select

from app.models import Claim
from app.services import editing, events, review
from app.services.errors import Forbidden, InvalidInput, StaleVersion
from tests.factories import add_document


def test_add_claim_from_a_selection_takes_the_enclosing_sentence(session, make_user):
    ana = make_user("ana")
    document, claims = add_document(session)
    start = document.text.index("two metres")
    claim = editing.add_claim(session=session, actor=ana, document_id=document.id,
                              start=start, end=start + len("two metres"),
                              text="The river rose by two metres")
    assert claim.sentence == claims[1].sentence and claim.span_text == "two metres"
    assert claim.extractor == "manual/ana"
    assert [e.kind for e in events.history(session, claim.id)] == ["claim.added"]


def test_selection_outside_the_text_or_twice_is_refused(session, make_user):
    ana = make_user("ana")
    document, _ = add_document(session)
    with pytest.raises(InvalidInput):
        editing.add_claim(session=session, actor=ana, document_id=document.id, start=5,
                          end=10_000)
    editing.add_claim(session=session, actor=ana, document_id=document.id, start=0, end=4)
    with pytest.raises(InvalidInput, match="already exists"):
        editing.add_claim(session=session, actor=ana, document_id=document.id, start=0, end=4)


def test_a_reworded_claim_goes_back_for_review_with_its_earlier_reviews_in_history(
        session, make_user):
    ed, ana, ben = make_user("ed", role="editor"), make_user("ana"), make_user("ben")
    _, [claim, other, _] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      note="Met office")
    review.set_review(session=session, claim_id=claim.id, actor=ben, label="disputed")
    review.settle(session=session, actor=ed, claim_id=claim.id, label="supported",
                  reason="the data", expected_version=None)
    edited = editing.edit_claim(session=session, actor=ed, claim_id=claim.id,
                                text="Rain fell on Monday 22 January", expected_version=4,
                                reason="add the date")
    assert edited.text == "Rain fell on Monday 22 January"
    assert (edited.verdict, edited.settled_by, edited.version) == (None, None, 5)
    assert review.reviews_of(session, claim.id) == []  # back in review
    last = events.history(session, claim.id)[-1]
    assert last.kind == "claim.edited"
    assert last.before["text"] == "Rain fell on Monday"
    assert last.before["verdict"] == "supported" and last.before["settled_by"] == "ed"
    assert [(r["reviewer"], r["label"], r["note"]) for r in last.before["reviews"]] == [
        ("ana", "supported", "Met office"), ("ben", "disputed", "")]
    assert last.reason.startswith("add the date; 2 reviews given on the earlier wording")
    assert last.after == {"text": "Rain fell on Monday 22 January", "verdict": None}
    changes = editing.wording_changes(session, [claim.id, other.id])
    assert changes[claim.id].kind == "reworded"
    assert changes[claim.id].earlier == "Rain fell on Monday" and other.id not in changes
    # ana's review on the old wording is gone: undo has nothing of hers in force to undo
    assert review.undo_last(session=session, actor=ana) is None
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="outdated")
    assert session.get(Claim, claim.id).verdict == "outdated"


def test_split_parts_are_fresh_claims_marked_as_split(session, make_user):
    ed, ana = make_user("ed", role="editor"), make_user("ana")
    _, [_, _, claim] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported")
    parts = editing.split_claim(session=session, actor=ed, claim_id=claim.id,
                                parts=["Officials said it", "Roads closed"],
                                expected_version=2)
    assert all(part.verdict is None for part in parts)
    assert all(review.reviews_of(session, part.id) == [] for part in parts)
    changes = editing.wording_changes(session, [part.id for part in parts])
    assert {c.kind for c in changes.values()} == {"split"}
    assert changes[parts[0].id].earlier == claim.text


def test_reviewers_cannot_reword_and_stale_edits_are_refused(session, make_user):
    ed, ana = make_user("ed", role="editor"), make_user("ana")
    _, [claim, *_] = add_document(session)
    with pytest.raises(Forbidden):
        editing.edit_claim(session=session, actor=ana, claim_id=claim.id, text="x",
                           expected_version=1)
    editing.edit_claim(session=session, actor=ed, claim_id=claim.id, text="New",
                       expected_version=1)
    with pytest.raises(StaleVersion):
        editing.edit_claim(session=session, actor=ed, claim_id=claim.id, text="Newer",
                           expected_version=1)


def test_split_retires_the_original_and_adds_the_parts(session, make_user):
    ed = make_user("ed", role="editor")
    _, [_, _, claim] = add_document(session)
    parts = editing.split_claim(session=session, actor=ed, claim_id=claim.id,
                                parts=["Officials said it", "Roads closed"],
                                expected_version=1)
    assert [p.text for p in parts] == ["Officials said it", "Roads closed"]
    original = session.get(Claim, claim.id)
    assert original.status == "retired"
    active = session.exec(select(Claim).where(Claim.status == "active")).all()
    assert len(active) == 4
    assert events.history(session, claim.id)[-1].kind == "claim.split"
    with pytest.raises(InvalidInput):
        editing.split_claim(session=session, actor=ed, claim_id=parts[0].id, parts=["one", " "],
                            expected_version=1)


def test_a_part_with_the_original_wording_keeps_the_original(session, make_user):
    ed = make_user("ed", role="editor")
    _, [_, _, claim] = add_document(session)
    parts = editing.split_claim(session=session, actor=ed, claim_id=claim.id,
                                parts=[claim.text, "Roads closed"], expected_version=1)
    assert [p.id for p in parts][0] == claim.id and parts[1].text == "Roads closed"
    assert session.get(Claim, claim.id).status == "active"


@pytest.mark.model
def test_an_added_claim_gets_attribution_hedge_and_dates_from_its_sentence(session, make_user):
    from app.nlp import load_extractor

    ana = make_user("ana")
    text = ("Rain fell on Monday. The minister said on Friday that taxes may rise by "
            "3 percent next year. Roads closed.")
    document, _ = add_document(session, text=text, claims=[])
    start = text.index("taxes")
    end = text.index("next year") + len("next year")
    claim = editing.add_claim(session=session, actor=ana, document_id=document.id,
                              start=start, end=end, extractor=load_extractor())
    assert claim.sentence.startswith("The minister said") and claim.sentence.endswith(".")
    assert claim.text == "taxes may rise by 3 percent next year"
    assert claim.attribution and "minister" in claim.attribution.lower()
    assert claim.hedged is True
    assert any(d["value"].startswith("2025") for d in claim.dates), claim.dates


def test_a_claim_added_as_selected_records_its_words_and_a_reworded_one_does_not(
        session, make_user):
    ana = make_user("ana", role="editor")
    document, _ = add_document(session)
    start = document.text.index("The river rose")
    end = start + len("The river rose by two metres")
    as_selected = editing.add_claim(session=session, actor=ana, document_id=document.id,
                                    start=start, end=end)
    assert as_selected.spans == [[start, end]] and as_selected.insertions == []
    reworded = editing.add_claim(session=session, actor=ana, document_id=document.id,
                                 start=start, end=end, text="The river rose two metres")
    assert reworded.spans == []


def test_a_reworded_claim_drops_the_extractors_provenance(session, make_user):
    ana = make_user("ana", role="editor")
    _, claims = add_document(session)
    claim = editing.edit_claim(session=session, actor=ana, claim_id=claims[0].id,
                               text="Rain fell on Monday morning", expected_version=1)
    assert (claim.spans, claim.insertions, claim.needs_context) == ([], [], False)
