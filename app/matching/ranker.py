"""The learned re-ranker: a logistic model over FEATURES, shipped as JSON in the package."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from app.matching.bm25 import TermStats
from app.matching.features import FEATURES, Statistics, feature_rows
from app.matching.text import Prepared

MODEL_DIR = Path(__file__).parent / "data" / "model"
SCHEMA = "claimdesk.matching-model/1"


class ModelError(RuntimeError):
    """The shipped matching model is missing or was written for other features."""


@dataclass(frozen=True)
class Reranker:
    """Standardised features times weights, through a logistic: P(candidate checks query)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    stats: Statistics
    candidates: int

    def scores(self, query: Prepared, candidates: Sequence[Prepared]) -> list[float]:
        """A probability per candidate, in the candidates' order."""
        rows = feature_rows(query, candidates, self.stats)
        if not rows:
            return []
        logits = ((np.asarray(rows) - self.mean) / self.scale) @ self.weights + self.bias
        return [1.0 / (1.0 + math.exp(-float(z))) for z in logits]

    def to_json(self) -> dict[str, Any]:
        """The model as JSON (what `load` reads)."""
        return {
            "schema": SCHEMA,
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "candidates": self.candidates,
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
    if data.get("schema") != SCHEMA or tuple(data.get("features", ())) != FEATURES:
        raise ModelError("the matching model was written for other features: retrain it")
    stats = Statistics(*(TermStats(**data["stats"][name]) for name in ("stems", "prefixes")))
    return Reranker(
        mean=np.asarray(data["mean"]),
        scale=np.asarray(data["scale"]),
        weights=np.asarray(data["weights"]),
        bias=float(data["bias"]),
        stats=stats,
        candidates=int(data["candidates"]),
    )


@lru_cache(maxsize=4)
def load(directory: Path = MODEL_DIR) -> Reranker:
    """The re-ranker shipped in the package (read once per process)."""
    path = directory / "model.json"
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as error:
        raise ModelError(
            f"no matching model at {path}: run python -m app.matching.train"
        ) from error
