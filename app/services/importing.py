"""Import: claimdesk exports (round trip or merge), Prodigy and doccano JSONL, documents.

Every line is checked (`import_lines`), and everything is written in one transaction:
if any line is bad, each bad line is named with its number and nothing is kept. Claims
are matched by their stable id, so importing the same file twice, or into a database
that already holds those claims, duplicates nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from app.db import (
    begin_write,
    insert_rows,
    insert_values,
    rebuilt_after_load,
    refresh_statistics,
    reserve_ids,
)
from app.models import Claim, Document, Review, User, utcnow
from app.nlp.types import Extractor
from app.services.events import ImportedEvent, record_many
from app.services.import_documents import ExtractionFailed, add_plain_documents
from app.services.import_lines import (
    Prepared,
    claim_writer,
    reading,
    review_writer,
    utc_timestamp,
)
from app.services.sources import content_hash

IMPORT_CACHE_KB, DEFAULT_CACHE_KB = 64 * 1024, 2000
# From this size on, a file into empty PostgreSQL tables is loaded as a restore.
RESTORE_MIN_BYTES = 16 * 1024 * 1024


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
    documents_present: int = 0
    claims_extracted: int = 0  # the claims of plain documents, proposed by the extractor

    @property
    def ok(self) -> bool:
        return not self.errors


def import_file(*, session: Session, path: Path, dry_run: bool = False,
                progress: Callable[[int], None] | None = None,
                load_extractor: Callable[[], Extractor] | None = None,
                max_document_bytes: int | None = None) -> ImportReport:
    """Check and import the file in one pass and one transaction: if any line is bad,
    every bad line (up to `import_lines.MAX_ERRORS`) is named and nothing is written.
    Plain documents (JSONL documents) are ingested in the same transaction, once every
    line is known to be good, their claims proposed by `load_extractor()`.

    Memory does not grow with the file (only the sentences of documents exported without
    their text are kept, once per place in each document). A large file is read and
    checked in a second process while this one writes (`import_lines.reading`).
    `progress` is called with the bytes read so far.
    """
    report = ImportReport()
    with _collector_paused():
        if dry_run:
            with reading(path, None, path.name, max_document_bytes) as messages:
                for message in messages:
                    _take_end(message, report)
            return report
        begin_write(session)
        loader = _Loader(session, report)
        # Into empty tables a large file is loaded as a restore, which holds the tables
        # exclusively until the import ends.
        loader.exclusive = (not loader.look_up_claims
                            and path.stat().st_size >= RESTORE_MIN_BYTES)
        try:
            with large_sqlite_cache(session), _restore_mode(session, loader), reading(
                    path, session.connection().dialect.name, path.name,
                    max_document_bytes) as messages:
                _load(messages, loader, report, progress)
            if loader.plain:
                _add_plain(loader, path.name, load_extractor)
        except _Refused:
            session.rollback()
            return ImportReport(lines=report.lines, errors=report.errors)
        except BaseException:
            session.rollback()
            raise
        session.commit()
    refresh_statistics(session, {  # a restore fills empty tables: PostgreSQL plans afresh
        "document": report.documents_added, "review": report.reviews_added,
        "claim": report.claims_added + report.claims_extracted})
    return report


class _Refused(Exception):  # noqa: N818 - not an error: the file had bad lines
    """Leaves the import's context managers without finishing (no index rebuilt)."""


def _load(messages: Iterator[tuple], loader: _Loader, report: ImportReport,
          progress: Callable[[int], None] | None) -> None:
    for message in messages:
        if message[0] == "claims":
            loader.claims(message[1], look_up=message[2])
            if progress is not None:
                progress(message[3])
        elif message[0] == "document":
            loader.plain.append((message[1], message[2]))
        elif _take_end(message, report):
            if report.errors:
                raise _Refused
            loader.finish(sentences=message[3])
            if progress is not None:
                progress(message[4])


