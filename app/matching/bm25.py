"""BM25 (k1 1.2, b 0.75): term statistics, the score of one pair, and an in-memory index.

The re-ranker scores pairs with statistics shipped in the model (so the ranking does not
depend on which store found the candidates); the in-memory index is the candidate stage of
`claimdesk match` and of training, the database's full-text index that of the app.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

K1 = 1.2
B = 0.75


@dataclass
class TermStats:
    """Document frequencies of a collection: enough for idf, BM25 and tf-idf cosines."""

    n_docs: int
    avg_length: float
    df: dict[str, int] = field(default_factory=dict)

    @classmethod
    def count(cls, docs: Sequence[Sequence[str]]) -> TermStats:
        """Statistics of a list of token lists."""
        df = Counter(term for doc in docs for term in set(doc))
        avg = sum(map(len, docs)) / max(len(docs), 1)
        return cls(n_docs=len(docs), avg_length=avg or 1.0, df=dict(df))

    def idf(self, term: str) -> float:
        """BM25's idf; a term never seen counts as seen once (rare, so telling)."""
        n = self.df.get(term, 1)
        return math.log(1 + (self.n_docs - n + 0.5) / (n + 0.5))

    def bm25(self, query: Iterable[str], doc: Sequence[str]) -> float:
        """BM25 of a document for the distinct terms of a query."""
        counts, length, total = Counter(doc), len(doc), 0.0
        norm = K1 * (1 - B + B * length / self.avg_length)
        for term in set(query):
            tf = counts.get(term)
            if tf:
                total += self.idf(term) * tf * (K1 + 1) / (tf + norm)
        return total

    def cosine(self, a: Sequence[str], b: Sequence[str]) -> float:
        """Cosine of the tf-idf vectors of two token lists."""
        va = {t: n * self.idf(t) for t, n in Counter(a).items()}
        vb = {t: n * self.idf(t) for t, n in Counter(b).items()}
        na = math.sqrt(sum(x * x for x in va.values()))
        nb = math.sqrt(sum(x * x for x in vb.values()))
        if not na or not nb:
            return 0.0
        return sum(x * vb.get(t, 0.0) for t, x in va.items()) / (na * nb)

    def mass(self, terms: Iterable[str]) -> float:
        """Sum of idf over distinct terms."""
        return sum(self.idf(t) for t in set(terms))


class Bm25Index:
    """An inverted index in memory: the top BM25 documents for a query."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        self.stats = TermStats.count(docs)
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            norm = K1 * (1 - B + B * len(doc) / self.stats.avg_length)
            for term, tf in Counter(doc).items():
                self._postings[term].append((i, tf * (K1 + 1) / (tf + norm)))

    def search(self, query: Iterable[str], k: int) -> list[tuple[int, float]]:
        """(document position, score) of the k best documents, best first, ties by position."""
        scores: dict[int, float] = defaultdict(float)
        for term in set(query):
            postings = self._postings.get(term)
            if postings:
                idf = self.stats.idf(term)
                for i, weight in postings:
                    scores[i] += idf * weight
        return heapq.nsmallest(k, scores.items(), key=lambda item: (-item[1], item[0]))
