"""Gapped lists of figures: each subject gets its own claim, the shared words in brackets.

Sentences written for these tests (not taken from any gold file).
"""

import datetime as dt

import pytest

from app.nlp import SourceText
from app.nlp.loading import default_model, load_pipeline

pytestmark = pytest.mark.model


def claims(extractor, text):
    return extractor.extract(SourceText(text, dt.date(2025, 3, 3)))


def texts(extractor, text):
    return [c.text for c in claims(extractor, text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The Oakdale plant has a yearly capacity of 90,000 tonnes, the Riverton plant "
            "40,000 tonnes, and the Elm Creek plant 25,000 tonnes.",
            [
                "The Oakdale plant has a yearly capacity of 90,000 tonnes",
                "the Riverton plant [has a yearly capacity of] 40,000 tonnes",
                "the Elm Creek plant [has a yearly capacity of] 25,000 tonnes",
            ],
        ),
        (
            "Oslo rose 2.5 pct, Helsinki 1.5 pct and Stockholm about 0.8 pct, dealers said.",
            ["Oslo rose 2.5 pct", "Helsinki [rose] 1.5 pct", "Stockholm [rose] about 0.8 pct"],
        ),
        (
            "Madrid is down 12 pct, Lisbon 9 pct, while Athens is four pct up.",
            ["Madrid is down 12 pct", "Lisbon [is down] 9 pct", "Athens is four pct up"],
        ),
    ],
)
def test_each_subject_of_a_gapped_list_is_a_claim_of_its_own(extractor, sentence, expected):
    assert texts(extractor, sentence) == expected


def test_a_gapped_claim_keeps_the_frame_and_shows_what_was_added(extractor):
    found = claims(extractor, "Oslo rose 2.5 pct, Helsinki 1.5 pct, dealers said.")
    helsinki = next(c for c in found if c.text.startswith("Helsinki"))
    assert helsinki.attribution == "dealers"
    [insert] = helsinki.insertions
    assert insert["text"] == "rose" and insert["replaces"] == "rose"


@pytest.mark.parametrize(
    "sentence",
    [
        "Dividend pay March 27, record March 5.",  # dates, not figures
        "The krona ended at 7.10 to the dollar, against 7.05 yesterday.",  # no second subject
        "Profit was 5 mln dlrs, or 10 cts a share.",  # the same figure restated
        "Analysts expect exports rose 5 pct, imports 3 pct.",  # a report: not one predicate
    ],
)
def test_what_only_looks_like_a_gapped_list_gets_no_bracketed_verb(extractor, sentence):
    assert not any("[" in t for t in texts(extractor, sentence))


def test_a_ticker_starts_no_sentence():
    """The parser took "<ITEL>" in "… to Itel Corp <ITEL> for about 215 mln dlrs" for a new
    sentence; the boundary step, run before it, now rules that out."""
    nlp = load_pipeline(default_model())
    doc = nlp.make_doc("Harlow Inc sold its bakery unit to Corvin Corp <CRV> for 40 mln dlrs.")
    for name, step in nlp.pipeline:
        if name == "parser":
            break
        doc = step(doc)
    ticker = next(t for t in doc if t.text == "<CRV>")
    assert ticker.is_sent_start is False


def test_a_list_of_changes_from_one_figure_to_another(extractor):
    text = ("Lucky Goldstar fell 1,200 won to 31,500, Daewoo Heavy 800 to 14,300 and Kia Motor 70 "
            "to 1,730.")
    assert texts(extractor, text) == [
        "Lucky Goldstar fell 1,200 won to 31,500",
        "Daewoo Heavy [fell] 800 to 14,300",
        "Kia Motor [fell] 70 to 1,730",
    ]
