"""Setting and undoing reviews: the only place a label or a verdict changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import Select, bindparam, delete, func, insert, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, select

from app.db import DriverQuery, begin_write, detached, rows_together
from app.models import (
    Claim,
    ClaimMatch,
    ClaimStatus,
    Document,
    Event,
    Label,
    MatchStatus,
    Review,
    User,
    utcnow,
)
from app.services import offers
from app.services.clock import write_time
from app.services.errors import (
    ClaimdeskError,
    Forbidden,
    InvalidInput,
    NotFound,
    StaleVersion,
)
from app.services.events import (
    HISTORY_ROWS,
    AuditEvent,
    ReviewSet,
    ReviewUndone,
    VerdictSettled,
    prepared,
    queued_ctes,
    record,
)
from app.services.labels import name_of

MAX_NOTE_LENGTH = 10_000
MAX_EVIDENCE_LINKS = 20
MAX_URL_LENGTH = 2_000
# How a label that applies an earlier check's verdict gives its reason (an undo of it offers
# that check again).
APPLIED_CHECK_REASON = "checked before: "


def parse_label(value: str) -> Label:
    """The Label named by `value`, or InvalidInput naming the allowed ones."""
    try:
        return Label(value)
    except ValueError:
        allowed = ", ".join(label.value for label in Label)
        raise InvalidInput(f"unknown label {value!r}: use one of {allowed}") from None


def parse_evidence(lines: Iterable[str]) -> list[str]:
    """Evidence links, one per item; only absolute http(s) URLs pass."""
    links = [line.strip() for line in lines if line.strip()]
    if len(links) > MAX_EVIDENCE_LINKS:
        raise InvalidInput(f"at most {MAX_EVIDENCE_LINKS} evidence links")
    for link in links:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > MAX_URL_LENGTH:
            raise InvalidInput(f"evidence must be http(s) links: {link[:80]!r} is not")
    return links


def set_review(
    *,
    session: Session,
    claim_id: int,
    actor: User,
    label: str,
    note: str = "",
    evidence: Sequence[str] = (),
    outdated_since: dt.date | None = None,
    expected_version: int | None = None,
    reviews_required: int = 1,
    require_note_for: Collection[str] = (),
    reason: str = "",
) -> Claim:
    """Give or change `actor`'s review of a claim; a stale `expected_version` is refused.

    Labels named in `require_note_for` (a team setting) need a note or an evidence link.
    """
    return write_review(
        session=session, claim_id=claim_id, actor=actor, label=label, note=note,
        evidence=evidence, outdated_since=outdated_since, expected_version=expected_version,
        reviews_required=reviews_required, require_note_for=require_note_for,
        reason=reason).claim


class DocumentHead(NamedTuple):
    """The document fields every claim's record carries (`documents.document_head`)."""

    id: int
    title: str
    source: str | None
    published: dt.date | None


@dataclass(frozen=True)
class ReviewWritten:
    """A review write's outcome: the claim as committed, the event it appended (None when
    the review was already so), the claim's reviews with their reviewers' names as
    committed (read under the claim's lock: the writer's own a `Review`, the others rows of
    their columns as `review_rows` reads them; None when nothing was written), and its
    document's head (`documents.document_head`'s fields, read with the lock: an answer
    needs it, and reading it after the commit cost PostgreSQL a transaction of its own)."""

    claim: Claim
    event: Event | None
    reviews: list[tuple[Review | tuple, str]] | None
    document: DocumentHead


