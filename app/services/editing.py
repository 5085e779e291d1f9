"""People correcting the extractor: adding a missed claim, rewording one, splitting one."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write
from app.models import Claim, ClaimStatus, Document, User, utcnow
from app.nlp.types import CandidateClaim
from app.services.errors import Forbidden, InvalidInput, NotFound
from app.services.events import ClaimAdded, ClaimEdited, ClaimSplit, record
from app.services.ingest import claim_row
from app.services.review import lock_claim

MAX_CLAIM_LENGTH = 1_000


def add_claim(*, session: Session, actor: User, document_id: int, start: int, end: int,
              text: str | None = None) -> Claim:
    """A claim from `document.text[start:end]` (worded as `text` if given)."""
    begin_write(session)
    document = session.get(Document, document_id)
    if document is None:
        session.rollback()
        raise NotFound(f"no document {document_id}")
    if not 0 <= start < end <= len(document.text):
        session.rollback()
        raise InvalidInput("the selection is not inside the document's text")
    span = document.text[start:end]
    wording = _wording(text if text is not None else span.strip())
    sentence_start, sentence_end = _enclosing_sentence(session, document, start, end)
    candidate = CandidateClaim(
        text=wording, sentence=document.text[sentence_start:sentence_end], start=sentence_start,
        end=sentence_end, span_start=start, span_end=end, span_text=span, score=0.5)
    claim = Claim(**claim_row(document, candidate, f"manual/{actor.username}"))
    session.add(claim)
    _flush_new_claims(session)
    record(session, ClaimAdded(actor=actor, claim_id=claim.id, document_id=document_id,
                               after={"text": wording, "span": [start, end]}))
    session.commit()
    return claim


def edit_claim(*, session: Session, actor: User, claim_id: int, text: str,
               expected_version: int | None) -> Claim:
    """Reword a claim (editors and admins); its reviews stay with it."""
    _require_editor(actor)
    wording = _wording(text)
    begin_write(session)
    claim = lock_claim(session, claim_id, expected_version)
    if claim.text == wording:
        session.rollback()
        return claim
    before = claim.text
    claim.text, claim.version, claim.updated_at = wording, claim.version + 1, utcnow()
    session.add(claim)
    session.flush()
    record(session, ClaimEdited(actor=actor, claim_id=claim.id, document_id=claim.document_id,
                                before={"text": before}, after={"text": wording}))
    session.commit()
    return claim


def split_claim(*, session: Session, actor: User, claim_id: int, parts: list[str],
                expected_version: int | None) -> list[Claim]:
    """Replace a claim by two or more parts; the original is retired (kept) unless one
    part keeps its exact wording, in which case it stays and only the others are added."""
    _require_editor(actor)
    wordings = [_wording(part) for part in parts if part.strip()]
    if len(wordings) < 2:
        raise InvalidInput("a split needs at least two non-empty parts")
    begin_write(session)
    original = lock_claim(session, claim_id, expected_version)
    document = session.get(Document, original.document_id)
    keeps_original = original.text in wordings
    added = [Claim(**claim_row(document, _part_of(original, wording),
                               f"manual/{actor.username}"))
             for wording in dict.fromkeys(wordings) if wording != original.text]
    session.add_all(added)
    original.version, original.updated_at = original.version + 1, utcnow()
    if not keeps_original:
        original.status = ClaimStatus.RETIRED.value
    session.add(original)
    _flush_new_claims(session)
    record(session, ClaimSplit(
        actor=actor, claim_id=original.id, document_id=document.id,
        before={"text": original.text},
        after={"parts": [{"id": c.id, "text": c.text} for c in added],
               "original_kept": keeps_original}))
    for claim in added:
        record(session, ClaimAdded(actor=actor, claim_id=claim.id, document_id=document.id,
                                   after={"text": claim.text, "split_from": original.id}))
    session.commit()
    return [original, *added] if keeps_original else added


def _part_of(original: Claim, wording: str) -> CandidateClaim:
    """A part of a split claim: its own wording, everything else from the original."""
    return CandidateClaim(
        text=wording, sentence=original.sentence, start=original.start, end=original.end,
        span_start=original.span_start, span_end=original.span_end,
        span_text=original.span_text, attribution=original.attribution,
        hedged=original.hedged, dates=original.dates, entities=original.entities,
        score=original.score, time_sensitive=original.time_sensitive)


def _flush_new_claims(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise InvalidInput("that claim already exists for this part of the text") from None


def _require_editor(actor: User) -> None:
    if not actor.may_edit:
        raise Forbidden("only editors and admins change a claim's wording")


def _wording(text: str) -> str:
    wording = " ".join(text.split())
    if not wording:
        raise InvalidInput("a claim needs some text")
    if len(wording) > MAX_CLAIM_LENGTH:
        raise InvalidInput(f"a claim is at most {MAX_CLAIM_LENGTH} characters")
    return wording


def _enclosing_sentence(session: Session, document: Document, start: int, end: int):
    """Offsets of an extracted sentence that covers the selection, else of the selection."""
    query = select(Claim.start, Claim.end).where(
        Claim.document_id == document.id, Claim.start <= start, Claim.end >= end).limit(1)
    found = session.exec(query).first()
    return (found[0], found[1]) if found else (start, end)
