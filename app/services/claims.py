"""The claims table: filtered, searched, sorted, keyset-paginated (no OFFSET, however deep)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import and_, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.models import Claim, ClaimStatus, Document, Review, User, utcnow
from app.services.errors import InvalidInput, NotFound
from app.services.labels import (
    CONFLICT,
    HIDDEN,
    PENDING,
    STATES,
    UNREVIEWED,
    ClaimState,
    claim_state,
)
from app.services.search import (
    Search,
    claim_hits_subquery,
    found_more,
    hits_subquery,
    newest_reach,
    parse,
)
from app.services.visibility import EVERYTHING, Sight, visible_reviews, within_sight

PAGE_SIZE = 50
# Hits a search ranks past a page before the table's filters (status, verdict, reviewer…)
# drop some; when fewer than a page survive, every hit is joined and ranked as before.
RANKED_PAST_PAGE = 100
SORTS = ("relevance", "score", "newest", "oldest")  # relevance: the best hits of a search
VERDICT_FILTERS = STATES  # a verdict, or in conflict / needs more reviews / unreviewed


@dataclass(frozen=True)
class ClaimQuery:
    """What the table shows; every field narrows, None/False means any."""

    verdict: str | None = None
    document_id: int | None = None
    reviewer: str | None = None
    search: str | None = None
    time_sensitive: bool = False
    has_note: bool = False
    sort: str = ""  # the best hits first when searching, else the most check-worthy

    def __post_init__(self) -> None:
        if not self.sort or (self.sort == "relevance" and not self.search):
            object.__setattr__(self, "sort", "relevance" if self.search else "score")
        if self.sort not in SORTS:
            raise InvalidInput(f"unknown sort {self.sort!r}: use {', '.join(SORTS)}")
        if self.verdict and self.verdict not in VERDICT_FILTERS:
            raise InvalidInput(f"unknown verdict {self.verdict!r}")

    @property
    def reads_reviews(self) -> bool:
        """Whether a filter reads reviews or verdicts: others' work, under blind review."""
        return bool(self.verdict or self.reviewer or self.has_note)


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last row's sort key."""

    claim_id: int
    score: float | None = None
    relevance: float | None = None

    def as_params(self) -> dict[str, str]:
        params = {"after": str(self.claim_id)}
        if self.score is not None:
            params["after_score"] = repr(self.score)
        if self.relevance is not None:
            params["after_rank"] = repr(self.relevance)
        return params


# A page's claims are read as plain rows of their columns, not ORM objects: each claim
# tracked by the session and its JSON columns decoded into it cost ~5 ms of a search at 1 M
# claims. The rows read like claims (`row.claim.text`); nothing writes through them.
_CLAIM_COLUMNS = tuple(Claim.__table__.columns)


@dataclass
class ClaimRow:
    """One row of the table: the claim, its document's title, its reviewers' names."""

    claim: sa.Row  # the claim's columns (with the page's own beside them: title, relevance)
    document_title: str
    reviewers: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    relevance: float | None = None  # how well it answers the search
    notes: list[str] = field(default_factory=list)  # the notes the viewer may read, if searched

    def state(self, reviews_required: int = 1) -> ClaimState:
        return claim_state(self.claim.verdict, self.labels, reviews_required)

    def reviews_shown(self, sight: Sight) -> bool:
        """Whether the viewer may see the row's reviewers and verdict (blind review)."""
        return visible_reviews([(None, name) for name in self.reviewers], sight)[1]

    def state_seen(self, sight: Sight) -> ClaimState:
        """The row's review state as the viewer may see it: hidden under blind review."""
        return self.state(sight.reviews_required) if self.reviews_shown(sight) else ClaimState(
            HIDDEN)


@dataclass
class ClaimPage:
    """A page of rows and the cursor of the next page (None on the last)."""

    rows: list[ClaimRow]
    next_cursor: Cursor | None
    search: Search | None = None  # what was searched, to show where it was found
    more_found: bool = False  # the search found more claims than it ranks (search.MOST_FOUND)


