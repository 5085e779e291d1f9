"""A doc's columns give the same attributes as its Token objects, for every token."""

import spacy
from spacy.attrs import ENT_IOB, IS_PUNCT, IS_UPPER, LIKE_NUM, NORM, ORTH, SPACY
from spacy.tokens import Doc, Span

from app.nlp import columns


def parsed_by_hand() -> Doc:
    """ "Acme Corp said it earned 3 mln dlrs , up 5 pct ." with tags, a parse and entities."""
    nlp = spacy.blank("en")
    words = "Acme Corp said it earned 3 mln dlrs , up 5 pct .".split()
    tags = "NNP NNP VBD PRP VBD CD CD NNS , RB CD NN .".split()
    pos = "PROPN PROPN VERB PRON VERB NUM NUM NOUN PUNCT ADV NUM NOUN PUNCT".split()
    heads = [1, 2, 2, 4, 2, 6, 7, 4, 4, 4, 11, 9, 2]
    deps = "compound nsubj ROOT nsubj ccomp compound nummod dobj punct advmod nummod npadvmod punct"
    doc = Doc(nlp.vocab, words=words, tags=tags, pos=pos, heads=heads, deps=deps.split())
    doc.ents = [Span(doc, 0, 2, "ORG"), Span(doc, 5, 8, "MONEY")]
    return doc


def test_columns_match_every_tokens_attributes():
    doc = parsed_by_hand()
    cols = columns.of(doc)
    for tok in doc:
        i = tok.i
        assert cols.lower[i] == tok.lower_ and cols.tag[i] == tok.tag_
        assert cols.pos[i] == tok.pos_ and cols.dep[i] == tok.dep_
        assert cols.heads[i] == tok.head.i and cols.ent_type[i] == tok.ent_type_
        assert cols.ints(ENT_IOB)[i] == tok.ent_iob and cols.flags(LIKE_NUM)[i] is tok.like_num
        assert cols.flags(IS_PUNCT)[i] is tok.is_punct and cols.flags(IS_UPPER)[i] is tok.is_upper
        assert cols.strings(NORM)[i] == tok.norm_ and cols.strings(ORTH)[i] == tok.text
        assert cols.flags(SPACY)[i] is (tok.whitespace_ == " ")


def test_the_last_docs_columns_are_kept_and_a_new_doc_gets_its_own():
    first, second = parsed_by_hand(), parsed_by_hand()
    assert columns.of(first) is columns.of(first)
    assert columns.of(second).doc is second


def test_an_empty_doc_has_empty_columns():
    cols = columns.of(spacy.blank("en")(""))
    assert cols.lower == [] and cols.heads == [] and cols.flags(LIKE_NUM) == []


def non_projective() -> Doc:
    """ "A hearing is scheduled today on the case": "on the case" hangs on "hearing" across
    "is scheduled today", so the subject's subtree has a gap."""
    words = "A hearing is scheduled today on the case".split()
    heads = [1, 3, 3, 3, 3, 1, 7, 5]
    deps = "det nsubjpass auxpass ROOT npadvmod prep det pobj".split()
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_subtrees_and_children_match_spacys_for_every_token():
    for doc in (parsed_by_hand(), non_projective()):
        cols = columns.of(doc)
        for tok in doc:
            assert cols.subtree(tok.i) == {t.i for t in tok.subtree}
            assert cols.children[tok.i] == [c.i for c in tok.children]


def test_a_subtree_with_a_gap_is_not_read_as_a_range():
    doc = non_projective()
    assert columns.of(doc).subtree(1) == {0, 1, 5, 6, 7}


def test_a_kept_subtree_is_never_another_docs():
    first, second = parsed_by_hand(), non_projective()
    assert columns.of(first).subtree(1) == {0, 1}
    assert columns.of(second).subtree(1) == {0, 1, 5, 6, 7}
    assert columns.of(first).subtree(1) == {0, 1}


def test_a_spans_entities_are_spacys():
    doc = parsed_by_hand()  # ORG 0-2, MONEY 5-8
    for start, end in [(0, 13), (1, 13), (0, 6), (3, 8), (2, 5), (6, 13)]:
        span = doc[start:end]
        assert [(e.start, e.end, e.label_) for e in columns.ents(span)] == [
            (e.start, e.end, e.label_) for e in span.ents]
    assert [e.label_ for e in columns.ents(doc[0:13])] == ["ORG", "MONEY"]
    assert columns.ents(doc[1:7]) == []
