"""An import's plain documents (JSONL documents): ingested in the import's transaction.

Why here and not by `ingest` after the import: that committed the claims first and the
documents one transaction each, so a killed import left some documents, and a document
`ingest` refused (a bad date) was dropped with exit 0 after the claims were written. Every
line is checked by the reader before this runs; this extracts and stores, or fails whole.
Stored as `ingest` stores a batch: one bulk insert per table (documents, claims, events)
for every `BATCH_DOCUMENTS` documents, not an insert, a flush and an event per document.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from app.db import begin_write
from app.models import Document
from app.nlp.types import CandidateClaim, Extractor
from app.services.extracting import distinct
from app.services.ingest import BATCH_DOCUMENTS, extractor_label, insert_batch
from app.services.sources import IncomingDocument, document_from_record

_LOOKUP = 500  # content hashes a query


@dataclass
class Stored:
    """What became of the plain documents."""

    added: int = 0
    present: int = 0  # already in the database, or repeated in the file
    claims: int = 0


class ExtractionFailed(Exception):
    """The extractor failed on one document: the import is refused, naming its line."""

    def __init__(self, line: int, error: BaseException) -> None:
        super().__init__(f"line {line}: its claims could not be extracted "
                         f"({type(error).__name__}: {error})")


def add_plain_documents(session: Session, records: list[tuple[int, dict[str, Any]]], *,
                        origin: str, load_extractor: Callable[[], Extractor],
                        let_go_first: bool) -> Stored:
    """Extract and insert the documents (`records`: line number, checked JSON record)
    into the session's write transaction, skipping those already stored.

    `let_go_first`: nothing else of the import was written, so the transaction is ended
    while the claims are extracted (minutes for thousands of documents, during which a
    SQLite write lock would stop every reviewer) and begun again to write.
    """
    documents = [(number, _document(record, f"{origin}:{number}")) for number, record in records]
    if let_go_first:
        session.rollback()
    stored = Stored()
    fresh = _fresh(session, documents, stored)
    if let_go_first:
        session.rollback()  # end the read too: nothing is held while extracting
    extractor = load_extractor()
    with _collector_on():
        claim_lists = _extracted(extractor, fresh)
    if let_go_first:
        begin_write(session)
        known = _known(session, [doc.content_hash for _, doc in fresh])
        claim_lists = [c for (_, doc), c in zip(fresh, claim_lists, strict=True)
                       if doc.content_hash not in known]
        stored.present += len(fresh) - len(claim_lists)
        fresh = [(n, doc) for n, doc in fresh if doc.content_hash not in known]
    label = extractor_label(extractor)
    documents = [incoming for _, incoming in fresh]
    for start in range(0, len(documents), BATCH_DOCUMENTS):
        end = start + BATCH_DOCUMENTS
        added = insert_batch(session, documents[start:end], claim_lists[start:end], label,
                             actor=None)
        stored.added += len(added)
        stored.claims += sum(len(ids) for _, ids in added)
    return stored


def _document(record: dict[str, Any], origin: str) -> IncomingDocument:
    document = document_from_record(record, origin=origin)
    if not isinstance(document, IncomingDocument):  # the reader refused such lines
        raise ValueError(f"an unchecked document reached the import: {document}")
    return document


def _fresh(session: Session, documents: list[tuple[int, IncomingDocument]],
           stored: Stored) -> list[tuple[int, IncomingDocument]]:
    """The documents not yet stored, each text once."""
    seen = _known(session, [doc.content_hash for _, doc in documents])
    fresh = []
    for number, document in documents:
        if document.content_hash in seen:
            stored.present += 1
        else:
            seen.add(document.content_hash)
            fresh.append((number, document))
    return fresh


def _known(session: Session, hashes: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(hashes), _LOOKUP):
        known.update(session.exec(select(Document.content_hash).where(
            Document.content_hash.in_(hashes[start:start + _LOOKUP]))))
    return known


def _extracted(extractor: Extractor, documents: list[tuple[int, IncomingDocument]]
               ) -> list[list[CandidateClaim]]:
    """Each document's claims, each claim once (`extracting.distinct`: a claim proposed
    twice broke the claim table's unique key, and with it the import); if the batch fails,
    one at a time to name the line."""
    sources = [document.source_text() for _, document in documents]
    try:
        return [distinct(claims) for claims in extractor.extract_many(sources)]
    except Exception:  # noqa: S110 - retried one by one below, which names the line
        pass
    claim_lists = []
    for (number, _), source in zip(documents, sources, strict=True):
        try:
            claim_lists.append(distinct(extractor.extract(source)))
        except Exception as error:
            raise ExtractionFailed(number, error) from error
    return claim_lists


@contextmanager
def _collector_on() -> Iterator[None]:
    """The import pauses the cyclic collector for parsing; spaCy's documents do make
    cycles, so it runs while claims are extracted."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
