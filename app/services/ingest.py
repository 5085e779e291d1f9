"""Ingest: store documents with their candidate claims, idempotent by content hash.

Documents go in batches: a batch's texts are extracted together (in this process, in
forked processes or on a Dask cluster: `extracting`, `cluster`), then stored in one
transaction with one bulk insert per table, events included. Each batch is all or
nothing, so a run that is killed leaves whole batches behind, and running it again
stores exactly the documents that are missing.

Why batches: 20,000 short texts took 29 minutes when each document had its own
transaction and event insert, and the session kept every stored document, which each
later transaction's start then expired one by one (quadratic in the run's length).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write, insert_rows, refresh_statistics, reserve_ids
from app.models import Claim, Document, PendingMatch, User, utcnow
from app.nlp.types import CandidateClaim, Extractor
from app.services.clock import write_time
from app.services.constants import BATCH_DOCUMENTS
from app.services.events import DocumentIngested, record, record_many
from app.services.extracting import ExtractionRunner, extractor_label, running
from app.services.matches import match_claims, match_pending
from app.services.recheck import due_at
from app.services.sources import IncomingDocument, SourceProblem

__all__ = ["IngestReport", "claim_row", "extractor_label", "ingest", "insert_batch",
           "insert_document", "store_batch", "store_document"]

BATCH_CHARS = 250_000  # long stories: fewer to a batch, so a batch's work stays bounded
STORE_ATTEMPTS = 3  # a concurrent ingest of the same text makes a batch try again


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document this run added (its text is not kept: a run may add millions)."""

    id: int
    title: str


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and the exit code."""

    added: list[StoredDocument] = field(default_factory=list)
    skipped: int = 0
    claims: int = 0
    problems: list[SourceProblem] = field(default_factory=list)
    matched_late: int = 0  # claims an earlier, interrupted run stored but did not match
    unmatched: list[int] = field(default_factory=list)  # queued, left to the caller to match

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Batch:
    """Items read together: all of them, and the new documents among them to extract."""

    items: list[IncomingDocument | SourceProblem]
    fresh: list[IncomingDocument]


def ingest(
    *,
    session: Session,
    items: Iterable[IncomingDocument | SourceProblem],
    extractor: Extractor | None,
    actor: User | None,
    on_item: Callable[[IncomingDocument | SourceProblem], None] = lambda _item: None,
    processes: int = 1,
    runner: ExtractionRunner | None = None,
    match: bool = True,
    batch_size: int = BATCH_DOCUMENTS,
    resume_matching: bool = True,
    match_now: bool = True,
) -> IngestReport:
    """Extract and store every new document; problems and duplicates are counted, not fatal.

    Extraction runs in `runner` (a Dask cluster, say: started and stopped by the caller),
    else in `processes` forked processes, else here. With `match`, each batch's new
    claims are queued for matching in the batch's own transaction and matched against the
    knowledge base (fact-checks, claims of other documents) once it is stored; at the end,
    with `resume_matching`, so are the claims an earlier run queued and did not live to
    match (a web request leaves those to the next run: they may be many). Without
    `match_now` the new claims stay queued, listed in the report's `unmatched` (a web
    request matches them once its answer is sent).
    """
    report = IngestReport()
    in_flight: set[str] = set()
    jobs = ((batch, [doc.source_text() for doc in batch.fresh])
            for batch in _batches(session, items, report, in_flight, batch_size))
    with running(runner, extractor, processes) as runner:
        for batch, claim_lists in runner.extracted(jobs):
            stored = store_batch(session=session, documents=batch.fresh,
                                 claim_lists=claim_lists, extractor=runner.label,
                                 actor=actor, queue_matching=match) if batch.fresh else []
            in_flight.difference_update(doc.content_hash for doc in batch.fresh)
            report.skipped += len(batch.fresh) - len(stored)
            report.added.extend(document for document, _ in stored)
            claim_ids = [claim_id for _, ids in stored for claim_id in ids]
            report.claims += len(claim_ids)
            if match and claim_ids and match_now:
                match_claims(session=session, claim_ids=claim_ids)
            elif match:
                report.unmatched.extend(claim_ids)
            for item in batch.items:
                on_item(item)
    if match and resume_matching:
        report.matched_late = match_pending(session)
    refresh_statistics(session, {"document": len(report.added), "claim": report.claims})
    return report


def store_batch(
    *, session: Session, documents: list[IncomingDocument],
    claim_lists: list[list[CandidateClaim]], extractor: str, actor: User | None,
    queue_matching: bool = False,
) -> list[tuple[StoredDocument, list[int]]]:
    """Store the documents not stored yet with their claims and events (and, with
    `queue_matching`, the claims queued to be matched), in one transaction; each stored
    document with its claims' ids. A document stored meanwhile by someone else is left out
    (the batch is tried again if that was noticed only on insert)."""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        begin_write(session)
        try:
            stored = insert_batch(session, documents, claim_lists, extractor, actor,
                                  queue_matching=queue_matching)
        except Exception as error:
            session.rollback()
            if attempt == STORE_ATTEMPTS or not _duplicate(error):
                raise
            continue
        session.commit()
        return stored
    raise AssertionError("unreachable")


def insert_batch(
    session: Session, documents: list[IncomingDocument],
    claim_lists: list[list[CandidateClaim]], extractor: str, actor: User | None,
    *, queue_matching: bool = False,
) -> list[tuple[StoredDocument, list[int]]]:
    """The batch's new documents, claims and events (with `queue_matching`, the claims'
    places in the queue of those to be matched), added to the caller's write transaction in
    one bulk insert per table; each stored document with its claims' ids."""
    known = _known_hashes(session, [doc.content_hash for doc in documents])
    new = [(doc, claims) for doc, claims in zip(documents, claim_lists, strict=True)
           if doc.content_hash not in known]
    if not new:
        return []
    now = write_time(session)
    document_ids = reserve_ids(session, Document, len(new))
    insert_rows(session, Document, [
        document_row(doc, extractor, document_id, now)
        for (doc, _), document_id in zip(new, document_ids, strict=True)])
    claim_ids = iter(reserve_ids(session, Claim, sum(len(claims) for _, claims in new)))
    stored, rows = [], []
    for (doc, claims), document_id in zip(new, document_ids, strict=True):
        ids = [next(claim_ids) for _ in claims]
        rows.extend({**claim_values(document_id, doc.content_hash, claim, extractor, now,
                                    published=doc.published),
                     "id": claim_id} for claim, claim_id in zip(claims, ids, strict=True))
        stored.append((StoredDocument(document_id, doc.title[:500]), ids))
    insert_rows(session, Claim, rows)
    if queue_matching and rows:
        insert_rows(session, PendingMatch, [{"claim_id": row["id"]} for row in rows])
    record_many(session, (
        DocumentIngested(actor=actor, document_id=document.id, after=_ingested(
            doc, document.title, len(ids), extractor))
        for (doc, _), (document, ids) in zip(new, stored, strict=True)))
    return stored


