"""Claim matching: text analysis, BM25, the learned re-ranker and the in-memory matcher."""

import json

import numpy as np
import pytest

from app.matching import Matcher, Reference, rank_candidates
from app.matching.bm25 import Bm25Index, TermStats
from app.matching.features import FEATURES, Statistics, feature_rows
from app.matching.ranker import (
    MODEL_DIR,
    SEMANTIC_FEATURES,
    ModelError,
    Semantic,
    from_json,
    load,
    semantic_features,
)
from app.matching.text import (
    months,
    numbers,
    plain,
    posted,
    prepare,
    split_signature,
    words,
    years,
)
from app.matching.train import (
    Examples,
    Settings,
    cross_validate,
    fit_jointly,
    fit_logistic,
    fit_semantic,
    map_at_5,
    subset,
)

KB = [
    Reference(
        "flood",
        "Crocodiles were seen swimming in the flooded streets of Townsville.",
        "Did Crocodiles Swim Through Flooded Townsville?",
    ),
    Reference("bridge", "The Harbour Bridge will close for repairs on 3 March 2025."),
    Reference("mayor", "The mayor of Leeds said bus fares would double next year."),
    Reference("vaccine", "A vaccine trial in Oslo was halted after two volunteers fell ill."),
    Reference("crocs", "Crocs shoes were banned at a school in Townsville."),
    Reference("wages", "Average wages in Portugal rose 7 per cent in 2023."),
]


def test_signature_and_links_are_split_from_a_post():
    body, author = split_signature(
        "Bridge shut all week https://t.co/x1 — Jo Bloggs (@JoBloggs) March 2, 2025"
    )
    assert "t.co" not in body and "Bridge shut all week" in body
    assert author == "Jo Bloggs JoBloggs"


def test_a_posts_date_comes_from_its_signature_and_texts_name_months_and_years():
    post = "Bridge shut in 2019 https://t.co/x1 — Jo Bloggs (@JoBloggs) March 2, 2025"
    assert posted(post) == (2025, 3)
    assert posted("Bridge shut, no signature") is None
    assert prepare(post).years == {2019}  # the signature's date is the post's, not named
    assert years("Shot in December 2019, not 1970s") == {2019}
    assert months("in December 2019 and on Aug. 26, 2019") == {(2019, 12), (2019, 8)}


def test_a_candidate_naming_the_posts_month_and_year_says_so():
    stats = Statistics(TermStats.count([["bridge"]]), TermStats.count([["bridg"]]))
    query = prepare("The bridge is shut — Jo (@jo) March 2, 2025")
    then, other = prepare("The bridge shut in March 2025."), prepare("The bridge shut in 1999.")
    rows = dict(zip(("then", "other"), feature_rows(query, [then, other], stats), strict=True))
    named = {name: FEATURES.index(name) for name in
             ("posted_month_named", "posted_year_named", "other_year_named")}
    assert [rows["then"][i] for i in named.values()] == [1.0, 1.0, 0.0]
    assert [rows["other"][i] for i in named.values()] == [0.0, 0.0, 1.0]


def test_hashtags_split_at_capitals_and_stop_words_go():
    assert words("The #HarbourBridge is CLOSED") == ["harbour", "bridge", "closed"]


def test_the_encoder_reads_tags_and_handles_as_words_and_no_emoji():
    assert plain("Stop it &amp; go #WakandaForever 🇮🇸🙂 @realDonaldTrump").split() == [
        "Stop", "it", "&", "go", "Wakanda", "Forever", "real", "Donald", "Trump"
    ]
    body = prepare("Look.#IranUsa @Emma4Change 😀 — A B (@ab) May 1, 2019").body
    assert body == "Look. Iran Usa Emma 4 Change"


def test_numbers_drop_thousands_separators():
    assert numbers("It cost 1,250 dollars, not 12.5") == {"1250", "12.5"}


def test_bm25_prefers_the_document_with_the_rarer_shared_term():
    stats = TermStats.count([["bridge", "close"], ["bridge", "open"], ["bridge", "paint"]])
    assert stats.idf("close") > stats.idf("bridge")
    assert stats.bm25(["bridge", "close"], ["bridge", "close"]) > stats.bm25(
        ["bridge", "close"], ["bridge", "open"]
    )


def test_index_returns_best_first_and_ties_by_position():
    index = Bm25Index([["a", "b"], ["a", "b"], ["c"]])
    hits = index.search(["a", "b"], 5)
    assert [i for i, _ in hits] == [0, 1]


