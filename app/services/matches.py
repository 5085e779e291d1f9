"""Has this been checked before? Each claim's likely earlier checks: imported fact-checks and
claims of other documents with a verdict (the knowledge base), and near-duplicates.

Candidates come from the database's full-text index (bounded, so matching a claim costs the
same at any size), then app.matching's learned ranking orders them. Near-duplicates are told
by the exact Jaccard of word 3-shingles on those candidates: the index already narrowed the
field as MinHash/LSH banding would, so estimating the Jaccard buys nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from app.db import begin_write
from app.matching import rank_candidates
from app.matching.text import Prepared, prepare, stems, words
from app.models import Claim, ClaimMatch, ClaimStatus, FactCheck, MatchStatus, User, utcnow
from app.services.errors import InvalidInput, NotFound
from app.services.fact_checks import candidate_ids
from app.services.review import set_review

CANDIDATES = 50  # from the full-text index, per kind
MIN_SCORE = 0.5  # the re-ranker's probability a match must reach to be shown
KEPT = 3  # matches kept per kind and claim
NEAR_DUPLICATE = 0.6  # Jaccard of word 3-shingles


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """The word `size`-grams of a text's stems (the whole text when shorter)."""
    tokens = stems(words(text))
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True)
class Found:
    """A match before it is stored."""

    ref: str
    score: float
    fact_check_id: int | None = None
    match_claim_id: int | None = None
    near_duplicate: bool = False


def _fact_check_matches(session: Session, claim: Claim) -> list[Found]:
    """The best imported fact-checks for a claim."""
    ids = candidate_ids(session, "fact_check", claim.text, CANDIDATES)
    rows = {f.id: f for f in session.exec(select(FactCheck).where(FactCheck.id.in_(ids)))}
    found: list[tuple[str, Prepared]] = [
        (str(i), prepare(rows[i].text, rows[i].title)) for i in ids if i in rows
    ]
    ranked = rank_candidates(claim.text, found)
    return [
        Found(f"fact_check:{m.id}", m.score, fact_check_id=int(m.id))
        for m in ranked
        if m.score >= MIN_SCORE
    ][:KEPT]


def _claim_matches(session: Session, claim: Claim) -> list[Found]:
    """Claims of other documents that checked this one (with a verdict) or repeat it."""
    ids = [i for i in candidate_ids(session, "claim", claim.text, CANDIDATES) if i != claim.id]
    others = {
        c.id: c
        for c in session.exec(
            select(Claim).where(
                Claim.id.in_(ids),
                Claim.document_id != claim.document_id,
                Claim.status == ClaimStatus.ACTIVE.value,
            )
        )
    }
    found = [(str(i), prepare(others[i].text)) for i in ids if i in others]
    own = shingles(claim.text)
    kept = []
    for m in rank_candidates(claim.text, found):
        other = others[int(m.id)]
        near = jaccard(own, shingles(other.text)) >= NEAR_DUPLICATE
        if near or (other.verdict is not None and m.score >= MIN_SCORE):
            kept.append(
                Found(f"claim:{m.id}", m.score, match_claim_id=other.id, near_duplicate=near)
            )
    return kept[:KEPT]


def find_matches(session: Session, claim: Claim) -> list[Found]:
    """A claim's matches, best first: fact-checks and earlier claims."""
    found = _fact_check_matches(session, claim) + _claim_matches(session, claim)
    return sorted(found, key=lambda f: -f.score)


def store_matches(session: Session, claim_id: int, found: Sequence[Found]) -> int:
    """Add matches a claim does not have yet (a dismissed one stays dismissed); caller commits."""
    known = set(session.exec(select(ClaimMatch.ref).where(ClaimMatch.claim_id == claim_id)))
    new = [f for f in found if f.ref not in known]
    for f in new:
        session.add(
            ClaimMatch(
                claim_id=claim_id,
                ref=f.ref,
                score=f.score,
                fact_check_id=f.fact_check_id,
                match_claim_id=f.match_claim_id,
                near_duplicate=f.near_duplicate,
            )
        )
    return len(new)


def match_claims(*, session: Session, claim_ids: Sequence[int]) -> int:
    """Match claims (new at ingest, or again) and store what is found; returns matches added."""
    claims = list(session.exec(select(Claim).where(Claim.id.in_(claim_ids))))
    found = {c.id: find_matches(session, c) for c in claims}
    begin_write(session)
    added = sum(store_matches(session, claim_id, f) for claim_id, f in found.items())
    session.commit()
    return added


def refresh_after_verdict(*, session: Session, claim_id: int) -> int:
    """A claim just got a verdict: offer it to the claims of other documents it may check."""
    claim = session.get(Claim, claim_id)
    if claim is None or claim.verdict is None:
        return 0
    ids = [i for i in candidate_ids(session, "claim", claim.text, CANDIDATES) if i != claim_id]
    unreviewed = list(
        session.exec(
            select(Claim.id).where(
                Claim.id.in_(ids), Claim.verdict.is_(None), Claim.document_id != claim.document_id
            )
        )
    )
    return match_claims(session=session, claim_ids=unreviewed) if unreviewed else 0


def open_matches(session: Session, claim_id: int) -> list[ClaimMatch]:
    """A claim's matches not yet applied or dismissed, best first."""
    return list(
        session.exec(
            select(ClaimMatch)
            .where(
                ClaimMatch.claim_id == claim_id,
                ClaimMatch.status == MatchStatus.OPEN.value,
            )
            .order_by(ClaimMatch.score.desc(), ClaimMatch.id)
        )
    )


def verdict_of(session: Session, match: ClaimMatch) -> tuple[str | None, str | None]:
    """(label, evidence link) a match brings: the fact-check's or the earlier claim's."""
    if match.fact_check_id is not None:
        check = session.get(FactCheck, match.fact_check_id)
        return (check.label, check.url) if check else (None, None)
    other = session.get(Claim, match.match_claim_id)
    return (other.verdict, f"/claims/{other.uid}") if other else (None, None)


def _open_match(session: Session, match_id: int, claim_id: int) -> ClaimMatch:
    """An open match of this claim, or NotFound."""
    match = session.get(ClaimMatch, match_id)
    if match is None or match.claim_id != claim_id or match.status != MatchStatus.OPEN.value:
        raise NotFound("no such open match for this claim")
    return match


def apply_match(
    *,
    session: Session,
    actor: User,
    claim_id: int,
    match_id: int,
    expected_version: int | None = None,
    reviews_required: int = 1,
) -> Claim:
    """Label a claim with its match's verdict, the match as evidence (a review.set event)."""
    match = _open_match(session, match_id, claim_id)
    label, link = verdict_of(session, match)
    if label is None:
        raise InvalidInput("this match carries no verdict to apply")
    claim = set_review(
        session=session,
        claim_id=claim_id,
        actor=actor,
        label=label,
        evidence=[link] if link else [],
        expected_version=expected_version,
        reviews_required=reviews_required,
        reason=f"checked before: {match.ref}",
    )
    _close(session, match_id, MatchStatus.APPLIED)
    return claim


def dismiss_match(*, session: Session, claim_id: int, match_id: int) -> None:
    """Hide a match that does not check the claim."""
    _open_match(session, match_id, claim_id)
    _close(session, match_id, MatchStatus.DISMISSED)


def _close(session: Session, match_id: int, status: MatchStatus) -> None:
    """Set a match's status in its own write."""
    begin_write(session)
    match = session.get(ClaimMatch, match_id)
    match.status, match.updated_at = status.value, utcnow()
    session.commit()
