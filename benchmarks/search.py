"""Search on the claims table and matching at ingest, at 10,000 and 1,000,000 claims.

    .venv/bin/python benchmarks/search.py [--sizes 10000 1000000] [--queries 200]
                                          [--database sqlite|postgresql|both] [--documents 20]
                                          [--keep | --url URL] [--like 30]

Each size gets a fresh database filled in bulk with claims made of the Reuters-21578
sentences (../shared/corpus; real words in their real frequencies: a claim is a sentence cut
to 30 words, its document titled with a Reuters headline, 2 % of claims with a review note),
full-text indexes built as the migrations build them. Then it times:
  - search: the first page (50 rows, best first, notes attached) of `list_claims` for
    searches of 1–3 words picked from random claims (words of 4+ letters, not common
    ones); the same through the Flask view (HTML rows, hits marked);
  - baseline in the same run: what the table did before (`text LIKE %word%`, first page by
    score) for the same searches, and the most common words' search (the worst case);
  - matching at ingest: `matches.match_claims` for the 20 claims of a new document (the
    work ingest adds per document), over `--documents` documents.
Targets (issue 16): search p95 < 50 ms at 1 M claims; matching per document flat in size.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from app import create_app
from app.db import make_engine
from app.matching.text import STOP_WORDS
from app.migrate import upgrade
from app.models import Claim, ClaimStatus, Document, Review, utcnow
from app.services import matches, users
from app.services.claims import ClaimQuery, list_claims
from app.services.ingest import store_document
from app.services.search import parse
from app.services.sources import IncomingDocument

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
CLAIMS_PER_DOCUMENT = 20
NOTE_SHARE = 50  # one claim in 50 has a note
BATCH = 20_000
PASSWORD = "benchmark-password-1"
LIKE_QUERIES = 30
BROAD = 10_000  # claims found: the figures are also split at this many
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z]{4,}")
PG_INDEXES = {  # the migrations' GIN indexes, dropped for the bulk fill and built after
    "ix_fts_claim": "claim USING gin (fts_vector, (ARRAY[id >> 12]))",  # 0016: id buckets
    "ix_fts_claim_word_bucket": "claim USING gin (claim_word_buckets(fts_vector, id))",  # 0017
    "ix_fts_document": "document USING gin (fts_vector)",
    "ix_fts_review": "review USING gin (fts_vector)",
}


def corpus() -> tuple[list[str], list[str]]:
    """(sentences of 6–60 words, headlines) of the Reuters corpus, in file order."""
    sentences, titles = [], []
    with gzip.open(CORPUS, "rt") as lines:
        for line in lines:
            story = json.loads(line)
            titles.append(story.get("title") or "Untitled")
            for part in _SENTENCE.split(story["text"].replace("\n", " ")):
                if 6 <= len(part.split()) <= 60:
                    sentences.append(part.strip())
    return sentences, titles


def fill(url: str, claims: int, sentences: list[str], titles: list[str]) -> None:
    """Bulk-insert `claims` claims (20 a document), a note on one in 50, indexes built."""
    engine = make_engine(url)
    upgrade(engine)
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        with engine.begin() as conn:
            for name in PG_INDEXES:
                conn.execute(text(f"DROP INDEX {name}"))
    rng, now = random.Random(16), utcnow()
    documents = claims // CLAIMS_PER_DOCUMENT
    with Session(engine) as session:
        bench_id = users.create_user(session=session, username="bench", role="editor",
                                     password=PASSWORD, actor=None).id
    with engine.begin() as conn:
        conn.execute(insert(Document), [
            {"content_hash": f"{i:064x}", "title": titles[i % len(titles)], "source": f"b/{i}",
             "published": None, "text": "-", "word_count": 1, "extractor": "bench/1",
             "created_at": now} for i in range(1, documents + 1)])
    for first in range(0, claims, BATCH):
        rows, notes = [], []
        for i in range(first, min(claims, first + BATCH)):
            sentence = sentence_of(i, sentences)
            claim = " ".join(sentence.split()[:30])
            rows.append({
                "id": i + 1, "uid": f"{i:032x}", "document_id": i // CLAIMS_PER_DOCUMENT + 1,
                "text": claim, "span_text": claim, "sentence": sentence, "start": 0,
                "end": len(sentence), "span_start": 0, "span_end": len(claim),
                "attribution": None, "hedged": False, "dates": [], "entities": [],
                "score": round(rng.random(), 4), "time_sensitive": False,
                "extractor": "bench/1", "status": ClaimStatus.ACTIVE.value, "verdict": None,
                "version": 1, "created_at": now, "updated_at": now})
            if i % NOTE_SHARE == 0:
                notes.append({"claim_id": i + 1, "reviewer_id": bench_id, "label": "disputed",
                              "note": sentences[rng.randrange(len(sentences))], "evidence": [],
                              "version": 1, "created_at": now, "updated_at": now})
        with engine.begin() as conn:
            conn.execute(insert(Claim), rows)
            conn.execute(insert(Review), notes)
    with engine.begin() as conn:
        if postgres:
            conn.execute(text("SELECT setval('claim_id_seq', (SELECT max(id) FROM claim))"))
            for name, target in PG_INDEXES.items():
                conn.execute(text(f"CREATE INDEX {name} ON {target}"))
        conn.execute(text("ANALYZE"))
    engine.dispose()


def sentence_of(claim: int, sentences: list[str]) -> str:
    """The sentence claim number `claim` is made of (the same at every size)."""
    return sentences[(claim * 7919) % len(sentences)]


def searches(sentences: list[str], count: int, among: int) -> list[str]:
    """1–3 uncommon-enough words of random claims of the first `among`, as a reader would
    type them (so that every size holds what is searched)."""
    rng = random.Random(4)
    found = []
    while len(found) < count:
        words = [w for w in _WORD.findall(sentence_of(rng.randrange(among), sentences))
                 if w.lower() not in STOP_WORDS]
        if words:
            start = rng.randrange(len(words))
            found.append(" ".join(words[start:start + rng.choice((1, 1, 2, 2, 3))]))
    return found


def common_words(sentences: list[str], count: int) -> list[str]:
    """The most frequent words of 4+ letters: the searches that hit the most claims."""
    counts = Counter(w.lower() for s in sentences for w in _WORD.findall(s)
                     if w.lower() not in STOP_WORDS)
    return [word for word, _ in counts.most_common(count)]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (f"p50 {statistics.median(ordered):7.1f} ms  p95 {pick(0.95):7.1f} ms  "
            f"max {ordered[-1]:7.1f} ms  (n={len(ordered)})")


def like_page(session: Session, word: str) -> list:
    """The table's search before issue 16: a substring scan, first page by score."""
    statement = (select(Claim.id).where(Claim.status == ClaimStatus.ACTIVE.value,
                                        Claim.text.ilike(f"%{word}%"))
                 .order_by(Claim.score.desc(), Claim.id.desc()).limit(51))
    return list(session.execute(statement))


