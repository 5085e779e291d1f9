"""Re-extraction keeps matching claims with their reviews and retires, never deletes."""

import dataclasses

from sqlmodel import select

from app.models import Claim, Review
from app.nlp.types import CandidateClaim, SourceText
from app.services import events, review
from app.services.reextract import reextract
from tests.factories import add_document, sentence_claims


@dataclasses.dataclass
class ListExtractor:
    """A stand-in engine that proposes a fixed list: re-extraction's contract, not spaCy's."""

    claims: list[CandidateClaim]
    name: str = "next"
    version: str = "2"

    def extract(self, source: SourceText) -> list[CandidateClaim]:
        return list(self.claims)

    def extract_many(self, sources, *, batch_size: int | None = None):
        for source in sources:
            yield self.extract(source)


def test_matching_claims_keep_reviews_new_added_vanished_retired(session, make_user):
    ana = make_user("ana")
    document, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported")
    review.set_review(session=session, claim_id=claims[2].id, actor=ana, label="disputed")
    kept = sentence_claims(document.text)[:2]
    added = dataclasses.replace(kept[1], text="The river rose", span_end=kept[1].span_end - 1)
    [report] = reextract(session=session, document_ids=[document.id],
                         extractor=ListExtractor(kept + [added]), actor=ana)
    assert (report.kept, report.added, report.retired) == (2, 1, 1)
    rows = {c.id: c for c in session.exec(select(Claim))}
    assert rows[claims[0].id].status == "active" and rows[claims[0].id].verdict == "supported"
    assert rows[claims[2].id].status == "retired"  # kept, with its review
    assert len(session.exec(select(Review)).all()) == 2
    assert len(rows) == 4
    assert events.history(session, claims[2].id)[-1].kind == "claim.retired"


def test_running_the_same_extractor_twice_changes_nothing(session, make_user):
    document, _ = add_document(session)
    engine = ListExtractor(sentence_claims(document.text))
    reextract(session=session, document_ids=[document.id], extractor=engine, actor=None)
    [report] = reextract(session=session, document_ids=[document.id], extractor=engine,
                         actor=None)
    assert (report.kept, report.added, report.retired) == (3, 0, 0)


def test_a_split_stands_and_a_retired_claim_proposed_again_returns_with_an_event(session,
                                                                              make_user):
    from app.services import editing

    ed = make_user("ed", role="editor")
    document, claims = add_document(session)
    engine = ListExtractor(sentence_claims(document.text))
    editing.split_claim(session=session, actor=ed, claim_id=claims[0].id,
                        parts=["Rain fell", "It was Monday"], expected_version=1)
    reextract(session=session, document_ids=[document.id], extractor=ListExtractor(
        sentence_claims(document.text)[1:]), actor=None)  # retires claims[0]? it is split
    [report] = reextract(session=session, document_ids=[document.id], extractor=engine,
                         actor=None)
    rows = {c.id: c for c in session.exec(select(Claim))}
    assert rows[claims[0].id].status == "retired"  # the editor's split stands
    assert report.added == 0
    reextract(session=session, document_ids=[document.id], extractor=ListExtractor(
        sentence_claims(document.text)[:1] + sentence_claims(document.text)[2:]), actor=None)
    session.expire_all()
    assert session.get(Claim, claims[1].id).status == "retired"
    reextract(session=session, document_ids=[document.id], extractor=engine, actor=None)
    session.expire_all()
    assert session.get(Claim, claims[1].id).status == "active"
    assert events.history(session, claims[1].id)[-1].kind == "claim.reactivated"


def test_the_extractor_sees_the_title_ingest_showed_it():
    """A supplied headline the text repeats is one; a title made from the first line is not
    (that line is a sentence to extract); a row from before the flag is judged by its text."""
    from app.models import Document
    from app.services.reextract import source_text

    text = "Rates rise again\n\nThe bank raised rates on Monday."
    supplied = Document(text=text, title="Rates rise again", title_given=True)
    derived = Document(text=text, title="Rates rise again", title_given=False)
    legacy = Document(text=text, title="A headline of its own", title_given=None)
    assert source_text(supplied).title == "Rates rise again"
    assert source_text(derived).title is None
    assert source_text(legacy).title == "A headline of its own"
    assert source_text(Document(text=text, title="Rates rise again")).title is None
