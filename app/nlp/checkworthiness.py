"""Check-worthiness: how likely a sentence is worth fact-checking, from its spaCy parse.

A class-balanced logistic regression over three kinds of input, all computed from a Doc or Span
the extraction engine has already parsed (nothing is parsed twice):

* interpretable features: numbers, percentages, money, years, entity types, comparatives,
  first-person opinion, questions, calls to action, modals and hedges, tense, length;
* word, POS and dependency n-grams in which rare words are backed off to their entity type,
  number class or part of speech, so the model learns patterns rather than debate vocabulary;
* the mean and max of the parser's contextual token vectors (`doc.tensor`).

The decision threshold was chosen on the newest debates of the training data, so that 0.5 suits
documents newer than any the model saw. The weights live in `data/checkworthiness/` (`model.npz`
+ `meta.json`, written by `app.nlp.checkworthiness_train`), loaded once per process by
`load_scorer`.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, IS_PUNCT, LIKE_NUM, NORM, ORTH, SHAPE
from spacy.tokens import Doc, Span, Token

from app.nlp import columns

DEFAULT_PATH = Path(__file__).parent / "data" / "checkworthiness"
FEATURE_VERSION = 1
TENSOR_WIDTH = 96


def inflected(words: str, irregular: str = "") -> frozenset[str]:
    """The words with their regular inflections and the given irregular forms.

    Features read `token.norm_`, not lemmas, because the extraction engine parses without the
    lemmatizer; over-generated forms ("likeing") are harmless.
    """
    forms = set(irregular.split())
    for word in words.split():
        stem = word[:-1] if word.endswith(("e", "y")) else word
        forms |= {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
        forms |= {stem + "ing", stem + "ies", stem + "ied"}
    return frozenset(forms)


OPINION_VERBS = inflected(
    "think believe feel hope wish guess suppose love like hate want agree disagree",
    "thought felt",
)
HEDGES = inflected("maybe perhaps probably possibly likely might may could seem appear")
COURTESY = inflected("thank congratulate welcome appreciate applause laughter", "thanks")
ABSOLUTES = frozenset("never always every all none nobody everybody everyone only".split())
QUANTITY_WORDS = inflected(
    "percent % million billion trillion thousand hundred dollar $ rate number"
)
CHANGE_VERBS = inflected(
    "increase decrease rise fall cut raise double triple grow drop lose create reduce vote",
    "rose risen fell fallen grew grown lost",
)
WH_WORDS = frozenset("what why how who whom whose which where when".split())
NUMERIC_ENTS = frozenset("PERCENT MONEY CARDINAL QUANTITY ORDINAL".split())
LENGTH_BUCKETS = (4, 8, 12, 20, 30, 45)
_INSIDE = 1  # ENT_IOB of a token inside an entity ("I")


class CheckworthinessModelMissing(FileNotFoundError):
    """The trained artefact is not where the scorer was told to look."""


def token_key(token: Token, vocab: frozenset[str]) -> str:
    """The token as the model sees it: a frequent word, else its entity type, number or POS."""
    if token.ent_type_:
        return "E:" + token.ent_type_
    if token.like_num:
        return "#NUM"
    if token.norm_ in vocab:
        return token.norm_
    return "P:" + token.pos_


@dataclass(slots=True)
class Sentence:
    """Per-token attributes of one span, read from spaCy once (Token objects are costly)."""

    keys: list[str]  # backed-off key of every token
    collapsed: list[str]  # the same with each multi-token entity as one key
    norms: list[str]
    pos: list[str]
    tags: list[str]
    arcs: list[tuple[str, int]]  # (dependency label, head index in the span or -1 outside)
    numeric: list[bool]
    texts: list[str]
    shapes: list[str]
    punct: list[bool]


def read_sentence(span: Span, vocab: frozenset[str]) -> Sentence:
    """The attributes the features need, sliced from the paragraph's columns (which the rules
    have read already), so that no `Token` is built."""
    cols, start, end = columns.of(span.doc), span.start, span.end
    norms, pos, ents = cols.strings(NORM)[start:end], cols.pos[start:end], cols.ent_type[start:end]
    numeric, iob = cols.flags(LIKE_NUM)[start:end], cols.ints(ENT_IOB)[start:end]
    keys = [
        "E:" + ent if ent else "#NUM" if num else norm if norm in vocab else "P:" + part
        for norm, part, ent, num in zip(norms, pos, ents, numeric, strict=True)
    ]  # (each multi-token entity one key in `collapsed`)
    collapsed = [key for k, key in enumerate(keys) if k == 0 or iob[k] != _INSIDE]
    arcs = [
        (dep, head - start if start <= head < end else -1)
        for dep, head in zip(cols.dep[start:end], cols.heads[start:end], strict=True)
    ]
    return Sentence(
        keys, collapsed, norms, pos, cols.tag[start:end], arcs, numeric,
        texts=cols.strings(ORTH)[start:end],
        shapes=cols.strings(SHAPE)[start:end],
        punct=cols.flags(IS_PUNCT)[start:end],
    )


def ngram_features(keys: Sequence[str]) -> list[str]:
    """Unigrams, bigrams and trigrams over backed-off keys, padded with sentence boundaries."""
    padded = ["<s>", *keys, "</s>"]  # (f-strings: one step a feature, ~180 a sentence)
    feats = [f"u:{k}" for k in keys]
    feats += [f"b:{a}|{b}" for a, b in zip(padded, padded[1:], strict=False)]
    feats += [f"t:{a}|{b}|{c}" for a, b, c in zip(padded, padded[1:], padded[2:], strict=False)]
    return feats


def syntax_features(sent: Sentence) -> list[str]:
    """POS bigrams, fine tags and dependency arcs (head and child backed off like n-grams)."""
    pos = ["<s>", *sent.pos, "</s>"]
    feats = [f"pb:{a}|{b}" for a, b in zip(pos, pos[1:], strict=False)]
    feats += [f"tag:{tag}" for tag in sent.tags]
    keys, word_pos = sent.keys, sent.pos
    for i, (dep, head) in enumerate(sent.arcs):
        if dep in ("punct", "ROOT") or head < 0:
            continue
        feats.append(f"d:{dep}|{keys[head]}|{keys[i]}")
        feats.append(f"dp:{dep}|{word_pos[head]}|{word_pos[i]}")
    return feats


def root_features(span: Span, vocab: frozenset[str]) -> list[str]:
    """What the main clause does and who does it: root, tense, subject, opinion, imperative."""
    root = span.root
    cols = columns.of(span.doc)  # (the root's children from the columns, not as Tokens)
    kids, dep, lower = cols.children[root.i], cols.dep, cols.lower
    subjects = [c for c in kids if dep[c] in ("nsubj", "nsubjpass", "expl")]
    subj = lower[subjects[0]] if subjects else "-"
    feats = ["root:" + token_key(root, vocab), "rtag:" + root.tag_, "rsubj:" + subj]
    if subj in ("i", "we") and root.norm_ in OPINION_VERBS:
        feats.append("flag:first_person_opinion")
    if not subjects and root.tag_ == "VB" and root.i == span.start:
        feats.append("flag:imperative")
    if any(dep[c] == "aux" and lower[c] in ("will", "'ll", "going") for c in kids):
        feats.append("flag:future")
    if any(dep[c] == "neg" for c in kids):
        feats.append("flag:negated_root")
    return feats


def entity_features(span: Span) -> list[str]:
    """Which entity types occur, and whether there is more than one of each."""
    labels = [ent.label_ for ent in columns.ents(span)]
    feats = ["ent:" + label for label in set(labels)]
    feats += ["ent2:" + label for label in set(labels) if labels.count(label) > 1]
    if any(label in NUMERIC_ENTS for label in labels):
        feats.append("flag:numeric_entity")
    if not labels:
        feats.append("flag:no_entity")
    return feats


def lexical_flags(sent: Sentence) -> list[str]:
    """Interpretable yes/no cues: numbers, years, comparisons, hedges, questions, courtesy."""
    words, tags = set(sent.norms), set(sent.tags)
    checks = {
        "number": any(sent.numeric),
        "year": any(
            shape == "dddd" and text[:2] in ("19", "20")
            for shape, text in zip(sent.shapes, sent.texts, strict=True)
        ),
        "quantity": bool(words & QUANTITY_WORDS),
        "comparative": bool(tags & {"JJR", "RBR"}) or "than" in words,
        "superlative": bool(tags & {"JJS", "RBS"}),
        "change_verb": bool(words & CHANGE_VERBS),
        "hedge": bool(words & HEDGES),
        "absolute": bool(words & ABSOLUTES),
        "courtesy": bool(words & COURTESY),
        "first_person": bool({"i", "me", "my"} & words),
        "we": bool({"we", "us", "our"} & words),
        "you": "you" in words,
        "question": "?" in words,
        "wh_start": sent.norms[0] in WH_WORDS,
        "exclaim": "!" in words,
        "lets": "let" in words and ("'s" in words or "us" in words),
        "past": bool(tags & {"VBD", "VBN"}),
        "interjection": "INTJ" in sent.pos,
    }
    return ["flag:" + name for name, on in checks.items() if on]


def length_feature(sent: Sentence) -> str:
    """The sentence length as a bucket (very short turns are rarely claims)."""
    words = sent.punct.count(False)
    bucket = sum(words > edge for edge in LENGTH_BUCKETS)
    return f"len:{bucket}"


def as_span(doc_or_span: Doc | Span) -> Span:
    """A Span either way, so features need one code path (a Doc becomes `doc[:]`)."""
    return doc_or_span[:] if isinstance(doc_or_span, Doc) else doc_or_span


def symbolic_features(doc_or_span: Doc | Span, vocab: frozenset[str]) -> list[str]:
    """Every string feature of the span (duplicates removed, order kept for determinism)."""
    return list(dict.fromkeys(_all_features(as_span(doc_or_span), vocab)))


def _all_features(span: Span, vocab: frozenset[str]) -> list[str]:
    """Every string feature of the span, some maybe twice."""
    if len(span) == 0:
        return ["bias", "len:0"]
    sent = read_sentence(span, vocab)
    feats = ["bias", length_feature(sent)]
    feats += ngram_features(sent.collapsed)
    feats += syntax_features(sent)
    feats += root_features(span, vocab)
    feats += entity_features(span)
    feats += lexical_flags(sent)
    return feats


def hash_features(feats: Iterable[str], n_buckets: int) -> np.ndarray:
    """Stable bucket indices for string features (crc32, so equal across processes and runs)."""
    return np.fromiter((zlib.crc32(f.encode("utf8")) % n_buckets for f in feats), dtype=np.int64)


def feature_buckets(feats: Iterable[str], n_buckets: int) -> np.ndarray:
    """The distinct buckets of the features, in ascending order (`np.unique` of
    `hash_features`, without its sort of the duplicates)."""
    crc32 = zlib.crc32
    found = {crc32(f.encode()) % n_buckets for f in feats}  # (UTF-8, as hash_features)
    return np.array(sorted(found), dtype=np.int64)


def pooled_tensor(doc_or_span: Doc | Span) -> np.ndarray:
    """Mean and max of the parser's contextual vectors over the span; zeros if none were kept."""
    span = as_span(doc_or_span)
    tensor = span.doc.tensor
    if len(span) == 0 or tensor is None or getattr(tensor, "ndim", 0) != 2:
        return np.zeros(2 * TENSOR_WIDTH, dtype=np.float32)
    rows = np.asarray(tensor[span.start : span.end], dtype=np.float32)
    if rows.shape[1] != TENSOR_WIDTH:
        return np.zeros(2 * TENSOR_WIDTH, dtype=np.float32)
    return np.concatenate([rows.mean(axis=0), rows.max(axis=0)])


