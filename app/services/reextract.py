"""Running a newer extractor over stored documents without losing a single review."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.db import begin_write, insert_rows
from app.models import Claim, ClaimStatus, Document, Event, User, utcnow
from app.nlp.types import Extractor, SourceText
from app.services.events import (
    ClaimReactivated,
    ClaimRetired,
    ClaimSplit,
    DocumentReextracted,
    record,
)
from app.services.ingest import claim_row, extractor_label


@dataclass(frozen=True)
class ReextractReport:
    """What one document's re-extraction did."""

    document_id: int
    kept: int
    added: int
    retired: int


def reextract(
    *, session: Session, document_ids: list[int], extractor: Extractor, actor: User | None
) -> list[ReextractReport]:
    """Re-extract each document: matching claims (same span and text) keep their reviews,
    new ones are added, vanished ones are retired — kept, hidden, each with an event."""
    reports = []
    for document_id in document_ids:
        document = session.get(Document, document_id)
        if document is None:
            continue
        source = SourceText(text=document.text, published=document.published,
                            title=document.title)
        [candidates] = list(extractor.extract_many([source]))
        reports.append(_apply(session, document, candidates, extractor_label(extractor), actor))
    return reports


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
    begin_write(session)
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
    session.commit()
    return report
