"""Rows of figures under a heading that names their measure become claims; other rows do not."""

import datetime as dt

import pytest

from app.nlp import SourceText

pytestmark = pytest.mark.model


def texts(extractor, text):
    return [c.text for c in extractor.extract(SourceText(text, dt.date(1987, 4, 2)))]


def test_rows_under_a_heading_get_its_measure_and_a_verb_in_brackets(extractor):
    text = ("Trading profit includes -\n\nBrewing 61.2 mln vs 55.4 mln\n\n"
            "Soft drinks 12.9 mln vs 14.1 mln")
    assert texts(extractor, text) == [
        "Brewing [trading profit was] 61.2 mln vs 55.4 mln",
        "Soft drinks [trading profit was] 12.9 mln vs 14.1 mln",
    ]


def test_a_row_claim_keeps_the_rows_words_as_its_provenance(extractor):
    text = "Trading profit includes -\n\nBrewing 61.2 mln vs 55.4 mln"
    (claim,) = extractor.extract(SourceText(text))
    assert [text[a:b] for a, b in claim.spans] == ["Brewing", "61.2 mln vs 55.4 mln"]
    assert [i["text"] for i in claim.insertions] == ["trading profit was"]


def test_a_row_that_names_the_measure_gets_only_the_verb(extractor):
    text = ("Lending rates (previous in brackets) were -\n\n"
            "Prime lending rates of the city banks 5.25 pct (5.50)")
    expected = "Prime lending rates of the city banks [were] 5.25 pct (5.50)"
    assert texts(extractor, text) == [expected]


@pytest.mark.parametrize("text", [
    "Key figures were as follows -\n\nApril 87 April 86",  # a column heading, no row
    "Trading profit includes -\n\nThe board met on Tuesday.\n\nBrewing 61.2 mln vs 55.4 mln",
    "Brewing 61.2 mln vs 55.4 mln",  # no heading says what the figures are
    "Trading profit includes -\n\nBrewing rose 61.2 mln vs 55.4 mln",  # prose, read as prose
    "The brewer said:\n\nSales 61.2 mln vs 55.4 mln",  # whose words follow, not a measure
    "The board gave these figures:\n\nBrewing 61.2 mln vs 55.4 mln",
])
def test_no_row_claim_without_its_heading_right_above(extractor, text):
    assert not any("[" in t and "was]" in t for t in texts(extractor, text))


def test_a_row_that_breaks_a_rule_is_logged_and_loses_nothing_else(extractor, monkeypatch, caplog):
    import app.nlp.engine as engine

    def broken(sent, under):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.tables, "row_pieces", broken)
    text = "Trading profit includes -\n\nBrewing 61.2 mln vs 55.4 mln\n\nSales rose 4 pct in May."
    assert texts(extractor, text) == ["Sales rose 4 pct in May"]
    assert "claim extraction failed on table row" in caplog.text
