"""Read models for pages: documents with review progress, a document's claims, the label mix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import case, func
from sqlmodel import Session, select

from app.models import Claim, ClaimStatus, Document, Event, Review, as_utc
from app.services.errors import NotFound
from app.services.labels import CONFLICT, LABELS, PENDING, STATES, UNREVIEWED
from app.services.visibility import EVERYTHING, Sight, labelled_by_viewer


@dataclass(frozen=True)
class Progress:
    """How many active claims a document (or the whole desk) has, and how many are decided."""

    total: int
    reviewed: int  # decided: the claims with a verdict (with `mine`, labelled by the viewer)
    conflicts: int = 0
    mine: bool = False  # a blind reviewer's own progress: decisions would tell others' labels

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 0


@dataclass(frozen=True)
class DocumentSummary:
    """One dashboard row."""

    document: Document
    progress: Progress


def document_summaries(session: Session, limit: int = 500, sight: Sight = EVERYTHING,
                       ) -> list[DocumentSummary]:
    """Documents, newest first, each with its review progress (two grouped queries); a
    blind reviewer's progress counts the claims they labelled, and no conflicts."""
    done = labelled_by_viewer(sight) if sight.blind else Claim.verdict.is_not(None)
    decided = func.sum(case((done, 1), else_=0))
    counts = (
        select(Claim.document_id, func.count(Claim.id).label("total"), decided.label("decided"))
        .where(Claim.status == ClaimStatus.ACTIVE.value)
        .group_by(Claim.document_id)
        .subquery()
    )
    query = (
        select(Document, counts.c.total, counts.c.decided)
        .outerjoin(counts, counts.c.document_id == Document.id)
        .order_by(Document.id.desc())
        .limit(limit)
    )
    rows = list(session.exec(query))
    conflicts = ({} if sight.blind else
                 _open_states(session, [doc.id for doc, _, _ in rows], by_document=True))
    return [DocumentSummary(doc, Progress(int(total or 0), int(done or 0),
                                          conflicts.get((doc.id, CONFLICT), 0), sight.blind))
            for doc, total, done in rows]


def document_with_text(session: Session, content_hash: str) -> Document | None:
    """The document already holding a text with this content hash, if any."""
    return session.exec(select(Document).where(Document.content_hash == content_hash)).first()


def document_choices(session: Session, limit: int = 500) -> list[tuple[int, str]]:
    """(id, title) of the newest documents, for filter menus."""
    query = select(Document.id, Document.title).order_by(Document.id.desc()).limit(limit)
    return [(doc_id, title) for doc_id, title in session.exec(query)]


def label_mix(session: Session, document_id: int | None = None) -> dict[str, int]:
    """Active claims per state, in the states' order: each verdict, then in conflict,
    needing more reviews, and unreviewed (no review at all)."""
    query = (select(Claim.verdict, func.count(Claim.id))
             .where(Claim.status == ClaimStatus.ACTIVE.value).group_by(Claim.verdict))
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    counts = {verdict or UNREVIEWED: n for verdict, n in session.exec(query)}
    documents = None if document_id is None else [document_id]
    for (_, state), n in _open_states(session, documents).items():
        counts[state] = n
        counts[UNREVIEWED] -= n
    return {key: counts.get(key, 0) for key in STATES}


def _open_states(session: Session, document_ids: list[int] | None, *, by_document: bool = False,
                 ) -> dict[tuple[int | None, str], int]:
    """Claims without a verdict that do have reviews, counted as in conflict (reviewers
    disagree) or pending (too few agree yet); keyed by (document id or None, state)."""
    kinds = (select(Review.claim_id, Claim.document_id,
                    func.count(func.distinct(Review.label)).label("kinds"))
             .join(Claim, Claim.id == Review.claim_id)
             .where(Claim.status == ClaimStatus.ACTIVE.value, Claim.verdict.is_(None))
             .group_by(Review.claim_id, Claim.document_id))
    if document_ids is not None:
        kinds = kinds.where(Claim.document_id.in_(document_ids))
    kinds = kinds.subquery()
    state = case((kinds.c.kinds > 1, CONFLICT), else_=PENDING).label("state")
    document = kinds.c.document_id if by_document else sa.null()
    query = select(document, state, func.count()).group_by(
        *([kinds.c.document_id] if by_document else []), state)
    return {(doc, key): n for doc, key, n in session.exec(query)}