def hit_count(session: Session, query: str) -> int:
    """How many claims hold a search's words (all of them, not only those it ranks)."""
    search = parse(query)
    if session.get_bind().dialect.name == "sqlite":
        sql, bound = "SELECT count(*) FROM fts_claim WHERE fts_claim MATCH :q", search.fts5_query()
    else:
        sql, bound = ("SELECT count(*) FROM claim WHERE fts_vector @@ to_tsquery('english', :q)",
                      search.tsquery())
    return session.execute(text(sql), {"q": bound}).scalar_one()


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - start) * 1000, result


def measure_search(url: str, queries: list[str], common: list[str],
                   like: int = LIKE_QUERIES) -> None:
    """Print the search timings (service, view, baselines) on a filled database; the LIKE
    baseline over the first `like` searches (a scan of every claim: seconds each at 1 M)."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "b" * 40, "TESTING": False})
    engine = app.extensions["claimdesk.engine"]
    results = {"search: list_claims first page": [], "search: GET /claims?q= (htmx rows)": [],
               "baseline: LIKE %words% first page": [],
               "worst case: the 10 most common words": []}
    hits = []
    with Session(engine) as session:
        for query in queries[:5]:  # warm the caches as a running server would be
            list_claims(session, ClaimQuery(search=query))
        for n, query in enumerate(queries):
            ms, page = timed(list_claims, session, ClaimQuery(search=query))
            results["search: list_claims first page"].append(ms)
            hits.append(len(page.rows))
            if n < like:  # a scan of every claim: a sample tells its cost
                ms, _ = timed(like_page, session, query)
                results["baseline: LIKE %words% first page"].append(ms)
        for word in common:
            ms, _ = timed(list_claims, session, ClaimQuery(search=word))
            results["worst case: the 10 most common words"].append(ms)
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    for query in queries:
        start = time.perf_counter()
        response = client.get("/claims", query_string={"q": query},
                              headers={"HX-Request": "true"})
        results["search: GET /claims?q= (htmx rows)"].append(
            (time.perf_counter() - start) * 1000)
        if response.status_code != 200 or "<tr" not in response.get_data(as_text=True):
            raise SystemExit(f"/claims?q={query!r} answered {response.status_code}")
    with Session(engine) as session:
        found = [hit_count(session, query) for query in queries]
    empty = sum(1 for n in hits if n == 0)
    if empty > len(queries) // 10:
        raise SystemExit(f"{empty} of {len(queries)} searches found nothing: not what a reader "
                         "searches, so not worth timing")
    print(f"  {len(queries)} searches, {empty} with no hit, claims found: median "
          f"{statistics.median(found):,.0f}, p95 {sorted(found)[int(0.95 * len(found))]:,}, "
          f"max {max(found):,}; common words: {', '.join(common)}")
    for name, samples in results.items():
        if samples:
            print(f"  {name:40s} {percentiles(samples)}")
    service = results["search: list_claims first page"]
    for name, keep in ((f"  ... searches finding <= {BROAD:,} claims", lambda n: n <= BROAD),
                       (f"  ... searches finding > {BROAD:,} claims", lambda n: n > BROAD)):
        picked = [ms for ms, n in zip(service, found, strict=True) if keep(n)]
        if picked:
            print(f"  {name:40s} {percentiles(picked)}")


def measure_matching(url: str, sentences: list[str], titles: list[str], documents: int) -> None:
    """Time match_claims over the claims of new documents, as ingest runs it."""
    engine = make_engine(url)
    samples = []
    with Session(engine, expire_on_commit=False) as session:
        size = session.execute(select(func.count()).select_from(Claim)).scalar_one()
        rng = random.Random(23 + size)  # a reused database already holds an earlier run's
        for n in range(documents):
            picked = [sentences[rng.randrange(len(sentences))]
                      for _ in range(CLAIMS_PER_DOCUMENT)]
            body = " ".join(picked)
            document = store_document(
                session=session, incoming=IncomingDocument(
                    text=body, title=titles[n], source=f"bench/new/{n}", published=None,
                    origin="bench"),
                claims=_claims_of(body, picked), extractor="bench/1", actor=None)
            session.commit()
            ids = [row[0] for row in session.execute(
                select(Claim.id).where(Claim.document_id == document.id))]
            start = time.perf_counter()
            matches.match_claims(session=session, claim_ids=ids)
            samples.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    print(f"  matching at ingest, per document of {CLAIMS_PER_DOCUMENT} claims "
          f"(database of {size:,}): {percentiles(samples)}")


def _claims_of(body: str, picked: list[str]) -> list:
    from app.nlp.types import CandidateClaim

    found, cursor = [], 0
    for sentence in picked:
        start = body.index(sentence, cursor)
        end = start + len(sentence)
        cursor = end
        found.append(CandidateClaim(text=sentence, sentence=sentence, start=start, end=end,
                                    span_start=start, span_end=end, span_text=sentence,
                                    score=0.5))
    return found


def run(url: str, size: int, args, sentences, titles, queries, common) -> None:
    start = time.perf_counter()
    if args.url:
        reuse(url)
        print(f" reused, brought to the migrations' head in {time.perf_counter() - start:.0f} s")
    else:
        fill(url, size, sentences, titles)
        print(f" {size:,} claims filled and indexed in {time.perf_counter() - start:.0f} s",
              flush=True)
    measure_search(url, queries, common, args.like)
    if args.documents:
        measure_matching(url, sentences, titles, args.documents)


def reuse(url: str) -> None:
    """Bring a database an earlier run filled (--keep) to the migrations' head, analysed."""
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def on_postgresql(sizes: list[int], args, *data) -> None:
    sys.path.insert(0, str(ROOT))  # tests/pg.py starts a throwaway cluster
    from tests.pg import find_pg_bin, start_cluster

    bin_dir = find_pg_bin()
    if bin_dir is None:
        print("PostgreSQL not found: skipped")
        return
    cluster = start_cluster(bin_dir)
    try:
        for size in sizes:
            with cluster.connect() as conn:
                conn.execute(f"CREATE DATABASE search_{size}")
            print(f"PostgreSQL, {size:,} claims", flush=True)
            run(cluster.url(f"search_{size}"), size, args, *data)
    finally:
        if args.keep:
            print(f"kept: {cluster.url('search_SIZE')} (pg_ctl -D {cluster.data_dir} stop)")
        else:
            cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--documents", type=int, default=20, help="0: no matching timed")
    parser.add_argument("--keep", action="store_true",
                        help="leave the PostgreSQL cluster running, its databases filled")
    parser.add_argument("--like", type=int, default=LIKE_QUERIES,
                        help="searches timed as the LIKE baseline too (0: none)")
    parser.add_argument("--url", help="measure this database, filled with the largest of --sizes "
                        "by an earlier --keep run, instead of filling a new one")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    sentences, titles = corpus()
    data = (sentences, titles, searches(sentences, args.queries, min(args.sizes)),
            common_words(sentences, 10))
    print(f"corpus: {len(sentences):,} sentences, {len(titles):,} headlines", flush=True)
    if args.url:
        print(f"{make_engine(args.url).dialect.name}, {max(args.sizes):,} claims (reused)")
        run(args.url, max(args.sizes), args, *data)
        return
    if args.database in ("sqlite", "both"):
        for size in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                print(f"SQLite, {size:,} claims", flush=True)
                run(f"sqlite:///{tmp}/search.db", size, args, *data)
    if args.database in ("postgresql", "both"):
        on_postgresql(args.sizes, args, *data)


if __name__ == "__main__":
    main()
