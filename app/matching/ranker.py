"""The learned re-ranker: a logistic model over lexical FEATURES, plus the sentence-embedding
cosines of query and candidate (text and title) and how they stand among the query's
candidates (SEMANTIC_FEATURES), shipped as JSON in the package. With the cosines, the lexical
features take the weights moved jointly with the semantic ones (`Semantic.lexical_weights`);
without them, the logistic model's own.

The shipped model (data/model) uses all-mpnet-base-v2 (mpnet.py); beside it, data/model/minilm
holds one trained the same way with all-MiniLM-L6-v2 (embedding.py), which `load` takes, with a
warning, when all-mpnet-base-v2's packages are missing. Without the embedding model a model was
trained with (package not installed, or not the same weights), the lexical part ranks alone,
and a warning says so once.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from app.matching import embedding, mpnet
from app.matching.bm25 import TermStats
from app.matching.features import FEATURES, Statistics, feature_rows
from app.matching.text import Prepared, prepare

MODEL_DIR = Path(__file__).parent / "data" / "model"
FALLBACK = "minilm"  # the sub-directory of a model directory with the all-MiniLM-L6-v2 model
SCHEMA = "claimdesk.matching-model/3"
log = logging.getLogger(__name__)


class ModelError(RuntimeError):
    """The shipped matching model is missing or was written for other features."""


SEMANTIC_FEATURES = (
    "cosine_text",
    "cosine_title",
    "closeness_rank",  # log(1 + rank) of max(cosine_text, cosine_title) among the candidates
    "closeness_gap",  # that max less the best candidate's
    "closeness_over_0.6",  # max(0, that max - 0.6): a very close paraphrase
    "cosine_text_gap",
    "cosine_title_gap",
)
HINGE = 0.6


def semantic_features(cosines: np.ndarray) -> np.ndarray:
    """(n, len(SEMANTIC_FEATURES)) from one query's candidates' (n, 2) cosines (text, title):
    the cosines and how each candidate stands against the others of the same query."""
    if not len(cosines):
        return np.zeros((0, len(SEMANTIC_FEATURES)))
    closeness = cosines.max(1)
    rank = np.empty(len(closeness))
    rank[np.argsort(-closeness, kind="stable")] = np.arange(len(closeness))
    return np.column_stack([
        cosines,
        np.log1p(rank),
        closeness - closeness.max(),
        np.maximum(closeness - HINGE, 0.0),
        cosines - cosines.max(0),
    ])


@dataclass(frozen=True)
class Semantic:
    """How the embedding cosines enter: logit = slope · (lexical + weights · SEMANTIC_FEATURES)
    + intercept (slope and intercept calibrate it back to a probability), where the lexical
    logit takes `lexical_weights` (one per FEATURES, standardised; empty: the logistic's)."""

    model: str
    sha256: str  # of the weights file the cosines were computed with
    weights: tuple[float, ...]  # one per SEMANTIC_FEATURES
    slope: float
    intercept: float
    dense_candidates: int  # nearest references by embedding added to BM25's (in memory)
    lexical_weights: tuple[float, ...] = ()

    def logits(self, lexical: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        """Combined logits of one query's candidates from their lexical logits and (n, 2)
        cosines (text, title)."""
        added = semantic_features(cosines) @ np.asarray(self.weights)
        return self.slope * (lexical + added) + self.intercept


@dataclass(frozen=True)
class Reranker:
    """Standardised features times weights, through a logistic: P(candidate checks query)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    stats: Statistics
    candidates: int
    semantic: Semantic | None = None

    def lexical_logits(
        self, query: Prepared, candidates: Sequence[Prepared], joint: bool = False
    ) -> np.ndarray:
        """The lexical model's logit per candidate: with the weights moved jointly with the
        semantic ones when `joint` (and the model has them), else the logistic's."""
        rows = feature_rows(query, candidates, self.stats)
        if not rows:
            return np.zeros(0)
        weights = self.weights
        if joint and self.semantic is not None and self.semantic.lexical_weights:
            weights = np.asarray(self.semantic.lexical_weights)
        return ((np.asarray(rows) - self.mean) / self.scale) @ weights + self.bias

    def scores(
        self,
        query: Prepared,
        candidates: Sequence[Prepared],
        cosines: np.ndarray | None = None,
    ) -> list[float]:
        """A probability per candidate, in the candidates' order. `cosines` (text, title per
        candidate) may be given by a caller that holds the vectors; else they are computed."""
        vectors = semantic_store(self.semantic)
        joint = self.semantic is not None and (cosines is not None or vectors is not None)
        logits = self.lexical_logits(query, candidates, joint)
        if len(logits) and joint and self.semantic is not None:
            if cosines is None:
                cosines = candidate_cosines(vectors, query, candidates)
            logits = self.semantic.logits(logits, cosines)
        return [1.0 / (1.0 + math.exp(-float(z))) for z in logits]

    def to_json(self) -> dict[str, Any]:
        """The model as JSON (what `load` reads)."""
        return {
            "schema": SCHEMA,
            "features": list(FEATURES),
            "semantic_features": list(SEMANTIC_FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "candidates": self.candidates,
            "semantic": None if self.semantic is None else asdict(self.semantic),
            "stats": {
                name: _stats_json(getattr(self.stats, name)) for name in ("stems", "prefixes")
            },
        }


def _stats_json(stats: TermStats) -> dict[str, Any]:
    """Term statistics without the terms seen once (idf treats the unseen as seen once)."""
    df = {t: n for t, n in sorted(stats.df.items()) if n > 1}
    return {"n_docs": stats.n_docs, "avg_length": stats.avg_length, "df": df}


def from_json(data: dict[str, Any]) -> Reranker:
    """A re-ranker from its JSON form; refuses one written for other features."""
    if (
        data.get("schema") != SCHEMA
        or tuple(data.get("features", ())) != FEATURES
        or tuple(data.get("semantic_features", ())) != SEMANTIC_FEATURES
    ):
        raise ModelError("the matching model was written for other features: retrain it")
    stats = Statistics(*(TermStats(**data["stats"][name]) for name in ("stems", "prefixes")))
    return Reranker(
        mean=np.asarray(data["mean"]),
        scale=np.asarray(data["scale"]),
        weights=np.asarray(data["weights"]),
        bias=float(data["bias"]),
        stats=stats,
        candidates=int(data["candidates"]),
        semantic=_semantic(data.get("semantic")),
    )


def _semantic(data: dict[str, Any] | None) -> Semantic | None:
    """The semantic part from JSON (lists back to tuples), or None."""
    if not data:
        return None
    lexical = tuple(data.get("lexical_weights", ()))
    return Semantic(**{**data, "weights": tuple(data["weights"]), "lexical_weights": lexical})


def candidate_cosines(
    vectors: embedding.VectorStore, query: Prepared, candidates: Sequence[Prepared]
) -> np.ndarray:
    """(n, 2): the cosine of the query's body with each candidate's text and title (its text's
    again for a candidate without a title)."""
    q = vectors.vectors([query.body])[0]
    texts = vectors.vectors([c.body for c in candidates])
    titles = vectors.vectors([c.title for c in candidates])
    by_text = texts @ q
    return np.column_stack([by_text, with_text_for_no_title(by_text, titles @ q, titles.any(1))])


def with_text_for_no_title(
    by_text: np.ndarray, by_title: np.ndarray, titled: np.ndarray
) -> np.ndarray:
    """Title cosines where a candidate has a title, its text's where it has none: the claims
    of documents and fact-checks imported without a title are not taken for unlike the query
    for lacking what the model weighs most (the knowledge base it learnt from has titles)."""
    return np.where(titled, by_title, by_text)


def encoder_store(model: str) -> tuple[embedding.VectorStore | None, str]:
    """The vector store of the named sentence encoder (None if its packages are missing), and
    the packages that bring it."""
    if model == mpnet.MODEL_NAME:
        return mpnet.store(), f"{mpnet.PARTS[0]} … {mpnet.PARTS[-1][-3:]}"
    return embedding.store(), embedding.PACKAGE.replace("_", "-")


def semantic_store(semantic: Semantic | None) -> embedding.VectorStore | None:
    """The vector store when the model wants cosines and the same encoder is installed; else
    None, with one warning naming what is missing."""
    if semantic is None:
        return None
    vectors, package = encoder_store(semantic.model)
    if vectors is not None and vectors.encoder.fingerprint == semantic.sha256:
        return vectors
    _warn_lexical_only(
        f"the package {package} is not installed"
        if vectors is None
        else "the installed embedding weights differ from those it was trained with"
    )
    return None


def warm(texts: Sequence[str], reranker: Reranker | None = None) -> None:
    """Encode the vectors of many queries (claims about to be matched) in one batch, kept by
    the vector store, before ranking them one by one: all-mpnet-base-v2 takes ~0.43 s for a
    claim alone on two cores, ~0.10 s in a batch of 20 (all-MiniLM-L6-v2 0.21 s and 0.02 s)."""
    vectors = semantic_store((reranker or load()).semantic)
    if vectors is not None:
        vectors.vectors([prepare(text).body for text in texts])


@lru_cache(maxsize=2)
def _warn_lexical_only(reason: str) -> None:
    """Say once per process why matching runs on lexical features only."""
    log.warning("claim matching uses lexical features only: %s (make install adds it)", reason)


@lru_cache(maxsize=4)
def load(directory: Path = MODEL_DIR) -> Reranker:
    """The re-ranker shipped in the package (read once per process); the all-MiniLM-L6-v2 one
    beside it, with a warning, when the model's own encoder is not installed."""
    path = directory / "model.json"
    try:
        model = from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as error:
        raise ModelError(
            f"no matching model at {path}: run python -m app.matching.train"
        ) from error
    fallback = directory / FALLBACK
    if (
        model.semantic is not None
        and (fallback / "model.json").is_file()
        and encoder_store(model.semantic.model)[0] is None
    ):
        log.warning(
            "claim matching uses all-MiniLM-L6-v2, not %s: its packages %s are not installed "
            "(make install adds them)", model.semantic.model, encoder_store(model.semantic.model)[1]
        )
        return load(fallback)
    return model
