"""Reading an import file: each line parsed, checked and made into rows to insert.

This half of an import touches no database, so that it can run in a process of its own
(`reading`) while the importing process writes the batch before: parsing and checking a
million lines is as much work as inserting them, and Python does both on one core only.

What it yields, in the file's order (tuples of built-in types: they cross between
processes marshalled):
  ("claims", [Prepared, ...], look_up, bytes_read)  claims with their reviews' rows
  ("document", line_number, data)                    a plain document, to be ingested
  ("end", lines, errors, sentences, bytes_read)      the last message
After the first bad line no more claims are sent; reading goes on to name the others.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import marshal
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from app.db import RowWriter, row_writer
from app.models import Claim, Document, Label, Review, utcnow
from app.services.errors import InvalidInput
from app.services.export_sql import SCHEMA
from app.services.forking import start_forked, stopped
from app.services.recheck import due_at
from app.services.review import parse_evidence, resolve_verdict
from app.services.sources import SourceProblem, content_hash, document_from_record
from app.services.text_rules import json_problem
from app.services.users import USERNAME_PATTERN, as_username

LABELS = {label.value for label in Label}
MAX_ERRORS = 50
STATUSES = ("active", "retired")
# Review history can be carried over; undo events are not (they point at local event ids).
REPLAYABLE = {"review.set", "claim.added", "claim.edited", "claim.split", "claim.retired",
              "verdict.settled"}
# Claims a message: large enough that PostgreSQL's round trips per batch (ids, documents,
# two COPYs) do not dominate (1,000 -> 5,000: 17,800 -> 21,400 rows/s at 1,000,000 claims).
BATCH = 5000
# Messages the reading process may send ahead of the importing process (~3 MB each).
AHEAD = 4
MAX_OFFSET = 2**31 - 1  # character offsets; larger numbers would not fit the columns
# Below this size a second process costs more (starting it, marshalling) than it saves.
CHILD_MIN_BYTES = 2 * 1024 * 1024


# An exported claim made ready to insert, as a plain tuple (marshal, five times faster
# than pickle, takes only built-in types):
#   (uid, document, claim row, [(reviewer's name, review row), ...], events or None)
# where document is the export's (id, title, source, published, perhaps text). The rows'
# local ids are left None (the claim's and its document's at 0 and 2 in the claim row,
# the claim's and the reviewer's at 0 and 1 in a review row): only the importing process
# knows them.
Prepared = tuple


CLAIM_KEYS = ("id", "uid", "document_id", "text", "span_text", "sentence", "start", "end",
              "span_start", "span_end", "attribution", "hedged", "dates", "entities", "score",
              "time_sensitive", "spans", "insertions", "needs_context", "extractor", "status",
              "verdict", "settled_by", "version", "created_at", "updated_at", "due_at")
REVIEW_KEYS = ("claim_id", "reviewer_id", "label", "note", "evidence", "outdated_since",
               "version", "created_at", "updated_at")


def claim_writer(dialect_name: str) -> RowWriter:
    return row_writer(dialect_name, Claim, CLAIM_KEYS)


def review_writer(dialect_name: str) -> RowWriter:
    return row_writer(dialect_name, Review, REVIEW_KEYS)


@contextmanager
def reading(path: Path, dialect_name: str | None, origin: str,
            max_document_bytes: int | None = None) -> Iterator[Iterator[tuple]]:
    """The file's messages (see the module docstring), read in a child process when the
    file is large enough for that to pay. `dialect_name` None only checks the lines;
    plain documents larger than `max_document_bytes` are refused."""
    if path.stat().st_size < CHILD_MIN_BYTES or dialect_name is None:
        yield messages(path, dialect_name, origin, max_document_bytes)
        return
    # the child touches nothing but the file and the pipe
    receiver, child = start_forked(_child, (path, dialect_name, origin, max_document_bytes),
                                   name="claimdesk-import-reader")
    try:
        yield _received(receiver, child)
    finally:
        receiver.close()
        stopped(child)


def _child(path: Path, dialect_name: str, origin: str, max_document_bytes: int | None,
           sender) -> None:
    """The reading process: every message, marshalled, down the pipe. A thread sends them,
    so reading goes on while the importing process is busy writing (up to AHEAD messages
    ahead): handed over one at a time, each side waited on the other's slower batches."""
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)
    gone = threading.Event()  # the importing process stopped reading (it failed)

    def send() -> None:
        while (data := outbox.get()) is not None:
            if gone.is_set():
                continue  # drained, so the reading thread never blocks on a full outbox
            try:
                sender.send_bytes(data)
            except OSError:  # a broken pipe: the importing process is gone
                gone.set()

    thread = threading.Thread(target=send, name="import-sender", daemon=True)
    thread.start()
    try:
        for message in messages(path, dialect_name, origin, max_document_bytes):
            outbox.put(marshal.dumps(message))
            if gone.is_set():
                break
    except BaseException as error:  # noqa: BLE001 - reported to the importing process
        outbox.put(marshal.dumps(("failed", f"{type(error).__name__}: {error}")))
    finally:
        outbox.put(None)
        thread.join()
        sender.close()


