"""Imported fact-checks: read schema.org ClaimReview (JSON-LD) or plain JSONL into a table of
read-only references, and find candidates in it through the database's full-text index."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from app.db import begin_write
from app.matching.text import words
from app.models import FactCheck, Label
from app.services.errors import InvalidInput
from app.services.text_rules import json_problem

# A checker's rating, in its own words, to the claimdesk label it means (None: shown only).
_SUPPORTED = re.compile(r"^(true|correct|accurate|mostly true|mostly correct|correct attribution)$")
_DISPUTED = re.compile(
    r"false|fake|misleading|miscaptioned|misattributed|incorrect|pants on fire|scam|"
    r"fabricated|mixture|half true|unproven|exaggerated|distorted|legend|hoax|wrong"
)
_OUTDATED = re.compile(r"outdated|no longer true|out of date")


def label_for(rating: str | None) -> str | None:
    """The claimdesk label a fact-checker's rating means, or None when it says no verdict."""
    text = (rating or "").strip().lower()
    if _OUTDATED.search(text):
        return Label.OUTDATED.value
    if _SUPPORTED.match(text):
        return Label.SUPPORTED.value
    if _DISPUTED.search(text):
        return Label.DISPUTED.value
    return None


def _date(value: Any) -> dt.date | None:
    """The date at the start of an ISO 8601 string, or None."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _name(value: Any) -> str | None:
    """A schema.org Person/Organization's name (or a list's first), or a plain string."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return str(value)[:200] if value else None


def from_claim_review(review: dict[str, Any]) -> dict[str, Any]:
    """The fields of a FactCheck from one schema.org ClaimReview object."""
    text = review.get("claimReviewed")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("a ClaimReview needs claimReviewed")
    rating = review.get("reviewRating") or {}
    rating_name = (
        rating.get("alternateName") or rating.get("name") if isinstance(rating, dict) else None
    )
    url = review.get("url")
    return {
        "uid": str(url or review.get("@id") or "")[:300] or None,
        "text": text.strip(),
        "title": str(review.get("name") or review.get("headline") or ""),
        "rating": str(rating_name)[:200] if rating_name else None,
        "url": str(url)[:2000] if url else None,
        "author": _name(review.get("author")),
        "published": _date(review.get("datePublished")),
    }


def from_plain(row: dict[str, Any]) -> dict[str, Any]:
    """The fields of a FactCheck from a `{id, text, title?, verdict?, url?, date?}` line."""
    if not isinstance(row.get("text"), str) or not row["text"].strip() or "id" not in row:
        raise InvalidInput('a fact-check line needs "id" and "text"')
    return {
        "uid": str(row["id"])[:300],
        "text": row["text"].strip(),
        "title": str(row.get("title") or ""),
        "rating": str(row["verdict"])[:200] if row.get("verdict") else None,
        "url": str(row["url"])[:2000] if row.get("url") else None,
        "author": _name(row.get("author")),
        "published": _date(row.get("date")),
    }


def _claim_reviews(data: Any) -> Iterator[dict[str, Any]]:
    """ClaimReview objects in a JSON-LD document: one object, a list, @graph or a DataFeed."""
    if isinstance(data, list):
        for item in data:
            yield from _claim_reviews(item)
    elif isinstance(data, dict):
        kind = data.get("@type")
        if kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind):
            yield data
        for key in ("@graph", "dataFeedElement", "item"):
            if key in data:
                yield from _claim_reviews(data[key])


