"""People correcting the extractor: adding a missed claim, rewording one, splitting one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, literal
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import DriverQuery, begin_write
from app.models import Claim, ClaimStatus, Document, Event, Review, User, as_utc
from app.nlp.types import CandidateClaim, Extractor, SourceText
from app.services.clock import write_time
from app.services.errors import Forbidden, InvalidInput, NotFound
from app.services.events import ClaimAdded, ClaimEdited, ClaimSplit, record
from app.services.ingest import claim_row
from app.services.review import lock_claim, review_snapshot

MAX_CLAIM_LENGTH = 1_000
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\n")


def add_claim(*, session: Session, actor: User, document_id: int, start: int, end: int,
              text: str | None = None, extractor: Extractor | None = None) -> Claim:
    """A claim from `document.text[start:end]` (worded as `text` if given).

    With an `extractor`, who said it, whether it is hedged, its dates and entities are
    those the extractor finds for the selection when it reads the selection's sentence.
    """
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    if not 0 <= start < end <= len(document.text):
        raise InvalidInput("the selection is not inside the document's text")
    span = document.text[start:end]
    wording = _wording(text if text is not None else span.strip())
    sentence_start, sentence_end = _enclosing_sentence(session, document, start, end)
    read = _read_by_extractor(extractor, document, sentence_start, sentence_end, start, end)
    session.rollback()  # end the reads: the write below takes its own lock
    begin_write(session)
    candidate = CandidateClaim(
        text=wording, sentence=document.text[sentence_start:sentence_end], start=sentence_start,
        end=sentence_end, span_start=start, span_end=end, span_text=span,
        spans=[[start, end]] if wording == _wording(span.strip()) else [],  # the source's words
        **{"score": 0.5, **read})
    claim = Claim(**claim_row(document, candidate, f"manual/{actor.username}",
                              write_time(session)))
    session.add(claim)
    _flush_new_claims(session)
    record(session, ClaimAdded(actor=actor, claim_id=claim.id, document_id=document_id,
                               after={"text": wording, "span": [start, end]}))
    session.commit()
    return claim


def _read_by_extractor(extractor: Extractor | None, document: Document, sentence_start: int,
                       sentence_end: int, start: int, end: int) -> dict:
    """What the extractor says of the selection, read in its sentence: the fields of its
    candidate that overlaps the selection most (none when nothing overlaps)."""
    if extractor is None:
        return {}
    sentence = document.text[sentence_start:sentence_end]
    candidates = extractor.extract(SourceText(text=sentence, published=document.published,
                                              title=document.title))

    def overlap(candidate: CandidateClaim) -> int:
        lo = max(candidate.span_start + sentence_start, start)
        hi = min(candidate.span_end + sentence_start, end)
        return hi - lo

    best = max(candidates, key=overlap, default=None)
    if best is None or overlap(best) <= 0:
        best = candidates[0] if candidates else None
    if best is None:
        return {}
    return {"attribution": best.attribution, "hedged": best.hedged, "dates": best.dates,
            "entities": best.entities, "score": best.score,
            "time_sensitive": best.time_sensitive}


def edit_claim(*, session: Session, actor: User, claim_id: int, text: str,
               expected_version: int | None, reason: str = "") -> Claim:
    """Reword a claim (editors and admins) and send it back for review.

    The reviews given so far judged the old wording, so they stop counting: they are
    removed from the claim (kept, with the old wording, in this event and in the history)
    and its verdict, an editor's settlement included, is cleared.
    """
    require_editor(actor)
    wording = _wording(text)
    begin_write(session)
    claim = lock_claim(session, claim_id, expected_version)
    if claim.text == wording:
        session.rollback()
        return claim
    earlier = _withdraw_reviews(session, claim)
    before = {"text": claim.text, "verdict": claim.verdict, "settled_by": claim.settled_by,
              "reviews": earlier}
    now = write_time(session)
    claim.text, claim.verdict, claim.settled_by = wording, None, None
    # The editor's words are not assembled from the source: the old provenance no longer holds.
    claim.spans, claim.insertions, claim.needs_context = [], [], False
    claim.version, claim.updated_at = claim.version + 1, now
    session.add(claim)
    session.flush()
    why = reason.strip() or "reworded"
    if earlier:
        one = len(earlier) == 1
        why += (f"; {len(earlier)} review{'' if one else 's'} given on the earlier wording "
                f"no longer count{'s' if one else ''}: back in review")
    record(session, ClaimEdited(actor=actor, claim_id=claim.id, document_id=claim.document_id,
                                before=before, after={"text": wording, "verdict": None},
                                reason=why))
    session.commit()
    return claim


def _withdraw_reviews(session: Session, claim: Claim) -> list[dict]:
    """Remove a claim's reviews; what each said (and who said it) is returned."""
    rows = session.exec(select(Review, User.username).join(User, User.id == Review.reviewer_id)
                        .where(Review.claim_id == claim.id).order_by(Review.id)).all()
    earlier = [{"reviewer": name, **review_snapshot(item)} for item, name in rows]
    for item, _ in rows:
        session.delete(item)
    session.flush()
    return earlier