def _received(receiver, child) -> Iterator[tuple]:
    while True:
        try:
            message = marshal.loads(receiver.recv_bytes())  # noqa: S302 - our own child
        except EOFError:
            child.join()
            raise RuntimeError(f"the import's reading process stopped (exit code "
                               f"{child.exitcode}) before the end of the file") from None
        if message[0] == "failed":
            raise RuntimeError(f"reading the import file failed: {message[1]}")
        yield message
        if message[0] == "end":
            return


def messages(path: Path, dialect_name: str | None, origin: str,
             max_document_bytes: int | None = None) -> Iterator[tuple]:
    """Read, check and prepare every line (see the module docstring)."""
    prepare = RowMaker(dialect_name).prepared if dialect_name else None
    seen_ids: set[str] = set()
    sentences: dict[Any, dict[tuple[int, int], str]] = {}
    errors: list[str] = []
    batch: list[Prepared] = []
    done = number = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):  # noqa: B007 - used after the loop
            done += len(raw)
            if not raw.strip():
                continue
            problem, kind, data = _parse_line(raw, seen_ids, f"{origin}:{number}",
                                              max_document_bytes)
            if problem:
                if len(errors) < MAX_ERRORS:
                    errors.append(f"line {number}: {problem}")
                continue
            if kind == "document":
                yield ("document", number, data)
                continue
            if kind == "claim" and not data["document"].get("text"):
                sentences.setdefault(data["document"]["id"], {})[
                    data["start"], data["end"]] = data["sentence"]
            if errors or prepare is None:
                continue
            if kind == "claim":
                batch.append(prepare(data))
                if len(batch) >= BATCH:
                    yield ("claims", batch, False, done)
                    batch = []
            else:  # another tool's claims: one at a time, as two spans may be one claim
                if batch:  # the claims before them first: the file's order is kept
                    yield ("claims", batch, False, done)
                    batch = []
                for record in data:
                    yield ("claims", [prepare(record)], True, done)
    if batch and not errors:
        yield ("claims", batch, False, done)
    yield ("end", number, errors, sentences, done)


class RowMaker:
    """An export's claim and reviews as rows in the order of CLAIM_KEYS and REVIEW_KEYS,
    converted as the database's driver takes them (`db.RowWriter` chooses how).

    Built straight into tuples: a million claims made into dicts first, then picked
    and converted column by column, cost a fifth of an import's time."""

    def __init__(self, dialect_name: str) -> None:
        claims = claim_writer(dialect_name)
        self._time = claims.converter("created_at")
        self._json = claims.converter("dates")
        self._flag = claims.converter("hedged")
        self._day = review_writer(dialect_name).converter("outdated_since")

    def claim(self, data: dict[str, Any], claim_id: int | None = None,
              document_id: int | None = None) -> tuple:
        """The claim row, its stable id and timestamps kept."""
        time, as_json, flag = self._time, self._json, self._flag
        sentence, start, end = data["sentence"], data["start"], data["end"]
        due = due_at(data.get("dates") or [], _date(data["document"].get("published")),
                     bool(data.get("time_sensitive")))
        return (claim_id, data["id"], document_id, data["text"], data.get("span_text") or sentence,
                sentence, start, end, start, end, data.get("attribution"),
                flag(bool(data.get("hedged"))), as_json(data.get("dates") or []),
                as_json(data.get("entities") or []), float(data.get("score", 0.5)),
                flag(bool(data.get("time_sensitive"))), as_json(data.get("spans") or []),
                as_json(data.get("insertions") or []), flag(bool(data.get("needs_context"))),
                str(data.get("extractor") or "import")[:100], data.get("status") or "active",
                data.get("verdict"), settled_by(data), 1, time(_stamp(data.get("created_at"))),
                time(_stamp(data.get("updated_at"))), time(due.isoformat()) if due else None)

    def review(self, review: dict[str, Any], claim_id: int | None = None,
               reviewer_id: int | None = None) -> tuple:
        since = review.get("outdated_since")
        return (claim_id, reviewer_id, review["label"], review.get("note") or "",
                self._json(review.get("evidence") or []), self._day(since) if since else None,
                1, self._time(_stamp(review["created_at"])),
                self._time(_stamp(review["updated_at"])))

    def prepared(self, data: dict[str, Any]) -> Prepared:
        """A checked record as it goes to the importing process."""
        return (data["id"], data["document"], self.claim(data),
                [(review["reviewer"], self.review(review)) for review in data["reviews"]],
                data.get("events") or None)