def parse(content: str) -> list[dict[str, Any]]:
    """Fact-check fields from a JSON-LD ClaimReview document or from plain JSONL."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError:
        document = None
    except RecursionError:
        raise InvalidInput("is nested too deeply to be fact-checks") from None
    if document is not None and not (isinstance(document, dict) and "text" in document):
        reviews = [from_claim_review(r) for r in _claim_reviews(document)]
        if not reviews:
            raise InvalidInput("no ClaimReview object in this JSON")
        for number, row in enumerate(reviews, 1):
            if problem := json_problem(row):
                raise InvalidInput(f"ClaimReview {number}: {problem}")
        return reviews
    rows = []
    for number, line in enumerate(content.splitlines(), 1):
        if line.strip():
            try:
                rows.append(from_plain(json.loads(line)))
            except (json.JSONDecodeError, AttributeError, InvalidInput) as error:
                raise InvalidInput(f"line {number}: {error}") from error
            except RecursionError:
                raise InvalidInput(f"line {number}: is nested too deeply") from None
            if problem := json_problem(rows[-1]):  # (NUL, a lone surrogate: no text to store)
                raise InvalidInput(f"line {number}: {problem}")
    return rows


def decoded(raw: bytes) -> str:
    """A fact-check file's text: UTF-8 (a byte-order mark allowed), else InvalidInput."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"is not UTF-8 (bad byte at offset {error.start})") from None


def import_fact_checks(*, session: Session, rows: Iterable[dict[str, Any]], actor: str) -> int:
    """Add fact-checks not already present (by uid), in one transaction; returns how many."""
    rows = [r for r in rows if r.get("uid")]
    begin_write(session)
    known = set(
        session.exec(select(FactCheck.uid).where(FactCheck.uid.in_([r["uid"] for r in rows])))
    )
    added = 0
    for row in rows:
        if row["uid"] not in known:
            known.add(row["uid"])
            session.add(FactCheck(**row, label=label_for(row["rating"]), imported_by=actor))
            added += 1
    session.commit()
    return added


# Candidates cost the same at any size: only words at most COMMON rows hold pick them (each
# counted no further than that), the rarest first and only as many as together hold at most
# HELD rows, and the index is read no further than READ rows, newest first, before they are
# ranked. A word half the claims hold ("said") would otherwise make every claim's candidates
# a ranking of half the database; and PostgreSQL's GIN index yields its rows unordered, so
# every row the picked words hold is fetched before the newest are kept: HELD bounds that.
COMMON = 500
HELD = 1000
READ = 5000


def fulltext_query(terms: list[str], dialect: str, joiner: str = "OR") -> str:
    """A query of words for the database's full-text index (words are letters and digits
    only, so nothing the user wrote reaches the query syntax)."""
    if dialect == "sqlite":
        return f" {joiner} ".join(f'"{t}"' for t in terms)
    return (" | " if joiner == "OR" else " & ").join(terms)


def rows_holding(session: Session, table: str, terms: list[str], dialect: str,
                 known: dict[tuple[str, str], int] | None = None) -> dict[str, int]:
    """How many rows of `table` hold each word, counted up to COMMON + 1, in one statement;
    `known` keeps the counts between calls (a document's claims share many words)."""
    known = {} if known is None else known
    asked = [t for t in dict.fromkeys(terms) if (table, t) not in known]
    if asked and dialect == "postgresql":
        common = _common_by_statistics(session, table, asked)
        known.update(((table, t), COMMON + 1) for t in common)
        asked = [t for t in asked if t not in common]
    if asked:
        # One count per word in one statement, each planned for its own word's frequency
        sql = "SELECT " + ", ".join(_held(table, dialect, n) for n in range(len(asked)))
        bound = {f"q{n}": fulltext_query([t], dialect) for n, t in enumerate(asked)}
        counts = session.execute(sa.text(sql), {**bound, "k": COMMON + 1}).one()
        known.update(((table, t), n) for t, n in zip(asked, counts, strict=True))
    return {t: known[(table, t)] for t in terms}


def _common_by_statistics(session: Session, table: str, terms: list[str]) -> set[str]:
    """The words PostgreSQL's statistics (ANALYZE's most common words of `fts_vector`) say
    more than COMMON rows hold: at a million rows most words a claim shares with others are
    such, and counting each in the index would read COMMON rows of it."""
    found = session.execute(sa.text(_COMMON_SQL), {"terms": terms, "table": table,
                                                   "common": COMMON})
    return {term for (term,) in found}


