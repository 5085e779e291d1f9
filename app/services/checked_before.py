"""Checked before: a claim's open matches as a reviewer reads them, and the two things a
reviewer does with one — apply its verdict (through the normal review path) or dismiss it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Integer, bindparam
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.db import DriverQuery, begin_write
from app.models import Claim, ClaimMatch, Document, FactCheck, MatchStatus, Review, User, utcnow
from app.services.errors import InvalidInput, NotFound
from app.services.events import MatchDismissed, record
from app.services.review import (
    APPLIED_CHECK_REASON,
    ReviewWritten,
    lock_claim,
    review_snapshot,
    reviews_of,
    write_review,
)
from app.services.visibility import EVERYTHING, Sight

SHOWN = 3  # matches shown per claim


@dataclass(frozen=True)
class EarlierCheck:
    """One open match, with what the reviewer needs to judge it."""

    id: int
    ref: str
    score: float
    text: str  # the earlier claim or the fact-check's claim
    label: str | None  # the verdict it brings (None: not checked yet)
    rating: str | None  # the fact-checker's own words
    by: str  # the fact-checker, or the title of the earlier claim's document
    date: dt.date | None
    link: str | None  # the fact-check's page
    claim_uid: str | None  # the earlier claim's id, for a link to its page
    near_duplicate: bool

    @property
    def from_fact_check(self) -> bool:
        return self.claim_uid is None


def earlier_checks(
    session: Session, claim_id: int, sight: Sight = EVERYTHING, limit: int = SHOWN
) -> list[EarlierCheck]:
    """The claim's open matches, best first, each with its verdict and where it was given.

    Under blind review a reviewer sees an earlier claim's verdict only where they labelled
    that claim themselves; imported fact-checks are nobody's work here and always show.
    Read in one statement with what each match points at (the queue shows them with
    every claim: two more reads a match cost a label up to six statements)."""
    return checks_from(session, OPEN_CHECKS.rows(session, {"claim_id": claim_id}), sight,
                       limit)


def checks_from(session: Session, rows: list[tuple], sight: Sight = EVERYTHING,
                limit: int = SHOWN) -> list[EarlierCheck]:
    """As `earlier_checks`, from the claim's rows of `OPEN_CHECKS`."""
    shown = []
    for row in rows:
        if row.match_claim_id is not None and not _may_see(session, sight, row):
            continue
        check = _check_from(row)
        if check is not None:
            shown.append(check)
        if len(shown) == limit:
            break
    return shown


def _may_see(session: Session, sight: Sight, match: ClaimMatch | tuple) -> bool:
    """Whether the viewer may see the verdict of the earlier claim a match points at."""
    if not sight.blind:
        return True
    mine = select(Review.id).where(Review.claim_id == match.match_claim_id,
                                   Review.reviewer_id == sight.viewer_id)
    return session.exec(mine).first() is not None


def _describe(session: Session, match: ClaimMatch) -> EarlierCheck | None:
    """A match as shown; None when what it pointed at is gone."""
    return _check_from(_ONE_CHECK.first(session, {"match_id": match.id}))


def _check_from(row: tuple | None) -> EarlierCheck | None:
    """A match as shown, from its row of `_DESCRIBED`; None when what it pointed at is
    gone (a fact-check deleted, an earlier claim retired)."""
    if row is None:
        return None
    common = {"id": row.id, "ref": row.ref, "score": row.score,
              "near_duplicate": row.near_duplicate}
    if row.fact_check_id is not None:
        if row.fact_id is None:
            return None
        return EarlierCheck(**common, text=row.fact_text, label=row.fact_label,
                            rating=row.fact_rating, by=_checker(row.fact_author, row.fact_url),
                            date=row.fact_published, link=row.fact_url, claim_uid=None)
    if row.other_id is None or row.other_status != "active":
        return None
    found = row.document_id is not None
    return EarlierCheck(**common, text=row.other_text, label=row.other_verdict, rating=None,
                        by=row.document_title if found else "another document",
                        date=row.document_published if found else None, link=None,
                        claim_uid=row.other_uid)