def write_review(
    *,
    session: Session,
    claim_id: int,
    actor: User,
    label: str,
    note: str = "",
    evidence: Sequence[str] = (),
    outdated_since: dt.date | None = None,
    expected_version: int | None = None,
    reviews_required: int = 1,
    require_note_for: Collection[str] = (),
    reason: str = "",
) -> ReviewWritten:
    """As `set_review`, with the event it appended, so that an answer need not read back
    the claim's history.

    A write is a handful of statements (the claim locked with its document's head and, on
    PostgreSQL, the event's id; its reviews read once; the review and the claim written;
    the event queued, with the new verdict's offer): it runs under load, so nothing is read
    twice and nothing takes a round trip of its own that can ride on another.
    """
    chosen = parse_label(label)
    links = parse_evidence(evidence)
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"a note is at most {MAX_NOTE_LENGTH} characters")
    if chosen.value in require_note_for and not (note.strip() or links):
        raise InvalidInput(f"“{name_of(chosen.value)}” needs a note or an evidence link here: "
                           "press n to add one")
    if chosen is not Label.OUTDATED:
        outdated_since = None
    begin_write(session)
    claim, document, event_id, named = _lock_for_review(session, claim_id, expected_version,
                                                        actor.id)
    verdict_before = claim.verdict
    reviews = [item for item, _ in named]
    review = next((item for item in reviews if item.reviewer_id == actor.id), None)
    before = review_snapshot(review)
    after = {"label": chosen.value, "note": note, "evidence": links,
             "outdated_since": outdated_since.isoformat() if outdated_since else None}
    if before is not None and all(before[key] == value for key, value in after.items()):
        session.rollback()
        return ReviewWritten(claim, None, None, document)
    def event(written: Review | None) -> ReviewSet:
        return ReviewSet(actor=actor, claim_id=claim.id, document_id=claim.document_id,
                         before=before, after=review_snapshot(written), reason=reason)

    if session.connection().dialect.name == "postgresql":
        review, appended = _apply_and_record(session, claim, actor, review, after,
                                             reviews_required, reviews, event, event_id)
    else:
        review = _apply(session, claim, actor, review, after, reviews_required, reviews)
        appended = record(session, event(review), event_id=event_id,
                          offer=_new_verdict(claim, verdict_before))
    session.commit()
    _refresh_loaded(session, claim)
    _refresh_loaded(session, review)
    others = [(item, name) for item, name in named if item.reviewer_id != actor.id]
    return ReviewWritten(claim, appended,
                         sorted([*others, (review, actor.username)], key=lambda r: r[0].id),
                         document)


def _new_verdict(claim: Claim, verdict_before: str | None) -> bool:
    """Whether the write gave the claim a new verdict: offered as "checked before" to near
    claims of other documents (queued in the write's transaction, offered by the sequencer
    once the write is acknowledged)."""
    return claim.verdict is not None and claim.verdict != verdict_before


def _queue_new_verdict(session: Session, claim: Claim, verdict_before: str | None) -> None:
    """Queue the claim's new verdict, if it has one, to be offered (`_new_verdict`)."""
    if _new_verdict(claim, verdict_before):
        offers.queue(session, claim.id)


def set_many(
    *, session: Session, actor: User, versions: dict[int, int], label: str,
    reviews_required: int = 1, require_note_for: Collection[str] = (), reason: str = "",
) -> tuple[list[Claim], list[ClaimdeskError]]:
    """The same label on several claims (bulk action): each its own event.

    A reviewer's note and evidence on a claim are kept; claims that changed meanwhile, are
    gone, or would need a note are reported, not forced, and the others still labelled.
    Labelling claims one has not read is an editor's call: a reviewer may relabel in bulk
    only claims they reviewed themselves.
    """
    parse_label(label)
    done, refused = [], []
    for claim_id, version in versions.items():
        existing = review_snapshot(_review_of(session, claim_id, actor.id))
        session.rollback()
        if existing is None and not actor.may_edit:
            refused.append(Forbidden(f"claim {claim_id} is not one you reviewed: only editors "
                                     "label claims in bulk that they have not reviewed"))
            continue
        existing = existing or {}
        try:
            done.append(set_review(
                session=session, claim_id=claim_id, actor=actor, label=label,
                note=existing.get("note", ""), evidence=existing.get("evidence", []),
                outdated_since=_day(existing.get("outdated_since")),  # (kept when "outdated")
                expected_version=version, reviews_required=reviews_required,
                require_note_for=require_note_for, reason=reason))
        except (StaleVersion, NotFound, InvalidInput) as error:
            refused.append(error)
    return done, refused


