"""Claim matching: "has this been checked before?" — lexical candidates, learned re-ranking.

No Flask and no database here: the CLI, the services and the benchmarks share this ranking.
"""

from app.matching.matcher import Match, Matcher, Reference, rank_candidates
from app.matching.ranker import warm

__all__ = ["Match", "Matcher", "Reference", "rank_candidates", "warm"]