def test_a_reworded_claim_finds_its_check_first():
    matcher = Matcher(KB)
    best = matcher.match("Crocodiles are swimming down flooded streets in #Townsville", 5)
    assert best[0].id == "flood"
    assert best[0].score > best[-1].score


def test_a_post_with_signature_and_link_still_matches():
    matcher = Matcher(KB)
    post = (
        "Bus fares in Leeds to DOUBLE next year says the mayor https://t.co/abc "
        "— Sam (@sam_news) May 1, 2024"
    )
    assert matcher.match(post, 5)[0].id == "mayor"


def test_rank_candidates_orders_by_score_and_keeps_ids():
    found = [(r.id, prepare(r.text, r.title)) for r in KB]
    ranked = rank_candidates("Average wages in Portugal rose 7% in 2023", found)
    assert ranked[0].id == "wages"
    assert sorted(m.id for m in ranked) == sorted(r.id for r in KB)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


def test_a_model_for_other_features_is_refused():
    data = json.loads((MODEL_DIR / "model.json").read_text())
    data["features"] = data["features"][:-1]
    with pytest.raises(ModelError, match="other features"):
        from_json(data)


def test_a_model_for_other_semantic_features_is_refused():
    data = json.loads((MODEL_DIR / "model.json").read_text())
    data["semantic_features"] = data["semantic_features"][:-1]
    with pytest.raises(ModelError, match="other features"):
        from_json(data)


def test_the_model_reads_back_what_it_wrote():
    model = load()
    again = from_json(json.loads(json.dumps(model.to_json())))
    assert again.semantic == model.semantic
    assert np.array_equal(again.weights, model.weights)


def test_semantic_features_say_how_a_candidate_stands_among_the_querys():
    cosines = np.array([[0.3, 0.5], [0.8, 0.7], [0.1, 0.2]])
    f = dict(zip(SEMANTIC_FEATURES, semantic_features(cosines).T, strict=True))
    assert np.allclose(f["cosine_text"], [0.3, 0.8, 0.1])
    assert np.allclose(f["closeness_rank"], np.log1p([1, 0, 2]))
    assert np.allclose(f["closeness_gap"], [-0.3, 0.0, -0.6])
    assert np.allclose(f["closeness_over_0.6"], [0.0, 0.2, 0.0])
    assert np.allclose(f["cosine_title_gap"], [-0.2, 0.0, -0.5])
    assert semantic_features(np.zeros((0, 2))).shape == (0, len(SEMANTIC_FEATURES))


def test_semantic_logits_add_weighted_features_then_calibrate():
    weights = (2.0, 3.0) + (0.0,) * (len(SEMANTIC_FEATURES) - 2)
    semantic = Semantic("m", "sha", weights, slope=0.5, intercept=-1.0, dense_candidates=0)
    logits = semantic.logits(np.array([1.0, 0.0]), np.array([[0.5, 0.1], [0.2, 0.4]]))
    assert np.allclose(logits, [0.5 * (1 + 1.0 + 0.3) - 1, 0.5 * (0.4 + 1.2) - 1])


def test_map_at_5_counts_each_query_by_its_own_candidates():
    scores = np.array([0.9, 0.1, 0.5, 0.2, 0.8, 0.7])
    labels = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 0.0])
    groups = np.array([0, 0, 1, 0, 1, 1])  # query 1's rows interleaved with query 0's
    queries = [{"relevant": ["a", "b"]}, {"relevant": ["c"]}]
    # query 0: ranks .9 (no), .2 (yes, 1/2), .1 (yes, 2/3) → (1/2 + 2/3) / 2; query 1: none
    assert map_at_5(scores, labels, groups, queries) == {
        "map5": round((0.5 + 2 / 3) / 2 / 2, 4), "p1": 0.0
    }


def test_semantic_weights_are_moved_beyond_the_grid_when_train_map_rises():
    # Two queries: the answer has the lower cosine but is the query's closest by title gap
    # only once weights leave the grid (whose one point is 0): ascent must find them.
    lexical = np.array([0.0, 0.5, 0.0, 0.5])
    cosines = np.array([[0.6, 0.9], [0.5, 0.1], [0.4, 0.8], [0.3, 0.2]])
    ex = Examples(np.zeros((4, 1)), np.array([1.0, 0.0, 1.0, 0.0]), np.array([0, 0, 1, 1]),
                  cosines)
    queries = [{"relevant": ["x"]}, {"relevant": ["y"]}]
    settings = Settings(cosine_weights=(0.0,), ascent_steps=(1.0,), ascent_passes=2)
    assert map_at_5(lexical, ex.y, ex.groups, queries)["map5"] == 0.5
    semantic = fit_semantic(ex, lexical, queries, settings, "sha")
    assert any(semantic.weights)
    combined = semantic.logits(lexical[:2], cosines[:2]), semantic.logits(lexical[2:], cosines[2:])
    assert all(c[0] > c[1] for c in combined)


