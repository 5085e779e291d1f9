"""Running a newer extractor over stored documents without losing a single review."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlmodel import Session, select

from app.db import begin_write, insert_rows, refresh_statistics
from app.models import Claim, ClaimStatus, Document, Event, User, utcnow
from app.nlp.types import Extractor, SourceText
from app.services.events import (
    ClaimReactivated,
    ClaimRetired,
    ClaimSplit,
    DocumentReextracted,
    record,
)
from app.services.extracting import ExtractionRunner, running
from app.services.ingest import BATCH_DOCUMENTS, claim_row
from app.services.sources import first_line


@dataclass(frozen=True)
class ReextractReport:
    """What one document's re-extraction did."""

    document_id: int
    kept: int
    added: int
    retired: int


def reextract(
    *, session: Session, document_ids: Iterable[int], extractor: Extractor | None,
    actor: User | None, runner: ExtractionRunner | None = None,
    on_document: Callable[[int], None] = lambda _id: None,
) -> list[ReextractReport]:
    """Re-extract each document: matching claims (same span and text) keep their reviews,
    new ones are added, vanished ones are retired — kept, hidden, each with an event.

    Documents go in batches through `runner` (a Dask cluster, forked processes: started
    and stopped by the caller; by default `extractor` here), each batch's changes in one
    transaction."""
    reports = []
    with running(runner, extractor) as runner:
        for ids, candidate_lists in runner.extracted(_sources(session, document_ids)):
            begin_write(session)
            for document_id, candidates in zip(ids, candidate_lists, strict=True):
                document = session.get(Document, document_id)
                if document is not None:  # (deleted meanwhile: nothing to keep)
                    reports.append(_apply(session, document, candidates, runner.label, actor))
            session.commit()
            for document_id in ids:
                on_document(document_id)
    # Retired claims change status and new ones arrive: the queue plans on both
    refresh_statistics(session, {"claim": sum(r.added + r.retired for r in reports)})
    return reports


def _sources(session: Session, document_ids: Iterable[int]
             ) -> Iterator[tuple[list[int], list[SourceText]]]:
    """The documents' texts in batches, with their ids (ids of no document left out)."""
    wanted = iter(document_ids)
    while batch := list(islice(wanted, BATCH_DOCUMENTS)):
        rows = {row.id: row for row in session.exec(
            select(Document.id, Document.text, Document.published, Document.title,
                   Document.title_given)
            .where(Document.id.in_(batch)))}
        session.rollback()
        ids = [document_id for document_id in batch if document_id in rows]
        yield ids, [source_text(rows[i]) for i in ids]


def source_text(document: Document) -> SourceText:
    """What the extractor saw at ingest. A title ingest made from the text's first line
    is no headline: given as one, that line was left out as a repeat of it (and every
    claim of a one-line text retired). A supplied headline that is the first line (as news
    repeats it) is one; documents stored before this was recorded are judged by the text."""
    given = document.title_given
    if given is None:
        given = document.title != first_line(document.text)
    return SourceText(text=document.text, published=document.published,
                      title=document.title if given else None)


def _retired_by_reextraction(session: Session, document_id: int) -> set[int]:
    """Retired claims whose last retirement came from an extractor (an editor's split stands)."""
    query = (select(Event.claim_id, Event.kind)
             .where(Event.document_id == document_id,
                    Event.kind.in_([ClaimRetired.kind, ClaimSplit.kind, ClaimReactivated.kind]))
             .order_by(Event.id))
    last: dict[int, str] = {}
    for claim_id, kind in session.exec(query):
        last[claim_id] = kind
    return {claim_id for claim_id, kind in last.items() if kind == ClaimRetired.kind}


def _apply(session: Session, document: Document, candidates, label: str,
           actor: User | None) -> ReextractReport:
    """One document's changes, in the caller's write transaction."""
    rows = {row["uid"]: row for row in (claim_row(document, c, label) for c in candidates)}
    existing = {claim.uid: claim for claim in session.exec(
        select(Claim).where(Claim.document_id == document.id))}
    new_rows = [row for uid, row in rows.items() if uid not in existing]
    if new_rows:
        insert_rows(session, Claim, new_rows)
    now, retired, kept = utcnow(), 0, 0
    retired_by_extractor = _retired_by_reextraction(session, document.id)
    for uid, claim in existing.items():
        if uid in rows:
            kept += 1
            if claim.id in retired_by_extractor:  # proposed again: back in review
                claim.status = ClaimStatus.ACTIVE.value
                claim.version, claim.updated_at = claim.version + 1, now
                session.add(claim)
                session.flush()
                record(session, ClaimReactivated(actor=actor, claim_id=claim.id,
                                                 document_id=document.id,
                                                 reason=f"proposed again by {label}"))
        elif claim.status == ClaimStatus.ACTIVE.value and not claim.extractor.startswith(
                "manual/"):
            claim.status, claim.version, claim.updated_at = (ClaimStatus.RETIRED.value,
                                                             claim.version + 1, now)
            session.add(claim)
            session.flush()
            record(session, ClaimRetired(actor=actor, claim_id=claim.id,
                                         document_id=document.id,
                                         reason=f"not proposed by {label}"))
            retired += 1
    document.extractor = label
    session.add(document)
    session.flush()
    report = ReextractReport(document.id, kept, len(new_rows), retired)
    record(session, DocumentReextracted(
        actor=actor, document_id=document.id,
        after={"extractor": label, "kept": kept, "added": len(new_rows), "retired": retired}))
    return report