def _add_plain(loader: _Loader, origin: str,
               load_extractor: Callable[[], Extractor] | None) -> None:
    """The file's plain documents, ingested in the import's transaction; when nothing
    else was written, no lock is held while their claims are extracted."""
    report = loader.report
    if load_extractor is None:
        raise ValueError("importing plain documents needs an extractor (load_extractor)")
    try:
        stored = add_plain_documents(
            loader.session, loader.plain, origin=origin, load_extractor=load_extractor,
            let_go_first=report.claims_added == report.claims_present == 0)
    except ExtractionFailed as failure:
        report.errors.append(str(failure))
        raise _Refused from None
    report.documents_added += stored.added
    report.documents_present += stored.present
    report.claims_extracted += stored.claims
    report.events_added += stored.added


def _restore_mode(session: Session, loader: _Loader):
    """A restore (`db.rebuilt_after_load`) when the loader holds the tables exclusively."""
    return rebuilt_after_load(session, [Claim, Review]) if loader.exclusive else nullcontext()


def _take_end(message: tuple, report: ImportReport) -> bool:
    """Whether `message` is the reader's last; if so its line count and errors are noted."""
    if message[0] != "end":
        return False
    report.lines, report.errors = message[1], message[2]
    return True


@contextmanager
def large_sqlite_cache(session: Session) -> Iterator[None]:
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