def undo_last(
    *, session: Session, actor: User, reviews_required: int = 1,
    expected_event: int | None = None,
) -> Claim | None:
    """Take back `actor`'s latest review event not yet undone, by appending its inverse.

    `expected_event` is the change the reviewer's page offered to undo: when a newer one
    came first (another tab, the API, a label still on its way), StaleVersion, and nothing
    is taken back that the reviewer did not see. An earlier check applied by the undone
    label is offered again."""
    begin_write(session)
    target = _last_undoable(session, actor)
    if target is None:
        session.rollback()
        return None
    if expected_event is not None and target.id != expected_event:
        session.rollback()
        raise StaleVersion("your latest change is no longer the one this page offered to undo "
                           "(a newer one was made meanwhile): nothing was undone")
    claim = lock_claim(session, target.claim_id, None)
    if target.reason.startswith(APPLIED_CHECK_REASON):
        _reopen_applied_match(session, claim.id)
    reviews = _reviews_on(session, claim.id)
    review = next((item for item in reviews if item.reviewer_id == actor.id), None)
    current = review_snapshot(review)
    after = review_snapshot(_apply(session, claim, actor, review, target.before,
                                   reviews_required, reviews))
    record(session, ReviewUndone(actor=actor, claim_id=claim.id, document_id=claim.document_id,
                                 before=current, after={"review": after, "undoes": target.id}))
    session.commit()
    return claim


def review_snapshot(review: Review | None) -> dict[str, Any] | None:
    """What an event records of a review (None when there is none)."""
    if review is None:
        return None
    since = review.outdated_since
    return {"label": review.label, "note": review.note, "evidence": list(review.evidence),
            "outdated_since": since.isoformat() if since else None}


def _day(iso: str | None) -> dt.date | None:
    """A snapshot's date again as a date."""
    return dt.date.fromisoformat(iso) if iso else None


def resolve_verdict(labels: Sequence[str], reviews_required: int) -> str | None:
    """The agreed label once enough reviewers agree; None while short or in conflict."""
    if len(labels) < reviews_required or len(set(labels)) != 1:
        return None
    return labels[0]


def reviews_of(session: Session, claim_id: int) -> list[tuple[Review, str]]:
    """A claim's current reviews with their reviewers' names, oldest first."""
    return reviews_by_claim(session, [claim_id]).get(claim_id, [])


# The statements every review write runs, built once: building one (its clauses coerced,
# its cache key made anew) cost more Python than running it (issue 15, part 5).
_REVIEWS_BY_CLAIM = (
    select(Review, User.username).join(User, User.id == Review.reviewer_id)
    .where(Review.claim_id.in_(bindparam("claim_ids", expanding=True)))
    .order_by(Review.claim_id, Review.id))
REVIEW_ROWS = DriverQuery(
    select(*Review.__table__.columns, User.username).join(User, User.id == Review.reviewer_id)
    .where(Review.claim_id == bindparam("claim_id")).order_by(Review.id))
_CLAIM_AND_HEAD = DriverQuery(
    select(*Claim.__table__.columns, Document.title.label("head_title"),
           Document.source.label("head_source"), Document.published.label("head_published"))
    .join(Document, Document.id == Claim.document_id).where(Claim.id == bindparam("claim_id")))
_LOCK_CLAIM = select(Claim).where(Claim.id == bindparam("claim_id")).with_for_update()
_HEAD_COLUMNS = (Document.id.label("head_id"), Document.title.label("head_title"),
                 Document.source.label("head_source"),
                 Document.published.label("head_published"))
_LOCK_FOR_REVIEW = (select(*Claim.__table__.columns, *_HEAD_COLUMNS)
                    .join(Document, Document.id == Claim.document_id)
                    .where(Claim.id == bindparam("claim_id")).with_for_update(of=Claim))
# The event's id as `db.reserve_ids` draws it: PostgreSQL's sequence; on SQLite the next
# after the largest, sound under the write lock `begin_write` took (no other writer).
# Run on the driver's cursor (`db.DriverQuery`), the claim made from the row.
_LOCK_FOR_REVIEW_PG = DriverQuery(_LOCK_FOR_REVIEW.add_columns(
    func.nextval(func.pg_get_serial_sequence("event", "id")).label("event_id")))
_LOCK_FOR_REVIEW_SQLITE = DriverQuery(_LOCK_FOR_REVIEW.add_columns(
    select(func.coalesce(func.max(Event.id), 0) + 1).scalar_subquery().label("event_id")))


