"""Wire-copy steps around the parser: company names with "and" inside become one token;
sentence starts the parser put inside a name are undone."""

import pytest
import spacy
from spacy.lang.en import English
from spacy.tokens import Doc

from app.nlp.wirecopy import (
    keep_sentences_after_abbreviations,
    merge_company_names,
    merge_tickers,
    restore_ticker_features,
)


@pytest.fixture(scope="module")
def tokenize():
    blank = spacy.blank("en")
    return lambda text: [t.text for t in merge_company_names(merge_tickers(blank(text)))]


@pytest.mark.parametrize("name", [
    "Castle and Cooke Inc", "Goodyear Tire and Rubber Co", "Stop and Shop Cos Inc",
    "Merrill Lynch and Co Inc", "Standard and Poor's Corp", "Sumitomo Trust and Banking Co Ltd",
])
def test_a_company_name_with_and_inside_is_one_token(tokenize, name):
    assert tokenize(f"{name} said sales rose.")[0] == name
    assert name in tokenize(f"Shares of {name} rose.")


@pytest.mark.parametrize("text", [
    "Exxon Corp and Mobil Corp said they would merge.",  # two companies, each named
    "Bennes Marrel SA of France and Juster Steel Corp were sold.",  # the name goes on
    "a partnership of Wagner and Brown and AFG Industries Inc said",  # a list
    "takeover bids from Redstone and MCV Holdings Inc, a group",  # an acronym: another firm
    "lead manager Kidder, Peabody and Co Inc said",  # a longer name, left as it was
    "underwriters <Smith Barney, Harris Upham and Co Inc> and",  # inside a long ticker
    "Sales and Marketing rose 5 pct.",  # no suffix
    "Texas Air and Eastern Airlines said",  # "Airlines" also ends a second firm's name
])
def test_names_that_may_be_two_companies_are_left_alone(tokenize, text):
    assert not any(" and " in token for token in tokenize(text))


def test_a_suffix_alone_after_and_is_a_name_only_as_and_co(tokenize):
    assert "Goldman Sachs and Co" in tokenize("Goldman Sachs and Co said it would sell.")
    assert not any(" and " in t for t in tokenize("Sears and Inc said"))


def test_a_company_suffix_starts_no_sentence():
    """ "… and Rialto Entertainment Group | Inc <REG> said …": the parser broke the name at
    its suffix, which made "Inc <REG>" a sentence's speaker; no sentence starts there."""
    words_ = ["Rialto", "Group", "Inc", "said", "it", "lost", "money", "."]
    doc = Doc(English().vocab, words_, sent_starts=[True, False, True] + [False] * 5)
    keep_sentences_after_abbreviations(doc)
    assert [tok.is_sent_start for tok in doc][:3] == [True, False, False]
    and_co = Doc(English().vocab, ["said", "Raj", "of", "Merrill", "Lynch", "and", "Co."],
                 sent_starts=[True, False, False, False, False, False, True])
    keep_sentences_after_abbreviations(and_co)
    assert not and_co[6].is_sent_start  # "Merrill Lynch and | Co.": one name
    after_stop = Doc(English().vocab, ["Sales", "rose", ".", "Inc", "fell", "."],
                     sent_starts=[True, False, False, True, False, False])
    keep_sentences_after_abbreviations(after_stop)
    assert after_stop[3].is_sent_start
    hyphened = Doc(English().vocab, ["Asia", "Ltd.", "Co", "-", "managers", "are", "two", "."],
                   sent_starts=[True, False, True] + [False] * 5,
                   tags=["NNP", "NNP", "NN", "HYPH", "NNS", "VBP", "CD", "."])
    keep_sentences_after_abbreviations(hyphened)
    assert hyphened[2].is_sent_start  # "Co-managers are …" after "Ltd.": a new sentence


def test_a_ticker_symbol_reads_as_a_name_suffix_and_a_bracketed_name_stays_itself():
    blank = spacy.blank("en")
    doc = merge_tickers(blank("Kroll sold its unit to Vantor Corp <VNTR> for 12 mln dlrs."))
    symbol = next(t for t in doc if t.text == "<VNTR>")
    corp = blank.vocab["Corp"]
    assert (symbol.norm_, symbol.prefix_, symbol.suffix_, symbol.shape_) == (
        corp.norm_, corp.prefix_, corp.suffix_, corp.shape_)
    named = merge_tickers(blank("<Vantor Holdings Ltd> sold its unit."))[0]
    assert named.text == "<Vantor Holdings Ltd>" and named.shape_ != corp.shape_
    restore_ticker_features(doc)  # after the parse: what later steps read is its own again
    assert (symbol.norm_, symbol.prefix_, symbol.suffix_, symbol.shape_) == (
        "<vntr>", "<", "TR>", "<XXXX>")


@pytest.mark.model
def test_words_after_a_ticker_symbol_stay_in_the_claim():
    """Seen as an unknown symbol, "<ITEL>" made the parser hang "for about 60 mln dlrs" on
    "said", and the claim lost it."""
    import datetime as dt

    from app.nlp import SourceText, load_extractor

    extractor = load_extractor(today=dt.date(2026, 1, 1), learned=False)
    text = ("Dorset Corp said it would book a fourth quarter after-tax gain of 8.2 mln dlrs from "
            "the sale of its Kestrel marine engine business to Bexley Inc <ITEL> for about 60 mln "
            "dlrs.")
    claims = [c.text for c in extractor.extract(SourceText(text, dt.date(1987, 4, 2)))]
    assert any(c.endswith("Bexley Inc <ITEL> for about 60 mln dlrs") for c in claims), claims