def test_lexical_and_semantic_weights_move_together_when_train_map_rises():
    # The logistic weighs feature 0 alone; ordering query 0's two candidates right needs
    # weight on feature 1 too, which only the joint ascent can give (cosines tie).
    z = np.array([[0.5, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    ex = Examples(z, np.array([0.0, 1.0, 1.0, 0.0]), np.array([0, 0, 1, 1]), np.zeros((4, 2)))
    queries = [{"relevant": ["x"]}, {"relevant": ["y"]}]
    start = Semantic("m", "sha", (0.0,) * len(SEMANTIC_FEATURES), 1.0, 0.0, 0)
    settings = Settings(joint_steps=(1.0,), joint_passes=2)
    assert map_at_5(z @ np.array([1.0, 0.0]), ex.y, ex.groups, queries)["map5"] == 0.75
    joint = fit_jointly(z, ex, queries, (np.array([1.0, 0.0]), 0.0), start, settings)
    lexical = z @ np.asarray(joint.lexical_weights)
    assert joint.lexical_weights[1] > 0
    assert map_at_5(lexical, ex.y, ex.groups, queries)["map5"] == 1.0
    assert joint.slope > 0  # calibrated again: a higher logit is a likelier answer


def test_the_joint_lexical_weights_rank_beside_cosines_and_the_logistics_without():
    model = load()
    joint = tuple(-w for w in model.weights)  # a model whose two paths disagree
    semantic = Semantic("m", "other encoder", (0.0,) * len(SEMANTIC_FEATURES), 1.0, 0.0, 0,
                        lexical_weights=joint)
    both = type(model)(model.mean, model.scale, model.weights, model.bias, model.stats,
                       model.candidates, semantic)
    q, cands = prepare("Crocodiles swim in flooded Townsville"), [prepare(r.text) for r in KB]
    with_cosines = both.scores(q, cands, np.zeros((len(KB), 2)))
    without = both.scores(q, cands)  # the installed encoder is not "other encoder": lexical
    assert np.allclose(logit(with_cosines), both.lexical_logits(q, cands, joint=True))
    assert np.allclose(logit(without), both.lexical_logits(q, cands))
    assert np.argmax(without) != np.argmax(with_cosines)


def logit(p: list[float]) -> np.ndarray:
    """The inverse of the logistic."""
    return np.log(np.asarray(p) / (1 - np.asarray(p)))


def test_cross_validation_fits_on_some_queries_and_scores_the_others():
    ex = Examples(np.arange(12.0)[:, None] % 4, np.tile([0.0, 0.0, 0.0, 1.0], 3),
                  np.repeat([0, 1, 2], 4), np.zeros((12, 2)))
    part = subset(ex, [2, 0])
    assert part.groups.tolist() == [1] * 4 + [0] * 4  # renumbered in the order asked
    assert np.array_equal(part.x[part.groups == 0], ex.x[ex.groups == 2])
    stats = Statistics(TermStats.count([["a"]]), TermStats.count([["a"]]))
    queries = [{"relevant": ["x"]}] * 3
    found = cross_validate(ex, queries, stats, Settings(), None, folds=3)
    assert found == {"map5": 1.0, "folds": [1.0, 1.0, 1.0]}


def test_logistic_fit_separates_what_is_separable():
    x = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    weights, bias = fit_logistic(x, np.array([0.0, 0.0, 1.0, 1.0]), l2=0.1, steps=50)
    assert weights[0] > 0 and abs(bias) < 1e-6


def test_the_shipped_model_records_how_it_was_trained():
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert set(meta["inputs"]) >= {"kb", "train"}
    assert all(len(i["sha256"]) == 64 for i in meta["inputs"].values())
    assert len(meta["code"]["commit"]) == 40 and meta["code"]["matching_code_modified"] is False
    assert {"python", "numpy"} <= set(meta["versions"])
    assert meta["scores"]["dev"]["map5"] > meta["scores"]["dev_bm25"]["map5"]
    assert meta["features"] == list(load().to_json()["features"])
    assert set(meta["embedding"]["weights"]) == set(SEMANTIC_FEATURES)  # keys sorted there


def test_a_query_sharing_no_word_still_gets_ranked_references():
    assert len(Matcher(KB).match("zzz qqq", 5)) == 5
