"""Claim matching: text analysis, BM25, the learned re-ranker and the in-memory matcher."""

import json

import numpy as np
import pytest

from app.matching import Matcher, Reference, rank_candidates
from app.matching.bm25 import Bm25Index, TermStats
from app.matching.features import FEATURES, Statistics, feature_rows
from app.matching.ranker import MODEL_DIR, ModelError, from_json, load
from app.matching.text import months, numbers, posted, prepare, split_signature, words, years
from app.matching.train import fit_logistic

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


def test_a_query_sharing_no_word_still_gets_ranked_references():
    assert len(Matcher(KB).match("zzz qqq", 5)) == 5