def _parse_line(raw: bytes, seen_ids: set[str], where: str, max_document_bytes: int | None):
    """(problem, kind, data): kind "claim" (an export's record), "other" (another tool's
    records) or "document". `where` is the file and line, for the documents' origin."""
    try:
        data = orjson.loads(raw)  # a third of json.loads' time
    except orjson.JSONDecodeError as error:
        return _why_not_json(raw, error), None, None
    if not isinstance(data, dict):
        return "not a JSON object", None, None
    # A NUL written as \u0000 is valid JSON but no database's text: found by the cheap
    # test on the raw line, then named precisely (orjson itself refuses lone surrogates).
    if b"\\u0000" in raw and (problem := json_problem(data)):
        return problem, None, None
    if "schema" in data:
        problem = _check_claim(data)
        if problem is None and data["id"] in seen_ids:
            problem = f"duplicate claim id {data['id']!r}"
        if problem:
            return problem, None, None
        seen_ids.add(data["id"])
        return None, "claim", data
    converted = _from_other_tool(data)
    if isinstance(converted, str):
        return converted, None, None
    kind, payload = converted
    origin = where.rsplit(":", 1)[0]
    if kind == "document":
        return _document_problem(raw, payload, where, max_document_bytes), kind, payload
    return None, "other", _records(payload, origin)


def _document_problem(raw: bytes, data: dict[str, Any], where: str,
                      max_document_bytes: int | None) -> str | None:
    """Why a plain document cannot be ingested (checked before anything is written)."""
    if max_document_bytes is not None and len(raw) > max_document_bytes:
        return f"too large ({len(raw):,} bytes; the limit is {max_document_bytes:,})"
    document = document_from_record(data, origin=where)
    return document.message if isinstance(document, SourceProblem) else None


def _why_not_json(raw: bytes, refusal: orjson.JSONDecodeError) -> str:
    """What is wrong with a line orjson refused, in the standard library's words where it
    has them (it also takes NaN and lone surrogates, which are not JSON)."""
    try:
        json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return f"not UTF-8 (byte {error.start})"
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg}, column {error.colno})"
    except RecursionError:
        return "not valid JSON here (nested too deeply)"
    return f"not valid JSON ({refusal.msg}, column {refusal.colno})"


