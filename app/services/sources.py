"""Reading documents from files, folders, JSONL and pasted text, refusing bad input clearly."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO

from app.nlp.types import SourceText
from app.services.text_rules import text_problem

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FRONT_MATTER_KEYS = {"title", "source", "url", "published", "date"}
MAX_SOURCE_LENGTH = 2000  # Document.source's column: a longer one is refused, on every backend
MAX_LINE_READ = 64 * 1024 * 1024  # counting lines only: the reader's bound is its `max_bytes`
_BOM = b"\xef\xbb\xbf"
# What a corrupt or cut archive raises as it is read.
_UNREADABLE = (OSError, EOFError, zlib.error)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)


@dataclass(frozen=True)
class IncomingDocument:
    """A document read from somewhere, not yet stored: its text and metadata."""

    text: str
    title: str
    source: str | None
    published: dt.date | None
    origin: str  # where it came from, for messages: "a.txt" or "docs.jsonl:12"
    external_id: str | None = None
    given_title: str | None = None  # the title as supplied; None when taken from the text

    @cached_property
    def content_hash(self) -> str:
        """The identity of the text (computed once: ingest asks for it more than once)."""
        return content_hash(self.text)

    def source_text(self) -> SourceText:
        """What the extractor sees (a derived title is no headline to drop)."""
        return SourceText(text=self.text, published=self.published, title=self.given_title)


@dataclass(frozen=True)
class SourceProblem:
    """Why one file or line could not be read; named so the user can fix it."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def read_paths(
    paths: Iterable[Path], *, max_bytes: int
) -> Iterator[IncomingDocument | SourceProblem]:
    """Every document under `paths` (files, folders, JSONL), problems interleaved."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or is_jsonl(p)))
            for file in files:
                yield from read_file(file, max_bytes=max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield SourceProblem(path_name(path), "no such file or folder")


def count_documents(paths: Iterable[Path]) -> int:
    """How many documents (and unreadable files) `read_paths` will give, about: a
    progress bar's total, counted without parsing (JSONL: its non-blank lines)."""
    total = 0
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if is_jsonl(file) and file.is_file():
                total += _count_lines(file)
            elif file.suffix.lower() in TEXT_SUFFIXES or not path.is_dir():
                total += 1
    return total


def _count_lines(path: Path) -> int:
    """A JSONL file's non-blank lines (1 if it cannot be read: its problem is one item)."""
    try:
        with _open_jsonl(path) as handle:
            return sum(1 for line in _lines(handle, MAX_LINE_READ) if line.strip())
    except _UNREADABLE:
        return 1