def review_rows(session: Session, claim_id: int) -> list[tuple[tuple, str]]:
    """As `reviews_of`, each review a named tuple of its columns, not an ORM object (an
    answer's reading, not a write's: every API read of a claim runs it)."""
    return named_reviews(REVIEW_ROWS.rows(session, {"claim_id": claim_id}))


def named_reviews(rows: list[tuple]) -> list[tuple[tuple, str]]:
    """`REVIEW_ROWS`' rows as (review, reviewer's name) pairs, as `reviews_of` gives them."""
    return [(row, row.username) for row in rows]


def _reviews_under_lock(rows: list[tuple], reviewer_id: int
                        ) -> list[tuple[Review | tuple, str]]:
    """A claim's reviews (`REVIEW_ROWS`) with their reviewers' names, as a write reads
    them under the claim's lock: the writer's own a `Review` it can update, the others'
    rows (their labels make the verdict; an answer shows them). Loading each through the
    ORM cost a write more than the statement."""
    return [(detached(Review, row) if row.reviewer_id == reviewer_id else row, row.username)
            for row in rows]


def _refresh_loaded(session: Session, written: Claim | Review) -> None:
    """Give the session's own object of a row a write changed through a detached copy
    (`db.detached`), if it holds one, the copy's values: as a write through the session's
    object left it before, what the session shows is what was written."""
    loaded = session.identity_map.get(identity_key(type(written), written.id))
    if loaded is not None and loaded is not written:
        _as_written(loaded, {column.name: getattr(written, column.name)
                             for column in written.__table__.columns})


def claim_and_document(session: Session, claim_id: int) -> tuple[tuple, DocumentHead] | None:
    """The claim (retired or not) as a named tuple of its columns, and its document's head,
    in one statement; None when there is no such claim."""
    row = _CLAIM_AND_HEAD.first(session, {"claim_id": claim_id})
    if row is None:
        return None
    return row, DocumentHead(row.document_id, row.head_title, row.head_source,
                             row.head_published)


def claim_reviews_history(session: Session, claim_id: int
                          ) -> tuple[tuple[tuple, DocumentHead] | None, list, list[tuple]]:
    """`claim_and_document`, `review_rows` and `events.history_rows` of a claim, read
    together (on PostgreSQL in one round trip, `db.rows_together`): what an API read of a
    claim shows, and what every API write reads first."""
    params = {"claim_id": claim_id}
    claims, reviews, history = rows_together(
        session, [(_CLAIM_AND_HEAD, params), (REVIEW_ROWS, params), (HISTORY_ROWS, params)])
    found = None
    if claims:
        row = claims[0]
        found = row, DocumentHead(row.document_id, row.head_title, row.head_source,
                                  row.head_published)
    return found, named_reviews(reviews), history


def reviews_by_claim(
    session: Session, claim_ids: Sequence[int]
) -> dict[int, list[tuple[Review, str]]]:
    """Current reviews with reviewers' names for several claims, in one query."""
    grouped: dict[int, list[tuple[Review, str]]] = {}
    for review, name in session.exec(_REVIEWS_BY_CLAIM, params={"claim_ids": list(claim_ids)}):
        grouped.setdefault(review.claim_id, []).append((review, name))
    return grouped


def _apply(
    session: Session, claim: Claim, actor: User, review: Review | None,
    state: dict[str, Any] | None, reviews_required: int, reviews: Sequence[Review],
) -> Review | None:
    """Make the actor's review equal `state` (None removes it) and re-derive the verdict
    from the claim's `reviews` as read under its lock; the actor's review as it now is.

    Core statements run on the driver's cursor (`db.DriverQuery`), the objects kept as
    written: every review write on SQLite runs this inside the write lock, and the ORM's
    flush, then SQLAlchemy's execution, cost it more Python than the statements."""
    now = write_time(session)
    if state is None:
        if review is not None:
            session.connection().execute(_DELETE_REVIEW, {"row_id": review.id})
            session.expunge(review)
        review = None
    else:
        fields = _review_fields(state, review, claim, actor, now)
        bound = {f"review_{name}": value for name, value in fields.items()}
        if review is None:
            review = Review(id=_INSERT_REVIEW.first(session, bound)[0], **fields)
        else:
            _UPDATE_REVIEW.execute(session, {**bound, "review_row_id": review.id})
            _as_written(review, fields)
    changes = _claim_changes(claim, actor, review, reviews, reviews_required, now)
    _UPDATE_CLAIM["verdict" in changes].execute(
        session, {**{f"claim_{name}": value for name, value in changes.items()},
                  "claim_row_id": claim.id})
    _as_written(claim, changes)
    return review


