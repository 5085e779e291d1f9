"""SQLModel tables: documents, their claims, reviewers' reviews, the event log and users."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Now, timezone-aware in UTC (what every timestamp column stores)."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A timestamp as aware UTC: SQLite hands them back naive, PostgreSQL in its session's
    time zone; the audit hashes must not depend on either."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


class Label(StrEnum):
    """A reviewer's decision on a claim (contract: these strings are exported)."""

    SUPPORTED = "supported"
    DISPUTED = "disputed"
    OUTDATED = "outdated"
    NOT_A_CLAIM = "not_a_claim"


class Role(StrEnum):
    """What a user may do: reviewers label, editors also settle and edit, admins run it."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


class ClaimStatus(StrEnum):
    """Active claims are reviewed; retired ones vanished on re-extraction and are kept."""

    ACTIVE = "active"
    RETIRED = "retired"


def _timestamp(**kwargs: Any) -> Any:
    return Field(
        default_factory=utcnow, sa_type=sa.DateTime(timezone=True), nullable=False, **kwargs
    )


def _json_list() -> Any:
    return Field(default_factory=list, sa_type=sa.JSON, nullable=False)


class User(SQLModel, table=True):
    """A person who signs in; `session_epoch` rises to end all of their sessions."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    role: str = Field(default=Role.REVIEWER.value, max_length=16)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = Field(default=True)
    session_epoch: int = Field(default=0)
    created_at: dt.datetime = _timestamp()

    # Flask-Login's user protocol; the epoch in the id lets a password change or a
    # sign-out everywhere end every session issued before it.
    is_authenticated: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    @property
    def may_edit(self) -> bool:
        return self.role in (Role.EDITOR.value, Role.ADMIN.value)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value


class LoginLink(SQLModel, table=True):
    """A one-time sign-in link (only its hash is stored), as the local default prints."""

    __tablename__ = "login_link"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    used_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class Document(SQLModel, table=True):
    """An ingested text; the content hash makes ingest idempotent."""

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64, unique=True)
    title: str = Field(max_length=500)
    # Whether the title was supplied (a headline the extractor leaves out where the text
    # repeats it) or made from the first line; None: stored before this was recorded.
    title_given: bool | None = Field(default=None)
    source: str | None = Field(default=None, max_length=2000)
    published: dt.date | None = Field(default=None)
    text: str = Field(sa_type=sa.Text)
    word_count: int = Field(default=0)
    extractor: str = Field(max_length=100)
    created_at: dt.datetime = _timestamp()


