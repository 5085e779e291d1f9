"""Blind review in one place: what a viewer may see of other people's work on a claim.

Under blind review a reviewer's label must not be swayed by anyone else's, so a plain
reviewer sees others' labels, notes, verdicts and settlements, and every filter, count or
figure drawn from them, only on the claims they have labelled themselves. Editors and
admins, and everyone when blind review is off, see everything. Pages, filters, counts,
charts and API answers that could show others' work all ask here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from app.models import Claim, Event, Review, User

Pair = tuple[Any, str]  # (a review, its reviewer's name)
# Events that are someone's review or an editor's verdict: shown only with the claim's reviews.
OTHERS_WORK_KINDS = ("review.", "verdict.")
# What other events of a claim carry of that work (a rewording keeps the withdrawn reviews).
OTHERS_WORK_KEYS = ("verdict", "settled_by", "reviews")


@dataclass(frozen=True)
class Sight:
    """One viewer under the desk's review settings."""

    viewer_id: int | None
    viewer_name: str
    blind: bool = False  # others' work shows only on the claims the viewer labelled
    reviews_required: int = 1


EVERYTHING = Sight(None, "")  # the CLI's and the editors' view


def sight_for(viewer: User, *, blind_review: bool, reviews_required: int = 1) -> Sight:
    """The viewer's sight: blind only for a plain reviewer, and only under blind review."""
    return Sight(viewer.id, viewer.username, blind_review and not viewer.may_edit,
                 reviews_required)


def labelled_by_viewer(sight: Sight):
    """SQL: the claim carries the viewer's own review.

    Aliased, so that it is correlated to the claim alone even where the statement itself
    reads reviews (the agreement's rows).
    """
    review = aliased(Review)
    return exists().where(review.claim_id == Claim.id, review.reviewer_id == sight.viewer_id)


def within_sight(statement, sight: Sight):
    """`statement` over claims narrowed to those whose reviews the viewer may see."""
    return statement.where(labelled_by_viewer(sight)) if sight.blind else statement


def awaiting_reviews(sight: Sight):
    """SQL: the claim still waits for reviews, as far as the viewer may tell.

    That is while it has no verdict; but a blind reviewer's queue would then skip exactly
    the claims that reached agreement, so for them a claim waits while it has fewer reviews
    than the desk requires, whatever those say (a conflict goes to an editor either way).
    """
    if not sight.blind:
        return Claim.verdict.is_(None)
    review = aliased(Review)
    if sight.reviews_required <= 1:  # the cheaper form of the same test
        return ~exists().where(review.claim_id == Claim.id)
    given = select(func.count(review.id)).where(review.claim_id == Claim.id).scalar_subquery()
    return given < sight.reviews_required


def visible_reviews(reviews: Sequence[Pair], sight: Sight) -> tuple[list[Pair], bool]:
    """The (review, reviewer name) pairs the viewer may see, and whether the claim's
    verdict and settlement may be shown with them."""
    if not sight.blind or any(name == sight.viewer_name for _, name in reviews):
        return list(reviews), True
    return [], False


def without_others_work(record: dict[str, Any]) -> dict[str, Any]:
    """An exported claim (export.claim_record) with no verdict, settlement or reviews."""
    return {**record, "verdict": None, "settled_by": None, "reviews": []}


def visible_history(history: list[Event], sight: Sight, *, show_all: bool) -> list[Event]:
    """A claim's events as the viewer may see them.

    Without `show_all` (a blind reviewer who has not labelled the claim): their own review
    events, none of anyone else's nor any verdict, and the claim's other events stripped
    of the reviews and verdict they recorded.
    """
    if show_all:
        return history
    return [_without_others_work(event) for event in history
            if not event.kind.startswith(OTHERS_WORK_KINDS) or event.actor_id == sight.viewer_id]


def _without_others_work(event: Event) -> Event:
    """The event, or a detached copy of it without OTHERS_WORK_KEYS (never the stored row:
    events are append-only, and a changed row in the session could be flushed)."""
    if not any(key in (state or {}) for state in (event.before, event.after)
               for key in OTHERS_WORK_KEYS):
        return event
    return Event(**{**event.model_dump(), "before": _stripped(event.before),
                    "after": _stripped(event.after)})


def _stripped(state: dict[str, Any] | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {key: value for key, value in state.items() if key not in OTHERS_WORK_KEYS}