class CheckworthinessScorer:
    """A trained check-worthiness model: hashed sparse weights plus dense tensor weights."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        """Keep the arrays and the settings they were trained with."""
        self.sparse = weights["sparse"].astype(np.float32)
        self.dense = weights["dense"].astype(np.float32)
        self.dense_mean = weights["dense_mean"].astype(np.float32)
        self.dense_scale = weights["dense_scale"].astype(np.float32)
        self.meta = meta
        self.vocab = frozenset(meta["vocab"])
        self.n_buckets = int(meta["n_buckets"])
        self.offset = float(meta["logit_offset"])
        self.spacy_model = str(meta["spacy_model"])

    def logit(self, span: Doc | Span) -> float:
        """The raw decision value for one span, the tuned threshold already moved to zero."""
        idx = feature_buckets(_all_features(as_span(span), self.vocab), self.n_buckets)
        value = float(self.sparse[idx].sum()) / np.sqrt(len(idx))
        if self.dense.size:
            dense = (pooled_tensor(span) - self.dense_mean) / self.dense_scale
            value += float(dense @ self.dense)
        return value - self.offset

    def score_docs(self, docs: Sequence[Doc | Span]) -> list[float]:
        """A 0–1 check-worthiness score per parsed sentence (>= 0.5 means worth checking)."""
        return [sigmoid(self.logit(doc)) for doc in docs]

    def score_texts(self, texts: Sequence[str], nlp: Any = None) -> list[float]:
        """Parse the texts with the model's spaCy pipeline (or `nlp`) and score them."""
        nlp = nlp if nlp is not None else load_spacy(self.spacy_model)
        return self.score_docs(list(nlp.pipe(texts)))