def _apply_and_record(
    session: Session, claim: Claim, actor: User, review: Review | None,
    state: dict[str, Any], reviews_required: int, reviews: Sequence[Review],
    event: Callable[[Review], AuditEvent], event_id: int,
) -> tuple[Review, Event]:
    """As `_apply` (a review set, not removed), then `events.record`, in one statement on
    PostgreSQL: the review written, the claim's version and verdict, the event with its
    queue rows. Three round trips were a fifth of a review write's; each cost the worker
    and the database more than the statement's own work."""
    now = write_time(session)
    verdict_before = claim.verdict
    fields = _review_fields(state, review, claim, actor, now)
    new = review is None
    if new:
        review = Review(**fields)
    else:
        params = {"review_row_id": review.id}
        _as_written(review, fields)
    changes = _claim_changes(claim, actor, review, reviews, reviews_required, now)
    changes.setdefault("verdict", claim.verdict)  # a settled claim's verdict stays
    _as_written(claim, changes)
    appended, event_params = prepared(session, event(review), event_id=event_id)
    offer = _new_verdict(claim, verdict_before)
    statement = _REVIEW_WRITTEN_PG[new, offer]
    params = {**({} if new else params), **event_params,
              **{f"review_{name}": value for name, value in fields.items()},
              **{f"claim_{name}": value for name, value in changes.items()},
              "claim_row_id": claim.id}
    review_id = statement.first(session, params)[0]
    if new:
        set_committed_value(review, "id", review_id)
    return review, appended


def _review_fields(state: dict[str, Any], review: Review | None, claim: Claim, actor: User,
                   now: dt.datetime) -> dict[str, Any]:
    """The review's columns as `state` sets them (all of a new review's)."""
    since = state.get("outdated_since")
    fields = {"label": state["label"], "note": state.get("note", ""),
              "evidence": list(state.get("evidence", [])),
              "outdated_since": dt.date.fromisoformat(since) if since else None,
              "version": (review.version if review else 0) + 1, "updated_at": now}
    if review is None:
        fields |= {"claim_id": claim.id, "reviewer_id": actor.id, "created_at": now}
    return fields


def _claim_changes(claim: Claim, actor: User, review: Review | None,
                   reviews: Sequence[Review], reviews_required: int,
                   now: dt.datetime) -> dict[str, Any]:
    """The claim's new version and, unless an editor settled it, its verdict re-derived
    from the other reviews read under its lock and the actor's as it now is."""
    changes: dict[str, Any] = {"version": claim.version + 1, "updated_at": now}
    if not claim.settled_by:  # an editor's settlement stands until an editor changes it
        labels = [item.label for item in reviews if item.reviewer_id != actor.id]
        changes["verdict"] = resolve_verdict(labels + ([review.label] if review else []),
                                             reviews_required)
    return changes


_REVIEW, _CLAIM = Review.__table__, Claim.__table__
_REVIEW_SET_ALWAYS = ("label", "note", "evidence", "outdated_since", "version", "updated_at")
_REVIEW_NEW = (*_REVIEW_SET_ALWAYS, "claim_id", "reviewer_id", "created_at")


def _bound(table, names: Sequence[str], prefix: str) -> dict[str, Any]:
    """Values for the columns `names`, from parameters named `prefix` + column."""
    return {name: bindparam(f"{prefix}{name}", type_=table.c[name].type) for name in names}


_INSERT_REVIEW = DriverQuery(insert(_REVIEW).values(_bound(_REVIEW, _REVIEW_NEW, "review_"))
                             .returning(_REVIEW.c.id))
_UPDATE_REVIEW = DriverQuery(update(_REVIEW).where(_REVIEW.c.id == bindparam("review_row_id"))
                             .values(_bound(_REVIEW, _REVIEW_SET_ALWAYS, "review_")))