_EARLIER = aliased(Claim)
_DESCRIBED = (
    select(ClaimMatch.id, ClaimMatch.ref, ClaimMatch.score, ClaimMatch.near_duplicate,
           ClaimMatch.fact_check_id, ClaimMatch.match_claim_id,
           FactCheck.id.label("fact_id"), FactCheck.text.label("fact_text"),
           FactCheck.label.label("fact_label"), FactCheck.rating.label("fact_rating"),
           FactCheck.author.label("fact_author"), FactCheck.url.label("fact_url"),
           FactCheck.published.label("fact_published"),
           _EARLIER.id.label("other_id"), _EARLIER.text.label("other_text"),
           _EARLIER.verdict.label("other_verdict"), _EARLIER.status.label("other_status"),
           _EARLIER.uid.label("other_uid"), Document.id.label("document_id"),
           Document.title.label("document_title"),
           Document.published.label("document_published"))
    .outerjoin(FactCheck, FactCheck.id == ClaimMatch.fact_check_id)
    .outerjoin(_EARLIER, _EARLIER.id == ClaimMatch.match_claim_id)
    .outerjoin(Document, Document.id == _EARLIER.document_id))
OPEN_CHECKS = DriverQuery(_DESCRIBED.where(
    ClaimMatch.claim_id == bindparam("claim_id", type_=Integer),
    ClaimMatch.status == MatchStatus.OPEN.value).order_by(ClaimMatch.score.desc(),
                                                          ClaimMatch.id))
_ONE_CHECK = DriverQuery(_DESCRIBED.where(ClaimMatch.id == bindparam("match_id", type_=Integer)))


def _checker(author: str | None, url: str | None) -> str:
    """Who checked it: the author, else the site of its link."""
    if author:
        return author
    host = urlsplit(url or "").netloc
    return host.removeprefix("www.") or "an imported fact-check"


def apply_match(
    *,
    session: Session,
    actor: User,
    claim_id: int,
    match_id: int,
    expected_version: int | None = None,
    reviews_required: int = 1,
    require_note_for: Collection[str] = (),
    site_url: str = "",
    sight: Sight = EVERYTHING,
) -> ReviewWritten:
    """Label a claim with its match's verdict, the match as evidence: a review.set event
    whose reason names the match (the write, with that event). The actor's note and evidence
    so far are kept.

    `site_url` makes an earlier claim's page an absolute link (evidence is http(s) only);
    under a blind `sight`, a match whose verdict the reviewer may not see is not found."""
    match = _open_match(session, match_id, claim_id)
    if match.match_claim_id is not None and not _may_see(session, sight, match):
        session.rollback()  # (under blind review: a verdict not shown is not applied)
        raise NotFound("no such open match for this claim: it was applied or dismissed")
    check = _describe(session, match)
    if check is None or check.label is None:
        raise InvalidInput("this match carries no verdict to apply")
    mine = next((review_snapshot(review) for review, _ in reviews_of(session, claim_id)
                 if review.reviewer_id == actor.id), None) or {}
    link = check.link or (f"{site_url.rstrip('/')}/claims/{check.claim_uid}" if site_url else "")
    evidence = list(mine.get("evidence", []))
    if link and link not in evidence:
        evidence.append(link)
    written = write_review(
        session=session, claim_id=claim_id, actor=actor, label=check.label,
        note=mine.get("note", ""), evidence=evidence, expected_version=expected_version,
        reviews_required=reviews_required, require_note_for=require_note_for,
        reason=f"{APPLIED_CHECK_REASON}{check.label} by {check.by} ({check.ref}, score "
               f"{check.score:.2f})")
    _close(session, match_id, MatchStatus.APPLIED)
    return written


def dismiss_match(*, session: Session, actor: User, claim_id: int, match_id: int) -> None:
    """Hide a match that does not check the claim (a match.dismissed event)."""
    check = _describe(session, _open_match(session, match_id, claim_id))
    begin_write(session)
    claim = lock_claim(session, claim_id, None)
    match = _open_match(session, match_id, claim_id)
    match.status, match.updated_at = MatchStatus.DISMISSED.value, utcnow()
    session.add(match)
    record(session, MatchDismissed(
        actor=actor, claim_id=claim_id, document_id=claim.document_id,
        after={"text": check.text if check else "", "match": match.ref,
               "score": round(match.score, 4)},
        reason="does not check this claim"))
    session.commit()


def _open_match(session: Session, match_id: int, claim_id: int) -> ClaimMatch:
    """An open match of this claim, or NotFound."""
    match = session.get(ClaimMatch, match_id)
    if match is None or match.claim_id != claim_id or match.status != MatchStatus.OPEN.value:
        session.rollback()  # whether reading or writing, nothing of this stays
        raise NotFound("no such open match for this claim: it was applied or dismissed")
    return match


def _close(session: Session, match_id: int, status: MatchStatus) -> None:
    """Set a match's status in its own write."""
    begin_write(session)
    match = session.get(ClaimMatch, match_id)
    match.status, match.updated_at = status.value, utcnow()
    session.commit()
