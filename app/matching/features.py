"""What the re-ranker knows of a (query, candidate) pair: lexical evidence in 24 numbers.

Scores are taken against the other candidates of the same query too (share of the best,
rank, gap), because "the best of these" matters more than an absolute score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.matching.bm25 import TermStats
from app.matching.text import Prepared

FEATURES = (
    "bm25",
    "bm25_share_of_best",
    "log_rank",
    "bm25_gap_to_best",
    "bm25_per_query_idf",
    "bm25_body",
    "bm25_body_text",
    "bm25_body_title",
    "cosine_body",
    "bm25_prefix",
    "cosine_prefix",
    "bigram_share",
    "char_gram_cosine",
    "candidate_covered",
    "query_covered",
    "numbers_shared",
    "numbers_unmatched",
    "names_shared",
    "names_unmatched_share",
    "author_named",
    "log_query_length",
    "log_candidate_length",
    "best_shared_idf",
    "terms_shared",
    "posted_month_named",
    "posted_year_named",
    "other_year_named",
)


@dataclass(frozen=True)
class Statistics:
    """Collection statistics for stems and for prefixes (shipped with the model)."""

    stems: TermStats
    prefixes: TermStats


def _gram_cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine of two character-gram count vectors."""
    na = math.sqrt(sum(n * n for n in a.values()))
    nb = math.sqrt(sum(n * n for n in b.values()))
    if not na or not nb:
        return 0.0
    return sum(n * b.get(g, 0) for g, n in a.items()) / (na * nb)


def _pair(q: Prepared, d: Prepared, stats: Statistics) -> list[float]:
    """Features of one pair that do not depend on the other candidates."""
    st = stats.stems
    shared = set(q.body_stems) & set(d.stems)
    d_mass, q_mass = st.mass(d.stems) or 1.0, st.mass(q.body_stems) or 1.0
    shared_mass = st.mass(shared)
    return [
        st.bm25(q.body_stems, d.stems),
        st.bm25(q.body_stems, d.text_stems),
        st.bm25(q.body_stems, d.title_stems),
        st.cosine(q.body_stems, d.stems),
        stats.prefixes.bm25(q.prefixes, d.prefixes),
        stats.prefixes.cosine(q.prefixes, d.prefixes),
        len(q.bigrams & d.bigrams) / (len(d.bigrams) or 1),
        _gram_cosine(q.grams, d.grams),
        shared_mass / d_mass,
        shared_mass / q_mass,
        float(len(q.numbers & d.numbers)),
        float(bool(d.numbers - q.numbers)),
        float(len(q.names & d.names)),
        len(d.names - q.names) / (len(d.names) or 1),
        float(len(q.author_stems & set(d.stems))),
        math.log1p(len(q.body_stems)),
        math.log1p(len(d.stems)),
        max((st.idf(t) for t in shared), default=0.0),
        float(len(shared)),
        *_dates(q, d),
    ]


def _dates(q: Prepared, d: Prepared) -> list[float]:
    """Whether a candidate names the month and the year a post was made (a fact-check is
    about what was news then), and whether it names only other years than the query's."""
    year = {q.posted[0]} if q.posted else set()
    return [
        float(q.posted in d.months),
        float(bool(year & d.years)),
        float(bool(d.years) and not d.years & (year | q.years)),
    ]


def feature_rows(
    q: Prepared, candidates: Sequence[Prepared], stats: Statistics
) -> list[list[float]]:
    """One row of FEATURES per candidate, in the candidates' order."""
    if not candidates:
        return []
    scores = [stats.stems.bm25(q.stems, d.stems) for d in candidates]
    best = max(scores) or 1.0
    q_mass = stats.stems.mass(q.stems) or 1.0
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    rank = {i: r for r, i in enumerate(order)}
    rows = []
    for i, d in enumerate(candidates):
        s = scores[i]
        head = [s, s / best, math.log1p(rank[i]), s - best, s / q_mass]
        rows.append(head + _pair(q, d, stats))
    return rows
