"""Hedged marks claims the source itself presents as uncertain, not reported-speech "would"."""

import datetime as dt

import pytest

from app.nlp import SourceText

pytestmark = pytest.mark.model


def first(extractor, text):
    return extractor.extract(SourceText(text, dt.date(2025, 6, 2)))[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ambassadors may return to their posts by January 26, 2024.",
        "Roughly 8,000 people might have to be evacuated.",
        "The measure could cost taxpayers up to $900 million a year.",
        "Oil prices are likely to rise by 10 percent next month.",
        "The central bank is expected to raise interest rates.",
        "The drought has reportedly destroyed half of the wheat crop.",
        "If the levee breaks, the town will be flooded.",
        "Analysts expect the merger to close in the third quarter.",
        "The bill would raise the minimum wage to $15 an hour.",
    ],
)
def test_hedges_are_detected(extractor, sentence):
    assert first(extractor, sentence).hedged


@pytest.mark.parametrize(
    "sentence",
    [
        "Transport Secretary Mark Ellis said the tunnel would reopen in November.",
        "The state legislature passed a $3.5 billion transport bill on Thursday.",
        "The hospital must open by December 1, 2024, the health board said.",
        "Unemployment fell to 3.9 percent in April.",
        "The company has said that it will cut 300 jobs.",
    ],
)
def test_plain_and_reported_statements_are_not_hedged(extractor, sentence):
    assert not first(extractor, sentence).hedged