def _duplicate(error: BaseException) -> bool:
    """Whether `error` is a unique key taken meanwhile (the driver's own error on COPY)."""
    return isinstance(error, IntegrityError) or getattr(error, "sqlstate", None) == "23505"


def _known_hashes(session: Session, hashes: list[str]) -> set[str]:
    """Which of these content hashes are stored already."""
    if not hashes:
        return set()
    return set(session.exec(select(Document.content_hash)
                            .where(Document.content_hash.in_(hashes))))


def document_row(incoming: IncomingDocument, extractor: str, document_id: int | None,
                 now: dt.datetime) -> dict:
    """The insert values of one document."""
    return {
        "id": document_id, "content_hash": incoming.content_hash,
        "title": incoming.title[:500], "title_given": incoming.given_title is not None,
        "source": incoming.source,
        "published": incoming.published, "text": incoming.text,
        "word_count": len(incoming.text.split()), "extractor": extractor, "created_at": now,
    }


def _ingested(incoming: IncomingDocument, title: str, claims: int, extractor: str) -> dict:
    """What a `document.ingested` event records."""
    return {"title": title, "content_hash": incoming.content_hash, "claims": claims,
            "extractor": extractor, "origin": incoming.origin}


def store_document(
    *, session: Session, incoming: IncomingDocument, claims: list[CandidateClaim],
    extractor: str, actor: User | None,
) -> Document | None:
    """Insert one document and all its claims in one transaction; None if it already exists."""
    begin_write(session)
    try:
        document = insert_document(session=session, incoming=incoming, claims=claims,
                                   extractor=extractor, actor=actor)
    except IntegrityError:  # another process stored the same text meanwhile
        session.rollback()
        return None
    session.commit()
    return document