def list_claims(
    session: Session, query: ClaimQuery, *, after: Cursor | None = None, limit: int = PAGE_SIZE,
    sight: Sight = EVERYTHING,
) -> ClaimPage:
    """One page of claims under `query`, starting after `after`.

    Filters on reviews reach, for a blind reviewer, only the claims they labelled: any
    other claim they matched would tell them what someone else said about it; a search
    reads notes on the same terms. A search nothing can be found for is Unsearchable.
    """
    search = parse(query.search) if query.search else None
    dialect = session.get_bind().dialect.name
    reach = newest_reach(session, search) if search else None
    hits = hits_subquery(dialect, search, sight, reach) if search else None
    found = None
    if search and query.sort == "relevance":  # the claims' own words first: the best hits
        # when they give a page; else all hits, ranked to a page; else all hits joined
        for best in (claim_hits_subquery(dialect, search, reach), hits):
            found = _best_hits_page(session, query, best, after=after, limit=limit,
                                    sight=sight, complete=best is hits)
            if found is not None:
                break
    if found is None:
        found = list(session.execute(_page_statement(
            query, hits, after=after, limit=limit, sight=sight,
            extra=(hits.c.more,) if hits is not None else ())))
    rows = [ClaimRow(row, row.document_title, relevance=row.relevance) for row in found[:limit]]
    _attach_reviews(session, rows, sight, notes=bool(search))
    more = len(found) > limit
    last = rows[-1] if rows and more else None
    return ClaimPage(rows, _cursor_after(last, query.sort) if last else None, search,
                     more_found=bool(search) and _more_found(session, search, found))


def _more_found(session: Session, search: Search, found: list) -> bool:
    """Whether the search left hits unranked: as its rows tell, else asked of the index."""
    return bool(found[0].more) if found else found_more(session, search)


def _page_statement(query: ClaimQuery, hits, *, after: Cursor | None, limit: int, sight: Sight,
                    extra: tuple = ()):
    """The page's statement: active claims (those of `hits` if searched) under the query's
    filters and the viewer's sight, in the query's order after `after`, one row past the page."""
    relevance = (hits.c.relevance if hits is not None
                 else sa.cast(sa.null(), sa.Float).label("relevance"))
    statement = sa.select(*_CLAIM_COLUMNS, Document.title.label("document_title"), relevance,
                          *extra)
    if hits is not None:
        statement = statement.join(hits, hits.c.claim_id == Claim.id)
    statement = (statement.join(Document, Document.id == Claim.document_id)
                 .where(Claim.status == ClaimStatus.ACTIVE.value))
    statement = _filtered(statement, query)
    if query.reads_reviews:
        statement = within_sight(statement, sight)
    return _order_and_seek(statement, query.sort, after, relevance).limit(limit + 1)


def _best_hits_page(session: Session, query: ClaimQuery, hits, *, after: Cursor | None,
                    limit: int, sight: Sight, complete: bool = True) -> list | None:
    """The rows of a page by relevance read from the best hits alone (ranked inside the
    search, RANKED_PAST_PAGE beyond the page for the rows the filters drop), or None when
    the filters left less than a page of them while more hits were left unranked (or, when
    `hits` are not all of the search's, `complete` False, whenever less than a page is left).

    Joining every hit (up to ~4,000: the newest claims, the titled documents' claims, the
    notes) to its claim and document before keeping a page cost most of a search at 1 M
    claims; the best hits in the same order are the same rows as long as a page survives.
    """
    ranked = limit + 1 + RANKED_PAST_PAGE
    best = (_order_and_seek(select(hits.c.claim_id, hits.c.relevance, hits.c.more,
                                   func.count().over().label("hit_count")),
                            "relevance", after, hits.c.relevance, claim_id=hits.c.claim_id)
            .limit(ranked).subquery("best"))
    found = list(session.execute(_page_statement(
        query, best, after=after, limit=limit, sight=sight,
        extra=(best.c.more, best.c.hit_count))))
    if len(found) > limit or (complete and found and found[0].hit_count <= ranked):
        return found
    return None


def _cursor_after(row: ClaimRow, sort: str) -> Cursor:
    """The cursor of the page that follows `row`, carrying the key the sort reads."""
    if sort == "relevance":
        return Cursor(row.claim.id, relevance=row.relevance)
    return Cursor(row.claim.id, row.claim.score if sort == "score" else None)


def claim_id_for(session: Session, ref: int | str) -> int:
    """The id of the claim `ref` names: its id, or the stable uid of the export and API."""
    if isinstance(ref, int):
        return ref
    found = session.exec(select(Claim.id).where(Claim.uid == ref)).first()
    if found is None:
        raise NotFound(f"no claim {ref}")
    return found


