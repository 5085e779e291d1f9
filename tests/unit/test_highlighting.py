"""Highlighting pieces keep exact offsets and paragraph breaks."""

from app.models import Claim
from app.services.documents import paragraphs_with_claims, sentence_in_paragraph

TEXT = "Title line\n\nFirst sentence. Second one.\n\nLast paragraph here."


def claim_at(sentence: str) -> Claim:
    start = TEXT.index(sentence)
    return Claim(uid=sentence, document_id=1, text=sentence, span_text=sentence,
                 sentence=sentence, start=start, end=start + len(sentence), span_start=start,
                 span_end=start + len(sentence), extractor="t")


def test_pieces_map_back_to_the_text_and_keep_paragraphs():
    claims = [claim_at("Second one."), claim_at("Last paragraph here.")]
    paragraphs = paragraphs_with_claims(TEXT, claims)
    assert [[p.text for p in para] for para in paragraphs] == [
        ["Title line"], ["First sentence. ", "Second one."], ["Last paragraph here."]]
    for paragraph in paragraphs:
        for piece in paragraph:
            assert TEXT[piece.start:piece.start + len(piece.text)] == piece.text
    assert paragraphs[1][1].claims == (claims[0],)


def test_sentence_context_is_its_paragraph():
    start = TEXT.index("Second one.")
    context = sentence_in_paragraph(TEXT, start, start + len("Second one."))
    assert (context.before, context.sentence, context.after) == (
        "First sentence. ", "Second one.", "")
