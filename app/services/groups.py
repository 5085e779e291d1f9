"""Near-duplicate groups: the same claim worded alike in several documents, seen and labelled
together.

Matching stores, for each claim, its near-duplicates in other documents (claim_match rows
with near_duplicate set, app/services/matches.py); a group is what those links join, a link
a reviewer dismissed left out. Groups are read for a page of claims at a time, a bounded
walk from each, so their cost does not grow with the database. Labelling a group labels each
claim through the review service: one event each, each against the version the reviewer saw.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_
from sqlmodel import Session, select

from app.models import Claim, ClaimMatch, ClaimStatus, Document, MatchStatus, User
from app.services import review
from app.services.errors import ClaimdeskError, InvalidInput, NotFound, StaleVersion

MAX_GROUP = 50  # claims a group shows and labels at once: more is a topic, not a duplicate
MAX_HOPS = 3  # links walked from a claim (a twin of a twin of a twin)


@dataclass
class Twin:
    """A near-duplicate of a claim on the page, with what the table shows of it."""

    claim: Claim
    document_title: str


@dataclass
class GroupLabelled:
    """What labelling a group did: the claims labelled and those refused, with why."""

    done: list[Claim] = field(default_factory=list)
    refused: list[ClaimdeskError] = field(default_factory=list)

    @property
    def stale(self) -> list[StaleVersion]:
        return [error for error in self.refused if isinstance(error, StaleVersion)]


def _links(session: Session, claim_ids: Collection[int]) -> dict[int, set[int]]:
    """Each of `claim_ids`' near-duplicates, either way round (not the dismissed links)."""
    if not claim_ids:
        return {}
    ids = list(claim_ids)
    rows = session.exec(
        select(ClaimMatch.claim_id, ClaimMatch.match_claim_id).where(
            ClaimMatch.near_duplicate.is_(True),
            ClaimMatch.status != MatchStatus.DISMISSED.value,
            ClaimMatch.match_claim_id.is_not(None),
            or_(ClaimMatch.claim_id.in_(ids), ClaimMatch.match_claim_id.in_(ids))))
    found: dict[int, set[int]] = {}
    for one, other in rows:
        found.setdefault(one, set()).add(other)
        found.setdefault(other, set()).add(one)
    return found


def groups_of(session: Session, claim_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each claim, the other active claims of its group (up to MAX_GROUP, nearest
    first); claims without a near-duplicate are left out."""
    groups = {claim_id: [claim_id] for claim_id in claim_ids}
    frontier = {claim_id: {claim_id} for claim_id in groups}
    for _ in range(MAX_HOPS):
        wanted = set().union(*frontier.values()) if frontier else set()
        links = _links(session, wanted)
        for claim_id, edge in list(frontier.items()):
            seen = groups[claim_id]
            new = sorted({t for c in edge for t in links.get(c, ())} - set(seen))
            seen += new[: MAX_GROUP - len(seen)]
            frontier[claim_id] = set(new) if len(seen) < MAX_GROUP else set()
        frontier = {k: v for k, v in frontier.items() if v}
        if not frontier:
            break
    active = _active(session, {t for members in groups.values() for t in members})
    return {claim_id: [t for t in members[1:] if t in active]
            for claim_id, members in groups.items()
            if any(t in active for t in members[1:])}


def _active(session: Session, claim_ids: set[int]) -> set[int]:
    if not claim_ids:
        return set()
    return set(session.exec(select(Claim.id).where(
        Claim.id.in_(list(claim_ids)), Claim.status == ClaimStatus.ACTIVE.value)))


def twins_of(session: Session, claim_ids: Iterable[int]) -> dict[int, list[Twin]]:
    """Each claim's near-duplicates as the table shows them, with their documents' titles."""
    groups = groups_of(session, claim_ids)
    wanted = {t for members in groups.values() for t in members}
    if not wanted:
        return {}
    rows = {claim.id: Twin(claim, title) for claim, title in session.exec(
        select(Claim, Document.title).join(Document, Document.id == Claim.document_id)
        .where(Claim.id.in_(list(wanted))))}
    return {claim_id: [rows[t] for t in members if t in rows]
            for claim_id, members in groups.items()}


def first_of_each_group(claim_ids: Iterable[int], twins: dict[int, list[Twin]]) -> list[int]:
    """The claims of a page in order, less those already shown as a twin of an earlier one."""
    shown: set[int] = set()
    kept = []
    for claim_id in claim_ids:
        if claim_id not in shown:
            kept.append(claim_id)
            shown |= {claim_id, *(twin.claim.id for twin in twins.get(claim_id, []))}
    return kept


def label_group(
    *, session: Session, actor: User, claim_id: int, versions: dict[int, int], label: str,
    reviews_required: int = 1, require_note_for: Collection[str] = (),
) -> GroupLabelled:
    """The same label on a claim and the near-duplicates of its group the reviewer saw
    (`versions`: claim id → the version shown), each through review.set_review.

    Nothing is written when any of them changed since it was shown (the reviewer is to look
    again): the stale ones are returned refused. A claim outside the group is refused as
    input, so this is no way round the bulk action's rules. A reviewer's own note and
    evidence on a claim are kept.
    """
    review.parse_label(label)
    members = {claim_id, *groups_of(session, [claim_id]).get(claim_id, [])}
    strangers = set(versions) - members
    if strangers or claim_id not in versions:
        raise InvalidInput("only a claim and its near-duplicates are labelled as a group: "
                           f"{', '.join(map(str, sorted(strangers))) or claim_id} is not one")
    result = GroupLabelled()
    current = {c.id: c for c in session.exec(select(Claim).where(Claim.id.in_(list(versions))))}
    session.rollback()
    if claim_id not in current:
        raise NotFound(f"no claim {claim_id}")
    for member, version in versions.items():
        if current[member].version != version:
            result.refused.append(StaleVersion(
                f"claim {member} changed since you saw it (version {version}, now "
                f"{current[member].version})", current=current[member]))
    if result.refused:
        return result
    for member, version in sorted(versions.items()):
        own = next((r for r, _ in review.reviews_of(session, member)
                    if r.reviewer_id == actor.id), None)
        try:
            result.done.append(review.set_review(
                session=session, claim_id=member, actor=actor, label=label,
                note=own.note if own else "", evidence=own.evidence if own else [],
                outdated_since=own.outdated_since if own else None,  # (kept when "outdated")
                expected_version=version, reviews_required=reviews_required,
                require_note_for=require_note_for,
                reason=f"labelled with its near-duplicate group (claim {claim_id})"))
        except (StaleVersion, InvalidInput) as error:
            result.refused.append(error)
    return result