def sigmoid(value: float) -> float:
    """The logistic function, clipped so no input can overflow."""
    return 1.0 / (1.0 + math.exp(-min(max(value, -60.0), 60.0)))


@lru_cache(maxsize=4)
def load_spacy(name: str) -> Any:
    """The scorer's spaCy pipeline, loaded once, without pipes the features do not read."""
    import spacy

    return spacy.load(name, exclude=["lemmatizer", "senter"])


def read_artefact(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The weight arrays and metadata in `path`, or a clear error saying how to make them."""
    weights_file, meta_file = path / "model.npz", path / "meta.json"
    if not (weights_file.is_file() and meta_file.is_file()):
        raise CheckworthinessModelMissing(
            f"No check-worthiness model in {path} (need model.npz and meta.json); train one "
            "with `python -m app.nlp.checkworthiness_train --train TSV --out DIRECTORY`"
        )
    meta = json.loads(meta_file.read_text(encoding="utf8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        raise CheckworthinessModelMissing(
            f"The model in {path} was trained for feature version {meta.get('feature_version')}, "
            f"this code computes version {FEATURE_VERSION}: retrain it"
        )
    with np.load(weights_file) as arrays:
        weights = {name: arrays[name] for name in arrays.files}
    return weights, meta


@lru_cache(maxsize=4)
def _load_cached(path: str) -> CheckworthinessScorer:
    """One scorer per artefact directory per process."""
    weights, meta = read_artefact(Path(path))
    return CheckworthinessScorer(weights, meta)


def load_scorer(path: str | Path | None = None) -> CheckworthinessScorer:
    """The scorer stored at `path` (default: the one shipped with claimdesk), cached."""
    return _load_cached(str(Path(path or DEFAULT_PATH).resolve()))
