"""Matching a claim against a knowledge base held in memory (what `claimdesk match` does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from app.matching.bm25 import Bm25Index
from app.matching.ranker import (
    Reranker,
    load,
    semantic_store,
    warm,
    with_text_for_no_title,
)
from app.matching.text import Prepared, prepare


@dataclass(frozen=True)
class Reference:
    """A checked claim to match against: an imported fact-check or a claim with a verdict."""

    id: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Match:
    """A reference and how likely it checks the query (0–1)."""

    id: str
    score: float


def rank_candidates(
    query: str,
    candidates: Sequence[tuple[str, Prepared]],
    reranker: Reranker | None = None,
    cosines: np.ndarray | None = None,
) -> list[Match]:
    """Candidates (id, prepared text) re-ranked for a query, best first, ties by id order given;
    `cosines` (text, title per candidate), when the caller holds the vectors."""
    reranker = reranker or load()
    scores = reranker.scores(prepare(query), [p for _, p in candidates], cosines)
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    return [Match(candidates[i][0], round(scores[i], 6)) for i in order]


def with_nearest(found: list[int], closeness: np.ndarray, count: int) -> list[int]:
    """`found` positions, then the `count` closest by embedding not among them (ties in
    knowledge-base order): the first stage of matching, and of training the ranker."""
    closest = np.argsort(-closeness, kind="stable")[:count] if count else []
    taken = set(found)
    return found + [int(i) for i in closest if int(i) not in taken]


class Matcher:
    """BM25 candidates and the nearest by sentence embedding, from an in-memory knowledge
    base, then the learned re-ranker."""

    def __init__(self, references: Iterable[Reference], reranker: Reranker | None = None) -> None:
        self.reranker = reranker or load()
        self.references = list(references)
        self.prepared = [prepare(r.text, r.title) for r in self.references]
        self.index = Bm25Index([p.stems for p in self.prepared])
        self.vectors = semantic_store(self.reranker.semantic)
        if self.vectors is not None:
            self.texts = self.vectors.vectors([p.body for p in self.prepared])
            self.titles = self.vectors.vectors([p.title for p in self.prepared])
            self.titled = self.titles.any(1)

    def candidates(
        self, query: str, at_least: int = 0, near: np.ndarray | None = None
    ) -> list[int]:
        """Positions of the first-stage candidates (BM25's, then the nearest by embedding not
        among them), padded in knowledge-base order to at_least (so a query sharing no word
        with the knowledge base still gets ranked references)."""
        found = [i for i, _ in self.index.search(prepare(query).stems, self.reranker.candidates)]
        if near is not None and self.reranker.semantic is not None:
            found = with_nearest(found, near, self.reranker.semantic.dense_candidates)
        taken = set(found)
        spare = (i for i in range(len(self.references)) if i not in taken)
        found += [i for _, i in zip(range(at_least - len(found)), spare, strict=False)]
        return found

    def warm(self, queries: Sequence[str]) -> None:
        """Encode many queries' vectors at once before matching them one by one (batched, and
        one write to the vector cache: all-mpnet-base-v2 encodes a post alone in ~0.4 s on two
        cores, in a batch in ~0.1 s)."""
        warm(queries, self.reranker)

    def match(self, query: str, limit: int = 10) -> list[Match]:
        """The best references for a query, best first (limit of them, if the base has as many)."""
        near = cosines = None
        if self.vectors is not None:
            vector = self.vectors.vectors([prepare(query).body])[0]
            by_text = self.texts @ vector
            by_title = with_text_for_no_title(by_text, self.titles @ vector, self.titled)
            near = np.maximum(by_text, by_title)
        positions = self.candidates(query, at_least=limit, near=near)
        if near is not None:
            cosines = np.column_stack([by_text[positions], by_title[positions]])
        found = [(self.references[i].id, self.prepared[i]) for i in positions]
        return rank_candidates(query, found, self.reranker, cosines)[:limit]