def _filtered(statement, query: ClaimQuery):
    open_state = query.verdict in (CONFLICT, PENDING, UNREVIEWED)
    statement = narrowed(statement, verdict=None if open_state else query.verdict,
                         document_id=query.document_id, reviewer=query.reviewer,
                         time_sensitive=query.time_sensitive)
    if open_state:
        statement = in_state(statement, query.verdict)
    if query.has_note:
        statement = statement.where(exists().where(Review.claim_id == Claim.id,
                                                   Review.note != ""))
    return statement


def narrowed(statement, *, verdict: str | None = None, document_id: int | None = None,
             reviewer: str | None = None, time_sensitive: bool = False):
    """A claims query narrowed by the filters the table, the export and the API share."""
    if verdict == "unreviewed":
        statement = statement.where(Claim.verdict.is_(None))
    elif verdict:
        statement = statement.where(Claim.verdict == verdict)
    if document_id is not None:
        statement = statement.where(Claim.document_id == document_id)
    if reviewer:  # aliased: correlated to the claim alone, even where the statement
        # itself reads reviews and users (the export's review cursor)
        review, user = aliased(Review), aliased(User)
        statement = statement.where(exists().where(
            review.claim_id == Claim.id, review.reviewer_id == user.id,
            user.username == reviewer))
    if time_sensitive:  # "may be outdated": asked now of the claim's dates (recheck.due_at)
        statement = statement.where(Claim.due_at <= utcnow())
    return statement


def in_state(statement, state: str):
    """Claims without a verdict whose reviewers disagree (conflict), agree but are too few
    (pending), or who have none (unreviewed): what the dashboard counts as such."""
    reviewed = exists().where(Review.claim_id == Claim.id)
    disagreeing = Claim.id.in_(select(Review.claim_id).group_by(Review.claim_id)
                               .having(func.count(func.distinct(Review.label)) > 1))
    statement = statement.where(Claim.verdict.is_(None))
    if state == CONFLICT:
        return statement.where(disagreeing)
    if state == PENDING:
        return statement.where(reviewed, ~disagreeing)
    return statement.where(~reviewed)


def _order_and_seek(statement, sort: str, after: Cursor | None, relevance, *, claim_id=Claim.id):
    if sort == "relevance":
        if after is not None and after.relevance is not None:
            statement = statement.where(or_(relevance < after.relevance,
                                            and_(relevance == after.relevance,
                                                 claim_id < after.claim_id)))
        return statement.order_by(relevance.desc(), claim_id.desc())
    if sort == "oldest":
        if after:
            statement = statement.where(Claim.id > after.claim_id)
        return statement.order_by(Claim.id)
    if sort == "newest":
        if after:
            statement = statement.where(Claim.id < after.claim_id)
        return statement.order_by(Claim.id.desc())
    if after is not None and after.score is not None:
        statement = statement.where(or_(Claim.score < after.score,
                                        and_(Claim.score == after.score,
                                             Claim.id < after.claim_id)))
    return statement.order_by(Claim.score.desc(), Claim.id.desc())  # one direction: index order


# Every review of a page's claims, in the order given: the reviewers' names and labels, and
# the notes a search shows; one statement, built once (two, each built per page, cost ~4 ms)
_PAGE_REVIEWS = (sa.select(Review.claim_id, Review.reviewer_id, User.username, Review.label,
                           Review.note)
                 .join(User, User.id == Review.reviewer_id)
                 .where(Review.claim_id.in_(sa.bindparam("claim_ids", expanding=True)))
                 .order_by(Review.id))


def _attach_reviews(session: Session, rows: list[ClaimRow], sight: Sight, *,
                    notes: bool) -> None:
    """The rows' reviewers and labels and, if `notes`, the notes the viewer may read: all,
    or under blind review only on the claims they labelled (for the table to show where a
    search was found)."""
    by_id = {row.claim.id: row for row in rows}
    if not by_id:
        return
    found = list(session.execute(_PAGE_REVIEWS, {"claim_ids": list(by_id)}))
    labelled = {claim_id for claim_id, reviewer_id, *_ in found if reviewer_id == sight.viewer_id}
    for claim_id, _, username, label, note in found:
        row = by_id[claim_id]
        row.reviewers.append(username)
        row.labels.append(label)
        if notes and note and (not sight.blind or claim_id in labelled):
            row.notes.append(note)
