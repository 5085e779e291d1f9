"""Streamed export of claims (schema `claimdesk.claim/1`), in constant memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import closing
from typing import Any

from sqlalchemy import Row, Select
from sqlalchemy import select as sa_select
from sqlmodel import Session

from app.models import Claim, Document, Event, Review, as_utc
from app.services.constants import EXPORT_FORMATS as FORMATS
from app.services.errors import InvalidInput
from app.services.export_parallel import parallel_export_lines, runs_in_parallel
from app.services.export_sql import (
    SCHEMA,
    STREAM,
    ExportFilter,
    claim_ids,
    claim_line,
    export_query,
)
from app.services.formats import Publisher, claim_review, iter_csv, prodigy_task


def iter_export_lines(
    session: Session, criteria: ExportFilter = ExportFilter(), *, history: bool = False,
    with_text: bool = False, workers: int = 1,
) -> Iterator[str]:
    """The JSONL export in id order, one line a claim, from one server-side cursor.

    The database writes each line (see `export_sql`), so memory stays flat and the
    Python work per claim is a string join. `with_text` adds each document's full text and
    content hash, which an import into an empty database needs to restore documents
    exactly. `history` merges a second cursor, over the same claims' events in claim order.
    `workers` > 1 reads the claims in that many processes where it can (`export_parallel`;
    not with `history`).
    """
    if workers > 1 and not history and runs_in_parallel(session):
        yield from parallel_export_lines(session.get_bind(), criteria, with_text=with_text,
                                         workers=workers)
        return
    dialect_name = session.get_bind().dialect.name
    if history:
        _one_snapshot(session, dialect_name)
    rows = session.execute(export_query(dialect_name, criteria, with_text=with_text),
                           execution_options=STREAM)
    with closing(rows):  # a reader who stops early (a dropped download) frees the cursor
        if not history:
            for _claim_id, line_head, line_score, line_tail in rows:
                yield claim_line(line_head, line_score, line_tail)
            return
        events = _events_in_claim_order(session, claim_ids(criteria))
        with closing(events):
            pending = next(events, None)
            for claim_id, line_head, line_score, line_tail in rows:
                own = []
                while pending is not None and pending.claim_id == claim_id:
                    own.append(event_record(pending))
                    pending = next(events, None)
                yield (f"{claim_line(line_head, line_score, line_tail)[:-2]},\"events\":"
                       f"{json.dumps(own, ensure_ascii=False, separators=(',', ':'))}}}\n")


def _one_snapshot(session: Session, dialect_name: str) -> None:
    """Make the claim and event cursors of a history export read one snapshot.

    PostgreSQL reads each statement's own snapshot under READ COMMITTED: an event committed
    between the two cursors' starts would appear without its claim's change. A fresh
    transaction is made REPEATABLE READ (one the caller began is left as it is: it may hold
    its own changes). SQLite: one transaction is one snapshot already.
    """
    if dialect_name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def iter_claim_records(
    session: Session, criteria: ExportFilter = ExportFilter(), *, history: bool = False,
    with_text: bool = False, workers: int = 1,
) -> Iterator[dict[str, Any]]:
    """The export's records as dicts, for the formats that reshape them."""
    for line in iter_export_lines(session, criteria, history=history, with_text=with_text,
                                  workers=workers):
        yield json.loads(line)


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
    workers: int = 1,
) -> Iterator[str]:
    """The export in one of FORMATS, as lines of text, streamed (`workers`: see
    `iter_export_lines`)."""
    check_format(output_format)
    if output_format == "jsonl":
        return iter_export_lines(session, criteria, history=history, with_text=with_text,
                                 workers=workers)
    records = iter_claim_records(session, criteria, history=history, with_text=with_text,
                                 workers=workers)
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
        "settled_by": claim.settled_by, "reviews": reviews, "document": document,
        "sentence": claim.sentence,
        "start": claim.start, "end": claim.end, "spans": claim.spans,
        "insertions": claim.insertions, "attribution": claim.attribution,
        "hedged": claim.hedged, "needs_context": claim.needs_context,
        "dates": claim.dates, "entities": claim.entities,
        "score": claim.score, "time_sensitive": claim.time_sensitive,
        "extractor": claim.extractor, "status": claim.status,
        "created_at": _iso(claim.created_at), "updated_at": _iso(claim.updated_at),
    }


def review_record(review: Review, reviewer: str) -> dict[str, Any]:
    """One review as exported."""
    return {
        "reviewer": reviewer, "label": review.label, "note": review.note,
        "evidence": list(review.evidence), "outdated_since": _iso(review.outdated_since),
        "created_at": _iso(review.created_at), "updated_at": _iso(review.updated_at),
    }


def _events_in_claim_order(session: Session, ids: Select):
    """The events of the claims `ids` selects, by claim and then in chain order."""
    query = (sa_select(Event.claim_id, Event.kind, Event.at, Event.actor, Event.before,
                       Event.after, Event.reason, Event.hash)
             .where(Event.claim_id.in_(ids)).order_by(Event.claim_id, Event.id))
    return session.execute(query, execution_options=STREAM)


def event_record(event: Event) -> dict[str, Any]:
    """One audit event as exported."""
    return {"kind": event.kind, "at": _iso(event.at), "actor": event.actor,
            "before": event.before, "after": event.after, "reason": event.reason,
            "hash": event.hash}


def document_record(document: Document | Row) -> dict[str, Any]:
    """The document fields every exported claim carries (from a Document, or a row of
    those fields: `documents.document_head`)."""
    return {"id": document.id, "title": document.title, "source": document.source,
            "published": _iso(document.published)}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()
    return value.isoformat()