def _check_claim(data: dict[str, Any]) -> str | None:
    """Why a claimdesk record cannot be imported, or None. (Run on every line of a large
    file: the common case is kept to cheap tests.)"""
    if data["schema"] != SCHEMA:
        return f"schema {data['schema']!r} is not supported (this is {SCHEMA})"
    for key, kind in _CLAIM_FIELDS:
        if not isinstance(data.get(key), kind):
            return f"{key!r} is missing or not a {kind.__name__}"
    if not data["text"].strip():
        return "the claim text is empty"
    if not 0 <= data["start"] <= data["end"] <= MAX_OFFSET:
        return "start and end are not offsets of a sentence"
    if data.get("verdict") not in _VERDICTS:
        return f"unknown verdict {data.get('verdict')!r}"
    document = data["document"]
    if not isinstance(document.get("title"), str) or not isinstance(document.get("id"), int):
        return "the document needs an integer id and a title"
    document_date = document.get("published")
    if document_date is not None and _date(document_date) is None:
        return "the document's published date is not YYYY-MM-DD"
    for key in ("dates", "entities", "insertions"):
        found = data.get(key)
        if found and not (isinstance(found, list)
                          and all(isinstance(item, dict) for item in found)):
            return f"{key!r} must be a list of objects"
    spans = data.get("spans")
    if spans and not _are_spans(spans):
        return "'spans' must be a list of [start, end] offsets"
    if not all(_is_insertion(item) for item in data.get("insertions") or []):
        return "each insertion needs an offset 'at', its 'text' and what it 'replaces'"
    if not all(_has_texts(item, "text", "value") for item in data.get("dates") or []):
        return "each date needs its 'text' and its 'value' as strings"
    if not all(_has_texts(item, "text", "label") for item in data.get("entities") or []):
        return "each entity needs its 'text' and its 'label' as strings"
    score = data.get("score", 0.5)
    if not isinstance(score, int | float) or isinstance(score, bool):
        return "score must be a number"
    for stamp in ("created_at", "updated_at"):
        if data.get(stamp) is not None and not _is_timestamp(data[stamp]):
            return f"{stamp} is not an ISO timestamp"
    if data.get("status", "active") not in STATUSES:
        return f"unknown status {data.get('status')!r}"
    for review in data["reviews"]:
        if not isinstance(review, dict):
            return "a review must be a JSON object"
        problem = _check_review_state(review)
        if problem:
            return f"a review {problem}"
        name = review.get("reviewer")
        problem = _reviewer_problem(name) if isinstance(name, str) else "a review has no reviewer"
        if problem:
            return problem
        if not (_is_timestamp(review.get("created_at"))
                and _is_timestamp(review.get("updated_at"))):
            stamp = "created_at" if not _is_timestamp(review.get("created_at")) else "updated_at"
            return f"a review's {stamp} is not an ISO timestamp"
    problem = _consistency_problem(data)
    if problem:
        return problem
    for event in data.get("events") or ():
        if not isinstance(event, dict) or event.get("kind") not in REPLAYABLE:
            kind = event.get("kind") if isinstance(event, dict) else event
            return f"an event has a kind that cannot be imported: {kind!r}"
        if not _is_timestamp(event.get("at")):
            return "an event's time is not an ISO timestamp"
        for side in ("before", "after"):
            state = event.get(side)
            if state is not None and (not isinstance(state, dict)
                                      or _check_review_state(state, partial=True)):
                return f"an event's {side} is not a valid review state"
    return None


_CLAIM_FIELDS = (("id", str), ("text", str), ("sentence", str), ("start", int), ("end", int),
                 ("document", dict), ("reviews", list))
_OPTIONAL_TEXT = ("attribution", "extractor", "settled_by")


def _consistency_problem(data: dict[str, Any]) -> str | None:
    """Why a record contradicts itself: text where text belongs, offsets inside the
    document's text, a verdict its reviews give (or an editor's settlement)."""
    for key in _OPTIONAL_TEXT:
        if not isinstance(data.get(key) or "", str):
            return f"{key!r} must be a string or null"
    document = data["document"]
    for key in ("source", "text", "content_hash"):
        if not isinstance(document.get(key) or "", str):
            return f"the document's {key!r} must be a string or null"
    for record, (owner, key, longest) in ((document, _DOCUMENT_LONGEST),
                                          *((data, limit) for limit in _CLAIM_LONGEST)):
        value = record.get(key) or ""  # (PostgreSQL would refuse it mid-import)
        if len(value) > longest:
            return f"{owner}'s {key!r} is longer than {longest:,} characters ({len(value):,})"
    text = document.get("text")
    if text and data["end"] > len(text):
        return (f"start and end ({data['start']}, {data['end']}) lie past the end of the "
                f"document's text ({len(text)} characters)")
    settler = settled_by(data)
    if settler is not None and _reviewer_problem(settler):
        return f"settled_by {settler[:80]!r} is not a username"
    verdict = data.get("verdict")
    if verdict is None or settler is not None:
        return None
    labels = {review["label"] for review in data["reviews"]}
    if labels != {verdict}:
        found = ", ".join(sorted(labels)) or "none"
        return (f"verdict {verdict!r} contradicts its reviews ({found}); only an editor's "
                "settlement (settled_by) may differ")
    return None


def settled_by(data: dict[str, Any]) -> str | None:
    """The editor who settled the record's verdict: `settled_by`, or in an export from
    before that field, the actor of its history's last settlement to that verdict."""
    verdict = data.get("verdict")
    if data.get("settled_by") or verdict is None:
        return data.get("settled_by") or None
    for event in reversed(data.get("events") or ()):
        if (isinstance(event, dict) and event.get("kind") == "verdict.settled"
                and isinstance(event.get("after"), dict)
                and event["after"].get("verdict") == verdict
                and isinstance(event.get("actor"), str)):
            return event["actor"]
    return None
_VERDICTS = {*LABELS, None}