def overall_progress(mix: dict[str, int]) -> Progress:
    """Progress over the whole desk, from a label mix."""
    return Progress(sum(mix.values()), sum(mix.get(label, 0) for label in LABELS),
                    mix.get(CONFLICT, 0))


def visible_label_mix(session: Session, sight: Sight, document_id: int | None = None,
                      ) -> dict[str, int] | None:
    """The label mix, or None for a blind reviewer: it would tell them others' labels."""
    return None if sight.blind else label_mix(session, document_id)


def desk_progress(session: Session, sight: Sight = EVERYTHING,
                  ) -> tuple[Progress, dict[str, int] | None]:
    """The desk's progress and label mix as the viewer may see them: a blind reviewer gets
    their own progress (the claims they labelled) and no mix."""
    mix = visible_label_mix(session, sight)
    if mix is not None:
        return overall_progress(mix), mix
    labelled = func.sum(case((labelled_by_viewer(sight), 1), else_=0))
    total, mine = session.exec(select(func.count(Claim.id), labelled)
                               .where(Claim.status == ClaimStatus.ACTIVE.value)).one()
    return Progress(int(total or 0), int(mine or 0), mine=True), None


def get_document(session: Session, document_id: int) -> Document:
    """The document, or NotFound."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    return document


def document_head(session: Session, document_id: int) -> sa.Row:
    """The document's id, title, source and publication date (what every claim's record
    carries), or NotFound; its text, perhaps megabytes, is not read."""
    head = session.exec(_DOCUMENT_HEAD, params={"document_id": document_id}).first()
    if head is None:
        raise NotFound(f"no document {document_id}")
    return head


_DOCUMENT_HEAD = select(Document.id, Document.title, Document.source, Document.published).where(
    Document.id == sa.bindparam("document_id"))  # built once: every API answer runs it


def document_texts(session: Session, document_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(title, text) of several documents, in one query."""
    if not document_ids:
        return {}
    query = select(Document.id, Document.title, Document.text).where(
        Document.id.in_(list(document_ids)))
    return {doc_id: (title, text) for doc_id, title, text in session.exec(query)}


def claims_of(session: Session, document_id: int) -> list[Claim]:
    """A document's active claims in reading order."""
    query = (select(Claim).where(Claim.document_id == document_id,
                                 Claim.status == ClaimStatus.ACTIVE.value)
             .order_by(Claim.start, Claim.span_start, Claim.id))
    return list(session.exec(query))