def insert_document(
    *, session: Session, incoming: IncomingDocument, claims: list[CandidateClaim],
    extractor: str, actor: User | None,
) -> Document:
    """Add the document, its claims and its event to the caller's write transaction."""
    row = document_row(incoming, extractor, None, write_time(session))
    del row["id"]
    document = Document(**row)
    session.add(document)
    session.flush()
    rows = [claim_row(document, claim, extractor) for claim in claims]
    if rows:
        insert_rows(session, Claim, rows)
    record(session, DocumentIngested(actor=actor, document_id=document.id, after=_ingested(
        incoming, document.title, len(rows), extractor)))
    return document


def claim_row(document: Document, claim: CandidateClaim, extractor: str,
              now: dt.datetime | None = None) -> dict:
    """The insert values of one claim of a stored document."""
    return claim_values(document.id, document.content_hash, claim, extractor, now or utcnow(),
                        published=document.published)


def claim_values(document_id: int, content_hash: str, claim: CandidateClaim, extractor: str,
                 now: dt.datetime, *, published: dt.date | None = None) -> dict:
    """The insert values of one claim; `uid` is stable across runs for the same span and text.

    `published` (the document's day) tells which of the claim's dates look ahead: when they
    pass, the claim may be outdated (`recheck.due_at`)."""
    uid_source = f"{content_hash}|{claim.span_start}|{claim.span_end}|{claim.text}"
    return {
        "uid": hashlib.sha256(uid_source.encode()).hexdigest()[:32],
        "document_id": document_id, "text": claim.text, "span_text": claim.span_text,
        "sentence": claim.sentence, "start": claim.start, "end": claim.end,
        "span_start": claim.span_start, "span_end": claim.span_end,
        "attribution": claim.attribution, "hedged": claim.hedged, "dates": claim.dates,
        "entities": claim.entities, "score": claim.score, "time_sensitive": claim.time_sensitive,
        "due_at": due_at(claim.dates, published, claim.time_sensitive),
        "spans": claim.spans, "insertions": claim.insertions,
        "needs_context": claim.needs_context, "extractor": extractor, "status": "active",
        "verdict": None, "version": 1,
        "created_at": now, "updated_at": now,
    }


def _batches(
    session: Session, items: Iterable[IncomingDocument | SourceProblem],
    report: IngestReport, in_flight: set[str], size: int,
) -> Iterator[_Batch]:
    """The items in batches of at most `size` documents and `BATCH_CHARS` of text, each
    with its documents that are neither stored nor already on their way."""
    items_now: list[IncomingDocument | SourceProblem] = []
    documents: list[IncomingDocument] = []
    chars = 0
    for item in items:
        items_now.append(item)
        if isinstance(item, SourceProblem):
            report.problems.append(item)
            continue
        documents.append(item)
        chars += len(item.text)
        if len(documents) >= size or chars >= BATCH_CHARS:
            yield _Batch(items_now, _fresh(session, documents, report, in_flight))
            items_now, documents, chars = [], [], 0
    if items_now:
        yield _Batch(items_now, _fresh(session, documents, report, in_flight))


def _fresh(session: Session, documents: list[IncomingDocument], report: IngestReport,
           in_flight: set[str]) -> list[IncomingDocument]:
    """The documents neither stored, nor earlier in the batch, nor in a batch on its way."""
    known = _known_hashes(session, [doc.content_hash for doc in documents])
    session.rollback()  # a read: hold no snapshot (nor SQLite's read lock) while parsing
    fresh = []
    for doc in documents:
        digest = doc.content_hash
        if digest in known or digest in in_flight:
            report.skipped += 1
        else:
            in_flight.add(digest)
            fresh.append(doc)
    return fresh