def _lines(handle: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    """A JSONL file's lines, none read whole beyond `max_bytes` + 1 bytes: a longer line is
    given cut there (and so refused as too large) and the rest of it skipped, so that a small
    archive holding one huge line costs no more memory than the limit."""
    while line := handle.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield line
        else:
            yield from line.splitlines()  # (a lone CR ends a line too)


def path_name(path: Path) -> str:
    """A path as text a database can store and a message can show: a file name that is not
    UTF-8 (a Latin-1 "café.txt") with its bad bytes replaced."""
    return os.fsencode(path).decode("utf-8", "replace")


def is_jsonl(path: Path) -> bool:
    """A JSONL file, perhaps gzipped (`.jsonl.gz`: archives come so)."""
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(JSONL_SUFFIXES)


def _open_jsonl(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def read_file(path: Path, *, max_bytes: int) -> Iterator[IncomingDocument | SourceProblem]:
    """The documents of one file: a text file is one document, a JSONL file one a line."""
    origin = path_name(path)
    if is_jsonl(path):  # read as it goes: an archive may be large
        try:
            with _open_jsonl(path) as handle:
                lines = _lines(handle, max_bytes)
                yield from read_jsonl_lines(lines, origin=origin, max_bytes=max_bytes)
        except _UNREADABLE as error:  # a truncated or corrupt .gz, say
            yield SourceProblem(origin, f"could not be read to the end ({error})")
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield SourceProblem(origin, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        return
    raw = path.read_bytes()
    decoded = decode_text(raw, origin=origin)
    if isinstance(decoded, SourceProblem):
        yield decoded
        return
    yield parse_text_document(decoded, origin=origin, default_source=origin)


def decode_text(raw: bytes, *, origin: str) -> str | SourceProblem:
    """UTF-8 text without NUL bytes and not blank, or the reason it is not."""
    if b"\x00" in raw:
        return SourceProblem(origin, "looks binary (contains NUL bytes); give a UTF-8 text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return SourceProblem(origin, f"is not UTF-8 (bad byte at offset {error.start})")
    if not text.strip():
        return SourceProblem(origin, "is empty")
    return text


def parse_text_document(
    text: str, *, origin: str, default_source: str | None = None
) -> IncomingDocument | SourceProblem:
    """A text with an optional `---` front-matter block (title, source/url, published)."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in FRONT_MATTER_KEYS:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[match.end():]
    if not text.strip():
        return SourceProblem(origin, "is empty (nothing after the front matter)")
    published = parse_published(meta.get("published") or meta.get("date"))
    if isinstance(published, str):
        return SourceProblem(origin, published)
    source = meta.get("url") or meta.get("source")
    if problem := _source_problem(source):
        return SourceProblem(origin, f"has a source that {problem}")
    return IncomingDocument(
        text=normalise_newlines(text),
        title=meta.get("title") or first_line(text),
        source=source or (default_source or "")[:MAX_SOURCE_LENGTH] or None,
        published=published,
        origin=origin,
        given_title=meta.get("title") or None,
    )


def read_jsonl(
    raw: bytes, *, origin: str, max_bytes: int
) -> Iterator[IncomingDocument | SourceProblem]:
    """One document a line: `text` required; `id`, `title`, `source`/`url`, `published`."""
    return read_jsonl_lines(raw.splitlines(), origin=origin, max_bytes=max_bytes)


def read_jsonl_lines(
    lines: Iterable[bytes], *, origin: str, max_bytes: int
) -> Iterator[IncomingDocument | SourceProblem]:
    """The documents of JSONL lines (numbered from 1 in messages)."""
    for number, line in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if number == 1:
            line = line.removeprefix(_BOM)  # (an editor's UTF-8 mark; text files allow it too)
        if not line.strip():
            continue
        if len(line) > max_bytes:
            yield SourceProblem(where, f"too large ({len(line):,} bytes; limit {max_bytes:,})")
            continue
        yield jsonl_document(line, origin=where)


def jsonl_document(line: bytes, *, origin: str) -> IncomingDocument | SourceProblem:
    """The document on one JSONL line, or why it is not one."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return SourceProblem(origin, f"is not UTF-8 (bad byte at offset {error.start})")
    except json.JSONDecodeError as error:
        return SourceProblem(origin, f"is not valid JSON ({error.msg}, column {error.colno})")
    except RecursionError:
        return SourceProblem(origin, "is nested too deeply to be a document")
    return document_from_record(record, origin=origin)


def document_from_record(record: object, *, origin: str) -> IncomingDocument | SourceProblem:
    """The document a parsed JSONL record describes, or why it is not one."""
    if not isinstance(record, dict):
        return SourceProblem(origin, "must be a JSON object with a \"text\" field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return SourceProblem(origin, "has no \"text\" (a non-empty string is required)")
    for key in ("text", "title", "id", "url", "source"):
        value = record.get(key)
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            continue
        if value is not None and not isinstance(value, str):
            return SourceProblem(origin, f"has a \"{key}\" that is not a string")
        if value is not None and (problem := text_problem(value)):
            return SourceProblem(origin, f"has a \"{key}\" that {problem}")
    published = parse_published(record.get("published") or record.get("date"))
    if isinstance(published, str):
        return SourceProblem(origin, published)
    external_id, title = record.get("id"), record.get("title")
    source = record.get("url") or record.get("source")
    if problem := _source_problem(source):
        return SourceProblem(origin, f"has a \"url\" or \"source\" that {problem}")
    return IncomingDocument(
        text=normalise_newlines(text),
        title=str(title) if title else first_line(text),
        source=str(source) if source else origin.rsplit(":", 1)[0][:MAX_SOURCE_LENGTH],
        published=published,
        origin=origin,
        external_id=str(external_id) if external_id is not None else None,
        given_title=str(title) if title else None,
    )


def pasted_document(
    text: str, *, title: str = "", source: str = "", published: str = ""
) -> IncomingDocument | SourceProblem:
    """A document typed or pasted into the browser."""
    if not text.strip():
        return SourceProblem("pasted text", "is empty")
    date = parse_published(published or None)
    if isinstance(date, str):
        return SourceProblem("pasted text", date)
    if problem := _source_problem(source.strip()):
        return SourceProblem("pasted text", f"has a source that {problem}")
    return IncomingDocument(text=normalise_newlines(text), title=title.strip() or first_line(text),
                            source=source.strip() or None, published=date, origin="pasted text",
                            given_title=title.strip() or None)


def _source_problem(source: str | None) -> str | None:
    """Why a given source (a URL) cannot be stored, or None."""
    if source and len(source) > MAX_SOURCE_LENGTH:
        return f"is longer than {MAX_SOURCE_LENGTH:,} characters ({len(source):,})"
    return None


def content_hash(text: str) -> str:
    """The identity of a document's text (ingest is idempotent on it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_published(value: object) -> dt.date | None | str:
    """An ISO date (or datetime) as a date; a message string when it is not one."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return f"has a publication date that is not YYYY-MM-DD: {str(value)[:40]!r}"


def normalise_newlines(text: str) -> str:
    """One newline convention, so offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line, shortened: the title when none is given."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "Untitled")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
