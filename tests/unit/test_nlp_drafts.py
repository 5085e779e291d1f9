"""Claim text is assembled from tokens with their original spacing and without stray punctuation."""

import pytest
import spacy
from spacy.tokens import Doc

from app.nlp.drafts import (
    Insert,
    mid_sentence,
    provenance,
    render,
    rendered_parts,
    tidy,
    whole_words,
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def test_adjacent_tokens_keep_their_original_spacing(nlp):
    doc = nlp("Prices rose 4.1% in May.")
    assert render(list(doc[:6])) == "Prices rose 4.1% in May"


def test_gaps_between_tokens_become_single_spaces(nlp):
    doc = nlp("The meeting, chaired by Kakar, ratified the move.")
    pieces = [doc[0], doc[1], doc[7], doc[8], doc[9]]
    assert render(pieces) == "The meeting ratified the move"


def test_inserted_words_are_bracketed_and_spaced(nlp):
    doc = nlp("its profit rose")
    owner = Insert("Nordlicht's", (doc[0],))
    assert render([owner, doc[1], doc[2]]) == "[Nordlicht's] profit rose"


def test_provenance_gives_source_ranges_and_what_an_insert_replaces(nlp):
    doc = nlp("Yesterday its profit rose sharply.")
    owner = Insert("Nordlicht's", (doc[1],))
    spans, inserts = provenance([owner, doc[2], doc[3], doc[4]], offset=100)
    assert spans == [[100 + doc[2].idx, 100 + doc[4].idx + len("sharply")]]
    assert inserts == [{"text": "Nordlicht's", "at": 0, "replaces": "its",
                        "start": 100 + doc[1].idx, "end": 100 + doc[1].idx + 3}]


def test_parts_worked_out_once_give_the_same_text_and_provenance(nlp):
    doc = nlp("Yesterday its profit,  he said, rose sharply.")
    pieces = [Insert("Nordlicht's", (doc[1],)), doc[2], doc[7], doc[8]]
    parts = rendered_parts(pieces)
    assert render(pieces, capitalise=False, parts=parts) == render(pieces, capitalise=False)
    assert provenance(pieces, 100, parts) == provenance(pieces, 100)


def test_first_letter_is_capitalised_unless_asked_not_to(nlp):
    doc = nlp("the foreign office")
    assert render(list(doc)) == "The foreign office"
    assert render(list(doc), capitalise=False) == "the foreign office"


def test_tidy_drops_edge_punctuation_and_quotes(nlp):
    doc = nlp("“We will keep trying,” she said.")
    assert render(tidy(list(doc[:6]))) == "We will keep trying"


def test_tidy_drops_the_opening_of_a_ticker_cut_off_at_the_end(nlp):
    doc = nlp("It sold the unit to <")
    assert render(tidy(list(doc))) == "It sold the unit to"


def test_tidy_drops_commas_left_beside_removed_words(nlp):
    doc = nlp("The meeting, chaired by Kakar, ratified the move.")
    pieces = [doc[0], doc[1], doc[2], doc[7], doc[8], doc[9]]
    assert render(tidy(pieces)) == "The meeting ratified the move"


def test_tidy_keeps_commas_inside_kept_lists(nlp):
    doc = nlp("It may not be published, broadcast or rewritten")
    assert render(tidy(list(doc))) == "It may not be published, broadcast or rewritten"


def test_tidy_keeps_balanced_quotes(nlp):
    doc = nlp("They agreed to work on “all issues” together")
    assert render(tidy(list(doc))) == "They agreed to work on “all issues” together"


def test_mid_sentence_lowercases_determiners_but_not_names(nlp):
    doc = nlp("The foreign office")
    doc[0].pos_ = "DET"
    assert mid_sentence(list(doc)) == "the foreign office"
    name = nlp("Mark Ellis")
    name[0].pos_ = "PROPN"
    assert mid_sentence(list(name)) == "Mark Ellis"


def test_tidy_drops_a_dangling_conjunction(nlp):
    doc = nlp("It unveiled software for hospitals and")
    doc[5].pos_ = "CCONJ"
    assert render(tidy(list(doc))) == "It unveiled software for hospitals"


@pytest.fixture(scope="module")
def sentences():
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank


def test_a_word_cut_in_two_gets_its_missing_part_back_in_place(sentences):
    doc = sentences("Sales of the Pony Excel sub-compact rose.")
    assert [t.text for t in doc[5:8]] == ["sub", "-", "compact"]
    pieces = [*doc[0:5], doc[6], doc[7], doc[8]]  # "sub" taken out as if an appositive
    assert render(whole_words(pieces)) == "Sales of the Pony Excel sub-compact rose"


def test_words_and_text_stay_right_when_two_docs_take_turns(sentences):
    first = sentences("Sales of the Pony Excel sub-compact rose.")
    second = sentences("Costs of the co-op fell. Its sub-units grew.")
    cut = [*first[0:5], first[6], first[7], first[8]]
    for _ in range(2):  # (each doc's words read again after the other's)
        assert render(whole_words(cut)) == "Sales of the Pony Excel sub-compact rose"
        assert render(whole_words([second[0], second[5], second[6]])) == "Costs co-op fell"
        assert render(whole_words([second[11], second[12]])) == "Sub-units grew"


def test_a_word_kept_whole_or_left_out_whole_is_untouched(sentences):
    doc = sentences("Exports (around 8 pct) rose, the U.S. said.")
    assert [t.text for t in doc[1:3]] == ["(", "around"]
    pieces = [doc[0], doc[6], doc[7]]  # "(around 8 pct)" out, the comma glued to "rose" kept
    assert whole_words(pieces) == pieces
    assert whole_words([doc[0], doc[1], doc[6]]) == [doc[0], doc[1], doc[6]]  # "(" alone


def test_an_ellipsis_or_a_dash_between_words_does_not_join_them(sentences):
    doc = sentences("He raised...I would mention it--we agree.")
    assert [t.text for t in doc[1:4]] == ["raised", "...", "I"]
    pieces = [doc[3], doc[4], doc[5], doc[6]]
    assert whole_words(pieces) == pieces


def test_a_missing_part_that_heads_words_of_its_own_drops_the_claim():
    """ "co-managed the deal" parsed as the verb "co" and a second verb "managed the deal":
    "managed" cannot come back without its object, so no claim is made of the half."""
    words = ["Goldman", "co", "-", "managed", "the", "deal"]
    doc = Doc(spacy.blank("en").vocab, words, [True, False, False, True, True, False],
              heads=[1, 1, 1, 1, 5, 3], deps=["nsubj", "ROOT", "punct", "ccomp", "det", "dobj"])
    assert whole_words([doc[0], doc[1], doc[2]]) is None
    assert whole_words(list(doc)) == list(doc)


def test_tidy_keeps_the_comma_before_words_an_insert_stands_for(nlp):
    doc = nlp("In 1986, it earned 4.42 dlrs a share.")
    firm = Insert("Westinghouse", (doc[3],))
    pieces = [doc[0], doc[1], doc[2], firm, *doc[4:9]]
    assert render(tidy(pieces)) == "In 1986, [Westinghouse] earned 4.42 dlrs a share"


def test_a_subordinating_that_does_not_open_a_claim(nlp):
    """ "that the central bank was planning …": the parser hung "that" on a verb inside the
    clause, so the rules that drop a clause's mark never saw it."""
    doc = nlp("that the bank was planning a cut")
    doc[0].tag_ = "IN"
    assert render(tidy(list(doc))) == "The bank was planning a cut"
    demonstrative = nlp("that is the plan")
    demonstrative[0].tag_ = "DT"
    assert render(tidy(list(demonstrative))) == "That is the plan"
