"""Has this been checked before? Each claim's likely earlier checks: imported fact-checks and
claims of other documents with a verdict (the knowledge base), and near-duplicates.

Candidates come from the database's full-text index (bounded, so matching a claim costs the
same at any size), then app.matching's learned ranking orders them. Near-duplicates are told
by the exact Jaccard of word 3-shingles on those candidates: the index already narrowed the
field as MinHash/LSH banding would, so estimating the Jaccard buys nothing here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.db import begin_write, insert_rows
from app.matching import rank_candidates, warm
from app.matching.text import Prepared, prepare, stems, words
from app.models import (
    Claim,
    ClaimMatch,
    ClaimStatus,
    FactCheck,
    MatchStatus,
    PendingMatch,
    utcnow,
)
from app.services.fact_checks import candidate_ids

CANDIDATES = 50  # from the full-text index, per kind
MIN_SCORE = 0.5  # the re-ranker's probability a match must reach to be shown
KEPT = 3  # matches kept per kind and claim
NEAR_DUPLICATE = 0.6  # Jaccard of word 3-shingles
OFFER_CANDIDATES = 20  # full-text candidates ranked when a claim gets a verdict
OFFERED = 10  # claims a new verdict is offered to, at most (the best ranked)
PENDING_BATCH = 500  # claims an interrupted ingest left unmatched, matched together

log = logging.getLogger(__name__)


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


def _fact_check_matches(session: Session, claim: Claim, known: dict | None = None) -> list[Found]:
    """The best imported fact-checks for a claim (`known`: word counts, see rows_holding)."""
    ids = candidate_ids(session, "fact_check", claim.text, CANDIDATES, known)
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


def _claim_matches(session: Session, claim: Claim, known: dict | None = None) -> list[Found]:
    """Claims of other documents that checked this one (with a verdict) or repeat it."""
    ids = [i for i in candidate_ids(session, "claim", claim.text, CANDIDATES, known)
           if i != claim.id]
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


def find_matches(session: Session, claim: Claim, known: dict | None = None) -> list[Found]:
    """A claim's matches, best first: fact-checks and earlier claims (`known` keeps the
    index's word counts between the claims of one call)."""
    found = _fact_check_matches(session, claim, known) + _claim_matches(session, claim, known)
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
    """Match claims (new at ingest, or again) and store what is found, taking them off the
    queue of claims waiting to be matched in the same write; returns matches added."""
    claims = list(session.exec(select(Claim).where(Claim.id.in_(claim_ids))))
    warm([c.text for c in claims])  # their vectors in one batch, 4x cheaper than one by one
    known: dict = {}  # a document's claims share words: each is counted once
    return _store_all(session, {c.id: find_matches(session, c, known) for c in claims},
                      done=claim_ids)


def match_apart(engine: Engine, claim_ids: Sequence[int]) -> None:
    """Match claims in a session of their own, a failure logged (the claims stay queued for
    the next ingest): for work done after a web answer is sent, where nothing can be told."""
    if not claim_ids:
        return
    with Session(engine) as session:
        try:
            match_claims(session=session, claim_ids=claim_ids)
        except Exception:  # noqa: BLE001 - nobody waits for it: log it, the queue keeps them
            log.exception("matching claims %s… failed; they stay queued", claim_ids[:5])


def match_pending(session: Session, batch: int = PENDING_BATCH) -> int:
    """Match the claims still queued by an ingest that stopped before matching them (killed,
    interrupted, a web worker's timeout), `batch` at a time; how many claims were matched."""
    total = 0
    while ids := list(session.exec(select(PendingMatch.claim_id)
                                   .order_by(PendingMatch.claim_id).limit(batch))):
        session.rollback()  # (the read's own transaction: matching writes in its own)
        match_claims(session=session, claim_ids=ids)
        total += len(ids)
    return total


def refresh_after_verdict(*, session: Session, claim_id: int) -> int:
    """A claim just got a verdict: offer it to the unlabelled claims of other documents it
    may check. One ranking, the new verdict's claim against its full-text candidates (the
    reverse of a claim's own matching, same model), instead of matching each of them again:
    a review costs the same at any size."""
    claim = session.get(Claim, claim_id)
    if claim is None or claim.verdict is None:
        return 0
    ids = [i for i in candidate_ids(session, "claim", claim.text, OFFER_CANDIDATES)
           if i != claim_id]
    waiting = dict(session.exec(select(Claim.id, Claim.text).where(
        Claim.id.in_(ids), Claim.verdict.is_(None), Claim.document_id != claim.document_id,
        Claim.status == ClaimStatus.ACTIVE.value)).all())
    own = shingles(claim.text)
    offers = {}
    for m in rank_candidates(claim.text, [(str(i), prepare(waiting[i]))
                                          for i in ids if i in waiting]):
        near = jaccard(own, shingles(waiting[int(m.id)])) >= NEAR_DUPLICATE
        if near or m.score >= MIN_SCORE:
            offers[int(m.id)] = Found(f"claim:{claim_id}", m.score, match_claim_id=claim_id,
                                      near_duplicate=near)
    return _offer(session, dict(list(offers.items())[:OFFERED]))


def _offer(session: Session, offers: dict[int, Found]) -> int:
    """Store one earlier claim's match on each of the claims in `offers` that lacks it, in
    one write (a claim that dismissed it keeps it dismissed)."""
    if not offers:
        session.commit()  # end the read; nothing to write
        return 0
    ref = next(iter(offers.values())).ref
    begin_write(session)
    known = set(session.exec(select(ClaimMatch.claim_id).where(
        ClaimMatch.claim_id.in_(list(offers)), ClaimMatch.ref == ref)))
    now = utcnow()
    insert_rows(session, ClaimMatch, [
        {"claim_id": i, "ref": ref, "score": f.score, "fact_check_id": None,
         "match_claim_id": f.match_claim_id, "near_duplicate": f.near_duplicate,
         "status": MatchStatus.OPEN.value, "created_at": now, "updated_at": now}
        for i, f in offers.items() if i not in known])
    session.commit()
    return len(offers) - len(known)


def _store_all(session: Session, found: dict[int, list[Found]],
               done: Sequence[int] = ()) -> int:
    """Store each claim's new matches in one write, the claims `done` taken off the queue of
    those waiting to be matched; returns how many matches were added."""
    begin_write(session)
    added = sum(store_matches(session, claim_id, f) for claim_id, f in found.items())
    if done:
        session.exec(delete(PendingMatch).where(PendingMatch.claim_id.in_(list(done))))
    session.commit()
    return added


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
