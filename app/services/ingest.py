"""Ingest: store documents with their candidate claims, idempotent by content hash."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write, insert_rows
from app.models import Claim, Document, User, utcnow
from app.nlp.types import CandidateClaim, Extractor
from app.services.events import DocumentIngested, record
from app.services.forking import children_die_with_me
from app.services.matches import match_claims
from app.services.sources import IncomingDocument, SourceProblem

BATCH_SIZE = 32


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and the exit code."""

    added: list[Document] = field(default_factory=list)
    skipped: int = 0
    claims: int = 0
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def extractor_label(extractor: Extractor) -> str:
    """`name/version`, stored on every claim it proposed."""
    return f"{extractor.name}/{extractor.version}"


def ingest(
    *,
    session: Session,
    items: Iterable[IncomingDocument | SourceProblem],
    extractor: Extractor,
    actor: User | None,
    on_item: Callable[[IncomingDocument | SourceProblem], None] = lambda _item: None,
    batch_size: int = BATCH_SIZE,
    processes: int = 1,
    match: bool = True,
) -> IngestReport:
    """Extract and store every new document; problems and duplicates are counted, not fatal.

    With `match`, each new document's claims are matched against the knowledge base
    (fact-checks, claims of other documents) as it is stored: "checked before" is there at once.

    With `processes` > 1 the parsing runs in that many processes; batches are then larger
    so that each worker gets enough text to be worth starting.
    """
    report = IngestReport()
    if processes > 1:
        batch_size = max(batch_size, 64 * processes)
    for batch in _batches(items, batch_size):
        fresh = _fresh_documents(session, batch, report)
        with children_die_with_me():  # the parsing processes: no orphans if we are killed
            claim_lists = list(extractor.extract_many((doc.source_text() for doc in fresh),
                                                      n_process=processes))
        for incoming, claims in zip(fresh, claim_lists, strict=True):
            document = store_document(session=session, incoming=incoming, claims=claims,
                                      extractor=extractor_label(extractor), actor=actor)
            if document is None:
                report.skipped += 1
            else:
                report.added.append(document)
                report.claims += len(claims)
                if match:
                    _match_document(session, document.id)
        for item in batch:
            on_item(item)
    return report


def _match_document(session: Session, document_id: int) -> None:
    """Match a new document's claims (the cost is bounded per claim by the index)."""
    ids = list(session.exec(select(Claim.id).where(Claim.document_id == document_id)))
    if ids:
        match_claims(session=session, claim_ids=ids)


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
    digest = incoming.content_hash
    document = Document(
        content_hash=digest, title=incoming.title[:500], source=incoming.source,
        published=incoming.published, text=incoming.text,
        word_count=len(incoming.text.split()), extractor=extractor,
    )
    session.add(document)
    session.flush()
    rows = [claim_row(document, claim, extractor) for claim in claims]
    if rows:
        insert_rows(session, Claim, rows)
    record(session, DocumentIngested(
        actor=actor, document_id=document.id,
        after={"title": document.title, "content_hash": digest, "claims": len(rows),
               "extractor": extractor, "origin": incoming.origin},
    ))
    return document


def claim_row(document: Document, claim: CandidateClaim, extractor: str,
              now: dt.datetime | None = None) -> dict:
    """The insert values of one claim; `uid` is stable across runs for the same span and text."""
    now = now or utcnow()
    uid_source = f"{document.content_hash}|{claim.span_start}|{claim.span_end}|{claim.text}"
    return {
        "uid": hashlib.sha256(uid_source.encode()).hexdigest()[:32],
        "document_id": document.id, "text": claim.text, "span_text": claim.span_text,
        "sentence": claim.sentence, "start": claim.start, "end": claim.end,
        "span_start": claim.span_start, "span_end": claim.span_end,
        "attribution": claim.attribution, "hedged": claim.hedged, "dates": claim.dates,
        "entities": claim.entities, "score": claim.score, "time_sensitive": claim.time_sensitive,
        "spans": claim.spans, "insertions": claim.insertions,
        "needs_context": claim.needs_context, "extractor": extractor, "status": "active",
        "verdict": None, "version": 1,
        "created_at": now, "updated_at": now,
    }


def _fresh_documents(
    session: Session, batch: list[IncomingDocument | SourceProblem], report: IngestReport
) -> list[IncomingDocument]:
    """The batch's readable documents not yet stored (nor repeated within the batch)."""
    documents = []
    for item in batch:
        if isinstance(item, SourceProblem):
            report.problems.append(item)
        else:
            documents.append(item)
    hashes = {doc.content_hash for doc in documents}
    known = set(session.exec(select(Document.content_hash)
                             .where(Document.content_hash.in_(hashes))))
    session.rollback()
    fresh, seen = [], set(known)
    for doc in documents:
        digest = doc.content_hash
        if digest in seen:
            report.skipped += 1
        else:
            seen.add(digest)
            fresh.append(doc)
    return fresh


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
