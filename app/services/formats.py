"""Other tools' shapes of an exported claim: CSV, schema.org ClaimReview, Prodigy."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from app.models import Label
from app.services.labels import LABEL_NAMES

CSV_COLUMNS = ["id", "text", "verdict", "document_id", "document_title", "document_source",
               "published", "sentence", "attribution", "hedged", "dates", "score",
               "time_sensitive", "reviewers", "notes", "evidence", "updated_at"]
# How each verdict reads as a ClaimReview rating (1 = false … 5 = true).
# "not a claim" is no fact-check and is not published.
RATINGS = {label: (rating, LABEL_NAMES[label]) for label, rating in (
    (Label.SUPPORTED.value, 5), (Label.DISPUTED.value, 1), (Label.OUTDATED.value, 3))}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the fact-checks (from settings)."""

    name: str
    url: str


def iter_csv(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header, then one spreadsheet row per claim."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    yield _drain(buffer)
    for record in records:
        writer.writerow(csv_row(record))
        yield _drain(buffer)


def csv_row(record: dict[str, Any]) -> list[Any]:
    """One claim flattened for a spreadsheet, no cell readable as a formula."""
    return [_inert(cell) for cell in _csv_cells(record)]


def _inert(cell: Any) -> Any:
    """Text a spreadsheet would run as a formula, quoted so it stays text."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _csv_cells(record: dict[str, Any]) -> list[Any]:
    document, reviews = record["document"], record["reviews"]
    return [record["id"], record["text"], record["verdict"] or "", document["id"],
            document["title"], document["source"] or "", document["published"] or "",
            record["sentence"], record["attribution"] or "", record["hedged"],
            " ".join(str(d.get("value") or "") for d in record["dates"]), record["score"],
            record["time_sensitive"], " ".join(f"{r['reviewer']}:{r['label']}" for r in reviews),
            " | ".join(r["note"] for r in reviews if r["note"]),
            " ".join(link for r in reviews for link in r["evidence"]), record["updated_at"]]


def claim_review(record: dict[str, Any], publisher: Publisher) -> dict[str, Any] | None:
    """The claim as schema.org ClaimReview JSON-LD, or None when it has no publishable verdict."""
    rating = RATINGS.get(record["verdict"] or "")
    if rating is None:
        return None
    value, name = rating
    document = record["document"]
    item: dict[str, Any] = {"@type": "Claim", "datePublished": document["published"]}
    if record["attribution"]:
        item["author"] = {"@type": "Organization", "name": record["attribution"]}
    if (document["source"] or "").startswith(("http://", "https://")):
        item["appearance"] = {"@type": "CreativeWork", "url": document["source"],
                              "headline": document["title"]}
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"{publisher.url.rstrip('/')}/claims/{record['id']}",
        "claimReviewed": record["text"],
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "datePublished": record["updated_at"][:10],
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5,
                         "worstRating": 1, "alternateName": name},
        "itemReviewed": item,
    }


def prodigy_task(record: dict[str, Any]) -> dict[str, Any]:
    """The claim in Prodigy's JSONL convention (a text-classification task with its answer)."""
    verdict = record["verdict"]
    reviews = record["reviews"]
    answer = ("ignore" if verdict is None
              else "reject" if verdict == Label.NOT_A_CLAIM.value else "accept")
    updated = dt.datetime.fromisoformat(record["updated_at"])
    return {
        "text": record["text"],
        "label": verdict or "",
        "answer": answer,
        "meta": {"claimdesk_id": record["id"], "document": record["document"]["title"],
                 "source": record["document"]["source"], "sentence": record["sentence"],
                 "attribution": record["attribution"], "score": record["score"]},
        "_input_hash": stable_hash(record["text"]),
        "_task_hash": stable_hash(f"{record['text']}|{verdict or ''}"),
        "_annotator_id": reviews[0]["reviewer"] if reviews else None,
        "_timestamp": int(updated.timestamp()),
    }


def stable_hash(text: str) -> int:
    """A signed 32-bit hash that is the same on every machine (Prodigy's hashes are ints)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big", signed=True)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