def get_claim(session: Session, claim_id: int) -> Claim:
    """The claim, or NotFound."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id}")
    return claim


@dataclass(frozen=True)
class TextPiece:
    """A run of document text starting at `start`; `claims` are those whose sentence it is."""

    text: str
    start: int
    claims: tuple[Claim, ...] = ()


def paragraphs_with_claims(text: str, claims: list[Claim]) -> list[list[TextPiece]]:
    """The text cut into paragraphs of plain and claim-covered pieces, for highlighting.

    Claims are located by their sentence offsets; several claims from one sentence share
    one highlighted piece. Each piece keeps its offset so a selection in the page maps
    back to the text. Escaping is left to the template: no markup is built here.
    """
    sentences: dict[tuple[int, int], list[Claim]] = {}
    for claim in claims:
        sentences.setdefault((claim.start, claim.end), []).append(claim)
    pieces: list[TextPiece] = []
    cursor = 0
    for (start, end), group in sorted(sentences.items()):
        if start < cursor:  # overlapping sentence spans: keep the text whole
            continue
        pieces.extend(_plain_pieces(text, cursor, start))
        pieces.append(TextPiece(text[start:end], start, tuple(group)))
        cursor = end
    pieces.extend(_plain_pieces(text, cursor, len(text)))
    return _paragraphs(pieces)


def _plain_pieces(text: str, start: int, end: int) -> list[TextPiece]:
    """Plain text between claims, cut at paragraph breaks (kept as empty markers)."""
    pieces, cursor = [], start
    while cursor < end:
        brk = text.find("\n\n", cursor, end)
        if brk < 0:
            pieces.append(TextPiece(text[cursor:end], cursor))
            break
        if brk > cursor:
            pieces.append(TextPiece(text[cursor:brk], cursor))
        pieces.append(TextPiece("", brk))  # a paragraph break
        cursor = brk + 2
    return pieces


def _paragraphs(pieces: list[TextPiece]) -> list[list[TextPiece]]:
    paragraphs: list[list[TextPiece]] = [[]]
    for piece in pieces:
        if not piece.text and not piece.claims:
            paragraphs.append([])
        elif piece.claims or piece.text:  # the space between two sentences is kept too
            paragraphs[-1].append(piece)
    return [paragraph for paragraph in paragraphs if paragraph]


@dataclass(frozen=True)
class SentenceContext:
    """A claim's sentence inside its paragraph: the text before, the sentence, the text after.

    `lead`, `span` and `tail` cut the sentence around the words the claim was made from;
    `cut_before`/`cut_after` say the excerpt stops short of its paragraph (shown as "…").
    """

    before: str
    sentence: str
    after: str
    lead: str = ""
    span: str = ""
    tail: str = ""
    cut_before: bool = False
    cut_after: bool = False


def sentence_in_paragraph(text: str, start: int, end: int, *, span: tuple[int, int] | None = None,
                          around: int | None = None) -> SentenceContext:
    """The paragraph around `text[start:end]`, cut into three for highlighting, and at
    most `around` characters either side of it, cut between words."""
    paragraph_start = text.rfind("\n\n", 0, start)
    paragraph_start = 0 if paragraph_start < 0 else paragraph_start + 2
    paragraph_end = text.find("\n\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before, after = text[paragraph_start:start], text[end:paragraph_end]
    cut_before = cut_after = False
    if around is not None and len(before) > around:
        before, cut_before = _words_from_end(before, around), True
    if around is not None and len(after) > around:
        after, cut_after = _words_from_start(after, around), True
    span_start, span_end = span or (start, end)
    span_start = min(max(span_start, start), end)
    span_end = min(max(span_end, span_start), end)
    return SentenceContext(before, text[start:end], after, text[start:span_start],
                           text[span_start:span_end], text[span_end:end], cut_before, cut_after)


def claim_context(text: str, claim: Claim, around: int = 300) -> SentenceContext:
    """A claim's excerpt: its sentence in its paragraph, the claim's own words marked."""
    return sentence_in_paragraph(text, claim.start, claim.end,
                                 span=(claim.span_start, claim.span_end), around=around)


def _words_from_end(text: str, limit: int) -> str:
    """The last whole words of `text`, at most `limit` characters."""
    tail = text[-limit:]
    space = tail.find(" ")
    return tail[space + 1:] if 0 <= space < len(tail) - 1 else tail


def _words_from_start(text: str, limit: int) -> str:
    """The first whole words of `text`, at most `limit` characters."""
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head


def reviews_per_reviewer_per_day(
    session: Session, days: int = 14, today: dt.date | None = None
) -> tuple[list[dt.date], dict[str, list[int]]]:
    """Distinct claims each reviewer reviewed on each of the last `days` days (UTC).

    Relabelling a claim, or undoing and redoing a label, is still one claim that day; a
    label that was undone (and not given again that day) counts for nothing.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    first = today - dt.timedelta(days=days - 1)
    since = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    undone = {after["undoes"] for after in session.exec(
        select(Event.after).where(Event.kind == "review.undone", Event.at >= since))}
    query = (select(Event.id, Event.actor, Event.at, Event.claim_id)
             .where(Event.kind == "review.set", Event.at >= since))
    reviewed: dict[str, list[set[int]]] = {}
    for event_id, actor, at, claim_id in session.exec(query):
        index = (as_utc(at).date() - first).days
        if 0 <= index < days and event_id not in undone:
            reviewed.setdefault(actor, [set() for _ in range(days)])[index].add(claim_id)
    span = [first + dt.timedelta(days=i) for i in range(days)]
    return span, {actor: [len(claims) for claims in per_day]
                  for actor, per_day in sorted(reviewed.items())}
