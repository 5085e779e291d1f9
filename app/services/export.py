"""Streamed export of claims (schema `claimdesk.claim/1`), in constant memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session

from app.models import Claim, ClaimStatus, Document, Event, Review, as_utc
from app.services.claims import narrowed
from app.services.errors import InvalidInput
from app.services.export_sql import SCHEMA, claim_lines
from app.services.formats import Publisher, claim_review, iter_csv, prodigy_task

# Rows fetched at a time from the server-side cursor: memory stays flat.
STREAM = {"stream_results": True, "yield_per": 2000}


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


def iter_export_lines(
    session: Session, criteria: ExportFilter = ExportFilter(), *, history: bool = False,
    with_text: bool = False,
) -> Iterator[str]:
    """The JSONL export in id order, one line a claim, from one server-side cursor.

    The database writes each line (see `export_sql`), so memory stays flat and the
    Python work per claim is a string join. `with_text` adds each document's full text and
    content hash, which an import into an empty database needs to restore documents
    exactly. `history` merges a second cursor, over the same claims' events in claim order.
    """
    claim_ids = _narrowed(sa_select(Claim.id), criteria)
    claims = _narrowed(claim_lines(session.get_bind().dialect.name, with_text=with_text,
                                   claim_ids=claim_ids), criteria)
    rows = session.execute(claims.order_by(Claim.id), execution_options=STREAM)
    with closing(rows):  # a reader who stops early (a dropped download) frees the cursor
        if not history:
            for _claim_id, line_head, line_score, line_tail in rows:
                yield f"{line_head}{_number(line_score)}{line_tail}\n"
            return
        events = _events_in_claim_order(session, claim_ids)
        with closing(events):
            pending = next(events, None)
            for claim_id, line_head, line_score, line_tail in rows:
                own = []
                while pending is not None and pending.claim_id == claim_id:
                    own.append(event_record(pending))
                    pending = next(events, None)
                yield (f"{line_head}{_number(line_score)}{line_tail[:-1]},\"events\":"
                       f"{json.dumps(own, ensure_ascii=False, separators=(',', ':'))}}}\n")


def iter_claim_records(
    session: Session, criteria: ExportFilter = ExportFilter(), *, history: bool = False,
    with_text: bool = False,
) -> Iterator[dict[str, Any]]:
    """The export's records as dicts, for the formats that reshape them."""
    for line in iter_export_lines(session, criteria, history=history, with_text=with_text):
        yield json.loads(line)


FORMATS = ("jsonl", "csv", "claimreview", "prodigy")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv",
               "claimreview": "application/x-ndjson", "prodigy": "application/x-ndjson"}


def check_format(output_format: str) -> None:
    """InvalidInput unless `output_format` is one of FORMATS (callers that stream check
    before the first byte, while an error can still be a response)."""
    if output_format not in FORMATS:
        raise InvalidInput(f"unknown format {output_format!r}: use {', '.join(FORMATS)}")


def export_lines(
    session: Session, output_format: str, criteria: ExportFilter = ExportFilter(), *,
    history: bool = False, with_text: bool = False, publisher: Publisher | None = None,
) -> Iterator[str]:
    """The export in one of FORMATS, as lines of text, streamed."""
    check_format(output_format)
    if output_format == "jsonl":
        return iter_export_lines(session, criteria, history=history, with_text=with_text)
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
    raise AssertionError(output_format)  # FORMATS and the branches above agree


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


def _narrowed(query, criteria: ExportFilter):
    if not criteria.include_retired:
        query = query.where(Claim.status == ClaimStatus.ACTIVE.value)
    query = narrowed(query, verdict=criteria.verdict, document_id=criteria.document_id,
                     reviewer=criteria.reviewer, time_sensitive=criteria.time_sensitive)
    if criteria.since:
        query = query.where(Claim.updated_at >= _day_start(criteria.since))
    if criteria.until:
        query = query.where(Claim.updated_at < _day_start(criteria.until + dt.timedelta(days=1)))
    return query


def _number(value: float) -> str:
    """A score as `json.dumps` writes it (the databases' own float text differs)."""
    if type(value) is float and value - value == 0:  # finite: repr is what json writes
        return repr(value)
    return json.dumps(value)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def review_record(review: Review, reviewer: str) -> dict[str, Any]:
    """One review as exported."""
    return {
        "reviewer": reviewer, "label": review.label, "note": review.note,
        "evidence": list(review.evidence), "outdated_since": _iso(review.outdated_since),
        "created_at": _iso(review.created_at), "updated_at": _iso(review.updated_at),
    }


def _events_in_claim_order(session: Session, claim_ids):
    """The events of the claims `claim_ids` selects, by claim and then in chain order."""
    query = (sa_select(Event.claim_id, Event.kind, Event.at, Event.actor, Event.before,
                       Event.after, Event.reason, Event.hash)
             .where(Event.claim_id.in_(claim_ids)).order_by(Event.claim_id, Event.id))
    return session.execute(query, execution_options=STREAM)


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
