"""Ingest throughput beside raw spaCy on the same texts, in the same run.

    .venv/bin/python benchmarks/ingest.py ../shared/corpus/reuters21578.jsonl.gz [--docs 500]

Prints words/s for (1) raw `nlp.pipe` with the extractor's own pipeline — the floor no
extractor on spaCy can beat, (2) claim extraction alone, (3) full ingest into a fresh
database (extraction + storage + events), and each as a share of the raw figure.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.nlp import load_extractor
from app.services.ingest import ingest
from app.services.sources import jsonl_document


def load_corpus(path: Path, limit: int) -> list[bytes]:
    """The first `limit` non-empty JSONL lines of the corpus."""
    lines = []
    with gzip.open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def timed(label: str, words: int, run) -> float:
    """Run once, print words/s, return the seconds it took."""
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.2f} s  {words / seconds:10,.0f} words/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--model", default=None)
    parser.add_argument("--processes", type=int, default=1,
                        help="also time ingest with this many parsing processes")
    parser.add_argument("--database-url", default=None,
                        help="an empty database to ingest into (default: a new SQLite file)")
    args = parser.parse_args()

    documents = [jsonl_document(line, origin=f"corpus:{i}")
                 for i, line in enumerate(load_corpus(args.corpus, args.docs), start=1)]
    texts = [doc.text for doc in documents]
    words = sum(len(text.split()) for text in texts)
    extractor = load_extractor(args.model)
    nlp = extractor.nlp
    list(nlp.pipe(texts[:5]))  # warm up
    print(f"{len(texts)} documents, {words:,} words; model {nlp.meta['name']} "
          f"{nlp.meta['version']}, pipes {nlp.pipe_names}")
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}")

    raw = timed("raw spaCy nlp.pipe (baseline)", words, lambda: list(nlp.pipe(texts)))
    sources = [doc.source_text() for doc in documents]
    claims: list[int] = []
    extract = timed("extract (no database)", words, lambda: claims.extend(
        len(found) for found in extractor.extract_many(sources)))

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        upgrade(engine)
        with Session(engine, expire_on_commit=False) as session:
            store = timed("ingest (extract + store)", words, lambda: ingest(
                session=session, items=documents, extractor=extractor, actor=None))
        engine.dispose()
        if args.processes > 1:
            engine = make_engine(f"sqlite:///{tmp}/bench-{args.processes}.db")
            upgrade(engine)
            with Session(engine, expire_on_commit=False) as session:
                timed(f"ingest, {args.processes} processes", words, lambda: ingest(
                    session=session, items=documents, extractor=extractor, actor=None,
                    processes=args.processes))
            engine.dispose()

    print(f"claims: {sum(claims):,} ({sum(claims) / len(texts):.1f} per document)")
    print(f"extract / raw spaCy: {raw / extract:.0%} of raw speed; "
          f"ingest / raw spaCy: {raw / store:.0%} of raw speed")


if __name__ == "__main__":
    main()