_COMMON_SQL = """
SELECT DISTINCT t.term FROM unnest(CAST(:terms AS text[])) AS t(term)
CROSS JOIN LATERAL unnest(to_tsvector('english', t.term)) AS word
JOIN (SELECT e.lexeme, e.share FROM pg_stats AS s,
        unnest(CAST(CAST(s.most_common_elems AS text) AS text[]), s.most_common_elem_freqs)
          AS e(lexeme, share)
      WHERE s.schemaname = current_schema() AND s.tablename = :table
        AND s.attname = 'fts_vector') AS often ON often.lexeme = word.lexeme
WHERE often.share * (SELECT reltuples FROM pg_class WHERE oid = CAST(:table AS regclass))
      > :common
"""


def _held(table: str, dialect: str, n: int) -> str:
    """A scalar subquery: rows of `table` holding word :q<n>, counted up to :k."""
    if dialect == "sqlite":
        held = f"SELECT 1 FROM fts_{table} WHERE fts_{table} MATCH :q{n} LIMIT :k"  # noqa: S608
    else:
        held = (f"SELECT 1 FROM {table} "  # noqa: S608 - fixed names
                f"WHERE fts_vector @@ to_tsquery('english', :q{n}) LIMIT :k")
    return f"(SELECT count(*) FROM ({held}) AS h{n})"  # noqa: S608 - fixed names


def telling_query(session: Session, table: str, text: str, dialect: str,
                  limit_terms: int = 32,
                  known: dict[tuple[str, str], int] | None = None) -> str | None:
    """An OR query of a text's words that at most COMMON rows hold (the rarest, HELD rows
    at most); if every word is commoner, an AND of the two held by fewest. None: no words."""
    terms = list(dict.fromkeys(words(text)))[:limit_terms]
    if not terms:
        return None
    held = rows_holding(session, table, terms, dialect, known)
    rare = _rarest(sorted((t for t in terms if held[t] <= COMMON), key=held.get), held)
    if rare:
        return fulltext_query(rare, dialect)
    return fulltext_query(sorted(terms, key=held.get)[:2], dialect, joiner="AND")


def _rarest(rare: list[str], held: dict[str, int]) -> list[str]:
    """The first of `rare` (rarest first) that together hold at most HELD rows (one at least)."""
    picked, total = [], 0
    for term in rare:
        if picked and total + held[term] > HELD:
            break
        picked.append(term)
        total += held[term]
    return picked


def candidate_ids(session: Session, table: str, text: str, limit: int,
                  known: dict[tuple[str, str], int] | None = None) -> list[int]:
    """Ids of the rows of `fact_check` or `claim` the full-text index ranks best for a text,
    among the newest READ rows that hold its telling words (`known`: see rows_holding)."""
    if table not in ("fact_check", "claim"):
        raise ValueError(table)
    dialect = session.get_bind().dialect.name
    query = telling_query(session, table, text, dialect, known=known)
    if query is None:
        return []
    if dialect == "sqlite":
        sql = (
            f"SELECT id FROM (SELECT rowid AS id, bm25(fts_{table}) AS rank "  # noqa: S608
            f"FROM fts_{table} WHERE fts_{table} MATCH :q ORDER BY rowid DESC LIMIT :read) "
            "ORDER BY rank, id LIMIT :k"
        )
    else:
        sql = (  # the stored vector (migration 0015): ranking parses no text
            "SELECT id FROM (SELECT id, fts_vector FROM "  # noqa: S608 - fixed names
            f"{table} WHERE fts_vector @@ to_tsquery('english', :q) ORDER BY id DESC "
            "LIMIT :read) AS newest, to_tsquery('english', :q) AS q "
            "ORDER BY ts_rank(fts_vector, q) DESC, id LIMIT :k"
        )
    found = session.execute(sa.text(sql), {"q": query, "k": limit, "read": READ})
    return [row[0] for row in found]
