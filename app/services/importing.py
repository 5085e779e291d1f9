"""Import: claimdesk exports (round trip or merge), Prodigy and doccano JSONL, documents.

The whole file is validated first; a malformed line is reported with its number and
nothing is written. Claims are matched by their stable id, so importing the same file
twice, or into a database that already holds those claims, duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlmodel import Session, select

from app.db import begin_write, insert_rows
from app.models import Claim, Document, Label, Review, User, utcnow
from app.services.errors import InvalidInput
from app.services.events import ImportedEvent, record
from app.services.export_sql import SCHEMA
from app.services.review import parse_evidence, resolve_verdict
from app.services.sources import content_hash
from app.services.users import USERNAME_PATTERN, as_username

LABELS = {label.value for label in Label}
MAX_ERRORS = 50
STATUSES = ("active", "retired")
# Review history can be carried over; undo events are not (they point at local event ids).
REPLAYABLE = {"review.set", "claim.added", "claim.edited", "claim.split", "claim.retired",
              "verdict.settled"}
BATCH = 1000
MAX_OFFSET = 2**31 - 1  # character offsets; larger numbers would not fit the columns
IMPORT_CACHE_KB, DEFAULT_CACHE_KB = 64 * 1024, 2000


@dataclass
class ImportReport:
    """What an import found and did."""

    lines: int = 0
    errors: list[str] = field(default_factory=list)
    claims_added: int = 0
    claims_present: int = 0
    reviews_added: int = 0
    documents_added: int = 0
    events_added: int = 0
    documents_to_ingest: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Parsed:
    """A validated line: its kind and its data."""

    number: int
    kind: str  # "claim", "document"
    data: dict[str, Any]


def import_file(*, session: Session, path: Path, dry_run: bool = False) -> ImportReport:
    """Validate the whole file, then import it in one transaction (or nothing on errors).

    The file is read twice, line by line, so memory does not grow with its size: once to
    validate every line, once to import. (Only the sentences of documents exported without
    their text are kept between the passes, once per place in each document.)
    """
    report = ImportReport()
    sentences: dict[int, dict[tuple[int, int], str]] = {}
    with _collector_paused():
        for item in _parsed_lines(path, report, set()):
            _collect_sentences(item, sentences)
        if report.errors or dry_run:
            return report
        begin_write(session)
        try:
            with _large_sqlite_cache(session):
                _import(session, _parsed_lines(path, ImportReport(), None), sentences,
                        report, origin=path.name)
        except Exception:
            session.rollback()
            raise
        session.commit()
    return report


@contextmanager
def _large_sqlite_cache(session: Session) -> Iterator[None]:
    """A large page cache for the import's SQLite connection (the default is 2 MB), so the
    index pages of a large database stay in memory instead of being reread every batch.
    Shrunk back on the same connection, before it returns to the pool, whatever happens."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KB}")
    try:
        yield
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size=-{DEFAULT_CACHE_KB}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while parsing: a million parsed lines make no cycles,
    but would trigger hundreds of full collections (a quarter of the import's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parsed_lines(path: Path, report: ImportReport, seen_ids: set[str] | None
                  ) -> Iterator[_Parsed]:
    """The file's valid lines; problems go to `report` with their line numbers.

    `seen_ids` None means the file was validated already: lines are only parsed.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            report.lines = number
            if not raw.strip():
                continue
            problem, parsed = _parse_line(raw, number, seen_ids)
            if problem:
                if len(report.errors) < MAX_ERRORS:
                    report.errors.append(f"line {number}: {problem}")
                continue
            yield parsed


def _parse_line(raw: bytes, number: int, seen_ids: set[str] | None):
    try:
        data = orjson.loads(raw)  # a third of json.loads' time: each line is parsed twice
    except orjson.JSONDecodeError as error:
        return _why_not_json(raw, error), None
    if not isinstance(data, dict):
        return "not a JSON object", None
    if "schema" in data and seen_ids is None:
        return None, _Parsed(number, "claim", data)
    if "schema" in data:
        problem = _check_claim(data)
        if problem is None and data["id"] in seen_ids:
            problem = f"duplicate claim id {data['id']!r}"
        if problem:
            return problem, None
        seen_ids.add(data["id"])
        return None, _Parsed(number, "claim", data)
    converted = _from_other_tool(data)
    if isinstance(converted, str):
        return converted, None
    kind, payload = converted
    return None, _Parsed(number, kind, payload)


def _why_not_json(raw: bytes, refusal: orjson.JSONDecodeError) -> str:
    """What is wrong with a line orjson refused, in the standard library's words where it
    has them (it also takes NaN and lone surrogates, which are not JSON)."""
    try:
        json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return f"not UTF-8 (byte {error.start})"
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg}, column {error.colno})"
    return f"not valid JSON ({refusal.msg}, column {refusal.colno})"


def _check_claim(data: dict[str, Any]) -> str | None:
    """Why a claimdesk record cannot be imported, or None."""
    if data["schema"] != SCHEMA:
        return f"schema {data['schema']!r} is not supported (this is {SCHEMA})"
    for key, kind in (("id", str), ("text", str), ("sentence", str), ("start", int),
                      ("end", int), ("document", dict), ("reviews", list)):
        if not isinstance(data.get(key), kind):
            return f"{key!r} is missing or not a {kind.__name__}"
    if not data["text"].strip():
        return "the claim text is empty"
    if not 0 <= data["start"] <= data["end"] <= MAX_OFFSET:
        return "start and end are not offsets of a sentence"
    if data.get("verdict") not in LABELS | {None}:
        return f"unknown verdict {data.get('verdict')!r}"
    document = data["document"]
    if not isinstance(document.get("title"), str) or not isinstance(document.get("id"), int):
        return "the document needs an integer id and a title"
    document_date = document.get("published")
    if document_date is not None and _date(document_date) is None:
        return "the document's published date is not YYYY-MM-DD"
    if not isinstance(data.get("score", 0.5), int | float) or isinstance(data.get("score"), bool):
        return "score must be a number"
    for stamp in ("created_at", "updated_at"):
        if data.get(stamp) is not None and _timestamp(data[stamp]) is None:
            return f"{stamp} is not an ISO timestamp"
    if data.get("status", "active") not in STATUSES:
        return f"unknown status {data.get('status')!r}"
    for review in data["reviews"]:
        if not isinstance(review, dict):
            return "a review must be a JSON object"
        problem = _check_review_state(review)
        if problem:
            return f"a review {problem}"
        if not isinstance(review.get("reviewer"), str) or not review["reviewer"]:
            return "a review has no reviewer"
        if review["reviewer"] == "system":
            return "a review's reviewer cannot be \"system\" (that name is the app's own)"
        if not USERNAME_PATTERN.fullmatch(review["reviewer"]):
            return (f"a review's reviewer {review['reviewer'][:80]!r} is not a username "
                    "(1-64 letters, digits or _ . @ -)")
        for stamp in ("created_at", "updated_at"):
            if _timestamp(review.get(stamp)) is None:
                return f"a review's {stamp} is not an ISO timestamp"
    for event in data.get("events") or []:
        if not isinstance(event, dict) or event.get("kind") not in REPLAYABLE:
            kind = event.get("kind") if isinstance(event, dict) else event
            return f"an event has a kind that cannot be imported: {kind!r}"
        if _timestamp(event.get("at")) is None:
            return "an event's time is not an ISO timestamp"
        for side in ("before", "after"):
            state = event.get(side)
            if state is not None and (not isinstance(state, dict)
                                      or _check_review_state(state, partial=True)):
                return f"an event's {side} is not a valid review state"
    return None


def _check_review_state(state: dict[str, Any], *, partial: bool = False) -> str | None:
    """Why a review (or an event's review state) is not one the app itself could store."""
    label = state.get("label")
    if label not in LABELS and not (partial and label is None):
        return f"has an unknown label {label!r}"
    evidence = state.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        return "has evidence that is not a list of links"
    try:  # the same rule as in the app: only absolute http(s) links are ever stored
        parse_evidence(evidence)
    except InvalidInput as error:
        return f"has {error.message}"
    since = state.get("outdated_since")
    if since is not None and _date(since) is None:
        return "has an outdated_since that is not YYYY-MM-DD"
    if not isinstance(state.get("note", "") or "", str):
        return "has a note that is not text"
    return None


def _from_other_tool(data: dict[str, Any]):
    """A Prodigy task or doccano line as a claim record; a plain document as a document."""
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        return "no \"text\" (a non-empty string is required)"
    if "answer" in data:
        return _prodigy(data)
    if "label" in data or "labels" in data:
        return _doccano(data)
    return ("document", data)


def _prodigy(task: dict[str, Any]):
    if task["answer"] not in ("accept", "reject", "ignore"):
        return f"unknown Prodigy answer {task['answer']!r}"
    label = {"accept": task.get("label") or "supported", "reject": "not_a_claim"}.get(
        task["answer"])
    if label is not None and label not in LABELS:
        return f"unknown label {label!r} (use {', '.join(sorted(LABELS))})"
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    annotator = as_username(str(task.get("_annotator_id") or ""), fallback="prodigy")
    return ("claim", _converted(task["text"], title=str(meta.get("document") or "Prodigy import"),
                                source=meta.get("source"), label=label, reviewer=annotator,
                                uid=meta.get("claimdesk_id")))


def _doccano(item: dict[str, Any]):
    labels = item.get("label", item.get("labels"))
    if not isinstance(labels, list):
        return "doccano \"label\" must be a list"
    text = item["text"]
    spans = [entry for entry in labels if isinstance(entry, list)]
    classes = [entry for entry in labels if isinstance(entry, str)]
    if spans:
        claims = []
        for entry in spans:
            if len(entry) != 3 or not (0 <= entry[0] < entry[1] <= len(text)):
                return f"doccano span {entry!r} is not [start, end, label] inside the text"
            label = str(entry[2]).lower()
            claims.append((entry[0], entry[1], label if label in LABELS else None))
        return ("claim", {"doccano_text": text, "spans": claims,
                          "title": str(item.get("title") or "doccano import")})
    label = classes[0].lower() if classes else None
    if label is not None and label not in LABELS:
        return f"unknown label {classes[0]!r} (use {', '.join(sorted(LABELS))})"
    return ("claim", _converted(text, title="doccano import", source=None, label=label,
                                reviewer="doccano", uid=None))


def _converted(text: str, *, title: str, source, label, reviewer: str, uid) -> dict[str, Any]:
    """Another tool's item as a document of one claim (its text)."""
    return {"doccano_text": text, "spans": [(0, len(text), label)], "title": title,
            "source": source, "reviewer": reviewer, "uid": uid}


def _import(session: Session, parsed: Iterator[_Parsed], sentences, report: ImportReport,
            origin: str) -> None:
    documents: dict[Any, Document] = {}
    users: dict[str, User] = {}
    batch: list[tuple[dict[str, Any], Document]] = []
    for item in parsed:
        if item.kind == "document":
            report.documents_to_ingest.append((item.number, item.data))
        elif "schema" in item.data:
            document = _document_for(session, item.data["document"], sentences, documents,
                                     report)
            batch.append((item.data, document))
            if len(batch) >= BATCH:
                _import_claims(session, batch, users, report)
                batch = []
        else:
            _import_other(session, item.data, users, report, origin)
    _import_claims(session, batch, users, report)


def _import_claims(session: Session, batch, users, report: ImportReport) -> None:
    """A batch of exported claims: new ones inserted in bulk, present ones merged."""
    if not batch:
        return
    uids = [data["id"] for data, _ in batch]
    known = dict(session.exec(select(Claim.uid, Claim.id).where(Claim.uid.in_(uids))).all())
    fresh = [(data, document) for data, document in batch if data["id"] not in known]
    fresh_ids = {data["id"] for data, _ in fresh}
    if fresh:
        insert_rows(session, Claim, [_claim_values(data, document)
                                            for data, document in fresh])
        known.update(session.exec(select(Claim.uid, Claim.id).where(
            Claim.uid.in_([data["id"] for data, _ in fresh]))).all())
    report.claims_added += len(fresh)
    report.claims_present += len(batch) - len(fresh)
    existing = [known[data["id"]] for data, _ in batch if data["id"] not in fresh_ids]
    present = {(claim_id, reviewer_id) for claim_id, reviewer_id in session.exec(
        select(Review.claim_id, Review.reviewer_id).where(Review.claim_id.in_(existing)))
    } if existing else set()  # claims inserted just now have no reviews yet
    rows = []
    for data, _ in batch:
        claim_id = known[data["id"]]
        for review in data["reviews"]:
            user = _user(session, review["reviewer"], users)
            if (claim_id, user.id) not in present:
                present.add((claim_id, user.id))
                rows.append(_review_values(claim_id, user.id, review))
    if rows:
        insert_rows(session, Review, rows)
        report.reviews_added += len(rows)
    for data, document in batch:
        if data["id"] in fresh_ids:
            _replay_events(session, data, known[data["id"]], document, users, report)


def _collect_sentences(item: _Parsed, found: dict[int, dict[tuple[int, int], str]]) -> None:
    """Remember where an exported claim's sentence sits, for documents without their text."""
    data = item.data
    if item.kind == "claim" and "schema" in data and not data["document"].get("text"):
        found.setdefault(data["document"]["id"], {})[data["start"], data["end"]] = (
            data["sentence"])


def _document_for(session, meta, sentences, cache, report) -> Document:
    """The local document an exported claim belongs to: found by content, else created."""
    if meta["id"] in cache:
        return cache[meta["id"]]
    text = meta.get("text") or _rebuild_text(sentences.get(meta["id"], {}))
    digest = meta.get("content_hash") or content_hash(text)
    document = session.exec(select(Document).where(Document.content_hash == digest)).first()
    if document is None:
        published = meta.get("published")
        document = Document(content_hash=digest, title=meta["title"][:500],
                            source=meta.get("source"), text=text,
                            published=dt.date.fromisoformat(published) if published else None,
                            word_count=len(text.split()), extractor="import")
        session.add(document)
        session.flush()
        report.documents_added += 1
    cache[meta["id"]] = document
    return document


def _rebuild_text(sentences: dict[tuple[int, int], str]) -> str:
    """Without the document's text, its sentences at their offsets (blanks between)."""
    size = max((end for _, end in sentences), default=0)
    chars = [" "] * size
    for (start, end), sentence in sentences.items():
        chars[start:end] = sentence[: end - start].ljust(end - start)
    return "".join(chars)


def _import_claim(session, data, document: Document, users, report: ImportReport) -> None:
    """One claim (from another tool's line): the batch path with a batch of one."""
    _import_claims(session, [(data, document)], users, report)


def _claim_values(data: dict[str, Any], document: Document) -> dict[str, Any]:
    """Insert values of an exported claim, its stable id and timestamps kept."""
    return {
        "uid": data["id"], "document_id": document.id, "text": data["text"],
        "span_text": data.get("span_text") or data["sentence"], "sentence": data["sentence"],
        "start": data["start"], "end": data["end"], "span_start": data["start"],
        "span_end": data["end"], "attribution": data.get("attribution"),
        "hedged": bool(data.get("hedged")), "dates": data.get("dates") or [],
        "entities": data.get("entities") or [], "score": float(data.get("score", 0.5)),
        "time_sensitive": bool(data.get("time_sensitive")),
        "extractor": str(data.get("extractor") or "import")[:100],
        "status": data.get("status") or "active", "verdict": data.get("verdict"),
        "settled_by": None, "version": 1,
        "created_at": _stamp(data.get("created_at")), "updated_at": _stamp(data.get("updated_at"))}


def _review_values(claim_id: int, reviewer_id: int, review: dict[str, Any]) -> dict[str, Any]:
    return {"claim_id": claim_id, "reviewer_id": reviewer_id, "label": review["label"],
            "note": review.get("note") or "", "evidence": review.get("evidence") or [],
            "outdated_since": review.get("outdated_since") or None, "version": 1,
            "created_at": _stamp(review["created_at"]), "updated_at": _stamp(review["updated_at"])}


def _replay_events(session, data, claim_id: int, document: Document, users,
                   report: ImportReport) -> None:
    """The claim's exported history, appended to this database's chain in its order."""
    for event in data.get("events") or []:
        record(session, ImportedEvent(
            actor=None, claim_id=claim_id, document_id=document.id,
            before=event.get("before"), after=event.get("after"),
            reason=str(event.get("reason") or ""), original_kind=event["kind"],
            original_at=_timestamp(event["at"]),
            original_actor=str(event.get("actor") or "system")[:64]))
        report.events_added += 1


def _import_other(session, data, users, report: ImportReport, origin: str) -> None:
    """A Prodigy or doccano item: its text becomes a document, its spans claims."""
    text = data["doccano_text"]
    digest = content_hash(text)
    document = session.exec(select(Document).where(Document.content_hash == digest)).first()
    if document is None:
        document = Document(content_hash=digest, title=data["title"][:500],
                            source=data.get("source") or origin, text=text,
                            word_count=len(text.split()), extractor="import")
        session.add(document)
        session.flush()
        report.documents_added += 1
    reviewer = data.get("reviewer") or "doccano"
    for start, end, label in data["spans"]:
        span = text[start:end]
        uid = data.get("uid") or content_hash(f"{digest}|{start}|{end}|{span}")[:32]
        record_like = {"schema": SCHEMA, "id": uid, "text": " ".join(span.split()),
                       "sentence": span, "start": start, "end": end, "verdict": None,
                       "reviews": [], "extractor": "import"}
        if label:
            now = utcnow().isoformat()
            record_like["reviews"] = [{"reviewer": reviewer, "label": label, "note": "",
                                       "evidence": [], "created_at": now, "updated_at": now}]
            record_like["verdict"] = resolve_verdict([label], 1)
        _import_claim(session, record_like, document, users, report)


def _user(session: Session, name: str, cache: dict[str, User]) -> User | None:
    """The account named in the file, created (without a password) if missing."""
    if name == "system":
        return None
    if name not in cache:
        user = session.exec(select(User).where(User.username == name[:64])).first()
        if user is None:
            user = User(username=name[:64], role="reviewer", password_hash=None)
            session.add(user)
            session.flush()
        cache[name] = user
    return cache[name]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _stamp(value: str | None) -> str | dt.datetime:
    """A validated timestamp for `insert_rows`: the export's own UTC strings go as they
    are (the cheap path), others are parsed and converted to UTC; missing ones are now."""
    if not isinstance(value, str):
        return utcnow()
    if value.endswith("+00:00") and value[10:11] == "T" and len(value) in (25, 32):
        return value
    return _timestamp(value) or utcnow()


def _timestamp(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    # Stored in UTC: SQLite keeps the wall-clock time it is given, whatever the offset.
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
