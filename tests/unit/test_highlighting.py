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


def test_excerpts_are_cut_between_words_and_mark_the_claims_own_words():
    from app.services.documents import sentence_in_paragraph

    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} The mayor said the plan saves 40 jobs. {words}\n\nNext paragraph."
    start = text.index("The mayor")
    end = text.index("jobs.") + len("jobs.")
    span = (text.index("the plan"), text.index(" jobs.") + len(" jobs"))
    context = sentence_in_paragraph(text, start, end, span=span, around=60)
    assert context.cut_before and context.cut_after
    assert context.before.startswith("word") and context.before.split()[0] in words.split()
    assert context.after.rstrip().split()[-1] in words.split()
    assert len(context.before) <= 60 and len(context.after) <= 60
    assert (context.lead, context.span, context.tail) == (
        "The mayor said ", "the plan saves 40 jobs", ".")
    whole = sentence_in_paragraph(text, start, end)
    assert not whole.cut_before and whole.after.endswith("word199")  # the paragraph ends
