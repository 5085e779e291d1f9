"""Export lines assembled by the database: each claim's JSON is concatenated in SQL.

Why: at a million claims, building a dict per row in Python, turning its timestamps into
ISO strings and calling `json.dumps` costs ~100 µs a row; concatenating the same text in
SQLite or PostgreSQL costs a few. The result is byte for byte what `json.dumps` makes of
`export.claim_record` (tests hold the two side by side on both databases). Two things stay
in Python: the score, because only Python's float repr is what `json.dumps` writes, and
history events (see `export.iter_export_lines`).

Stored JSON columns (dates, entities, evidence) are spliced in as stored: the engine writes
them in the export's canonical form (`db.canonical_json`, migration 0004 for older rows).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from sqlalchemy import Select, Text, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import ColumnElement

from app.models import Claim, ClaimStatus, Document, Review, User
from app.services.claims import narrowed

NULL = "null"
SCHEMA = "claimdesk.claim/1"
SCORE = object()  # where the score goes: Python writes it between the two halves
# Rows fetched at a time from a server-side cursor: memory stays flat.
STREAM = {"stream_results": True, "yield_per": 2000}


@dataclass(frozen=True)
class ExportFilter:
    """Which claims to export; every field narrows, None means any."""

    verdict: str | None = None  # a label, or "unreviewed"
    document_id: int | None = None
    reviewer: str | None = None  # claims this reviewer reviewed
    since: dt.date | None = None  # last changed on or after (UTC)
    until: dt.date | None = None  # last changed on or before (UTC)
    time_sensitive: bool = False
    include_retired: bool = False


def export_query(dialect_name: str, criteria: ExportFilter, *, with_text: bool = False,
                 part: ColumnElement[bool] | None = None) -> Select:
    """The export's claims as `claim_lines` rows, in id order: those `criteria` selects,
    and of them those `part` selects (a parallel export's share)."""
    ids = claim_ids(criteria)
    if part is not None:
        ids = ids.where(part)
    query = exported(claim_lines(dialect_name, with_text=with_text, claim_ids=ids), criteria)
    if part is not None:
        query = query.where(part)
    return query.order_by(Claim.id)


def claim_ids(criteria: ExportFilter) -> Select:
    """SELECT the ids of the claims `criteria` selects."""
    return exported(select(Claim.id), criteria)


def exported(query: Select, criteria: ExportFilter) -> Select:
    """A query over claims narrowed to those `criteria` selects."""
    if not criteria.include_retired:
        query = query.where(Claim.status == ClaimStatus.ACTIVE.value)
    query = narrowed(query, verdict=criteria.verdict, document_id=criteria.document_id,
                     reviewer=criteria.reviewer, time_sensitive=criteria.time_sensitive)
    if criteria.since:
        query = query.where(Claim.updated_at >= _day_start(criteria.since))
    if criteria.until and criteria.until < dt.date.max:  # until the last day: no bound
        query = query.where(Claim.updated_at < _day_start(criteria.until + dt.timedelta(days=1)))
    return query


def claim_line(head: str, score: float | None, tail: str) -> str:
    """One line of the export from a `claim_lines` row."""
    return f"{head}{_number(score)}{tail}\n"


def _number(value: float | None) -> str:
    """A score as `json.dumps` writes it (the databases' own float text differs)."""
    if type(value) is float and value - value == 0:  # finite: repr is what json writes
        return repr(value)
    return json.dumps(value)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


class JsonSql:
    """SQL expressions that render a column as JSON text, for one database dialect."""

    def __init__(self, dialect_name: str) -> None:
        self.postgres = dialect_name == "postgresql"

    def string(self, column) -> ColumnElement:
        """A JSON string, escaped as `json.dumps(..., ensure_ascii=False)` escapes it."""
        quoted = cast(func.to_json(column), Text) if self.postgres else func.json_quote(column)
        return func.coalesce(quoted, text_literal(NULL))

    def integer(self, column) -> ColumnElement:
        return func.coalesce(cast(column, Text), text_literal(NULL))

    def boolean(self, column) -> ColumnElement:
        return case((column, text_literal("true")), else_=text_literal("false"))

    def stored_json(self, column) -> ColumnElement:
        """A JSON column spliced in as stored (canonical form, see module docstring)."""
        return func.coalesce(cast(column, Text) if self.postgres else column, text_literal(NULL))

    def date(self, column) -> ColumnElement:
        """`date.isoformat()` in quotes."""
        day = func.to_char(column, "YYYY-MM-DD") if self.postgres else column
        return func.coalesce(concat(text_literal('"'), day, text_literal('"')),
                             text_literal(NULL))

    def timestamp(self, column) -> ColumnElement:
        """`datetime.isoformat()` of the UTC time, as `export._iso` writes it.

        Microseconds are written only when they are not zero, as Python does.
        """
        if self.postgres:  # one to_char (the costly part); no '.000000' can occur elsewhere
            iso = func.replace(func.to_char(func.timezone("UTC", column),
                                            'YYYY-MM-DD"T"HH24:MI:SS.US'), ".000000", "")
        else:  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (SQLAlchemy's format)
            seconds = func.substr(column, 1, 19)
            iso = func.replace(case((func.length(column) == 19, column),
                                    (func.substr(column, 20) == ".000000", seconds),
                                    else_=column), " ", "T")
        return func.coalesce(concat(text_literal('"'), iso, text_literal('+00:00"')),
                             text_literal(NULL))

    def obj(self, pairs: Sequence[tuple[str, object]]) -> list[ColumnElement | object]:
        """`{"key":value,...}` as parts: SQL expressions and, where given, the SCORE hole."""
        parts: list[ColumnElement | object] = []
        for index, (key, value) in enumerate(pairs):
            parts.append(("{" if index == 0 else ",") + json.dumps(key) + ":")
            parts.append(value)
        parts.append("}")
        return parts


def text_literal(value: str) -> ColumnElement:
    """A constant SQL string (rendered inline: the same for every row)."""
    return literal_column("'" + value.replace("'", "''") + "'", Text)


def concat(*parts) -> ColumnElement:
    """SQL `||` over the parts; plain strings become constants (adjacent ones merged)."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    expressions = [text_literal(p) if isinstance(p, str) else p for p in merged]
    return reduce(lambda left, right: left.op("||")(right), expressions)


def claim_lines(dialect_name: str, *, with_text: bool = False,
                claim_ids: Select | None = None) -> Select:
    """SELECT id, head, score, tail over claims with their documents, where
    `head + repr(score) + tail` is a claim's line (keys and their order are those of
    `export.claim_record`). The caller narrows it (the same narrowing as `claim_ids`, the
    ids of the claims it will select) and orders it.

    Reviews: PostgreSQL aggregates them in one grouped pass over the reviews of
    `claim_ids`, merged with the claims by id; a subquery run per claim cost more than
    half of the export's time there. SQLite 3.40 cannot order inside an aggregate, so it
    keeps a correlated subquery per claim, ordered before it is aggregated.
    """
    j = JsonSql(dialect_name)
    item = concat(*j.obj([
        ("reviewer", j.string(User.username)), ("label", j.string(Review.label)),
        ("note", j.string(Review.note)), ("evidence", j.stored_json(Review.evidence)),
        ("outdated_since", j.date(Review.outdated_since)),
        ("created_at", j.timestamp(Review.created_at)),
        ("updated_at", j.timestamp(Review.updated_at))]))
    grouped = None
    if j.postgres:
        reviewed = select(Review.claim_id, func.string_agg(
            item, aggregate_order_by(text_literal(","), Review.id)).label("review_items")).join(
            User, User.id == Review.reviewer_id)
        if claim_ids is not None:
            reviewed = reviewed.where(Review.claim_id.in_(claim_ids))
        grouped = reviewed.group_by(Review.claim_id).subquery("reviews")
        items = grouped.c.review_items
    else:  # aggregate an ordered subquery, correlated to the claim (a subquery in FROM is
        # not correlated unless told, and would otherwise aggregate every review)
        ordered = (select(item.label("item")).select_from(Review)
                   .join(User, User.id == Review.reviewer_id)
                   .where(Review.claim_id == Claim.id).order_by(Review.id)
                   .correlate(Claim).subquery())
        items = select(func.group_concat(ordered.c.item, ",")).scalar_subquery()
    reviews = concat("[", func.coalesce(items, text_literal("")), "]")
    document = [("id", j.integer(Document.id)), ("title", j.string(Document.title)),
                ("source", j.string(Document.source)),
                ("published", j.date(Document.published))]
    if with_text:
        document += [("content_hash", j.string(Document.content_hash)),
                     ("text", j.string(Document.text))]
    parts = j.obj([
        ("schema", json.dumps(SCHEMA)), ("id", j.string(Claim.uid)),
        ("text", j.string(Claim.text)), ("verdict", j.string(Claim.verdict)),
        ("settled_by", j.string(Claim.settled_by)), ("reviews", reviews),
        ("document", concat(*j.obj(document))),
        ("sentence", j.string(Claim.sentence)), ("start", j.integer(Claim.start)),
        ("end", j.integer(Claim.end)), ("spans", j.stored_json(Claim.spans)),
        ("insertions", j.stored_json(Claim.insertions)),
        ("attribution", j.string(Claim.attribution)), ("hedged", j.boolean(Claim.hedged)),
        ("needs_context", j.boolean(Claim.needs_context)), ("dates", j.stored_json(Claim.dates)),
        ("entities", j.stored_json(Claim.entities)), ("score", SCORE),
        ("time_sensitive", j.boolean(Claim.time_sensitive)),
        ("extractor", j.string(Claim.extractor)), ("status", j.string(Claim.status)),
        ("created_at", j.timestamp(Claim.created_at)),
        ("updated_at", j.timestamp(Claim.updated_at))])
    hole = parts.index(SCORE)
    query = select(Claim.id, concat(*parts[:hole]).label("head"), Claim.score,
                   concat(*parts[hole + 1:]).label("tail")).join(
        Document, Document.id == Claim.document_id)
    if grouped is not None:
        query = query.outerjoin(grouped, grouped.c.claim_id == Claim.id)
    return query
