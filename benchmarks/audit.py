"""The audit log at size: how fast the sequencer integrates, a proof is made and checked, and
the whole log verified, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/audit.py [--events 100000]

N events are appended as one import appends them (`record_many`, queued for the tree), then
integrated by the sequencer's own function, signed, proven (one claim's events) and
verified. The baseline is the hashing alone: computing the same N leaf hashes and the
root in memory, in the same run. The script fails if the log does not verify or the proof
does not check.
PostgreSQL is a throwaway cluster started with initdb/pg_ctl (tests/pg.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import begin_write, make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import Claim, Event  # noqa: E402
from app.services import audit_tree, checkpoints, merkle, signing  # noqa: E402
from app.services.audit_verify import verify  # noqa: E402
from app.services.events import ReviewSet, entry, record_many  # noqa: E402
from app.services.proof_check import check_proof  # noqa: E402
from app.services.proofs import prove_claim  # noqa: E402
from tests.factories import add_document  # noqa: E402
from tests.pg import find_pg_bin, start_cluster  # noqa: E402


def measure(url: str, events: int, folder: Path) -> dict[str, float]:
    """Seconds for each step over `events` events at `url`."""
    engine = make_engine(url)
    upgrade(engine)
    log = checkpoints.LogSettings(folder / "key", folder / "checkpoints.log", "bench/audit")
    signing.create_key(log.key_path)
    figures: dict[str, float] = {}
    with Session(engine, expire_on_commit=False) as session:
        _, claims = add_document(session)
        begin_write(session)
        record_many(session, (ReviewSet(actor=None, claim_id=claims[n % 3].id,
                                        after={"label": "supported", "n": n})
                              for n in range(events)))
        session.commit()
        started = time.perf_counter()
        integrated = audit_tree.integrate_all(session)
        figures["integrate"] = time.perf_counter() - started
        checkpoints.write_checkpoint(session, log)
        claim = session.exec(select(Claim).where(Claim.id == claims[0].id)).one()
        started = time.perf_counter()
        own = session.exec(select(Event).where(Event.claim_id == claim.id)
                           .order_by(Event.id.desc()).limit(1)).all()
        proof = prove_claim(session, claim, events=own)
        figures["prove one event"] = time.perf_counter() - started
        started = time.perf_counter()
        check_proof(proof, log.public_key())
        figures["check proof"] = time.perf_counter() - started
        started = time.perf_counter()
        report = verify(session, log, log.public_key())
        figures["verify"] = time.perf_counter() - started
        rows = session.exec(select(Event).order_by(Event.id)).all()
        started = time.perf_counter()
        merkle.root([merkle.leaf_hash(entry(row)) for row in rows])
        figures["baseline: hash in memory"] = time.perf_counter() - started
    engine.dispose()
    if not report.ok or integrated < events:
        raise SystemExit(f"log not intact after integration: {report.problems[:1]}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    bin_dir = find_pg_bin()
    cluster = start_cluster(bin_dir) if bin_dir else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls = [("sqlite", f"sqlite:///{Path(tmp) / 'a.db'}")]
            if cluster:
                with cluster.connect() as conn:
                    conn.execute("CREATE DATABASE bench_audit")
                urls.append(("postgresql", cluster.url("bench_audit")))
            for name, url in urls:
                folder = Path(tmp) / name
                folder.mkdir()
                figures = measure(url, args.events, folder)
                for step, seconds in figures.items():
                    rate = (f"  ({args.events / seconds:,.0f} events/s)"
                            if step in ("integrate", "verify", "baseline: hash in memory")
                            else "")
                    print(f"{name:<11} {args.events:>8,} events  {step:<25} "
                          f"{seconds * 1000:>10.1f} ms{rate}")
    finally:
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
