"""The team's labelling guidelines: one current text, every edit recorded as an event."""

from __future__ import annotations

from sqlmodel import Session, select

from app.db import begin_write
from app.models import Guidelines, User, utcnow
from app.services.errors import Forbidden, InvalidInput, StaleVersion
from app.services.events import GuidelinesEdited, record

MAX_LENGTH = 100_000
DEFAULT_TEXT = """\
Label each candidate claim as it is stated, against the evidence you can cite.

Supported (1)
The evidence confirms the claim as stated: the figure, the date, who did what.
Example: "Pakistan and Iran agreed to return their ambassadors by January 26, 2024" — \
both foreign ministries announced it.

Disputed (2)
The evidence contradicts the claim, or it is contested, misleading or cherry-picked. \
Say which in the note and link the evidence.
Example: "Unemployment fell to 3 percent" when the statistics office reports 4.1 percent.

Outdated (3)
The claim was true as of its date, but later events overtook it: a deadline passed, \
an office changed hands, a forecast was revised. Give the "outdated since" date.
Example: "X is the caretaker prime minister" after a new government was sworn in.

Not a claim (x)
Nothing checkable: an opinion, a question, a call to action, boilerplate, or an \
extraction error that garbled the sentence.
Example: "It is a sad day for all of us."

Notes and evidence
Every disputed or outdated label should carry a note and at least one link to a primary \
source. Attribution ("the ministry said") is part of the claim: check that the source \
said it, and, where it matters, whether it is true.
"""


def current(session: Session, *, for_update: bool = False) -> Guidelines:
    """The guidelines in force (the built-in default until someone edits them)."""
    query = select(Guidelines).order_by(Guidelines.id.desc()).limit(1)
    found = session.exec(query.with_for_update() if for_update else query).first()
    return found or Guidelines(id=None, text=DEFAULT_TEXT, version=0)


def edit(*, session: Session, actor: User, text: str, expected_version: int) -> Guidelines:
    """Replace the guidelines (admins only); a stale edit is refused, not merged."""
    if not actor.is_admin:
        raise Forbidden("only admins edit the guidelines")
    if not text.strip():
        raise InvalidInput("the guidelines cannot be empty")
    if len(text) > MAX_LENGTH:
        raise InvalidInput(f"the guidelines are at most {MAX_LENGTH:,} characters")
    begin_write(session)
    present = current(session, for_update=True)
    if present.version != expected_version:
        session.rollback()
        raise StaleVersion("someone edited the guidelines since you opened them",
                           current=present)
    row = present if present.id is not None else Guidelines(text="", version=0)
    before = row.text if row.id is not None else None
    row.text, row.version = text, row.version + 1
    row.updated_at, row.updated_by = utcnow(), actor.username
    session.add(row)
    session.flush()
    record(session, GuidelinesEdited(actor=actor, before={"text": before} if before else None,
                                     after={"text": text, "version": row.version}))
    session.commit()
    return row