def wording_changes(session: Session, claim_ids: list[int]) -> dict[int, WordingChange]:
    """For each claim that was reworded or split off another, the latest such change."""
    if not claim_ids:
        return {}
    query = (select(Event).where(Event.claim_id.in_(claim_ids),
                                 Event.kind.in_([ClaimEdited.kind, ClaimAdded.kind]))
             .order_by(Event.id))
    return wording_changes_from(session, session.exec(query))


def wording_changes_from(session: Session, events: Iterable[Event | tuple]
                         ) -> dict[int, WordingChange]:
    """As `wording_changes`, from the claims' rewording events in order (`Event`s, or
    rows of `WORDING_EVENTS`)."""
    changes: dict[int, WordingChange] = {}
    for event in events:
        if event.kind == ClaimEdited.kind:
            changes[event.claim_id] = WordingChange("reworded", event.before.get("text", ""),
                                                    as_utc(event.at), event.actor)
        elif (event.after or {}).get("split_from") is not None:
            original = session.get(Claim, event.after["split_from"])
            changes[event.claim_id] = WordingChange(
                "split", original.text if original else "", as_utc(event.at), event.actor)
    return changes


# One claim's rewording events, for `wording_changes_from` (the queue card reads them with
# the claim's other parts in one round trip: claim_card). The kinds are bound values, not a
# list expanded at each run, so that the statement compiles once.
WORDING_EVENTS = DriverQuery(
    select(Event.claim_id, Event.kind, Event.before, Event.after, Event.at, Event.actor)
    .where(Event.claim_id == bindparam("claim_id", type_=Integer),
           Event.kind.in_([literal(ClaimEdited.kind), literal(ClaimAdded.kind)]))
    .order_by(Event.id))


def earlier_wording(history: list[Event]) -> dict[int, str]:
    """The review events of a claim's history given on a wording it no longer has: event
    id → the wording those reviewers judged."""
    judged: dict[int, str] = {}
    pending: list[int] = []
    for event in history:
        if event.kind.startswith("review."):
            pending.append(event.id)
        elif event.kind == ClaimEdited.kind:
            judged.update(dict.fromkeys(pending, (event.before or {}).get("text", "")))
            pending = []
    return judged


@dataclass(frozen=True)
class WordingChange:
    """How a claim's wording came to differ from the extractor's: reworded or split off."""

    kind: str
    earlier: str
    at: dt.datetime
    actor: str


def split_claim(*, session: Session, actor: User, claim_id: int, parts: list[str],
                expected_version: int | None) -> list[Claim]:
    """Replace a claim by two or more parts; the original is retired (kept) unless one
    part keeps its exact wording, in which case it stays and only the others are added."""
    require_editor(actor)
    wordings = [_wording(part) for part in parts if part.strip()]
    if len(wordings) < 2:
        raise InvalidInput("a split needs at least two non-empty parts")
    begin_write(session)
    original = lock_claim(session, claim_id, expected_version)
    document = session.get(Document, original.document_id)
    keeps_original = original.text in wordings
    added = [Claim(**claim_row(document, _part_of(original, wording),
                               f"manual/{actor.username}", write_time(session)))
             for wording in dict.fromkeys(wordings) if wording != original.text]
    session.add_all(added)
    original.version, original.updated_at = original.version + 1, write_time(session)
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


def require_editor(actor: User, action: str = "change a claim's wording") -> None:
    """Forbidden unless `actor` is an editor or an admin (asked before a form is read: a
    reviewer learns that they may not, not what the form lacks)."""
    if not actor.may_edit:
        raise Forbidden(f"only editors and admins {action}")


def _wording(text: str) -> str:
    wording = " ".join(text.split())
    if not wording:
        raise InvalidInput("a claim needs some text")
    if len(wording) > MAX_CLAIM_LENGTH:
        raise InvalidInput(f"a claim is at most {MAX_CLAIM_LENGTH} characters")
    return wording


def _enclosing_sentence(session: Session, document: Document, start: int, end: int):
    """Offsets of an extracted sentence that covers the selection, else of the text between
    the sentence ends (. ! ? or a paragraph break) around it."""
    query = select(Claim.start, Claim.end).where(
        Claim.document_id == document.id, Claim.start <= start, Claim.end >= end).limit(1)
    found = session.exec(query).first()
    if found:
        return found[0], found[1]
    text = document.text
    ends = [match.end() for match in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    first = ends[-1] if ends else 0
    last = after.start() + 1 if after else len(text)
    while first < start and text[first].isspace():
        first += 1
    return first, max(last, end)
