"""Small factories that arrange data through the real services."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from app.models import Claim, Document
from app.nlp.types import CandidateClaim
from app.services.documents import claims_of
from app.services.ingest import store_document
from app.services.sources import IncomingDocument


def sentence_claims(text: str) -> list[CandidateClaim]:
    """One claim per full stop-terminated sentence, offsets exact (no model needed)."""
    claims, cursor = [], 0
    for part in text.split(". "):
        sentence = part if part.endswith(".") else part + "."
        start = text.index(sentence.rstrip("."), cursor)
        end = min(start + len(sentence), len(text))
        sentence = text[start:end]
        cursor = end
        claims.append(CandidateClaim(
            text=sentence.rstrip("."), sentence=sentence, start=start, end=end,
            span_start=start, span_end=end, span_text=sentence, score=0.7,
        ))
    return claims


def add_document(
    session: Session,
    text: str = "Rain fell on Monday. The river rose by two metres. Officials said roads closed.",
    title: str = "Floods",
    claims: list[CandidateClaim] | None = None,
) -> tuple[Document, list[Claim]]:
    """Store a document with hand-made claims; returns it and its stored claims."""
    incoming = IncomingDocument(text=text, title=title, source="test",
                                published=dt.date(2024, 1, 22), origin="test")
    document = store_document(session=session, incoming=incoming,
                              claims=sentence_claims(text) if claims is None else claims,
                              extractor="test/1", actor=None)
    claims = claims_of(session, document.id)
    session.commit()  # end the read (objects stay loaded) so later reads see new writes
    return document, claims


def drop_event_guards(session: Session) -> None:
    """Remove the append-only triggers, as an attacker with raw SQL access would."""
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("DROP TRIGGER event_append_only ON event"))
    else:
        session.exec(text("DROP TRIGGER event_no_update"))
        session.exec(text("DROP TRIGGER event_no_delete"))
    session.commit()


def drop_audit_guards(session: Session) -> None:
    """Remove every append-only trigger of the events and the tree, as an owner of the
    database could."""
    from sqlalchemy import text

    drop_event_guards(session)
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("DROP TRIGGER event_no_truncate ON event"))
        for table in ("audit_leaf", "audit_node", "audit_checkpoint"):
            session.exec(text(f"DROP TRIGGER {table}_append_only ON {table}"))
            session.exec(text(f"DROP TRIGGER {table}_no_truncate ON {table}"))
    else:
        session.exec(text("DROP TRIGGER event_no_replace"))
        for table in ("audit_leaf", "audit_node", "audit_checkpoint"):
            for action in ("replace", "update", "delete"):
                session.exec(text(f"DROP TRIGGER {table}_no_{action}"))
    session.commit()
