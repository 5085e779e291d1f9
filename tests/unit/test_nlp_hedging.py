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


def test_a_forecast_in_a_second_clause_of_the_report_is_hedged(extractor):
    """ "X said he kept his rating and expects the shares to rise": the rise is X's forecast
    as much as in "X expects the shares to rise"."""
    claims = extractor.extract(SourceText(
        "Glantz said he is not changing his buy recommendation on GM and expects the shares "
        "to rise.", dt.date(1987, 3, 5)))
    rise = next(c for c in claims if c.text.endswith("rise"))
    assert rise.hedged and rise.attribution == "Glantz", claims
    assert not next(c for c in claims if "recommendation" in c.text).hedged