class Claim(SQLModel, table=True):
    """A candidate claim from one sentence; `verdict` is its resolved label."""

    __table_args__ = (
        sa.Index("ix_claim_document_start", "document_id", "start"),
        sa.Index("ix_claim_queue", "status", "verdict", "score", "id"),
        sa.Index("ix_claim_by_score", "status", "score", "id"),
        sa.Index("ix_claim_due", "status", "verdict", "due_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=32, unique=True)
    document_id: int = Field(foreign_key="document.id")
    text: str = Field(sa_type=sa.Text)
    span_text: str = Field(sa_type=sa.Text)
    sentence: str = Field(sa_type=sa.Text)
    start: int
    end: int
    span_start: int
    span_end: int
    attribution: str | None = Field(default=None, max_length=500)
    hedged: bool = Field(default=False)
    dates: list[dict[str, Any]] = _json_list()
    entities: list[dict[str, Any]] = _json_list()
    score: float = Field(default=0.5)
    time_sensitive: bool = Field(default=False)  # as the extractor saw it, on its day
    # When the claim's dates pass (recheck.due_at): "may be outdated" from then, asked at
    # query time; None for a claim that looks back only.
    due_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    # Provenance: document ranges of the claim's own words, the bracketed context the
    # extractor added (with what it replaced), and whether a pronoun was kept unresolved.
    spans: list[list[int]] = _json_list()
    insertions: list[dict[str, Any]] = _json_list()
    needs_context: bool = Field(default=False)
    extractor: str = Field(max_length=100)
    status: str = Field(default=ClaimStatus.ACTIVE.value, max_length=16)
    verdict: str | None = Field(default=None, max_length=16, index=True)
    settled_by: str | None = Field(default=None, max_length=64)  # an editor decided it
    version: int = Field(default=1)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class Review(SQLModel, table=True):
    """One reviewer's current label on one claim (history lives in Event)."""

    # Its index (claim_id first) also finds a claim's reviews: no index of its own.
    __table_args__ = (sa.UniqueConstraint("claim_id", "reviewer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    reviewer_id: int = Field(foreign_key="user.id", index=True)
    label: str = Field(max_length=16)
    note: str = Field(default="", sa_type=sa.Text)
    evidence: list[str] = _json_list()
    outdated_since: dt.date | None = Field(default=None)
    version: int = Field(default=1)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class Event(SQLModel, table=True):
    """An append-only, hash-chained record of one change: who, what, when, why."""

    __table_args__ = (sa.Index("ix_event_claim", "claim_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    at: dt.datetime = _timestamp()
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = Field(max_length=64)
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    reason: str = Field(default="", sa_type=sa.Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class Lease(SQLModel, table=True):
    """A short claim on a claim: the queue serves it to no one else until it expires."""

    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    reviewer_id: int = Field(foreign_key="user.id", index=True)
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))


class Guidelines(SQLModel, table=True):
    """The team's labelling guidelines (one current text; each edit is an Event)."""

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=sa.Text)
    version: int = Field(default=1)
    updated_at: dt.datetime = _timestamp()
    updated_by: str = Field(default="system", max_length=64)


class SignInAttempt(SQLModel, table=True):
    """One password sign-in try, kept to throttle guessing per account and address.

    Recorded as failed before the password is checked (and marked succeeded after), so
    parallel guesses are all counted before any of them is tried."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        sa.Index("ix_sign_in_attempt_user_address_at", "username", "address", "at"),
        sa.Index("ix_sign_in_attempt_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    address: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    at: dt.datetime = _timestamp()
    succeeded: bool = Field(default=False)


class UserSession(SQLModel, table=True):
    """A browser's signed-in session, kept on the server so that signing out ends it:
    the cookie carries only a key (stored hashed) that is checked on every request."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: dt.datetime = _timestamp()
    ended_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class ApiToken(SQLModel, table=True):
    """A token for the JSON API; only its hash is stored, the token is shown once."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = _timestamp()
    last_used_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    revoked_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class Invite(SQLModel, table=True):
    """A one-time link (only its hash is stored) for an invited person to choose their own
    password: admins name the account and its role, never its password."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_by: str = Field(max_length=64)
    created_at: dt.datetime = _timestamp()
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    used_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class AuditPending(SQLModel, table=True):
    """An event committed but not yet in the Merkle tree: the sequencer's queue (as
    Trillian's unsequenced table), written in the event's own transaction so no
    acknowledged event can be left out."""

    __tablename__ = "audit_pending"

    event_id: int = Field(foreign_key="event.id", primary_key=True, sa_column_kwargs={
        "autoincrement": False})


class AuditLeaf(SQLModel, table=True):
    """An event's place in the Merkle tree and the leaf hash it was integrated with."""

    __tablename__ = "audit_leaf"

    leaf_index: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    event_id: int = Field(foreign_key="event.id", unique=True)
    hash: str = Field(max_length=64)


class AuditNode(SQLModel, table=True):
    """A saved inner node (the root of a complete block of 2**level leaves), so a proof
    reads a few hundred hashes instead of every leaf."""

    __tablename__ = "audit_node"

    level: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    idx: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    hash: str = Field(max_length=64)


class AuditTree(SQLModel, table=True):
    """The sequencer's state: the tree's size and its right edge (one row)."""

    __tablename__ = "audit_tree"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    size: int = Field(default=0)
    frontier: list[str] = _json_list()


class AuditCheckpoint(SQLModel, table=True):
    """A signed checkpoint (tree size and root) as a C2SP signed note."""

    __tablename__ = "audit_checkpoint"

    id: int | None = Field(default=None, primary_key=True)
    size: int
    root: str = Field(max_length=64)
    at: dt.datetime = _timestamp()
    note: str = Field(sa_type=sa.Text)


class FactCheck(SQLModel, table=True):
    """An imported fact-check (ClaimReview or plain JSONL): a read-only reference claims are
    matched against, kept apart from the team's own claims."""

    __tablename__ = "fact_check"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=300, unique=True)  # the source's id, or its URL
    text: str = Field(sa_type=sa.Text)
    title: str = Field(default="", sa_type=sa.Text)
    rating: str | None = Field(default=None, max_length=200)  # the checker's own words
    label: str | None = Field(default=None, max_length=16)  # the claimdesk label it means
    url: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=200)
    published: dt.date | None = Field(default=None)
    imported_at: dt.datetime = _timestamp()
    imported_by: str = Field(max_length=64)


class MatchStatus(StrEnum):
    """What a reviewer did with a suggested match."""

    OPEN = "open"
    APPLIED = "applied"
    DISMISSED = "dismissed"


class ClaimMatch(SQLModel, table=True):
    """A claim checked before: an earlier claim or a fact-check that likely checks it."""

    __tablename__ = "claim_match"
    __table_args__ = (
        sa.UniqueConstraint("claim_id", "ref"),
        sa.Index("ix_claim_match_claim_status", "claim_id", "status", "score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    ref: str = Field(max_length=40)  # "fact_check:<id>" or "claim:<id>"
    fact_check_id: int | None = Field(default=None, foreign_key="fact_check.id", index=True)
    match_claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    score: float
    near_duplicate: bool = Field(default=False)
    status: str = Field(default=MatchStatus.OPEN.value, max_length=16)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class PendingMatch(SQLModel, table=True):
    """A new claim not yet matched against the knowledge base ("checked before"): queued in
    its ingest's own transaction, taken off in the one that stores its matches, so that a
    run killed between the two leaves it for the next run to match (app.services.matches)."""

    __tablename__ = "pending_match"

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, sa_column_kwargs={
        "autoincrement": False})


class PendingOffer(SQLModel, table=True):
    """A claim's new verdict waiting to be offered to near claims of other documents
    ("checked before"): queued in the review's transaction, offered by the sequencer after
    the review is acknowledged (app.services.offers)."""

    __tablename__ = "pending_offer"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
