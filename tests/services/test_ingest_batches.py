"""Batched ingest stores each claim once, even when the extractor proposes one twice."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import select

from app.models import Claim, Document
from app.nlp.types import CandidateClaim, SourceText
from app.services.ingest import ingest
from app.services.sources import parse_text_document
from tests.factories import sentence_claims

TEXTS = ["Rain fell on Monday. The river rose by two metres.",
         "Officials said roads closed. Schools stayed open."]


@dataclasses.dataclass
class TwiceExtractor:
    """Proposes every sentence claim twice, the second with an attribution: the same claim
    (span and text) as far as the database's unique uid is concerned."""

    name: str = "twice"
    version: str = "1"

    def extract(self, source: SourceText) -> list[CandidateClaim]:
        claims = sentence_claims(source.text)
        return claims + [dataclasses.replace(c, attribution="officials") for c in claims]

    def extract_many(self, sources, *, batch_size: int | None = None):
        for source in sources:
            yield self.extract(source)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_claim_proposed_twice_is_stored_once_with_its_document(session, processes):
    documents = [parse_text_document(text, origin=f"t{n}") for n, text in enumerate(TEXTS)]
    report = ingest(session=session, items=documents, extractor=TwiceExtractor(),
                    actor=None, match=False, processes=processes)
    assert len(report.added) == 2 and report.claims == 4
    claims = session.exec(select(Claim).order_by(Claim.id)).all()
    assert [c.text for c in claims] == ["Rain fell on Monday", "The river rose by two metres",
                                        "Officials said roads closed", "Schools stayed open"]
    assert {c.attribution for c in claims} == {None}  # the first proposal is kept
    assert len(session.exec(select(Document)).all()) == 2


def test_an_ingest_that_grows_a_table_a_tenth_analyzes_it(session, backend):
    """Planned on an empty table's statistics the queue's next claim took 350-750 ms at
    19,000 claims; PostgreSQL's guide asks for ANALYZE after a bulk load (SQLite: none)."""
    from sqlalchemy import text

    from app.db import refresh_statistics

    if backend == "sqlite":
        assert refresh_statistics(session, {"claim": 10}) == []
        return

    def analyzed() -> dict[str, bool]:
        session.commit()
        return dict(session.execute(text(
            "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('claim', 'document', 'event')")).all())

    assert analyzed() == {"claim": False, "document": False, "event": False}
    documents = [parse_text_document(text, origin=f"t{n}") for n, text in enumerate(TEXTS)]
    ingest(session=session, items=documents, extractor=TwiceExtractor(), actor=None,
           match=False)
    assert analyzed() == {"claim": True, "document": True, "event": False}
