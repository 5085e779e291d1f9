"""Server time of the reviewer's hot paths at 10,000 and 1,000,000 claims (SQLite).

    .venv/bin/python benchmarks/review.py [--sizes 10000 1000000] [--rounds 300]

For each size a fresh SQLite database is filled in bulk, then, through the real Flask app
(in-process, so the figures are server time without a network), it times:
  - "label + next": POST /queue/<id>/review, which stores the label, writes the event and
    answers with the next claim (leased) — the reviewer's one keystroke;
  - the claims table's first page and a deep page (keyset, thousands of rows in), each
    checked to be a full page, the deep one past the first;
  - baselines in the same run: the same label + next through the services alone, and the
    bare keyset query of each page, so the HTTP and rendering cost shows beside its floor.
Targets (issue 4): p95 < 30 ms for label + next, < 60 ms for a table page, at both sizes.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

from sqlalchemy import insert, text
from sqlmodel import Session

from app import create_app
from app.db import make_engine
from app.migrate import upgrade
from app.models import Claim, Document, utcnow
from app.services import queue, review, users
from app.services.claims import PAGE_SIZE, ClaimQuery, Cursor, list_claims

CLAIMS_PER_DOCUMENT = 100
PASSWORD = "benchmark-password-1"
CARD_ID = re.compile(r'id="claim-(\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ROW_ID = re.compile(r'name="selected" value="(\d+):')
DEEP_PAGE = 60


def fill(url: str, claims: int) -> None:
    """Bulk-insert `claims` claims over documents of 100 claims each."""
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(7)
    now = utcnow()
    documents = claims // CLAIMS_PER_DOCUMENT
    sentence = "The ministry said exports rose 4 percent in May to $3.2 billion."
    with engine.begin() as conn:
        conn.execute(insert(Document), [
            {"content_hash": f"{i:064x}", "title": f"Report {i}", "source": f"bench/{i}",
             "published": None, "text": sentence, "word_count": 12, "extractor": "bench/1",
             "created_at": now} for i in range(1, documents + 1)])
    batch = []
    for i in range(claims):
        batch.append({
            "uid": f"{i:032x}", "document_id": i // CLAIMS_PER_DOCUMENT + 1,
            "text": f"Exports rose {i % 97} percent in May", "span_text": sentence,
            "sentence": sentence, "start": 0, "end": len(sentence), "span_start": 0,
            "span_end": len(sentence), "attribution": "the ministry", "hedged": False,
            "dates": [], "entities": [], "score": round(rng.random(), 4),
            "time_sensitive": i % 10 == 0, "extractor": "bench/1", "status": "active",
            "verdict": None, "version": 1, "created_at": now, "updated_at": now})
        if len(batch) == 50_000:
            with engine.begin() as conn:
                conn.execute(insert(Claim), batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(Claim), batch)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (f"p50 {statistics.median(ordered):6.1f} ms  p95 {pick(0.95):6.1f} ms  "
            f"p99 {pick(0.99):6.1f} ms")


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    """Time the hot paths through the app's test client."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "b" * 40, "TESTING": False})
    with Session(app.extensions["claimdesk.engine"]) as session:
        users.create_user(session=session, username="bench", role="reviewer",
                          password=PASSWORD, actor=None)
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    html = client.get("/queue").get_data(as_text=True)
    token = CSRF.search(html).group(1)
    timings: dict[str, list[float]] = {
        "label + next": [], "baseline: label + next services": [], "table first page": [],
        "table deep page": [], "baseline: first page query": [],
        "baseline: deep page query": []}
    labels = ["supported", "disputed", "outdated", "not_a_claim"]
    for i in range(rounds):
        claim_id, version = CARD_ID.search(html).group(1), VERSION.search(html).group(1)
        start = time.perf_counter()
        response = client.post(f"/queue/{claim_id}/review",
                               data={"label": labels[i % 4], "version": version},
                               headers={"HX-Request": "true", "X-CSRFToken": token})
        timings["label + next"].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        html = response.get_data(as_text=True)
    for i in range(rounds // 3):  # baseline: the same work through the services, no HTTP
        with Session(app.extensions["claimdesk.engine"], expire_on_commit=False) as session:
            bench = users.find_user(session, "bench")
            start = time.perf_counter()
            claim = queue.next_claim_for(session=session, reviewer=bench)
            review.set_review(session=session, claim_id=claim.id, actor=bench,
                              label=labels[i % 4])
            queue.next_claim_for(session=session, reviewer=bench, after=claim.id)
            timings["baseline: label + next services"].append(
                (time.perf_counter() - start) * 1000)
    cursor = _deep_cursor(client, pages=DEEP_PAGE)
    first_ids = _row_ids(client.get("/claims", headers={"HX-Request": "true"}))
    engine = app.extensions["claimdesk.engine"]
    for _ in range(rounds // 3):
        start = time.perf_counter()
        page = client.get("/claims", headers={"HX-Request": "true"})
        timings["table first page"].append((time.perf_counter() - start) * 1000)
        assert page.status_code == 200 and _row_ids(page) == first_ids, "first page changed"
        start = time.perf_counter()
        deep = client.get(f"/claims?{cursor}", headers={"HX-Request": "true"})
        timings["table deep page"].append((time.perf_counter() - start) * 1000)
        deep_ids = _row_ids(deep)
        assert deep.status_code == 200, deep.status_code
        assert len(deep_ids) == PAGE_SIZE and not set(deep_ids) & set(first_ids), (
            "the deep page is not a full page past the first")
        for name, after in (("first page", None), ("deep page", _cursor_of(cursor))):
            with Session(engine) as session:  # baseline: the keyset query alone, no HTTP
                start = time.perf_counter()
                rows = list_claims(session, ClaimQuery(), after=after).rows
                timings[f"baseline: {name} query"].append((time.perf_counter() - start) * 1000)
            assert len(rows) == PAGE_SIZE
    engine.dispose()
    return timings


def _row_ids(response) -> list[str]:
    """The claim ids of a page of the table, in order."""
    return ROW_ID.findall(response.get_data(as_text=True))


def _cursor_of(query: str) -> Cursor:
    """The keyset cursor a page's query string carries."""
    params = parse_qs(query)
    return Cursor(int(params["after"][0]), float(params["after_score"][0]))


def _deep_cursor(client, pages: int) -> str:
    """The query string of the page `pages` pages in, found by following the cursors; a
    table with fewer pages is an error, never silently the first page."""
    query = ""
    for page in range(pages):
        html = client.get(f"/claims?{query}", headers={"HX-Request": "true"}).get_data(
            as_text=True)
        found = re.search(r'hx-get="/claims\?([^"]+)"', html)
        if not found:
            raise SystemExit(f"the table has only {page + 1} pages: no page {pages} to time")
        query = found.group(1).replace("&amp;", "&")
    assert "after=" in query, query
    return query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_version()}, SQLite")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            start = time.perf_counter()
            fill(url, size)
            print(f"\n{size:,} claims (filled in {time.perf_counter() - start:.1f} s)")
            for name, samples in measure(url, args.rounds).items():
                print(f"  {name:<32} n={len(samples):<4} {percentiles(samples)}")


if __name__ == "__main__":
    main()
