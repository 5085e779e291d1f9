"""Streamed export of claims (schema `claimdesk.claim/1`), in constant memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from app.models import Claim, ClaimStatus, Document, Event, Review, User, as_utc
from app.services.claims import narrowed
from app.services.errors import InvalidInput
from app.services.formats import Publisher, claim_review, iter_csv, prodigy_task

SCHEMA = "claimdesk.claim/1"
CHUNK = 2000


@dataclass(frozen=True)
class ExportFilter:
    """Which claims to export; every field narrows, None means any."""

    verdict: str | None = None  # a label, or "unreviewed"
    document_id: int | None = None
    reviewer: str | None = None  # claims this reviewer reviewed
    since: dt.date | None = None  # last changed on or after (UTC)
    until: dt.date | None = None  # last changed on or before (UTC)
    time_sensitive: bool = False
    include_retired: bool = False


def iter_claim_records(
    session: Session, criteria: ExportFilter = ExportFilter(), *, history: bool = False,
    with_text: bool = False,
) -> Iterator[dict[str, Any]]:
    """Export records in id order, fetched in keyset chunks so memory stays flat.

    Plain rows, not ORM objects: the export is read-only and the per-object bookkeeping
    would cost more than the JSON. `with_text` adds each document's full text and content
    hash, which an import into an empty database needs to restore documents exactly.
    """
    last_id = 0
    while True:
        rows = session.exec(_claims_query(criteria, last_id, with_text)).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        reviews = _reviews_by_claim(session, ids)
        events = _events_by_claim(session, ids) if history else {}
        for row in rows:
            document = {"id": row.document_id, "title": row.document_title,
                        "source": row.document_source, "published": _iso(row.document_published)}
            if with_text:
                document["content_hash"], document["text"] = row.document_hash, row.document_text
            record = claim_record(row, document, reviews.get(row.id, []))
            if history:
                record["events"] = events.get(row.id, [])
            yield record
        last_id = ids[-1]


FORMATS = ("jsonl", "csv", "claimreview", "prodigy")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv",
               "claimreview": "application/x-ndjson", "prodigy": "application/x-ndjson"}


def export_lines(
    session: Session, output_format: str, criteria: ExportFilter = ExportFilter(), *,
    history: bool = False, with_text: bool = False, publisher: Publisher | None = None,
) -> Iterator[str]:
    """The export in one of FORMATS, as lines of text, streamed."""
    if output_format not in FORMATS:
        raise InvalidInput(f"unknown format {output_format!r}: use {', '.join(FORMATS)}")
    records = iter_claim_records(session, criteria, history=history, with_text=with_text)
    if output_format == "csv":
        return iter_csv(records)
    if output_format == "prodigy":
        return iter_jsonl(prodigy_task(record) for record in records)
    if output_format == "claimreview":
        if publisher is None:
            raise InvalidInput("ClaimReview needs a publisher name and URL (settings)")
        reviews = (claim_review(record, publisher) for record in records)
        return iter_jsonl(review for review in reviews if review is not None)
    return iter_jsonl(records)


def iter_jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One compact UTF-8 JSON object a line."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def claim_record(
    claim: Claim, document: dict[str, Any], reviews: list[dict[str, Any]]
) -> dict[str, Any]:
    """One line of the export, as the schema documents it."""
    return {
        "schema": SCHEMA, "id": claim.uid, "text": claim.text, "verdict": claim.verdict,
        "reviews": reviews, "document": document, "sentence": claim.sentence,
        "start": claim.start, "end": claim.end, "attribution": claim.attribution,
        "hedged": claim.hedged, "dates": claim.dates, "entities": claim.entities,
        "score": claim.score, "time_sensitive": claim.time_sensitive,
        "extractor": claim.extractor, "status": claim.status,
        "created_at": _iso(claim.created_at), "updated_at": _iso(claim.updated_at),
    }


def _claims_query(criteria: ExportFilter, after_id: int, with_text: bool = False):
    columns = [*Claim.__table__.columns, Document.title.label("document_title"),
               Document.source.label("document_source"),
               Document.published.label("document_published")]
    if with_text:
        columns += [Document.content_hash.label("document_hash"),
                    Document.text.label("document_text")]
    query = (sa_select(*columns).join(Document, Document.id == Claim.document_id)
             .where(Claim.id > after_id).order_by(Claim.id).limit(CHUNK))
    if not criteria.include_retired:
        query = query.where(Claim.status == ClaimStatus.ACTIVE.value)
    query = narrowed(query, verdict=criteria.verdict, document_id=criteria.document_id,
                     reviewer=criteria.reviewer, time_sensitive=criteria.time_sensitive)
    if criteria.since:
        query = query.where(Claim.updated_at >= _day_start(criteria.since))
    if criteria.until:
        query = query.where(Claim.updated_at < _day_start(criteria.until + dt.timedelta(days=1)))
    return query


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _reviews_by_claim(session: Session, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    query = (sa_select(Review.claim_id, Review.label, Review.note, Review.evidence,
                       Review.outdated_since, Review.created_at, Review.updated_at,
                       User.username)
             .join(User, User.id == Review.reviewer_id)
             .where(Review.claim_id.in_(claim_ids)).order_by(Review.claim_id, Review.id))
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in session.exec(query):
        grouped.setdefault(row.claim_id, []).append(review_record(row, row.username))
    return grouped


def review_record(review: Review, reviewer: str) -> dict[str, Any]:
    """One review as exported."""
    return {
        "reviewer": reviewer, "label": review.label, "note": review.note,
        "evidence": list(review.evidence), "outdated_since": _iso(review.outdated_since),
        "created_at": _iso(review.created_at), "updated_at": _iso(review.updated_at),
    }


def _events_by_claim(session: Session, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    query = select(Event).where(Event.claim_id.in_(claim_ids)).order_by(Event.id)
    grouped: dict[int, list[dict[str, Any]]] = {}
    for event in session.exec(query):
        grouped.setdefault(event.claim_id, []).append(event_record(event))
    return grouped


def event_record(event: Event) -> dict[str, Any]:
    """One audit event as exported."""
    return {"kind": event.kind, "at": _iso(event.at), "actor": event.actor,
            "before": event.before, "after": event.after, "reason": event.reason,
            "hash": event.hash}


def document_record(document: Document) -> dict[str, Any]:
    """The document fields every exported claim carries."""
    return {"id": document.id, "title": document.title, "source": document.source,
            "published": _iso(document.published)}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()
    return value.isoformat()
