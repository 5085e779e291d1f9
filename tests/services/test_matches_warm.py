"""Matching a document's claims encodes their vectors together, in one batch (issue 16)."""

from app.matching import ranker
from app.matching.embedding import VectorStore
from app.matching.mpnet import Encoder
from app.matching.text import prepare
from app.services import matches
from tests.factories import add_document
from tests.unit.test_mpnet import WordTokenizer, tiny  # noqa: F401 - the fixture


def test_a_documents_claims_are_encoded_in_one_batch(session, tiny, tmp_path,  # noqa: F811
                                                     monkeypatch):
    batches = []

    class Recording(WordTokenizer):
        def encode_batch(self, texts):
            batches.append(list(texts))
            return super().encode_batch(texts)

    store = VectorStore(Encoder(**{**tiny.__dict__, "tokenizer": Recording()}), tmp_path)
    monkeypatch.setattr(ranker, "semantic_store", lambda semantic: store)
    _, claims = add_document(session)
    matches.match_claims(session=session, claim_ids=[c.id for c in claims])
    bodies = {prepare(c.text).body for c in claims}
    assert len(bodies) == 3
    assert bodies <= set(batches[0])  # all three in the first batch, none encoded alone
    assert not any(len(b) == 1 and b[0] in bodies for b in batches)