class _Loader:
    """The database half of an import: documents, accounts, claims, reviews, history."""

    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session, self.report = session, report
        dialect_name = session.connection().dialect.name
        self.claim_writer, self.review_writer = (claim_writer(dialect_name),
                                                 review_writer(dialect_name))
        self.documents: dict[Any, int] = {}  # an export's document id -> local id
        self.users: dict[str, int] = {}
        # Local documents of documents exported without text, whose text is made at the
        # end from the claims' sentences: export id -> (local id, its text now).
        self.rebuilt: dict[Any, tuple[int, str]] = {}
        # Into an empty table (a restore), no claim of an export can be present already.
        self.look_up_claims = session.exec(select(Claim.id).limit(1)).first() is not None
        self.exclusive = False  # the claim table is held exclusively (a restore)
        self.plain: list[tuple[int, dict[str, Any]]] = []  # plain documents: line, record

    def claims(self, batch: list[Prepared], *, look_up: bool) -> None:
        """New claims inserted in bulk with their reviews and history; present ones (same
        stable id) get the reviews they lack."""
        session = self.session
        if look_up:
            self.look_up_claims = True  # another tool's ids may repeat in the file
        known = dict(session.exec(select(Claim.uid, Claim.id).where(
            Claim.uid.in_([uid for uid, *_ in batch]))).all()) if self.look_up_claims else {}
        fresh = [claim for claim in batch if claim[0] not in known]
        present = set(known.values())
        if fresh:
            self._resolve_documents([document for _, document, *_ in fresh])
            documents = self.documents
            ids = reserve_ids(session, Claim, len(fresh), exclusive=self.exclusive)
            insert_values(session, self.claim_writer, [
                (claim_id, uid, documents[document["id"]], *row[3:])
                for claim_id, (uid, document, row, *_) in zip(ids, fresh, strict=True)])
            known.update(zip([uid for uid, *_ in fresh], ids, strict=True))
        self.report.claims_added += len(fresh)
        self.report.claims_present += len(batch) - len(fresh)
        reviewed = {(claim_id, reviewer_id) for claim_id, reviewer_id in session.exec(
            select(Review.claim_id, Review.reviewer_id).where(Review.claim_id.in_(present)))
        } if present else set()  # claims inserted just now have no reviews yet
        rows = []
        for uid, _, _, reviews, _ in batch:
            claim_id = known[uid]
            for reviewer, row in reviews:
                reviewer_id = self._user_id(reviewer)
                if (claim_id, reviewer_id) not in reviewed:
                    reviewed.add((claim_id, reviewer_id))
                    rows.append((claim_id, reviewer_id, *row[2:]))
        insert_values(session, self.review_writer, rows)
        self.report.reviews_added += len(rows)
        if any(events for *_, events in fresh):
            self._replay_events(fresh, known)

    def finish(self, sentences: dict[Any, dict[tuple[int, int], str]]) -> None:
        """Place the sentences of documents exported without text into their texts."""
        texts = []
        for export_id, (document_id, text) in self.rebuilt.items():
            text = _rebuild_text(sentences.get(export_id, {}), text)
            texts.append({"document_id": document_id, "new_text": text,
                          "new_word_count": len(text.split())})
        if texts:
            self.session.connection().execute(
                update(Document).where(Document.id == bindparam("document_id")).values(
                    text=bindparam("new_text"), word_count=bindparam("new_word_count")),
                texts)

    def _resolve_documents(self, metas: list[dict[str, Any]]) -> None:
        """The local documents of a batch's claims (`self.documents`): found by content,
        else created, in three statements for the whole batch.

        A document exported without its text is known by what the export says of it
        (its id there, title, source and date); its text is made of the claims'
        sentences at their offsets once the whole file is read (`finish`).
        """
        wanted: dict[str, dict[str, Any]] = {}  # content hash -> the first meta with it
        digests: dict[Any, str] = {}
        for meta in metas:
            if meta["id"] not in self.documents and meta["id"] not in digests:
                text = meta.get("text") or ""
                digest = meta.get("content_hash") or content_hash(text or _identity(meta))
                digests[meta["id"]] = digest
                wanted.setdefault(digest, meta)
        if not wanted:
            return
        found = {row.content_hash: row for row in self.session.exec(
            select(Document.id, Document.content_hash, Document.text).where(
                Document.content_hash.in_(wanted)))}
        missing = [meta for digest, meta in wanted.items() if digest not in found]
        created = {digests[meta["id"]] for meta in missing}
        if missing:
            now = utcnow()
            insert_rows(self.session, Document, [{
                "content_hash": digests[meta["id"]], "title": meta["title"][:500],
                "source": meta.get("source"), "text": meta.get("text") or "",
                "published": meta.get("published"),
                "word_count": len((meta.get("text") or "").split()), "extractor": "import",
                "created_at": now} for meta in missing])
            self.report.documents_added += len(missing)
            found.update((row.content_hash, row) for row in self.session.exec(
                select(Document.id, Document.content_hash, Document.text).where(
                    Document.content_hash.in_(created))))
        for export_id, digest in digests.items():
            meta, row = wanted[digest], found[digest]
            self.documents[export_id] = row.id
            if not meta.get("text") and (digest in created or "content_hash" not in meta):
                self.rebuilt[export_id] = (row.id, row.text)  # sentences placed at the end

    def _user_id(self, name: str) -> int:
        """The account named in the file, created (without a password) if missing."""
        if name not in self.users:
            session = self.session
            user = session.exec(select(User).where(User.username == name)).first()
            if user is None:
                user = User(username=name, role="reviewer", password_hash=None)
                session.add(user)
                session.flush()
            self.users[name] = user.id
        return self.users[name]

    def _replay_events(self, fresh: list[Prepared], known: dict[str, int]) -> None:
        """The exported history of the batch's new claims, appended to this database's
        chain in the file's order."""
        documents = self.documents
        self.report.events_added += record_many(self.session, (
            ImportedEvent(actor=None, claim_id=known[uid], document_id=documents[document["id"]],
                          before=event.get("before"), after=event.get("after"),
                          reason=str(event.get("reason") or ""), original_kind=event["kind"],
                          original_at=utc_timestamp(event["at"]),
                          original_actor=str(event.get("actor") or "system")[:64])
            for uid, document, _, _, events in fresh for event in events or ()))


def _identity(meta: dict[str, Any]) -> str:
    """What stands for the text of a document exported without it, in its content hash."""
    return "\x1f".join(["claimdesk export document", str(meta["id"]), meta["title"],
                        str(meta.get("source") or ""), str(meta.get("published") or "")])


def _rebuild_text(sentences: dict[tuple[int, int], str], text: str = "") -> str:
    """The sentences placed at their offsets in `text` (blanks where nothing is known)."""
    size = max([len(text), *(end for _, end in sentences)])
    chars = list(text.ljust(size))
    for (start, end), sentence in sentences.items():
        chars[start:end] = sentence[: end - start].ljust(end - start)
    return "".join(chars)