def _are_spans(spans: Any) -> bool:
    """True for a list of [start, end] pairs of document offsets."""
    return isinstance(spans, list) and all(
        isinstance(pair, list) and len(pair) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
        and 0 <= pair[0] <= pair[1] <= MAX_OFFSET for pair in spans)


def _longest(owner: str, table: Any, key: str) -> tuple[str, str, int]:
    """(whose, field, longest) for a text column with a length, read from the model."""
    return owner, key, table.__table__.c[key].type.length


# The text columns a record fills that have a length (a title is cut to its column instead,
# as ingest cuts it).
_DOCUMENT_LONGEST = _longest("the document", Document, "source")
_CLAIM_LONGEST = tuple(_longest("the claim", Claim, key)
                       for key in ("attribution", "extractor", "settled_by"))


def _has_texts(item: dict[str, Any], *keys: str) -> bool:
    """True when each of `keys` is a string in `item` (a date's text and value, say)."""
    return all(isinstance(item.get(key), str) for key in keys)


def _is_insertion(item: dict[str, Any]) -> bool:
    """True for {"at": offset, "text": words, "replaces": words or null} as the extractor
    records an insert (the review screen marks it by these)."""
    at = item.get("at")
    return (isinstance(at, int) and not isinstance(at, bool) and 0 <= at <= MAX_OFFSET
            and isinstance(item.get("text"), str)
            and isinstance(item.get("replaces"), str | None))


@functools.lru_cache(maxsize=1024)
def _reviewer_problem(name: str) -> str | None:
    """Why `name` cannot be a reviewer (cached: a file has few reviewers, many reviews)."""
    if not name:
        return "a review has no reviewer"
    if name == "system":
        return "a review's reviewer cannot be \"system\" (that name is the app's own)"
    if not USERNAME_PATTERN.fullmatch(name):
        return (f"a review's reviewer {name[:80]!r} is not a username "
                "(1-64 letters, digits or _ . @ -)")
    return None


def _check_review_state(state: dict[str, Any], *, partial: bool = False) -> str | None:
    """Why a review (or an event's review state) is not one the app itself could store."""
    label = state.get("label")
    if label not in LABELS and not (partial and label is None):
        return f"has an unknown label {label!r}"
    evidence = state.get("evidence")
    if evidence:
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            return "has evidence that is not a list of links"
        problem = _evidence_problem(tuple(evidence))
        if problem:
            return problem
    since = state.get("outdated_since")
    if since is not None and _date(since) is None:
        return "has an outdated_since that is not YYYY-MM-DD"
    if not isinstance(state.get("note") or "", str):
        return "has a note that is not text"
    return None


@functools.lru_cache(maxsize=4096)
def _evidence_problem(links: tuple[str, ...]) -> str | None:
    """The app's own rule (only absolute http(s) links are ever stored), cached: the same
    sources are cited again and again."""
    try:
        parse_evidence(links)
    except InvalidInput as error:
        return f"has {error.message}"
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


def _records(item: dict[str, Any], origin: str) -> list[dict[str, Any]]:
    """Another tool's item as export records: its text is their document, its spans the
    claims (with the item's label as a review, if it has one)."""
    text = item["doccano_text"]
    digest = content_hash(text)
    document = {"id": ("text", digest), "title": item["title"], "text": text,
                "source": item.get("source") or origin, "published": None}
    records = []
    for start, end, label in item["spans"]:
        span = text[start:end]
        record = {"schema": SCHEMA, "text": " ".join(span.split()), "sentence": span,
                  "id": item.get("uid") or content_hash(f"{digest}|{start}|{end}|{span}")[:32],
                  "start": start, "end": end, "verdict": None, "reviews": [],
                  "extractor": "import", "document": document}
        if label:
            now = utcnow().isoformat()
            record["reviews"] = [{"reviewer": item.get("reviewer") or "doccano",
                                  "label": label, "note": "", "evidence": [],
                                  "created_at": now, "updated_at": now}]
            record["verdict"] = resolve_verdict([label], 1)
        records.append(record)
    return records


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
    return utc_timestamp(value) or utcnow()


def _is_timestamp(value: Any) -> bool:
    return _parsed_time(value) is not None


def utc_timestamp(value: Any) -> dt.datetime | None:
    """An ISO timestamp in UTC (no offset: taken as UTC), or None if it is not one."""
    parsed = _parsed_time(value)
    if parsed is None:
        return None
    # Stored in UTC: SQLite keeps the wall-clock time it is given, whatever the offset.
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _parsed_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