_DELETE_REVIEW = delete(_REVIEW).where(_REVIEW.c.id == bindparam("row_id"))
_UPDATE_CLAIM = {  # by whether the verdict is set (not when an editor settled it)
    with_verdict: DriverQuery(update(_CLAIM).where(_CLAIM.c.id == bindparam("claim_row_id"))
                              .values(_bound(_CLAIM, ("version", "updated_at") + (
                                  ("verdict",) if with_verdict else ()), "claim_")))
    for with_verdict in (False, True)}


def _review_written_pg(*, new: bool, offer: bool) -> Select:
    """`_apply_and_record`'s one statement: the review inserted (`new`) or updated, the
    claim updated, the event queued (`events.queued_ctes`), the review's id answered."""
    if new:
        written = insert(_REVIEW).values(_bound(_REVIEW, _REVIEW_NEW, "review_"))
    else:
        written = (update(_REVIEW).where(_REVIEW.c.id == bindparam("review_row_id"))
                   .values(_bound(_REVIEW, _REVIEW_SET_ALWAYS, "review_")))
    written = written.returning(_REVIEW.c.id).cte("written")
    claimed = (update(_CLAIM).where(_CLAIM.c.id == bindparam("claim_row_id"))
               .values(_bound(_CLAIM, ("version", "updated_at", "verdict"), "claim_"))
               .cte("claimed"))
    return select(written.c.id).add_cte(claimed, *queued_ctes(offer=offer))


# Run on the driver's cursor (`db.DriverQuery`), as the claim's reads are.
_REVIEW_WRITTEN_PG = {(new, offer): DriverQuery(_review_written_pg(new=new, offer=offer))
                      for new in (False, True) for offer in (False, True)}


def _as_written(row: Claim | Review, values: dict[str, Any]) -> None:
    """Set a loaded row's attributes to what a Core statement wrote, as loaded (not
    changes for the session to flush again)."""
    for name, value in values.items():
        set_committed_value(row, name, value)


def lock_claim(session: Session, claim_id: int, expected_version: int | None) -> Claim:
    """The active claim, locked for this write transaction, at the version the writer saw."""
    return _checked(session, session.exec(_LOCK_CLAIM, params={"claim_id": claim_id}).first(),
                    claim_id, expected_version)


def _lock_for_review(session: Session, claim_id: int, expected_version: int | None,
                     reviewer_id: int
                     ) -> tuple[Claim, DocumentHead, int, list[tuple[Review | tuple, str]]]:
    """As `lock_claim`, in the same statement its document's head and the id of the event
    the write will append; then its reviews as read under the lock (`_reviews_under_lock`),
    on PostgreSQL in the same round trip (`db.rows_together`: the server runs the second
    statement once the first holds the lock, and at READ COMMITTED it sees what the
    lock's previous holder committed).

    Four round trips in one: under 32 writers each one cost PostgreSQL and the worker
    more CPU than the few microseconds the statement itself runs. An id drawn for a write
    that is then refused or changes nothing is skipped, as one of a rolled-back write is:
    the tree numbers its leaves itself."""
    postgresql = session.connection().dialect.name == "postgresql"
    params = {"claim_id": claim_id}
    locked, reviews = rows_together(session, [
        (_LOCK_FOR_REVIEW_PG if postgresql else _LOCK_FOR_REVIEW_SQLITE, params),
        (REVIEW_ROWS, params)])
    found = locked[0] if locked else None
    claim = _checked(session, detached(Claim, found) if found else None, claim_id,
                     expected_version)
    return claim, DocumentHead(found.head_id, found.head_title, found.head_source,
                               found.head_published), found.event_id, _reviews_under_lock(
                                   reviews, reviewer_id)


def _checked(session: Session, claim: Claim | None, claim_id: int,
             expected_version: int | None) -> Claim:
    """The locked claim, or the write refused: NotFound when it is gone or retired,
    StaleVersion when it changed since the writer read it."""
    if claim is None or claim.status != ClaimStatus.ACTIVE.value:
        session.rollback()
        raise NotFound(f"no claim {claim_id}")
    if expected_version is not None and (version := claim.version) != expected_version:
        session.rollback()  # (it expires the claim: its version is named as read, not again)
        raise StaleVersion(
            f"claim {claim_id} changed since you loaded it (version {expected_version}, "
            f"now {version})", current=claim,
        )
    return claim


