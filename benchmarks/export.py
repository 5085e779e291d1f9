"""Export and import throughput on a large SQLite database, beside a plain SELECT.

    .venv/bin/python benchmarks/export.py [--claims 1000000]

Fills a fresh database in bulk (claims with one review each), then runs each phase in its
own process so that its peak memory is its own:
  floor   a plain `SELECT * FROM claim` joined to its review, streamed to /dev/null
  export  `claimdesk export --format jsonl` to a file (schema claimdesk.claim/1)
  import  that file into an empty database (validation pass + import pass)
and prints rows/s and peak RSS for each. Targets (issue 6): export ≥ 50,000 rows/s and
< 250 MB RSS; import ≥ 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def fill(url: str, claims: int) -> None:
    """Claims (see review.py) plus one review of each by one reviewer."""
    from review import fill as fill_claims

    from app.db import make_engine
    from app.models import Review, User, utcnow

    fill_claims(url, claims)
    engine = make_engine(url)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(insert(User), [{"username": "bench", "role": "reviewer",
                                     "password_hash": None, "is_active": True,
                                     "session_epoch": 0, "created_at": now}])
        conn.execute(text("UPDATE claim SET verdict = 'supported'"))
    for start in range(1, claims + 1, 50_000):
        with engine.begin() as conn:
            conn.execute(insert(Review), [
                {"claim_id": i, "reviewer_id": 1, "label": "supported", "note": f"checked {i}",
                 "evidence": ["https://example.test/source"], "outdated_since": None,
                 "version": 1, "created_at": now, "updated_at": now}
                for i in range(start, min(start + 50_000, claims + 1))])
    engine.dispose()


def phase(name: str, url: str, path: Path) -> dict:
    """Run one phase here (in a child process) and report rows and seconds."""
    from sqlmodel import Session

    from app.db import make_engine
    from app.migrate import upgrade
    from app.services.export import export_lines
    from app.services.importing import import_file

    engine = make_engine(url)
    start = time.perf_counter()
    rows = 0
    if name == "floor":
        with engine.connect() as conn, open(os.devnull, "w") as sink:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(text(
                "SELECT c.*, r.label, r.note, r.evidence FROM claim c "
                "LEFT JOIN review r ON r.claim_id = c.id ORDER BY c.id"))
            for row in result:
                sink.write(repr(tuple(row)))
                rows += 1
    elif name == "export":
        with Session(engine) as session, path.open("w", encoding="utf-8") as handle:
            for line in export_lines(session, "jsonl"):
                handle.write(line)
                rows += 1
    else:
        upgrade(engine)
        with Session(engine) as session:
            report = import_file(session=session, path=path)
        rows = report.claims_added
        assert report.ok, report.errors[:3]
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["floor", "export", "import"])
    parser.add_argument("--url")
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.phase:  # child process
        print(json.dumps(phase(args.phase, args.url, args.file)))
        return
    print(f"machine: {platform.machine()}, python {platform.python_version()}, SQLite")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = f"sqlite:///{tmp}/source.db", f"sqlite:///{tmp}/target.db"
        export_file = Path(tmp) / "export.jsonl"
        start = time.perf_counter()
        fill(source, args.claims)
        print(f"{args.claims:,} claims with reviews filled in {time.perf_counter() - start:.0f} s")
        for name, url in (("floor", source), ("export", source), ("import", target)):
            out = subprocess.run([sys.executable, __file__, "--phase", name, "--url", url,
                                  "--file", str(export_file)], capture_output=True, text=True,
                                 check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{name:<7} {result['rows']:>10,} rows  {result['seconds']:7.1f} s  "
                  f"{result['rows'] / result['seconds']:>9,.0f} rows/s  "
                  f"peak RSS {result['peak_mb']:6.0f} MB")
        print(f"export file: {export_file.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