def _review_of(session: Session, claim_id: int, reviewer_id: int) -> Review | None:
    query = select(Review).where(Review.claim_id == claim_id, Review.reviewer_id == reviewer_id)
    return session.exec(query).first()


def _reviews_on(session: Session, claim_id: int) -> list[Review]:
    """Every current review of a claim (a few rows: one per reviewer)."""
    return list(session.exec(select(Review).where(Review.claim_id == claim_id)))


def _reopen_applied_match(session: Session, claim_id: int) -> None:
    """Offer again the earlier check whose verdict the undone label applied (the claim's
    latest applied match), in the undo's own transaction."""
    applied = session.exec(
        select(ClaimMatch).where(ClaimMatch.claim_id == claim_id,
                                 ClaimMatch.status == MatchStatus.APPLIED.value)
        .order_by(ClaimMatch.updated_at.desc(), ClaimMatch.id.desc()).limit(1)).first()
    if applied is not None:
        applied.status, applied.updated_at = MatchStatus.OPEN.value, utcnow()
        session.add(applied)


def _last_undoable(session: Session, actor: User) -> Event | None:
    """The actor's newest review.set event that no review.undone event has answered, on a
    claim still in force (a label on a claim since split or retired is past undoing)."""
    query = (select(Event).where(Event.actor_id == actor.id,
                                 Event.kind.in_([ReviewSet.kind, ReviewUndone.kind]))
             .order_by(Event.id.desc()).limit(200))
    undone: set[int] = set()
    for event in session.exec(query):
        if event.kind == ReviewUndone.kind:
            undone.add(event.after["undoes"])
        elif event.id not in undone and _in_force(session, event):
            return event
    return None


def _in_force(session: Session, event: Event) -> bool:
    """Whether the review `event` set still counts: its claim is active and was not reworded
    after it (the reviews then stopped counting, so undoing one would change nothing)."""
    status = session.exec(select(Claim.status).where(Claim.id == event.claim_id)).first()
    if status != ClaimStatus.ACTIVE.value:
        return False
    later = select(Event.id).where(Event.claim_id == event.claim_id, Event.id > event.id,
                                   Event.kind == "claim.edited").limit(1)
    return session.exec(later).first() is None


def conflicts(session: Session, limit: int = 200) -> list[Claim]:
    """Active claims whose reviewers disagree and that no editor has settled yet."""
    disagreeing = (select(Review.claim_id).group_by(Review.claim_id)
                   .having(func.count(func.distinct(Review.label)) > 1))
    query = (select(Claim).where(Claim.id.in_(disagreeing), Claim.settled_by.is_(None),
                                 Claim.status == ClaimStatus.ACTIVE.value)
             .order_by(Claim.score.desc(), Claim.id.desc()).limit(limit))
    return list(session.exec(query))


def settle(*, session: Session, actor: User, claim_id: int, label: str, reason: str,
           expected_version: int | None) -> Claim:
    """An editor's decision on a disputed claim, with the reason, as its verdict."""
    if not actor.may_edit:
        raise Forbidden("only editors and admins settle verdicts")
    if not label:  # never a default: the editor names the verdict that holds
        raise InvalidInput("choose the verdict that holds: no label was chosen")
    chosen = parse_label(label)
    if not reason.strip():
        raise InvalidInput("say why: a settlement needs a reason")
    begin_write(session)
    claim = lock_claim(session, claim_id, expected_version)
    before = {"verdict": claim.verdict, "settled_by": claim.settled_by}
    claim.verdict, claim.settled_by = chosen.value, actor.username
    claim.version, claim.updated_at = claim.version + 1, write_time(session)
    session.add(claim)
    session.flush()
    record(session, VerdictSettled(actor=actor, claim_id=claim.id, document_id=claim.document_id,
                                   before=before,
                                   after={"verdict": chosen.value, "settled_by": actor.username},
                                   reason=reason.strip()))
    _queue_new_verdict(session, claim, before["verdict"])
    session.commit()
    return claim
